// Adapters implemented in Python (private): pull, push, push-pull, managed
// simulation and output adapters and adapter managers whose behaviour is a
// Python object (csp.impl.pulladapter.PullInputAdapter,
// csp.impl.pushadapter.PushInputAdapter, csp.impl.pushpulladapter,
// csp.impl.adaptermanager, csp.impl.outputadapter.OutputAdapter).
//
// Push adapters hand the Python object a PushTarget: its push_tick(value)
// converts the value (the caller holds the GIL) and enqueues it for the
// engine thread. A target is disconnected when its adapter stops, so a thread
// that pushes late gets False instead of touching a dead adapter (the GIL
// serialises the two).
#pragma once

#include <nanobind/nanobind.h>

#include <memory>
#include <string>

#include "csp/engine/engine.h"
#include "csp/engine/push_adapter.h"
#include "py_node.h"

namespace csp::python {

// What a Python adapter or adapter manager keeps of its engine: valid until
// the adapter or manager stops, then disconnected (engine() is nullptr).
class EngineLink {
public:
    virtual ~EngineLink() = default;
    virtual void disconnect() = 0;
    virtual Engine* engine() = 0;
    // Any thread: asks the engine to stop after its current cycle (no-op once disconnected).
    void request_stop() {
        if (Engine* e = engine()) e->request_stop();
    }
};

// What a Python push adapter pushes into; shared between the adapter and Python.
class PushTarget : public EngineLink {
public:
    // Any thread holding the GIL: false if the adapter is not running.
    virtual bool push(nb::handle value) = 0;
    // Any thread holding the GIL: adds the value to `batch`.
    virtual bool push_to(nb::handle value, PushBatch& batch) = 0;
};

// What a Python push-pull adapter pushes into: push() is a live tick.
class PushPullTarget : public PushTarget {
public:
    // Any thread holding the GIL: a replay tick at `time`; false if the adapter is not running.
    virtual bool push_replay(nb::handle time, nb::handle value) = 0;
    // Any thread holding the GIL: no replay ticks follow.
    virtual void flag_replay_complete() = 0;
};

// `name` names the adapter in errors.
EdgeHandle add_py_pull_adapter(Engine& engine, std::string name, NativeType type, nb::object impl, PushMode mode);
EdgeHandle add_py_push_adapter(Engine& engine, std::string name, NativeType type, nb::object impl, PushMode mode,
                               const PushGroup* group);
EdgeHandle add_py_pushpull_adapter(Engine& engine, std::string name, NativeType type, nb::object impl, PushMode mode,
                                   const PushGroup* group);
// A managed simulation adapter: its Python object's push_tick(value) ticks it on the engine thread.
EdgeHandle add_py_managed_adapter(Engine& engine, std::string name, NativeType type, nb::object impl, PushMode mode);
void add_py_output_adapter(Engine& engine, std::string name, EdgeHandle input, nb::object impl);
// An adapter manager whose start/stop/process_next_sim_timeslice are the Python object's.
std::shared_ptr<EngineLink> add_py_adapter_manager(Engine& engine, nb::object impl);

// Adds `value` to the Python list a BURST series of Python values ticks in
// this cycle (ticks a new list on the cycle's first value).
void append_to_burst(TimeSeries<nb::object>& series, nb::object value);

// Flushes (target, value) pairs pushed through one Python PushBatch, so they land in one cycle.
void push_batch(nb::list items);

}  // namespace csp::python
