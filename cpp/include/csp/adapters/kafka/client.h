// Kafka clients on librdkafka: a consumer reading topics from chosen start
// offsets and a reliable producer (acks=all, idempotent).
//
//   csp::kafka::Consumer consumer({.brokers = "127.0.0.1:9092"});
//   consumer.assign({"trades"}, csp::kafka::StartOffset::earliest());
//   for (auto& m : consumer.poll(1000, 100)) ...   // up to 1000 messages, waits at most 100 ms
//
//   csp::kafka::Producer producer({.brokers = "127.0.0.1:9092"});
//   producer.produce("trades", "AAPL", payload);
//   producer.flush(10'000);                         // every message acknowledged, or an error
//
// Errors: constructing a client with bad options, an unreachable broker when
// partitions are looked up (within `timeout_ms`), a failed flush: KafkaError
// (std::runtime_error). Errors while polling come back as messages with
// `error` set (the consumer keeps going); delivery failures are collected by
// the producer (take_errors()).
//
// Thread-safety: a Consumer is used by one thread at a time; Producer::produce
// and take_errors may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace csp::kafka {

class KafkaError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ClientConfig {
    std::string brokers;                           // "host:port[,host:port...]"
    std::map<std::string, std::string> options;    // librdkafka settings, applied last
    int timeout_ms = 10'000;                       // bound on metadata look-ups and the final flush
};

// Where a consumer without a group starts reading each partition.
struct StartOffset {
    enum class Kind { EARLIEST, LATEST, TIME, COMMITTED };
    Kind kind = Kind::LATEST;
    int64_t time_ms = 0;  // TIME: the first message with a timestamp at or after this (ms since the epoch)

    static StartOffset earliest() { return {Kind::EARLIEST, 0}; }
    static StartOffset latest() { return {Kind::LATEST, 0}; }
    static StartOffset at_time(int64_t ms) { return {Kind::TIME, ms}; }
    static StartOffset committed() { return {Kind::COMMITTED, 0}; }
};

struct Message {
    std::string topic;
    int32_t partition = -1;
    int64_t offset = -1;
    int64_t timestamp_ms = -1;        // the message's timestamp (-1 if it has none)
    std::optional<std::string> key;
    std::string payload;
    std::string error;                // non-empty: an error event, not a message
};

// A partition's messages from where reading starts to its end when assigned:
// [start_offset, end_offset) is history (start_offset -1: the committed offset).
struct PartitionRange {
    std::string topic;
    int32_t partition;
    int64_t start_offset;
    int64_t end_offset;
};

class Consumer {
public:
    // `group_id` empty: a private group; partitions are assigned with assign().
    explicit Consumer(const ClientConfig& config, const std::string& group_id = "");
    ~Consumer();
    Consumer(const Consumer&) = delete;
    Consumer& operator=(const Consumer&) = delete;

    // Reads every partition of `topics` from `start` (no group balancing). Looks
    // the partitions up first: KafkaError if the broker does not answer in time.
    // Returns each partition's range of history (start and end offsets).
    std::vector<PartitionRange> assign(const std::vector<std::string>& topics, StartOffset start);
    // Joins the consumer group with `topics`: the group shares their partitions
    // and offsets are committed as messages are consumed.
    void subscribe(const std::vector<std::string>& topics);

    // Up to `max_messages` messages (and error events), waiting at most
    // `timeout_ms` for the first one.
    std::vector<Message> poll(size_t max_messages, int timeout_ms);

    // Leaves the group and closes the connection (also done by the destructor).
    void close();

private:
    struct Handle;
    std::unique_ptr<Handle> handle_;
    int timeout_ms_;
};

class Producer {
public:
    explicit Producer(const ClientConfig& config);
    ~Producer();  // flushes (bounded by the config's timeout)
    Producer(const Producer&) = delete;
    Producer& operator=(const Producer&) = delete;

    // Queues a message; waits while the local queue is full. KafkaError if it cannot be queued.
    void produce(const std::string& topic, const std::optional<std::string>& key, const std::string& payload);
    // The same without copies of the arguments: `topic` NUL-terminated, `key` nullptr for none.
    void produce(const char* topic, const char* key, size_t key_size, const char* payload, size_t payload_size);
    // Looks `topic` up (waiting, bounded by the config's timeout, for the broker to answer and
    // the topic to exist): messages to it then go straight to their partitions, instead of
    // waiting for librdkafka's next periodic topic scan (up to a second). KafkaError if the
    // broker does not answer in time.
    void prepare(const std::string& topic);
    // Serves delivery reports (waiting at most timeout_ms).
    void poll(int timeout_ms);
    // Waits until every queued message is acknowledged; KafkaError naming what is left after timeout_ms.
    void flush(int timeout_ms);
    // Delivery failures reported since the last call ("topic [partition]: reason").
    std::vector<std::string> take_errors();
    int64_t delivered() const { return delivered_.load(); }

private:
    struct Handle;
    std::unique_ptr<Handle> handle_;
    int timeout_ms_;
    std::mutex errors_mutex_;
    std::vector<std::string> errors_;
    std::atomic<int64_t> delivered_{0};
    static void on_delivery(void*, const void*, void*);
};

}  // namespace csp::kafka
