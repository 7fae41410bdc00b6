// csp._native.add_kafka_sink: the C++ side of KafkaAdapterManager.publish
// (private; csp.adapters.kafka decides when it applies).
//
// Each tick of a struct series is written as JSON in C++
// (csp::kafka::StructJsonWriter), each tick of a str / bytes series taken as
// it is, and handed to the librdkafka producer of csp._kafka through its C
// entry point (csp/adapters/kafka/producer_api.h): no Python runs per message.
// A value the plan does not cover (a struct of another type) goes to the
// Python publisher's on_tick instead, as do failures (send_failed) and, every
// 1024 messages, the check for delivery reports (check_delivery).
#pragma once

#include <nanobind/nanobind.h>

namespace csp::python {

void bind_kafka_sink(nanobind::module_& m);

}  // namespace csp::python
