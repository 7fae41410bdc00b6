#include <nanobind/stl/string.h>

#include "native_types.h"

#include <limits>

#include "python_error.h"

#include <datetime.h>

namespace csp::python {
namespace {

constexpr int64_t kNanosPerMicro = 1000;
constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

[[noreturn]] void type_error(nb::handle value, const char* expected) {
    throw TypeError(std::string("expected ") + expected + ", got " +
                    nb::cast<std::string>(nb::str(value.type().attr("__name__"))) + " (" +
                    nb::cast<std::string>(nb::repr(value)) + ")");
}

// A naive datetime with its fields stored directly, in the layout datetime.h reads them with
// (PyDateTime_GET_YEAR and the others), skipping the argument checks of PyDateTime_FromDateAndTime:
// the fields come from a valid DateTime. New reference, or nullptr with a Python error set.
// Inlined: it runs once per datetime of a converted column.
[[gnu::always_inline]] inline PyObject* new_naive_datetime_unchecked(int year, int month, int day, int hour, int minute, int second, int usecond) {
    PyTypeObject* type = PyDateTimeAPI->DateTimeType;
    PyObject* object = type->tp_alloc(type, 0);  // 0: no tzinfo
    if (object == nullptr) return nullptr;
    auto* dt = reinterpret_cast<PyDateTime_DateTime*>(object);
    dt->hashcode = -1;
    dt->hastzinfo = 0;
    dt->data[0] = static_cast<unsigned char>(year >> 8);
    dt->data[1] = static_cast<unsigned char>(year & 0xff);
    dt->data[2] = static_cast<unsigned char>(month);
    dt->data[3] = static_cast<unsigned char>(day);
    dt->data[4] = static_cast<unsigned char>(hour);
    dt->data[5] = static_cast<unsigned char>(minute);
    dt->data[6] = static_cast<unsigned char>(second);
    dt->data[7] = static_cast<unsigned char>(usecond >> 16);
    dt->data[8] = static_cast<unsigned char>((usecond >> 8) & 0xff);
    dt->data[9] = static_cast<unsigned char>(usecond & 0xff);
    PyDateTime_DATE_GET_FOLD(object) = 0;
    return object;
}

// Whether new_naive_datetime_unchecked makes the same datetimes as the C API in this interpreter
// (checked once: the layout is CPython's); if not, conversions use the C API.
bool g_direct_datetimes = false;

bool direct_datetimes_match_the_api() {
    constexpr int kFields[][7] = {{2001, 2, 3, 4, 5, 6, 789012}, {1678, 1, 1, 0, 0, 0, 0}, {2261, 12, 31, 23, 59, 59, 999999}};
    for (const auto& f : kFields) {
        nb::object direct = nb::steal(new_naive_datetime_unchecked(f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
        nb::object api = nb::steal(PyDateTime_FromDateAndTime(f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
        if (!direct.is_valid() || !api.is_valid()) {
            PyErr_Clear();
            return false;
        }
        if (!direct.type().is(api.type()) || !direct.equal(api) || nb::hash(direct) != nb::hash(api) ||
            !nb::repr(direct).equal(nb::repr(api)) || PyDateTime_DATE_GET_FOLD(direct.ptr()) != 0 ||
            PyDateTime_DATE_GET_TZINFO(direct.ptr()) != Py_None) {
            return false;
        }
    }
    return true;
}

// A new naive datetime, filled in directly when the layout matched the C API at import.
[[gnu::always_inline]] inline nb::object new_naive_datetime(int year, int month, int day, int hour, int minute, int second, int usecond) {
    PyObject* dt = g_direct_datetimes
                       ? new_naive_datetime_unchecked(year, month, day, hour, minute, second, usecond)
                       : PyDateTime_FromDateAndTime(year, month, day, hour, minute, second, usecond);
    if (dt == nullptr) throw PythonError();
    return nb::steal(dt);
}

}  // namespace

void init_datetime_api() {
    if (PyDateTimeAPI == nullptr) {
        PyDateTime_IMPORT;
        if (PyDateTimeAPI == nullptr) throw nb::python_error();
        g_direct_datetimes = direct_datetimes_match_the_api();
    }
}

bool direct_datetime_construction() { return g_direct_datetimes; }

bool is_datetime(nb::handle value) { return PyDateTime_Check(value.ptr()); }
bool is_timedelta(nb::handle value) { return PyDelta_Check(value.ptr()); }

bool converts_back_identically(NativeType type, nb::handle value) {
    PyObject* object = value.ptr();
    switch (type) {
        case NativeType::Int: return PyLong_CheckExact(object);
        case NativeType::Float: return PyFloat_CheckExact(object);
        case NativeType::DateTime:
            return PyDateTime_CheckExact(object) && PyDateTime_DATE_GET_TZINFO(object) == Py_None &&
                   PyDateTime_DATE_GET_FOLD(object) == 0;
        case NativeType::TimeDelta: return PyDelta_CheckExact(object);
        default: break;  // nothing to save: singletons, the object itself, or a list made anew
    }
    return false;
}

TimeDelta to_timedelta(nb::handle value) {
    if (!PyDelta_Check(value.ptr())) throw TypeError("expected a datetime.timedelta");
    const int64_t days = PyDateTime_DELTA_GET_DAYS(value.ptr());
    const int64_t seconds = PyDateTime_DELTA_GET_SECONDS(value.ptr());
    const int64_t micros = PyDateTime_DELTA_GET_MICROSECONDS(value.ptr());
    return TimeDelta::from_nanos(((days * kSecondsPerDay + seconds) * kMicrosPerSecond + micros) * kNanosPerMicro);
}

DateTime to_datetime(nb::handle value) {
    if (!PyDateTime_Check(value.ptr())) throw TypeError("expected a datetime.datetime");
    PyObject* dt = value.ptr();
    DateTime result(PyDateTime_GET_YEAR(dt), PyDateTime_GET_MONTH(dt), PyDateTime_GET_DAY(dt),
                    PyDateTime_DATE_GET_HOUR(dt), PyDateTime_DATE_GET_MINUTE(dt), PyDateTime_DATE_GET_SECOND(dt),
                    PyDateTime_DATE_GET_MICROSECOND(dt) * kNanosPerMicro);
    if (PyDateTime_DATE_GET_TZINFO(dt) != Py_None) {  // timezone-aware: convert to UTC
        nb::object offset = nb::borrow(value).attr("utcoffset")();
        if (!offset.is_none()) result = result - to_timedelta(offset);
    }
    return result;
}

nb::object datetime_to_python(DateTime value) {
    if (value.is_none()) return nb::none();
    const DateTime::Civil c = value.civil();
    return new_naive_datetime(c.year, c.month, c.day, c.hour, c.minute, c.second,
                              static_cast<int>(c.nanosecond / kNanosPerMicro));
}

bool is_date(nb::handle value) { return PyDate_Check(value.ptr()); }
bool is_time(nb::handle value) { return PyTime_Check(value.ptr()); }
bool has_tzinfo(nb::handle time) { return PyDateTime_TIME_GET_TZINFO(time.ptr()) != Py_None; }

Date to_date(nb::handle value) {
    if (!PyDate_Check(value.ptr())) throw TypeError("expected a datetime.date");
    PyObject* d = value.ptr();
    return Date(PyDateTime_GET_YEAR(d), PyDateTime_GET_MONTH(d), PyDateTime_GET_DAY(d));
}

TimeOfDay to_time_of_day(nb::handle value) {
    if (!PyTime_Check(value.ptr())) throw TypeError("expected a datetime.time");
    PyObject* t = value.ptr();
    return TimeOfDay(PyDateTime_TIME_GET_HOUR(t), PyDateTime_TIME_GET_MINUTE(t), PyDateTime_TIME_GET_SECOND(t),
                     PyDateTime_TIME_GET_MICROSECOND(t) * kNanosPerMicro);
}

nb::object date_to_python(Date value) {
    const Date::Civil c = value.civil();
    return nb::steal(check(PyDate_FromDate(c.year, c.month, c.day)));
}

nb::object time_to_python(TimeOfDay value) {
    const TimeOfDay::Civil c = value.civil();
    return nb::steal(check(PyTime_FromTime(c.hour, c.minute, c.second, static_cast<int>(c.nanosecond / kNanosPerMicro))));
}

bool in_csp_datetime_range(nb::handle datetime) {
    const int year = PyDateTime_GET_YEAR(datetime.ptr());
    return year >= 1678 && year <= 2261;
}

bool in_csp_timedelta_range(nb::handle timedelta) {
    // |timedelta| < 2**63 ns, about 106,751 days (whole days are checked; the rest fits in the margin)
    constexpr int64_t kMaxDays = std::numeric_limits<int64_t>::max() / (kSecondsPerDay * kMicrosPerSecond * kNanosPerMicro) - 1;
    const int64_t days = PyDateTime_DELTA_GET_DAYS(timedelta.ptr());
    return days <= kMaxDays && days >= -kMaxDays;
}

DateTime to_datetime_checked(nb::handle value) {
    if (!in_csp_datetime_range(value)) {
        PyErr_Format(PyExc_OverflowError, "datetime %S is out of range for csp datetime", value.ptr());
        throw PythonError();
    }
    return to_datetime(value);
}

TimeDelta to_timedelta_checked(nb::handle value) {
    if (!in_csp_timedelta_range(value)) {
        PyErr_Format(PyExc_OverflowError, "timedelta %S out of range for csp timedelta", value.ptr());
        throw PythonError();
    }
    return to_timedelta(value);
}

nb::object DatetimeConverter::operator()(DateTime value) {
    if (value.is_none()) return nb::none();
    constexpr int64_t kNanosPerSecond = 1'000'000'000;
    constexpr int64_t kNanosPerDay = kSecondsPerDay * kNanosPerSecond;
    const int64_t ns = value.nanos();
    // Most ticks fall on the day of the previous one: a subtraction and two comparisons find it. The
    // difference is taken unsigned (no overflow); at or after day_start_ it is exact.
    uint64_t in_day = static_cast<uint64_t>(ns) - static_cast<uint64_t>(day_start_);
    if (!has_day_ || ns < day_start_ || in_day >= static_cast<uint64_t>(kNanosPerDay)) [[unlikely]] {
        const int64_t day = ns / kNanosPerDay - (ns % kNanosPerDay < 0 ? 1 : 0);
        day_start_ = day * kNanosPerDay;
        date_ = DateTime::from_nanos(day_start_).civil();
        has_day_ = true;
        in_day = static_cast<uint64_t>(ns) - static_cast<uint64_t>(day_start_);
    }
    // Unsigned and (below a day's seconds) 32-bit arithmetic: the divisions by constants stay short.
    const uint64_t seconds = in_day / kNanosPerSecond;
    const auto micros = static_cast<int>((in_day - seconds * kNanosPerSecond) / kNanosPerMicro);
    const auto second_of_day = static_cast<uint32_t>(seconds);
    const uint32_t hour = second_of_day / 3600;
    const uint32_t second_of_hour = second_of_day - hour * 3600;
    const uint32_t minute = second_of_hour / 60;
    return new_naive_datetime(date_.year, date_.month, date_.day, static_cast<int>(hour), static_cast<int>(minute),
                              static_cast<int>(second_of_hour - minute * 60), micros);
}

nb::object timedelta_to_python(TimeDelta value) {
    if (value.is_none()) return nb::none();
    int64_t micros = value.nanos() / kNanosPerMicro;
    int64_t days = micros / (kSecondsPerDay * kMicrosPerSecond);
    micros -= days * kSecondsPerDay * kMicrosPerSecond;
    if (micros < 0) {
        micros += kSecondsPerDay * kMicrosPerSecond;
        --days;
    }
    PyObject* delta = PyDelta_FromDSU(static_cast<int>(days), static_cast<int>(micros / kMicrosPerSecond),
                                      static_cast<int>(micros % kMicrosPerSecond));
    if (delta == nullptr) throw PythonError();
    return nb::steal(delta);
}

template <>
bool from_python<bool>(nb::handle value) {
    if (!PyBool_Check(value.ptr())) type_error(value, "bool");
    return value.ptr() == Py_True;
}

template <>
int64_t from_python<int64_t>(nb::handle value) {
    if (!PyLong_Check(value.ptr()) || PyBool_Check(value.ptr())) {
        // numpy integers and other integral types convert through __index__
        if (PyIndex_Check(value.ptr()) && !PyBool_Check(value.ptr())) {
            const int64_t result = PyLong_AsLongLong(value.ptr());
            if (result == -1 && PyErr_Occurred()) throw PythonError();
            return result;
        }
        type_error(value, "int");
    }
    return int_value(value.ptr());
}

template <>
double from_python<double>(nb::handle value) {
    if (PyFloat_Check(value.ptr())) return PyFloat_AS_DOUBLE(value.ptr());
    if (PyLong_Check(value.ptr()) && !PyBool_Check(value.ptr())) return PyLong_AsDouble(value.ptr());
    const double result = PyFloat_AsDouble(value.ptr());  // numpy floats and __float__
    if (result == -1.0 && PyErr_Occurred()) {
        PyErr_Clear();
        type_error(value, "float");
    }
    return result;
}

template <>
DateTime from_python<DateTime>(nb::handle value) {
    if (!PyDateTime_Check(value.ptr())) type_error(value, "datetime");
    return to_datetime_checked(value);
}

template <>
TimeDelta from_python<TimeDelta>(nb::handle value) {
    if (!PyDelta_Check(value.ptr())) type_error(value, "timedelta");
    return to_timedelta_checked(value);
}

template <>
nb::object from_python<nb::object>(nb::handle value) {
    return nb::borrow(value);
}

}  // namespace csp::python
