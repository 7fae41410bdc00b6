// The scheduler on its own (SEMANTICS.md: "Scheduler").
#include "csp/engine/scheduler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "csp/core/exceptions.h"

namespace csp {
namespace {

using namespace std::chrono_literals;

const DateTime t0 = DateTime(2022, 1, 1);

class SchedulerTest : public ::testing::Test {
protected:
    Scheduler::Handle add(DateTime when, std::string name) {
        return scheduler.schedule(when, [this, name] {
            ran.push_back(name);
            return true;
        });
    }
    // Runs cycles until empty; returns the events run by each cycle.
    std::vector<std::vector<std::string>> run_all() {
        std::vector<std::vector<std::string>> cycles;
        while (!scheduler.empty()) {
            ran.clear();
            scheduler.run_due(scheduler.next_time());
            cycles.push_back(ran);
        }
        return cycles;
    }
    Scheduler scheduler;
    std::vector<std::string> ran;
};

TEST_F(SchedulerTest, EventsRunInTimeOrderThenFifo) {
    add(t0 + 2s, "c");
    add(t0 + 1s, "a");
    add(t0 + 1s, "b");
    EXPECT_EQ(scheduler.next_time(), t0 + 1s);
    EXPECT_EQ(run_all(), (std::vector<std::vector<std::string>>{{"a", "b"}, {"c"}}));
}

TEST_F(SchedulerTest, EventsScheduledAtNowDuringACycleRunInALaterCycle) {
    scheduler.schedule(t0, [this] {
        ran.push_back("first");
        add(t0, "zero-delay");
        return true;
    });
    add(t0, "second");
    EXPECT_EQ(run_all(), (std::vector<std::vector<std::string>>{{"first", "second"}, {"zero-delay"}}));
}

TEST_F(SchedulerTest, DeferredEventsAreRetriedFirstInTheNextCycle) {
    int attempts = 0;
    scheduler.schedule(t0, [&] {
        ran.push_back("deferring");
        return ++attempts == 3;  // declines twice
    });
    scheduler.schedule(t0, [this] {
        ran.push_back("other");
        add(t0, "later");
        return true;
    });
    EXPECT_EQ(run_all(), (std::vector<std::vector<std::string>>{
                             {"deferring", "other"}, {"deferring", "later"}, {"deferring"}}));
    EXPECT_EQ(attempts, 3);
}

TEST_F(SchedulerTest, CancelledEventsDoNotRun) {
    auto handle = add(t0 + 1s, "cancelled");
    add(t0 + 2s, "kept");
    EXPECT_TRUE(scheduler.is_active(handle));
    EXPECT_TRUE(scheduler.cancel(handle));
    EXPECT_FALSE(scheduler.cancel(handle));
    EXPECT_FALSE(scheduler.is_active(handle));
    EXPECT_EQ(run_all(), (std::vector<std::vector<std::string>>{{"kept"}}));
}

TEST_F(SchedulerTest, RescheduleMovesTheEventAndExpiresTheOldHandle) {
    auto handle = add(t0 + 1s, "moved");
    add(t0 + 2s, "fixed");
    auto moved = scheduler.reschedule(handle, t0 + 3s);
    EXPECT_FALSE(scheduler.is_active(handle));
    EXPECT_TRUE(scheduler.is_active(moved));
    EXPECT_EQ(run_all(), (std::vector<std::vector<std::string>>{{"fixed"}, {"moved"}}));
    EXPECT_FALSE(scheduler.is_active(scheduler.reschedule(moved, t0 + 4s)));  // already ran
}

TEST_F(SchedulerTest, AHandleIsInactiveInsideItsOwnCallback) {
    Scheduler::Handle self;
    bool active_inside = true;
    self = scheduler.schedule(t0, [&] {
        active_inside = scheduler.is_active(self);
        return true;
    });
    run_all();
    EXPECT_FALSE(active_inside);
}

TEST_F(SchedulerTest, SchedulingBeforeNowIsAnError) {
    scheduler.set_now(t0 + 1s);
    EXPECT_THROW(add(t0, "past"), ValueError);
    EXPECT_NO_THROW(add(t0 + 1s, "now"));
}

TEST_F(SchedulerTest, ACallbackMayRequeueItself) {
    int runs = 0;
    Scheduler::Handle requeued;
    scheduler.schedule(t0, [&] {
        ran.push_back("tick" + std::to_string(++runs));
        if (runs < 3) requeued = scheduler.requeue_current(scheduler.now() + 1s);
        return true;
    });
    add(t0 + 1s, "other");
    EXPECT_EQ(run_all(), (std::vector<std::vector<std::string>>{{"tick1"}, {"other", "tick2"}, {"tick3"}}));
    EXPECT_FALSE(scheduler.is_active(requeued));  // ran for the last time without requeueing
    EXPECT_THROW(scheduler.requeue_current(t0), RuntimeError);  // outside a callback
}

TEST_F(SchedulerTest, RequeueingIntoThePastIsAnError) {
    scheduler.schedule(t0 + 1s, [&] {
        scheduler.requeue_current(t0);
        return true;
    });
    EXPECT_THROW(run_all(), ValueError);
    EXPECT_TRUE(scheduler.empty());
}

TEST_F(SchedulerTest, SlotsAreReusedWithoutConfusingOldHandles) {
    auto old_handle = add(t0, "a");
    run_all();
    auto new_handle = add(t0 + 1s, "b");  // reuses the freed slot
    EXPECT_FALSE(scheduler.cancel(old_handle));
    EXPECT_TRUE(scheduler.is_active(new_handle));
}

TEST_F(SchedulerTest, ManyEventsRunInTimeOrderThenFifoDespiteCancellations) {
    // Random times over few distinct values (many ties), a third cancelled, and
    // callbacks that schedule more events: the order is (time, scheduling order).
    std::mt19937 rng(7);
    std::vector<std::pair<DateTime, std::string>> expected;
    std::vector<Scheduler::Handle> handles;
    for (int i = 0; i < 300; ++i) {
        const DateTime when = t0 + TimeDelta::from_seconds(static_cast<int64_t>(rng() % 20));
        const std::string name = "e" + std::to_string(i);
        handles.push_back(add(when, name));
        expected.emplace_back(when, name);
    }
    for (size_t i = 0; i < handles.size(); i += 3) EXPECT_TRUE(scheduler.cancel(handles[i]));
    std::vector<std::pair<DateTime, std::string>> kept;
    for (size_t i = 0; i < expected.size(); ++i)
        if (i % 3 != 0) kept.push_back(expected[i]);
    // One more event that schedules a later one from inside its callback.
    scheduler.schedule(t0 + 5s, [this] {
        ran.push_back("spawner");
        add(t0 + 25s, "spawned");
        return true;
    });
    kept.emplace_back(t0 + 5s, "spawner");
    kept.emplace_back(t0 + 25s, "spawned");
    std::stable_sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

    std::vector<std::string> order;
    for (const auto& cycle : run_all()) order.insert(order.end(), cycle.begin(), cycle.end());
    std::vector<std::string> expected_order;
    for (const auto& [when, name] : kept) expected_order.push_back(name);
    EXPECT_EQ(order, expected_order);
}

}  // namespace
}  // namespace csp
