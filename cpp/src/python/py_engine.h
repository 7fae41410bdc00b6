// The engine as the Python package drives it (private).
//
// PyEngine builds a graph from wiring-time descriptions (sources, built-in
// C++ nodes by name, Python nodes, graph outputs, feedback) and runs it. In
// realtime it releases the GIL while waiting for events, so Python threads
// can push. Everything else runs with the GIL held.
#pragma once

#include <nanobind/nanobind.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "csp/engine/engine.h"
#include "csp/engine/graph_output.h"
#include "csp/engine/input_adapter.h"
#include "py_node.h"

namespace csp::python {

// A built-in C++ node: builds it from typed input edges and scalar arguments.
using BuiltinFactory = std::function<std::vector<EdgeHandle>(
    Engine& engine, const std::vector<NativeType>& types, const std::vector<EdgeHandle>& inputs, nb::tuple args)>;

// The registry of built-in nodes, filled by register_builtins(), which calls
// one register_* function per library (base library and math in
// builtin_nodes.cpp, statistics in stats_nodes.cpp).
std::map<std::string, BuiltinFactory>& builtin_registry();
void register_builtins();
void register_stats_builtins();

// A node with a second output that ticks its native lists as Python lists (csp.collect), made
// only once the wiring has handed that output to a consumer.
class PythonListProducer {
public:
    virtual ~PythonListProducer() = default;
    virtual void want_python_lists() = 0;
};

class PyEngine {
public:
    PyEngine(bool realtime, TimeDelta queue_wait_time, bool handle_sigint);
    ~PyEngine();

    EdgeHandle add_const(NativeType type, nb::handle value, TimeDelta delay, PushMode mode);
    EdgeHandle add_timer(NativeType type, TimeDelta interval, nb::handle value);
    EdgeHandle add_curve(NativeType type, nb::list times, nb::list values, PushMode mode);
    // A curve from numpy data: `times_ns` int64 nanoseconds since the epoch; `values`
    // a numpy array of int64/float64/bool for those types, else a sequence of objects.
    EdgeHandle add_curve_arrays(NativeType type, nb::handle times_ns, nb::handle values, PushMode mode);
    EdgeHandle add_null(NativeType type);
    std::vector<EdgeHandle> add_builtin(const std::string& name, const std::vector<NativeType>& types,
                                        const std::vector<EdgeHandle>& inputs, nb::tuple args);
    std::vector<EdgeHandle> add_python_node(PyNode::Definition definition);
    void add_graph_output(const std::string& key, EdgeHandle edge, int64_t tick_count, TimeDelta tick_history);
    // An edge to wire consumers to before its producer exists; bind_placeholder
    // names the real edge (possibly another placeholder) before run().
    // `dynamic_basket`: the edge is a dynamic basket of `type` elements.
    EdgeHandle add_placeholder(NativeType type, bool dynamic_basket = false);
    void bind_placeholder(EdgeHandle placeholder, EdgeHandle target);
    // The producer of `python_lists` (a PythonListProducer's Python-list output) starts ticking it.
    void want_python_lists(EdgeHandle python_lists);
    // A feedback edge: returns its output; bind_feedback(id, edge) binds it.
    EdgeHandle add_feedback(NativeType type);
    void bind_feedback(EdgeHandle feedback_output, EdgeHandle bound);

    // Runs the graph; returns {key: [(datetime, value), ...]} for every graph
    // output, or with `numpy` {key: (int64 nanoseconds array, values array
    // or list)}. A Python exception raised by a node is re-raised as itself,
    // with a note naming the node.
    nb::dict run(DateTime start, DateTime end, bool numpy);
    // Stops the run; with `dynamic`, inside a dynamic sub-graph, only that instance.
    void request_stop(bool dynamic = false) {
        if (dynamic) engine_->active().request_stop(); else engine_->request_stop();
    }
    // The engine the add_* methods build into: the root, or a dynamic
    // sub-graph's child engine while it is built (BuildTarget).
    Engine& engine() { return *target_; }
    Engine& root() { return *engine_; }

    // Makes `target` the build target for the scope's lifetime.
    class BuildTarget {
    public:
        BuildTarget(PyEngine& engine, Engine& target) : engine_(engine), previous_(engine.target_) { engine.target_ = &target; }
        ~BuildTarget() { engine_.target_ = previous_; }
        BuildTarget(const BuildTarget&) = delete;
        BuildTarget& operator=(const BuildTarget&) = delete;

    private:
        PyEngine& engine_;
        Engine* previous_;
    };
    // Binds the placeholders of what was just built (a dynamic sub-graph, before it starts).
    void finish_build() { resolve_placeholders(); }

private:
    std::unique_ptr<Engine> engine_;
    Engine* target_ = nullptr;
    void resolve_placeholders();

    std::map<EdgeSlot*, std::function<void(EdgeHandle)>> feedback_binders_;
    std::vector<std::pair<EdgeSlot*, EdgeSlot*>> placeholder_bindings_;  // (placeholder, target)
    std::map<std::string, std::function<nb::object(std::unique_ptr<RecordedTicksBase>, bool numpy)>> output_converters_;
};

}  // namespace csp::python
