// Pull input adapters: simulation data read in time order.
//
// Implement next() to return the next (time, value) in time order, or
// nullopt when the data is exhausted; the engine asks for one event ahead.
// Events before the run's start are skipped; the run ends at its end time. Several events at one time follow the adapter's PushMode.
//
//     class Ticker : public csp::PullInputAdapter<double> {
//         std::optional<std::pair<csp::DateTime, double>> next() override { ... }
//     };
//
// Errors: an event earlier than the previous one throws ValueError naming
// the adapter.
#pragma once

#include <optional>
#include <utility>

#include "csp/engine/engine.h"

namespace csp {

template <class T>
class PullInputAdapter : public TypedInputAdapter<T> {
public:
    using TypedInputAdapter<T>::TypedInputAdapter;

    void start(DateTime start, DateTime end) final {
        open(start, end);
        pending_ = next();
        while (pending_ && pending_->first < start) pending_ = next();
        if (pending_) this->engine().scheduler().schedule(pending_->first, [this] { return on_event(); });
    }
    void stop() final { close(); }

protected:
    // The next event in time order, or nullopt at the end of the data.
    virtual std::optional<std::pair<DateTime, T>> next() = 0;
    // Optional hooks around the run, e.g. to open and close a file.
    virtual void open(DateTime start, DateTime end) {}
    virtual void close() {}

private:
    bool on_event() {
        with_error_context([this] { return "adapter '" + this->name() + "'"; }, [&] { consume_due(); });
        return true;
    }

    void consume_due() {
        const DateTime now = pending_->first;
        this->consume_tick(std::move(pending_->second));
        pending_ = next();
        // LAST_VALUE and BURST take every value of this time slot in this cycle;
        // NON_COLLAPSING schedules the next one, which lands in a later cycle.
        while (pending_ && pending_->first == now && this->push_mode() != PushMode::NON_COLLAPSING) {
            this->consume_tick(std::move(pending_->second));
            pending_ = next();
        }
        if (pending_ && pending_->first < now) {
            throw ValueError("events out of order: " + pending_->first.to_string() + " after " + now.to_string());
        }
        // Events past the end are scheduled too: the run then ends at its end time.
        if (pending_) this->engine().scheduler().requeue_current(pending_->first);
    }

    std::optional<std::pair<DateTime, T>> pending_;
};

}  // namespace csp
