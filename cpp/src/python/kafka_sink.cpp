// csp._native.add_kafka_sink (see kafka_sink.h).
#include "kafka_sink.h"

#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "csp/adapters/kafka/json_writer.h"
#include "csp/adapters/kafka/producer_api.h"
#include "csp/engine/output_adapter.h"
#include "native_types.h"
#include "py_engine.h"
#include "py_node.h"
#include "py_struct.h"
#include "python_error.h"

namespace nb = nanobind;
using namespace nb::literals;

namespace csp::python {
namespace {

constexpr int64_t kDeliveryCheckEvery = 1024;

StructMetaPtr meta_of_class(nb::handle cls) {
    nb::object instance = new_struct(cls);
    return struct_of(instance.ptr())->meta_ptr();
}

// A key read from a str field, possibly of nested structs: fields[0] of the value, fields[1] of that, ...
class KeyPath {
public:
    KeyPath() = default;
    KeyPath(const StructMeta& meta, const std::vector<std::string>& names) {
        const StructMeta* current = &meta;
        for (size_t i = 0; i < names.size(); ++i) {
            const FieldInfo* f = current->find(names[i]);
            bool last = i + 1 == names.size();
            if (f == nullptr || (last ? f->type != FieldType::String : f->type != FieldType::Struct))
                throw TypeError("KafkaAdapterManager.publish: key field '" + names[i] + "' of " + current->name() +
                                (last ? " is not a str field" : " is not a struct field"));
            fields_.push_back(f);
            if (!last) current = f->struct_type.get();
        }
    }
    bool empty() const { return fields_.empty(); }
    // The key, or nullptr if a field on the way is unset.
    const std::string* read(const Struct& s) const {
        const Struct* current = &s;
        for (size_t i = 0; i + 1 < fields_.size(); ++i) {
            const void* nested = current->value_address(*fields_[i]);
            if (nested == nullptr) return nullptr;
            current = static_cast<const StructPtr*>(nested)->get();
        }
        return static_cast<const std::string*>(current->value_address(*fields_.back()));
    }

private:
    std::vector<const FieldInfo*> fields_;
};

class KafkaSink final : public OutputAdapter<nb::object> {
public:
    enum class Kind { StructJson = 0, Str = 1, Bytes = 2 };

    KafkaSink(std::string name, Edge<nb::object> input, Kind kind, std::optional<kafka::StructJsonWriter> writer,
              KeyPath key_path, std::string topic, std::string key, nb::object impl)
        : OutputAdapter<nb::object>(std::move(name), input), kind_(kind), writer_(std::move(writer)),
          key_path_(std::move(key_path)), topic_(std::move(topic)), key_(std::move(key)), impl_(std::move(impl)) {}

    void start() override {
        call_python([&] {
            producer_ = impl_.attr("native_producer")();  // (the producer, its C entry point)
            api_ = static_cast<const csp_kafka_producer_api*>(
                PyCapsule_GetPointer(producer_[1].ptr(), CSP_KAFKA_PRODUCER_API_CAPSULE));
        });
        if (api_ == nullptr) throw PythonError();
        if (api_->version != CSP_KAFKA_PRODUCER_API_VERSION)
            throw RuntimeError("KafkaAdapterManager.publish: csp._kafka's producer API version " +
                               std::to_string(api_->version) + " is not the expected " +
                               std::to_string(CSP_KAFKA_PRODUCER_API_VERSION));
    }

    void on_tick(const nb::object& value) override {
        PyObject* v = value.ptr();
        switch (kind_) {
            case Kind::StructJson: {
                Struct* s = struct_of(v);
                if (s == nullptr || &s->meta() != &writer_->meta()) return fallback(value);
                const std::string* key = key_path_.empty() ? &key_ : key_path_.read(*s);
                if (key == nullptr) return fallback(value);  // Python names the unset key field
                writer_->write(*s, payload_);
                return send(*key, payload_.data(), payload_.size());
            }
            case Kind::Str: {
                if (!PyUnicode_Check(v)) return fallback(value);
                Py_ssize_t size = 0;
                const char* text = PyUnicode_AsUTF8AndSize(v, &size);
                if (text == nullptr) {
                    PyErr_Clear();
                    return fallback(value);  // e.g. a lone surrogate: Python reports it
                }
                return send(key_, text, static_cast<size_t>(size));
            }
            case Kind::Bytes:
                if (!PyBytes_Check(v)) return fallback(value);
                return send(key_, PyBytes_AS_STRING(v), static_cast<size_t>(PyBytes_GET_SIZE(v)));
        }
    }

private:
    void send(const std::string& key, const char* payload, size_t size) {
        char error[512];
        if (api_->produce(api_->producer, topic_.c_str(), key.data(), key.size(), payload, size, error,
                          sizeof error) != 0)
            call_python([&] { impl_.attr("send_failed")(error); });
        if (++sent_ % kDeliveryCheckEvery == 0) call_python([&] { impl_.attr("check_delivery")(); });
    }

    void fallback(const nb::object& value) {
        call_python([&] { impl_.attr("on_tick")(datetime_to_python(now()), value); });
    }

    Kind kind_;
    std::optional<kafka::StructJsonWriter> writer_;
    KeyPath key_path_;
    std::string topic_, key_;
    nb::object impl_;
    nb::object producer_;
    const csp_kafka_producer_api* api_ = nullptr;
    std::string payload_;
    int64_t sent_ = 0;
};

void add_kafka_sink(PyEngine& engine, std::string name, EdgeHandle input, int kind, nb::object struct_type,
                    std::vector<std::pair<std::string, std::string>> fields, std::vector<std::string> key_path,
                    std::string topic, std::string key, nb::object impl) {
    auto sink_kind = static_cast<KafkaSink::Kind>(kind);
    std::optional<kafka::StructJsonWriter> writer;
    KeyPath path;
    if (sink_kind == KafkaSink::Kind::StructJson) {
        StructMetaPtr meta = meta_of_class(struct_type);
        writer.emplace(meta, std::move(fields));
        if (!key_path.empty()) path = KeyPath(*meta, key_path);
    } else if (sink_kind != KafkaSink::Kind::Str && sink_kind != KafkaSink::Kind::Bytes) {
        throw ValueError("add_kafka_sink: unknown kind " + std::to_string(kind));
    }
    engine.engine().add_node<KafkaSink>(std::move(name), Edge<nb::object>(input.slot), sink_kind, std::move(writer),
                                        std::move(path), std::move(topic), std::move(key), std::move(impl));
}

}  // namespace

void bind_kafka_sink(nb::module_& m) {
    m.def("add_kafka_sink", &add_kafka_sink, "engine"_a, "name"_a, "input"_a, "kind"_a, "struct_type"_a.none(),
          "fields"_a, "key_path"_a, "topic"_a, "key"_a, "impl"_a,
          "Publishes input to Kafka in C++: kind 0 a struct series as JSON (fields: (struct field, message field) "
          "pairs; key_path: the str field giving each message's key, else `key`), 1 str, 2 bytes.");
}

}  // namespace csp::python
