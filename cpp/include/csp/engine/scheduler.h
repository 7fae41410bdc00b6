// The engine's time-ordered event queue.
//
// Events run in time order; events at the same time run in the order they were
// scheduled (FIFO). A cycle at time `now` runs only the events that were in the
// queue when the cycle began: an event scheduled at `now` during the cycle
// (a zero-delay alarm, a feedback value) runs in a later cycle with the same
// timestamp. A callback returns false to decline ("defer") this cycle; it is
// then retried first in the next cycle, which keeps the same timestamp.
//
// Every event remembers the owner that was current when it was scheduled (a
// dynamic sub-graph's engine, or nullptr): cancel_owned_by() drops the
// events of a sub-graph that goes away. An event's callback runs with its
// own owner current, so what it schedules belongs to the same owner.
//
// Thread-safety: none; the scheduler belongs to the engine thread.
// Errors: scheduling before `now` throws ValueError.
#pragma once

#include <cstdint>
#include <deque>
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

    // The owner stamped on events scheduled from now on (nullptr: the root graph).
    const void* owner() const { return owner_; }
    void set_owner(const void* owner) { owner_ = owner; }
    // Cancels every pending event scheduled under `owner`; returns how many.
    size_t cancel_owned_by(const void* owner);
    // Inside a cycle: runs now the events of `owner` due at the current time
    // that are pending when this call begins, in the order they were
    // scheduled (a dynamic sub-graph created in this cycle: its constants and
    // zero-delay alarms tick in its creation cycle). A requeued event gets a
    // new handle; a deferred one waits for the next cycle.
    void run_due_owned_by(const void* owner);

    // Inside a callback that returns true: run the same callback again at
    // `when` (>= now) instead of releasing it. Cheaper than scheduling anew
    // for sources that reschedule themselves after every event (timers, pull
    // adapters): the callback and its slot are reused. Returns its new handle.
    Handle requeue_current(DateTime when) {
        if (running_slot_ == UINT32_MAX || when < now_) [[unlikely]] throw_bad_requeue(when);
        requeue_at_ = when;
        return Handle(running_slot_, running_id_);
    }

    bool empty() const { return pending_ == 0; }
    // Time of the earliest pending event; DateTime::max() if none. Meant for
    // between cycles: inside a callback the running event counts as pending.
    DateTime next_time() {
        drop_stale_top();
        return heap_.empty() ? DateTime::max() : heap_.front().time;
    }
    // The time of the running cycle; events may not be scheduled before it.
    DateTime now() const { return now_; }
    void set_now(DateTime now) { now_ = now; }

    // Runs every event due at `now` that was pending when this call began.
    void run_due(DateTime now);

private:
    struct Slot;
    struct Entry {
        DateTime time;
        uint64_t seq;
        Slot* slot;  // stable: slots_ is a deque
        uint64_t id;
        bool operator<(const Entry& other) const {  // runs earlier
            return time != other.time ? time < other.time : seq < other.seq;
        }
    };
    struct Slot {
        Callback callback;
        const void* owner = nullptr;
        uint64_t id = 0;  // 0: free
        uint32_t index = 0;  // in slots_
        bool running = false;
    };

    inline bool invoke(Slot& slot, uint64_t id);  // defined in scheduler.cpp, its only user
    uint32_t allocate_slot(Callback callback);
    void release_slot(uint32_t slot);
    void push(DateTime when, Slot* slot, uint64_t id);
    // The heap's earliest entry is replaced (by `entry`) or removed.
    void replace_top(const Entry& entry) {
        heap_.front() = entry;
        if (heap_.size() > 1) sift_down(0);
    }
    void pop_top();
    void sift_down(size_t i);
    void drop_stale_top() {
        if (stale_ != 0) [[unlikely]] drop_stale_entries();
    }
    void drop_stale_entries();
    void throw_if_past(DateTime when) const;
    [[noreturn]] void throw_past(DateTime when) const;
    [[noreturn]] void throw_bad_requeue(DateTime when) const;

    // A binary min-heap of entries. The running event's entry stays at the
    // top while its callback runs: whatever the callback schedules gets a
    // later sequence number, so it cannot move above it.
    std::vector<Entry> heap_;
    // Deque: a callback runs in place while it schedules more events.
    std::deque<Slot> slots_;
    std::vector<uint32_t> free_slots_;
    size_t stale_ = 0;  // heap entries of cancelled events, skipped when they reach the top
    uint64_t next_seq_ = 0;
    uint64_t next_id_ = 1;
    uint32_t running_slot_ = UINT32_MAX;  // the slot whose callback is running
    uint64_t running_id_ = 0;             // and its event's id
    DateTime requeue_at_ = DateTime::none();  // set by requeue_current during a callback
    size_t pending_ = 0;
    DateTime now_ = DateTime::min();
    const void* owner_ = nullptr;
};

}  // namespace csp
