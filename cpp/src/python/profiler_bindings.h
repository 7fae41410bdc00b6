// csp._native.Profiler and the engine's instrumentation hooks (profiling, progress).
#pragma once

#include <nanobind/nanobind.h>

namespace csp::python {

void bind_profiler(nanobind::module_& m);

}  // namespace csp::python
