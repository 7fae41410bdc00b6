#include <nanobind/stl/string.h>

#include "py_engine.h"

#include "csp/api/graph.h"
#include "csp/api/sources.h"
#include "csp/engine/feedback.h"
#include "csp/engine/graph_output.h"
#include "python_error.h"
#include "series_access.h"

namespace csp::python {
namespace {

// Releases the GIL while the engine waits for pushed events or timers.
class GilReleasingClock final : public Clock {
public:
    DateTime now() const override { return clock_.now(); }
    void wait_until(DateTime deadline, PushQueue& queue) override {
        nb::gil_scoped_release release;
        clock_.wait_until(deadline, queue);
    }

private:
    SystemClock clock_;
};

template <class T>
std::vector<std::pair<DateTime, T>> curve_data(nb::list times, nb::list values) {
    if (nb::len(times) != nb::len(values)) throw ValueError("curve times and values differ in length");
    std::vector<std::pair<DateTime, T>> data;
    data.reserve(nb::len(times));
    for (size_t i = 0; i < nb::len(times); ++i) data.emplace_back(to_datetime(times[i]), from_python<T>(values[i]));
    return data;
}

template <class T>
std::vector<std::pair<TimeDelta, T>> curve_offsets(nb::list times, nb::list values) {
    std::vector<std::pair<TimeDelta, T>> data;
    data.reserve(nb::len(times));
    for (size_t i = 0; i < nb::len(times); ++i) data.emplace_back(to_timedelta(times[i]), from_python<T>(values[i]));
    return data;
}

// Adds a note (PEP 678) to the Python exception currently set.
void add_note_to_current_error(const std::string& note) {
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    PyErr_NormalizeException(&type, &value, &traceback);
    if (traceback != nullptr) PyException_SetTraceback(value, traceback);
    PyObject* result = PyObject_CallMethod(value, "add_note", "s", note.c_str());
    if (result == nullptr) PyErr_Clear(); else Py_DECREF(result);
    PyErr_Restore(type, value, traceback);
}

}  // namespace

PyEngine::PyEngine(bool realtime, TimeDelta queue_wait_time, bool handle_sigint) {
    EngineOptions options;
    options.realtime = realtime;
    options.queue_wait_time = queue_wait_time;
    if (realtime) options.clock = std::make_shared<GilReleasingClock>();
    options.handle_sigint = handle_sigint;
    engine_ = std::make_unique<Engine>(std::move(options));
}

PyEngine::~PyEngine() = default;

EdgeHandle PyEngine::add_const(NativeType type, nb::handle value, TimeDelta delay, PushMode mode) {
    Engine::Scope scope(*engine_);
    return dispatch(type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return EdgeHandle{const_<T>(from_python<T>(value), delay, mode).slot(), type};
    });
}

EdgeHandle PyEngine::add_timer(NativeType type, TimeDelta interval, nb::handle value) {
    Engine::Scope scope(*engine_);
    return dispatch(type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return EdgeHandle{timer<T>(interval, from_python<T>(value)).slot(), type};
    });
}

EdgeHandle PyEngine::add_curve(NativeType type, nb::list times, nb::list values, PushMode mode) {
    Engine::Scope scope(*engine_);
    const bool offsets = nb::len(times) > 0 && is_timedelta(times[0]);
    return dispatch(type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        if (offsets) return EdgeHandle{curve<T>(curve_offsets<T>(times, values), mode).slot(), type};
        return EdgeHandle{curve<T>(curve_data<T>(times, values), mode).slot(), type};
    });
}

EdgeHandle PyEngine::add_null(NativeType type) {
    Engine::Scope scope(*engine_);
    return dispatch(type, [&](auto tag) { return EdgeHandle{null_ts<typename decltype(tag)::type>().slot(), type}; });
}

std::vector<EdgeHandle> PyEngine::add_builtin(const std::string& name, const std::vector<NativeType>& types,
                                              const std::vector<EdgeHandle>& inputs, nb::tuple args) {
    auto& registry = builtin_registry();
    const auto it = registry.find(name);
    if (it == registry.end()) throw KeyError("no built-in node named '" + name + "'");
    Engine::Scope scope(*engine_);
    return it->second(*engine_, types, inputs, args);
}

std::vector<EdgeHandle> PyEngine::add_python_node(PyNode::Definition definition) {
    PyNode& node = engine_->add_node<PyNode>(std::move(definition));
    std::vector<EdgeHandle> outputs;
    for (size_t i = 0; i < node.output_count(); ++i) outputs.push_back(node.output_handle(i));
    return outputs;
}

void PyEngine::add_graph_output(const std::string& key, EdgeHandle edge, int64_t tick_count, TimeDelta tick_history) {
    dispatch(edge.type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        auto& output = engine_->add_node<GraphOutput<T>>(key, Edge<T>(edge.slot), tick_count, tick_history);
        engine_->register_graph_output(key, output);
        output_converters_[key] = [](GraphOutputBase& recorded) -> nb::object {
            const auto ticks = recorded.take();
            nb::list out;
            for (const auto& [time, value] : static_cast<RecordedTicks<T>&>(*ticks).ticks) {
                out.append(nb::make_tuple(datetime_to_python(time), to_python(value)));
            }
            return out;
        };
    });
}

EdgeHandle PyEngine::add_placeholder(NativeType type) {
    return dispatch(type, [&](auto tag) {
        return EdgeHandle{&engine_->make_unbound_slot(typeid(typename decltype(tag)::type)), type};
    });
}

void PyEngine::bind_placeholder(EdgeHandle placeholder, EdgeHandle target) {
    placeholder_bindings_.emplace_back(placeholder.slot, target.slot);
}

void PyEngine::resolve_placeholders() {
    // Targets may be placeholders themselves (delayed edges): resolve until nothing changes.
    bool changed = true;
    while (changed) {
        changed = false;
        for (auto& [placeholder, target] : placeholder_bindings_) {
            if (placeholder->series == nullptr && target->series != nullptr) {
                placeholder->series = target->series;
                changed = true;
            }
        }
    }
}

EdgeHandle PyEngine::add_feedback(NativeType type) {
    Engine::Scope scope(*engine_);
    return dispatch(type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        auto feedback = std::make_shared<Feedback<T>>();
        EdgeHandle out{feedback->out().slot(), type};
        feedback_binders_[out.slot] = [this, feedback](EdgeHandle bound) {
            Engine::Scope inner(*engine_);
            feedback->bind(Edge<T>(bound.slot));
        };
        return out;
    });
}

void PyEngine::bind_feedback(EdgeHandle feedback_output, EdgeHandle bound) {
    const auto it = feedback_binders_.find(feedback_output.slot);
    if (it == feedback_binders_.end()) throw ValueError("not a feedback edge");
    it->second(bound);
}

nb::dict PyEngine::run(DateTime start, DateTime end) {
    resolve_placeholders();
    try {
        engine_->run(start, end);
    } catch (const PythonError& e) {
        e.restore();
        if (!e.context().empty()) add_note_to_current_error("csp: raised in " + e.context());
        throw nb::python_error();
    }
    nb::dict out;
    for (const auto& [key, output] : engine_->graph_outputs()) out[key.c_str()] = output_converters_.at(key)(*output);
    return out;
}

}  // namespace csp::python
