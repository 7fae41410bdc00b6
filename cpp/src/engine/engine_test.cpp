// Engine cycles, ranks, propagation, start/stop and errors (SEMANTICS.md:
// "Engine cycles", "Ranks and propagation", "Start, stop, errors").
#include "csp/engine/engine.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "testing/test_util.h"

namespace csp {
namespace {

using namespace std::chrono_literals;
using testing::kStart;
using testing::sim;
using testing::values;

// Records, for every execution, the node name, the cycle count and which inputs ticked.
std::vector<std::string>* g_log = nullptr;

class Recorder : public Node {
public:
    Recorder(std::string name, std::vector<Edge<int>> inputs) : Node(std::move(name)), inputs_(this, inputs) {}
    Out<int> out{this};
    void start() override { g_log->push_back("start " + name()); }
    void stop() override { g_log->push_back("stop " + name()); }
    void execute() override {
        g_log->push_back(name() + "@" + std::to_string(engine().cycle_count()));
        int sum = 0;
        for (const auto& input : inputs_) sum += input.valid() ? input.value() : 0;
        out.tick(sum);
    }

private:
    InList<int> inputs_;
};

class EngineTest : public ::testing::Test {
protected:
    void SetUp() override { g_log = &log_; }
    void TearDown() override { g_log = nullptr; }
    std::vector<std::string> log_;
};

TEST_F(EngineTest, CycleCountStartsAtOneAndSeveralCyclesShareATimestamp) {
    auto results = run([] {
        auto x = curve<int>({{0s, 1}, {0s, 2}, {1s, 3}});
        add_graph_output("cycles", make_node("cycle", [](const int&) { return static_cast<int64_t>(csp::cycle_count()); })(x));
    }, sim());
    EXPECT_EQ(values(results.get<int64_t>("cycles")), (std::vector<int64_t>{1, 2, 3}));
    EXPECT_EQ(testing::offsets(results.get<int64_t>("cycles")), (std::vector<TimeDelta>{0s, 0s, 1s}));
}

TEST_F(EngineTest, ConsumersRunInRankOrderAndOncePerCycle) {
    // a (rank 1) and b (rank 2) both feed c, so c is rank 3 and must run
    // once, after both, although two of its inputs tick.
    run([] {
        auto src = const_(1);
        auto& a = add<Recorder>("a", std::vector<Edge<int>>{src});
        auto& b = add<Recorder>("b", std::vector<Edge<int>>{a.out});
        auto& c = add<Recorder>("c", std::vector<Edge<int>>{b.out, a.out, src});
        add_graph_output("c", c.out.edge());
    }, sim());
    EXPECT_EQ(log_, (std::vector<std::string>{"start a", "start b", "start c", "a@1", "b@1", "c@1", "stop a",
                                              "stop b", "stop c"}));
}

TEST_F(EngineTest, WithinARankNodesRunInTheOrderTheyWereScheduled) {
    run([] {
        auto first = const_(1);
        auto second = const_(2);
        // y is created first but subscribes to `second`, which ticks after `first`.
        auto& y = add<Recorder>("y", std::vector<Edge<int>>{second});
        auto& x = add<Recorder>("x", std::vector<Edge<int>>{first});
        add_graph_output("x", x.out.edge());
        add_graph_output("y", y.out.edge());
    }, sim());
    EXPECT_EQ(log_[2], "x@1");
    EXPECT_EQ(log_[3], "y@1");
}

TEST_F(EngineTest, RanksAreTheLongestPathFromSources) {
    Engine engine;
    Recorder* nodes[3];
    {
        Engine::Scope scope(engine);
        auto src = const_(1);
        nodes[0] = &add<Recorder>("a", std::vector<Edge<int>>{src});
        nodes[1] = &add<Recorder>("b", std::vector<Edge<int>>{nodes[0]->out});
        nodes[2] = &add<Recorder>("c", std::vector<Edge<int>>{src, nodes[1]->out});
        add_graph_output("c", nodes[2]->out.edge());
    }
    engine.run(kStart, kStart);
    EXPECT_EQ(nodes[0]->rank(), 1);
    EXPECT_EQ(nodes[1]->rank(), 2);
    EXPECT_EQ(nodes[2]->rank(), 3);
}

TEST_F(EngineTest, NodesThatReachNoRootArePruned) {
    run([] {
        auto src = const_(1);
        auto& unused = add<Recorder>("unused", std::vector<Edge<int>>{src});
        auto& used = add<Recorder>("used", std::vector<Edge<int>>{src});
        add<Recorder>("unused_child", std::vector<Edge<int>>{unused.out});
        add_graph_output("used", used.out.edge());
    }, sim());
    for (const std::string& entry : log_) EXPECT_EQ(entry.find("unused"), std::string::npos) << entry;
    EXPECT_NE(std::find(log_.begin(), log_.end(), "used@1"), log_.end());
}

// Counts its destructions; throws from its constructor when asked.
class Counted : public Node {
public:
    Counted(Edge<int> x, int* destroyed, bool throw_in_constructor = false)
        : Node("counted"), x_(this, x), destroyed_(destroyed) {
        if (throw_in_constructor) throw ValueError("counted: bad argument");
    }
    ~Counted() override { ++*destroyed_; }
    Out<int> out{this};
    void execute() override { out.tick(x_.value()); }

private:
    In<int> x_;
    int* destroyed_;
};

TEST_F(EngineTest, EveryNodeIsDestroyedOnceWhetherPrunedRunOrLeftAfterAFailedBuild) {
    int destroyed = 0;
    run([&] {
        auto src = const_(1);
        add<Counted>(src, &destroyed);  // reaches no root: pruned before the run
        add_graph_output("kept", add<Counted>(src, &destroyed).out.edge());
        EXPECT_THROW(add<Counted>(src, &destroyed, true), ValueError);  // never constructed: never destroyed
    }, sim());
    EXPECT_EQ(destroyed, 2);

    destroyed = 0;
    EXPECT_THROW(run([&] {
        for (int i = 0; i < 1000; ++i) add<Counted>(const_(i), &destroyed);
        throw ValueError("the graph function failed");
    }, sim()), ValueError);
    EXPECT_EQ(destroyed, 1000);
}

TEST_F(EngineTest, EndTimeIsInclusive) {
    auto results = run([] { add_graph_output("x", curve<int>({{1s, 1}, {2s, 2}, {3s, 3}})); }, sim(2s));
    EXPECT_EQ(values(results.get<int>("x")), (std::vector<int>{1, 2}));
}

// Logs which elements of its basket ticked (sorted), for every execution, and whether
// for_each_ticked_index visits them as ticked_indices lists them; element `passive` is passive.
class TickedElements : public Node {
public:
    TickedElements(std::vector<Edge<int>> inputs, int passive) : Node("ticked"), inputs_(this, inputs), passive_(passive) {}
    void start() override {
        if (passive_ >= 0) inputs_[static_cast<size_t>(passive_)].make_passive();
    }
    void execute() override {
        std::vector<size_t> ticked = inputs_.ticked_indices();
        std::vector<size_t> visited;
        inputs_.for_each_ticked_index([&visited](size_t i) { visited.push_back(i); });
        if (visited != ticked) g_log->push_back("for_each_ticked_index differs from ticked_indices");
        std::sort(ticked.begin(), ticked.end());  // same-time adapters tick in an order this test does not fix
        std::string entry = "ticked";
        for (size_t i : ticked) entry += " " + std::to_string(i);
        g_log->push_back(entry);
    }

private:
    InList<int> inputs_;
    int passive_;
};

// Ticks its output when it stops: with no cycle in the run, that is a tick at cycle 0.
class TicksOnStop : public Node {
public:
    TicksOnStop() : Node("ticks_on_stop") {}
    Out<int> out{this};
    void execute() override {}
    void stop() override { out.tick(1); }
};

TEST_F(EngineTest, ABasketElementTickingBeforeAnyCycleIsRecordedWithoutRunningTheConsumer) {
    run([] {
        auto& source = add<TicksOnStop>();
        add<TickedElements>(std::vector<Edge<int>>{source.out.edge()}, -1);
    }, sim());  // no adapter: no cycle, so the consumer's basket records a tag at cycle 0
    EXPECT_TRUE(log_.empty());
}

TEST_F(EngineTest, BasketTickedIndicesIncludePassiveElementsThatTicked) {
    auto graph = [](int passive) {
        return [passive] {
            auto a = curve<int>({{0s, 1}, {1s, 2}});
            auto b = curve<int>({{0s, 10}, {2s, 30}});
            auto c = curve<int>({{1s, 100}});
            add<TickedElements>(std::vector<Edge<int>>{b, a, c}, passive);
        };
    };
    run(graph(0), sim());  // b passive: listed when it ticked with a, never runs the node alone (2s)
    EXPECT_EQ(log_, (std::vector<std::string>{"ticked 0 1", "ticked 1 2"}));
    log_.clear();
    run(graph(-1), sim());
    EXPECT_EQ(log_, (std::vector<std::string>{"ticked 0 1", "ticked 1 2", "ticked 0"}));
}

class NowAtStop : public Node {
public:
    explicit NowAtStop(Edge<int> x, DateTime* seen) : Node("now_at_stop"), x_(this, x), seen_(seen) {}
    void execute() override {}
    void stop() override { *seen_ = now(); }

private:
    In<int> x_;
    DateTime* seen_;
};

TEST_F(EngineTest, NowAfterTheLastCycleIsTheEndTimeOrTheLastEvent) {
    DateTime seen;
    run([&] { add<NowAtStop>(curve<int>({{1s, 1}, {5s, 2}}), &seen); }, sim(3s));
    EXPECT_EQ(seen, kStart + 3s);  // events remain past the end
    run([&] { add<NowAtStop>(curve<int>({{1s, 1}, {5s, 2}}), &seen); }, sim(30s));
    EXPECT_EQ(seen, kStart + 5s);  // the scheduler ran dry
}

class TwiceNode : public Node {
public:
    explicit TwiceNode(Edge<int> x) : Node("twice"), x_(this, x) {}
    Out<int> out{this};
    void execute() override {
        out.tick(1);
        out.tick(2);
    }

private:
    In<int> x_;
};

TEST_F(EngineTest, TickingTwiceInOneCycleIsAnErrorNamingTheNode) {
    try {
        run([] { add_graph_output("x", add<TwiceNode>(const_(1)).out.edge()); }, sim());
        FAIL() << "expected an error";
    } catch (const RuntimeError& e) {
        EXPECT_NE(std::string(e.what()).find("node 'twice'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("output twice on the same engine cycle"), std::string::npos);
    }
}

class TickAtStart : public Node {
public:
    explicit TickAtStart(Edge<int> x) : Node("tick_at_start"), x_(this, x) {}
    Out<int> out{this};
    void start() override { out.tick(1); }
    void execute() override {}

private:
    In<int> x_;
};

TEST_F(EngineTest, TickingDuringStartIsAnError) {
    EXPECT_THROW(run([] { add_graph_output("x", add<TickAtStart>(const_(1)).out.edge()); }, sim()), RuntimeError);
}

class Failing : public Node {
public:
    Failing(std::string name, Edge<int> x, int fail_on) : Node(std::move(name)), x_(this, x), fail_on_(fail_on) {}
    Out<int> out{this};
    void start() override { g_log->push_back("start " + name()); }
    void stop() override { g_log->push_back("stop " + name()); }
    void execute() override {
        g_log->push_back(name() + " saw " + std::to_string(x_.value()));
        if (x_.value() == fail_on_) throw ValueError("bad value " + std::to_string(fail_on_));
        out.tick(x_.value());
    }

private:
    In<int> x_;
    int fail_on_;
};

TEST_F(EngineTest, TheFirstExceptionStopsEveryStartedNodeThenPropagatesWithTheNodeName) {
    try {
        run([] {
            auto x = curve<int>({{1s, 1}, {2s, 2}, {3s, 3}});
            auto& a = add<Failing>("a", x, 2);
            auto& b = add<Failing>("b", a.out, -1);
            add_graph_output("b", b.out.edge());
        }, sim());
        FAIL() << "expected an error";
    } catch (const ValueError& e) {  // the exception keeps its type
        EXPECT_EQ(std::string(e.what()), "node 'a': bad value 2");
        EXPECT_EQ(e.context(), "node 'a'");
    }
    // b never saw 2: the failing cycle was abandoned; 3 never arrived.
    EXPECT_EQ(log_, (std::vector<std::string>{"start a", "start b", "a saw 1", "b saw 1", "a saw 2", "stop a",
                                              "stop b"}));
}

class FailingStart : public Node {
public:
    FailingStart(std::string name, Edge<int> x, bool fail) : Node(std::move(name)), x_(this, x), fail_(fail) {}
    void start() override {
        g_log->push_back("start " + name());
        if (fail_) throw RuntimeError("cannot start");
    }
    void stop() override { g_log->push_back("stop " + name()); }
    void execute() override {}

private:
    In<int> x_;
    bool fail_;
};

TEST_F(EngineTest, OnlyObjectsThatStartedAreStopped) {
    EXPECT_THROW(run([] {
        auto x = const_(1);
        add<FailingStart>("a", x, false);
        add<FailingStart>("b", x, true);
        add<FailingStart>("c", x, false);
    }, sim()), RuntimeError);
    EXPECT_EQ(log_, (std::vector<std::string>{"start a", "start b", "stop a"}));
}

class StopAfter : public Node {
public:
    StopAfter(Edge<int> x, int n) : Node("stop_after"), x_(this, x), n_(n) {}
    Out<int> out{this};
    void execute() override {
        out.tick(x_.value());
        if (x_.value() == n_) csp::stop_engine();
    }

private:
    In<int> x_;
    int n_;
};

TEST_F(EngineTest, StopEngineFinishesTheCurrentCycleThenStops) {
    auto results = run([] {
        auto x = curve<int>({{1s, 1}, {2s, 2}, {3s, 3}});
        auto stopped = add<StopAfter>(x, 2).out.edge();
        add_graph_output("stopped", stopped);
        add_graph_output("after", make_node("after", [](const int& v) { return v * 10; })(stopped));  // rank 2, same cycle
    }, sim());
    EXPECT_EQ(values(results.get<int>("stopped")), (std::vector<int>{1, 2}));
    EXPECT_EQ(values(results.get<int>("after")), (std::vector<int>{10, 20}));
}

TEST_F(EngineTest, AGraphFunctionReturningAnEdgeMakesOutputZero) {
    auto results = run([] { return const_(7); }, sim());
    EXPECT_EQ(values(results.get<int>("0")), std::vector<int>{7});
}

TEST_F(EngineTest, ResultsRejectUnknownKeysAndWrongTypes) {
    auto results = run([] { add_graph_output("x", const_(1)); }, sim());
    EXPECT_THROW(results.get<int>("y"), KeyError);
    EXPECT_THROW(results.get<double>("x"), TypeError);
    EXPECT_THROW(run([] {
        add_graph_output("x", const_(1));
        add_graph_output("x", const_(2));
    }, sim()), ValueError);
}

TEST_F(EngineTest, GraphOutputsKeepTheRequestedTail) {
    auto results = run([] {
        auto x = curve<int>({{1s, 1}, {2s, 2}, {3s, 3}, {4s, 4}});
        add_graph_output("last2", x, 2);
        add_graph_output("window", x, -1, 1s);
    }, sim());
    EXPECT_EQ(values(results.get<int>("last2")), (std::vector<int>{3, 4}));
    EXPECT_EQ(values(results.get<int>("window")), (std::vector<int>{3, 4}));
}

TEST_F(EngineTest, ATickCountKeepsTheLastTicksInOrderWhateverTheirNumber) {
    auto results = run([] {
        auto x = curve<int>({{1s, 1}, {2s, 2}, {3s, 3}, {4s, 4}, {5s, 5}, {6s, 6}, {7s, 7}});
        add_graph_output("none", x, 0);
        add_graph_output("last1", x, 1);
        add_graph_output("last3", x, 3);  // wraps around its ring twice
        add_graph_output("more_than_ticked", x, 10);
        add_graph_output("count_and_window", x, 2, 10s);
    }, sim());
    EXPECT_TRUE(results.get<int>("none").empty());
    EXPECT_EQ(values(results.get<int>("last1")), (std::vector<int>{7}));
    EXPECT_EQ(values(results.get<int>("last3")), (std::vector<int>{5, 6, 7}));
    EXPECT_EQ(results.get<int>("last3").front().first, kStart + 5s);
    EXPECT_EQ(values(results.get<int>("more_than_ticked")), (std::vector<int>{1, 2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(values(results.get<int>("count_and_window")), (std::vector<int>{6, 7}));
}

TEST_F(EngineTest, BadRunTimesAreRejected) {
    RunOptions options = sim();
    options.endtime = kStart - 1s;
    EXPECT_THROW(run([] { const_(1); }, options), ValueError);
    options.endtime = max_end_time() + 1s;
    EXPECT_THROW(run([] { const_(1); }, options), ValueError);
}

TEST_F(EngineTest, BuildingOutsideARunIsAnError) {
    EXPECT_THROW(const_(1), RuntimeError);
    EXPECT_THROW(csp::now(), RuntimeError);
}

class CollectingOutput : public OutputAdapter<int> {
public:
    CollectingOutput(Edge<int> x, std::vector<int>* seen) : OutputAdapter<int>("collector", x), seen_(seen) {}
    void on_tick(const int& value) override { seen_->push_back(value); }
    void stop() override { seen_->push_back(-1); }  // flushed even when the run fails

private:
    std::vector<int>* seen_;
};

TEST_F(EngineTest, OutputAdaptersReceiveTicksAndStopAfterAFailure) {
    std::vector<int> seen;
    EXPECT_THROW(run([&] {
        auto x = curve<int>({{1s, 1}, {2s, 2}, {3s, 3}});
        add_graph_output("x", add<Failing>("fails_at_3", x, 3).out.edge());  // runs first at rank 1
        add<CollectingOutput>(x, &seen);
    }, sim()), ValueError);
    EXPECT_EQ(seen, (std::vector<int>{1, 2, -1}));  // the failing cycle was abandoned before the collector ran
}

class Starts : public Node {
public:
    Starts(std::string name, NodeKind kind, Edge<int> x) : Node(std::move(name), kind), x_(this, x) {}
    void start() override { g_log->push_back("start " + name()); }
    void stop() override { g_log->push_back("stop " + name()); }
    void execute() override {}

private:
    In<int> x_;
};

class LoggingAdapter : public TypedInputAdapter<int> {
public:
    LoggingAdapter() : TypedInputAdapter<int>("adapter", PushMode::NON_COLLAPSING) {}
    void start(DateTime, DateTime) override { g_log->push_back("start adapter"); }
    void stop() override { g_log->push_back("stop adapter"); }
};

class LoggingManager : public AdapterManager {
public:
    LoggingManager() : AdapterManager("manager") {}
    void start(DateTime, DateTime) override { g_log->push_back("start manager"); }
    void stop() override { g_log->push_back("stop manager"); }
};

TEST_F(EngineTest, StartAndStopOrderFollowsCategories) {
    run([] {
        Engine& engine = *Engine::current();
        engine.add_adapter_manager<LoggingManager>();
        auto x = engine.add_input_adapter<LoggingAdapter>().edge();
        add<Starts>("node1", NodeKind::Node, x);
        add<Starts>("output", NodeKind::OutputAdapter, x);
        add<Starts>("node2", NodeKind::Node, x);
    }, sim());
    EXPECT_EQ(log_, (std::vector<std::string>{"start manager", "start output", "start adapter", "start node1",
                                              "start node2", "stop node1", "stop node2", "stop adapter",
                                              "stop output", "stop manager"}));
}

}  // namespace
}  // namespace csp
