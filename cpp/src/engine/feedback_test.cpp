// Feedback edges and delayed binding (SEMANTICS.md: "Feedback and delays").
#include "csp/engine/feedback.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace csp {
namespace {

using namespace std::chrono_literals;
using testing::offsets;
using testing::sim;
using testing::values;

TEST(FeedbackTest, ABoundValueArrivesInTheNextCycleAtTheSameTime) {
    auto results = run([] {
        Feedback<int> fb;
        auto x = curve<int>({{1s, 1}, {2s, 2}});
        // running total: x + previous total (fed back)
        auto total = make_node("total", [sum = 0](const In<int>& x, const In<int>& previous) mutable -> std::optional<int> {
            if (x.ticked()) return sum += x.value();
            return std::nullopt;
        })(x, fb.out());
        fb.bind(total);
        add_graph_output("total", total);
        add_graph_output("fed_back", fb.out());
        add_graph_output("fed_back_cycle", make_node("cycle", [](const int&) { return static_cast<int64_t>(csp::cycle_count()); })(fb.out()));
    }, sim());
    EXPECT_EQ(values(results.get<int>("fed_back")), (std::vector<int>{1, 3}));
    EXPECT_EQ(offsets(results.get<int>("fed_back")), (std::vector<TimeDelta>{1s, 2s}));
    EXPECT_EQ(values(results.get<int64_t>("fed_back_cycle")), (std::vector<int64_t>{2, 4}));
}

TEST(FeedbackTest, BindingTwiceOrNeverIsAnError) {
    EXPECT_THROW(run([] {
        Feedback<int> fb;
        fb.bind(const_(1));
        fb.bind(const_(2));
    }, sim()), RuntimeError);
    EXPECT_THROW(run([] {
        Feedback<int> fb;
        add_graph_output("x", fb.out());
    }, sim()), ValueError);
}

TEST(DelayedEdgeTest, ConsumersMayBeWiredBeforeTheEdgeIsBound) {
    auto results = run([] {
        DelayedEdge<int> later;
        add_graph_output("doubled", make_node("double", [](const int& v) { return 2 * v; })(later.edge()));
        later.bind(const_(21));
    }, sim());
    EXPECT_EQ(values(results.get<int>("doubled")), std::vector<int>{42});
}

TEST(DelayedEdgeTest, UnboundIsAnErrorUnlessItDefaultsToNull) {
    EXPECT_THROW(run([] {
        DelayedEdge<int> never;
        add_graph_output("x", never.edge());
    }, sim()), ValueError);
    auto results = run([] {
        DelayedEdge<int> never(/*default_to_null=*/true);
        add_graph_output("x", never.edge());
    }, sim());
    EXPECT_TRUE(results.get<int>("x").empty());
}

TEST(DelayedEdgeTest, ACycleThroughADelayedEdgeIsAnErrorNamingThePath) {
    try {
        run([] {
            DelayedEdge<int> loop;
            auto a = make_node("a", [](const int& v) { return v; })(loop.edge());
            auto b = make_node("b", [](const int& v) { return v; })(a);
            loop.bind(b);
            add_graph_output("b", b);
        }, sim());
        FAIL();
    } catch (const ValueError& e) {
        EXPECT_NE(std::string(e.what()).find("a -> b -> a"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace csp
