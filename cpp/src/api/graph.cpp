#include "csp/api/graph.h"

namespace csp {
namespace detail {

Engine& engine_for_building(const char* what) {
    Engine* engine = Engine::current();
    if (engine == nullptr) {
        throw RuntimeError(std::string(what) + " can only be called while a graph is being built (inside csp::run)");
    }
    return *engine;
}

Engine& running_engine(const char* what) {
    Engine* engine = Engine::current();
    if (engine == nullptr) throw RuntimeError(std::string(what) + " can only be called while a graph runs");
    return *engine;
}

}  // namespace detail

RunResults collect_results(Engine& engine) {
    RunResults results;
    for (const std::string& key : engine.graph_output_keys()) results.add(key, engine.take_graph_output(key));
    return results;
}

EngineOptions engine_options(const RunOptions& options) {
    EngineOptions engine_options;
    engine_options.realtime = options.realtime;
    engine_options.queue_wait_time = options.queue_wait_time;
    engine_options.clock = options.clock;
    engine_options.handle_sigint = options.handle_sigint;
    return engine_options;
}

DateTime resolve_start(const RunOptions& options) {
    if (options.starttime) return *options.starttime;
    return options.clock ? options.clock->now() : DateTime::now();
}

RunningGraph::RunningGraph(std::shared_ptr<Shared> shared, std::thread thread)
    : shared_(std::move(shared)), thread_(std::move(thread)) {}

RunningGraph::~RunningGraph() {
    if (thread_.joinable()) {
        stop_engine();
        thread_.join();
    }
}

void RunningGraph::run_body(Shared& shared, const std::function<void()>& graph, const RunOptions& options) {
    try {
        Engine engine(engine_options(options));
        engine.set_profiler(options.profile);
        const DateTime start = resolve_start(options);
        build_graph(engine, graph);
        {
            std::lock_guard<std::mutex> lock(shared.mutex);
            shared.engine = &engine;
            if (shared.stop_requested) engine.request_stop();
        }
        try {
            engine.run(start, options.endtime.resolve(start));
        } catch (...) {
            std::lock_guard<std::mutex> lock(shared.mutex);
            shared.engine = nullptr;
            throw;
        }
        std::lock_guard<std::mutex> lock(shared.mutex);
        shared.engine = nullptr;
        shared.results = collect_results(engine);
    } catch (...) {
        shared.error = std::current_exception();
    }
    shared.done.store(true);
}

void RunningGraph::stop_engine() {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->stop_requested = true;
    if (shared_->engine != nullptr) shared_->engine->request_stop();
}

bool RunningGraph::is_alive() const { return !shared_->done.load(); }

RunResults RunningGraph::join() {
    if (thread_.joinable()) thread_.join();
    if (shared_->error) std::rethrow_exception(shared_->error);
    return std::move(shared_->results);
}

DateTime now() { return detail::running_engine("csp::now").now(); }
uint64_t cycle_count() { return detail::running_engine("csp::cycle_count").cycle_count(); }
DateTime engine_start_time() { return detail::running_engine("csp::engine_start_time").start_time(); }
DateTime engine_end_time() { return detail::running_engine("csp::engine_end_time").end_time(); }
bool in_realtime() { return detail::running_engine("csp::in_realtime").in_realtime(); }
bool is_configured_realtime() { return detail::running_engine("csp::is_configured_realtime").is_configured_realtime(); }
void stop_engine(bool dynamic) {
    Engine& engine = detail::running_engine("csp::stop_engine");
    if (dynamic) {
        engine.active().request_stop();
    } else {
        engine.root().request_stop();
    }
}

}  // namespace csp
