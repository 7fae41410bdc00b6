// csp::kafka::Manager (see csp/adapters/kafka/manager.h).
#include "csp/adapters/kafka/manager.h"

#include "csp/engine/push_adapter.h"

namespace csp::kafka {
namespace {

constexpr size_t kPollBatch = 2000;
constexpr int kPollMs = 100;

DateTime message_time(const Message& m, DateTime fallback) {
    return m.timestamp_ms >= 0 ? DateTime::from_nanos(m.timestamp_ms * 1'000'000) : fallback;
}

class StatusAdapter final : public PushInputAdapter<StatusEvent> {
public:
    using PushInputAdapter<StatusEvent>::PushInputAdapter;
};

}  // namespace

Manager::Manager(ManagerOptions options) : AdapterManager("kafka:" + options.brokers), options_(std::move(options)) {}

Manager::~Manager() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
}

Edge<StatusEvent> Manager::status() {
    auto& adapter = engine().add_input_adapter<StatusAdapter>("kafka_status", PushMode::NON_COLLAPSING);
    status_adapters_.push_back(&adapter);
    return adapter.edge();
}

void Manager::start(DateTime start, DateTime end) {
    start_ = start;
    if (routes_.empty()) return;
    ClientConfig config{options_.brokers, options_.options, options_.timeout_ms};
    consumer_ = std::make_unique<Consumer>(config, options_.group_id);
    std::vector<std::string> topics;
    for (const auto& [topic, _] : routes_) topics.push_back(topic);
    if (!options_.group_id.empty()) {
        consumer_->subscribe(topics);
    } else {
        for (const auto& range : consumer_->assign(topics, options_.start))
            if (range.start_offset >= 0 && range.start_offset < range.end_offset)
                history_[{range.topic, range.partition}] = range.end_offset;
    }
    if (history_.empty()) replay_complete();
    thread_ = std::thread([this] { consume(); });
}

void Manager::stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    if (consumer_) consumer_->close();
    if (producer_) {
        producer_->flush(options_.timeout_ms);
        for (const auto& failure : producer_->take_errors())
            report(StatusCode::MSG_DELIVERY_FAILED, "delivery failed: " + failure);
    }
}

void Manager::prepare(const std::string& topic) {
    if (!producer_) producer_ = std::make_unique<Producer>(ClientConfig{options_.brokers, options_.options, options_.timeout_ms});
    producer_->prepare(topic);
}

void Manager::send(const std::string& topic, const std::string& key, const std::string& payload) {
    if (!producer_) producer_ = std::make_unique<Producer>(ClientConfig{options_.brokers, options_.options, options_.timeout_ms});
    try {
        producer_->produce(topic, key.empty() ? std::nullopt : std::optional(key), payload);
    } catch (const KafkaError& error) {
        report(StatusCode::MSG_SEND_ERROR, error.what());
    }
    for (const auto& failure : producer_->take_errors()) report(StatusCode::MSG_DELIVERY_FAILED, "delivery failed: " + failure);
}

void Manager::consume() {
    while (!stopping_) {
        for (Message& message : consumer_->poll(kPollBatch, kPollMs)) on_message(message);
    }
}

void Manager::on_message(Message& message) {
    if (!message.error.empty()) {
        report(StatusCode::MSG_RECV_ERROR, "topic " + message.topic + " partition " + std::to_string(message.partition) +
                                               ": " + message.error);
        return;
    }
    auto replaying = history_.find({message.topic, message.partition});
    if (replaying == history_.end()) {
        if (history_.empty()) deliver(message, true);
        else held_live_.push_back(std::move(message));  // after the replay of the other partitions
        return;
    }
    int64_t end = replaying->second;
    deliver(message, false);
    if (message.offset + 1 >= end) {
        history_.erase(replaying);
        if (history_.empty()) replay_complete();
    }
}

void Manager::deliver(const Message& message, bool live) {
    auto routes = routes_.find(message.topic);
    if (routes == routes_.end()) return;
    DateTime time = std::max(message_time(message, start_), start_);
    for (const Route& route : routes->second) {
        bool every_key = route.key.empty();
        if (!every_key && (!message.key || *message.key != route.key)) continue;
        route.deliver(message, live || every_key, time);
    }
}

void Manager::replay_complete() {
    for (auto& [topic, routes] : routes_)
        for (const Route& route : routes) route.complete();
    std::vector<Message> held;
    held.swap(held_live_);
    for (const Message& message : held) deliver(message, true);
}

void Manager::report(StatusCode code, const std::string& msg) {
    for (auto* adapter : status_adapters_) adapter->push_tick(StatusEvent{3, code, msg});
}

}  // namespace csp::kafka
