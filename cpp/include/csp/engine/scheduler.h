// The engine's time-ordered event queue.
//
// Events run in time order; events at the same time run in the order they were
// scheduled (FIFO). A cycle at time `now` runs only the events that were in the
// queue when the cycle began: an event scheduled at `now` during the cycle
// (a zero-delay alarm, a feedback value) runs in a later cycle with the same
// timestamp. A callback returns false to decline ("defer") this cycle; it is
// then retried first in the next cycle, which keeps the same timestamp.
//
// Thread-safety: none; the scheduler belongs to the engine thread.
// Errors: scheduling before `now` throws ValueError.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "csp/core/time.h"

namespace csp {

class Scheduler {
public:
    // Runs the event. Returns true when done, false to be retried next cycle.
    using Callback = std::function<bool()>;

    // Identifies one scheduled event. A default handle refers to nothing.
    // A handle stops being active once its event ran (it is already inactive
    // inside its own callback, so the callback may schedule a successor).
    class Handle {
    public:
        Handle() = default;
        bool operator==(const Handle&) const = default;

    private:
        friend class Scheduler;
        Handle(uint32_t slot, uint64_t id) : slot_(slot), id_(id) {}
        uint32_t slot_ = 0;
        uint64_t id_ = 0;
    };

    Scheduler() = default;
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    Handle schedule(DateTime when, Callback callback);
    // Cancels a pending event; returns false if it already ran or was cancelled.
    bool cancel(Handle handle);
    // Moves a pending event to a new time; the old handle becomes inactive.
    // Returns an inactive handle if the event is no longer pending.
    Handle reschedule(Handle handle, DateTime when);
    bool is_active(Handle handle) const;

    // Inside a callback that returns true: run the same callback again at
    // `when` (>= now) instead of releasing it. Cheaper than scheduling anew
    // for sources that reschedule themselves after every event (timers, pull
    // adapters): the callback and its slot are reused. Returns its new handle.
    Handle requeue_current(DateTime when);

    bool empty() const { return pending_ == 0; }
    // Time of the earliest pending event; DateTime::max() if none.
    DateTime next_time();
    // The time of the running cycle; events may not be scheduled before it.
    DateTime now() const { return now_; }
    void set_now(DateTime now) { now_ = now; }

    // Runs every event due at `now` that was pending when this call began.
    void run_due(DateTime now);

private:
    struct Entry {
        DateTime time;
        uint64_t seq;
        uint32_t slot;
        uint64_t id;
    };
    struct EntryAfter {
        bool operator()(const Entry& a, const Entry& b) const {
            return a.time != b.time ? a.time > b.time : a.seq > b.seq;
        }
    };
    struct Slot {
        Callback callback;
        uint64_t id = 0;  // 0: free
        bool running = false;
    };

    uint32_t allocate_slot(Callback callback);
    void release_slot(uint32_t slot);
    void push(DateTime when, uint32_t slot, uint64_t id);
    void drop_stale_top();

    std::vector<Entry> heap_;
    std::vector<Slot> slots_;
    std::vector<uint32_t> free_slots_;
    uint64_t next_seq_ = 0;
    uint64_t next_id_ = 1;
    uint32_t running_slot_ = UINT32_MAX;  // the slot whose callback is running
    DateTime requeue_at_ = DateTime::none();  // set by requeue_current during a callback
    size_t pending_ = 0;
    DateTime now_ = DateTime::min();
};

}  // namespace csp
