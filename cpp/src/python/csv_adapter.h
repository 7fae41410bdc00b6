// csp._native.CsvSource: the C++ side of csp.adapters.csv.CSVReader (private).
//
// One CsvSource (an adapter manager) reads one file for every subscription of
// a CSVReader in one engine: it parses each row's time in C++, picks the
// subscriptions the row's symbol matches, and each subscription converts
// only its own columns, in C++, into its value (a float/int/bool series
// holds C++ values; str and other types become Python objects; a Struct is
// created and its slots filled without running Python code).
#pragma once

#include <nanobind/nanobind.h>

namespace csp::python {

// Adds CsvSource and add_csv_source to the module.
void bind_csv(nanobind::module_& m);

}  // namespace csp::python
