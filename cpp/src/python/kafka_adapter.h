// csp._native.KafkaConsumer / KafkaProducer: the C++ Kafka clients
// (cpp/include/csp/adapters/kafka/client.h) for csp.adapters.kafka (private).
#pragma once

#include <nanobind/nanobind.h>

namespace csp::python {

// Adds KafkaConsumer, KafkaProducer and KafkaError to the module.
void bind_kafka(nanobind::module_& m);

}  // namespace csp::python
