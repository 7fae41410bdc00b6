#include "csp/engine/scheduler.h"

#include <algorithm>

#include "csp/core/exceptions.h"

namespace csp {

void Scheduler::throw_if_past(DateTime when) const {
    if (when < now_) throw_past(when);
}

void Scheduler::throw_past(DateTime when) const {
    throw ValueError("Cannot schedule event in the past: " + when.to_string() + " is before the current time " +
                     now_.to_string());
}

Scheduler::Handle Scheduler::schedule(DateTime when, Callback callback) {
    throw_if_past(when);
    const uint32_t slot = allocate_slot(std::move(callback));
    const uint64_t id = slots_[slot].id;
    push(when, &slots_[slot], id);
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
    ++stale_;
    --pending_;
    return true;
}

Scheduler::Handle Scheduler::reschedule(Handle handle, DateTime when) {
    if (!is_active(handle)) return Handle();
    throw_if_past(when);
    Callback callback = std::move(slots_[handle.slot_].callback);
    cancel(handle);
    return schedule(when, std::move(callback));
}

void Scheduler::throw_bad_requeue(DateTime when) const {
    if (running_slot_ == UINT32_MAX) throw RuntimeError("requeue_current is only valid inside a scheduler callback");
    throw_past(when);
}

// Runs event `id`'s callback with the slot's owner current; returns whether
// it is done, leaving in requeue_at_ the time it asked to run again at. The
// running state is restored afterwards, also on an exception.
[[gnu::always_inline]] inline bool Scheduler::invoke(Slot& slot, uint64_t id) {
    struct Restore {
        Scheduler& scheduler;
        Slot& slot;
        const void* owner;
        uint32_t running_slot;
        uint64_t running_id;
        ~Restore() {
            slot.running = false;
            scheduler.owner_ = owner;
            scheduler.running_slot_ = running_slot;
            scheduler.running_id_ = running_id;
        }
    } restore{*this, slot, owner_, running_slot_, running_id_};
    slot.running = true;
    running_slot_ = slot.index;
    running_id_ = id;
    requeue_at_ = DateTime::none();
    owner_ = slot.owner;
    return slot.callback();
}

void Scheduler::run_due(DateTime now) {
    now_ = now;
    const uint64_t cycle_limit = next_seq_;
    while (true) {
        drop_stale_top();
        if (heap_.empty()) return;
        Slot* due;
        uint64_t id;
        {  // heap_.front() is not held across the callback, which may grow heap_
            const Entry& top = heap_.front();
            if (top.time != now || top.seq >= cycle_limit) return;
            due = top.slot;
            id = top.id;
        }
        Slot& slot = *due;
        bool done = true;
        try {
            done = invoke(slot, id);
        } catch (...) {
            pop_top();
            release_slot(slot.index);
            --pending_;
            throw;
        }
        if (done && requeue_at_.is_none()) {
            pop_top();
            release_slot(slot.index);
            --pending_;
            continue;
        }
        // Deferred (retried in the next cycle) or requeued by the callback: same slot, same callback.
        replace_top(Entry{done ? requeue_at_ : now, next_seq_++, &slot, id});
    }
}

uint32_t Scheduler::allocate_slot(Callback callback) {
    uint32_t slot;
    if (!free_slots_.empty()) {
        slot = free_slots_.back();
        free_slots_.pop_back();
    } else {
        slot = static_cast<uint32_t>(slots_.size());
        slots_.emplace_back().index = slot;
    }
    slots_[slot].callback = std::move(callback);
    slots_[slot].owner = owner_;
    slots_[slot].id = next_id_++;
    slots_[slot].running = false;
    return slot;
}

void Scheduler::run_due_owned_by(const void* owner) {
    const uint64_t limit = next_seq_;
    std::vector<uint64_t> deferred;  // seqs that declined this cycle
    while (true) {
        const Entry* next = nullptr;
        for (const Entry& entry : heap_) {
            if (entry.time != now_ || entry.seq >= limit || entry.slot->id != entry.id || entry.slot->owner != owner ||
                entry.slot->running || std::find(deferred.begin(), deferred.end(), entry.seq) != deferred.end()) {
                continue;
            }
            if (next == nullptr || entry.seq < next->seq) next = &entry;
        }
        if (next == nullptr) return;
        const Entry entry = *next;
        Slot& slot = *entry.slot;
        const DateTime outer_requeue = requeue_at_;  // this may run inside another event's callback
        bool done = true;
        try {
            done = invoke(slot, entry.id);
        } catch (...) {
            requeue_at_ = outer_requeue;
            release_slot(slot.index);  // its heap entry is stale now
            ++stale_;
            --pending_;
            throw;
        }
        const DateTime requeue_at = requeue_at_;
        requeue_at_ = outer_requeue;
        if (!done) {
            deferred.push_back(entry.seq);
        } else if (requeue_at.is_none()) {
            release_slot(slot.index);
            ++stale_;
            --pending_;
        } else {
            slot.id = next_id_++;  // the old entry goes stale; the event continues under a new id
            ++stale_;
            push(requeue_at, &slot, slot.id);
        }
    }
}

size_t Scheduler::cancel_owned_by(const void* owner) {
    size_t cancelled = 0;
    for (Slot& slot : slots_) {
        if (slot.id != 0 && !slot.running && slot.owner == owner) {
            cancel(Handle(slot.index, slot.id));
            ++cancelled;
        }
    }
    return cancelled;
}

void Scheduler::release_slot(uint32_t slot) {
    slots_[slot].owner = nullptr;
    slots_[slot].callback = nullptr;
    slots_[slot].id = 0;
    slots_[slot].running = false;
    free_slots_.push_back(slot);
}

void Scheduler::push(DateTime when, Slot* slot, uint64_t id) {
    const Entry entry{when, next_seq_++, slot, id};
    size_t i = heap_.size();
    heap_.push_back(entry);
    while (i > 0) {
        const size_t parent = (i - 1) / 2;
        if (!(entry < heap_[parent])) break;
        heap_[i] = heap_[parent];
        i = parent;
    }
    heap_[i] = entry;
}


void Scheduler::pop_top() {
    heap_.front() = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(0);
}

void Scheduler::sift_down(size_t i) {
    const size_t n = heap_.size();
    const Entry entry = heap_[i];
    while (true) {
        size_t child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && heap_[child + 1] < heap_[child]) ++child;
        if (!(heap_[child] < entry)) break;
        heap_[i] = heap_[child];
        i = child;
    }
    heap_[i] = entry;
}

void Scheduler::drop_stale_entries() {
    while (!heap_.empty() && heap_.front().slot->id != heap_.front().id) {
        pop_top();
        --stale_;
    }
}

}  // namespace csp
