// Built-in sources: const_, timer, curve, null_ts.
//
// Each adds an input adapter to the graph being built and returns its edge.
//   const_(v, delay)        ticks v once, at start + delay
//   timer(interval, v)      ticks v at start + interval, + 2 * interval, ...
//   curve(data)             ticks recorded (time, value) pairs; times may be
//                           absolute DateTimes or TimeDelta offsets from start
//   null_ts<T>()            never ticks
// All default to NON_COLLAPSING: several values at one time tick in
// consecutive cycles with that timestamp.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "csp/api/graph.h"
#include "csp/engine/feedback.h"
#include "csp/engine/pull_adapter.h"

namespace csp {
namespace detail {

template <class T>
class ConstAdapter final : public TypedInputAdapter<T> {
public:
    ConstAdapter(T value, TimeDelta delay, PushMode mode)
        : TypedInputAdapter<T>("const", mode), value_(std::move(value)), delay_(delay) {}
    void start(DateTime start, DateTime end) override {
        this->engine().scheduler().schedule(start + delay_, [this] { return this->consume_tick(T(value_)); });
    }

private:
    T value_;
    TimeDelta delay_;
};

template <class T>
class TimerAdapter final : public TypedInputAdapter<T> {
public:
    TimerAdapter(TimeDelta interval, T value)
        : TypedInputAdapter<T>("timer", PushMode::NON_COLLAPSING), interval_(interval), value_(std::move(value)) {
        if (interval <= TimeDelta::zero()) throw ValueError("csp::timer interval must be positive, got " + interval.to_string());
    }
    // The engine stops at its end time; a tick scheduled past it never runs.
    void start(DateTime start, DateTime end) override {
        // One tick per time, so the push mode never has a second value to hold back: tick directly.
        this->engine().scheduler().schedule(start + interval_, [this] {
            this->single_series().tick(value_);
            this->engine().scheduler().requeue_current(this->engine().now() + interval_);
            return true;
        });
    }

private:
    TimeDelta interval_;
    T value_;
};

template <class T>
class CurveAdapter final : public PullInputAdapter<T> {
public:
    CurveAdapter(std::vector<std::pair<DateTime, T>> data, PushMode mode)
        : PullInputAdapter<T>("curve", mode), data_(std::move(data)) {}
    CurveAdapter(std::vector<std::pair<TimeDelta, T>> offsets, PushMode mode)
        : PullInputAdapter<T>("curve", mode), offsets_(std::move(offsets)) {}

protected:
    void open(DateTime start, DateTime) override {
        for (auto& [offset, value] : offsets_) data_.emplace_back(start + offset, std::move(value));
        offsets_.clear();
        next_ = 0;
    }
    std::optional<std::pair<DateTime, T>> next() override {
        if (next_ >= data_.size()) return std::nullopt;
        return data_[next_++];
    }

private:
    std::vector<std::pair<DateTime, T>> data_;
    std::vector<std::pair<TimeDelta, T>> offsets_;
    size_t next_ = 0;
};

}  // namespace detail

template <class T>
Edge<T> const_(T value, TimeDelta delay = TimeDelta::zero(), PushMode mode = PushMode::NON_COLLAPSING) {
    return detail::engine_for_building("csp::const_")
        .add_input_adapter<detail::ConstAdapter<T>>(std::move(value), delay, mode)
        .edge();
}
inline Edge<std::string> const_(const char* value, TimeDelta delay = TimeDelta::zero()) {
    return const_(std::string(value), delay);
}

template <class T = bool>
Edge<T> timer(TimeDelta interval, T value = T(true)) {
    return detail::engine_for_building("csp::timer").add_input_adapter<detail::TimerAdapter<T>>(interval, std::move(value)).edge();
}

template <class T>
Edge<T> curve(std::vector<std::pair<DateTime, T>> data, PushMode mode = PushMode::NON_COLLAPSING) {
    return detail::engine_for_building("csp::curve").add_input_adapter<detail::CurveAdapter<T>>(std::move(data), mode).edge();
}
template <class T>
Edge<T> curve(std::vector<std::pair<TimeDelta, T>> offsets, PushMode mode = PushMode::NON_COLLAPSING) {
    return detail::engine_for_building("csp::curve").add_input_adapter<detail::CurveAdapter<T>>(std::move(offsets), mode).edge();
}

template <class T>
Edge<T> null_ts() {
    return detail::engine_for_building("csp::null_ts").add_input_adapter<detail::NullSource<T>>().edge();
}

}  // namespace csp
