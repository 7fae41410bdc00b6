// TickBuffer: the (time, value) history of one time series.
//
// Keeps the last `capacity` ticks (1 by default: the last value only). The
// latest tick lives inline, so a series without history costs two stores
// per tick; older ticks, when a policy asks for them, go to a ring buffer
// allocated then (a series without history carries one null pointer for it).
// Capacity grows on request (tick-count policy) or on its own to keep every
// tick inside a time window (time-window policy); it never shrinks.
// Index 0 is the latest tick, 1 the one before, and so on.
//
// Requirements: T is default-constructible and movable.
// Thread-safety: none. Preconditions (index < size()) are the caller's.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "csp/core/time.h"

namespace csp {

template <class T>
class TickBuffer {
public:
    TickBuffer() = default;
    TickBuffer(const TickBuffer&) = delete;
    TickBuffer& operator=(const TickBuffer&) = delete;

    size_t size() const { return latest_time_.is_none() ? 0 : 1 + (older_ ? older_->values.size() : 0); }
    size_t capacity() const { return older_ ? older_->capacity : 1; }
    TimeDelta window() const { return older_ ? older_->window : TimeDelta::zero(); }

    void push(DateTime time, T value) {
        if (older_) [[unlikely]] retire_latest(time);
        push_latest_only(time, std::move(value));
    }
    // True under a history policy: push() then keeps the tick it replaces.
    bool keeps_history() const { return older_ != nullptr; }
    // push() for a buffer that keeps no history (precondition: !keeps_history()).
    void push_latest_only(DateTime time, T value) {
        latest_ = std::move(value);
        latest_time_ = time;
    }

    T& latest() { return latest_; }
    const T& latest() const { return latest_; }
    DateTime latest_time() const { return latest_time_; }

    const T& value_ago(size_t k) const { return k == 0 ? latest_ : older_->values[older_position(k - 1)].value; }
    DateTime time_ago(size_t k) const { return k == 0 ? latest_time_ : older_->times[older_position(k - 1)]; }

    // Index (ticks ago) of the latest tick at or before `t`; nullopt if every
    // stored tick is after `t`.
    std::optional<size_t> ago_at_or_before(DateTime t) const {
        size_t lo = 0, hi = size();  // answer in [lo, hi); hi means "none"
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (time_ago(mid) <= t) hi = mid; else lo = mid + 1;
        }
        return lo < size() ? std::optional<size_t>(lo) : std::nullopt;
    }

    // Raise the capacity to at least `n` ticks.
    void reserve(size_t n) {
        if (n <= capacity()) return;
        Older& older = history();
        linearize();
        older.capacity = n;
        older.values.reserve(n - 1);
        older.times.reserve(n - 1);
    }
    // Keep at least every tick within `window` of the latest one.
    void keep_window(TimeDelta window) {
        if (window > this->window()) history().window = window;
    }

private:
    // A one-field box so that every T, bool included, is stored as an object
    // (std::vector<bool> cannot hand out references).
    struct Box {
        T value;
    };
    // The ticks before the latest one, kept only under a history policy: a
    // ring of up to capacity - 1 ticks; head is the newest.
    struct Older {
        size_t capacity = 1;
        TimeDelta window = TimeDelta::zero();
        std::vector<Box> values;
        std::vector<DateTime> times;
        size_t head = 0;
    };

    Older& history() {
        if (!older_) older_ = std::make_unique<Older>();
        return *older_;
    }
    size_t older_slots() const { return older_->capacity - 1; }
    size_t older_position(size_t j) const {
        return older_->head >= j ? older_->head - j : older_->head + older_->values.size() - j;
    }

    // Moves the latest tick into the older ring before `incoming` replaces it.
    [[gnu::noinline]] void retire_latest(DateTime incoming) {
        if (latest_time_.is_none()) return;  // the first tick: nothing to keep yet
        Older& older = *older_;
        if (older.values.size() == older_slots()) {  // full: the oldest kept tick would be dropped
            const DateTime oldest = older.values.empty() ? latest_time_ : time_ago(older.values.size());
            if (older.window > TimeDelta::zero() && incoming - oldest <= older.window) {
                reserve(older.capacity * 2);
            } else if (older.values.empty()) {
                return;  // capacity 1: nothing is kept behind the latest tick
            }
        }
        if (older.values.size() < older_slots()) {  // not full: linear, newest last
            older.values.push_back(Box{std::move(latest_)});
            older.times.push_back(latest_time_);
            older.head = older.values.size() - 1;
            return;
        }
        const size_t oldest = older.head + 1 == older.values.size() ? 0 : older.head + 1;
        older.values[oldest].value = std::move(latest_);
        older.times[oldest] = latest_time_;
        older.head = oldest;
    }

    void linearize() {
        Older& older = *older_;
        if (older.values.empty() || older.values.size() < older_slots() || older.head + 1 == older.values.size()) return;
        const auto oldest = static_cast<std::ptrdiff_t>(older.head + 1);
        std::rotate(older.values.begin(), older.values.begin() + oldest, older.values.end());
        std::rotate(older.times.begin(), older.times.begin() + oldest, older.times.end());
        older.head = older.values.size() - 1;
    }

    // older_ sits between the two fields a push writes (see TimeSeriesBase's layout).
    T latest_{};
    std::unique_ptr<Older> older_;  // null: only the latest tick is kept (capacity 1, no window)
    DateTime latest_time_ = DateTime::none();
};

}  // namespace csp
