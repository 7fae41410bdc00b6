#include <nanobind/stl/string.h>

#include "py_engine.h"

#include <nanobind/ndarray.h>

#include "csp/api/graph.h"
#include "csp/api/sources.h"
#include "csp/engine/dynamic_basket.h"
#include "csp/engine/feedback.h"
#include "csp/engine/graph_output.h"
#include "column_output.h"
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

// [(datetime, value), ...] of `size` ticks, built with the preallocating C API;
// tick(i) gives the i-th tick's (time, value).
template <class T, class Tick>
nb::object ticks_list(size_t size, Tick tick) {
    DatetimeConverter to_datetime_object;
    nb::object list = nb::steal(check(PyList_New(static_cast<Py_ssize_t>(size))));
    // The list holds only tuples made here: the cyclic GC need not scan it (its unset slots included) while
    // it fills up; it is tracked again once complete.
    PyObject_GC_UnTrack(list.ptr());
    for (size_t i = 0; i < size; ++i) {
        const auto [time, value] = tick(i);
        PyObject* tuple = check(PyTuple_New(2));
        PyTuple_SET_ITEM(tuple, 0, to_datetime_object(time).release().ptr());
        PyTuple_SET_ITEM(tuple, 1, to_python(value).release().ptr());
        // A (datetime, scalar) tuple cannot be part of a reference cycle: keep it away from the cyclic GC,
        // which would otherwise scan millions of them while the list is built.
        if constexpr (std::is_arithmetic_v<T> || std::is_same_v<T, DateTime> || std::is_same_v<T, TimeDelta> ||
                      std::is_same_v<T, std::string>)
            PyObject_GC_UnTrack(tuple);
        PyList_SET_ITEM(list.ptr(), static_cast<Py_ssize_t>(i), tuple);
    }
    PyObject_GC_Track(list.ptr());
    return list;
}

template <class T>
nb::object ticks_to_list(const std::vector<std::pair<DateTime, T>>& ticks) {
    return ticks_list<T>(ticks.size(), [&](size_t i) -> std::pair<DateTime, const T&> { return {ticks[i].first, ticks[i].second}; });
}

template <class T>
nb::object ticks_to_list(const ColumnTicks<T>& ticks) {
    return ticks_list<T>(ticks.size(), [&](size_t i) {
        return std::pair<DateTime, T>{DateTime::from_nanos(ticks.times[i]), from_column_value<T>(ticks.values[i])};
    });
}

// A numpy array that takes over `size` elements at `data`, freed with `release(data)`.
template <class T, void (*release)(void*)>
nb::object owned_array(T* data, size_t size) {
    nb::capsule deleter(data, [](void* p) noexcept { release(p); });
    return nb::cast(nb::ndarray<nb::numpy, T, nb::ndim<1>>(data, {size}, deleter));
}

template <class T>
void delete_array(void* p) { delete[] static_cast<T*>(p); }
void free_buffer(void* p) { std::free(p); }  // a Column's released buffer

// One field of every tick, as a numpy array (a plain buffer: std::vector<bool> has none).
template <class Ticks, class Field>
nb::object column(const Ticks& ticks, Field field) {
    using T = std::decay_t<decltype(field(ticks.front()))>;
    T* data = new T[ticks.size()];
    for (size_t i = 0; i < ticks.size(); ++i) data[i] = field(ticks[i]);
    return owned_array<T, delete_array<T>>(data, ticks.size());
}

// (times as int64 nanoseconds, values): numpy arrays for native types, a list for objects.
template <class T>
nb::object ticks_to_numpy(const std::vector<std::pair<DateTime, T>>& ticks) {
    using Tick = std::pair<DateTime, T>;
    nb::object times = column(ticks, [](const Tick& t) { return t.first.nanos(); });
    if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, double> || std::is_same_v<T, bool>) {
        return nb::make_tuple(times, column(ticks, [](const Tick& t) { return t.second; }));
    } else if constexpr (std::is_same_v<T, DateTime> || std::is_same_v<T, TimeDelta>) {
        return nb::make_tuple(times, column(ticks, [](const Tick& t) { return t.second.nanos(); }));
    } else {
        nb::list values;
        for (const auto& tick : ticks) values.append(to_python(tick.second));
        return nb::make_tuple(times, values);
    }
}

// The same arrays, taking over the recorded columns (the ticks are left empty).
template <class T>
nb::object ticks_to_numpy(ColumnTicks<T>& ticks) {
    const size_t size = ticks.size();
    nb::object times = owned_array<int64_t, free_buffer>(ticks.times.release(), size);
    return nb::make_tuple(times, owned_array<ColumnValue<T>, free_buffer>(ticks.values.release(), size));
}

// Outputs that keep every tick of a native scalar series are recorded as columns.
template <class T>
constexpr bool kColumnRecordable = std::is_arithmetic_v<T> || std::is_same_v<T, DateTime> || std::is_same_v<T, TimeDelta>;

template <class T>
nb::object recorded_to_python(RecordedTicksBase& recorded, bool numpy) {
    if constexpr (kColumnRecordable<T>) {
        if (auto* columns = dynamic_cast<ColumnTicks<T>*>(&recorded)) {
            return numpy ? ticks_to_numpy(*columns) : ticks_to_list(*columns);
        }
    }
    const auto& data = static_cast<RecordedTicks<T>&>(recorded).ticks;
    return numpy ? ticks_to_numpy(data) : ticks_to_list(data);
}

}  // namespace

PyEngine::PyEngine(bool realtime, TimeDelta queue_wait_time, bool handle_sigint) {
    EngineOptions options;
    options.realtime = realtime;
    options.queue_wait_time = queue_wait_time;
    if (realtime) options.clock = std::make_shared<GilReleasingClock>();
    options.handle_sigint = handle_sigint;
    engine_ = std::make_unique<Engine>(std::move(options));
    target_ = engine_.get();
}

PyEngine::~PyEngine() = default;

EdgeHandle PyEngine::add_const(NativeType type, nb::handle value, TimeDelta delay, PushMode mode) {
    Engine::Scope scope(engine());
    return dispatch(type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return EdgeHandle{const_<T>(from_python<T>(value), delay, mode).slot(), type};
    });
}

EdgeHandle PyEngine::add_timer(NativeType type, TimeDelta interval, nb::handle value) {
    Engine::Scope scope(engine());
    return dispatch(type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return EdgeHandle{timer<T>(interval, from_python<T>(value)).slot(), type};
    });
}

EdgeHandle PyEngine::add_curve(NativeType type, nb::list times, nb::list values, PushMode mode) {
    Engine::Scope scope(engine());
    const bool offsets = nb::len(times) > 0 && is_timedelta(times[0]);
    return dispatch(type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        if (offsets) return EdgeHandle{curve<T>(curve_offsets<T>(times, values), mode).slot(), type};
        return EdgeHandle{curve<T>(curve_data<T>(times, values), mode).slot(), type};
    });
}

EdgeHandle PyEngine::add_curve_arrays(NativeType type, nb::handle times_ns, nb::handle values, PushMode mode) {
    using Times = nb::ndarray<const int64_t, nb::ndim<1>, nb::c_contig, nb::device::cpu>;
    const Times times = nb::cast<Times>(times_ns);
    const size_t n = times.shape(0);
    Engine::Scope scope(engine());
    return dispatch(type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        std::vector<std::pair<DateTime, T>> data;
        data.reserve(n);
        if constexpr (std::is_same_v<T, int64_t> || std::is_same_v<T, double> || std::is_same_v<T, bool>) {
            using Values = nb::ndarray<const T, nb::ndim<1>, nb::c_contig, nb::device::cpu>;
            const Values array = nb::cast<Values>(values);
            if (array.shape(0) != n) throw ValueError("curve times and values differ in length");
            for (size_t i = 0; i < n; ++i) data.emplace_back(DateTime::from_nanos(times.data()[i]), array.data()[i]);
        } else {
            if (nb::len(values) != n) throw ValueError("curve times and values differ in length");
            for (size_t i = 0; i < n; ++i) {
                data.emplace_back(DateTime::from_nanos(times.data()[i]), from_python<T>(values[nb::int_(i)]));
            }
        }
        return EdgeHandle{curve<T>(std::move(data), mode).slot(), type};
    });
}

EdgeHandle PyEngine::add_null(NativeType type) {
    Engine::Scope scope(engine());
    return dispatch(type, [&](auto tag) { return EdgeHandle{null_ts<typename decltype(tag)::type>().slot(), type}; });
}

std::vector<EdgeHandle> PyEngine::add_builtin(const std::string& name, const std::vector<NativeType>& types,
                                              const std::vector<EdgeHandle>& inputs, nb::tuple args) {
    auto& registry = builtin_registry();
    const auto it = registry.find(name);
    if (it == registry.end()) throw KeyError("no built-in node named '" + name + "'");
    Engine::Scope scope(engine());
    return it->second(engine(), types, inputs, args);
}

std::vector<EdgeHandle> PyEngine::add_python_node(PyNode::Definition definition) {
    PyNode& node = engine().add_node<PyNode>(std::move(definition));
    std::vector<EdgeHandle> outputs;
    for (size_t i = 0; i < node.output_count(); ++i) outputs.push_back(node.output_handle(i));
    return outputs;
}

void PyEngine::add_graph_output(const std::string& key, EdgeHandle edge, int64_t tick_count, TimeDelta tick_history) {
    dispatch_with_lists(edge.type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        const bool every_tick = tick_count < 0 && tick_history <= TimeDelta::zero();
        GraphOutputBase* output = nullptr;
        if constexpr (kColumnRecordable<T>) {
            if (every_tick) output = &engine().add_node<ColumnGraphOutput<T>>(key, Edge<T>(edge.slot));
        }
        if (output == nullptr) {
            output = &engine().add_node<GraphOutput<T>>(key, Edge<T>(edge.slot), tick_count, tick_history);
        }
        engine().register_graph_output(key, *output);
        output_converters_[key] = [](std::unique_ptr<RecordedTicksBase> ticks, bool numpy) -> nb::object {
            return recorded_to_python<T>(*ticks, numpy);
        };
    });
}

EdgeHandle PyEngine::add_placeholder(NativeType type, bool dynamic_basket) {
    if (dynamic_basket) return EdgeHandle{&engine().make_unbound_slot(typeid(DynamicBasketBase)), type};
    return dispatch_with_lists(type, [&](auto tag) {
        return EdgeHandle{&engine().make_unbound_slot(typeid(typename decltype(tag)::type)), type};
    });
}

void PyEngine::bind_placeholder(EdgeHandle placeholder, EdgeHandle target) {
    if ((is_native_list(placeholder.type) || is_native_list(target.type)) && placeholder.type != target.type) {
        throw std::logic_error("a placeholder for a native list was bound to an edge of another type");
    }
    placeholder_bindings_.emplace_back(placeholder.slot, target.slot);
}

void PyEngine::want_python_lists(EdgeHandle python_lists) {
    const TimeSeriesBase* series = python_lists.slot->series;
    auto* producer = series != nullptr ? dynamic_cast<PythonListProducer*>(series->producer()) : nullptr;
    if (producer == nullptr) throw std::logic_error("want_python_lists: the edge's producer makes no Python lists");
    producer->want_python_lists();
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
    // Bound now: forget them (a dynamic sub-graph's slots go away with it).
    std::erase_if(placeholder_bindings_, [](const auto& binding) { return binding.first->series != nullptr; });
}

EdgeHandle PyEngine::add_feedback(NativeType type) {
    Engine::Scope scope(engine());
    return dispatch(type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        auto feedback = std::make_shared<Feedback<T>>();
        EdgeHandle out{feedback->out().slot(), type};
        feedback_binders_[out.slot] = [this, feedback](EdgeHandle bound) {
            Engine::Scope inner(engine());
            feedback->bind(Edge<T>(bound.slot));
        };
        return out;
    });
}

void PyEngine::bind_feedback(EdgeHandle feedback_output, EdgeHandle bound) {
    const auto it = feedback_binders_.find(feedback_output.slot);
    if (it == feedback_binders_.end()) throw ValueError("not a feedback edge");
    auto bind = std::move(it->second);
    feedback_binders_.erase(it);
    bind(bound);
}

nb::dict PyEngine::run(DateTime start, DateTime end, bool numpy) {
    resolve_placeholders();
    try {
        engine_->run(start, end);
    } catch (const PythonError& e) {
        e.restore();
        if (!e.context().empty()) add_note_to_current_error("csp: raised in " + e.context());
        throw nb::python_error();
    }
    nb::dict out;
    for (const std::string& key : engine_->graph_output_keys()) {
        out[key.c_str()] = output_converters_.at(key)(engine_->take_graph_output(key), numpy);
    }
    return out;
}

}  // namespace csp::python
