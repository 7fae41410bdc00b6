// Dynamic baskets and dynamic sub-graphs (csp/engine/dynamic.h).
#include "csp/api/dynamic.h"

#include <gtest/gtest.h>

#include "csp/csp.h"
#include "testing/test_util.h"

namespace csp {
namespace {

using namespace std::chrono_literals;
using testing::kStart;
using testing::sim;
using testing::values;
using Collected = std::map<std::string, int>;

// Adds `key` on a positive value and removes it on a negative one.
class KeyControl final : public Node {
public:
    explicit KeyControl(Edge<std::pair<std::string, int>> commands) : Node("key_control"), commands_(this, commands) {}
    DynamicOut<std::string, int> out{this};
    void execute() override {
        const auto& [key, value] = *commands_;
        if (value < 0) out.remove(key); else out.tick(key, value);
    }

private:
    In<std::pair<std::string, int>> commands_;
};

DynamicEdge<std::string, int> controlled(std::vector<std::pair<TimeDelta, std::pair<std::string, int>>> commands) {
    return add<KeyControl>(curve<std::pair<std::string, int>>(std::move(commands))).out.edge();
}

// Logs "start k", "stop k" and every value it sees, with the time offset.
std::vector<std::string>* g_log = nullptr;

class Logger final : public Node {
public:
    Logger(std::string key, Edge<int> x) : Node("logger"), key_(std::move(key)), x_(this, x) {}
    Out<int> out{this};
    void start() override { g_log->push_back("start " + key_); }
    void stop() override { g_log->push_back("stop " + key_); }
    void execute() override {
        g_log->push_back(key_ + "=" + std::to_string(*x_) + "@" + std::to_string((now() - kStart).nanos() / 1'000'000'000));
        out.tick(*x_ * 10);
    }

private:
    std::string key_;
    In<int> x_;
};

class DynamicTest : public ::testing::Test {
protected:
    void SetUp() override { g_log = &log_; }
    void TearDown() override { g_log = nullptr; }
    std::vector<std::string> log_;
};

TEST_F(DynamicTest, BasketConsumerSeesAddedRemovedAndTickedKeys) {
    std::vector<std::string> seen;
    class Consumer final : public Node {
    public:
        Consumer(DynamicEdge<std::string, int> b, std::vector<std::string>& seen) : Node("consumer"), b_(this, b), seen_(seen) {}
        void execute() override {
            std::string line = std::to_string((now() - kStart).nanos() / 1'000'000'000) + ":";
            for (const auto& k : b_.added_keys()) line += " +" + k;
            for (const auto& k : b_.removed_keys()) line += " -" + k;
            for (const auto& [k, v] : b_.ticked_items()) line += " " + k + "=" + std::to_string(v);
            line += " size=" + std::to_string(b_.size());
            seen_.push_back(line);
        }

    private:
        InDynamic<std::string, int> b_;
        std::vector<std::string>& seen_;
    };
    run([&] {
        auto basket = controlled({{0s, {"a", 1}}, {1s, {"b", 2}}, {2s, {"a", 3}}, {3s, {"a", -1}}, {4s, {"a", 5}}});
        add<Consumer>(basket, seen);
    }, sim(10s));
    EXPECT_EQ(seen, (std::vector<std::string>{"0: +a a=1 size=1", "1: +b b=2 size=2", "2: a=3 size=2",
                                              "3: -a size=1", "4: +a a=5 size=2"}));
}

TEST_F(DynamicTest, RemovedKeysPlaceIsTakenByTheLastKey) {
    std::vector<std::string> keys;
    class Keys final : public Node {
    public:
        Keys(DynamicEdge<std::string, int> b, std::vector<std::string>& keys) : Node("keys"), b_(this, b), keys_(keys) {}
        void execute() override {
            std::string line;
            for (const auto& k : b_.keys()) line += k;
            keys_.push_back(line);
        }

    private:
        InDynamic<std::string, int> b_;
        std::vector<std::string>& keys_;
    };
    run([&] {
        auto basket = controlled({{0s, {"a", 1}}, {1s, {"b", 1}}, {2s, {"c", 1}}, {3s, {"a", -1}}, {4s, {"a", 1}}});
        add<Keys>(basket, keys);
    }, sim(10s));
    EXPECT_EQ(keys, (std::vector<std::string>{"a", "ab", "abc", "cb", "cba"}));
}

TEST_F(DynamicTest, RemovingAKeyThatTickedInTheSameCycleIsAnError) {
    class AddRemove final : public Node {
    public:
        explicit AddRemove(Edge<int> x) : Node("add_remove"), x_(this, x) {}
        DynamicOut<std::string, int> out{this};
        void execute() override {
            out.tick("k", *x_);
            out.remove("k");
        }

    private:
        In<int> x_;
    };
    try {
        run([] { add_graph_output("c", dynamic_collect(add<AddRemove>(const_(1)).out.edge())); }, sim(1s));
        FAIL() << "expected an error";
    } catch (const RuntimeError& e) {
        EXPECT_NE(std::string(e.what()).find("Attempted to delete dynamic basket key 'k' which was already ticked this cycle"),
                  std::string::npos);
        EXPECT_NE(std::string(e.what()).find("add_remove"), std::string::npos);
    }
}

TEST_F(DynamicTest, SubGraphPerKeyStartsOnCreationSeesItsCreatingTickAndStopsOnRemoval) {
    auto results = run([] {
        auto basket = controlled({{0s, {"a", 1}}, {1s, {"b", 2}}, {2s, {"a", 3}}, {3s, {"a", -1}}, {4s, {"b", 4}}});
        auto out = dynamic(basket, [](const std::string& key, Edge<int> attached) {
            return add<Logger>(key, attached).out.edge();
        });
        add_graph_output("collected", dynamic_collect(out));
    }, sim(10s));
    EXPECT_EQ(log_, (std::vector<std::string>{"start a", "a=1@0", "start b", "b=2@1", "a=3@2", "stop a", "b=4@4",
                                              "stop b"}));
    EXPECT_EQ(values(results.get<Collected>("collected")),
              (std::vector<Collected>{{{"a", 10}}, {{"b", 20}}, {{"a", 30}}, {{"b", 40}}}));
}

TEST_F(DynamicTest, ANodeReadingAnOuterEdgeTwiceLeavesItWhenItsKeyIsRemoved) {
    // Both inputs share one subscription to x; removing "a" must end it, or
    // x's later ticks would schedule the destroyed node.
    auto results = run([] {
        auto x = curve<int>({{0s, 1}, {1s, 2}, {2s, 3}, {3s, 4}});
        auto basket = controlled({{0s, {"a", 1}}, {1s, {"a", -1}}, {2s, {"b", 1}}});
        auto out = dynamic(basket, [x](const std::string&, Edge<int>) {
            return make_node("twice", [](const int& a, const int& b) { return a + b; })(x, x);
        }, x);
        add_graph_output("collected", dynamic_collect(out));
    }, sim(10s));
    EXPECT_EQ(values(results.get<Collected>("collected")),
              (std::vector<Collected>{{{"a", 2}}, {{"b", 6}}, {{"b", 8}}}));
}

TEST_F(DynamicTest, ReAddedKeyGetsAFreshInstance) {
    run([] {
        auto basket = controlled({{0s, {"a", 1}}, {1s, {"a", -1}}, {2s, {"a", 2}}});
        dynamic(basket, [](const std::string& key, Edge<int> attached) {
            auto counter = make_node("count", [n = 0](const int&) mutable { return ++n; });
            return add<Logger>(key, counter(attached)).out.edge();
        });
    }, sim(10s));
    EXPECT_EQ(log_, (std::vector<std::string>{"start a", "a=1@0", "stop a", "start a", "a=1@2", "stop a"}));
}

TEST_F(DynamicTest, OuterEdgesRankBeforeTheSubGraphAndItsConsumersAfter) {
    // The sub-graph reads an outer series computed from the same source in
    // the same cycle: it must see the new value, never the previous one.
    auto results = run([] {
        auto x = curve<int>({{0s, 1}, {1s, 2}, {2s, 3}});
        auto doubled = make_node("double", [](const int& v) { return v * 2; })(x);
        auto keys = dynamic_demultiplex(x, const_(std::string("k")));
        auto out = dynamic(keys, [doubled](const std::string&, Edge<int> attached) {
            return make_node("sum", [](const int& a, const int& d) { return a + d; })(attached, doubled);
        }, doubled);
        add_graph_output("sum", dynamic_collect(out));
    }, sim(10s));
    EXPECT_EQ(values(results.get<Collected>("sum")), (std::vector<Collected>{{{"k", 3}}, {{"k", 6}}, {{"k", 9}}}));
}

TEST_F(DynamicTest, AlarmsAndHistoryWorkInsideSubGraphsAndStopWithThem) {
    class Pulse final : public Node {
    public:
        explicit Pulse(Edge<int> x) : Node("pulse"), x_(this, x) {}
        Out<int> out{this};
        void start() override { x_.set_buffering_policy(3); }
        void execute() override {
            if (x_.ticked()) alarm_.schedule(1s, x_.value() + (x_.num_ticks() > 1 ? x_.value_ago(1) : 0));
            if (alarm_.ticked()) out.tick(*alarm_);
        }

    private:
        In<int> x_;
        Alarm<int> alarm_{this};
    };
    auto results = run([] {
        auto basket = controlled({{0s, {"a", 1}}, {2s, {"a", 2}}, {3s, {"a", 4}}, {3500ms, {"a", -1}}});
        auto out = dynamic(basket, [](const std::string&, Edge<int> attached) { return add<Pulse>(attached).out.edge(); });
        add_graph_output("pulses", dynamic_collect(out));
    }, sim(10s));
    // The alarm due at 4s (scheduled at 3s) was cancelled with its instance at 3.5s.
    EXPECT_EQ(testing::offsets(results.get<Collected>("pulses")), (std::vector<TimeDelta>{1s, 3s}));
    EXPECT_EQ(values(results.get<Collected>("pulses")), (std::vector<Collected>{{{"a", 1}}, {{"a", 3}}}));
}

TEST_F(DynamicTest, SourcesInsideASubGraphStartAtItsCreation) {
    auto results = run([] {
        auto basket = controlled({{2s, {"a", 1}}, {5s, {"a", -1}}});
        auto out = dynamic(basket, [](const std::string&, Edge<int>) { return timer<int>(1s, 7); });
        add_graph_output("ticks", dynamic_collect(out));
    }, sim(10s));
    // At 5s the key goes away in the cycle the timer ticks: its element leaves the basket before consumers run.
    EXPECT_EQ(testing::offsets(results.get<Collected>("ticks")), (std::vector<TimeDelta>{3s, 4s}));
}

TEST_F(DynamicTest, StopRequestedInsideASubGraphStopsOnlyThatInstance) {
    run([] {
        auto basket = controlled({{0s, {"a", 1}}, {0s, {"b", 1}}, {1s, {"a", 2}}, {1s, {"b", 2}}, {2s, {"a", 3}}, {2s, {"b", 3}}});
        dynamic(basket, [](const std::string& key, Edge<int> attached) {
            auto stopper = make_node("stopper", [key](const int& v) {
                if (key == "a" && v == 2) csp::stop_engine(true);
                return v;
            });
            return add<Logger>(key, stopper(attached)).out.edge();
        });
    }, sim(10s));
    EXPECT_EQ(log_, (std::vector<std::string>{"start a", "a=1@0", "start b", "b=1@0", "a=2@1", "stop a", "b=2@1",
                                              "b=3@2", "stop b"}));
}

TEST_F(DynamicTest, NestedDynamicsCreateAndTearDownInnerInstances) {
    auto results = run([] {
        auto basket = controlled({{0s, {"a", 1}}, {1s, {"a", 2}}, {2s, {"a", -1}}});
        auto out = dynamic(basket, [](const std::string& key, Edge<int> attached) {
            auto inner_key = make_node("inner_key", [key](const int&) { return key + "/inner"; })(attached);
            auto inner_keys = dynamic_demultiplex(attached, inner_key);
            auto inner = dynamic(inner_keys, [](const std::string& inner_key, Edge<int> x) {
                return add<Logger>(inner_key, x).out.edge();
            });
            return make_node("first", [](const Collected& c) { return c.begin()->second; })(dynamic_collect(inner));
        });
        add_graph_output("out", dynamic_collect(out));
    }, sim(10s));
    EXPECT_EQ(log_, (std::vector<std::string>{"start a/inner", "a/inner=1@0", "a/inner=2@1", "stop a/inner"}));
    EXPECT_EQ(values(results.get<Collected>("out")), (std::vector<Collected>{{{"a", 10}}, {{"a", 20}}}));
}

}  // namespace
}  // namespace csp
