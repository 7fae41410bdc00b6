// Writes a struct as JSON and queues it on a producer, with the installed csp::kafka_adapters
// (no broker needed: nothing is awaited).
#include <csp/adapters/kafka/client.h>
#include <csp/adapters/kafka/json_writer.h>
#include <csp/adapters/kafka/manager.h>

#include <string>

int main() {
    auto meta = csp::StructMeta::define("Quote", {{"sym", csp::FieldType::String}, {"qty", csp::FieldType::Int64}});
    csp::StructPtr quote = meta->create();
    quote->set<std::string>(meta->field("sym"), "AAPL");
    std::string json;
    csp::kafka::StructJsonWriter(meta).write(*quote, json);
    csp::kafka::Producer producer({.brokers = "127.0.0.1:1", .options = {{"log_level", "0"}}, .timeout_ms = 10});
    producer.produce("quotes", std::string("AAPL"), json);
    return json == R"({"sym":"AAPL"})" ? 0 : 1;
}
