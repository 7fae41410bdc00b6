// Push input adapters: realtime events from other threads.
//
// A thread calls push_tick(value) at any time; the engine consumes the value
// on its own thread in the next cycle, applying the adapter's PushMode to
// everything that arrived since the last cycle. In simulation runs pushed
// values are dropped.
//
//   PushGroup: adapters sharing a group stay consistent with each other: once
//              a NON_COLLAPSING event of the group is consumed in a cycle,
//              later events of the whole group wait for the next cycle.
//   PushBatch: values pushed through one batch are handed to the engine
//              together, when the batch is flushed or destroyed, and land in
//              the same cycle.
//
// Thread-safety: push_tick and PushBatch are safe from any thread (a batch
// object itself is used by one thread); everything else is engine-thread.
#pragma once

#include <deque>
#include <memory>
#include <utility>

#include "csp/engine/engine.h"
#include "csp/engine/input_adapter.h"
#include "csp/engine/push_queue.h"

namespace csp {

// Events waiting for a cycle, per adapter or per push group.
struct PendingPushes {
    PendingPushes() = default;
    PendingPushes(const PendingPushes&) = delete;
    PendingPushes& operator=(const PendingPushes&) = delete;
    ~PendingPushes() {
        for (auto& [seq, event] : events) delete event;
    }
    std::deque<std::pair<uint64_t, PushEvent*>> events;  // (arrival sequence, event)
    bool listed = false;                                 // in the engine's pending list
};

class PushGroup {
public:
    PushGroup() : pending_(std::make_shared<PendingPushes>()) {}

private:
    friend class PushInputAdapterBase;
    std::shared_ptr<PendingPushes> pending_;
};

// The untyped side of a push adapter that the engine sees.
class PushInputAdapterBase {
public:
    PushInputAdapterBase(Engine& engine, PushMode mode, const PushGroup* group)
        : engine_(&engine),
          mode_(mode),
          pending_(group ? group->pending_ : std::make_shared<PendingPushes>()),
          realtime_(engine.is_configured_realtime()) {}
    virtual ~PushInputAdapterBase() = default;

    PushMode push_mode() const { return mode_; }
    PendingPushes& pending() { return *pending_; }

protected:
    void enqueue(PushEvent* event) {
        if (!realtime_) {  // simulation runs never process pushed events
            delete event;
            return;
        }
        engine_->push_queue().push(event);
    }

private:
    Engine* engine_;
    PushMode mode_;
    std::shared_ptr<PendingPushes> pending_;
    bool realtime_;
};

// Collects pushes from one thread and hands them over together.
class PushBatch {
public:
    explicit PushBatch(Engine& engine) : engine_(&engine) {}
    PushBatch(const PushBatch&) = delete;
    PushBatch& operator=(const PushBatch&) = delete;
    ~PushBatch() { flush(); }

    // Hands every collected event to the engine, which consumes them in one cycle.
    void flush() {
        if (first_ == nullptr) return;
        if (engine_->is_configured_realtime()) {
            engine_->push_queue().push_chain(first_, last_);
        } else {
            for (PushEvent* e = first_; e != nullptr;) {
                PushEvent* next = e->next_.load(std::memory_order_relaxed);
                delete e;
                e = next;
            }
        }
        first_ = last_ = nullptr;
    }

    // Adapter-internal: appends an event (push adapters' push_tick(value, batch) use this).
    void add_event(PushEvent* event) { add(event); }

private:
    template <class T>
    friend class PushInputAdapter;
    void add(PushEvent* event) {
        if (last_ == nullptr) first_ = event; else last_->next_.store(event, std::memory_order_relaxed);
        last_ = event;
    }
    Engine* engine_;
    PushEvent* first_ = nullptr;
    PushEvent* last_ = nullptr;
};

template <class T>
class PushInputAdapter : public TypedInputAdapter<T>, public PushInputAdapterBase {
public:
    explicit PushInputAdapter(std::string name, PushMode mode = PushMode::NON_COLLAPSING,
                              const PushGroup* group = nullptr)
        : TypedInputAdapter<T>(std::move(name), mode), PushInputAdapterBase(this->engine(), mode, group) {}

    // Any thread: delivers `value` to the graph in a coming cycle.
    void push_tick(T value) { enqueue(new Event(this, std::move(value))); }
    // Any thread: adds `value` to `batch`, delivered when the batch is flushed.
    void push_tick(T value, PushBatch& batch) { batch.add(new Event(this, std::move(value))); }

private:
    class Event final : public PushEvent {
    public:
        Event(PushInputAdapter* adapter, T value) : PushEvent(adapter), adapter_(adapter), value_(std::move(value)) {}
        bool consume() override { return adapter_->consume_tick(std::move(value_)); }  // moves only if consumed

    private:
        PushInputAdapter* adapter_;
        T value_;
    };
};

}  // namespace csp
