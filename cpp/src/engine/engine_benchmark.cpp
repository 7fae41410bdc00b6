// Micro-benchmarks of the engine's hot paths.
//   BM_SchedulerEvent:  schedule + run of one scheduler event (ns per event)
//   BM_NodeChain:       a source feeding a chain of N nodes (ns per node-tick)
#include <benchmark/benchmark.h>

#include "csp/csp.h"

namespace csp {
namespace {

using namespace std::chrono_literals;

void BM_SchedulerEvent(benchmark::State& state) {
    const int64_t pending = state.range(0);  // events kept in the queue
    Scheduler scheduler;
    DateTime now = DateTime(2022, 1, 1);
    int64_t sink = 0;
    for (int64_t i = 0; i < pending; ++i) {
        scheduler.schedule(now + TimeDelta::from_nanos(1 + i), [&sink] { ++sink; return true; });
    }
    for (auto _ : state) {
        // One cycle: run the earliest event, schedule a replacement at the back.
        now = scheduler.next_time();
        scheduler.run_due(now);
        scheduler.schedule(now + TimeDelta::from_nanos(pending + 1), [&sink] { ++sink; return true; });
    }
    benchmark::DoNotOptimize(sink);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SchedulerEvent)->Arg(1)->Arg(1000);

class AddOne final : public Node {
public:
    explicit AddOne(Edge<int64_t> x) : Node("add_one"), x_(this, x) {}
    Out<int64_t> out{this};
    void execute() override { out.tick(x_.value() + 1); }

private:
    In<int64_t> x_;
};

void BM_NodeChain(benchmark::State& state) {
    const int64_t nodes = state.range(0);
    const int64_t ticks = 1000;
    for (auto _ : state) {
        RunOptions options;
        options.starttime = DateTime(2022, 1, 1);
        options.endtime = TimeDelta::from_seconds(ticks);
        int64_t last = 0;
        run([&] {
            Edge<int64_t> edge = timer(1s, int64_t{0});
            for (int64_t i = 0; i < nodes; ++i) edge = add<AddOne>(edge).out;
            make_node("sink", [&last](int64_t v) { last = v; })(edge);
        }, options);
        benchmark::DoNotOptimize(last);
    }
    state.SetItemsProcessed(state.iterations() * ticks * nodes);
    state.counters["ns_per_node_tick"] = benchmark::Counter(
        static_cast<double>(state.iterations() * ticks * nodes), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_NodeChain)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace csp

BENCHMARK_MAIN();
