// The csp exception hierarchy.
//
// Each class maps one-to-one onto a Python exception of the same name
// (ValueError, TypeError, KeyError, IndexError, RuntimeError,
// NotImplementedError, ZeroDivisionError) so bindings translate without guessing. Errors raised
// while a node or adapter runs are annotated by the engine with the name of
// the graph object at fault (see add_context) before they reach the caller.
#pragma once

#include <stdexcept>
#include <string>

namespace csp {

class Exception : public std::exception {
public:
    explicit Exception(std::string message) : message_(std::move(message)), what_(message_) {}

    const char* what() const noexcept override { return what_.c_str(); }
    // The message without context.
    const std::string& message() const { return message_; }
    // Where the error happened, e.g. "node 'spread'"; empty if unknown.
    const std::string& context() const { return context_; }
    // Records the graph object at fault; the first context recorded wins.
    void add_context(const std::string& where);

private:
    std::string message_;
    std::string context_;
    std::string what_;
};

#define CSP_DECLARE_EXCEPTION(Name)                          \
    class Name : public Exception {                          \
    public:                                                  \
        using Exception::Exception;                          \
    }

CSP_DECLARE_EXCEPTION(ValueError);
CSP_DECLARE_EXCEPTION(TypeError);
CSP_DECLARE_EXCEPTION(KeyError);
CSP_DECLARE_EXCEPTION(IndexError);
CSP_DECLARE_EXCEPTION(RuntimeError);
CSP_DECLARE_EXCEPTION(NotImplementedError);
CSP_DECLARE_EXCEPTION(ZeroDivisionError);

#undef CSP_DECLARE_EXCEPTION

}  // namespace csp
