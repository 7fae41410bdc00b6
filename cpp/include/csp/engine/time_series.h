// Time series: the values that flow along the edges of a graph.
//
// A TimeSeries<T> is owned by the object that produces it (a node's Out<T>, an
// input adapter, an alarm) and read by consumers through In<T>. It ticks at
// most once per engine cycle, remembers when and how often it ticked, and keeps
// as much history as its consumers asked for (the last value by default).
//
// Thread-safety: engine thread only.
// Errors: ticking twice in one cycle, or while the engine is starting, throws
// RuntimeError; history access beyond what is kept throws IndexError.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <typeinfo>
#include <utility>
#include <vector>

#include "csp/core/exceptions.h"
#include "csp/core/time.h"
#include "csp/engine/tick_buffer.h"

namespace csp {

class Node;
class TimeSeriesBase;
struct RankRegion;

// The engine's notion of "now", shared by everything that ticks.
struct CycleState {
    DateTime now = DateTime::min();
    uint64_t cycle = 0;     // cycles executed so far; the first cycle is 1
    bool starting = false;  // true while start() hooks run: ticking is an error then
};

// Where an Edge points. Most slots live inside their time series; a delayed
// edge owns a slot that is bound to a series later.
struct EdgeSlot {
    TimeSeriesBase* series = nullptr;
    const std::type_info* type = nullptr;
};

// How values_at-style range queries treat the boundaries of [start, end].
enum class TimeIndexPolicy { INCLUSIVE, EXCLUSIVE, EXTRAPOLATE };

class TimeSeriesBase {
public:
    TimeSeriesBase(CycleState& state, const std::type_info& type) : slot_{this, &type}, state_(&state) {}
    TimeSeriesBase(const TimeSeriesBase&) = delete;
    TimeSeriesBase& operator=(const TimeSeriesBase&) = delete;
    virtual ~TimeSeriesBase() = default;

    bool valid() const { return count_ != 0; }
    bool ticked() const { return last_cycle_ == state_->cycle && count_ != 0; }
    uint64_t num_ticks() const { return count_; }
    DateTime last_time() const { return last_time_; }
    const std::type_info& value_type() const { return *slot_.type; }
    EdgeSlot& slot() { return slot_; }
    CycleState& cycle_state() const { return *state_; }

    // History policy: several requests combine to the maximum; never shrinks.
    virtual void keep_ticks(size_t count) = 0;
    virtual void keep_window(TimeDelta window) = 0;
    virtual size_t history_size() const = 0;
    // How many ticks the buffer may hold: the tick-count policy in force (1 by default).
    virtual size_t history_capacity() const = 0;

    // Producer, for ranking and pruning. A series whose producer is not a
    // rank edge (a feedback) still keeps its producer alive when pruning.
    Node* producer() const { return producer_; }
    bool producer_is_rank_edge() const { return rank_edge_; }
    void set_producer(Node* producer, bool rank_edge = true) {
        producer_ = producer;
        rank_edge_ = rank_edge;
    }

    // Consumers scheduled when the series ticks. A tag >= 0 (basket elements)
    // is also recorded in the node's ticked list; tag -1 subscribes plainly.
    void subscribe(Node* node, int32_t tag);
    void unsubscribe(Node* node, int32_t tag);
    // Unsubscribes, the last consumer taking the removed one's place (how a
    // dynamic sub-graph's nodes leave the outer series they read).
    void unsubscribe_replacing_with_last(Node* node, int32_t tag);

protected:
    // Records a tick at now. A series ticks at most once per cycle, and never
    // while the engine is starting; start() hooks run at cycle 0, before the
    // first cycle, so one comparison guards both.
    [[gnu::always_inline]] void begin_tick(uint64_t cycle, DateTime now) {
        if (ticked_in(cycle)) [[unlikely]] check_second_tick();
        record_tick(cycle, now);
    }
    // begin_tick's parts: the guard (true needs check_second_tick) and the bookkeeping.
    bool ticked_in(uint64_t cycle) const { return last_cycle_ == cycle; }
    void record_tick(uint64_t cycle, DateTime now) {
        last_cycle_ = cycle;
        last_time_ = now;
        ++count_;
    }
    void begin_tick() { begin_tick(state_->cycle, state_->now); }
    // Schedules the consumers; `cycle` is the current one.
    [[gnu::always_inline]] inline void notify_consumers(uint64_t cycle);  // defined in node.h
    void notify_consumers() { notify_consumers(state_->cycle); }

private:
    // Throws unless this is the first tick of a series outside start().
    void check_second_tick() const;

    struct Consumer {
        Node* node;
        int32_t tag;
    };
    // How a tick reaches the consumers. One: a single untagged consumer (most
    // series), scheduled inline. OneTagged: a single consumer reading the
    // series as a basket element, which also records the element's tag
    // inline. Many: several, or a single one whose rank region is not known
    // yet (the first tick finds it, once the consumer's engine is ranked, and
    // switches to One or OneTagged).
    enum class Fanout : uint8_t { None, One, OneTagged, Many };
    [[gnu::noinline]] void notify_one_tagged(uint64_t cycle);
    [[gnu::noinline]] void notify_many(uint64_t cycle);
    void set_fanout();
    void remove_first_consumer(bool replace_with_last);

    // Fields used when building and preparing the graph come first; those of
    // a tick follow, next to the latest value (TimeSeries<T>::buffer_).
    EdgeSlot slot_;
    Node* producer_ = nullptr;
    std::vector<Consumer> more_consumers_;  // after the first, in subscription order (the order a rank runs in)

    // The fields a tick writes are kept apart (never two adjacent, nor the
    // last one next to TimeSeries<T>'s latest value), so that the compiler
    // does not pack their stores into one vector store: the next node's loads
    // of count_ or of the value could not be forwarded from its upper half.
    uint64_t last_cycle_ = 0;
    Node* first_consumer_ = nullptr;
    uint64_t count_ = 0;
    // Fanout::One and OneTagged: the first consumer's region of its rank queue, read with
    // the consumer (not through it), which shortens the chain of dependent
    // loads from one node's tick to the next node's execution.
    RankRegion* first_region_ = nullptr;
    DateTime last_time_ = DateTime::none();
    int32_t first_tag_ = -1;
    Fanout fanout_ = Fanout::None;
    bool rank_edge_ = true;

protected:
    CycleState* state_;
};

template <class T>
class TimeSeries final : public TimeSeriesBase {
public:
    explicit TimeSeries(CycleState& state) : TimeSeriesBase(state, typeid(T)) {}

    // Ticks a new value and schedules every active consumer. The common case
    // (the first tick of this cycle, no history kept) calls nothing but in
    // tail position, so a node's execute() needs no stack frame for it.
    void tick(T value) {
        const uint64_t cycle = state_->cycle;
        if (ticked_in(cycle) || buffer_.keeps_history()) [[unlikely]] return tick_checked(std::move(value));
        const DateTime now = state_->now;
        record_tick(cycle, now);
        buffer_.push_latest_only(now, std::move(value));
        notify_consumers(cycle);
    }
    // Replaces the value ticked in this cycle (LAST_VALUE conflation); the
    // tick count does not change and consumers are not scheduled again.
    void overwrite_last(T value) { buffer_.latest() = std::move(value); }
    // The value ticked in this cycle, for in-place accumulation (BURST).
    T& mutable_last() { return buffer_.latest(); }

    // The last value. Precondition: valid().
    const T& last_value() const { return buffer_.latest(); }

    // The value `k` ticks ago (0 = last). Throws IndexError if not kept.
    const T& value_ago(size_t k) const {
        check_ago(k);
        return buffer_.value_ago(k);
    }
    DateTime time_ago(size_t k) const {
        check_ago(k);
        return buffer_.time_ago(k);
    }
    // The value prevailing at `t` (latest tick at or before t); nullopt if the
    // series had not ticked by then or that far back is not kept.
    std::optional<std::pair<DateTime, T>> item_at(DateTime t) const {
        if (!valid()) return std::nullopt;
        const auto k = buffer_.ago_at_or_before(t);
        if (!k) return std::nullopt;  // t is before every tick kept
        return std::pair<DateTime, T>(buffer_.time_ago(*k), buffer_.value_ago(*k));
    }

    // Ticks within [start, end], oldest first, with boundary policies:
    // INCLUSIVE keeps ticks exactly at a boundary, EXCLUSIVE drops them,
    // EXTRAPOLATE adds the value prevailing at the boundary, stamped with it.
    std::vector<std::pair<DateTime, T>> items_between(DateTime start, DateTime end,
                                                      TimeIndexPolicy start_policy = TimeIndexPolicy::INCLUSIVE,
                                                      TimeIndexPolicy end_policy = TimeIndexPolicy::INCLUSIVE) const;

    void keep_ticks(size_t count) override { buffer_.reserve(count); }
    void keep_window(TimeDelta window) override { buffer_.keep_window(window); }
    size_t history_size() const override { return buffer_.size(); }
    size_t history_capacity() const override { return buffer_.capacity(); }

private:
    [[gnu::noinline]] void tick_checked(T value) {
        const uint64_t cycle = state_->cycle;
        const DateTime now = state_->now;
        begin_tick(cycle, now);
        buffer_.push(now, std::move(value));
        notify_consumers(cycle);
    }
    void check_ago(size_t k) const {
        if (k >= buffer_.size()) {
            throw IndexError("history index " + std::to_string(k) + " out of range: " +
                             std::to_string(buffer_.size()) + " tick(s) kept; raise the buffering policy");
        }
    }

    TickBuffer<T> buffer_;
};

template <class T>
std::vector<std::pair<DateTime, T>> TimeSeries<T>::items_between(DateTime start, DateTime end,
                                                                 TimeIndexPolicy start_policy,
                                                                 TimeIndexPolicy end_policy) const {
    std::vector<std::pair<DateTime, T>> out;
    if (!valid() || end < start) return out;
    for (size_t k = buffer_.size(); k-- > 0;) {
        const DateTime t = buffer_.time_ago(k);
        if (t < start || t > end) continue;
        if (t == start && start_policy == TimeIndexPolicy::EXCLUSIVE) continue;
        if (t == end && end_policy == TimeIndexPolicy::EXCLUSIVE) continue;
        out.emplace_back(t, buffer_.value_ago(k));
    }
    if (start_policy == TimeIndexPolicy::EXTRAPOLATE && (out.empty() || out.front().first != start)) {
        if (auto prevailing = item_at(start); prevailing && prevailing->first < start) {
            out.insert(out.begin(), {start, prevailing->second});
        }
    }
    if (end_policy == TimeIndexPolicy::EXTRAPOLATE && (out.empty() || out.back().first != end)) {
        if (auto prevailing = item_at(end); prevailing && prevailing->first <= end) {
            out.emplace_back(end, prevailing->second);
        }
    }
    return out;
}

}  // namespace csp
