// The value types a Python graph stores natively, and conversions to and
// from Python objects (private to the extension module).
//
// bool, int, float, datetime and timedelta series hold C++ values, so C++
// nodes process them without touching Python; every other type is held as a
// Python object (nb::object). A list of native values made by a C++ node
// (csp.collect) is a std::vector of them: the *List types. Only the nodes that
// say so read those natively; the wiring gives every other consumer the same
// lists as Python objects (csp.collect's second output). Conversions need the
// GIL.
#pragma once

#include <nanobind/nanobind.h>

#include <cstdint>
#include <string>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include "csp/core/exceptions.h"
#include "csp/core/time.h"
#include "python_error.h"

namespace csp::python {

namespace nb = nanobind;

enum class NativeType {
    Bool, Int, Float, DateTime, TimeDelta, Object,
    BoolList, IntList, FloatList, DateTimeList, TimeDeltaList,  // std::vector of the scalar type
};

inline bool is_native_list(NativeType type) { return type >= NativeType::BoolList; }

// The native list of `element`; Object when the element is not native (such lists stay Python lists).
inline NativeType native_list_of(NativeType element) {
    if (element == NativeType::Object || is_native_list(element)) return NativeType::Object;
    return static_cast<NativeType>(static_cast<int>(element) + static_cast<int>(NativeType::BoolList));
}

// The scalar type of a native list's elements.
inline NativeType element_of(NativeType list) {
    return static_cast<NativeType>(static_cast<int>(list) - static_cast<int>(NativeType::BoolList));
}

template <class T>
struct IsVector : std::false_type {};
template <class E>
struct IsVector<std::vector<E>> : std::true_type {};

// Calls f(T{}) -- well, f with a tag of the C++ type behind `type`.
template <class T>
struct TypeTag {
    using type = T;
};

// Scalar and object types only: a native list reaching it is a wiring bug (std::logic_error).
template <class F>
decltype(auto) dispatch(NativeType type, F&& f) {
    switch (type) {
        case NativeType::Bool: return f(TypeTag<bool>{});
        case NativeType::Int: return f(TypeTag<int64_t>{});
        case NativeType::Float: return f(TypeTag<double>{});
        case NativeType::DateTime: return f(TypeTag<DateTime>{});
        case NativeType::TimeDelta: return f(TypeTag<TimeDelta>{});
        case NativeType::Object: break;
        default: throw std::logic_error("a native list series was wired to a node that does not read native lists");
    }
    return f(TypeTag<nb::object>{});
}

// Native lists too: f gets TypeTag<std::vector<E>> for them.
template <class F>
decltype(auto) dispatch_with_lists(NativeType type, F&& f) {
    if (!is_native_list(type)) return dispatch(type, f);
    return dispatch(element_of(type), [&](auto tag) {
        return f(TypeTag<std::vector<typename decltype(tag)::type>>{});
    });
}

// The value of an int (PyLong_Check: an int or a subclass) that fits in one internal digit, as most
// do, read without a C-API call; false for any other int.
inline bool small_int_value(PyObject* value, int64_t& out) {
#if PY_VERSION_HEX >= 0x030C0000
    if (!PyUnstable_Long_IsCompact(reinterpret_cast<PyLongObject*>(value))) return false;
    out = PyUnstable_Long_CompactValue(reinterpret_cast<PyLongObject*>(value));
#else
    const Py_ssize_t size = Py_SIZE(value);  // the signed digit count
    if (size < -1 || size > 1) return false;
    out = size * static_cast<int64_t>(reinterpret_cast<PyLongObject*>(value)->ob_digit[0]);
#endif
    return true;
}

// The value of an int (PyLong_Check) as int64; OverflowError (PythonError) beyond it.
inline int64_t int_value(PyObject* value) {
    int64_t result;
    if (small_int_value(value, result)) return result;
    result = PyLong_AsLongLong(value);
    if (result == -1 && PyErr_Occurred()) throw PythonError();
    return result;
}

// Must run once, with the GIL, before any datetime conversion.
void init_datetime_api();
// Whether DatetimeConverter fills datetime objects directly (CPython's layout, checked by
// init_datetime_api against the C API) rather than through PyDateTime_FromDateAndTime.
bool direct_datetime_construction();

// The datetime C API lives in native_types.cpp only: Python 3.11 gives every
// translation unit its own API pointer, imported there.
bool is_datetime(nb::handle value);
bool is_timedelta(nb::handle value);
// Whether `value`, once stored natively as `type`, converts back to an object
// equal to it and of its exact class (an int, a float, a naive datetime, a
// timedelta): then the object itself can stand for the native value.
bool converts_back_identically(NativeType type, nb::handle value);
DateTime to_datetime(nb::handle value);
TimeDelta to_timedelta(nb::handle value);
nb::object datetime_to_python(DateTime value);
// datetime.date and datetime.time (a datetime is also a date: is_date is true for it).
bool is_date(nb::handle value);
bool is_time(nb::handle value);
bool has_tzinfo(nb::handle time);  // a datetime.time with a timezone
Date to_date(nb::handle value);
TimeOfDay to_time_of_day(nb::handle value);  // the time's tzinfo is ignored
nb::object date_to_python(Date value);
nb::object time_to_python(TimeOfDay value);
// Whether a datetime lies within what DateTime represents (years 1678 to 2261), and a
// timedelta within what TimeDelta does (about ±292 years).
bool in_csp_datetime_range(nb::handle datetime);
bool in_csp_timedelta_range(nb::handle timedelta);
// A datetime checked to lie within what DateTime represents (in_csp_datetime_range);
// throws OverflowError (as a Python error) otherwise.
DateTime to_datetime_checked(nb::handle value);
// A timedelta checked to fit TimeDelta (about ±292 years); throws OverflowError otherwise.
TimeDelta to_timedelta_checked(nb::handle value);

// Converts many DateTimes, mostly in order, reusing the calendar date of the
// last day seen (only the time of day changes between most consecutive ticks).
class DatetimeConverter {
public:
    nb::object operator()(DateTime value);

private:
    bool has_day_ = false;
    int64_t day_start_ = 0;  // nanoseconds of the current day's midnight (when has_day_)
    DateTime::Civil date_{};
};
nb::object timedelta_to_python(TimeDelta value);

// Python -> C++. Throws TypeError ("expected float, got str ('abc')") when the
// value does not fit; int is accepted for float (upcast). Callers add context.
template <class T>
T from_python(nb::handle value);

template <class T>
nb::object to_python(const T& value);

// A native list as a new Python list.
template <class E>
nb::object list_to_python(const std::vector<E>& values) {
    nb::object list = nb::steal(check(PyList_New(static_cast<Py_ssize_t>(values.size()))));
    for (size_t i = 0; i < values.size(); ++i) {
        PyList_SET_ITEM(list.ptr(), static_cast<Py_ssize_t>(i), to_python<E>(static_cast<E>(values[i])).release().ptr());
    }
    return list;
}

template <class T>
nb::object to_python(const T& value) {
    if constexpr (std::is_same_v<T, nb::object>) {
        return value;
    } else if constexpr (std::is_same_v<T, DateTime>) {
        return datetime_to_python(value);
    } else if constexpr (std::is_same_v<T, TimeDelta>) {
        return timedelta_to_python(value);
    } else if constexpr (IsVector<T>::value) {
        return list_to_python(value);
    } else {
        return nb::cast(value);
    }
}

}  // namespace csp::python
