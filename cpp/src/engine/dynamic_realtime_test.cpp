// Dynamic sub-graphs in realtime runs: keys added and removed while events
// are pushed from other threads (the outer graph's, and each instance's own
// push adapters). Run under TSan in CI.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "csp/csp.h"
#include "testing/test_util.h"

namespace csp {
namespace {

using namespace std::chrono_literals;
using Command = std::pair<std::string, int>;  // value < 0 removes the key
using Collected = std::map<std::string, int>;

class KeyControl final : public Node {
public:
    explicit KeyControl(Edge<Command> commands) : Node("key_control"), commands_(this, commands) {}
    DynamicOut<std::string, int> out{this};
    void execute() override {
        const auto& [key, value] = *commands_;
        if (value < 0) out.remove(key); else out.tick(key, value);
    }

private:
    In<Command> commands_;
};

// Pushes its script from a thread started in start(), one event per cycle.
class ThreadedScript final : public PushInputAdapter<Command> {
public:
    explicit ThreadedScript(std::vector<Command> script)
        : PushInputAdapter<Command>("script", PushMode::NON_COLLAPSING), script_(std::move(script)) {}
    ~ThreadedScript() override { join(); }
    void start(DateTime, DateTime) override {
        thread_ = std::thread([this] {
            for (const Command& command : script_) {
                push_tick(command);
                std::this_thread::sleep_for(100us);
            }
        });
    }
    void stop() override { join(); }

private:
    void join() {
        if (thread_.joinable()) thread_.join();
    }
    std::vector<Command> script_;
    std::thread thread_;
};

RunOptions realtime_for(TimeDelta duration) {
    RunOptions options;
    options.realtime = true;
    options.endtime = duration;
    return options;
}

TEST(DynamicRealtimeTest, PushedEventsReachLiveKeysOnlyAndNoneIsLost) {
    std::vector<Command> script;
    std::vector<Collected> expected;
    for (int round = 0; round < 40; ++round) {
        for (const char* key : {"a", "b", "c"}) {
            const bool remove = round % 7 == 6 && std::string(key) != "c";
            script.emplace_back(key, remove ? -1 : round);
            if (!remove) expected.push_back({{key, round * 2}});
        }
    }
    auto results = run([&] {
        auto commands = Engine::current()->add_input_adapter<ThreadedScript>(script).edge();
        auto keys = add<KeyControl>(commands).out.edge();
        auto doubled = dynamic(keys, [](const std::string&, Edge<int> attached) {
            return make_node("double", [](const int& v) { return v * 2; })(attached);
        });
        auto collected = dynamic_collect(doubled);
        add_graph_output("collected", collected);
        // Stop once the last value came through, rather than after a fixed time.
        make_node("stop_at_end", [](const Collected& c) {
            if (c.count("c") && c.at("c") == 78) csp::stop_engine();
        })(collected);
    }, realtime_for(20s));
    EXPECT_EQ(testing::values(results.get<Collected>("collected")), expected);
}

// Each instance runs its own push adapter, fed by a thread it starts and stops.
class Counter final : public PushInputAdapter<int> {
public:
    Counter() : PushInputAdapter<int>("counter", PushMode::NON_COLLAPSING) {}
    ~Counter() override { halt(); }
    void start(DateTime, DateTime) override {
        thread_ = std::thread([this] {
            for (int i = 0; !stopping_.load(); ++i) {
                push_tick(i);
                std::this_thread::sleep_for(200us);
            }
        });
    }
    void stop() override { halt(); }

private:
    void halt() {
        stopping_ = true;
        if (thread_.joinable()) thread_.join();
    }
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

TEST(DynamicRealtimeTest, InstancesWithTheirOwnPushThreadsComeAndGo) {
    auto results = run([] {
        std::vector<std::pair<TimeDelta, Command>> control;
        for (int i = 0; i < 20; ++i) {
            const std::string key = i % 2 ? "odd" : "even";
            control.emplace_back(TimeDelta(std::chrono::milliseconds(10 + 10 * i)), Command{key, (i / 2) % 2 ? -1 : 1});
        }
        auto keys = add<KeyControl>(curve<Command>(control)).out.edge();
        auto counts = dynamic(keys, [](const std::string&, Edge<int>) {
            return Engine::current()->add_input_adapter<Counter>().edge();
        });
        add_graph_output("counts", dynamic_collect(counts));
    }, realtime_for(300ms));
    // Every instance counts from 0 without a gap until it is removed.
    std::map<std::string, int> last;
    for (const auto& [time, collected] : results.get<Collected>("counts")) {
        for (const auto& [key, value] : collected) {
            if (value != 0) EXPECT_EQ(value, last[key] + 1) << key;
            last[key] = value;
        }
    }
    EXPECT_TRUE(last.count("even") && last.count("odd"));
}

}  // namespace
}  // namespace csp
