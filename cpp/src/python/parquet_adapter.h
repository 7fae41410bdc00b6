// csp._native.ParquetSource / ParquetSink: the C++ side of
// csp.adapters.parquet (private).
//
// They are the C++ library's csp::parquet::ParquetSource and ParquetSink
// (cpp/include/csp/adapters/parquet): a float/int/bool/datetime/timedelta
// column ticks C++ values straight from the Arrow arrays; other types and
// structs are built here from the arrays (parquet_values.h), row by row in
// C++, without running Python code except for date/time/enum construction.
// Writers append to Arrow builders in C++.
#pragma once

#include <nanobind/nanobind.h>

namespace csp::python {

// Adds ParquetSource, ParquetSink, add_parquet_source and add_parquet_sink to the module.
void bind_parquet(nanobind::module_& m);
// Adds record_batches_to_structs and structs_to_record_batch (arrow_batches.cpp).
void bind_arrow_batches(nanobind::module_& m);

}  // namespace csp::python
