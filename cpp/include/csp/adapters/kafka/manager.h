// csp::kafka::Manager: Kafka topics as graph edges, in C++.
//
//     auto& kafka = csp::kafka::Manager::create({.brokers = "127.0.0.1:9092",
//                                                .start = csp::kafka::StartOffset::earliest()});
//     csp::Edge<Trade> trades = kafka.subscribe<Trade>("trades", "AAPL", decode_trade);  // key "" : every key
//     kafka.publish<Trade>(trades, "copies", "AAPL", encode_trade);
//     csp::Edge<csp::kafka::StatusEvent> status = kafka.status();
//
// A decoder turns a message's payload into a value (std::nullopt or an
// exception: the message is skipped and a StatusEvent names topic, partition,
// offset and the reason); an encoder turns a value into a payload. Strings
// need neither (subscribe<std::string> / publish<std::string> send payloads
// unchanged).
//
// Messages already in the topic at the start are replayed at their Kafka
// timestamps (at the start time if earlier), in time order with the rest of
// the graph; messages arriving later tick live, with no gap or duplicate.
// Subscriptions to every key (key "") tick every message live. With a
// group_id the manager joins that consumer group and every message is live.
// At the end of the run the producer waits until the broker acknowledged
// every message (acks=all, idempotent), up to the config's timeout.
//
// Thread-safety: building and the graph's callbacks run on the engine thread;
// one consumer thread per manager delivers messages.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "csp/adapters/kafka/client.h"
#include "csp/engine/engine.h"
#include "csp/engine/output_adapter.h"
#include "csp/engine/push_pull_adapter.h"

namespace csp::kafka {

struct ManagerOptions {
    std::string brokers;
    StartOffset start = StartOffset::latest();
    std::string group_id;                         // empty: no group (partitions assigned from `start`)
    std::map<std::string, std::string> options;   // librdkafka settings for both clients
    int timeout_ms = 10'000;                      // reaching the broker at start, the final flush
};

// StatusEvent::code values (the Python KafkaStatusMessageType).
enum class StatusCode { OK = 0, MSG_DELIVERY_FAILED = 1, MSG_SEND_ERROR = 2, MSG_RECV_ERROR = 3, GENERIC_ERROR = 4 };

struct StatusEvent {
    int level = 3;  // csp.adapters.status.Level: 3 is ERROR
    StatusCode code = StatusCode::OK;
    std::string msg;
};

class Manager : public AdapterManager {
public:
    // Adds a manager to the graph being built.
    static Manager& create(ManagerOptions options) {
        return Engine::current()->add_adapter_manager<Manager>(std::move(options));
    }
    explicit Manager(ManagerOptions options);
    ~Manager() override;

    template <class T>
    Edge<T> subscribe(const std::string& topic, const std::string& key,
                      std::function<std::optional<T>(const std::string&)> decode,
                      PushMode mode = PushMode::NON_COLLAPSING);
    Edge<std::string> subscribe(const std::string& topic, const std::string& key,
                                PushMode mode = PushMode::NON_COLLAPSING) {
        return subscribe<std::string>(topic, key, [](const std::string& p) { return std::optional(p); }, mode);
    }

    template <class T>
    void publish(Edge<T> x, const std::string& topic, const std::string& key,
                 std::function<std::string(const T&)> encode);
    void publish(Edge<std::string> x, const std::string& topic, const std::string& key) {
        publish<std::string>(x, topic, key, [](const std::string& s) { return s; });
    }

    Edge<StatusEvent> status();

    void start(DateTime start, DateTime end) override;
    void stop() override;

    // Engine thread (output adapters): looks a topic up before the first message (Producer::prepare).
    void prepare(const std::string& topic);
    // Engine thread (output adapters): queues a message.
    void send(const std::string& topic, const std::string& key, const std::string& payload);

private:
    struct Route {
        std::string key;                                                   // "" : every key
        std::function<void(const Message&, bool live, DateTime time)> deliver;
        std::function<void()> complete;                                    // the replay is over
    };

    void consume();
    void on_message(Message& message);
    void deliver(const Message& message, bool live);
    void replay_complete();
    void report(StatusCode code, const std::string& msg);

    ManagerOptions options_;
    std::map<std::string, std::vector<Route>> routes_;  // by topic; complete before start()
    std::vector<PushInputAdapter<StatusEvent>*> status_adapters_;
    std::unique_ptr<Consumer> consumer_;
    std::unique_ptr<Producer> producer_;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::map<std::pair<std::string, int32_t>, int64_t> history_;  // replaying partitions -> end offset
    std::vector<Message> held_live_;                              // live messages that came during the replay
    DateTime start_;
};

namespace detail {

template <class T>
class KafkaInput final : public PushPullInputAdapter<T> {
public:
    using PushPullInputAdapter<T>::PushPullInputAdapter;
};

template <class T>
class KafkaOutput final : public OutputAdapter<T> {
public:
    KafkaOutput(Edge<T> x, Manager& manager, std::string topic, std::string key,
                std::function<std::string(const T&)> encode)
        : OutputAdapter<T>("kafka_publish:" + topic, x), manager_(&manager), topic_(std::move(topic)),
          key_(std::move(key)), encode_(std::move(encode)) {}
    void start() override { manager_->prepare(topic_); }
    void on_tick(const T& value) override { manager_->send(topic_, key_, encode_(value)); }

private:
    Manager* manager_;
    std::string topic_, key_;
    std::function<std::string(const T&)> encode_;
};

}  // namespace detail

template <class T>
Edge<T> Manager::subscribe(const std::string& topic, const std::string& key,
                           std::function<std::optional<T>(const std::string&)> decode, PushMode mode) {
    auto& adapter = engine().add_input_adapter<detail::KafkaInput<T>>("kafka:" + topic + ":" + key, mode);
    auto* target = &adapter;
    auto last_time = std::make_shared<std::optional<DateTime>>();
    Route route;
    route.key = key;
    route.deliver = [this, target, decode = std::move(decode), last_time](const Message& m, bool live, DateTime time) {
        std::optional<T> value;
        try {
            value = decode(m.payload);
        } catch (const std::exception& error) {
            report(StatusCode::MSG_RECV_ERROR, "topic " + m.topic + " partition " + std::to_string(m.partition) +
                                                   " offset " + std::to_string(m.offset) + ": message skipped: " + error.what());
            return;
        }
        if (!value) {
            report(StatusCode::MSG_RECV_ERROR, "topic " + m.topic + " partition " + std::to_string(m.partition) +
                                                   " offset " + std::to_string(m.offset) + ": message skipped");
            return;
        }
        if (!live && *last_time && time < **last_time) time = **last_time;  // replay keeps time order
        if (!live) *last_time = time;
        target->push_tick(live, time, std::move(*value));
    };
    route.complete = [target] { target->flag_replay_complete(); };
    routes_[topic].push_back(std::move(route));
    return adapter.edge();
}

template <class T>
void Manager::publish(Edge<T> x, const std::string& topic, const std::string& key,
                      std::function<std::string(const T&)> encode) {
    engine().template add_node<detail::KafkaOutput<T>>(x, *this, topic, key, std::move(encode));
}

}  // namespace csp::kafka
