// Built-in nodes (SEMANTICS.md: "Built-in node semantics worth pinning down").
#include "csp/api/baselib.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace csp {
namespace {

using namespace std::chrono_literals;
using testing::offsets;
using testing::sim;
using testing::values;

TEST(BaselibTest, PrintShowsEngineTimeTagAndValue) {
    testing::PrintCapture capture;
    run([] {
        print("x", curve<double>({{0s, 1.0}, {1500ms, 0.1}}));
        print("flag", const_(true));
    }, sim());
    EXPECT_EQ(capture.str(),
              "2022-01-01 00:00:00 x:1.0\n"
              "2022-01-01 00:00:00 flag:True\n"
              "2022-01-01 00:00:01.500000 x:0.1\n");
}

TEST(BaselibTest, SampleEmitsThePassiveValueOnTrigger) {
    auto results = run([] {
        auto x = curve<int>({{1s, 1}, {2s, 2}, {4s, 4}});
        auto trigger = timer(1500ms);
        add_graph_output("x", sample(trigger, x));
    }, sim(5s));
    EXPECT_EQ(values(results.get<int>("x")), (std::vector<int>{1, 2, 4}));
    EXPECT_EQ(offsets(results.get<int>("x")), (std::vector<TimeDelta>{1500ms, 3s, 4500ms}));
}

TEST(BaselibTest, MergePrefersTheFirstInputWhenBothTick) {
    auto results = run([] {
        add_graph_output("x", merge(curve<int>({{1s, 1}, {2s, 2}}), curve<int>({{2s, 20}, {3s, 30}})));
    }, sim());
    EXPECT_EQ(values(results.get<int>("x")), (std::vector<int>{1, 2, 30}));
}

TEST(BaselibTest, FilterPassesTicksWhileTheFlagIsTrue) {
    auto results = run([] {
        auto flag = curve<bool>({{0s, true}, {2s, false}, {4s, true}});
        auto x = curve<int>({{1s, 1}, {2s, 2}, {3s, 3}, {4s, 4}});
        add_graph_output("x", filter(flag, x));
    }, sim());
    EXPECT_EQ(values(results.get<int>("x")), (std::vector<int>{1, 4}));
}

TEST(BaselibTest, FirstNCountAndTimes) {
    auto results = run([] {
        auto x = curve<int>({{1s, 5}, {2s, 6}, {3s, 7}});
        add_graph_output("first2", first_n(x, 2));
        add_graph_output("count", count(x));
        add_graph_output("times", times(x));
    }, sim());
    EXPECT_EQ(values(results.get<int>("first2")), (std::vector<int>{5, 6}));
    EXPECT_EQ(values(results.get<int64_t>("count")), (std::vector<int64_t>{1, 2, 3}));
    EXPECT_EQ(values(results.get<DateTime>("times")).back(), testing::kStart + 3s);
}

TEST(BaselibTest, DelayByTimeAndByTicks) {
    auto results = run([] {
        auto x = curve<int>({{1s, 1}, {2s, 2}, {3s, 3}});
        add_graph_output("by_time", delay(x, TimeDelta(500ms)));
        add_graph_output("by_ticks", delay(x, size_t{1}));
    }, sim());
    EXPECT_EQ(values(results.get<int>("by_time")), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(offsets(results.get<int>("by_time")), (std::vector<TimeDelta>{1500ms, 2500ms, 3500ms}));
    EXPECT_EQ(values(results.get<int>("by_ticks")), (std::vector<int>{1, 2}));
    EXPECT_EQ(offsets(results.get<int>("by_ticks")), (std::vector<TimeDelta>{2s, 3s}));
}

TEST(BaselibTest, CollectAndFlattenFollowPropagationOrder) {
    auto results = run([] {
        auto a = curve<int>({{1s, 1}, {2s, 2}});
        auto b = curve<int>({{1s, 10}, {3s, 30}});
        // b's element ticks through a deeper path, but a and b are both sources here.
        add_graph_output("collected", collect(std::vector<Edge<int>>{b, a}));
        add_graph_output("flat", flatten(std::vector<Edge<int>>{a, b}));
    }, sim());
    // a was created first, so it ticks first in the cycle at 1s.
    EXPECT_EQ(values(results.get<std::vector<int>>("collected")),
              (std::vector<std::vector<int>>{{1, 10}, {2}, {30}}));
    EXPECT_EQ(values(results.get<int>("flat")), (std::vector<int>{1, 10, 2, 30}));
}

class DictSum : public Node {
public:
    explicit DictSum(const std::map<std::string, Edge<int>>& prices) : Node("dict_sum"), prices_(this, prices) {}
    Out<std::string> out{this};
    void execute() override {
        std::string ticked;
        for (const auto& [key, value] : prices_.ticked_items()) ticked += key + "=" + std::to_string(value) + " ";
        out.tick(ticked + (prices_.valid() ? "all valid" : "partial"));
    }

private:
    InDict<std::string, int> prices_;
};

TEST(BaselibTest, DictBasketsReportTickedItemsAndValidity) {
    auto results = run([] {
        std::map<std::string, Edge<int>> prices = {{"AAPL", curve<int>({{1s, 10}, {2s, 11}})},
                                                   {"MSFT", curve<int>({{2s, 20}})}};
        add_graph_output("x", add<DictSum>(prices).out.edge());
    }, sim());
    EXPECT_EQ(values(results.get<std::string>("x")),
              (std::vector<std::string>{"AAPL=10 partial", "MSFT=20 AAPL=11 all valid"}));
    // At 2s MSFT ticks first: its event was queued at start, AAPL's second one only at 1s.
}

TEST(BaselibTest, DefaultTicksTheValueWhenTheInputIsLate) {
    auto results = run([] {
        add_graph_output("late", default_(curve<int>({{2s, 5}}), -1, 1s));
        add_graph_output("early", default_(curve<int>({{0s, 5}}), -1, 1s));
    }, sim());
    EXPECT_EQ(values(results.get<int>("late")), (std::vector<int>{-1, 5}));
    EXPECT_EQ(values(results.get<int>("early")), (std::vector<int>{5}));
}

TEST(BaselibTest, BinaryMathTicksOnceBothInputsAreValid) {
    auto results = run([] {
        auto x = curve<int>({{1s, 6}, {3s, 8}});
        auto y = curve<int>({{2s, 3}});
        add_graph_output("sum", x + y);
        add_graph_output("ratio", x / y);  // int / int is a double
        add_graph_output("scaled", x * 2.5);
        add_graph_output("gt", gt(x, y));
    }, sim());
    EXPECT_EQ(values(results.get<int>("sum")), (std::vector<int>{9, 11}));
    EXPECT_EQ(values(results.get<double>("ratio")), (std::vector<double>{2.0, 8.0 / 3.0}));
    EXPECT_EQ(values(results.get<double>("scaled")), (std::vector<double>{15.0, 20.0}));
    EXPECT_EQ(values(results.get<bool>("gt")), (std::vector<bool>{true, true}));
}

TEST(BaselibTest, TimerTicksEveryIntervalUntilTheEnd) {
    auto results = run([] { add_graph_output("t", timer(1s, 7)); }, sim(3s));
    EXPECT_EQ(values(results.get<int>("t")), (std::vector<int>{7, 7, 7}));
    EXPECT_THROW(run([] { timer(0s); }, sim(3s)), ValueError);
}

}  // namespace
}  // namespace csp
