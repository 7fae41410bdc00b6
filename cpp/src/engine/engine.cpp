#include "csp/engine/engine.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "csp/engine/dynamic.h"
#include "csp/engine/graph_output.h"
#include "csp/engine/profiler.h"
#include "csp/engine/push_adapter.h"
#include "sigint.h"

namespace csp {
namespace {

thread_local Engine* t_current_engine = nullptr;

std::string node_context(const Node& node) { return "node '" + node.name() + "'"; }
std::string adapter_context(const InputAdapter& adapter) { return "adapter '" + adapter.name() + "'"; }
std::string manager_context(const AdapterManager& manager) { return "adapter manager '" + manager.name() + "'"; }

}  // namespace

Engine::Engine(EngineOptions options)
    : options_(std::move(options)), clock_(options_.clock ? options_.clock : std::make_shared<SystemClock>()) {}

Engine::Engine(Engine& parent, DynamicNode& owner)
    : options_(parent.options()), clock_(parent.root_->clock_), root_(parent.root_), owner_(&owner) {
    rank_queue_.set_child_engine(this);
}

Engine::~Engine() = default;

Engine* Engine::current() { return t_current_engine; }

Engine::Scope::Scope(Engine& engine) : previous_(t_current_engine) { t_current_engine = &engine; }
Engine::Scope::~Scope() { t_current_engine = previous_; }

Engine::ActiveScope::ActiveScope(Engine& engine)
    : root_(engine.root_), previous_(root_->active_), previous_owner_(root_->scheduler_.owner()) {
    root_->active_ = &engine;
    root_->scheduler_.set_owner(engine.is_dynamic() ? &engine : nullptr);
}

Engine::ActiveScope::~ActiveScope() {
    root_->active_ = previous_;
    root_->scheduler_.set_owner(previous_owner_);
}

EdgeSlot& Engine::make_unbound_slot(const std::type_info& type) {
    unbound_slots_.push_back(std::make_unique<EdgeSlot>());
    unbound_slots_.back()->type = &type;
    return *unbound_slots_.back();
}

void Engine::register_graph_output(const std::string& key, GraphOutputBase& output) {
    if (root_ != this) {
        root_->register_graph_output(key, output);
        graph_outputs_.emplace_back(key, &output);
        return;
    }
    for (const auto& [existing, _] : graph_outputs_) {
        if (existing == key) throw ValueError("graph output key \"" + key + "\" is already bound");
    }
    graph_outputs_.emplace_back(key, &output);
}

std::vector<std::string> Engine::graph_output_keys() const {
    std::vector<std::string> keys;
    for (const auto& [key, _] : graph_outputs_) keys.push_back(key);
    return keys;
}

std::unique_ptr<RecordedTicksBase> Engine::take_graph_output(const std::string& key) {
    for (auto& [existing, output] : graph_outputs_) {
        if (existing == key && output != nullptr) return output->take();
    }
    for (auto& [existing, ticks] : retired_outputs_) {
        if (existing == key) return std::move(ticks);
    }
    throw KeyError("no graph output named '" + key + "'");
}

void Engine::throw_node_added_while_running() {
    throw RuntimeError("nodes cannot be added to a graph once it runs");
}

void Engine::request_stop() {
    stop_requested_.store(true, std::memory_order_relaxed);
    if (owner_ != nullptr) return owner_->child_stop_requested(*this);
    push_queue_.wake();
}

namespace {
// Engine::should_stop, for the run loops to inline: they check it every cycle.
bool stop_or_interrupt(const Engine& engine) { return engine.stop_requested() || sigint::interrupted(); }
}  // namespace

bool Engine::should_stop() const { return stop_or_interrupt(*this); }

// ---------------------------------------------------------------- prepare

void Engine::prepare() {
    for (auto& check : build_checks_) check();
    resolve_inputs();
    prune();
    compute_ranks();
    subscribe_inputs();
}

void Engine::subscribe_inputs() {
    for (auto& node : nodes_) {
        for (InputBase* input : node->inputs()) {
            if (input->active()) input->series()->subscribe(node.get(), input->tag());
        }
    }
    for (auto& node : nodes_) {
        // By index: a dynamic basket input adds an input per element it already has.
        for (size_t i = 0; i < node->inputs().size(); ++i) node->inputs()[i]->on_prepared();
    }
}

void Engine::resolve_inputs() {
    for (auto& node : nodes_) {
        for (InputBase* input : node->inputs()) {
            if (input->slot() == nullptr || input->slot()->series == nullptr) {
                throw ValueError("an input of node '" + node->name() +
                                 "' is wired to an edge that was never bound (a DelayedEdge or feedback)");
            }
            input->resolve();
        }
    }
}

void Engine::prune() {
    std::unordered_set<const Node*> reached;
    std::unordered_set<const TimeSeriesBase*> read;
    std::vector<Node*> frontier;
    for (auto& node : nodes_) {
        if (node->is_root()) {
            reached.insert(node.get());
            frontier.push_back(node.get());
        }
    }
    while (!frontier.empty()) {
        Node* node = frontier.back();
        frontier.pop_back();
        for (InputBase* input : node->inputs()) {
            read.insert(input->series());
            Node* producer = input->series()->producer();
            if (producer != nullptr && reached.insert(producer).second) frontier.push_back(producer);
        }
    }
    std::erase_if(nodes_, [&](const NodePtr& n) { return !reached.contains(n.get()); });
    std::erase_if(input_adapters_,
                  [&](const std::unique_ptr<InputAdapter>& a) { return !read.contains(&a->output()); });
}

void Engine::compute_ranks() {
    enum class Mark : uint8_t { Unvisited, Visiting, Done };
    std::unordered_map<const Node*, Mark> marks;
    marks.reserve(nodes_.size());
    struct Frame {
        Node* node;
        size_t next_input;
    };
    std::vector<Frame> stack;
    // Producers outside this engine (the outer graph of a dynamic sub-graph) ran before it: rank 0 here.
    auto rank_producer = [this](const InputBase* input) -> Node* {
        const TimeSeriesBase* series = input->series();
        Node* producer = series->producer();
        return series->producer_is_rank_edge() && producer != nullptr && producer->engine_ == this ? producer : nullptr;
    };
    for (auto& root : nodes_) {
        if (marks[root.get()] != Mark::Unvisited) continue;
        marks[root.get()] = Mark::Visiting;
        stack.push_back({root.get(), 0});
        while (!stack.empty()) {
            Frame& frame = stack.back();
            if (frame.next_input < frame.node->inputs().size()) {
                Node* producer = rank_producer(frame.node->inputs()[frame.next_input++]);
                if (producer == nullptr) continue;
                Mark& mark = marks[producer];
                if (mark == Mark::Visiting) {
                    std::string path = producer->name();
                    for (size_t i = stack.size(); i-- > 0;) {
                        path += " -> " + stack[i].node->name();
                        if (stack[i].node == producer) break;
                    }
                    throw ValueError("illegal cycle found in graph: " + path);
                }
                if (mark == Mark::Unvisited) {
                    mark = Mark::Visiting;
                    stack.push_back({producer, 0});
                }
                continue;
            }
            int rank = 1;
            for (InputBase* input : frame.node->inputs()) {
                if (Node* producer = rank_producer(input)) rank = std::max(rank, producer->rank_ + 1);
            }
            frame.node->rank_ = rank;
            marks[frame.node] = Mark::Done;
            stack.pop_back();
        }
    }
    std::vector<size_t> nodes_per_rank;
    for (auto& node : nodes_) {
        const auto rank = static_cast<size_t>(node->rank_);
        if (rank >= nodes_per_rank.size()) nodes_per_rank.resize(rank + 1, 0);
        ++nodes_per_rank[rank];
    }
    rank_queue_.configure(nodes_per_rank);
}

// ---------------------------------------------------------------- start / stop

void Engine::start_all() {
    CycleState& state = cycle_state();
    const bool was_starting = state.starting;
    state.starting = true;
    for (auto& manager : managers_) {
        with_error_context([&] { return manager_context(*manager); }, [&] { manager->start(start_time(), end_time()); });
        ++started_managers_;
        schedule_timeslices(*manager);
    }
    auto start_nodes = [&](NodeKind kind) {
        for (auto& node : nodes_) {
            if (node->kind() != kind) continue;
            with_error_context([&] { return node_context(*node); }, [&] { node->start(); });
            started_nodes_.push_back(node.get());
        }
    };
    start_nodes(NodeKind::OutputAdapter);
    start_nodes(NodeKind::GraphOutput);
    const DateTime adapter_start = std::max(now(), start_time());
    for (auto& adapter : input_adapters_) {
        with_error_context([&] { return adapter_context(*adapter); }, [&] { adapter->start(adapter_start, end_time()); });
        ++started_adapters_;
    }
    start_nodes(NodeKind::Node);
    state.starting = was_starting;
}

void Engine::schedule_timeslices(AdapterManager& manager) {
    scheduler().schedule(std::max(now(), start_time()), [this, &manager] {
        with_error_context([&] { return manager_context(manager); }, [&] {
            const DateTime now = cycle_state().now;
            const std::optional<DateTime> next = manager.process_next_sim_timeslice(now);
            if (!next) return;
            if (*next < now) {
                throw ValueError("process_next_sim_timeslice returned " + next->to_string() +
                                 ", before the current time " + now.to_string());
            }
            scheduler().requeue_current(*next);
        });
        return true;
    });
}

void Engine::stop_all(std::exception_ptr& error) {
    auto guard = [&](auto&& f) {
        try {
            f();
        } catch (...) {
            if (!error) error = std::current_exception();
        }
    };
    for (auto& callback : stop_callbacks_) guard(callback);
    auto stop_nodes = [&](NodeKind kind) {
        for (Node* node : started_nodes_) {
            if (node->kind() == kind) guard([&] { with_error_context([&] { return node_context(*node); }, [&] { node->stop(); }); });
        }
    };
    stop_nodes(NodeKind::Node);
    for (size_t i = 0; i < started_adapters_; ++i) {
        InputAdapter& adapter = *input_adapters_[i];
        guard([&] { with_error_context([&] { return adapter_context(adapter); }, [&] { adapter.stop(); }); });
    }
    stop_nodes(NodeKind::GraphOutput);
    stop_nodes(NodeKind::OutputAdapter);
    for (size_t i = 0; i < started_managers_; ++i) {
        AdapterManager& manager = *managers_[i];
        guard([&] { with_error_context([&] { return manager_context(manager); }, [&] { manager.stop(); }); });
    }
}

// ---------------------------------------------------------------- run

void Engine::run(DateTime start, DateTime end) {
    if (ran_) throw RuntimeError("an engine runs once; build a new graph to run again");
    ran_ = true;
    if (end < start) throw ValueError("end time " + end.to_string() + " is before start time " + start.to_string());
    if (end > max_end_time()) {
        throw ValueError("end time " + end.to_string() + " is after the latest supported " + max_end_time().to_string());
    }
    start_ = start;
    end_ = end;
    Scope scope(*this);
    std::optional<sigint::Guard> sigint_guard;
    if (options_.handle_sigint) sigint_guard.emplace();

    prepare();
    state_.now = start_;
    scheduler_.set_now(start_);
    instrumented_ = profiler_ != nullptr || progress_report_ != nullptr;
    std::exception_ptr error;
    try {
        if (profiler_ != nullptr) profiler_->begin_run(*this);
        start_all();
        if (options_.realtime) {
            run_realtime();
        } else {
            run_simulation_until(end_);
        }
    } catch (...) {
        error = std::current_exception();
        state_.starting = false;
    }
    rank_queue_.clear();
    stop_all(error);
    if (profiler_ != nullptr) {
        try {
            profiler_->end_run();
        } catch (...) {
            if (!error) error = std::current_exception();
        }
    }
    if (error) std::rethrow_exception(error);
}

void Engine::set_progress_reporter(std::function<void()> report, TimeDelta interval) {
    progress_report_ = std::move(report);
    progress_interval_ = std::chrono::nanoseconds(interval.nanos());
    next_progress_report_ = {};
}

inline void Engine::begin_cycle(DateTime time, bool with_push_events) {
    state_.now = time;
    ++state_.cycle;
    scheduler_.run_due(time);
    if (with_push_events) process_push_events();
}

inline void Engine::run_cycle(DateTime time, bool with_push_events) {
    if (instrumented_) [[unlikely]] return run_instrumented_cycle(time, with_push_events);
    begin_cycle(time, with_push_events);
    execute_scheduled_nodes();
    if (!end_cycle_listeners_.empty()) run_end_cycle_listeners();
}

void Engine::run_simulation_until(DateTime limit) {
    while (!stop_or_interrupt(*this)) {
        const DateTime next = scheduler_.next_time();
        if (next > limit) {
            // Events remain past the end: the run ends at its end time.
            if (next != DateTime::max() && limit == end_) state_.now = end_;
            return;
        }
        run_cycle(next, false);
    }
}

void Engine::run_realtime() {
    run_simulation_until(std::min(clock_->now(), end_));  // catch up from the start time
    in_realtime_ = true;
    const TimeDelta one_nano = TimeDelta::from_nanos(1);
    while (!stop_or_interrupt(*this)) {
        drain_push_queue();
        const DateTime wall = clock_->now();
        const DateTime next_timer = scheduler_.next_time();
        if (next_timer <= wall && next_timer <= end_) {
            run_cycle(next_timer, false);  // overdue timers first, each at its own time
            continue;
        }
        if (wall > end_) {
            state_.now = end_;
            return;
        }
        if (!pending_pushes_.empty()) {
            run_cycle(std::max(wall, state_.now), true);
            continue;
        }
        const DateTime deadline = std::min({next_timer, wall + options_.queue_wait_time, end_ + one_nano});
        if (profiler_ != nullptr) [[unlikely]] profiler_->set_waiting(true);
        clock_->wait_until(deadline, push_queue_);
        if (profiler_ != nullptr) [[unlikely]] profiler_->set_waiting(false);
    }
}

// run_cycle's steps with a profiler (the cycle timed, then each node
// execution) and/or a progress reporter: chosen once per cycle, so that the
// plain loop stays as it is.
void Engine::run_instrumented_cycle(DateTime time, bool with_push_events) {
    const Profiler::Clock::time_point begin = Profiler::Clock::now();
    begin_cycle(time, with_push_events);
    if (profiler_ != nullptr) {
        execute_scheduled_nodes_profiled(*profiler_);
    } else {
        execute_scheduled_nodes();
    }
    run_end_cycle_listeners();
    if (profiler_ != nullptr) profiler_->record_cycle(Profiler::Clock::now() - begin);
    if (progress_report_ != nullptr) report_progress();
}

void Engine::report_progress() {
    const auto wall = std::chrono::steady_clock::now();
    if (wall < next_progress_report_) return;
    next_progress_report_ = wall + progress_interval_;
    progress_report_();
}

void Engine::run_end_cycle_listeners() {
    for (auto& listener : end_cycle_listeners_) listener();
}

// ---------------------------------------------------------------- dynamic sub-graphs

void Engine::start_dynamic() {
    ran_ = true;
    for (auto& check : build_checks_) check();
    resolve_inputs();
    compute_ranks();
    subscribe_inputs();
    start_all();
}

void Engine::stop_dynamic(std::exception_ptr& error) {
    stop_all(error);
    for (auto& [key, output] : graph_outputs_) {  // the root keeps what this sub-graph recorded
        for (auto& [root_key, root_output] : root_->graph_outputs_) {
            if (root_output == output) root_output = nullptr;
        }
        root_->retired_outputs_.emplace_back(key, output->take());
    }
    for (auto& node : nodes_) {
        for (InputBase* input : std::vector<InputBase*>(node->inputs())) {
            input->detach();  // a no-op for an input already unbound
        }
    }
    rank_queue_.clear();
    root_->scheduler_.cancel_owned_by(this);
    for (auto& adapter : input_adapters_) {
        if (auto* push = dynamic_cast<PushInputAdapterBase*>(adapter.get())) root_->discard_pushes(push->pending());
    }
}

void Engine::discard_pushes(PendingPushes& pending) {
    drain_push_queue();  // events already pushed join their adapter's pending list first
    std::erase(pending_pushes_, &pending);
    for (auto& [seq, event] : pending.events) delete event;
    pending.events.clear();
    pending.listed = false;
}

namespace {

// Walks `queue`, calling `execute(node)` for each scheduled node; an error is
// annotated with the node that raised it. One handler for the whole pass
// keeps the loop tight.
template <class Execute>
void execute_annotated(RankQueue& queue, Execute&& execute) {
    Node* running = nullptr;
    try {
        queue.run([&](Node* node) {
            running = node;
            execute(node);
        });
    } catch (Exception& e) {
        e.add_context(node_context(*running));
        throw;
    } catch (const std::exception& e) {
        RuntimeError error(e.what());
        error.add_context(node_context(*running));
        throw error;
    }
}

}  // namespace

void Engine::execute_scheduled_nodes() {
    execute_annotated(rank_queue_, [](Node* node) { node->execute(); });
}

void Engine::execute_scheduled_nodes_profiled(Profiler& profiler) {
    const bool sub_graph = root_ != this;
    execute_annotated(rank_queue_, [&profiler, sub_graph](Node* node) {
        const Profiler::Clock::time_point begin = Profiler::Clock::now();
        node->execute();
        const auto elapsed = Profiler::Clock::now() - begin;
        if (sub_graph) {
            profiler.record_dynamic_node(*node, elapsed);
        } else {
            profiler.record_node(*node, elapsed);
        }
    });
}

// ---------------------------------------------------------------- pushed events

void Engine::drain_push_queue() {
    while (PushEvent* event = push_queue_.pop()) {
        PendingPushes& pending = event->adapter()->pending();
        pending.events.emplace_back(push_sequence_++, event);
        if (!pending.listed) {
            pending.listed = true;
            pending_pushes_.push_back(&pending);
        }
    }
}

void Engine::process_push_events() {
    // Owners (adapters or push groups) in the order of their oldest event.
    if (pending_pushes_.size() > 1) {
        std::stable_sort(pending_pushes_.begin(), pending_pushes_.end(),
                         [](const PendingPushes* a, const PendingPushes* b) {
                             return a->events.front().first < b->events.front().first;
                         });
    }
    for (PendingPushes* pending : pending_pushes_) {
        while (!pending->events.empty()) {
            PushEvent* event = pending->events.front().second;
            if (!event->consume()) break;
            const bool non_collapsing = event->adapter()->push_mode() == PushMode::NON_COLLAPSING;
            pending->events.pop_front();
            delete event;
            if (non_collapsing) break;  // the rest of this adapter or group waits for the next cycle
        }
    }
    std::erase_if(pending_pushes_, [](PendingPushes* pending) {
        if (!pending->events.empty()) return false;
        pending->listed = false;
        return true;
    });
}

}  // namespace csp
