// Alarms and zero-delay scheduling (SEMANTICS.md: "Scheduler", "Push modes").
#include "csp/engine/alarm.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace csp {
namespace {

using namespace std::chrono_literals;
using testing::kStart;
using testing::offsets;
using testing::sim;
using testing::values;

// On each input tick, schedules n zero-delay alarms carrying 1..n.
class ZeroDelayAlarms : public Node {
public:
    ZeroDelayAlarms(std::string name, Edge<int> x, int n) : Node(std::move(name)), x_(this, x), n_(n) {}
    Out<int> out{this};
    void execute() override {
        if (x_.ticked()) {
            for (int i = 1; i <= n_; ++i) alarm_.schedule(0s, i);
        }
        if (alarm_.ticked()) out.tick(alarm_.value());
    }

private:
    In<int> x_;
    int n_;
    Alarm<int> alarm_{this};
};

TEST(AlarmTest, ZeroDelayAlarmsFireInConsecutiveCyclesAtTheSameTime) {
    // The worked example of the reference documentation.
    testing::PrintCapture capture;
    run([] {
        auto c = const_(1);
        print("ticks_once", add<ZeroDelayAlarms>("once", c, 1).out.edge());
        print("ticks_twice", add<ZeroDelayAlarms>("twice", c, 2).out.edge());
        print("ticks_thrice", add<ZeroDelayAlarms>("thrice", c, 3).out.edge());
    }, sim());
    EXPECT_EQ(capture.str(),
              "2022-01-01 00:00:00 ticks_once:1\n"
              "2022-01-01 00:00:00 ticks_twice:1\n"
              "2022-01-01 00:00:00 ticks_thrice:1\n"
              "2022-01-01 00:00:00 ticks_twice:2\n"
              "2022-01-01 00:00:00 ticks_thrice:2\n"
              "2022-01-01 00:00:00 ticks_thrice:3\n");
}

TEST(AlarmTest, AZeroDelayAlarmNeverFiresInTheCycleThatScheduledIt) {
    auto results = run([] {
        auto fired = add<ZeroDelayAlarms>("a", const_(1), 1).out.edge();
        add_graph_output("cycle", make_node("cycle", [](const int&) { return static_cast<int64_t>(csp::cycle_count()); })(fired));
    }, sim());
    EXPECT_EQ(values(results.get<int64_t>("cycle")), std::vector<int64_t>{2});  // const ticks in cycle 1
}

// Schedules alarms at start; cancels or moves some of them.
class AlarmControl : public Node {
public:
    explicit AlarmControl(Edge<bool> trigger) : Node("alarm_control"), trigger_(this, trigger) {}
    Out<std::string> out{this};
    void start() override {
        keep_ = alarm_.schedule(1s, "kept");
        cancel_ = alarm_.schedule(2s, "cancelled");
        move_ = alarm_.schedule(3s, "moved");
    }
    void execute() override {
        if (trigger_.ticked()) {
            EXPECT_TRUE(alarm_.cancel(cancel_));
            EXPECT_FALSE(alarm_.cancel(cancel_));  // already cancelled
            move_ = alarm_.reschedule(move_, 10s);
        }
        if (alarm_.ticked()) out.tick(alarm_.value());
    }

private:
    In<bool> trigger_;
    Alarm<std::string> alarm_{this};
    Scheduler::Handle keep_, cancel_, move_;
};

TEST(AlarmTest, AlarmsCanBeCancelledAndRescheduled) {
    auto results = run([] { add_graph_output("x", add<AlarmControl>(const_(true, 500ms)).out.edge()); }, sim());
    EXPECT_EQ(values(results.get<std::string>("x")), (std::vector<std::string>{"kept", "moved"}));
    EXPECT_EQ(offsets(results.get<std::string>("x")), (std::vector<TimeDelta>{1s, 10s + 500ms}));
}

// Reschedules itself from its own alarm: the handle is inactive inside its callback.
class Heartbeat : public Node {
public:
    explicit Heartbeat(Edge<bool> x) : Node("heartbeat"), x_(this, x) {}
    Out<int> out{this};
    void start() override { handle_ = alarm_.schedule(1s, 1); }
    void execute() override {
        if (!alarm_.ticked()) return;
        EXPECT_FALSE(alarm_.is_scheduled(handle_));
        out.tick(alarm_.value());
        if (alarm_.value() < 3) handle_ = alarm_.schedule(1s, alarm_.value() + 1);
    }

private:
    In<bool> x_;
    Alarm<int> alarm_{this};
    Scheduler::Handle handle_;
};

TEST(AlarmTest, AnAlarmMayRescheduleItselfFromItsOwnTick) {
    auto results = run([] { add_graph_output("x", add<Heartbeat>(const_(true)).out.edge()); }, sim());
    EXPECT_EQ(values(results.get<int>("x")), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(offsets(results.get<int>("x")), (std::vector<TimeDelta>{1s, 2s, 3s}));
}

class PastAlarm : public Node {
public:
    explicit PastAlarm(Edge<bool> x) : Node("past_alarm"), x_(this, x) {}
    void execute() override { alarm_.schedule(-1s, 1); }

private:
    In<bool> x_;
    Alarm<int> alarm_{this};
};

TEST(AlarmTest, SchedulingInThePastIsAnErrorNamingTheNode) {
    try {
        run([] { add<PastAlarm>(const_(true, 1s)); }, sim());
        FAIL();
    } catch (const ValueError& e) {
        EXPECT_EQ(e.context(), "node 'past_alarm'");
    }
}

TEST(AlarmTest, UnrollEmitsTheFirstElementNowAndTheRestInLaterCycles) {
    // sample(const(true), unroll(...)) samples the first element only.
    auto results = run([] {
        auto lists = const_(std::vector<int>{1, 2, 3});
        auto unrolled = unroll(lists);
        add_graph_output("unrolled", unrolled);
        add_graph_output("sampled", sample(const_(true), unrolled));
    }, sim());
    EXPECT_EQ(values(results.get<int>("unrolled")), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(offsets(results.get<int>("unrolled")), (std::vector<TimeDelta>{0s, 0s, 0s}));
    EXPECT_EQ(values(results.get<int>("sampled")), std::vector<int>{1});
}

}  // namespace
}  // namespace csp
