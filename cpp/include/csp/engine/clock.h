// The clock seam of realtime runs.
//
// A realtime engine asks its Clock what time it is and waits through it.
// SystemClock is the wall clock. ManualClock is a virtual clock for tests:
// waiting on it jumps straight to the deadline unless pushed events are
// pending, so timers and queue_wait_time behave deterministically and fast.
//
// Thread-safety: now() may be called from any thread.
#pragma once

#include <atomic>
#include <memory>

#include "csp/core/time.h"
#include "csp/engine/push_queue.h"

namespace csp {

class Clock {
public:
    virtual ~Clock() = default;
    virtual DateTime now() const = 0;
    // Blocks until `deadline` (on this clock) or until `queue` receives an event or a wake-up.
    virtual void wait_until(DateTime deadline, PushQueue& queue) = 0;
};

class SystemClock final : public Clock {
public:
    DateTime now() const override { return DateTime::now(); }
    void wait_until(DateTime deadline, PushQueue& queue) override;
};

class ManualClock final : public Clock {
public:
    explicit ManualClock(DateTime start) : now_(start.nanos()) {}
    DateTime now() const override { return DateTime::from_nanos(now_.load(std::memory_order_acquire)); }
    // Jumps to the deadline unless the queue already holds an event.
    void wait_until(DateTime deadline, PushQueue& queue) override;
    void advance(TimeDelta by) { now_.fetch_add(by.nanos(), std::memory_order_acq_rel); }
    void set(DateTime t) { now_.store(t.nanos(), std::memory_order_release); }

private:
    std::atomic<int64_t> now_;
};

}  // namespace csp
