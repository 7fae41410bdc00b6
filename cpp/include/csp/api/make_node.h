// make_node: define a node from a function, as concisely as Python's @csp.node.
//
//     auto spread = csp::make_node("spread",
//         [](const csp::In<double>& bid, const csp::In<double>& ask) -> std::optional<double> {
//             if (csp::valid(bid, ask)) return *ask - *bid;
//             return std::nullopt;
//         });
//     csp::Edge<double> s = spread(bid_edge, ask_edge);
//
// Each parameter is one time-series input:
//   - `const In<T>&` gives the full input (ticked, valid, history);
//   - a plain `T` / `const T&` receives the current value; the node then runs
//     only once every plain-value input is valid.
// The return type is the output: `std::optional<T>` ticks when it holds a
// value, `T` ticks every time, `void` makes a sink (a root of the graph).
// State lives in the lambda's captures: every call of the definition creates
// a node with its own copy of the lambda (use `mutable` to change it).
// For alarms, start/stop hooks or several outputs, derive from csp::Node.
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "csp/api/graph.h"
#include "csp/engine/node.h"

namespace csp {
namespace detail {

template <class F>
struct Signature : Signature<decltype(&F::operator())> {};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...) const> {
    using result = R;
    using args = std::tuple<A...>;
};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...)> : Signature<R (C::*)(A...) const> {};
template <class R, class... A>
struct Signature<R (*)(A...)> {
    using result = R;
    using args = std::tuple<A...>;
};

// The time-series type of a parameter: In<T> -> T, otherwise the plain value type.
template <class P>
struct InputType { using type = std::decay_t<P>; static constexpr bool is_handle = false; };
template <class T>
struct InputType<In<T>> { using type = T; static constexpr bool is_handle = true; };
template <class P>
using input_t = typename InputType<std::decay_t<P>>::type;
template <class P>
constexpr bool is_handle_v = InputType<std::decay_t<P>>::is_handle;

// The output type of a result: optional<T> -> T, void -> void, T -> T.
template <class R>
struct OutputType { using type = R; static constexpr bool optional = false; };
template <class T>
struct OutputType<std::optional<T>> { using type = T; static constexpr bool optional = true; };

template <class T>
struct NoOutput {
    explicit NoOutput(Node*) {}
};

template <class F, class R, class Args>
class FunctionNode;

template <class F, class R, class... Args>
class FunctionNode<F, R, std::tuple<Args...>> final : public Node {
public:
    using Output = typename OutputType<R>::type;

    FunctionNode(const std::string& name, const F& fn, Edge<input_t<Args>>... edges)
        : Node(name), fn_(fn), inputs_(In<input_t<Args>>::wire(this, edges)...), out_(this) {}

    void execute() override {
        std::apply([this](auto&... inputs) { invoke(inputs...); }, inputs_);
    }

    Edge<Output> output() requires(!std::is_void_v<R>) { return out_.edge(); }

private:
    template <class... Ins>
    void invoke(Ins&... inputs) {
        if (!(ready<Args>(inputs) && ...)) return;
        if constexpr (std::is_void_v<R>) {
            fn_(argument<Args>(inputs)...);
        } else if constexpr (OutputType<R>::optional) {
            if (auto result = fn_(argument<Args>(inputs)...)) out_.tick(std::move(*result));
        } else {
            out_.tick(fn_(argument<Args>(inputs)...));
        }
    }
    template <class P, class I>
    static bool ready(const I& input) {
        if constexpr (is_handle_v<P>) return true; else return input.valid();
    }
    template <class P, class I>
    static decltype(auto) argument(I& input) {
        if constexpr (is_handle_v<P>) return static_cast<const I&>(input); else return input.value();
    }

    [[no_unique_address]] F fn_;  // most are empty lambdas: no room taken between the header and the inputs
    std::tuple<In<input_t<Args>>...> inputs_;
    std::conditional_t<std::is_void_v<R>, NoOutput<void>, Out<std::conditional_t<std::is_void_v<R>, int, Output>>> out_;
};

}  // namespace detail

// A node definition: call it with edges to add a node to the graph being built.
template <class F>
class NodeDef {
    using Sig = detail::Signature<F>;
    using R = typename Sig::result;
    using Impl = detail::FunctionNode<F, R, typename Sig::args>;

public:
    NodeDef(std::string name, F fn) : name_(std::move(name)), fn_(std::move(fn)) {}

    template <class... Edges>
    auto operator()(Edges&&... edges) const {
        Impl& node = detail::engine_for_building("a node").template add_node<Impl>(name_, fn_, std::forward<Edges>(edges)...);
        if constexpr (!std::is_void_v<R>) return node.output();
    }

private:
    std::string name_;
    F fn_;
};

template <class F>
NodeDef<std::decay_t<F>> make_node(std::string name, F&& fn) {
    return NodeDef<std::decay_t<F>>(std::move(name), std::forward<F>(fn));
}

}  // namespace csp
