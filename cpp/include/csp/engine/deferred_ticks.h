// DeferredTicks: one tick per cycle for values that arrive several to a cycle.
//
// A NON_COLLAPSING series (an alarm) may receive more values at one time than
// it can tick: one per cycle. tick_or_defer() ticks the value now if the
// series has not ticked in this cycle, and otherwise queues it; one scheduler
// event then ticks the queued values in the following cycles (same
// timestamp), in order, one per cycle. Each value is handled once, so k
// values at one time cost O(k), not O(k^2) as retrying each of them every
// cycle would.
//
// Thread-safety: engine thread only. The object must outlive the run (it is a
// member of the node that owns the series).
#pragma once

#include <deque>

#include "csp/engine/scheduler.h"
#include "csp/engine/time_series.h"

namespace csp {

template <class T>
class DeferredTicks {
public:
    void tick_or_defer(Scheduler& scheduler, TimeSeries<T>& series, T value) {
        if (pending_.empty() && !series.ticked()) {
            series.tick(std::move(value));
            return;
        }
        pending_.push_back(std::move(value));
        if (!drain_scheduled_) {
            drain_scheduled_ = true;
            scheduler.schedule(scheduler.now(), [this, &scheduler, &series] { return drain(scheduler, series); });
        }
    }

private:
    bool drain(Scheduler& scheduler, TimeSeries<T>& series) {
        if (series.ticked()) return false;  // something else ticked it this cycle: next cycle
        series.tick(std::move(pending_.front()));
        pending_.pop_front();
        if (pending_.empty()) {
            drain_scheduled_ = false;
        } else {
            scheduler.requeue_current(scheduler.now());
        }
        return true;
    }

    std::deque<T> pending_;
    bool drain_scheduled_ = false;
};

}  // namespace csp
