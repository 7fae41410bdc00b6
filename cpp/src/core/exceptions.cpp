#include "csp/core/exceptions.h"

namespace csp {

void Exception::add_context(const std::string& where) {
    if (!context_.empty() || where.empty()) return;
    context_ = where;
    what_ = where + ": " + message_;
}

}  // namespace csp
