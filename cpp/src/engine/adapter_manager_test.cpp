// Adapter managers and their managed simulation adapters: time slices in time
// order with other events, push modes, errors naming the manager.
#include "csp/engine/adapter_manager.h"

#include <gtest/gtest.h>

#include <map>

#include "testing/test_util.h"

namespace csp {
namespace {

using namespace std::chrono_literals;
using testing::kStart;
using testing::offsets;
using testing::sim;
using testing::values;

struct Row {
    TimeDelta offset;
    std::string symbol;
    int value;
};

// Replays rows (in time order) to one managed adapter per symbol.
class RowManager : public AdapterManager {
public:
    explicit RowManager(std::vector<Row> rows) : AdapterManager("rows"), rows_(std::move(rows)) {}

    Edge<int> subscribe(const std::string& symbol, PushMode mode = PushMode::NON_COLLAPSING) {
        return add(symbol, mode).edge();
    }
    Edge<std::vector<int>> subscribe_burst(const std::string& symbol) { return add(symbol, PushMode::BURST).burst_edge(); }

    void start(DateTime start, DateTime) override { start_ = start; }
    std::optional<DateTime> process_next_sim_timeslice(DateTime now) override {
        while (next_ < rows_.size() && start_ + rows_[next_].offset <= now) {
            const Row& row = rows_[next_++];
            if (row.value < 0) throw ValueError("negative value for " + row.symbol);
            if (auto it = adapters_.find(row.symbol); it != adapters_.end()) it->second->push_tick(row.value);
        }
        if (next_ == rows_.size()) return std::nullopt;
        return start_ + rows_[next_].offset;
    }

private:
    ManagedSimInputAdapter<int>& add(const std::string& symbol, PushMode mode) {
        auto& adapter = engine().add_input_adapter<ManagedSimInputAdapter<int>>(symbol, mode);
        adapters_[symbol] = &adapter;
        return adapter;
    }
    std::vector<Row> rows_;
    size_t next_ = 0;
    DateTime start_;
    std::map<std::string, ManagedSimInputAdapter<int>*> adapters_;
};

RowManager& add_rows(std::vector<Row> rows) {
    return Engine::current()->add_adapter_manager<RowManager>(std::move(rows));
}

TEST(AdapterManagerTest, ManagedAdaptersTickAtTheManagersTimes) {
    auto results = run([] {
        auto& rows = add_rows({{0s, "A", 1}, {1s, "B", 2}, {2s, "A", 3}, {2s, "B", 4}, {5s, "A", 5}});
        add_graph_output("A", rows.subscribe("A"));
        add_graph_output("B", rows.subscribe("B"));
    }, sim(10s));
    EXPECT_EQ(offsets(results.get<int>("A")), (std::vector<TimeDelta>{0s, 2s, 5s}));
    EXPECT_EQ(values(results.get<int>("A")), (std::vector<int>{1, 3, 5}));
    EXPECT_EQ(offsets(results.get<int>("B")), (std::vector<TimeDelta>{1s, 2s}));
    EXPECT_EQ(values(results.get<int>("B")), (std::vector<int>{2, 4}));
}

// Cycles in which a node saw (timer ticked, managed ticked).
Edge<std::string> ticked_together(Edge<int> a, Edge<int> b) {
    return make_node("together", [](const In<int>& x, const In<int>& y) {
        return std::to_string(csp::cycle_count()) + (x.ticked() ? "a" : "") + (y.ticked() ? "b" : "");
    })(a, b);
}

TEST(AdapterManagerTest, TimeSlicesShareCyclesWithOtherEventsAtEqualTimes) {
    auto results = run([] {
        auto& rows = add_rows({{1s, "A", 1}, {2s, "A", 2}});
        add_graph_output("seen", ticked_together(timer(1s, 0), rows.subscribe("A")));
    }, sim(3s));
    // The first slice (at the start) ticks nothing; at 1s and 2s both inputs tick in one cycle.
    const auto seen = values(results.get<std::string>("seen"));
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0].substr(seen[0].size() - 2), "ab");
    EXPECT_EQ(seen[1].substr(seen[1].size() - 2), "ab");
    EXPECT_EQ(seen[2].back(), 'a');
}

TEST(AdapterManagerTest, SeveralPushesInOneSliceFollowThePushMode) {
    const std::vector<Row> rows = {{1s, "A", 1}, {1s, "A", 2}, {1s, "A", 3}};
    auto results = run([&] {
        add_graph_output("each", add_rows(rows).subscribe("A"));
        add_graph_output("each_cycles", make_node("c", [](int) { return static_cast<int64_t>(csp::cycle_count()); })(
                                            add_rows(rows).subscribe("A")));
        add_graph_output("last", add_rows(rows).subscribe("A", PushMode::LAST_VALUE));
        add_graph_output("burst", add_rows(rows).subscribe_burst("A"));
    }, sim(3s));
    EXPECT_EQ(values(results.get<int>("each")), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(offsets(results.get<int>("each")), (std::vector<TimeDelta>{1s, 1s, 1s}));
    const auto cycles = values(results.get<int64_t>("each_cycles"));
    EXPECT_EQ(cycles, (std::vector<int64_t>{cycles[0], cycles[0] + 1, cycles[0] + 2}));
    EXPECT_EQ(values(results.get<int>("last")), std::vector<int>{3});
    EXPECT_EQ(values(results.get<std::vector<int>>("burst")), (std::vector<std::vector<int>>{{1, 2, 3}}));
}

// Asks to be called again at the same time `repeats` times, ticking a counter.
class RepeatingManager : public AdapterManager {
public:
    explicit RepeatingManager(int repeats) : AdapterManager("repeating"), repeats_(repeats) {
        adapter_ = &engine().add_input_adapter<ManagedSimInputAdapter<int>>("count", PushMode::NON_COLLAPSING);
    }
    Edge<int> edge() { return adapter_->edge(); }
    std::optional<DateTime> process_next_sim_timeslice(DateTime now) override {
        adapter_->push_tick(++calls_);
        if (calls_ > repeats_) return std::nullopt;
        return now;
    }

private:
    int repeats_;
    int calls_ = 0;
    ManagedSimInputAdapter<int>* adapter_;
};

TEST(AdapterManagerTest, ReturningNowCallsAgainInTheNextCycleAtTheSameTime) {
    auto results = run([] {
        auto& manager = Engine::current()->add_adapter_manager<RepeatingManager>(2);
        add_graph_output("n", manager.edge());
        add_graph_output("cycle", make_node("c", [](int) { return static_cast<int64_t>(csp::cycle_count()); })(manager.edge()));
    }, sim(1s));
    EXPECT_EQ(values(results.get<int>("n")), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(offsets(results.get<int>("n")), (std::vector<TimeDelta>{0s, 0s, 0s}));
    EXPECT_EQ(values(results.get<int64_t>("cycle")), (std::vector<int64_t>{1, 2, 3}));
}

TEST(AdapterManagerTest, AnErrorInATimeSliceNamesTheManagerAndStopsEverything) {
    try {
        run([] { add_graph_output("A", add_rows({{0s, "A", 1}, {1s, "A", -1}}).subscribe("A")); }, sim(3s));
        FAIL() << "expected an error";
    } catch (const ValueError& e) {
        EXPECT_NE(std::string(e.what()).find("adapter manager 'rows'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("negative value for A"), std::string::npos) << e.what();
    }
}

class BackwardsManager : public AdapterManager {
public:
    BackwardsManager() : AdapterManager("backwards") {}
    std::optional<DateTime> process_next_sim_timeslice(DateTime now) override { return now - TimeDelta::from_nanos(1); }
};

TEST(AdapterManagerTest, ATimeBeforeNowIsAnErrorNamingTheManager) {
    try {
        run([] {
            Engine::current()->add_adapter_manager<BackwardsManager>();
            add_graph_output("t", timer(1s, 1));
        }, sim(3s));
        FAIL() << "expected an error";
    } catch (const ValueError& e) {
        EXPECT_NE(std::string(e.what()).find("adapter manager 'backwards'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("before the current time"), std::string::npos) << e.what();
    }
}

// A node (rank 2) that pushes every value it reads into a managed adapter
// whose consumer has rank 1: the consumer runs later in the same cycle.
class Forwarder : public Node {
public:
    Forwarder(Edge<int> x, ManagedSimInputAdapter<int>* target) : Node("forwarder"), x_(this, x), target_(target) {}
    void execute() override { target_->push_tick(*x_ * 10); }
    bool is_root() const override { return true; }

private:
    In<int> x_;
    ManagedSimInputAdapter<int>* target_;
};

TEST(AdapterManagerTest, ANodePushingIntoALowerRankedConsumerRunsItInTheSameCycle) {
    auto results = run([] {
        auto& target = Engine::current()->add_input_adapter<ManagedSimInputAdapter<int>>("target");
        auto ticks = timer(1s, 1);
        auto counted = make_node("count", [n = 0](const In<int>&) mutable { return ++n; })(ticks);  // rank 1
        auto deeper = make_node("plus", [](int v) { return v + 1; })(counted);                         // rank 2
        add<Forwarder>(deeper, &target);                                                                // rank 3
        add_graph_output("forwarded", make_node("seen", [](int v) { return v; })(target.edge()));       // rank 1
        add_graph_output("cycles", make_node("cycle", [](int) { return static_cast<int64_t>(csp::cycle_count()); })(
                                       target.edge()));
    }, sim(50s));
    std::vector<int> expected;
    for (int i = 1; i <= 50; ++i) expected.push_back((i + 1) * 10);
    EXPECT_EQ(values(results.get<int>("forwarded")), expected);
    EXPECT_EQ(offsets(results.get<int>("forwarded")).back(), 50s);  // the same cycle as the timer tick
    std::vector<int64_t> cycles;  // one cycle per timer tick: the forwarded value did not wait for a later one
    for (int64_t c = 1; c <= 50; ++c) cycles.push_back(c);
    EXPECT_EQ(values(results.get<int64_t>("cycles")), cycles);
}

TEST(AdapterManagerTest, AddingANodeWhileTheGraphRunsIsAnError) {
    class Adder : public Node {
    public:
        explicit Adder(Edge<int> x) : Node("adder"), x_(this, x) {}
        void execute() override { engine().add_node<Adder>(Edge<int>(x_.slot())); }
        bool is_root() const override { return true; }

    private:
        In<int> x_;
    };
    EXPECT_THROW(run([] { add<Adder>(timer(1s, 1)); }, sim(2s)), RuntimeError);
}

}  // namespace
}  // namespace csp
