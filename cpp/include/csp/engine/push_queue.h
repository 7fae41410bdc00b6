// The multi-writer, single-reader queue that carries events pushed by other
// threads (push adapters) into the engine thread.
//
// Writers never block or lock: a push is one atomic exchange (Vyukov's
// intrusive MPSC list). The reader drains it on the engine thread. When the
// reader has nothing to do it sleeps until a deadline or until a writer wakes
// it; writers only take the wake-up mutex when the reader is asleep.
//
// Ownership: events are heap-allocated by the writer and owned by the queue
// until the engine consumes them (it deletes them); the queue deletes what
// is left when destroyed.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace csp {

class PushInputAdapterBase;

// One pushed value, type-erased. The engine calls consume() to tick it.
class PushEvent {
public:
    explicit PushEvent(PushInputAdapterBase* adapter) : adapter_(adapter) {}
    virtual ~PushEvent() = default;
    // Ticks the value into the adapter's series; false if it must wait for the next cycle.
    virtual bool consume() = 0;
    PushInputAdapterBase* adapter() const { return adapter_; }

private:
    friend class PushQueue;
    friend class PushBatch;
    PushInputAdapterBase* adapter_;
    std::atomic<PushEvent*> next_{nullptr};
};

class PushQueue {
public:
    PushQueue();
    ~PushQueue();
    PushQueue(const PushQueue&) = delete;
    PushQueue& operator=(const PushQueue&) = delete;

    // Any thread: appends one event, or a chain first..last linked by a PushBatch.
    void push(PushEvent* event) { push_chain(event, event); }
    void push_chain(PushEvent* first, PushEvent* last);
    // Any thread: wakes the reader without an event (stop requests).
    void wake();

    // Reader: the next event in push order, or nullptr if none is visible yet.
    PushEvent* pop();
    // Reader: true if an event was pushed that pop() has not returned yet.
    bool maybe_nonempty() const;
    // Reader: blocks until an event or wake(), or until `deadline`.
    void wait_until(std::chrono::steady_clock::time_point deadline);

private:
    std::atomic<PushEvent*> head_;  // last pushed; writers exchange it
    PushEvent* tail_;               // next to pop; reader only
    struct Stub : PushEvent {
        Stub() : PushEvent(nullptr) {}
        bool consume() override { return true; }
    } stub_;
    std::atomic<bool> reader_waiting_{false};
    std::atomic<uint64_t> wakeups_{0};
    std::mutex mutex_;
    std::condition_variable cv_;
};

}  // namespace csp
