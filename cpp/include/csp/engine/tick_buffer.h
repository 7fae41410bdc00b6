// TickBuffer: the (time, value) history of one time series.
//
// A ring buffer that keeps the last `capacity` ticks (1 by default: the last
// value only). Capacity grows on request (tick-count policy) or on its own to
// keep every tick inside a time window (time-window policy); it never shrinks.
// Index 0 is the latest tick, 1 the one before, and so on.
//
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
    size_t size() const { return values_.size(); }
    size_t capacity() const { return capacity_; }
    TimeDelta window() const { return window_; }

    void push(DateTime time, T value) {
        if (values_.size() < capacity_) {  // not full: always linear, newest last
            values_.push_back(Box{std::move(value)});
            times_.push_back(time);
            head_ = values_.size() - 1;
            return;
        }
        const size_t oldest = head_ + 1 == capacity_ ? 0 : head_ + 1;
        if (window_ > TimeDelta::zero() && time - times_[oldest] <= window_) {
            reserve(capacity_ * 2);
            push(time, std::move(value));
            return;
        }
        values_[oldest].value = std::move(value);
        times_[oldest] = time;
        head_ = oldest;
    }

    T& latest() { return values_[head_].value; }
    const T& latest() const { return values_[head_].value; }
    DateTime latest_time() const { return times_[head_]; }

    const T& value_ago(size_t k) const { return values_[position(k)].value; }
    DateTime time_ago(size_t k) const { return times_[position(k)]; }

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
        values_.reserve(n);
        times_.reserve(n);
    }
    // Keep at least every tick within `window` of the latest one.
    void keep_window(TimeDelta window) { window_ = std::max(window_, window); }

private:
    size_t position(size_t k) const { return head_ >= k ? head_ - k : head_ + values_.size() - k; }

    void linearize() {
        if (values_.size() < capacity_ || head_ + 1 == values_.size()) return;
        const auto oldest = static_cast<std::ptrdiff_t>(head_ + 1);
        std::rotate(values_.begin(), values_.begin() + oldest, values_.end());
        std::rotate(times_.begin(), times_.begin() + oldest, times_.end());
        head_ = values_.size() - 1;
    }

    // A one-field box so that every T, bool included, is stored as an object
    // (std::vector<bool> cannot hand out references).
    struct Box {
        T value;
    };
    std::vector<Box> values_;
    std::vector<DateTime> times_;
    size_t head_ = 0;
    size_t capacity_ = 1;
    TimeDelta window_ = TimeDelta::zero();
};

}  // namespace csp
