// A Kafka producer's C entry point, handed from csp._kafka (which owns the
// librdkafka producer) to the Kafka publisher of csp._native (which encodes
// values in C++), so messages cross from the engine to librdkafka without
// Python. The two extension modules share no C++ objects: only this struct,
// inside a PyCapsule named CSP_KAFKA_PRODUCER_API_CAPSULE.
#pragma once

#include <stddef.h>
#include <stdint.h>

#define CSP_KAFKA_PRODUCER_API_CAPSULE "csp._kafka.producer_api"
#define CSP_KAFKA_PRODUCER_API_VERSION 1

extern "C" {

struct csp_kafka_producer_api {
    uint32_t version;  // CSP_KAFKA_PRODUCER_API_VERSION
    void* producer;    // the producer, passed back to produce()
    // Queues one message to `topic` (NUL-terminated); `key` nullptr: no key.
    // Returns 0, or -1 with the reason written (NUL-terminated, truncated) to `error`.
    int (*produce)(void* producer, const char* topic, const char* key, size_t key_size, const char* payload,
                   size_t payload_size, char* error, size_t error_size);
};

}
