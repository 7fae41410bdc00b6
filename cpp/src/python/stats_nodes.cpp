// Statistics nodes (csp.stats) wired by name from Python (private).
#include "py_engine.h"

namespace csp::python {

void register_stats_builtins() {}

}  // namespace csp::python
