// Text formatting of values, matching Python's str() and repr().
//
// csp::str(v) is what `csp::print` shows for a value; csp::repr(v) is used for
// elements of containers, as Python does ("['a', 'b']"). Supported out of the
// box: bool, integers, floating point (shortest round-trip, Python style),
// strings, DateTime, TimeDelta, std::vector, std::pair, std::optional.
// Other types are printed with operator<< if they have one; to customize,
// specialize csp::Formatter<T> with static str() and repr().
#pragma once

#include <concepts>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "csp/core/time.h"

namespace csp {

// Python's repr(float): shortest round-trip digits, "1.0", "1e-05", "inf", "nan".
std::string format_double(double v);
// Python's repr(str): single-quoted unless the text holds a single quote only.
std::string quote_string(std::string_view s);

template <class T>
struct Formatter {
    static std::string str(const T& v) {
        if constexpr (requires(std::ostream& os) { os << v; }) {
            std::ostringstream os;
            os << v;
            return os.str();
        } else {
            return "<value>";
        }
    }
    static std::string repr(const T& v) { return str(v); }
};

template <class T>
std::string str(const T& v) { return Formatter<T>::str(v); }
template <class T>
std::string repr(const T& v) { return Formatter<T>::repr(v); }

template <>
struct Formatter<bool> {
    static std::string str(bool v) { return v ? "True" : "False"; }
    static std::string repr(bool v) { return str(v); }
};

template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char>)
struct Formatter<T> {
    static std::string str(T v) { return std::to_string(v); }
    static std::string repr(T v) { return str(v); }
};

template <std::floating_point T>
struct Formatter<T> {
    static std::string str(T v) { return format_double(static_cast<double>(v)); }
    static std::string repr(T v) { return str(v); }
};

template <>
struct Formatter<std::string> {
    static std::string str(const std::string& v) { return v; }
    static std::string repr(const std::string& v) { return quote_string(v); }
};

template <>
struct Formatter<DateTime> {
    static std::string str(DateTime v) { return v.to_string(); }
    static std::string repr(DateTime v) { return v.repr(); }
};

template <>
struct Formatter<TimeDelta> {
    static std::string str(TimeDelta v) { return v.to_string(); }
    static std::string repr(TimeDelta v) { return v.repr(); }
};

template <class T>
struct Formatter<std::vector<T>> {
    static std::string str(const std::vector<T>& v) {
        std::string out = "[";
        for (size_t i = 0; i < v.size(); ++i) {
            if (i) out += ", ";
            out += csp::repr(v[i]);
        }
        return out + "]";
    }
    static std::string repr(const std::vector<T>& v) { return str(v); }
};

// As a Python dict prints: {'a': 1.0, 'b': 2.0}.
template <class K, class V>
struct Formatter<std::map<K, V>> {
    static std::string str(const std::map<K, V>& v) {
        std::string out = "{";
        for (const auto& [key, value] : v) {
            if (out.size() > 1) out += ", ";
            out += csp::repr(key) + ": " + csp::repr(value);
        }
        return out + "}";
    }
    static std::string repr(const std::map<K, V>& v) { return str(v); }
};

template <class A, class B>
struct Formatter<std::pair<A, B>> {
    static std::string str(const std::pair<A, B>& v) {
        return "(" + csp::repr(v.first) + ", " + csp::repr(v.second) + ")";
    }
    static std::string repr(const std::pair<A, B>& v) { return str(v); }
};

template <class T>
struct Formatter<std::optional<T>> {
    static std::string str(const std::optional<T>& v) { return v ? csp::str(*v) : "None"; }
    static std::string repr(const std::optional<T>& v) { return v ? csp::repr(*v) : "None"; }
};

}  // namespace csp
