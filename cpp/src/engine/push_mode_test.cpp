// PushMode of simulated sources: several values at one time
// (SEMANTICS.md: "Push modes and duplicate timestamps").
#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace csp {
namespace {

using namespace std::chrono_literals;
using testing::offsets;
using testing::sim;
using testing::values;

std::vector<std::pair<TimeDelta, int>> kData = {{1s, 1}, {1s, 2}, {1s, 3}, {2s, 4}};

Edge<int64_t> cycles_of(Edge<int> x) {
    return make_node("cycle", [](const int&) { return static_cast<int64_t>(csp::cycle_count()); })(x);
}

TEST(PushModeTest, NonCollapsingSpreadsValuesOverCyclesWithTheSameTime) {
    auto results = run([] {
        auto x = curve<int>(kData, PushMode::NON_COLLAPSING);
        add_graph_output("x", x);
        add_graph_output("cycles", cycles_of(x));
    }, sim());
    EXPECT_EQ(values(results.get<int>("x")), (std::vector<int>{1, 2, 3, 4}));
    EXPECT_EQ(offsets(results.get<int>("x")), (std::vector<TimeDelta>{1s, 1s, 1s, 2s}));
    EXPECT_EQ(values(results.get<int64_t>("cycles")), (std::vector<int64_t>{1, 2, 3, 4}));
}

TEST(PushModeTest, LastValueCollapsesIntoOneTickCarryingTheLastValue) {
    auto results = run([] {
        auto x = curve<int>(kData, PushMode::LAST_VALUE);
        add_graph_output("x", x);
        add_graph_output("count", count(x));
    }, sim());
    EXPECT_EQ(values(results.get<int>("x")), (std::vector<int>{3, 4}));
    EXPECT_EQ(values(results.get<int64_t>("count")), (std::vector<int64_t>{1, 2}));  // the tick count does not grow
}

TEST(PushModeTest, BurstTicksAllValuesOfATimeSlotAsAList) {
    auto results = run([] {
        Engine& engine = *Engine::current();
        auto& adapter = engine.add_input_adapter<detail::CurveAdapter<int>>(kData, PushMode::BURST);
        add_graph_output("x", adapter.burst_edge());
        EXPECT_THROW(adapter.edge(), TypeError);
    }, sim());
    EXPECT_EQ(values(results.get<std::vector<int>>("x")),
              (std::vector<std::vector<int>>{{1, 2, 3}, {4}}));
}

TEST(PushModeTest, OutOfOrderDataIsAnErrorNamingTheAdapter) {
    try {
        run([] { add_graph_output("x", curve<int>({{2s, 1}, {1s, 2}})); }, sim());
        FAIL();
    } catch (const ValueError& e) {
        EXPECT_EQ(e.context(), "adapter 'curve'");
    }
}

TEST(PushModeTest, DataBeforeTheStartIsSkipped) {
    auto results = run([] { add_graph_output("x", curve<int>({{-1s, 1}, {0s, 2}, {1s, 3}})); }, sim());
    EXPECT_EQ(values(results.get<int>("x")), (std::vector<int>{2, 3}));
}

}  // namespace
}  // namespace csp
