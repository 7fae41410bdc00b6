// The engine: owns a graph's nodes and adapters and runs them, cycle by cycle,
// in simulation (engine time, as fast as possible) or realtime (wall clock,
// events pushed from other threads).
//
// One engine cycle at time t: (1) now = t, (2) cycle count + 1, (3) scheduler
// events due at t run (adapters and alarms tick), (4) pushed events are
// consumed (realtime), (5) every node scheduled by those ticks executes, in
// ascending rank, at most once, (6) end-of-cycle listeners run.
//
// Lifecycle: build (add nodes/adapters while Engine::current() is this
// engine), then run() once: prepare (bind delayed edges, prune what reaches
// no root, rank, check cycles), start, cycles, stop. The first exception
// ends the run: the cycle is abandoned, everything that started is stopped,
// then the exception (annotated with the node or adapter at fault) is
// rethrown.
//
// Memory: an engine's nodes are laid out one after the other in an arena of
// the engine, in creation order, so a chain of nodes is a stretch of memory
// the hardware prefetches (with one allocation per node, the allocations
// made in between while wiring scattered them). A pruned node is destroyed
// at once; its bytes go back with the engine.
//
// Dynamic sub-graphs (csp/engine/dynamic.h) each live in a child engine: it
// owns the sub-graph's nodes and adapters and has its own rank queue, but
// shares its root's time, cycle count, scheduler and push queue, so a
// sub-graph runs inside its root's cycles. A child is built and started
// while its root runs and stopped when its key goes away.
//
// Thread-safety: an engine is used by one thread, except request_stop() (of
// a root engine) and push adapters, which any thread may call.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <memory_resource>
#include <string>
#include <typeinfo>
#include <utility>
#include <vector>

#include "csp/core/time.h"
#include "csp/engine/clock.h"
#include "csp/engine/input_adapter.h"
#include "csp/engine/node.h"
#include "csp/engine/push_queue.h"
#include "csp/engine/scheduler.h"

namespace csp {

class DynamicNode;
class GraphOutputBase;
class Profiler;
class RecordedTicksBase;
struct PendingPushes;

struct EngineOptions {
    bool realtime = false;
    // Realtime: longest wait for pushed events before the engine checks its timers and stop flag.
    TimeDelta queue_wait_time = std::chrono::milliseconds(100);
    // Realtime: the clock to run on; nullptr means the system wall clock.
    std::shared_ptr<Clock> clock;
    // Stop cleanly on Ctrl-C (SIGINT) while running.
    bool handle_sigint = true;
};

class Engine {
public:
    explicit Engine(EngineOptions options = {});
    // A child engine for one instance of `owner`'s sub-graph, inside `parent` (see dynamic.h).
    Engine(Engine& parent, DynamicNode& owner);
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;
    ~Engine();

    // The engine being built or run on this thread, or nullptr.
    static Engine* current();
    // Makes `engine` current on this thread for the scope's lifetime.
    class Scope {
    public:
        explicit Scope(Engine& engine);
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        Engine* previous_;
    };

    // ---- Building ----
    // Nodes are added while the graph is built; adding one once the run began
    // throws RuntimeError (a dynamic sub-graph is built in a new child engine).
    template <class N, class... Args>
    N& add_node(Args&&... args) {
        if (ran_) throw_node_added_while_running();
        Scope scope(*this);
        void* memory = node_arena_.allocate(sizeof(N), alignof(N));
        NodePtr node(new (memory) N(std::forward<Args>(args)...));  // a throwing constructor leaves the bytes to the arena
        N& ref = static_cast<N&>(*node);
        nodes_.push_back(std::move(node));
        return ref;
    }
    template <class A, class... Args>
    A& add_input_adapter(Args&&... args) {
        Scope scope(*this);
        auto adapter = std::make_unique<A>(std::forward<Args>(args)...);
        A& ref = *adapter;
        input_adapters_.push_back(std::move(adapter));
        return ref;
    }
    template <class M, class... Args>
    M& add_adapter_manager(Args&&... args) {
        Scope scope(*this);
        auto manager = std::make_unique<M>(std::forward<Args>(args)...);
        M& ref = *manager;
        managers_.push_back(std::move(manager));
        return ref;
    }
    // A slot for an edge bound later (DelayedEdge). Owned by the engine.
    EdgeSlot& make_unbound_slot(const std::type_info& type);
    // Runs at prepare time, before pruning; throws to reject the graph.
    void add_build_check(std::function<void()> check) { build_checks_.push_back(std::move(check)); }
    // Registers a graph output under a unique key; throws ValueError on a
    // duplicate. A dynamic sub-graph's outputs register with its root, which
    // keeps their ticks when the sub-graph goes away.
    void register_graph_output(const std::string& key, GraphOutputBase& output);
    // The keys of the graph outputs, in registration order.
    std::vector<std::string> graph_output_keys() const;
    // After the run: moves the recorded ticks of graph output `key` out.
    std::unique_ptr<RecordedTicksBase> take_graph_output(const std::string& key);
    // Called after every cycle (writers flush batches here).
    void add_end_cycle_listener(std::function<void()> listener) {
        end_cycle_listeners_.push_back(std::move(listener));
    }
    // Called after the run stops, before nodes' stop() hooks.
    void add_stop_callback(std::function<void()> callback) { stop_callbacks_.push_back(std::move(callback)); }

    // ---- Extensions
    // State a language binding keeps per engine (e.g. caches of converted
    // values), destroyed with the engine, after its nodes. Created by
    // extension<T>() on first use; T derives from Extension and is default
    // constructible. Engine thread only; a dynamic sub-graph's child engine
    // has its own.
    struct Extension {
        virtual ~Extension() = default;
    };
    template <class T>
    T& extension() {
        for (const auto& existing : extensions_) {
            if (auto* found = dynamic_cast<T*>(existing.get())) return *found;
        }
        extensions_.push_back(std::make_unique<T>());
        return static_cast<T&>(*extensions_.back());
    }

    // ---- Instrumentation (set before run(); an engine with neither tests one flag per cycle)
    // Times every cycle and node execution of this run in `profiler` (csp/engine/profiler.h); nullptr: none.
    void set_profiler(Profiler* profiler) { profiler_ = profiler; }
    Profiler* profiler() const { return profiler_; }
    // Calls `report` at the end of a cycle at most once per `interval` of wall-clock time (and after the
    // first cycle), on the engine thread: a progress display reads now() and cycle_count() there.
    void set_progress_reporter(std::function<void()> report, TimeDelta interval);

    // ---- Running ----
    // Runs the graph from `start` to `end` (inclusive). Throws the first error.
    void run(DateTime start, DateTime end);
    // Root engine, any thread: finish the current cycle, then stop. Child
    // engine, engine thread: stop only this dynamic sub-graph instance, at
    // the end of its dynamic node's execution in this cycle.
    void request_stop();
    bool stop_requested() const { return stop_requested_.load(std::memory_order_relaxed); }
    // A stop was requested or Ctrl-C was pressed: code that blocks on the engine thread gives up.
    bool should_stop() const;

    DateTime now() const { return root_->state_.now; }
    uint64_t cycle_count() const { return root_->state_.cycle; }
    DateTime start_time() const { return root_->start_; }
    DateTime end_time() const { return root_->end_; }
    bool is_configured_realtime() const { return root_->options_.realtime; }
    // False during the catch-up simulation of a realtime run.
    bool in_realtime() const { return root_->in_realtime_; }
    const EngineOptions& options() const { return root_->options_; }

    Scheduler& scheduler() { return root_->scheduler_; }
    CycleState& cycle_state() { return root_->state_; }
    RankQueue& rank_queue() { return rank_queue_; }
    PushQueue& push_queue() { return root_->push_queue_; }
    Clock& clock() { return *root_->clock_; }

    // ---- Dynamic sub-graphs ----
    Engine& root() { return *root_; }
    bool is_dynamic() const { return owner_ != nullptr; }
    // The dynamic node this child engine is an instance of (nullptr for a root).
    DynamicNode* dynamic_owner() const { return owner_; }
    // The engine whose code runs now: a dynamic sub-graph's child engine
    // while its nodes are built, started, executed or stopped, else the root.
    Engine& active() { return *root_->active_; }
    // Engine-internal, for dynamic nodes: makes `engine` active for the scope's lifetime.
    class ActiveScope {
    public:
        explicit ActiveScope(Engine& engine);
        ~ActiveScope();
        ActiveScope(const ActiveScope&) = delete;
        ActiveScope& operator=(const ActiveScope&) = delete;

    private:
        Engine* root_;
        Engine* previous_;
        const void* previous_owner_;
    };
    // Destroys a node of this engine; its memory belongs to the engine's node arena.
    struct NodeDestroy {
        void operator()(Node* node) const { node->~Node(); }
    };
    using NodePtr = std::unique_ptr<Node, NodeDestroy>;
    const std::vector<NodePtr>& nodes() const { return nodes_; }
    size_t input_adapter_count() const { return input_adapters_.size(); }

private:
    friend class DynamicNode;
    [[noreturn]] static void throw_node_added_while_running();
    // A child engine's life: prepare and start its nodes and adapters at the
    // root's current time; stop them, unsubscribe from outer series, cancel
    // its scheduled events and drop its pending pushed events.
    void start_dynamic();
    void stop_dynamic(std::exception_ptr& error);
    void run_end_cycle_listeners();
    void discard_pushes(PendingPushes& pending);
    void subscribe_inputs();
    void prepare();
    void resolve_inputs();
    void prune();
    void compute_ranks();
    void start_all();
    void schedule_timeslices(AdapterManager& manager);
    void stop_all(std::exception_ptr& error);
    void run_simulation_until(DateTime limit);
    void run_realtime();
    // A cycle at `time`. Inline: defined in engine.cpp, whose run loops are its only callers.
    inline void run_cycle(DateTime time, bool with_push_events);
    // The steps before the nodes run: the time set, the scheduler's due events, the pushed events.
    inline void begin_cycle(DateTime time, bool with_push_events);
    void run_instrumented_cycle(DateTime time, bool with_push_events);
    void execute_scheduled_nodes();
    // Times each execution in `profiler`: the root engine's nodes by address, a sub-graph's by name.
    void execute_scheduled_nodes_profiled(Profiler& profiler);
    void report_progress();
    void drain_push_queue();
    void process_push_events();

    EngineOptions options_;
    std::shared_ptr<Clock> clock_;
    CycleState state_;
    Scheduler scheduler_;
    RankQueue rank_queue_;
    PushQueue push_queue_;
    DateTime start_ = DateTime::min();
    DateTime end_ = DateTime::max();
    bool in_realtime_ = false;
    bool ran_ = false;
    std::atomic<bool> stop_requested_{false};
    Engine* root_ = this;
    DynamicNode* owner_ = nullptr;
    Engine* active_ = this;  // root only

    std::vector<std::unique_ptr<Extension>> extensions_;  // destroyed after the nodes and adapters
    std::vector<std::unique_ptr<AdapterManager>> managers_;
    std::vector<std::unique_ptr<InputAdapter>> input_adapters_;
    // The nodes, in creation order, laid out one after the other in the arena
    // (declared first: it is released after the nodes are destroyed).
    std::pmr::monotonic_buffer_resource node_arena_;
    std::vector<NodePtr> nodes_;
    std::vector<std::unique_ptr<EdgeSlot>> unbound_slots_;
    std::vector<std::function<void()>> build_checks_;
    std::vector<std::pair<std::string, GraphOutputBase*>> graph_outputs_;  // nullptr: retired (ticks in retired_outputs_)
    std::vector<std::pair<std::string, std::unique_ptr<RecordedTicksBase>>> retired_outputs_;
    std::vector<std::function<void()>> end_cycle_listeners_;
    std::vector<std::function<void()>> stop_callbacks_;

    // Started objects, in start order, so that exactly those are stopped.
    size_t started_managers_ = 0;
    std::vector<Node*> started_nodes_;
    size_t started_adapters_ = 0;

    // Instrumentation: instrumented_ is set when a profiler or a progress reporter is.
    bool instrumented_ = false;
    Profiler* profiler_ = nullptr;
    std::function<void()> progress_report_;
    std::chrono::steady_clock::duration progress_interval_{};
    std::chrono::steady_clock::time_point next_progress_report_{};

    std::vector<PendingPushes*> pending_pushes_;  // owners with events waiting, in arrival order
    uint64_t push_sequence_ = 0;
};

template <class T>
CycleState& TypedInputAdapter<T>::engine_state() {
    return engine().cycle_state();
}

// Runs `f`, annotating any exception with `where()` (e.g. "node 'spread'"),
// which is only called on the error path, so hot callers pay nothing for it.
// Non-csp exceptions are converted to RuntimeError.
template <class Where, class F>
void with_error_context(Where&& where, F&& f) {
    try {
        f();
    } catch (Exception& e) {
        e.add_context(where());
        throw;
    } catch (const std::exception& e) {
        RuntimeError error(e.what());
        error.add_context(where());
        throw error;
    }
}

}  // namespace csp
