#include "csp/api/baselib.h"

namespace csp {
namespace {
std::ostream* g_print_stream = &std::cout;
}

std::ostream& print_stream() { return *g_print_stream; }
void set_print_stream(std::ostream& stream) { g_print_stream = &stream; }

}  // namespace csp
