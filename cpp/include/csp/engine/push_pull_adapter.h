// Push-pull input adapters: replay history, then go live.
//
// A thread (started in open()) first pushes the history with
// push_tick(false, time, value): the engine delivers those replay ticks at
// their own times, in time order with every other event, like a pull
// adapter's (ticks timed before the run's start are delivered at the start).
// Then it calls flag_replay_complete() and pushes live data with
// push_tick(true, time, value), delivered like a PushInputAdapter's (the time
// is ignored; live ticks are dropped in simulation runs). A live tick also
// ends the replay.
//
//     class History : public csp::PushPullInputAdapter<double> {
//         void open(csp::DateTime start, csp::DateTime end) override { thread_ = std::thread(...); }
//         void close() override { thread_.join(); }
//     };
//
// The engine needs the next replay tick before it can move past its time, so
// while the replay is incomplete and no replay tick is queued it waits on its
// thread for one (giving up when the engine is asked to stop).
//
// Thread-safety: push_tick and flag_replay_complete from any thread.
// Errors: a replay tick timed before the previous one throws ValueError naming
// the adapter (ending the run); a replay tick pushed after the replay ended
// throws RuntimeError in the pushing thread.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "csp/engine/push_adapter.h"

namespace csp {

template <class T>
class PushPullInputAdapter : public PushInputAdapter<T> {
public:
    explicit PushPullInputAdapter(std::string name, PushMode mode = PushMode::NON_COLLAPSING,
                                  const PushGroup* group = nullptr)
        : PushInputAdapter<T>(std::move(name), mode, group) {}

    // Any thread: a replay tick at `time` (live == false) or a live tick (live == true).
    void push_tick(bool live, DateTime time, T value) {
        if (live) {
            flag_replay_complete();
            PushInputAdapter<T>::push_tick(std::move(value));
            return;
        }
        {
            std::lock_guard lock(mutex_);
            if (replay_complete_) {
                throw RuntimeError("adapter '" + this->name() +
                                   "': a replay tick was pushed after the replay was complete (flagged or live ticks began)");
            }
            replay_.emplace_back(time, std::move(value));
        }
        replay_ready_.notify_one();
    }

    // Any thread: no replay ticks follow.
    void flag_replay_complete() {
        {
            std::lock_guard lock(mutex_);
            replay_complete_ = true;
        }
        replay_ready_.notify_one();
    }

    void start(DateTime start, DateTime end) final {
        start_ = start;
        open(start, end);
        pending_ = next_replay();
        if (pending_) {
            this->engine().scheduler().schedule(std::max(pending_->first, start_), [this] { return on_event(); });
        }
    }
    void stop() final { close(); }

protected:
    // Hooks around the run: start and join the thread that pushes.
    virtual void open(DateTime start, DateTime end) {}
    virtual void close() {}
    // Runs `wait`, which blocks the engine thread until replay data may be
    // there; override to release a lock the pushing thread needs around it.
    virtual void wait_for_replay(const std::function<void()>& wait) { wait(); }

private:
    std::optional<std::pair<DateTime, T>> next_replay() {
        for (;;) {
            {
                std::lock_guard lock(mutex_);
                if (!replay_.empty()) {
                    std::pair<DateTime, T> tick = std::move(replay_.front());
                    replay_.pop_front();
                    return tick;
                }
                if (replay_complete_) return std::nullopt;
            }
            if (this->engine().should_stop()) return std::nullopt;
            wait_for_replay([this] {
                std::unique_lock lock(mutex_);
                replay_ready_.wait_for(lock, std::chrono::milliseconds(50),
                                       [this] { return !replay_.empty() || replay_complete_; });
            });
        }
    }

    bool on_event() {
        bool consumed = true;
        with_error_context([this] { return "adapter '" + this->name() + "'"; }, [&] { consumed = consume_due(); });
        return consumed;
    }

    // Ticks the replay ticks due now; false if the series already ticked in this cycle.
    bool consume_due() {
        const DateTime now = this->engine().now();
        if (!this->consume_tick(std::move(pending_->second))) return false;
        pending_ = next_replay();
        while (pending_ && std::max(pending_->first, start_) == now && this->InputAdapter::push_mode() != PushMode::NON_COLLAPSING) {
            this->consume_tick(std::move(pending_->second));
            pending_ = next_replay();
        }
        if (!pending_) return true;
        const DateTime when = std::max(pending_->first, start_);
        if (when < now) {
            throw ValueError("replay ticks out of order: " + pending_->first.to_string() + " after " + now.to_string());
        }
        this->engine().scheduler().requeue_current(when);
        return true;
    }

    std::mutex mutex_;
    std::condition_variable replay_ready_;
    std::deque<std::pair<DateTime, T>> replay_;  // guarded by mutex_
    bool replay_complete_ = false;               // guarded by mutex_
    std::optional<std::pair<DateTime, T>> pending_;  // engine thread: the next replay tick
    DateTime start_ = DateTime::min();
};

}  // namespace csp
