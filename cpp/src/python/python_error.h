// A Python exception crossing the C++ engine (private).
//
// Raised when Python code called by the engine (a node, an adapter) raises.
// It is a csp::Exception, so the engine records which node failed and stops
// the run as for any error; the binding layer then re-raises the original
// Python exception, with its type and traceback, adding the node name as a
// note.
#pragma once

#include <nanobind/nanobind.h>

#include <memory>

#include "csp/core/exceptions.h"

namespace csp::python {

namespace nb = nanobind;

class PythonError : public Exception {
public:
    // Captures the Python error currently set (the caller saw a failure).
    PythonError() : PythonError(std::make_shared<nb::python_error>()) {}

    // Sets the captured exception as the current Python error again.
    void restore() const { error_->restore(); }

private:
    explicit PythonError(std::shared_ptr<nb::python_error> error)
        : Exception(error->what()), error_(std::move(error)) {}
    std::shared_ptr<nb::python_error> error_;
};

// Calls into Python; a Python exception becomes a PythonError the engine understands.
template <class F>
decltype(auto) call_python(F&& f) {
    try {
        return f();
    } catch (nb::python_error& e) {
        e.restore();
        throw PythonError();
    }
}

// Throws PythonError if `result` is null (a failed Python C API call).
inline PyObject* check(PyObject* result) {
    if (result == nullptr) throw PythonError();
    return result;
}

}  // namespace csp::python
