// Kafka clients on librdkafka's C API (see csp/adapters/kafka/client.h).
#include "csp/adapters/kafka/client.h"

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <thread>

namespace csp::kafka {
namespace {

using ConfPtr = std::unique_ptr<rd_kafka_conf_t, decltype(&rd_kafka_conf_destroy)>;
using PartitionsPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, decltype(&rd_kafka_topic_partition_list_destroy)>;

void set_option(rd_kafka_conf_t* conf, const std::string& name, const std::string& value) {
    char error[512];
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK)
        throw KafkaError("Kafka option " + name + "=" + value + ": " + error);
}

ConfPtr make_conf(const ClientConfig& config, const std::map<std::string, std::string>& defaults) {
    if (config.brokers.empty()) throw KafkaError("Kafka: no broker given");
    ConfPtr conf(rd_kafka_conf_new(), &rd_kafka_conf_destroy);
    set_option(conf.get(), "bootstrap.servers", config.brokers);
    for (const auto& [name, value] : defaults) set_option(conf.get(), name, value);
    for (const auto& [name, value] : config.options) set_option(conf.get(), name, value);
    return conf;
}

rd_kafka_t* make_client(rd_kafka_type_t type, ConfPtr conf) {
    char error[512];
    rd_kafka_t* client = rd_kafka_new(type, conf.get(), error, sizeof error);
    if (client == nullptr) throw KafkaError(std::string("Kafka: cannot create client: ") + error);
    conf.release();  // owned by the client now
    return client;
}

PartitionsPtr new_partitions(int size) {
    return PartitionsPtr(rd_kafka_topic_partition_list_new(size), &rd_kafka_topic_partition_list_destroy);
}

std::string error_text(rd_kafka_resp_err_t err) { return rd_kafka_err2str(err); }

// The partitions of `topic`, waiting (bounded) for the broker to answer and the topic to exist.
std::vector<int32_t> topic_partitions(rd_kafka_t* client, const std::string& brokers, const std::string& topic,
                                      int timeout_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::string last_error;
    rd_kafka_topic_t* handle = rd_kafka_topic_new(client, topic.c_str(), nullptr);
    std::unique_ptr<rd_kafka_topic_t, decltype(&rd_kafka_topic_destroy)> owned(handle, &rd_kafka_topic_destroy);
    while (std::chrono::steady_clock::now() < deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        const rd_kafka_metadata_t* metadata = nullptr;
        rd_kafka_resp_err_t err =
            rd_kafka_metadata(client, 0, handle, &metadata, std::max<int>(1, std::min<int>(left.count(), 2000)));
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            std::vector<int32_t> partitions;
            rd_kafka_resp_err_t topic_err = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
            for (int t = 0; t < metadata->topic_cnt; ++t) {
                if (topic != metadata->topics[t].topic) continue;
                topic_err = metadata->topics[t].err;
                for (int p = 0; p < metadata->topics[t].partition_cnt; ++p)
                    partitions.push_back(metadata->topics[t].partitions[p].id);
            }
            rd_kafka_metadata_destroy(metadata);
            if (topic_err == RD_KAFKA_RESP_ERR_NO_ERROR && !partitions.empty()) return partitions;
            last_error = error_text(topic_err);
            std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the topic is being created
        } else {
            last_error = error_text(err);
        }
    }
    throw KafkaError("Kafka: no partitions of topic '" + topic + "' from broker " + brokers + " within " +
                     std::to_string(timeout_ms) + " ms (" + last_error + ")");
}

}  // namespace

// ------------------------------------------------------------------ Consumer

struct Consumer::Handle {
    rd_kafka_t* client = nullptr;
    std::string brokers;
    bool closed = false;
};

Consumer::Consumer(const ClientConfig& config, const std::string& group_id)
    : handle_(std::make_unique<Handle>()), timeout_ms_(config.timeout_ms) {
    std::map<std::string, std::string> defaults{
        {"group.id", group_id.empty() ? "csp-private" : group_id},
        {"enable.auto.commit", group_id.empty() ? "false" : "true"},
        {"auto.offset.reset", "earliest"},
        {"allow.auto.create.topics", "true"},
        {"enable.partition.eof", "false"},
    };
    handle_->client = make_client(RD_KAFKA_CONSUMER, make_conf(config, defaults));
    handle_->brokers = config.brokers;
    rd_kafka_poll_set_consumer(handle_->client);
}

Consumer::~Consumer() {
    close();
    rd_kafka_destroy(handle_->client);
}

std::vector<PartitionRange> Consumer::assign(const std::vector<std::string>& topics, StartOffset start) {
    auto partitions = new_partitions(8);
    std::vector<PartitionRange> ranges;
    for (const auto& topic : topics) {
        for (int32_t partition : topic_partitions(handle_->client, handle_->brokers, topic, timeout_ms_)) {
            int64_t low = 0, high = 0;
            rd_kafka_resp_err_t err =
                rd_kafka_query_watermark_offsets(handle_->client, topic.c_str(), partition, &low, &high, timeout_ms_);
            if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
                throw KafkaError("Kafka: offsets of " + topic + " [" + std::to_string(partition) + "]: " + error_text(err));
            int64_t offset = high;
            switch (start.kind) {
                case StartOffset::Kind::EARLIEST: offset = low; break;
                case StartOffset::Kind::LATEST: offset = high; break;
                case StartOffset::Kind::COMMITTED: offset = RD_KAFKA_OFFSET_STORED; break;
                case StartOffset::Kind::TIME: offset = start.time_ms; break;  // resolved below
            }
            ranges.push_back({topic, partition, start.kind == StartOffset::Kind::COMMITTED ? -1 : offset, high});
            rd_kafka_topic_partition_list_add(partitions.get(), topic.c_str(), partition)->offset = offset;
        }
    }
    if (start.kind == StartOffset::Kind::TIME) {
        rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(handle_->client, partitions.get(), timeout_ms_);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) throw KafkaError("Kafka: offsets for a start time: " + error_text(err));
        for (int i = 0; i < partitions->cnt; ++i) {  // no message at or after the time: start at the end
            auto& elem = partitions->elems[i];
            if (elem.offset < 0) elem.offset = ranges[i].end_offset;
            ranges[i].start_offset = elem.offset;
        }
    }
    rd_kafka_resp_err_t err = rd_kafka_assign(handle_->client, partitions.get());
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) throw KafkaError("Kafka: assigning partitions: " + error_text(err));
    return ranges;
}

void Consumer::subscribe(const std::vector<std::string>& topics) {
    for (const auto& topic : topics) topic_partitions(handle_->client, handle_->brokers, topic, timeout_ms_);
    auto list = new_partitions(static_cast<int>(topics.size()));
    for (const auto& topic : topics) rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t err = rd_kafka_subscribe(handle_->client, list.get());
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) throw KafkaError("Kafka: subscribing: " + error_text(err));
}

std::vector<Message> Consumer::poll(size_t max_messages, int timeout_ms) {
    std::vector<Message> out;
    int wait = timeout_ms;
    while (out.size() < max_messages) {
        rd_kafka_message_t* raw = rd_kafka_consumer_poll(handle_->client, wait);
        if (raw == nullptr) break;
        wait = 0;  // take what is already there, then return
        Message& m = out.emplace_back();
        if (raw->rkt != nullptr) m.topic = rd_kafka_topic_name(raw->rkt);
        m.partition = raw->partition;
        m.offset = raw->offset;
        if (raw->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            m.error = rd_kafka_message_errstr(raw);
        } else {
            rd_kafka_timestamp_type_t type;
            m.timestamp_ms = rd_kafka_message_timestamp(raw, &type);
            if (raw->key != nullptr) m.key.emplace(static_cast<const char*>(raw->key), raw->key_len);
            if (raw->payload != nullptr) m.payload.assign(static_cast<const char*>(raw->payload), raw->len);
        }
        rd_kafka_message_destroy(raw);
    }
    return out;
}

void Consumer::close() {
    if (handle_->closed) return;
    handle_->closed = true;
    rd_kafka_consumer_close(handle_->client);
}

// ------------------------------------------------------------------ Producer

struct Producer::Handle {
    rd_kafka_t* client = nullptr;
    std::string brokers;
    std::vector<rd_kafka_topic_t*> topics;  // prepared: kept known to the client
};

void Producer::on_delivery(void*, const void* message, void* opaque) {
    auto* self = static_cast<Producer*>(opaque);
    const auto* m = static_cast<const rd_kafka_message_t*>(message);
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        self->delivered_.fetch_add(1);
        return;
    }
    std::string where = m->rkt ? rd_kafka_topic_name(m->rkt) : "?";
    std::lock_guard lock(self->errors_mutex_);
    self->errors_.push_back(where + " [" + std::to_string(m->partition) + "]: " + rd_kafka_err2str(m->err));
}

Producer::Producer(const ClientConfig& config) : handle_(std::make_unique<Handle>()), timeout_ms_(config.timeout_ms) {
    std::map<std::string, std::string> defaults{
        {"acks", "all"}, {"enable.idempotence", "true"}, {"linger.ms", "5"}};  // librdkafka's linger
    ConfPtr conf = make_conf(config, defaults);
    rd_kafka_conf_set_dr_msg_cb(conf.get(), [](rd_kafka_t* rk, const rd_kafka_message_t* m, void* opaque) {
        on_delivery(rk, m, opaque);
    });
    rd_kafka_conf_set_opaque(conf.get(), this);
    handle_->client = make_client(RD_KAFKA_PRODUCER, std::move(conf));
    handle_->brokers = config.brokers;
}

void Producer::prepare(const std::string& topic) {
    if (rd_kafka_topic_t* known = rd_kafka_topic_new(handle_->client, topic.c_str(), nullptr))
        handle_->topics.push_back(known);
    topic_partitions(handle_->client, handle_->brokers, topic, timeout_ms_);
}

Producer::~Producer() {
    try {
        flush(timeout_ms_);
    } catch (const KafkaError&) {  // a destructor cannot report it; flush() explicitly to see it
    }
    for (rd_kafka_topic_t* topic : handle_->topics) rd_kafka_topic_destroy(topic);
    rd_kafka_destroy(handle_->client);
}

void Producer::produce(const std::string& topic, const std::optional<std::string>& key, const std::string& payload) {
    produce(topic.c_str(), key ? key->data() : nullptr, key ? key->size() : 0, payload.data(), payload.size());
}

void Producer::produce(const char* topic, const char* key, size_t key_size, const char* payload,
                       size_t payload_size) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms_);
    void* key_data = const_cast<char*>(key);
    size_t key_length = key == nullptr ? 0 : key_size;
    for (;;) {
        rd_kafka_resp_err_t err = rd_kafka_producev(
            handle_->client, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_VALUE(const_cast<char*>(payload), payload_size),
            RD_KAFKA_V_KEY(key_data, key_length),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL || std::chrono::steady_clock::now() > deadline)
            throw KafkaError(std::string("Kafka: cannot send to topic '") + topic + "': " + error_text(err));
        rd_kafka_poll(handle_->client, 10);  // the local queue is full: let deliveries drain it
    }
    rd_kafka_poll(handle_->client, 0);
}

void Producer::poll(int timeout_ms) { rd_kafka_poll(handle_->client, timeout_ms); }

void Producer::flush(int timeout_ms) {
    rd_kafka_resp_err_t err = rd_kafka_flush(handle_->client, timeout_ms);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        throw KafkaError("Kafka: " + std::to_string(rd_kafka_outq_len(handle_->client)) +
                         " message(s) not acknowledged by the broker within " + std::to_string(timeout_ms) +
                         " ms (" + error_text(err) + ")");
}

std::vector<std::string> Producer::take_errors() {
    std::lock_guard lock(errors_mutex_);
    std::vector<std::string> out;
    out.swap(errors_);
    return out;
}

}  // namespace csp::kafka
