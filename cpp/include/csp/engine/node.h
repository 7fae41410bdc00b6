// Nodes: the units of computation of a graph.
//
// A node reads time series through In<T> members, writes through Out<T>
// members and runs execute() when an active input ticked in this cycle (at
// most once per cycle). Derive from Node to write one:
//
//     class Spread : public csp::Node {
//     public:
//         Spread(csp::Edge<double> bid, csp::Edge<double> ask)
//             : Node("spread"), bid_(this, bid), ask_(this, ask) {}
//         csp::Out<double> out{this};
//         void execute() override {
//             if (csp::valid(bid_, ask_)) out.tick(*ask_ - *bid_);
//         }
//     private:
//         csp::In<double> bid_, ask_;
//     };
//     auto spread = csp::add<Spread>(bid, ask).out;   // an Edge<double>
//
// Ownership: the engine owns every node (nodes are created with csp::add or
// Engine::add_node while a graph is built, and never move). A node owns its
// Out<T> series; Edge<T> and In<T> only point at series.
// Thread-safety: everything here runs on the engine thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <numeric>
#include <string>
#include <typeinfo>
#include <vector>

#include "csp/core/exceptions.h"
#include "csp/engine/time_series.h"

namespace csp {

class Engine;
class InputBase;
class RankQueue;

// A typed handle on a time series while a graph is built: what sources and
// nodes return and what node inputs are wired to. Cheap to copy.
template <class T>
class Edge {
public:
    using value_type = T;
    Edge() = default;
    explicit Edge(EdgeSlot* slot) : slot_(slot) {}
    EdgeSlot* slot() const { return slot_; }
    bool is_null() const { return slot_ == nullptr; }

private:
    EdgeSlot* slot_ = nullptr;
};

// What a node is, for start/stop ordering and pruning.
enum class NodeKind : uint8_t {
    Node,           // a computation node
    OutputAdapter,  // sends values out of the graph
    GraphOutput,    // records values to return to the caller
};

class Node {
public:
    // Creates a node in the graph being built on this thread (see Engine::current).
    explicit Node(std::string name, NodeKind kind = NodeKind::Node);
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    virtual ~Node() = default;

    // Called once before the first cycle; may schedule alarms but not tick outputs.
    virtual void start() {}
    // Called once after the last cycle, if start() was called.
    virtual void stop() {}
    // Called in a cycle in which an active input or alarm ticked.
    virtual void execute() = 0;
    // Roots keep their upstream graph alive when pruning; by default a node
    // is a root when it has no outputs (it exists for its side effects).
    virtual bool is_root() const { return wiring_->kind != NodeKind::Node || wiring_->outputs.empty(); }

    const std::string& name() const { return wiring_->name; }
    NodeKind kind() const { return wiring_->kind; }
    Engine& engine() const { return *engine_; }
    CycleState& cycle_state() const { return *state_; }
    DateTime now() const { return state_->now; }
    int rank() const { return rank_; }
    const std::vector<InputBase*>& inputs() const { return wiring_->inputs; }
    const std::vector<TimeSeriesBase*>& outputs() const { return wiring_->outputs; }

    // Basket bookkeeping: tags of inputs that ticked this cycle, in order.
    const std::vector<int32_t>& ticked_tags() const {
        static const std::vector<int32_t> kNone;
        return tags_cycle_ == state_->cycle ? *wiring_->ticked_tags : kNone;  // tags of an earlier cycle are stale
    }
    int32_t next_input_tag() const { return static_cast<int32_t>(wiring_->inputs.size()); }
    // How many of the node's inputs are passive now (baskets skip their scan for passive ticks when none).
    uint32_t passive_input_count() const { return passive_inputs_; }

    // Engine-internal: an active input ticked in `cycle`; a basket element also records its tag.
    [[gnu::always_inline]] inline void notify(uint64_t cycle);
    // notify() with the node's region of its rank queue already at hand (RankQueue::region_of).
    [[gnu::always_inline]] inline void notify(uint64_t cycle, RankRegion& region);
    void record_tag(uint64_t cycle, int32_t tag);
    void register_input(InputBase* input) { wiring_->inputs.push_back(input); }
    void count_passive_input(bool passive) { passive ? ++passive_inputs_ : --passive_inputs_; }
    // A dynamic basket element's input going away (see dynamic_basket.h).
    void unregister_input(InputBase* input) { std::erase(wiring_->inputs, input); }
    // Tags for dynamic basket elements: unique for the node's life, never reused.
    int32_t allocate_dynamic_tag() { return wiring_->next_dynamic_tag++; }
    void register_output(TimeSeriesBase* output) {
        wiring_->outputs.push_back(output);
        output->set_producer(this);
    }

private:
    friend class Engine;
    friend class RankQueue;
    friend class TimeSeriesBase;
    Node(Engine& engine, std::string&& name, NodeKind kind);

    // What building and preparing the graph read, and the tags of a basket
    // node: kept out of the node, so that a subclass's inputs and outputs
    // follow the scheduling header below and one execution touches fewer
    // cache lines.
    struct Wiring {
        Wiring(std::string&& node_name, NodeKind node_kind) : name(std::move(node_name)), kind(node_kind) {}
        std::string name;
        std::vector<InputBase*> inputs;
        std::vector<TimeSeriesBase*> outputs;
        std::unique_ptr<std::vector<int32_t>> ticked_tags;  // made by the first tagged tick (basket nodes only)
        int32_t next_dynamic_tag = 1 << 30;
        NodeKind kind;
    };

    // What scheduling and running the node reads, with the vtable pointer: 64
    // bytes, a cache line's size (nodes are packed one after the other in
    // their engine's arena, not aligned to lines).
    RankQueue* queue_;
    uint64_t scheduled_cycle_ = 0;
    CycleState* state_;
    int rank_ = 0;
    uint32_t passive_inputs_ = 0;
    Engine* engine_;
    std::unique_ptr<Wiring> wiring_;
    // The cycle wiring_->ticked_tags belongs to (checked on every execution of a Python node);
    // no cycle's number before the node's first tagged tick, which makes the vector.
    uint64_t tags_cycle_ = UINT64_MAX;
};

// The consumers to run in this cycle, in ascending rank, each rank in the
// order its nodes were scheduled. A node is scheduled at most once per cycle,
// so each rank gets a fixed region of one array, sized when the graph is
// prepared: scheduling is a store and an increment. The queue of a dynamic
// sub-graph's child engine tells its dynamic node when it gets its first
// node of a cycle, so that the dynamic node runs and walks it.
struct RankRegion {
    Node** begin = nullptr;  // this rank's part of the queue's slots
    Node** end = nullptr;    // one past its last scheduled node
};

class RankQueue {
public:
    // Child engines only: the engine whose dynamic node to tell.
    void set_child_engine(Engine* engine) { child_engine_ = engine; }
    // Sizes the queue: nodes_per_rank[r] is the number of nodes of rank r.
    void configure(const std::vector<size_t>& nodes_per_rank) {
        slots_.assign(std::max<size_t>(1, std::accumulate(nodes_per_rank.begin(), nodes_per_rank.end(), size_t{0})),
                      nullptr);
        ranks_.assign(nodes_per_rank.size(), RankRegion{});
        Node** next = slots_.data();
        for (size_t rank = 0; rank < nodes_per_rank.size(); ++rank) {
            ranks_[rank] = RankRegion{next, next};
            next += nodes_per_rank[rank];
        }
        reset();
    }
    // While the queue is walked, a node almost always schedules consumers of
    // a higher rank than the one being walked: that case is two comparisons.
    [[gnu::always_inline]] void schedule(Node* node) { schedule(node, ranks_[static_cast<size_t>(node->rank_)]); }
    [[gnu::always_inline]] void schedule(Node* node, RankRegion& region) {
        *region.end++ = node;
        const int rank = node->rank_;
        if (rank <= walking_) [[unlikely]] return scheduled_at_or_below_walk(rank);
        if (rank > high_) high_ = rank;
    }
    // The region `node` is scheduled into; nullptr until this queue is configured for the node's rank.
    // Stable once configured (an engine is ranked once).
    RankRegion* region_of(const Node& node) {
        const auto rank = static_cast<size_t>(node.rank_);
        return rank < ranks_.size() ? &ranks_[rank] : nullptr;
    }
    bool empty() const { return high_ < 0; }
    // Runs `execute(node)` for each scheduled node, in ascending rank. Nodes
    // scheduled meanwhile run in the same pass: normally at a higher rank;
    // when a node makes a lower-ranked one tick (a push_tick into a managed
    // adapter), the walk resumes from that rank once the current one is done.
    template <class F>
    void run(F&& execute) {
        const WalkEnd walk_end{*this};
        int rank = low_;
        low_ = kNoRank;
        if (rank > high_) return;
        RankRegion* region = &ranks_[static_cast<size_t>(rank)];
        for (;;) {
            walking_ = rank;
            Node** const first = region->begin;
            for (Node** node = first; node != region->end; ++node) execute(*node);
            region->end = first;
            if (rewind_ < rank) [[unlikely]] {  // a lower rank was scheduled meanwhile: walk again from it
                region -= rank - rewind_;
                rank = rewind_;
                rewind_ = kNoRank;
                continue;
            }
            if (++rank > high_) break;
            ++region;
        }
    }
    // Abandons whatever is still scheduled (used when a cycle fails).
    void clear() {
        for (RankRegion& rank : ranks_) rank.end = rank.begin;
        reset();
    }

private:
    static constexpr int kNoRank = INT32_MAX;
    // Ends a walk, also when a node throws (the engine then clears the queue).
    struct WalkEnd {
        RankQueue& queue;
        ~WalkEnd() { queue.reset(); }
    };
    void reset() {
        low_ = kNoRank;
        high_ = -1;
        walking_ = kNoRank;
        rewind_ = kNoRank;
    }
    // Outside a walk (walking_ is kNoRank): an adapter or alarm ticked, or a
    // node of another engine. During a walk: a node scheduled a node of the
    // rank being walked (it runs in this pass) or of a lower one (rewind_).
    [[gnu::noinline]] void scheduled_at_or_below_walk(int rank) {
        if (walking_ != kNoRank) {
            if (rank < walking_ && rank < rewind_) rewind_ = rank;
            return;
        }
        if (rank < low_) low_ = rank;
        if (rank > high_) {
            if (high_ < 0 && child_engine_ != nullptr) notify_dynamic_owner();
            high_ = rank;
        }
    }
    void notify_dynamic_owner();  // dynamic.cpp
    std::vector<RankRegion> ranks_;
    int low_ = kNoRank;      // outside a walk: the lowest rank scheduled
    int high_ = -1;          // the highest rank scheduled (-1: none)
    int walking_ = kNoRank;  // the rank being walked (kNoRank: not walking)
    int rewind_ = kNoRank;   // during a walk: the lowest rank below walking_ scheduled
    std::vector<Node*> slots_;
    Engine* child_engine_ = nullptr;
};

inline void Node::notify(uint64_t cycle) {
    if (scheduled_cycle_ != cycle) {
        scheduled_cycle_ = cycle;
        queue_->schedule(this);
    }
}

inline void Node::notify(uint64_t cycle, RankRegion& region) {
    if (scheduled_cycle_ != cycle) {
        scheduled_cycle_ = cycle;
        queue_->schedule(this, region);
    }
}

inline void TimeSeriesBase::notify_consumers(uint64_t cycle) {
    if (fanout_ == Fanout::One) [[likely]] return first_consumer_->notify(cycle, *first_region_);
    // Out of line: inlined, their register needs would cost every tick a longer prologue.
    if (fanout_ == Fanout::OneTagged) return notify_one_tagged(cycle);
    if (fanout_ == Fanout::Many) notify_many(cycle);
}

// The untyped part of a node input. Resolved to its series when the engine
// prepares the graph (so inputs may be wired to edges bound later).
class InputBase {
public:
    InputBase(Node* owner, EdgeSlot* slot, const std::type_info& type, bool active = true);
    InputBase(const InputBase&) = delete;
    InputBase& operator=(const InputBase&) = delete;
    virtual ~InputBase() = default;

    bool ticked() const { return series_->ticked(); }
    bool valid() const { return series_->valid(); }
    uint64_t num_ticks() const { return series_->num_ticks(); }
    DateTime time() const { return series_->last_time(); }
    bool active() const { return active_; }
    // Passive inputs keep their value current but do not schedule the node.
    void make_passive();
    void make_active();
    // History to keep (the maximum of every request wins).
    void set_buffering_policy(size_t tick_count, TimeDelta window = TimeDelta::zero());

    Node& owner() const { return *owner_; }
    EdgeSlot* slot() const { return slot_; }
    TimeSeriesBase* series() const { return series_; }
    int32_t tag() const { return tag_; }
    void set_tag(int32_t tag) { tag_ = tag; }
    // Engine-internal: binds to the series behind the slot (the engine then
    // subscribes active inputs); detach() unsubscribes and unbinds the input
    // (a dynamic sub-graph going away; series() is then null). Dynamic basket
    // inputs also follow the basket's shape.
    virtual void resolve();
    // Called once the engine is ranked and subscribed (its rank queue can schedule).
    virtual void on_prepared() {}
    virtual void detach();

protected:
    bool shares_subscription() const;
    TimeSeriesBase* series_ = nullptr;  // first: what reading the input loads
    Node* owner_;
    EdgeSlot* slot_;
    int32_t tag_ = -1;
    bool active_;
};

// An input yet to be constructed in place (inside a tuple or container).
template <class T>
struct InputWiring {
    Node* owner;
    Edge<T> edge;
    bool active = true;
};

// A typed node input: the current value and history of an upstream series.
template <class T>
class In : public InputBase {
public:
    using value_type = T;
    In(Node* owner, Edge<T> edge, bool active = true) : InputBase(owner, edge.slot(), typeid(T), active) {}
    In(InputWiring<T> wiring) : In(wiring.owner, wiring.edge, wiring.active) {}  // NOLINT(google-explicit-constructor)
    static InputWiring<T> wire(Node* owner, Edge<T> edge, bool active = true) { return {owner, edge, active}; }

    // The last value. Throws RuntimeError if the input never ticked.
    const T& value() const {
        if (!series_->valid()) throw_unbound();
        return typed().last_value();
    }
    const T& operator*() const { return value(); }
    const T* operator->() const { return &value(); }
    // The value / time `k` ticks ago (0 = last); needs set_buffering_policy(k + 1).
    const T& value_ago(size_t k) const { return typed().value_ago(k); }
    DateTime time_ago(size_t k) const { return typed().time_ago(k); }
    const TimeSeries<T>& series() const { return typed(); }

private:
    const TimeSeries<T>& typed() const { return *static_cast<const TimeSeries<T>*>(series_); }
    [[noreturn]] void throw_unbound() const {
        throw RuntimeError("input of node '" + owner_->name() + "' read before its first tick");
    }
};

// An input whose value is never read, only whether it ticked (a trigger, a
// clock): it accepts an edge of any type.
class TickIn : public InputBase {
public:
    template <class T>
    TickIn(Node* owner, Edge<T> edge, bool active = true) : InputBase(owner, edge.slot(), typeid(T), active) {}
    TickIn(Node* owner, EdgeSlot* slot, bool active = true) : InputBase(owner, slot, *slot->type, active) {}
};

// A typed node output. Converts to Edge<T> to wire consumers.
template <class T>
class Out {
public:
    explicit Out(Node* owner) : series_(owner->cycle_state()) { owner->register_output(&series_); }

    // Emits a value in this cycle (at most once per cycle).
    void tick(T value) { series_.tick(std::move(value)); }
    bool ticked() const { return series_.ticked(); }
    Edge<T> edge() { return Edge<T>(&series_.slot()); }
    operator Edge<T>() { return edge(); }  // NOLINT(google-explicit-constructor)
    TimeSeries<T>& series() { return series_; }

private:
    TimeSeries<T> series_;
};

// True if any of the inputs (or alarms, or baskets) ticked in this cycle.
template <class... Inputs>
bool ticked(const Inputs&... inputs) { return (inputs.ticked() || ...); }
// True if all of the inputs have ticked at least once.
template <class... Inputs>
bool valid(const Inputs&... inputs) { return (inputs.valid() && ...); }

}  // namespace csp
