// Arithmetic and comparison on edges, with the Python API's semantics: a
// binary node ticks when either input ticks, once both are valid. A scalar
// operand becomes a const_. Division always yields double (Python's `/`).
//
//     auto mid = (bid + ask) / 2.0;
//     auto wide = csp::gt(ask - bid, csp::const_(0.05));
#pragma once

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "csp/api/make_node.h"
#include "csp/api/sources.h"

namespace csp {
namespace detail {

template <class A, class B, class F>
auto binary_node(const char* name, Edge<A> a, Edge<B> b, F f) {
    return make_node(name, [f](const A& x, const B& y) { return f(x, y); })(a, b);
}

template <class S>
concept Scalar = std::is_arithmetic_v<S>;

struct Divide {
    template <class A, class B>
    double operator()(const A& a, const B& b) const { return static_cast<double>(a) / static_cast<double>(b); }
};

}  // namespace detail

#define CSP_EDGE_BINARY_OPERATOR(op, name, functor)                                                      \
    template <class A, class B>                                                                          \
    auto operator op(Edge<A> a, Edge<B> b) { return detail::binary_node(name, a, b, functor); }          \
    template <class A, detail::Scalar S>                                                                 \
    auto operator op(Edge<A> a, S s) { return a op const_(s); }                                          \
    template <detail::Scalar S, class B>                                                                 \
    auto operator op(S s, Edge<B> b) { return const_(s) op b; }

CSP_EDGE_BINARY_OPERATOR(+, "add", std::plus<>{})
CSP_EDGE_BINARY_OPERATOR(-, "sub", std::minus<>{})
CSP_EDGE_BINARY_OPERATOR(*, "multiply", std::multiplies<>{})
CSP_EDGE_BINARY_OPERATOR(/, "divide", detail::Divide{})
#undef CSP_EDGE_BINARY_OPERATOR

template <class T>
Edge<T> operator-(Edge<T> x) {
    return make_node("neg", [](const T& v) { return -v; })(x);
}

template <class A, class B> auto add(Edge<A> a, Edge<B> b) { return a + b; }
template <class A, class B> auto sub(Edge<A> a, Edge<B> b) { return a - b; }
template <class A, class B> auto multiply(Edge<A> a, Edge<B> b) { return a * b; }
template <class A, class B> auto divide(Edge<A> a, Edge<B> b) { return a / b; }
template <class A, class B> auto min(Edge<A> a, Edge<B> b) {
    return detail::binary_node("min", a, b, [](const A& x, const B& y) { return y < x ? y : x; });
}
template <class A, class B> auto max(Edge<A> a, Edge<B> b) {
    return detail::binary_node("max", a, b, [](const A& x, const B& y) { return x < y ? y : x; });
}
template <class A, class B> Edge<bool> eq(Edge<A> a, Edge<B> b) { return detail::binary_node("eq", a, b, std::equal_to<>{}); }
template <class A, class B> Edge<bool> ne(Edge<A> a, Edge<B> b) { return detail::binary_node("ne", a, b, std::not_equal_to<>{}); }
template <class A, class B> Edge<bool> lt(Edge<A> a, Edge<B> b) { return detail::binary_node("lt", a, b, std::less<>{}); }
template <class A, class B> Edge<bool> le(Edge<A> a, Edge<B> b) { return detail::binary_node("le", a, b, std::less_equal<>{}); }
template <class A, class B> Edge<bool> gt(Edge<A> a, Edge<B> b) { return detail::binary_node("gt", a, b, std::greater<>{}); }
template <class A, class B> Edge<bool> ge(Edge<A> a, Edge<B> b) { return detail::binary_node("ge", a, b, std::greater_equal<>{}); }
template <class T> Edge<T> abs(Edge<T> x) {
    return make_node("abs", [](const T& v) { return v < T{} ? -v : v; })(x);
}

}  // namespace csp
