// Managed simulation adapters: input adapters ticked by their AdapterManager.
//
// A manager that reads one source for many adapters (one file holding every
// symbol, say) implements AdapterManager::process_next_sim_timeslice(now):
// it ticks the adapters due at `now` with push_tick and returns the time of
// its next events. The engine calls it in time order with every other event.
//
//     class Quotes : public csp::AdapterManager {
//     public:
//         Quotes() : AdapterManager("quotes") {}
//         csp::Edge<double> subscribe(const std::string& symbol) {
//             auto& adapter = engine().add_input_adapter<csp::ManagedSimInputAdapter<double>>(symbol);
//             adapters_[symbol] = &adapter;
//             return adapter.edge();
//         }
//         std::optional<csp::DateTime> process_next_sim_timeslice(csp::DateTime now) override {
//             ... adapters_[symbol]->push_tick(price) for every row at `now` ...
//             return time_of_next_row;  // or std::nullopt at the end of the data
//         }
//     };
//
// Several push_tick calls for one adapter in one time slice follow its
// PushMode: LAST_VALUE keeps the last, BURST ticks them together, and
// NON_COLLAPSING ticks the first now and the others in the following cycles
// at the same time, in order.
//
// Thread-safety: push_tick is engine-thread only (from the manager's
// process_next_sim_timeslice, or a node). Realtime managers push from their
// threads into PushInputAdapters instead.
#pragma once

#include <string>
#include <utility>

#include "csp/engine/deferred_ticks.h"
#include "csp/engine/engine.h"

namespace csp {

template <class T>
class ManagedSimInputAdapter : public TypedInputAdapter<T> {
public:
    explicit ManagedSimInputAdapter(std::string name, PushMode mode = PushMode::NON_COLLAPSING)
        : TypedInputAdapter<T>(std::move(name), mode) {}

    // Engine thread: ticks `value` at the current engine time, as the PushMode says.
    void push_tick(T value) {
        if (this->push_mode() == PushMode::NON_COLLAPSING) {
            deferred_.tick_or_defer(this->engine().scheduler(), this->single_series(), std::move(value));
        } else {
            this->consume_tick(std::move(value));
        }
    }

private:
    DeferredTicks<T> deferred_;
};

}  // namespace csp
