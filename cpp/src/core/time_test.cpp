#include "csp/core/time.h"

#include "csp/core/exceptions.h"

#include <gtest/gtest.h>

namespace csp {
namespace {

using namespace std::chrono_literals;

TEST(DateTimeTest, CivilRoundTrip) {
    const DateTime t(2024, 2, 29, 13, 10, 33, 160'102'000);
    const auto c = t.civil();
    EXPECT_EQ(c.year, 2024);
    EXPECT_EQ(c.month, 2);
    EXPECT_EQ(c.day, 29);
    EXPECT_EQ(c.hour, 13);
    EXPECT_EQ(c.minute, 10);
    EXPECT_EQ(c.second, 33);
    EXPECT_EQ(c.nanosecond, 160'102'000);
    EXPECT_EQ(DateTime(1970, 1, 1).nanos(), 0);
    EXPECT_EQ(DateTime(2022, 1, 1).nanos(), 1'640'995'200'000'000'000);
    EXPECT_EQ(DateTime(1969, 12, 31, 23, 59, 59).nanos(), -1'000'000'000);
}

TEST(DateTimeTest, FormatsLikePython) {
    EXPECT_EQ(DateTime(2022, 1, 1).to_string(), "2022-01-01 00:00:00");
    EXPECT_EQ(DateTime(2024, 10, 27, 13, 10, 33, 160'102'000).to_string(), "2024-10-27 13:10:33.160102");
    EXPECT_EQ(DateTime(2022, 1, 1, 0, 0, 0, 999).to_string(), "2022-01-01 00:00:00");  // below a microsecond
    EXPECT_EQ(DateTime(1969, 12, 31, 23, 59, 59, 500'000'000).to_string(), "1969-12-31 23:59:59.500000");
    EXPECT_EQ(DateTime(2022, 1, 1).repr(), "datetime.datetime(2022, 1, 1, 0, 0)");
    EXPECT_EQ(DateTime(2022, 1, 1, 0, 0, 5, 1000).repr(), "datetime.datetime(2022, 1, 1, 0, 0, 5, 1)");
}

TEST(DateTimeTest, ArithmeticWithTimeDeltas) {
    const DateTime t(2022, 1, 1);
    EXPECT_EQ((t + 1500ms) - t, TimeDelta(1500ms));
    EXPECT_EQ((t + 24h).to_string(), "2022-01-02 00:00:00");
    EXPECT_LT(t, t + 1ns);
    EXPECT_EQ(max_end_time().to_string(), "2261-12-31 23:59:50.999999");
}

TEST(TimeDeltaTest, FormatsLikePython) {
    EXPECT_EQ(TimeDelta(1s).to_string(), "0:00:01");
    EXPECT_EQ(TimeDelta(500ms).to_string(), "0:00:00.500000");
    EXPECT_EQ(TimeDelta(26h + 3min + 4s).to_string(), "1 day, 2:03:04");
    EXPECT_EQ(TimeDelta(48h).to_string(), "2 days, 0:00:00");
    EXPECT_EQ(TimeDelta(-1s).to_string(), "-1 day, 23:59:59");
    EXPECT_EQ(TimeDelta(1s).repr(), "datetime.timedelta(seconds=1)");
    EXPECT_EQ(TimeDelta().repr(), "datetime.timedelta(0)");
    EXPECT_EQ(TimeDelta(24h + 1us).repr(), "datetime.timedelta(days=1, microseconds=1)");
}

}  // namespace
}  // namespace csp

TEST(DateTest, CivilRoundTripAndFormat) {
    const csp::Date d(2024, 2, 29);
    EXPECT_EQ(d.civil().year, 2024);
    EXPECT_EQ(d.civil().month, 2);
    EXPECT_EQ(d.civil().day, 29);
    EXPECT_EQ(d.to_string(), "2024-02-29");
    EXPECT_EQ(csp::Date(1969, 12, 31).days(), -1);
    EXPECT_LT(csp::Date(2024, 1, 1), d);
    EXPECT_THROW(csp::Date(2023, 2, 29), csp::ValueError);
    EXPECT_THROW(csp::Date(2024, 13, 1), csp::ValueError);
}

TEST(TimeOfDayTest, ComponentsFormatAndRange) {
    const csp::TimeOfDay t(9, 30, 5, 250'000'000);
    EXPECT_EQ(t.civil().hour, 9);
    EXPECT_EQ(t.civil().second, 5);
    EXPECT_EQ(t.to_string(), "09:30:05.250000");
    EXPECT_EQ(csp::TimeOfDay(23, 59).to_string(), "23:59:00");
    EXPECT_THROW(csp::TimeOfDay(24, 0), csp::ValueError);
}
