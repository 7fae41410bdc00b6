#include "csp/api/make_node.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace csp {
namespace {

using namespace std::chrono_literals;
using testing::sim;
using testing::values;

TEST(MakeNodeTest, PlainValueParametersWaitForEveryInput) {
    auto results = run([] {
        auto add_values = make_node("add", [](int a, const int& b) { return a + b; });
        add_graph_output("x", add_values(curve<int>({{1s, 1}, {3s, 3}}), curve<int>({{2s, 10}})));
    }, sim());
    EXPECT_EQ(values(results.get<int>("x")), (std::vector<int>{11, 13}));
}

TEST(MakeNodeTest, InputHandlesSeeTickedAndValid) {
    auto results = run([] {
        auto which = make_node("which", [](const In<int>& a, const In<int>& b) -> std::optional<std::string> {
            if (!csp::valid(a)) return std::nullopt;
            return std::string(a.ticked() ? "a" : "") + (b.ticked() ? "b" : "");
        });
        add_graph_output("x", which(curve<int>({{1s, 1}, {2s, 2}}), curve<int>({{0s, 0}, {2s, 2}, {3s, 3}})));
    }, sim());
    EXPECT_EQ(values(results.get<std::string>("x")), (std::vector<std::string>{"a", "ab", "b"}));
}

TEST(MakeNodeTest, EachNodeGetsItsOwnCopyOfTheState) {
    auto results = run([] {
        auto running_sum = make_node("running_sum", [sum = 0](int v) mutable { return sum += v; });
        auto x = curve<int>({{1s, 1}, {2s, 2}});
        add_graph_output("a", running_sum(x));
        add_graph_output("b", running_sum(x));
    }, sim());
    EXPECT_EQ(values(results.get<int>("a")), (std::vector<int>{1, 3}));
    EXPECT_EQ(values(results.get<int>("b")), (std::vector<int>{1, 3}));
}

TEST(MakeNodeTest, VoidFunctionsAreSinksThatKeepTheirInputsAlive) {
    std::vector<int> seen;
    run([&] {
        make_node("sink", [&seen](int v) { seen.push_back(v); })(curve<int>({{1s, 1}, {2s, 2}}));
    }, sim());
    EXPECT_EQ(seen, (std::vector<int>{1, 2}));
}

TEST(MakeNodeTest, ReadingAnInputBeforeItTicksIsAnError) {
    try {
        run([] {
            auto bad = make_node("bad", [](const In<int>& a, const In<int>& b) { return a.value() + b.value(); });
            add_graph_output("x", bad(const_(1), const_(2, 1s)));
        }, sim());
        FAIL();
    } catch (const RuntimeError& e) {
        EXPECT_NE(std::string(e.what()).find("node 'bad'"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("before its first tick"), std::string::npos);
    }
}

TEST(MakeNodeTest, FunctionPointersWork) {
    struct Local {
        static int twice(int v) { return 2 * v; }
    };
    auto results = run([] { add_graph_output("x", make_node("twice", &Local::twice)(const_(4))); }, sim());
    EXPECT_EQ(values(results.get<int>("x")), std::vector<int>{8});
}

}  // namespace
}  // namespace csp
