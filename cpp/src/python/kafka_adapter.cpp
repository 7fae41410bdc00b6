// csp._kafka: bindings of the Kafka clients (cpp/include/csp/adapters/kafka/client.h)
// for csp.adapters.kafka; conversions only, the GIL released while librdkafka waits.
#include <nanobind/nanobind.h>

#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <cstring>

#include "csp/adapters/kafka/client.h"
#include "csp/adapters/kafka/producer_api.h"

namespace nb = nanobind;
using namespace nb::literals;

namespace csp::python {
namespace {

using kafka::ClientConfig;
using kafka::Consumer;
using kafka::Producer;
using kafka::StartOffset;

ClientConfig make_config(const std::string& brokers, const std::map<std::string, std::string>& options,
                         int timeout_ms) {
    return ClientConfig{brokers, options, timeout_ms};
}

StartOffset make_start(const std::string& kind, int64_t time_ms) {
    if (kind == "EARLIEST") return StartOffset::earliest();
    if (kind == "LATEST") return StartOffset::latest();
    if (kind == "COMMITTED") return StartOffset::committed();
    if (kind == "TIME") return StartOffset::at_time(time_ms);
    throw nb::value_error(("unknown Kafka start offset kind: " + kind).c_str());
}

// (topic, partition, offset, timestamp_ms, key bytes or None, payload bytes, error or None) per message.
nb::list messages_to_python(std::vector<kafka::Message>&& messages) {
    nb::list out;
    for (auto& m : messages) {
        nb::object key = m.key ? nb::object(nb::bytes(m.key->data(), m.key->size())) : nb::none();
        nb::object error = m.error.empty() ? nb::none() : nb::object(nb::str(m.error.c_str()));
        out.append(nb::make_tuple(nb::str(m.topic.c_str()), m.partition, m.offset, m.timestamp_ms, key,
                                  nb::bytes(m.payload.data(), m.payload.size()), error));
    }
    return out;
}

std::string as_string(nb::handle value) {
    if (nb::isinstance<nb::bytes>(value)) {
        nb::bytes b = nb::borrow<nb::bytes>(value);
        return std::string(b.c_str(), b.size());
    }
    return nb::cast<std::string>(value);
}

int produce_from_c(void* producer, const char* topic, const char* key, size_t key_size, const char* payload,
                   size_t payload_size, char* error, size_t error_size) {
    try {
        static_cast<Producer*>(producer)->produce(topic, key, key_size, payload, payload_size);
        return 0;
    } catch (const std::exception& e) {
        if (error_size > 0) {
            std::strncpy(error, e.what(), error_size - 1);
            error[error_size - 1] = '\0';
        }
        return -1;
    }
}

// A capsule of the producer's C entry point (csp/adapters/kafka/producer_api.h); the
// caller keeps the producer alive while it uses it.
nb::object producer_api_capsule(Producer& producer) {
    auto* api = new csp_kafka_producer_api{CSP_KAFKA_PRODUCER_API_VERSION, &producer, &produce_from_c};
    PyObject* capsule = PyCapsule_New(api, CSP_KAFKA_PRODUCER_API_CAPSULE, [](PyObject* self) {
        delete static_cast<csp_kafka_producer_api*>(PyCapsule_GetPointer(self, CSP_KAFKA_PRODUCER_API_CAPSULE));
    });
    if (capsule == nullptr) {
        delete api;
        throw nb::python_error();
    }
    return nb::steal(capsule);
}

}  // namespace

void bind_kafka(nb::module_& m) {
    m.doc() = "Kafka clients on librdkafka (private: use csp.adapters.kafka)";
    nb::exception<kafka::KafkaError>(m, "KafkaError", PyExc_RuntimeError);

    nb::class_<Consumer>(m, "KafkaConsumer")
        .def("__init__",
             [](Consumer* self, const std::string& brokers, const std::string& group_id,
                const std::map<std::string, std::string>& options, int timeout_ms) {
                 new (self) Consumer(make_config(brokers, options, timeout_ms), group_id);
             },
             "brokers"_a, "group_id"_a, "options"_a, "timeout_ms"_a)
        .def("assign",
             [](Consumer& c, const std::vector<std::string>& topics, const std::string& kind, int64_t time_ms) {
                 std::vector<kafka::PartitionRange> ranges;
                 {
                     nb::gil_scoped_release release;
                     ranges = c.assign(topics, make_start(kind, time_ms));
                 }
                 nb::list out;
                 for (auto& r : ranges)
                     out.append(nb::make_tuple(nb::str(r.topic.c_str()), r.partition, r.start_offset, r.end_offset));
                 return out;
             },
             "topics"_a, "kind"_a, "time_ms"_a = 0,
             "Reads the topics' partitions; returns (topic, partition, start offset, end offset) of each.")
        .def("subscribe", &Consumer::subscribe, "topics"_a, nb::call_guard<nb::gil_scoped_release>())
        .def("poll",
             [](Consumer& c, size_t max_messages, int timeout_ms) {
                 std::vector<kafka::Message> messages;
                 {
                     nb::gil_scoped_release release;
                     messages = c.poll(max_messages, timeout_ms);
                 }
                 return messages_to_python(std::move(messages));
             },
             "max_messages"_a, "timeout_ms"_a)
        .def("close", &Consumer::close, nb::call_guard<nb::gil_scoped_release>());

    nb::class_<Producer>(m, "KafkaProducer")
        .def("__init__",
             [](Producer* self, const std::string& brokers, const std::map<std::string, std::string>& options,
                int timeout_ms) { new (self) Producer(make_config(brokers, options, timeout_ms)); },
             "brokers"_a, "options"_a, "timeout_ms"_a)
        .def("produce",
             [](Producer& p, const std::string& topic, nb::handle key, nb::handle payload) {
                 std::optional<std::string> k;
                 if (!key.is_none()) k = as_string(key);
                 p.produce(topic, k, as_string(payload));
             },
             "topic"_a, "key"_a.none(), "payload"_a)
        .def("poll", &Producer::poll, "timeout_ms"_a, nb::call_guard<nb::gil_scoped_release>())
        .def("prepare", &Producer::prepare, "topic"_a, nb::call_guard<nb::gil_scoped_release>(),
             "Looks the topic up (bounded): its messages then go out at once.")
        .def("flush", &Producer::flush, "timeout_ms"_a, nb::call_guard<nb::gil_scoped_release>())
        .def("c_api", &producer_api_capsule,
             "A capsule of the producer's C entry point (csp/adapters/kafka/producer_api.h), for C++ publishers.")
        .def("take_errors", &Producer::take_errors)
        .def("delivered", &Producer::delivered);
}

}  // namespace csp::python

NB_MODULE(_kafka, m) { csp::python::bind_kafka(m); }
