// Adapter managers in realtime runs: a manager's thread pushes into its push
// adapters, and its time slices run as timers on the clock (these run under TSan).
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "testing/test_util.h"

namespace csp {
namespace {

using namespace std::chrono_literals;
using testing::kStart;
using testing::offsets;
using testing::values;

// One connection for many symbols: a thread pushes `count` values to every subscriber.
class Feed : public AdapterManager {
public:
    explicit Feed(int count) : AdapterManager("feed"), count_(count) {}

    Edge<int> subscribe(const std::string& symbol) {
        auto& adapter = engine().add_input_adapter<PushInputAdapter<int>>(symbol);
        adapters_.push_back(&adapter);
        return adapter.edge();
    }

    void start(DateTime, DateTime) override {
        thread_ = std::thread([this] {
            for (int i = 0; i < count_; ++i) {
                for (PushInputAdapter<int>* adapter : adapters_) adapter->push_tick(i);
            }
        });
    }
    void stop() override { thread_.join(); }

private:
    int count_;
    std::vector<PushInputAdapter<int>*> adapters_;  // complete before start(): read-only for the thread
    std::thread thread_;
};

// Stops the engine once every input delivered `count` values; records disorder.
Edge<bool> stop_after(Edge<int> a, Edge<int> b, int count) {
    return make_node("stop_after", [count, next = std::map<int, int>{}](const In<int>& x, const In<int>& y) mutable {
        bool in_order = true;
        for (auto [index, input] : {std::pair{0, &x}, std::pair{1, &y}}) {
            if (!input->ticked()) continue;
            in_order = in_order && input->value() == next[index];
            next[index] = input->value() + 1;
        }
        if (next[0] == count && next[1] == count) stop_engine();
        return in_order;
    })(a, b);
}

constexpr int kCount = 20'000;

TEST(AdapterManagerRealtimeTest, AManagersThreadPushesIntoItsAdapters) {
    RunOptions options;
    options.realtime = true;
    options.starttime = DateTime::now();
    options.endtime = 60s;
    auto results = run([] {
        auto& feed = Engine::current()->add_adapter_manager<Feed>(kCount);
        add_graph_output("in_order", stop_after(feed.subscribe("A"), feed.subscribe("B"), kCount));
    }, options);
    const auto in_order = values(results.get<bool>("in_order"));
    EXPECT_GE(in_order.size(), static_cast<size_t>(kCount));  // both inputs may tick in one cycle
    EXPECT_TRUE(std::all_of(in_order.begin(), in_order.end(), [](bool ok) { return ok; }));
}

// Ticks its managed adapter every second with the slice's count.
class Pulse : public AdapterManager {
public:
    Pulse() : AdapterManager("pulse") {
        adapter_ = &engine().add_input_adapter<ManagedSimInputAdapter<int>>("pulse");
    }
    Edge<int> edge() { return adapter_->edge(); }
    std::optional<DateTime> process_next_sim_timeslice(DateTime now) override {
        adapter_->push_tick(++count_);
        return now + 1s;
    }

private:
    ManagedSimInputAdapter<int>* adapter_;
    int count_ = 0;
};

TEST(AdapterManagerRealtimeTest, TimeSlicesRunOnTheClockInRealtime) {
    auto clock = std::make_shared<ManualClock>(kStart + 2s);  // 0s to 2s (now) are caught up, 3s is live
    RunOptions options;
    options.realtime = true;
    options.starttime = kStart;
    options.endtime = 3s;
    options.clock = clock;
    auto results = run([] {
        auto& pulse = Engine::current()->add_adapter_manager<Pulse>();
        add_graph_output("pulse", pulse.edge());
        add_graph_output("live", make_node("live", [](int) { return csp::in_realtime(); })(pulse.edge()));
    }, options);
    EXPECT_EQ(offsets(results.get<int>("pulse")), (std::vector<TimeDelta>{0s, 1s, 2s, 3s}));
    EXPECT_EQ(values(results.get<int>("pulse")), (std::vector<int>{1, 2, 3, 4}));
    EXPECT_EQ(values(results.get<bool>("live")), (std::vector<bool>{false, false, false, true}));
}

}  // namespace
}  // namespace csp
