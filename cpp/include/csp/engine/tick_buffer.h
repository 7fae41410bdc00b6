// TickBuffer: the (time, value) history of one time series.
//
// Keeps the last `capacity` ticks (1 by default: the last value only). The
// latest tick lives inline, so a series without history costs two stores
// per tick; older ticks, when a policy asks for them, go to a ring buffer.
// Capacity grows on request (tick-count policy) or on its own to keep every
// tick inside a time window (time-window policy); it never shrinks.
// Index 0 is the latest tick, 1 the one before, and so on.
//
// Requirements: T is default-constructible and movable.
// Thread-safety: none. Preconditions (index < size()) are the caller's.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

#include "csp/core/time.h"

namespace csp {

template <class T>
class TickBuffer {
public:
    size_t size() const { return latest_time_.is_none() ? 0 : 1 + older_values_.size(); }
    size_t capacity() const { return capacity_; }
    TimeDelta window() const { return window_; }

    void push(DateTime time, T value) {
        if (keeps_history_) [[unlikely]] retire_latest(time);
        latest_ = std::move(value);
        latest_time_ = time;
    }

    T& latest() { return latest_; }
    const T& latest() const { return latest_; }
    DateTime latest_time() const { return latest_time_; }

    const T& value_ago(size_t k) const { return k == 0 ? latest_ : older_values_[older_position(k - 1)].value; }
    DateTime time_ago(size_t k) const { return k == 0 ? latest_time_ : older_times_[older_position(k - 1)]; }

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
        if (n <= capacity_) return;
        linearize();
        capacity_ = n;
        older_values_.reserve(n - 1);
        older_times_.reserve(n - 1);
        keeps_history_ = true;
    }
    // Keep at least every tick within `window` of the latest one.
    void keep_window(TimeDelta window) {
        window_ = std::max(window_, window);
        if (window_ > TimeDelta::zero()) keeps_history_ = true;
    }

private:
    // The older ring holds up to capacity_ - 1 ticks; older_head_ is the newest.
    size_t older_slots() const { return capacity_ - 1; }
    size_t older_position(size_t j) const {
        return older_head_ >= j ? older_head_ - j : older_head_ + older_values_.size() - j;
    }

    // Moves the latest tick into the older ring before `incoming` replaces it.
    [[gnu::noinline]] void retire_latest(DateTime incoming) {
        if (latest_time_.is_none()) return;  // the first tick: nothing to keep yet
        if (older_values_.size() == older_slots()) {  // full: the oldest kept tick would be dropped
            const DateTime oldest = older_values_.empty() ? latest_time_ : time_ago(older_values_.size());
            if (window_ > TimeDelta::zero() && incoming - oldest <= window_) {
                reserve(capacity_ * 2);
            } else if (older_values_.empty()) {
                return;  // capacity 1: nothing is kept behind the latest tick
            }
        }
        if (older_values_.size() < older_slots()) {  // not full: linear, newest last
            older_values_.push_back(Box{std::move(latest_)});
            older_times_.push_back(latest_time_);
            older_head_ = older_values_.size() - 1;
            return;
        }
        const size_t oldest = older_head_ + 1 == older_values_.size() ? 0 : older_head_ + 1;
        older_values_[oldest].value = std::move(latest_);
        older_times_[oldest] = latest_time_;
        older_head_ = oldest;
    }

    void linearize() {
        if (older_values_.empty() || older_values_.size() < older_slots() || older_head_ + 1 == older_values_.size()) return;
        const auto oldest = static_cast<std::ptrdiff_t>(older_head_ + 1);
        std::rotate(older_values_.begin(), older_values_.begin() + oldest, older_values_.end());
        std::rotate(older_times_.begin(), older_times_.begin() + oldest, older_times_.end());
        older_head_ = older_values_.size() - 1;
    }

    // A one-field box so that every T, bool included, is stored as an object
    // (std::vector<bool> cannot hand out references).
    struct Box {
        T value;
    };
    T latest_{};
    DateTime latest_time_ = DateTime::none();
    bool keeps_history_ = false;  // capacity_ > 1 or a window: older ticks are kept
    size_t capacity_ = 1;
    TimeDelta window_ = TimeDelta::zero();
    std::vector<Box> older_values_;
    std::vector<DateTime> older_times_;
    size_t older_head_ = 0;
};

}  // namespace csp
