// Push-pull adapters: replay ticks at their own times (in simulation and in
// realtime catch-up), then live ticks; ordering against other inputs at equal
// times; errors. The pushing threads run for real, so these run under TSan.
#include "csp/engine/push_pull_adapter.h"

#include <gtest/gtest.h>

#include <thread>

#include "testing/test_util.h"

namespace csp {
namespace {

using namespace std::chrono_literals;
using testing::kStart;
using testing::offsets;
using testing::sim;
using testing::values;

struct Script {
    std::vector<std::pair<TimeDelta, int>> replay;  // offsets from the start
    std::vector<int> live;
    bool flag_complete = true;
    TimeDelta pause_before_replay = TimeDelta::zero();  // wall time, to make the engine wait
    bool request_stop = false;                          // push nothing; ask the engine to stop instead
};

// Pushes its script from a thread; records an error the thread saw.
class ScriptedReplay : public PushPullInputAdapter<int> {
public:
    ScriptedReplay(Script script, std::string* thread_error, PushMode mode = PushMode::NON_COLLAPSING)
        : PushPullInputAdapter<int>("replay", mode), script_(std::move(script)), thread_error_(thread_error) {}

protected:
    void open(DateTime start, DateTime) override {
        thread_ = std::thread([this, start] {
            try {
                std::this_thread::sleep_for(std::chrono::nanoseconds(script_.pause_before_replay.nanos()));
                if (script_.request_stop) {
                    std::this_thread::sleep_for(50ms);
                    engine().request_stop();
                    return;
                }
                for (const auto& [offset, value] : script_.replay) push_tick(false, start + offset, value);
                if (script_.flag_complete) flag_replay_complete();
                for (int value : script_.live) push_tick(true, DateTime::now(), value);
                push_tick(false, start, -1);  // too late: the replay is over
            } catch (const std::exception& e) {
                if (thread_error_) *thread_error_ = e.what();
            }
        });
    }
    void close() override { thread_.join(); }

private:
    Script script_;
    std::string* thread_error_;
    std::thread thread_;
};

Edge<int> replay(Script script, std::string* thread_error = nullptr, PushMode mode = PushMode::NON_COLLAPSING) {
    return Engine::current()->add_input_adapter<ScriptedReplay>(std::move(script), thread_error, mode).edge();
}

TEST(PushPullAdapterTest, ReplayTicksArriveAtTheirTimesInSimulationAndLiveTicksAreDropped) {
    std::string thread_error;
    Script script{{{-5s, 1}, {0s, 2}, {500ms, 3}, {2s, 4}}, {100, 101}, true, 20ms};
    auto results = run([&] { add_graph_output("x", replay(script, &thread_error)); }, sim(3s));
    EXPECT_EQ(values(results.get<int>("x")), (std::vector<int>{1, 2, 3, 4}));
    // A tick timed before the start is delivered at the start.
    EXPECT_EQ(offsets(results.get<int>("x")), (std::vector<TimeDelta>{0s, 0s, 500ms, 2s}));
    EXPECT_NE(thread_error.find("after the replay was complete"), std::string::npos) << thread_error;
}

TEST(PushPullAdapterTest, ReplayTicksShareCyclesWithOtherEventsAtEqualTimes) {
    auto results = run([] {
        auto x = replay({{{1s, 1}, {1s, 2}}, {}, true});
        auto seen = make_node("seen", [](const In<int>& a, const In<int>& t) {
            return std::string(a.ticked() ? "x" : "") + (t.ticked() ? "t" : "");
        })(x, timer(1s, 0));
        add_graph_output("seen", seen);
    }, sim(1s));
    // As the reference: the first replay tick and the timer in one cycle, the second replay tick in the next.
    EXPECT_EQ(values(results.get<std::string>("seen")), (std::vector<std::string>{"xt", "x"}));
}

TEST(PushPullAdapterTest, LastValueCollapsesReplayTicksAtOneTime) {
    auto results = run([] { add_graph_output("x", replay({{{1s, 1}, {1s, 2}, {2s, 3}}, {}, true}, nullptr, PushMode::LAST_VALUE)); },
                       sim(3s));
    EXPECT_EQ(values(results.get<int>("x")), (std::vector<int>{2, 3}));
}

TEST(PushPullAdapterTest, RealtimeCatchesUpOnTheReplayThenDeliversLiveTicks) {
    RunOptions options;
    options.realtime = true;
    options.starttime = DateTime::now() - 10s;  // the replay lies in the past: caught up as in simulation
    options.endtime = 20s;
    auto results = run([] {
        auto x = replay({{{1s, 1}, {2s, 2}}, {10, 11, 12}, false, 20ms});  // the first live tick ends the replay
        add_graph_output("x", x);
        add_graph_output("live", make_node("live", [](int) { return csp::in_realtime(); })(x));
        add_graph_output("stopper", make_node("stop", [](int v) {
            if (v == 12) stop_engine();
            return v;
        })(x));
    }, options);
    const auto ticks = results.get<int>("x");
    ASSERT_EQ(values(ticks), (std::vector<int>{1, 2, 10, 11, 12}));
    EXPECT_EQ(ticks[0].first - *options.starttime, 1s);
    EXPECT_EQ(ticks[1].first - *options.starttime, 2s);
    EXPECT_EQ(values(results.get<bool>("live")), (std::vector<bool>{false, false, true, true, true}));
}

TEST(PushPullAdapterTest, AReplayTickBeforeThePreviousOneIsAnErrorNamingTheAdapter) {
    try {
        run([] { add_graph_output("x", replay({{{2s, 1}, {1s, 2}}, {}, true})); }, sim(3s));
        FAIL() << "expected an error";
    } catch (const ValueError& e) {
        EXPECT_NE(std::string(e.what()).find("adapter 'replay'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("out of order"), std::string::npos) << e.what();
    }
}

TEST(PushPullAdapterTest, AStopRequestEndsTheWaitForReplayTicks) {
    // The script never pushes: only the stop request ends the engine's wait for the first replay tick.
    Script script;
    script.request_stop = true;
    auto results = run([&] { add_graph_output("x", replay(script)); }, sim(3s));
    EXPECT_TRUE(results.get<int>("x").empty());
}

}  // namespace
}  // namespace csp
