// Time-series history (SEMANTICS.md: "Time series history").
#include "csp/engine/time_series.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/test_util.h"

namespace csp {
namespace {

using namespace std::chrono_literals;
using testing::kStart;

class TimeSeriesTest : public ::testing::Test {
protected:
    void tick_at(TimeDelta offset, int value) {
        state.now = kStart + offset;
        ++state.cycle;
        series.tick(value);
    }
    CycleState state;
    TimeSeries<int> series{state};
};

TEST_F(TimeSeriesTest, KeepsOnlyTheLastValueByDefault) {
    tick_at(1s, 1);
    tick_at(2s, 2);
    EXPECT_EQ(series.last_value(), 2);
    EXPECT_EQ(series.num_ticks(), 2u);
    EXPECT_EQ(series.history_size(), 1u);
    EXPECT_EQ(series.value_ago(0), 2);
    EXPECT_THROW(series.value_ago(1), IndexError);
}

TEST_F(TimeSeriesTest, TickCountPolicyKeepsTheMaximumRequested) {
    series.keep_ticks(3);
    series.keep_ticks(2);  // a smaller request never shrinks the buffer
    for (int i = 1; i <= 5; ++i) tick_at(TimeDelta::from_seconds(i), i);
    EXPECT_EQ(series.history_size(), 3u);
    EXPECT_EQ(series.value_ago(0), 5);
    EXPECT_EQ(series.value_ago(2), 3);
    EXPECT_EQ(series.time_ago(2), kStart + 3s);
    EXPECT_THROW(series.value_ago(3), IndexError);
}

TEST_F(TimeSeriesTest, PolicyRaisedAfterTicksKeepsOrder) {
    for (int i = 1; i <= 3; ++i) tick_at(TimeDelta::from_seconds(i), i);
    series.keep_ticks(4);
    for (int i = 4; i <= 6; ++i) tick_at(TimeDelta::from_seconds(i), i);
    for (size_t k = 0; k < 4; ++k) EXPECT_EQ(series.value_ago(k), 6 - static_cast<int>(k));
}

TEST_F(TimeSeriesTest, TimeWindowPolicyGrowsToKeepTheWindow) {
    series.keep_window(3s);
    for (int i = 1; i <= 20; ++i) tick_at(TimeDelta::from_millis(500 * i), i);
    // Ticks within 3s of the last (10s) are 7s..10s: 7 ticks at 500ms spacing.
    const auto items = series.items_between(kStart + 7s, kStart + 10s);
    ASSERT_EQ(items.size(), 7u);
    EXPECT_EQ(items.front().second, 14);
    EXPECT_EQ(items.back().second, 20);
}

TEST_F(TimeSeriesTest, ItemAtGivesThePrevailingValue) {
    series.keep_ticks(10);
    tick_at(1s, 1);
    tick_at(3s, 3);
    EXPECT_FALSE(series.item_at(kStart).has_value());
    EXPECT_EQ(series.item_at(kStart + 1s)->second, 1);
    EXPECT_EQ(series.item_at(kStart + 2s)->second, 1);
    EXPECT_EQ(series.item_at(kStart + 2s)->first, kStart + 1s);
    EXPECT_EQ(series.item_at(kStart + 5s)->second, 3);
}

TEST_F(TimeSeriesTest, RangeQueriesApplyBoundaryPolicies) {
    series.keep_ticks(10);
    tick_at(1s, 1);
    tick_at(2s, 2);
    tick_at(3s, 3);
    tick_at(4s, 4);
    using P = TimeIndexPolicy;
    auto vals = [&](TimeDelta a, TimeDelta b, P pa, P pb) {
        std::vector<int> out;
        for (const auto& item : series.items_between(kStart + a, kStart + b, pa, pb)) out.push_back(item.second);
        return out;
    };
    EXPECT_EQ(vals(2s, 3s, P::INCLUSIVE, P::INCLUSIVE), (std::vector<int>{2, 3}));
    EXPECT_EQ(vals(2s, 3s, P::EXCLUSIVE, P::INCLUSIVE), (std::vector<int>{3}));
    EXPECT_EQ(vals(2s, 3s, P::INCLUSIVE, P::EXCLUSIVE), (std::vector<int>{2}));
    // EXTRAPOLATE adds the prevailing value at a boundary that has no tick.
    const auto extrapolated = series.items_between(kStart + 1500ms, kStart + 3500ms, P::EXTRAPOLATE, P::EXTRAPOLATE);
    ASSERT_EQ(extrapolated.size(), 4u);
    EXPECT_EQ(extrapolated.front(), std::make_pair(kStart + 1500ms, 1));
    EXPECT_EQ(extrapolated.back(), std::make_pair(kStart + 3500ms, 3));
}

TEST_F(TimeSeriesTest, TickingTwiceInACycleThrows) {
    tick_at(1s, 1);
    EXPECT_THROW(series.tick(2), RuntimeError);
}

TEST(TickBufferTest, WrapsAroundAndLinearizesWhenGrowing) {
    TickBuffer<int> buffer;
    buffer.reserve(3);
    for (int i = 1; i <= 5; ++i) buffer.push(DateTime::from_nanos(i), i);  // holds 3, 4, 5 wrapped
    buffer.reserve(5);
    buffer.push(DateTime::from_nanos(6), 6);
    buffer.push(DateTime::from_nanos(7), 7);
    ASSERT_EQ(buffer.size(), 5u);
    for (size_t k = 0; k < 5; ++k) EXPECT_EQ(buffer.value_ago(k), 7 - static_cast<int>(k));
    EXPECT_EQ(*buffer.ago_at_or_before(DateTime::from_nanos(5)), 2u);
}

TEST(TickBufferTest, KeepsOnlyTheLatestTickWithoutAPolicy) {
    TickBuffer<std::string> buffer;
    EXPECT_EQ(buffer.size(), 0u);
    buffer.push(DateTime::from_nanos(1), "a");
    buffer.push(DateTime::from_nanos(2), "b");
    ASSERT_EQ(buffer.size(), 1u);
    EXPECT_EQ(buffer.latest(), "b");
    EXPECT_EQ(buffer.latest_time(), DateTime::from_nanos(2));
}

TEST(TickBufferTest, AWindowGrowsTheBufferFromASingleTick) {
    TickBuffer<int> buffer;
    buffer.keep_window(TimeDelta::from_nanos(10));
    for (int i = 1; i <= 30; ++i) buffer.push(DateTime::from_nanos(i), i);
    // Every tick within 10ns of the latest (30) is kept: 20..30.
    ASSERT_GE(buffer.size(), 11u);
    for (size_t k = 0; k <= 10; ++k) EXPECT_EQ(buffer.value_ago(k), 30 - static_cast<int>(k));
    EXPECT_EQ(*buffer.ago_at_or_before(DateTime::from_nanos(20)), 10u);
}

TEST(TickBufferTest, ReserveBeforeTheFirstTick) {
    TickBuffer<int> buffer;
    buffer.reserve(2);
    buffer.push(DateTime::from_nanos(1), 1);
    EXPECT_EQ(buffer.size(), 1u);
    buffer.push(DateTime::from_nanos(2), 2);
    buffer.push(DateTime::from_nanos(3), 3);
    ASSERT_EQ(buffer.size(), 2u);
    EXPECT_EQ(buffer.value_ago(1), 2);
    EXPECT_EQ(buffer.time_ago(1), DateTime::from_nanos(2));
}

}  // namespace
}  // namespace csp
