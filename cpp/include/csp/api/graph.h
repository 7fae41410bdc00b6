// The C++ developer API: build a graph in a function, run it, read results.
//
//     void hello_world() {
//         auto msg = csp::const_(std::string("hello"));
//         csp::print("Message", msg);
//     }
//     int main() { csp::run(hello_world, {.starttime = csp::DateTime(2022, 1, 1), .endtime = 1s}); }
//
// A graph function runs once per csp::run, on the thread that runs the
// graph, with that run's engine current: every source, node and output it
// creates joins the graph. If it returns an Edge, that edge becomes graph
// output "0", as in the Python API.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <variant>

#include "csp/engine/engine.h"
#include "csp/engine/graph_output.h"
#include "csp/engine/profiler.h"

namespace csp {

// End of a run: an absolute time or an offset from the start.
class EndTime {
public:
    EndTime() : value_(max_end_time()) {}
    EndTime(DateTime t) : value_(t) {}  // NOLINT(google-explicit-constructor)
    EndTime(TimeDelta d) : value_(d) {}  // NOLINT(google-explicit-constructor)
    template <class Rep, class Period>
    EndTime(std::chrono::duration<Rep, Period> d) : value_(TimeDelta(d)) {}  // NOLINT(google-explicit-constructor)
    DateTime resolve(DateTime start) const {
        if (const auto* offset = std::get_if<TimeDelta>(&value_)) return start + *offset;
        return std::get<DateTime>(value_);
    }

private:
    std::variant<DateTime, TimeDelta> value_;
};

struct RunOptions {
    std::optional<DateTime> starttime;  // default: now (wall clock)
    EndTime endtime;                    // default: the latest supported end time
    bool realtime = false;
    TimeDelta queue_wait_time = std::chrono::milliseconds(100);
    std::shared_ptr<Clock> clock;  // realtime clock; default: the system clock
    bool handle_sigint = true;     // stop cleanly on Ctrl-C
    // When set, the run's cycle and node timings are added to it (csp/engine/profiler.h).
    Profiler* profile = nullptr;
};

namespace detail {

Engine& engine_for_building(const char* what);
Engine& running_engine(const char* what);

template <class T>
struct IsEdge : std::false_type {};
template <class T>
struct IsEdge<Edge<T>> : std::true_type {};

}  // namespace detail

// Records `edge` under `key` in the results of the run.
template <class T>
void add_graph_output(const std::string& key, Edge<T> edge, int64_t tick_count = -1,
                      TimeDelta tick_history = TimeDelta::zero()) {
    Engine& engine = detail::engine_for_building("csp::add_graph_output");
    auto& output = engine.add_node<GraphOutput<T>>(key, edge, tick_count, tick_history);
    engine.register_graph_output(key, output);
}

// Builds the graph by calling `graph` with a fresh engine current, then runs it.
template <class Graph>
void build_graph(Engine& engine, Graph&& graph) {
    Engine::Scope scope(engine);
    using Result = std::invoke_result_t<Graph>;
    if constexpr (detail::IsEdge<std::decay_t<Result>>::value) {
        add_graph_output("0", std::invoke(graph));
    } else {
        std::invoke(graph);
    }
}

RunResults collect_results(Engine& engine);
EngineOptions engine_options(const RunOptions& options);
DateTime resolve_start(const RunOptions& options);

// Builds and runs a graph; returns its graph outputs. Throws the first error
// raised by the graph, after every started node and adapter was stopped.
template <class Graph>
RunResults run(Graph&& graph, const RunOptions& options = {}) {
    Engine engine(engine_options(options));
    engine.set_profiler(options.profile);
    const DateTime start = resolve_start(options);
    build_graph(engine, std::forward<Graph>(graph));
    engine.run(start, options.endtime.resolve(start));
    return collect_results(engine);
}

class RunningGraph;
// Builds and runs a graph on a new thread; see RunningGraph.
template <class Graph>
RunningGraph run_on_thread(Graph&& graph, const RunOptions& options = {});

// A graph running on its own thread (csp::run_on_thread).
class RunningGraph {
public:
    RunningGraph(const RunningGraph&) = delete;
    RunningGraph& operator=(const RunningGraph&) = delete;
    RunningGraph(RunningGraph&&) = default;
    RunningGraph& operator=(RunningGraph&&) = default;
    ~RunningGraph();

    // Asks the engine to stop after its current cycle (any thread).
    void stop_engine();
    bool is_alive() const;
    // Waits for the run to end; returns its results or rethrows its error.
    RunResults join();

private:
    template <class Graph>
    friend RunningGraph run_on_thread(Graph&& graph, const RunOptions& options);
    struct Shared;
    RunningGraph(std::shared_ptr<Shared> shared, std::thread thread);
    static void run_body(Shared& shared, const std::function<void()>& graph, const RunOptions& options);
    std::shared_ptr<Shared> shared_;
    std::thread thread_;
};

struct RunningGraph::Shared {
    std::mutex mutex;
    Engine* engine = nullptr;
    bool stop_requested = false;
    std::atomic<bool> done{false};
    RunResults results;
    std::exception_ptr error;
};

template <class Graph>
RunningGraph run_on_thread(Graph&& graph, const RunOptions& options) {
    auto shared = std::make_shared<RunningGraph::Shared>();
    std::function<void()> build = [graph = std::forward<Graph>(graph)]() mutable {
        using Result = std::invoke_result_t<Graph&>;
        if constexpr (detail::IsEdge<std::decay_t<Result>>::value) {
            add_graph_output("0", std::invoke(graph));
        } else {
            std::invoke(graph);
        }
    };
    RunOptions thread_options = options;
    thread_options.handle_sigint = false;  // signals belong to the main thread's runs
    std::thread thread([shared, build = std::move(build), thread_options] {
        RunningGraph::run_body(*shared, build, thread_options);
    });
    return RunningGraph(shared, std::move(thread));
}

// Adds a node of class N (derived from Node) to the graph being built.
template <class N, class... Args>
N& add(Args&&... args) {
    return detail::engine_for_building("csp::add").add_node<N>(std::forward<Args>(args)...);
}

// ---- Inside a running graph (csp.now() and friends in Python) ----
DateTime now();
uint64_t cycle_count();
DateTime engine_start_time();
DateTime engine_end_time();
bool in_realtime();
bool is_configured_realtime();
// Finishes the current cycle, then stops the run. With `dynamic`, inside a
// dynamic sub-graph: stops only that sub-graph instance (the whole run elsewhere).
void stop_engine(bool dynamic = false);

}  // namespace csp
