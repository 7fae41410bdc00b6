// Alarms: a node's own time series, ticked by the scheduler at a chosen time.
//
//     csp::Alarm<int> retry{this};
//     void start() override { retry.schedule(1s, 1); }
//     void execute() override { if (retry.ticked()) ... }
//
// Alarms are NON_COLLAPSING: several alarms due at the same time tick in
// consecutive cycles with that timestamp, in the order they were scheduled.
// A zero delay fires in a later cycle at the current time.
#pragma once

#include "csp/engine/deferred_ticks.h"
#include "csp/engine/engine.h"

namespace csp {

template <class T>
class Alarm {
public:
    using Handle = Scheduler::Handle;

    explicit Alarm(Node* owner) : owner_(owner), series_(owner->cycle_state()), input_(owner, Edge<T>(&series_.slot())) {}

    // Fires `value` after `delay` (>= 0) from now. Returns a handle to cancel or move it.
    Handle schedule(TimeDelta delay, T value) { return schedule_at(owner_->now() + delay, std::move(value)); }
    Handle schedule_at(DateTime when, T value) {
        return owner_->engine().scheduler().schedule(when, [this, value = std::move(value)]() mutable {
            deferred_.tick_or_defer(owner_->engine().scheduler(), series_, std::move(value));  // one tick per cycle
            return true;
        });
    }
    bool cancel(Handle handle) { return owner_->engine().scheduler().cancel(handle); }
    Handle reschedule(Handle handle, TimeDelta delay) { return reschedule_at(handle, owner_->now() + delay); }
    Handle reschedule_at(Handle handle, DateTime when) {
        return owner_->engine().scheduler().reschedule(handle, when);
    }
    bool is_scheduled(Handle handle) const { return owner_->engine().scheduler().is_active(handle); }

    bool ticked() const { return series_.ticked(); }
    bool valid() const { return series_.valid(); }
    const T& value() const { return input_.value(); }
    const T& operator*() const { return value(); }

private:
    Node* owner_;
    TimeSeries<T> series_;
    In<T> input_;
    DeferredTicks<T> deferred_;
};

}  // namespace csp
