// Input adapters: where events enter a graph.
//
// An input adapter owns the time series it ticks. Its PushMode says what
// happens when several values arrive for one cycle:
//   LAST_VALUE      they collapse into one tick carrying the last value;
//   NON_COLLAPSING  one tick per cycle, the rest wait for following cycles
//                   (same timestamp), in order;
//   BURST           they tick once, together, as a std::vector<T>.
// Subclasses: PullInputAdapter (simulation data), PushInputAdapter (realtime
// data from other threads), and the built-in sources (const, timer, curve).
//
// Ownership: the engine owns adapters; create them with Engine::add_input_adapter.
// Thread-safety: engine thread only, except where a subclass says otherwise.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "csp/core/exceptions.h"
#include "csp/engine/node.h"
#include "csp/engine/time_series.h"

namespace csp {

enum class PushMode { LAST_VALUE = 1, NON_COLLAPSING = 2, BURST = 3 };

class InputAdapter {
public:
    InputAdapter(std::string name, PushMode mode);
    InputAdapter(const InputAdapter&) = delete;
    InputAdapter& operator=(const InputAdapter&) = delete;
    virtual ~InputAdapter() = default;

    // Called before the first cycle with max(now, run start) and the run end.
    virtual void start(DateTime start, DateTime end) {}
    // Called after the last cycle if start() was called.
    virtual void stop() {}

    const std::string& name() const { return name_; }
    PushMode push_mode() const { return mode_; }
    Engine& engine() const { return *engine_; }
    virtual TimeSeriesBase& output() = 0;

private:
    Engine* engine_;
    std::string name_;
    PushMode mode_;
};

template <class T>
class TypedInputAdapter : public InputAdapter {
public:
    using value_type = T;

    TypedInputAdapter(std::string name, PushMode mode) : InputAdapter(std::move(name), mode) {
        if (mode == PushMode::BURST) burst_.emplace(engine_state()); else single_.emplace(engine_state());
    }

    // Ticks `value` as the push mode says; false if it must wait for the next
    // cycle, in which case `value` is left untouched.
    template <class U>
    bool consume_tick(U&& value) {
        switch (push_mode()) {
            case PushMode::NON_COLLAPSING:
                if (single_->ticked()) return false;
                single_->tick(std::forward<U>(value));
                return true;
            case PushMode::LAST_VALUE:
                if (single_->ticked()) {
                    single_->overwrite_last(std::forward<U>(value));
                } else {
                    single_->tick(std::forward<U>(value));
                }
                return true;
            case PushMode::BURST:
                if (burst_->ticked()) {
                    burst_->mutable_last().push_back(std::forward<U>(value));
                } else {
                    std::vector<T> values;
                    values.push_back(std::forward<U>(value));
                    burst_->tick(std::move(values));
                }
                return true;
        }
        return true;
    }

    // The adapter's output. Throws TypeError if the mode is BURST (use burst_edge).
    Edge<T> edge() {
        if (!single_) throw TypeError("adapter '" + name() + "' is in BURST mode: its edge carries std::vector values");
        return Edge<T>(&single_->slot());
    }
    // The output of a BURST adapter. Throws TypeError in other modes.
    Edge<std::vector<T>> burst_edge() {
        if (!burst_) throw TypeError("adapter '" + name() + "' is not in BURST mode");
        return Edge<std::vector<T>>(&burst_->slot());
    }
    TimeSeriesBase& output() override {
        return single_ ? static_cast<TimeSeriesBase&>(*single_) : static_cast<TimeSeriesBase&>(*burst_);
    }

protected:
    // The output of a non-BURST adapter, for subclasses that tick it their own way.
    TimeSeries<T>& single_series() { return *single_; }

private:
    CycleState& engine_state();
    std::optional<TimeSeries<T>> single_;
    std::optional<TimeSeries<std::vector<T>>> burst_;
};

// Adapter managers coordinate several adapters that share a resource (a file,
// a connection). They start before and stop after the adapters.
//
// The engine calls process_next_sim_timeslice(now) on its thread at the run's
// start time and then at every time the manager returns, in time order with
// every other event (also in realtime runs, where those times are timers):
// the manager ticks its managed adapters there (ManagedSimInputAdapter,
// csp/engine/adapter_manager.h). Returning nullopt ends the calls; returning
// `now` calls again in the next cycle at the same time; an earlier time is a
// ValueError naming the manager. Realtime managers may also start threads in
// start() that push into their PushInputAdapters.
//
// Ownership: the engine owns managers; create them with Engine::add_adapter_manager.
// Thread-safety: every method is called on the engine thread.
class AdapterManager {
public:
    explicit AdapterManager(std::string name);
    AdapterManager(const AdapterManager&) = delete;
    AdapterManager& operator=(const AdapterManager&) = delete;
    virtual ~AdapterManager() = default;

    virtual void start(DateTime start, DateTime end) {}
    virtual void stop() {}
    // Ticks the managed adapters due at `now`; returns when to be called next, or nullopt.
    virtual std::optional<DateTime> process_next_sim_timeslice(DateTime now) { return std::nullopt; }

    const std::string& name() const { return name_; }
    Engine& engine() const { return *engine_; }

private:
    Engine* engine_;
    std::string name_;
};

}  // namespace csp
