// The C++ built-in nodes the Python package wires by name (private).
//
// Each factory instantiates a template of the C++ base library for the
// native value type of its inputs. Nodes whose values are Python containers
// (collect, unroll) bridge typed series and Python lists here.
#include <cmath>
#include <limits>
#include <optional>

#include "csp/api/baselib.h"
#include "csp/api/make_node.h"
#include "py_engine.h"
#include "python_error.h"
#include "series_access.h"

namespace csp::python {
namespace {

template <class T>
Edge<T> typed(const EdgeHandle& handle) { return Edge<T>(handle.slot); }

template <class T>
EdgeHandle handle_of(Edge<T> edge, NativeType type) { return EdgeHandle{edge.slot(), type}; }

using Handles = std::vector<EdgeHandle>;
using Types = std::vector<NativeType>;

// Calls f(tag) for each type family a node supports; others are a TypeError.
template <class F>
decltype(auto) numeric(NativeType type, const char* node, F&& f) {
    switch (type) {
        case NativeType::Int: return f(TypeTag<int64_t>{});
        case NativeType::Float: return f(TypeTag<double>{});
        default: throw TypeError(std::string(node) + " is implemented in C++ for int and float only");
    }
}

// ---- Python-container nodes

// Each element of each list (a Python list, or a native one: List is std::vector<T>), the first
// now, the rest via zero-delay alarms.
template <class T, class List = nb::object>
class PyUnroll final : public Node {
public:
    explicit PyUnroll(Edge<List> x) : Node("unroll"), x_(this, x) {}
    Out<T> out{this};
    void execute() override {
        if (x_.ticked()) {
            const List& values = x_.value();
            const size_t n = size_of(values);
            for (size_t i = 1; i < n; ++i) rest_.schedule(TimeDelta::zero(), element(values, i));
            if (n > 0) out.tick(element(values, 0));
        } else if (rest_.ticked()) {
            out.tick(rest_.value());
        }
    }

private:
    static size_t size_of(const List& values) {
        if constexpr (std::is_same_v<List, nb::object>) return nb::len(values); else return values.size();
    }
    static T element(const List& values, size_t i) {
        if constexpr (std::is_same_v<List, nb::object>) return from_python<T>(values[i]); else return values[i];
    }

    In<List> x_;
    Alarm<T> rest_{this};
};

// The values of the elements that ticked, in propagation order: a native list for native
// elements, a Python list of objects otherwise. For native elements, `python_out` ticks the same
// values as a Python list in the same cycle, for the consumers that do not read native lists
// (once the wiring has handed it to one: want_python_lists).
template <class T>
class PyCollect final : public Node, public PythonListProducer {
public:
    using List = std::conditional_t<std::is_same_v<T, nb::object>, nb::object, std::vector<T>>;

    explicit PyCollect(const std::vector<Edge<T>>& xs) : Node("collect"), xs_(this, xs) {
        for (const In<T>& x : xs_) elements_.push_back(&x);  // basket elements never move
        if constexpr (native()) python_out.emplace(this);
    }
    Out<List> out{this};
    std::optional<Out<nb::object>> python_out;

    void execute() override {
        ticked_.clear();  // kept between cycles: no allocation once it has grown to the widest cycle
        xs_.for_each_ticked_index([this](size_t i) { ticked_.push_back(elements_[i]); });
        if constexpr (std::is_same_v<T, nb::object>) {
            nb::object values = nb::steal(check(PyList_New(static_cast<Py_ssize_t>(ticked_.size()))));
            for (size_t i = 0; i < ticked_.size(); ++i) {
                PyList_SET_ITEM(values.ptr(), static_cast<Py_ssize_t>(i), to_python(ticked_[i]->value()).release().ptr());
            }
            out.tick(std::move(values));
        } else {
            std::vector<T> values;
            values.reserve(ticked_.size());
            for (const In<T>* x : ticked_) values.push_back(x->value());
            if (python_wanted_) python_out->tick(list_to_python(values));
            out.tick(std::move(values));
        }
    }

    void want_python_lists() override { python_wanted_ = native(); }

private:
    static constexpr bool native() { return !std::is_same_v<T, nb::object>; }

    bool python_wanted_ = false;
    InList<T> xs_;
    std::vector<const In<T>*> elements_;  // xs_'s elements, by index
    std::vector<const In<T>*> ticked_;    // this cycle's ticked elements
};

template <class T>
class Split final : public Node {
public:
    Split(Edge<bool> flag, Edge<T> x) : Node("split"), flag_(this, flag, false), x_(this, x) {}
    Out<T> false_out{this};
    Out<T> true_out{this};
    void execute() override {
        if (!x_.ticked() || !flag_.valid()) return;
        (flag_.value() ? true_out : false_out).tick(x_.value());
    }

private:
    In<bool> flag_;
    In<T> x_;
};

template <class T>
bool same_value(const T& a, const T& b, double eps) {
    if constexpr (std::is_same_v<T, double>) {
        if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
        return std::abs(a - b) <= eps;
    } else if constexpr (std::is_same_v<T, nb::object>) {
        return a.equal(b);
    } else {
        return a == b;
    }
}

template <class T>
Edge<T> drop_dups(Edge<T> x, double eps) {
    return make_node("drop_dups", [eps, last = std::optional<T>()](const T& v) mutable -> std::optional<T> {
        if (last && same_value(*last, v, eps)) return std::nullopt;
        last = v;
        return v;
    })(x);
}

// Python's floor division and modulo for integers and floats; both raise
// ZeroDivisionError for a zero divisor (true division gives inf/nan).
template <class T>
T floordiv(T a, T b) {
    if (b == 0) throw ZeroDivisionError(std::is_integral_v<T> ? "integer division or modulo by zero" : "float floor division by zero");
    if constexpr (std::is_integral_v<T>) {
        T q = a / b;
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
    } else {
        return std::floor(a / b);
    }
}

template <class T>
T modulo(T a, T b) {
    if (b == 0) throw ZeroDivisionError(std::is_integral_v<T> ? "integer division or modulo by zero" : "float modulo");
    if constexpr (std::is_integral_v<T>) {
        T r = a % b;
        return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
    } else {
        const T r = std::fmod(a, b);
        return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
    }
}

// ---- registration helpers

template <class Op>
void register_binary(const char* name, Op op, bool boolean_result = false, bool float_result = false) {
    builtin_registry()[name] = [name, op, boolean_result, float_result](Engine&, const Types& types, const Handles& in, nb::tuple) {
        return numeric(types.at(0), name, [&](auto tag) {
            using T = typename decltype(tag)::type;
            auto edge = make_node(name, [op](const T& a, const T& b) { return op(a, b); })(typed<T>(in.at(0)), typed<T>(in.at(1)));
            using R = typename decltype(edge)::value_type;
            const NativeType out = boolean_result ? NativeType::Bool
                                   : float_result ? NativeType::Float
                                   : std::is_same_v<R, int64_t> ? NativeType::Int : NativeType::Float;
            return Handles{handle_of(edge, out)};
        });
    };
}

// A float function of a float or int series (ints convert inside the node, no cast node).
template <class Op>
void register_unary_float(const char* name, Op op) {
    builtin_registry()[name] = [name, op](Engine&, const Types& types, const Handles& in, nb::tuple) {
        return numeric(types.at(0), name, [&](auto tag) {
            using T = typename decltype(tag)::type;
            auto edge = make_node(name, [op](const T& v) { return op(static_cast<double>(v)); })(typed<T>(in.at(0)));
            return Handles{handle_of(edge, NativeType::Float)};
        });
    };
}

template <class Op>
void register_unary_numeric(const char* name, Op op) {
    builtin_registry()[name] = [name, op](Engine&, const Types& types, const Handles& in, nb::tuple) {
        return numeric(types.at(0), name, [&](auto tag) {
            using T = typename decltype(tag)::type;
            return Handles{handle_of(make_node(name, [op](const T& v) { return static_cast<T>(op(v)); })(typed<T>(in.at(0))), types[0])};
        });
    };
}

// Registers a node that works for every native type T.
template <class Build>
void register_any(const char* name, Build build) {
    builtin_registry()[name] = [build](Engine&, const Types& types, const Handles& in, nb::tuple args) {
        return dispatch(types.at(0), [&](auto tag) { return build(tag, types, in, args); });
    };
}

void register_baselib() {
    register_any("sample", [](auto tag, const Types& t, const Handles& in, nb::tuple) {
        using T = typename decltype(tag)::type;
        return Handles{handle_of(add<detail::Sample<T>>(in.at(0).slot, typed<T>(in.at(1))).out.edge(), t[0])};
    });
    register_any("merge", [](auto tag, const Types& t, const Handles& in, nb::tuple) {
        using T = typename decltype(tag)::type;
        return Handles{handle_of(merge(typed<T>(in.at(0)), typed<T>(in.at(1))), t[0])};
    });
    register_any("filter", [](auto tag, const Types& t, const Handles& in, nb::tuple) {
        using T = typename decltype(tag)::type;
        return Handles{handle_of(filter(typed<bool>(in.at(0)), typed<T>(in.at(1))), t[0])};
    });
    register_any("split", [](auto tag, const Types& t, const Handles& in, nb::tuple) {
        using T = typename decltype(tag)::type;
        auto& node = add<Split<T>>(typed<bool>(in.at(0)), typed<T>(in.at(1)));
        return Handles{handle_of(node.false_out.edge(), t[0]), handle_of(node.true_out.edge(), t[0])};
    });
    register_any("firstN", [](auto tag, const Types& t, const Handles& in, nb::tuple args) {
        using T = typename decltype(tag)::type;
        return Handles{handle_of(first_n(typed<T>(in.at(0)), nb::cast<int64_t>(args[0])), t[0])};
    });
    register_any("count", [](auto tag, const Types&, const Handles& in, nb::tuple) {
        using T = typename decltype(tag)::type;
        return Handles{handle_of(count(typed<T>(in.at(0))), NativeType::Int)};
    });
    register_any("delay_time", [](auto tag, const Types& t, const Handles& in, nb::tuple args) {
        using T = typename decltype(tag)::type;
        return Handles{handle_of(delay(typed<T>(in.at(0)), to_timedelta(args[0])), t[0])};
    });
    register_any("delay_ticks", [](auto tag, const Types& t, const Handles& in, nb::tuple args) {
        using T = typename decltype(tag)::type;
        return Handles{handle_of(delay(typed<T>(in.at(0)), static_cast<size_t>(nb::cast<int64_t>(args[0]))), t[0])};
    });
    register_any("default", [](auto tag, const Types& t, const Handles& in, nb::tuple args) {
        using T = typename decltype(tag)::type;
        return Handles{handle_of(default_(typed<T>(in.at(0)), from_python<T>(args[0]), to_timedelta(args[1])), t[0])};
    });
    register_any("times", [](auto tag, const Types&, const Handles& in, nb::tuple) {
        using T = typename decltype(tag)::type;
        return Handles{handle_of(times(typed<T>(in.at(0))), NativeType::DateTime)};
    });
    register_any("times_ns", [](auto tag, const Types&, const Handles& in, nb::tuple) {
        using T = typename decltype(tag)::type;
        auto edge = make_node("times_ns", [](const In<T>&) { return csp::now().nanos(); })(typed<T>(in.at(0)));
        return Handles{handle_of(edge, NativeType::Int)};
    });
    register_any("drop_dups", [](auto tag, const Types& t, const Handles& in, nb::tuple args) {
        using T = typename decltype(tag)::type;
        const double eps = args.size() > 0 && !args[0].is_none() ? nb::cast<double>(args[0]) : 1e-12;
        return Handles{handle_of(drop_dups(typed<T>(in.at(0)), eps), t[0])};
    });
    register_any("unroll", [](auto tag, const Types& t, const Handles& in, nb::tuple) {
        using T = typename decltype(tag)::type;
        if constexpr (!std::is_same_v<T, nb::object>) {
            if (in.at(0).type == native_list_of(t[0])) {
                return Handles{handle_of(add<PyUnroll<T, std::vector<T>>>(typed<std::vector<T>>(in.at(0))).out.edge(), t[0])};
            }
        }
        return Handles{handle_of(add<PyUnroll<T>>(typed<nb::object>(in.at(0))).out.edge(), t[0])};
    });
    register_any("collect", [](auto tag, const Types& t, const Handles& in, nb::tuple) {
        using T = typename decltype(tag)::type;
        std::vector<Edge<T>> edges;
        for (const EdgeHandle& h : in) edges.push_back(typed<T>(h));
        auto& node = add<PyCollect<T>>(edges);
        const EdgeHandle list = handle_of(node.out.edge(), native_list_of(t[0]));
        if constexpr (std::is_same_v<T, nb::object>) return Handles{list};
        else return Handles{list, handle_of(node.python_out->edge(), NativeType::Object)};  // 1: as Python lists
    });
    builtin_registry()["cast_int_to_float"] = [](Engine&, const Types&, const Handles& in, nb::tuple) {
        auto edge = make_node("cast_int_to_float", [](int64_t v) { return static_cast<double>(v); })(typed<int64_t>(in.at(0)));
        return Handles{handle_of(edge, NativeType::Float)};
    };
    builtin_registry()["drop_nans"] = [](Engine&, const Types&, const Handles& in, nb::tuple) {
        auto edge = make_node("drop_nans", [](double v) -> std::optional<double> {
            if (std::isnan(v)) return std::nullopt;
            return v;
        })(typed<double>(in.at(0)));
        return Handles{handle_of(edge, NativeType::Float)};
    };
}

void register_math() {
    register_binary("add", std::plus<>{});
    register_binary("sub", std::minus<>{});
    register_binary("multiply", std::multiplies<>{});
    register_binary("divide", [](auto a, auto b) { return static_cast<double>(a) / static_cast<double>(b); }, false, true);
    register_binary("floordiv", [](auto a, auto b) { return floordiv(a, b); });
    register_binary("mod", [](auto a, auto b) { return modulo(a, b); });
    register_binary("min", [](auto a, auto b) { return b < a ? b : a; });
    register_binary("max", [](auto a, auto b) { return a < b ? b : a; });
    register_binary("eq", std::equal_to<>{}, true);
    register_binary("ne", std::not_equal_to<>{}, true);
    register_binary("lt", std::less<>{}, true);
    register_binary("le", std::less_equal<>{}, true);
    register_binary("gt", std::greater<>{}, true);
    register_binary("ge", std::greater_equal<>{}, true);
    register_unary_float("neg", [](double v) { return -v; });  // float even for ints, as the reference
    register_unary_float("pos", [](double v) { return v; });
    register_unary_numeric("abs", [](auto v) { return v < 0 ? -v : v; });
    register_unary_float("ln", [](double v) { return std::log(v); });
    register_unary_float("log2", [](double v) { return std::log2(v); });
    register_unary_float("log10", [](double v) { return std::log10(v); });
    register_unary_float("exp", [](double v) { return std::exp(v); });
    register_unary_float("exp2", [](double v) { return std::exp2(v); });
    register_unary_float("sqrt", [](double v) { return std::sqrt(v); });
    register_unary_float("erf", [](double v) { return std::erf(v); });
    register_unary_float("sin", [](double v) { return std::sin(v); });
    register_unary_float("cos", [](double v) { return std::cos(v); });
    register_unary_float("tan", [](double v) { return std::tan(v); });
    register_unary_float("arcsin", [](double v) { return std::asin(v); });
    register_unary_float("arccos", [](double v) { return std::acos(v); });
    register_unary_float("arctan", [](double v) { return std::atan(v); });
    register_unary_float("sinh", [](double v) { return std::sinh(v); });
    register_unary_float("cosh", [](double v) { return std::cosh(v); });
    register_unary_float("tanh", [](double v) { return std::tanh(v); });
    register_unary_float("arcsinh", [](double v) { return std::asinh(v); });
    register_unary_float("arccosh", [](double v) { return std::acosh(v); });
    register_unary_float("arctanh", [](double v) { return std::atanh(v); });
    builtin_registry()["pow"] = [](Engine&, const Types& types, const Handles& in, nb::tuple) {
        if (types.at(0) != NativeType::Float) throw TypeError("pow is implemented in C++ for float only");
        auto edge = make_node("pow", [](double a, double b) { return std::pow(a, b); })(typed<double>(in.at(0)),
                                                                                        typed<double>(in.at(1)));
        return Handles{handle_of(edge, NativeType::Float)};
    };
    auto boolean = [](const char* name, auto op) {
        builtin_registry()[name] = [name, op](Engine&, const Types&, const Handles& in, nb::tuple) {
            auto edge = make_node(name, [op](bool a, bool b) { return op(a, b); })(typed<bool>(in.at(0)), typed<bool>(in.at(1)));
            return Handles{handle_of(edge, NativeType::Bool)};
        };
    };
    boolean("and_", [](bool a, bool b) { return a && b; });
    boolean("or_", [](bool a, bool b) { return a || b; });
    builtin_registry()["not_"] = [](Engine&, const Types&, const Handles& in, nb::tuple) {
        return Handles{handle_of(make_node("not_", [](bool v) { return !v; })(typed<bool>(in.at(0))), NativeType::Bool)};
    };
}

}  // namespace

std::map<std::string, BuiltinFactory>& builtin_registry() {
    static std::map<std::string, BuiltinFactory> registry;
    return registry;
}

void register_builtins() {
    register_baselib();
    register_math();
    register_stats_builtins();
}

}  // namespace csp::python
