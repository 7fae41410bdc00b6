// Workload 1 (node chain) written against the public C++ API: the same graph
// as benchmarks/workloads/node_chain.py, timed around csp::run.
//
//     count(timer(1s)) -> N x (x + 1) -> graph output "out", M ticks
//
// Prints one JSON line in the format of the Python workloads, with the same
// checksum (count, sum, first and last recorded value).
//
// Usage: node_chain [--quick]
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include <csp/csp.h>

namespace {

constexpr int64_t kNodes = 1000;

void chain_graph(int64_t nodes) {
    using namespace std::chrono_literals;
    auto one = csp::const_(int64_t{1});  // shared, as the Python wiring memoizes csp.const(1)
    csp::Edge<int64_t> x = csp::count(csp::timer(1s, true));
    for (int64_t i = 0; i < nodes; ++i) x = x + one;
    csp::add_graph_output("out", x);
}

// Seconds of one csp::run of `ticks` ticks; `results` receives the outputs.
double timed_run(int64_t ticks, csp::RunResults* results) {
    csp::RunOptions options;
    options.starttime = csp::DateTime(2020, 1, 1);
    options.endtime = csp::TimeDelta::from_seconds(ticks);
    options.handle_sigint = false;
    const auto t0 = std::chrono::steady_clock::now();
    csp::RunResults out = csp::run([] { chain_graph(kNodes); }, options);
    const auto t1 = std::chrono::steady_clock::now();
    if (results != nullptr) *results = std::move(out);
    return std::chrono::duration<double>(t1 - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    const int64_t ticks = quick ? 5'000 : 50'000;

    timed_run(10, nullptr);  // warm-up
    const double build_seconds = timed_run(0, nullptr);
    csp::RunResults results;
    const double seconds = timed_run(ticks, &results);

    const auto& out = results.get<int64_t>("out");
    int64_t sum = 0;
    for (const auto& [time, value] : out) sum += value;
    const long long first = out.empty() ? 0 : out.front().second;
    const long long last = out.empty() ? 0 : out.back().second;
    const double per_node_tick = (seconds - build_seconds) / static_cast<double>(kNodes * ticks) * 1e9;
    std::printf(
        "{\"name\": \"node_chain\", \"seconds\": %.9f, \"checksum\": \"count=%zu sum=%lld first=%lld last=%lld\", "
        "\"n\": %lld, \"build_seconds\": %.9f, \"ns_per_node_tick\": %.3f, \"csp_version\": \"C++ API\"}\n",
        seconds, out.size(), static_cast<long long>(sum), first, last, static_cast<long long>(kNodes * ticks),
        build_seconds, per_node_tick);
    return 0;
}
