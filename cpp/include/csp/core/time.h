// Time types of csp: nanosecond-resolution DateTime and TimeDelta, and the
// calendar Date and TimeOfDay (used by struct fields).
//
// Both are 64-bit integers of nanoseconds. DateTime counts from the Unix
// epoch, timezone-naive UTC. A reserved minimum value means "none" for both.
// All operations are constexpr and never allocate; formatting follows
// Python's str() of datetime/timedelta so that printed output matches the
// Python API byte for byte.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <limits>
#include <string>

namespace csp {

class TimeDelta {
public:
    constexpr TimeDelta() = default;

    // Implicit from std::chrono durations so that `1s`, `500ms` read naturally.
    template <class Rep, class Period>
    constexpr TimeDelta(std::chrono::duration<Rep, Period> d)  // NOLINT(google-explicit-constructor)
        : ns_(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count()) {}

    static constexpr TimeDelta from_nanos(int64_t ns) { return TimeDelta(ns, 0); }
    static constexpr TimeDelta from_micros(int64_t us) { return from_nanos(us * 1000); }
    static constexpr TimeDelta from_millis(int64_t ms) { return from_nanos(ms * 1000000); }
    static constexpr TimeDelta from_seconds(int64_t s) { return from_nanos(s * 1000000000); }
    static constexpr TimeDelta none() { return from_nanos(std::numeric_limits<int64_t>::min()); }
    static constexpr TimeDelta zero() { return {}; }

    constexpr int64_t nanos() const { return ns_; }
    constexpr double seconds() const { return static_cast<double>(ns_) / 1e9; }
    constexpr bool is_none() const { return ns_ == std::numeric_limits<int64_t>::min(); }

    constexpr TimeDelta operator-() const { return from_nanos(-ns_); }
    constexpr TimeDelta operator+(TimeDelta o) const { return from_nanos(ns_ + o.ns_); }
    constexpr TimeDelta operator-(TimeDelta o) const { return from_nanos(ns_ - o.ns_); }
    constexpr TimeDelta operator*(int64_t k) const { return from_nanos(ns_ * k); }
    constexpr TimeDelta operator/(int64_t k) const { return from_nanos(ns_ / k); }
    constexpr TimeDelta& operator+=(TimeDelta o) { ns_ += o.ns_; return *this; }
    constexpr TimeDelta& operator-=(TimeDelta o) { ns_ -= o.ns_; return *this; }
    constexpr auto operator<=>(const TimeDelta&) const = default;
    // Explicit relational operators: the hottest comparisons in the engine, kept
    // trivially inlinable (a defaulted <=> goes through std::strong_ordering).
    constexpr bool operator==(const TimeDelta& o) const { return ns_ == o.ns_; }
    constexpr bool operator<(const TimeDelta& o) const { return ns_ < o.ns_; }
    constexpr bool operator<=(const TimeDelta& o) const { return ns_ <= o.ns_; }
    constexpr bool operator>(const TimeDelta& o) const { return ns_ > o.ns_; }
    constexpr bool operator>=(const TimeDelta& o) const { return ns_ >= o.ns_; }

    // Python str(timedelta): "0:00:01", "0:00:00.500000", "1 day, 2:03:04".
    std::string to_string() const;
    // Python repr(timedelta): "datetime.timedelta(seconds=1)".
    std::string repr() const;

private:
    constexpr TimeDelta(int64_t ns, int) : ns_(ns) {}
    int64_t ns_ = 0;
};

class DateTime {
public:
    constexpr DateTime() = default;  // the epoch

    // A civil UTC date and time. Fields are not range-checked beyond what the
    // proleptic Gregorian arithmetic requires; use from_civil() for checking.
    DateTime(int year, int month, int day, int hour = 0, int minute = 0, int second = 0,
             int64_t nanosecond = 0);

    static constexpr DateTime from_nanos(int64_t ns) { return DateTime(ns, 0); }
    static constexpr DateTime none() { return from_nanos(std::numeric_limits<int64_t>::min()); }
    static constexpr DateTime min() { return from_nanos(std::numeric_limits<int64_t>::min() + 1); }
    static constexpr DateTime max() { return from_nanos(std::numeric_limits<int64_t>::max()); }
    // The system wall clock.
    static DateTime now();

    constexpr int64_t nanos() const { return ns_; }
    constexpr bool is_none() const { return ns_ == std::numeric_limits<int64_t>::min(); }

    struct Civil {
        int year, month, day, hour, minute, second;
        int64_t nanosecond;
    };
    Civil civil() const;

    constexpr DateTime operator+(TimeDelta d) const { return from_nanos(ns_ + d.nanos()); }
    constexpr DateTime operator-(TimeDelta d) const { return from_nanos(ns_ - d.nanos()); }
    constexpr TimeDelta operator-(DateTime o) const { return TimeDelta::from_nanos(ns_ - o.ns_); }
    constexpr DateTime& operator+=(TimeDelta d) { ns_ += d.nanos(); return *this; }
    constexpr auto operator<=>(const DateTime&) const = default;
    // Explicit relational operators: the hottest comparisons in the engine, kept
    // trivially inlinable (a defaulted <=> goes through std::strong_ordering).
    constexpr bool operator==(const DateTime& o) const { return ns_ == o.ns_; }
    constexpr bool operator<(const DateTime& o) const { return ns_ < o.ns_; }
    constexpr bool operator<=(const DateTime& o) const { return ns_ <= o.ns_; }
    constexpr bool operator>(const DateTime& o) const { return ns_ > o.ns_; }
    constexpr bool operator>=(const DateTime& o) const { return ns_ >= o.ns_; }

    // Python str(datetime): "2022-01-01 00:00:00", "2022-01-01 00:00:00.250000".
    // Resolution below a microsecond is dropped, as Python's datetime has none.
    std::string to_string() const;
    // Python repr(datetime): "datetime.datetime(2022, 1, 1, 0, 0)".
    std::string repr() const;

private:
    constexpr DateTime(int64_t ns, int) : ns_(ns) {}
    int64_t ns_ = 0;
};

// A calendar day (proleptic Gregorian), stored as days since 1970-01-01.
class Date {
public:
    constexpr Date() = default;  // 1970-01-01
    // Throws ValueError for a month or day out of range.
    Date(int year, int month, int day);

    static constexpr Date from_days(int32_t days) { Date d; d.days_ = days; return d; }
    constexpr int32_t days() const { return days_; }

    struct Civil {
        int year, month, day;
    };
    Civil civil() const;
    constexpr auto operator<=>(const Date&) const = default;

    // Python str(date): "2022-01-31".
    std::string to_string() const;

private:
    int32_t days_ = 0;
};

// A time of day, stored as nanoseconds since midnight (0 <= nanos < one day).
class TimeOfDay {
public:
    constexpr TimeOfDay() = default;  // midnight
    // Throws ValueError when a component is out of range.
    TimeOfDay(int hour, int minute, int second = 0, int64_t nanosecond = 0);

    static constexpr TimeOfDay from_nanos(int64_t ns) { TimeOfDay t; t.ns_ = ns; return t; }
    constexpr int64_t nanos() const { return ns_; }

    struct Civil {
        int hour, minute, second;
        int64_t nanosecond;
    };
    Civil civil() const;
    constexpr auto operator<=>(const TimeOfDay&) const = default;

    // Python str(time): "09:30:00", "09:30:00.250000".
    std::string to_string() const;

private:
    int64_t ns_ = 0;
};

// The latest end time a run accepts: 2261-12-31 23:59:50.999999, as in the Python API.
DateTime max_end_time();

}  // namespace csp
