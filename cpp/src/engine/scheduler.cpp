#include "csp/engine/scheduler.h"

#include <algorithm>

#include "csp/core/exceptions.h"

namespace csp {

Scheduler::Handle Scheduler::schedule(DateTime when, Callback callback) {
    if (when < now_) {
        throw ValueError("Cannot schedule event in the past: " + when.to_string() + " is before the current time " +
                         now_.to_string());
    }
    const uint32_t slot = allocate_slot(std::move(callback));
    const uint64_t id = slots_[slot].id;
    push(when, slot, id);
    ++pending_;
    return Handle(slot, id);
}

bool Scheduler::is_active(Handle handle) const {
    return handle.id_ != 0 && handle.slot_ < slots_.size() && slots_[handle.slot_].id == handle.id_ &&
           !slots_[handle.slot_].running;
}

bool Scheduler::cancel(Handle handle) {
    if (!is_active(handle)) return false;
    release_slot(handle.slot_);  // its heap entry becomes stale and is skipped
    --pending_;
    return true;
}

Scheduler::Handle Scheduler::reschedule(Handle handle, DateTime when) {
    if (!is_active(handle)) return Handle();
    if (when < now_) {
        throw ValueError("Cannot schedule event in the past: " + when.to_string() + " is before the current time " +
                         now_.to_string());
    }
    Callback callback = std::move(slots_[handle.slot_].callback);
    cancel(handle);
    return schedule(when, std::move(callback));
}

DateTime Scheduler::next_time() {
    drop_stale_top();
    return heap_.empty() ? DateTime::max() : heap_.front().time;
}

Scheduler::Handle Scheduler::requeue_current(DateTime when) {
    if (running_slot_ == UINT32_MAX) throw RuntimeError("requeue_current is only valid inside a scheduler callback");
    if (when < now_) {
        throw ValueError("Cannot schedule event in the past: " + when.to_string() + " is before the current time " +
                         now_.to_string());
    }
    requeue_at_ = when;
    return Handle(running_slot_, slots_[running_slot_].id);
}

void Scheduler::run_due(DateTime now) {
    now_ = now;
    const uint64_t cycle_limit = next_seq_;
    while (true) {
        drop_stale_top();
        if (heap_.empty()) return;
        const Entry top = heap_.front();
        if (top.time != now || top.seq >= cycle_limit) return;
        std::pop_heap(heap_.begin(), heap_.end(), EntryAfter{});
        heap_.pop_back();

        // The callback may schedule more events and grow slots_: keep no reference across the call.
        Callback callback = std::move(slots_[top.slot].callback);
        slots_[top.slot].running = true;
        running_slot_ = top.slot;
        requeue_at_ = DateTime::none();
        bool done = true;
        try {
            done = callback();
        } catch (...) {
            running_slot_ = UINT32_MAX;
            release_slot(top.slot);
            --pending_;
            throw;
        }
        running_slot_ = UINT32_MAX;
        if (done && requeue_at_.is_none()) {
            release_slot(top.slot);
            --pending_;
            continue;
        }
        // Deferred (retried first in the next cycle) or requeued by the callback: same slot, same callback.
        slots_[top.slot].callback = std::move(callback);
        slots_[top.slot].running = false;
        push(done ? requeue_at_ : now, top.slot, top.id);
    }
}

uint32_t Scheduler::allocate_slot(Callback callback) {
    uint32_t slot;
    if (!free_slots_.empty()) {
        slot = free_slots_.back();
        free_slots_.pop_back();
    } else {
        slot = static_cast<uint32_t>(slots_.size());
        slots_.emplace_back();
    }
    slots_[slot].callback = std::move(callback);
    slots_[slot].id = next_id_++;
    slots_[slot].running = false;
    return slot;
}

void Scheduler::release_slot(uint32_t slot) {
    slots_[slot].callback = nullptr;
    slots_[slot].id = 0;
    slots_[slot].running = false;
    free_slots_.push_back(slot);
}

void Scheduler::push(DateTime when, uint32_t slot, uint64_t id) {
    heap_.push_back(Entry{when, next_seq_++, slot, id});
    std::push_heap(heap_.begin(), heap_.end(), EntryAfter{});
}

void Scheduler::drop_stale_top() {
    while (!heap_.empty()) {
        const Entry& top = heap_.front();
        if (slots_[top.slot].id == top.id) return;
        std::pop_heap(heap_.begin(), heap_.end(), EntryAfter{});
        heap_.pop_back();
    }
}

}  // namespace csp
