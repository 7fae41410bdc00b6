#include "py_adapters.h"

#include <nanobind/stl/shared_ptr.h>

#include "csp/engine/pull_adapter.h"
#include "python_error.h"
#include "series_access.h"

namespace csp::python {
namespace {

// Calls into Python; a Python exception becomes a PythonError the engine understands.
template <class F>
decltype(auto) call_python(F&& f) {
    try {
        return f();
    } catch (nb::python_error& e) {
        e.restore();
        throw PythonError();
    }
}

template <class T>
class PyPullAdapter final : public PullInputAdapter<T> {
public:
    PyPullAdapter(nb::object impl, PushMode mode) : PullInputAdapter<T>("python_pull_adapter", mode), impl_(std::move(impl)) {}

protected:
    void open(DateTime start, DateTime end) override {
        call_python([&] { impl_.attr("start")(datetime_to_python(start), datetime_to_python(end)); });
    }
    std::optional<std::pair<DateTime, T>> next() override {
        return call_python([&]() -> std::optional<std::pair<DateTime, T>> {
            nb::object tick = impl_.attr("next")();
            if (tick.is_none()) return std::nullopt;
            return std::pair<DateTime, T>(to_datetime(tick[0]), from_python<T>(tick[1]));
        });
    }
    void close() override { call_python([&] { impl_.attr("stop")(); }); }

private:
    nb::object impl_;
};

// Forwards pushes from Python to an adapter until the adapter disconnects it.
template <class Adapter>
class AdapterPushTarget final : public PushTarget {
public:
    explicit AdapterPushTarget(Adapter* adapter) : adapter_(adapter) {}
    bool push(nb::handle value) override {
        if (adapter_ == nullptr || !adapter_->running()) return false;
        adapter_->push_value(value);
        return true;
    }
    bool push_to(nb::handle value, PushBatch& batch) override {
        if (adapter_ == nullptr || !adapter_->running()) return false;
        adapter_->push_value(value, batch);
        return true;
    }
    void disconnect() override { adapter_ = nullptr; }
    Engine* engine() override { return adapter_ ? &adapter_->engine() : nullptr; }

private:
    Adapter* adapter_;
};

// The lifecycle shared by push adapters implemented in Python: the Python
// object's start/stop, and the target it pushes through.
template <class Derived>
class PythonPushLifecycle {
public:
    PythonPushLifecycle(Derived* self, nb::object impl)
        : impl_(std::move(impl)), target_(std::make_shared<AdapterPushTarget<Derived>>(self)) {
        impl_.attr("_bind_target")(std::static_pointer_cast<PushTarget>(target_));
    }
    ~PythonPushLifecycle() { target_->disconnect(); }
    bool running() const { return running_; }

protected:
    void start_impl(DateTime start, DateTime end) {
        running_ = true;
        call_python([&] { impl_.attr("start")(datetime_to_python(start), datetime_to_python(end)); });
    }
    void stop_impl() {
        running_ = false;
        call_python([&] { impl_.attr("stop")(); });
        target_->disconnect();
    }

private:
    nb::object impl_;
    std::shared_ptr<AdapterPushTarget<Derived>> target_;
    bool running_ = false;
};

template <class T>
class PyPushAdapter final : public PushInputAdapter<T>, public PythonPushLifecycle<PyPushAdapter<T>> {
public:
    PyPushAdapter(nb::object impl, PushMode mode, const PushGroup* group)
        : PushInputAdapter<T>("python_push_adapter", mode, group), PythonPushLifecycle<PyPushAdapter<T>>(this, std::move(impl)) {}
    void start(DateTime start, DateTime end) override { this->start_impl(start, end); }
    void stop() override { this->stop_impl(); }
    void push_value(nb::handle value) { this->push_tick(from_python<T>(value)); }
    void push_value(nb::handle value, PushBatch& batch) { this->push_tick(from_python<T>(value), batch); }
};

// BURST for Python values: everything pushed since the last cycle ticks once, as a Python list.
class PyBurstPushAdapter final : public TypedInputAdapter<nb::object>,
                                 public PushInputAdapterBase,
                                 public PythonPushLifecycle<PyBurstPushAdapter> {
public:
    PyBurstPushAdapter(nb::object impl, const PushGroup* group)
        : TypedInputAdapter<nb::object>("python_push_adapter", PushMode::LAST_VALUE),
          PushInputAdapterBase(engine(), PushMode::BURST, group),
          PythonPushLifecycle<PyBurstPushAdapter>(this, std::move(impl)) {}
    void start(DateTime start, DateTime end) override { start_impl(start, end); }
    void stop() override { stop_impl(); }
    void push_value(nb::handle value) { enqueue(new Event(this, nb::borrow(value))); }
    void push_value(nb::handle value, PushBatch& batch) { batch.add_event(new Event(this, nb::borrow(value))); }

private:
    class Event final : public PushEvent {
    public:
        Event(PyBurstPushAdapter* adapter, nb::object value) : PushEvent(adapter), adapter_(adapter), value_(std::move(value)) {}
        bool consume() override {
            append_to_burst(adapter_->single_series(), std::move(value_));
            return true;
        }

    private:
        PyBurstPushAdapter* adapter_;
        nb::object value_;
    };
};

class PyOutputAdapter final : public Node {
public:
    PyOutputAdapter(EdgeHandle input, nb::object impl)
        : Node("python_output_adapter", NodeKind::OutputAdapter),
          input_(this, input.slot, *input.slot->type),
          access_(&series_access(input.type)),
          impl_(std::move(impl)) {}
    void start() override { call_python([&] { impl_.attr("start")(); }); }
    void stop() override { call_python([&] { impl_.attr("stop")(); }); }
    void execute() override {
        call_python([&] { impl_.attr("on_tick")(datetime_to_python(now()), access_->last(*input_.series())); });
    }

private:
    InputBase input_;
    const SeriesAccess* access_;
    nb::object impl_;
};

}  // namespace

void append_to_burst(TimeSeries<nb::object>& series, nb::object value) {
    if (series.ticked()) {
        if (PyList_Append(series.mutable_last().ptr(), value.ptr()) != 0) throw PythonError();
    } else {
        nb::list values;
        values.append(std::move(value));
        series.tick(std::move(values));
    }
}

EdgeHandle add_py_pull_adapter(Engine& engine, NativeType type, nb::object impl, PushMode mode) {
    return dispatch(type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return EdgeHandle{engine.add_input_adapter<PyPullAdapter<T>>(std::move(impl), mode).edge().slot(), type};
    });
}

EdgeHandle add_py_push_adapter(Engine& engine, NativeType type, nb::object impl, PushMode mode, const PushGroup* group) {
    if (mode == PushMode::BURST) {
        return EdgeHandle{engine.add_input_adapter<PyBurstPushAdapter>(std::move(impl), group).edge().slot(),
                          NativeType::Object};
    }
    return dispatch(type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return EdgeHandle{engine.add_input_adapter<PyPushAdapter<T>>(std::move(impl), mode, group).edge().slot(), type};
    });
}

void add_py_output_adapter(Engine& engine, EdgeHandle input, nb::object impl) {
    engine.add_node<PyOutputAdapter>(input, std::move(impl));
}

void push_batch(nb::list items) {
    std::optional<PushBatch> batch;
    for (nb::handle item : items) {
        auto target = nb::cast<std::shared_ptr<PushTarget>>(item[0]);
        Engine* engine = target->engine();
        if (engine == nullptr) continue;
        if (!batch) batch.emplace(*engine);
        target->push_to(item[1], *batch);
    }
}  // the batch flushes here, handing every event to the engine at once

}  // namespace csp::python
