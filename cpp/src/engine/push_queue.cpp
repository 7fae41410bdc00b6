#include "csp/engine/push_queue.h"

#include <thread>

namespace csp {

PushQueue::PushQueue() : head_(&stub_), tail_(&stub_) {}

PushQueue::~PushQueue() {
    while (PushEvent* event = pop()) delete event;
}

void PushQueue::push_chain(PushEvent* first, PushEvent* last) {
    last->next_.store(nullptr, std::memory_order_relaxed);
    PushEvent* previous = head_.exchange(last, std::memory_order_acq_rel);
    previous->next_.store(first, std::memory_order_release);
    // Pairs with the fence in wait_until: either the reader sees the event,
    // or we see that the reader is waiting and wake it.
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (reader_waiting_.load(std::memory_order_relaxed)) wake();
}

void PushQueue::wake() {
    std::lock_guard<std::mutex> lock(mutex_);
    wakeups_.fetch_add(1, std::memory_order_relaxed);
    cv_.notify_one();
}

PushEvent* PushQueue::pop() {
    PushEvent* tail = tail_;
    PushEvent* next = tail->next_.load(std::memory_order_acquire);
    if (tail == &stub_) {
        if (next == nullptr) return nullptr;
        tail_ = next;
        tail = next;
        next = next->next_.load(std::memory_order_acquire);
    }
    if (next != nullptr) {
        tail_ = next;
        return tail;
    }
    if (tail != head_.load(std::memory_order_acquire)) return nullptr;  // a writer is mid-push
    push_chain(&stub_, &stub_);
    next = tail->next_.load(std::memory_order_acquire);
    if (next != nullptr) {
        tail_ = next;
        return tail;
    }
    return nullptr;
}

bool PushQueue::maybe_nonempty() const {
    const PushEvent* head = head_.load(std::memory_order_acquire);
    return head != tail_ || tail_->next_.load(std::memory_order_acquire) != nullptr ||
           (tail_ != &stub_);
}

void PushQueue::wait_until(std::chrono::steady_clock::time_point deadline) {
    // Spin briefly: a hand-off within microseconds is far cheaper than a sleep.
    const auto spin_until = std::min(deadline, std::chrono::steady_clock::now() + std::chrono::microseconds(20));
    while (std::chrono::steady_clock::now() < spin_until) {
        if (maybe_nonempty()) return;
        std::this_thread::yield();
    }
    std::unique_lock<std::mutex> lock(mutex_);
    const uint64_t seen = wakeups_.load(std::memory_order_relaxed);
    reader_waiting_.store(true, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (!maybe_nonempty()) {
        cv_.wait_until(lock, deadline, [&] { return wakeups_.load(std::memory_order_relaxed) != seen; });
    }
    reader_waiting_.store(false, std::memory_order_relaxed);
}

}  // namespace csp
