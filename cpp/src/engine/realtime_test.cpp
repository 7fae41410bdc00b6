// Realtime runs (SEMANTICS.md: "Realtime"). Timers, catch-up and push-mode
// behaviour run on a ManualClock so they are deterministic; the threaded
// tests check delivery and ordering under real concurrency.
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "testing/test_util.h"

namespace csp {
namespace {

using namespace std::chrono_literals;
using testing::kStart;
using testing::offsets;
using testing::values;

RunOptions realtime_on(std::shared_ptr<Clock> clock, DateTime start, EndTime end) {
    RunOptions options;
    options.realtime = true;
    options.starttime = start;
    options.endtime = end;
    options.clock = std::move(clock);
    return options;
}

TEST(RealtimeTest, TimersTickOnTheClock) {
    auto clock = std::make_shared<ManualClock>(kStart);
    auto results = run([] { add_graph_output("t", timer(1s, 1)); }, realtime_on(clock, kStart, 3s));
    EXPECT_EQ(offsets(results.get<int>("t")), (std::vector<TimeDelta>{1s, 2s, 3s}));
    EXPECT_GE(clock->now(), kStart + 3s);
}

TEST(RealtimeTest, CatchUpSimulatesFromTheStartTimeThenSwitchesToRealtime) {
    auto clock = std::make_shared<ManualClock>(kStart + 10s);  // the start is 10s in the past
    auto results = run([] {
        auto t = timer(4s, 0);
        add_graph_output("live", make_node("live", [](int) { return csp::in_realtime(); })(t));
        add_graph_output("configured", make_node("configured", [](int) { return csp::is_configured_realtime(); })(t));
    }, realtime_on(clock, kStart, 14s));
    EXPECT_EQ(values(results.get<bool>("live")), (std::vector<bool>{false, false, true}));  // 4s, 8s caught up; 12s live
    EXPECT_EQ(values(results.get<bool>("configured")), (std::vector<bool>{true, true, true}));
}

// Pushes a fixed script of values from start(), so that they all wait in the
// queue before the first realtime cycle: the push-mode outcome is then exact.
class ScriptedPush : public PushInputAdapter<int> {
public:
    ScriptedPush(std::vector<int> script, PushMode mode, const PushGroup* group = nullptr)
        : PushInputAdapter<int>("scripted", mode, group), script_(std::move(script)) {}
    void start(DateTime, DateTime) override {
        for (int v : script_) push_tick(v);
    }

private:
    std::vector<int> script_;
};

Edge<int64_t> cycles_of(Edge<int> x) {
    return make_node("cycle", [](const int&) { return static_cast<int64_t>(csp::cycle_count()); })(x);
}

TEST(RealtimeTest, PushModesApplyToWhatArrivedSinceTheLastCycle) {
    auto clock = std::make_shared<ManualClock>(kStart);
    auto results = run([] {
        Engine& engine = *Engine::current();
        auto last = engine.add_input_adapter<ScriptedPush>(std::vector<int>{1, 2, 3}, PushMode::LAST_VALUE).edge();
        auto each = engine.add_input_adapter<ScriptedPush>(std::vector<int>{1, 2, 3}, PushMode::NON_COLLAPSING).edge();
        auto burst = engine.add_input_adapter<ScriptedPush>(std::vector<int>{1, 2, 3}, PushMode::BURST).burst_edge();
        add_graph_output("last", last);
        add_graph_output("each", each);
        add_graph_output("each_cycles", cycles_of(each));
        add_graph_output("burst", burst);
    }, realtime_on(clock, kStart, 1s));
    EXPECT_EQ(values(results.get<int>("last")), std::vector<int>{3});
    EXPECT_EQ(values(results.get<int>("each")), (std::vector<int>{1, 2, 3}));
    const auto cycles = values(results.get<int64_t>("each_cycles"));
    EXPECT_EQ(cycles, (std::vector<int64_t>{cycles[0], cycles[0] + 1, cycles[0] + 2}));  // consecutive cycles
    EXPECT_EQ(values(results.get<std::vector<int>>("burst")), (std::vector<std::vector<int>>{{1, 2, 3}}));
}

TEST(RealtimeTest, OverdueTimersRunAtTheirOwnTimesBeforePushedEvents) {
    // The clock is 3.5s past the start: the timer's ticks at 1, 2 and 3s are
    // overdue when the run begins, and a value was pushed during start().
    auto clock = std::make_shared<ManualClock>(kStart + 3500ms);
    auto results = run([] {
        Engine& engine = *Engine::current();
        auto pushed = engine.add_input_adapter<ScriptedPush>(std::vector<int>{7}, PushMode::NON_COLLAPSING).edge();
        auto timed = timer(1s, 0);
        add_graph_output("pushed", pushed);
        add_graph_output("pushed_cycle", cycles_of(pushed));
        add_graph_output("timer", timed);
        add_graph_output("timer_cycles", make_node("cycle", [](int) { return static_cast<int64_t>(csp::cycle_count()); })(timed));
    }, realtime_on(clock, kStart, 4s + 500ms));
    const auto& timer_ticks = results.get<int>("timer");
    ASSERT_GE(timer_ticks.size(), 3u);
    EXPECT_EQ(offsets(timer_ticks), (std::vector<TimeDelta>{1s, 2s, 3s, 4s}));
    const auto timer_cycles = values(results.get<int64_t>("timer_cycles"));
    EXPECT_EQ(timer_cycles[0] + 1, timer_cycles[1]);  // one cycle per overdue tick
    EXPECT_EQ(timer_cycles[1] + 1, timer_cycles[2]);
    // The pushed value comes after the overdue ticks, at the clock's time, in a cycle of its own.
    ASSERT_EQ(results.get<int>("pushed").size(), 1u);
    EXPECT_EQ(results.get<int>("pushed").front().first, kStart + 3500ms);
    EXPECT_GT(values(results.get<int64_t>("pushed_cycle")).front(), timer_cycles[2]);
}

TEST(RealtimeTest, QueueWaitTimeBoundsEachWaitForEvents) {
    // With no timers and no pushes, the engine still wakes every queue_wait_time (on the manual clock).
    auto clock = std::make_shared<ManualClock>(kStart);
    RunOptions options = realtime_on(clock, kStart, 1s);
    options.queue_wait_time = 250ms;
    std::vector<DateTime> wakeups;
    class RecordingClock final : public Clock {
    public:
        RecordingClock(std::shared_ptr<ManualClock> inner, std::vector<DateTime>* deadlines)
            : inner_(std::move(inner)), deadlines_(deadlines) {}
        DateTime now() const override { return inner_->now(); }
        void wait_until(DateTime deadline, PushQueue& queue) override {
            deadlines_->push_back(deadline);
            inner_->wait_until(deadline, queue);
        }

    private:
        std::shared_ptr<ManualClock> inner_;
        std::vector<DateTime>* deadlines_;
    };
    options.clock = std::make_shared<RecordingClock>(clock, &wakeups);
    run([] { add_graph_output("x", null_ts<int>()); }, options);
    ASSERT_GE(wakeups.size(), 4u);
    EXPECT_EQ(wakeups[0], kStart + 250ms);
    EXPECT_EQ(wakeups[1], kStart + 500ms);
}

TEST(RealtimeTest, APushGroupHoldsLaterEventsBackAfterANonCollapsingOne) {
    // Each adapter pushes from its start(): the group's arrival order is
    // a:1 a:2 b:10 b:20. a is NON_COLLAPSING, b LAST_VALUE.
    auto run_with = [](bool grouped) {
        auto clock = std::make_shared<ManualClock>(kStart);
        return run([grouped] {
            Engine& engine = *Engine::current();
            PushGroup group;
            const PushGroup* g = grouped ? &group : nullptr;
            auto a = engine.add_input_adapter<ScriptedPush>(std::vector<int>{1, 2}, PushMode::NON_COLLAPSING, g).edge();
            auto b = engine.add_input_adapter<ScriptedPush>(std::vector<int>{10, 20}, PushMode::LAST_VALUE, g).edge();
            add_graph_output("a", cycles_of(a));
            add_graph_output("b", cycles_of(b));
            add_graph_output("b_values", b);
        }, realtime_on(clock, kStart, 1s));
    };
    const auto ungrouped = run_with(false);
    // Alone, b conflates both values into the first push cycle.
    EXPECT_EQ(values(ungrouped.get<int>("b_values")), std::vector<int>{20});
    EXPECT_EQ(values(ungrouped.get<int64_t>("b")).front(), values(ungrouped.get<int64_t>("a")).front());

    const auto grouped = run_with(true);
    // Grouped, a:1 is consumed, so a:2 and all of b wait; the next cycle takes a:2 and stops again.
    const auto a_cycles = values(grouped.get<int64_t>("a"));
    ASSERT_EQ(a_cycles.size(), 2u);
    EXPECT_EQ(values(grouped.get<int>("b_values")), std::vector<int>{20});
    EXPECT_EQ(values(grouped.get<int64_t>("b")), std::vector<int64_t>{a_cycles[1] + 1});
}

// Pushes through one batch per start().
class BatchPush : public Node {
public:
    BatchPush(PushInputAdapter<int>& a, PushInputAdapter<int>& b, Edge<bool> trigger)
        : Node("batch_push"), a_(&a), b_(&b), trigger_(this, trigger) {}
    void execute() override {
        PushBatch batch(engine());
        a_->push_tick(1, batch);
        b_->push_tick(2, batch);
    }

private:
    PushInputAdapter<int>* a_;
    PushInputAdapter<int>* b_;
    In<bool> trigger_;
};

TEST(RealtimeTest, EventsOfOneBatchLandInTheSameCycle) {
    auto clock = std::make_shared<ManualClock>(kStart);
    auto results = run([] {
        Engine& engine = *Engine::current();
        auto& a = engine.add_input_adapter<PushInputAdapter<int>>("a", PushMode::NON_COLLAPSING);
        auto& b = engine.add_input_adapter<PushInputAdapter<int>>("b", PushMode::NON_COLLAPSING);
        add<BatchPush>(a, b, timer(100ms, true));
        add_graph_output("a", cycles_of(a.edge()));
        add_graph_output("b", cycles_of(b.edge()));
    }, realtime_on(clock, kStart, 1s));
    EXPECT_FALSE(results.get<int64_t>("a").empty());
    EXPECT_EQ(values(results.get<int64_t>("a")), values(results.get<int64_t>("b")));
}

TEST(RealtimeTest, SimulationRunsIgnorePushedEvents) {
    auto results = run([] {
        Engine& engine = *Engine::current();
        add_graph_output("x", engine.add_input_adapter<ScriptedPush>(std::vector<int>{1, 2}, PushMode::LAST_VALUE).edge());
    }, testing::sim(1s));
    EXPECT_TRUE(results.get<int>("x").empty());
}

// Four threads each push `per_thread` increasing values into their own adapter.
class ThreadedPush : public PushInputAdapter<int64_t> {
public:
    ThreadedPush(int64_t count, std::atomic<int>* finished)
        : PushInputAdapter<int64_t>("threaded", PushMode::NON_COLLAPSING), count_(count), finished_(finished) {}
    void start(DateTime, DateTime) override {
        thread_ = std::thread([this] {
            for (int64_t i = 0; i < count_; ++i) push_tick(i);
            finished_->fetch_add(1);
        });
    }
    void stop() override { thread_.join(); }

private:
    int64_t count_;
    std::atomic<int>* finished_;
    std::thread thread_;
};

// What an OrderCheck saw; owned by the test, so it outlives the engine.
struct Delivery {
    int64_t received = 0;
    bool out_of_order = false;
};

// Checks order and stops the engine once every adapter delivered everything.
class OrderCheck : public Node {
public:
    OrderCheck(Edge<int64_t> x, int64_t expected, std::atomic<int>* done, int adapters, Delivery* delivery)
        : Node("order_check"), x_(this, x), expected_(expected), done_(done), adapters_(adapters), delivery_(delivery) {}
    void execute() override {
        if (x_.value() != delivery_->received) delivery_->out_of_order = true;
        delivery_->received = x_.value() + 1;
        if (delivery_->received == expected_ && done_->fetch_add(1) + 1 == adapters_) stop_engine();
    }

private:
    In<int64_t> x_;
    int64_t expected_;
    std::atomic<int>* done_;
    int adapters_;
    Delivery* delivery_;
};

TEST(RealtimeTest, AMillionEventsFromFourThreadsAreAllDeliveredInOrder) {
    constexpr int kThreads = 4;
    constexpr int64_t kPerThread = 250'000;
    std::atomic<int> finished{0}, done{0};
    std::vector<Delivery> deliveries(kThreads);
    RunOptions options;
    options.realtime = true;
    options.endtime = 10min;  // ends by stop_engine long before
    run([&] {
        Engine& engine = *Engine::current();
        for (int i = 0; i < kThreads; ++i) {
            auto& adapter = engine.add_input_adapter<ThreadedPush>(kPerThread, &finished);
            add<OrderCheck>(adapter.edge(), kPerThread, &done, kThreads, &deliveries[i]);
        }
    }, options);
    EXPECT_EQ(finished.load(), kThreads);
    for (const Delivery& delivery : deliveries) {
        EXPECT_EQ(delivery.received, kPerThread);
        EXPECT_FALSE(delivery.out_of_order);
    }
}

// Sets a flag from its stop() hook.
class StopFlag : public Node {
public:
    StopFlag(Edge<int> x, std::atomic<bool>* stopped) : Node("stop_flag"), x_(this, x), stopped_(stopped) {}
    void execute() override {}
    void stop() override { stopped_->store(true); }

private:
    In<int> x_;
    std::atomic<bool>* stopped_;
};

TEST(RealtimeTest, RunOnThreadStopsCleanlyFromAnotherThread) {
    std::atomic<bool> stopped{false};
    RunOptions options;
    options.realtime = true;
    options.endtime = 10min;
    auto running = run_on_thread([&stopped] {
        auto t = timer(1ms, 1);
        add_graph_output("t", t);
        add<StopFlag>(t, &stopped);
    }, options);
    std::this_thread::sleep_for(50ms);
    EXPECT_TRUE(running.is_alive());
    running.stop_engine();
    const RunResults results = running.join();
    EXPECT_TRUE(stopped.load());
    EXPECT_FALSE(results.get<int>("t").empty());
}

}  // namespace
}  // namespace csp

namespace csp {
namespace {

TEST(RealtimeTest, CtrlCStopsARunningEngineCleanly) {
    std::atomic<bool> stopped{false};
    RunOptions options;
    options.realtime = true;
    options.endtime = 10min;
    std::thread interrupter([] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        std::raise(SIGINT);  // the engine's handler turns it into a clean stop
    });
    const auto before = std::chrono::steady_clock::now();
    run([&stopped] { add<StopFlag>(timer(std::chrono::milliseconds(1), 1), &stopped); }, options);
    interrupter.join();
    EXPECT_TRUE(stopped.load());
    EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(30));
}

}  // namespace
}  // namespace csp
