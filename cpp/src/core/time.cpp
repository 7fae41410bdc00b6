#include "csp/core/time.h"

#include <cstdio>

#include "csp/core/exceptions.h"

namespace csp {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;
constexpr int64_t kNanosPerDay = kNanosPerSecond * kSecondsPerDay;

// Days since 1970-01-01 of a proleptic Gregorian date. Works in 400-year eras
// (146097 days each) starting on March 1st so that leap days fall at the end.
int64_t days_from_civil(int64_t year, int month, int day) {
    year -= month <= 2 ? 1 : 0;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const int64_t year_of_era = year - era * 400;
    const int64_t month_from_march = (month + 9) % 12;
    const int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

struct YearMonthDay {
    int64_t year;
    int month;
    int day;
};

YearMonthDay civil_from_days(int64_t days) {
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const int64_t day_of_era = days - era * 146097;
    const int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const int64_t month_from_march = (5 * day_of_year + 2) / 153;
    const int day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    const int month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
    const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    return {year, month, day};
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

}  // namespace

std::string TimeDelta::to_string() const {
    if (is_none()) return "None";
    const int64_t micros_total = floor_div(ns_, 1000);
    const int64_t days = floor_div(micros_total, kSecondsPerDay * 1'000'000);
    int64_t rest = micros_total - days * kSecondsPerDay * 1'000'000;
    const int64_t micros = rest % 1'000'000;
    rest /= 1'000'000;
    char buf[96];
    std::string out;
    if (days != 0) {
        std::snprintf(buf, sizeof buf, "%lld day%s, ", static_cast<long long>(days),
                      (days == 1 || days == -1) ? "" : "s");
        out = buf;
    }
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(rest / 3600),
                  static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
    out += buf;
    if (micros != 0) {
        std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(micros));
        out += buf;
    }
    return out;
}

std::string TimeDelta::repr() const {
    const int64_t micros_total = floor_div(ns_, 1000);
    const int64_t days = floor_div(micros_total, kSecondsPerDay * 1'000'000);
    const int64_t rest = micros_total - days * kSecondsPerDay * 1'000'000;
    const int64_t seconds = rest / 1'000'000;
    const int64_t micros = rest % 1'000'000;
    if (days == 0 && seconds == 0 && micros == 0) return "datetime.timedelta(0)";
    std::string out = "datetime.timedelta(";
    const char* sep = "";
    if (days != 0) { out += "days=" + std::to_string(days); sep = ", "; }
    if (seconds != 0) { out += sep + std::string("seconds=") + std::to_string(seconds); sep = ", "; }
    if (micros != 0) { out += sep + std::string("microseconds=") + std::to_string(micros); }
    return out + ")";
}

DateTime::DateTime(int year, int month, int day, int hour, int minute, int second, int64_t nanosecond)
    : ns_((days_from_civil(year, month, day) * kSecondsPerDay + hour * 3600LL + minute * 60LL + second) *
              kNanosPerSecond +
          nanosecond) {}

DateTime DateTime::now() {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return from_nanos(std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count());
}

DateTime::Civil DateTime::civil() const {
    const int64_t days = floor_div(ns_, kNanosPerDay);
    const int64_t in_day = ns_ - days * kNanosPerDay;
    const YearMonthDay ymd = civil_from_days(days);
    const int64_t seconds = in_day / kNanosPerSecond;
    return Civil{static_cast<int>(ymd.year), ymd.month, ymd.day,
                 static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60),
                 static_cast<int>(seconds % 60), in_day % kNanosPerSecond};
}

std::string DateTime::to_string() const {
    if (is_none()) return "None";
    const Civil c = civil();
    char buf[64];
    const int64_t micros = c.nanosecond / 1000;
    if (micros != 0) {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%06lld", c.year, c.month, c.day, c.hour,
                      c.minute, c.second, static_cast<long long>(micros));
    } else {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", c.year, c.month, c.day, c.hour,
                      c.minute, c.second);
    }
    return buf;
}

std::string DateTime::repr() const {
    const Civil c = civil();
    char buf[96];
    const int64_t micros = c.nanosecond / 1000;
    int n = std::snprintf(buf, sizeof buf, "datetime.datetime(%d, %d, %d, %d, %d", c.year, c.month, c.day,
                          c.hour, c.minute);
    if (c.second != 0 || micros != 0) n += std::snprintf(buf + n, sizeof buf - n, ", %d", c.second);
    if (micros != 0) n += std::snprintf(buf + n, sizeof buf - n, ", %lld", static_cast<long long>(micros));
    std::snprintf(buf + n, sizeof buf - n, ")");
    return buf;
}

Date::Date(int year, int month, int day) {
    static constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month < 1 || month > 12 || day < 1 || day > kDaysInMonth[month - 1] || (month == 2 && day == 29 && !leap))
        throw ValueError("date out of range: " + std::to_string(year) + "-" + std::to_string(month) + "-" +
                         std::to_string(day));
    days_ = static_cast<int32_t>(days_from_civil(year, month, day));
}

Date::Civil Date::civil() const {
    const YearMonthDay ymd = civil_from_days(days_);
    return Civil{static_cast<int>(ymd.year), ymd.month, ymd.day};
}

std::string Date::to_string() const {
    const Civil c = civil();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
    return buf;
}

TimeOfDay::TimeOfDay(int hour, int minute, int second, int64_t nanosecond) {
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || nanosecond < 0 ||
        nanosecond >= kNanosPerSecond)
        throw ValueError("time of day out of range");
    ns_ = (hour * 3600LL + minute * 60LL + second) * kNanosPerSecond + nanosecond;
}

TimeOfDay::Civil TimeOfDay::civil() const {
    const int64_t seconds = ns_ / kNanosPerSecond;
    return Civil{static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60),
                 ns_ % kNanosPerSecond};
}

std::string TimeOfDay::to_string() const {
    const Civil c = civil();
    char buf[32];
    const int64_t micros = c.nanosecond / 1000;
    if (micros != 0)
        std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%06lld", c.hour, c.minute, c.second,
                      static_cast<long long>(micros));
    else
        std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", c.hour, c.minute, c.second);
    return buf;
}

DateTime max_end_time() { return DateTime(2261, 12, 31, 23, 59, 50, 999'999'000); }

}  // namespace csp
