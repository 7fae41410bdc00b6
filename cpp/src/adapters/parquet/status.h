// Arrow Status / Result to csp exceptions (private to the Parquet adapters).
#pragma once

#include <arrow/result.h>
#include <arrow/status.h>

#include <string>
#include <string_view>

#include "csp/core/exceptions.h"

namespace csp::parquet {

// Throws ValueError "<where>: <arrow message>" (KeyError for Arrow's KeyError) if `status` is an error.
inline void check(const arrow::Status& status, std::string_view where) {
    if (status.ok()) return;
    std::string message = std::string(where) + ": " + status.message();
    if (status.IsKeyError()) throw KeyError(message);
    throw ValueError(message);
}

template <class T>
T check(arrow::Result<T> result, std::string_view where) {
    check(result.status(), where);
    return std::move(result).ValueUnsafe();
}

}  // namespace csp::parquet
