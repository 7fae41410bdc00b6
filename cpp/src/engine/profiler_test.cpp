// Profiling a run: cycle and node-type counts, times, utilization, CSV files.
#include "csp/engine/profiler.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <future>
#include <thread>

#include "testing/test_util.h"

namespace csp {
namespace {

using namespace std::chrono_literals;
using testing::sim;

// 3 cycles (0s, 1s, 2s); "double" runs in every cycle, "slow" when the value is 2, "sink" when slow ticks.
void profiled_graph() {
    auto x = curve<int>({{0s, 1}, {1s, 2}, {2s, 3}});
    auto doubled = make_node("double", [](int v) { return 2 * v; })(x);
    auto slow = make_node("slow", [](const In<int>& v) -> std::optional<int> {
        if (*v != 4) return std::nullopt;
        std::this_thread::sleep_for(2ms);
        return *v;
    })(doubled);
    add_graph_output("slow", make_node("sink", [](int v) { return v; })(slow));
}

const NodeTypeStats& find_type(const Profiler& profiler, const std::string& name) {
    for (const auto& stats : profiler.node_types()) {
        if (stats.name == name) return stats;
    }
    throw std::runtime_error("no node type " + name);
}

std::vector<std::string> read_lines(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

TEST(ProfilerTest, CountsCyclesAndExecutionsPerNodeType) {
    Profiler profiler;
    RunOptions options = sim();
    options.profile = &profiler;
    run(profiled_graph, options);
    EXPECT_EQ(profiler.cycle_count(), 3u);
    ASSERT_EQ(profiler.node_types().size(), 3u);
    EXPECT_EQ(profiler.node_types()[0].name, "double");  // in the order the types first ran
    EXPECT_EQ(find_type(profiler, "double").executions, 3u);
    EXPECT_EQ(find_type(profiler, "slow").executions, 3u);
    EXPECT_EQ(find_type(profiler, "sink").executions, 1u);
    EXPECT_EQ(profiler.node_count(), 3u);  // the graph output is not a computation node
    EXPECT_DOUBLE_EQ(profiler.utilization(), 7.0 / 9.0);
}

TEST(ProfilerTest, TimesNodesAndCyclesOnTheSteadyClock) {
    Profiler profiler;
    RunOptions options = sim();
    options.profile = &profiler;
    run(profiled_graph, options);
    const NodeTypeStats& slow = find_type(profiler, "slow");
    EXPECT_GE(slow.max_time, 2ms);
    EXPECT_GE(slow.total_time, slow.max_time);
    EXPECT_LT(find_type(profiler, "double").max_time, slow.max_time);
    EXPECT_GE(profiler.max_cycle_time(), slow.max_time);
    EXPECT_GE(profiler.total_cycle_time(), profiler.max_cycle_time());
    EXPECT_NEAR(profiler.average_cycle_seconds(), profiler.total_cycle_time().count() / 3e9, 1e-12);
}

TEST(ProfilerTest, StatisticsAddUpOverRunsAndTypesCanBeRenamed) {
    Profiler profiler({.type_names = {{"double", "_binary_op"}}});
    RunOptions options = sim();
    options.profile = &profiler;
    run(profiled_graph, options);
    run(profiled_graph, options);
    EXPECT_EQ(profiler.cycle_count(), 6u);
    EXPECT_EQ(find_type(profiler, "_binary_op").executions, 6u);
    EXPECT_THROW(find_type(profiler, "double"), std::runtime_error);
}

TEST(ProfilerTest, WritesOneCsvLinePerCycleAndPerNodeExecution) {
    const auto dir = std::filesystem::temp_directory_path() / ("csp_profiler_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        Profiler profiler({.cycle_file = (dir / "cycles.csv").string(), .node_file = (dir / "nodes.csv").string()});
        RunOptions options = sim();
        options.profile = &profiler;
        run(profiled_graph, options);
    }
    const auto cycles = read_lines(dir / "cycles.csv");
    ASSERT_EQ(cycles.size(), 4u);
    EXPECT_EQ(cycles[0], "Execution Time");
    EXPECT_GT(std::stod(cycles[2]), 0.002);  // the cycle in which "slow" slept
    const auto nodes = read_lines(dir / "nodes.csv");
    ASSERT_EQ(nodes.size(), 8u);
    EXPECT_EQ(nodes[0], "Node Type,Execution Time");
    EXPECT_EQ(nodes[1].substr(0, 7), "double,");
    EXPECT_EQ(nodes[5].substr(0, 5), "sink,");
    EXPECT_GT(std::stod(nodes[4].substr(5)), 0.002);
    std::filesystem::remove_all(dir);
}

TEST(ProfilerTest, AnUnwritableFileFailsTheRunNamingIt) {
    Profiler profiler({.cycle_file = "/nonexistent-dir/cycles.csv"});
    RunOptions options = sim();
    options.profile = &profiler;
    try {
        run(profiled_graph, options);
        FAIL() << "expected an error";
    } catch (const RuntimeError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/cycles.csv"), std::string::npos);
    }
}

TEST(ProfilerTest, ProgressIsReportedOnTheEngineThreadAfterTheFirstCycle) {
    std::vector<uint64_t> reported_cycles;
    Engine engine(EngineOptions{});
    engine.set_progress_reporter([&] { reported_cycles.push_back(engine.cycle_count()); }, TimeDelta(std::chrono::hours(1)));
    build_graph(engine, profiled_graph);
    engine.run(testing::kStart, testing::kStart + TimeDelta(10s));
    EXPECT_EQ(reported_cycles, (std::vector<uint64_t>{1}));  // then not again within the hour
}

TEST(ProfilerTest, FirstNExecutesNTimesThenNoMore) {
    Profiler profiler;
    RunOptions options = sim();
    options.profile = &profiler;
    run([] { add_graph_output("first", first_n(curve<int>({{0s, 1}, {1s, 2}, {2s, 3}, {3s, 4}}), 2)); }, options);
    EXPECT_EQ(find_type(profiler, "firstN").executions, 2u);
}

uint64_t executions_of(const ProfileSnapshot& snapshot, const std::string& name) {
    for (const auto& stats : snapshot.node_types) {
        if (stats.name == name) return stats.executions;
    }
    return 0;
}

// A simulation of 2,000 cycles, each executing "slow" once (50 us).
void slow_graph(std::atomic<bool>* started) {
    auto ticks = timer(TimeDelta(1ms), 1);
    add_graph_output("slow", make_node("slow", [started](int v) {
        started->store(true);
        std::this_thread::sleep_for(50us);
        return v;
    })(ticks));
}

TEST(ProfilerTest, AnotherThreadReadsConsistentStatisticsWhileASimulationRuns) {
    Profiler profiler;
    std::atomic<bool> started{false};
    auto reader = std::async(std::launch::async, [&] {
        while (!started.load()) std::this_thread::sleep_for(100us);
        return profiler.published(std::chrono::seconds(10));
    });
    RunOptions options = sim(TimeDelta(2s));
    options.profile = &profiler;
    run([&] { slow_graph(&started); }, options);
    const ProfileSnapshot during = reader.get();
    EXPECT_TRUE(during.running);
    EXPECT_GE(during.cycle_count, 1u);
    EXPECT_EQ(executions_of(during, "slow"), during.cycle_count);  // a cycle's end, not the middle of one
    const ProfileSnapshot after = profiler.published(std::chrono::milliseconds(0));
    EXPECT_FALSE(after.running);
    EXPECT_EQ(after.cycle_count, profiler.cycle_count());
    EXPECT_EQ(executions_of(after, "slow"), 2000u);
}

TEST(ProfilerTest, AReaderIsAnsweredAtOnceWhileARealtimeEngineWaitsForEvents) {
    Profiler profiler;
    RunOptions options;
    options.realtime = true;
    options.endtime = TimeDelta(10min);
    options.profile = &profiler;
    auto running = run_on_thread([] { add_graph_output("t", timer(TimeDelta(1h), 1)); }, options);
    std::this_thread::sleep_for(50ms);  // the engine now waits for its hourly timer
    const auto asked = std::chrono::steady_clock::now();
    const ProfileSnapshot snapshot = profiler.published(std::chrono::seconds(30));
    EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(15));  // not the full wait
    EXPECT_TRUE(snapshot.running);
    running.stop_engine();
    running.join();
    EXPECT_FALSE(profiler.published(std::chrono::seconds(0)).running);
}

TEST(ProfilerTest, ANodeOfTheRunReadsTheStatisticsSoFarWithoutWaiting) {
    Profiler profiler;
    std::vector<uint64_t> seen;
    std::chrono::steady_clock::duration longest{};
    RunOptions options = sim(TimeDelta(3s));
    options.profile = &profiler;
    run([&] {
        add_graph_output("n", make_node("reader", [&](int v) {
            const auto asked = std::chrono::steady_clock::now();
            seen.push_back(profiler.published(std::chrono::seconds(30)).cycle_count);
            longest = std::max(longest, std::chrono::steady_clock::now() - asked);
            return v;
        })(timer(TimeDelta(1s), 1)));
    }, options);
    EXPECT_EQ(seen, (std::vector<uint64_t>{0, 1, 2}));  // the cycles before this one
    EXPECT_LT(longest, std::chrono::seconds(15));       // not the 30 s wait
}

}  // namespace
}  // namespace csp
