#include "py_adapters.h"

#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>

#include <thread>

#include "csp/engine/adapter_manager.h"
#include "csp/engine/pull_adapter.h"
#include "csp/engine/push_pull_adapter.h"
#include "python_error.h"
#include "series_access.h"

namespace csp::python {
namespace {

// `value` as a T; a TypeError names the adapter it was pushed to.
template <class T>
T value_for(const InputAdapter& adapter, nb::handle value) {
    try {
        return from_python<T>(value);
    } catch (const TypeError& e) {
        throw TypeError("adapter '" + adapter.name() + "': " + e.what());
    }
}

template <class T>
class PyPullAdapter final : public PullInputAdapter<T> {
public:
    PyPullAdapter(std::string name, nb::object impl, PushMode mode)
        : PullInputAdapter<T>(std::move(name), mode), impl_(std::move(impl)) {}

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
template <class Adapter, class Base = PushTarget>
class AdapterPushTarget : public Base {
public:
    using Interface = Base;  // the type Python sees
    explicit AdapterPushTarget(Adapter* adapter) : adapter_(adapter) {}
    bool push(nb::handle value) override {
        if (!running()) return false;
        adapter_->push_value(value);
        return true;
    }
    bool push_to(nb::handle value, PushBatch& batch) override {
        if (!running()) return false;
        adapter_->push_value(value, batch);
        return true;
    }
    void disconnect() override { adapter_ = nullptr; }
    Engine* engine() override { return adapter_ ? &adapter_->engine() : nullptr; }

protected:
    bool running() const { return adapter_ != nullptr && adapter_->running(); }
    Adapter* adapter() const { return adapter_; }

private:
    Adapter* adapter_;
};

// Adds replay ticks to the pushes of a push-pull adapter.
template <class Adapter>
class PushPullAdapterTarget final : public AdapterPushTarget<Adapter, PushPullTarget> {
public:
    using AdapterPushTarget<Adapter, PushPullTarget>::AdapterPushTarget;
    bool push_replay(nb::handle time, nb::handle value) override {
        if (!this->running()) return false;
        this->adapter()->push_replay_value(time, value);
        return true;
    }
    void flag_replay_complete() override {
        if (this->running()) this->adapter()->flag_replay_complete();
    }
};

// The lifecycle shared by push adapters implemented in Python: the Python
// object's start/stop, and the target it pushes through.
template <class Derived, class Target = AdapterPushTarget<Derived>>
class PythonPushLifecycle {
public:
    PythonPushLifecycle(Derived* self, nb::object impl)
        : impl_(std::move(impl)), target_(std::make_shared<Target>(self)) {
        impl_.attr("_bind_target")(std::static_pointer_cast<typename Target::Interface>(target_));
    }
    ~PythonPushLifecycle() { target_->disconnect(); }
    // Pushes are accepted from the start of the run (adapter managers, which
    // start first, may push already) until the adapter stops.
    bool running() const { return running_; }

protected:
    void start_impl(DateTime start, DateTime end) {
        call_python([&] { impl_.attr("start")(datetime_to_python(start), datetime_to_python(end)); });
    }
    void stop_impl() {
        running_ = false;
        call_python([&] { impl_.attr("stop")(); });
        target_->disconnect();
    }

private:
    nb::object impl_;
    std::shared_ptr<Target> target_;
    bool running_ = true;
};

template <class T>
class PyPushAdapter final : public PushInputAdapter<T>, public PythonPushLifecycle<PyPushAdapter<T>> {
public:
    PyPushAdapter(std::string name, nb::object impl, PushMode mode, const PushGroup* group)
        : PushInputAdapter<T>(std::move(name), mode, group), PythonPushLifecycle<PyPushAdapter<T>>(this, std::move(impl)) {}
    void start(DateTime start, DateTime end) override { this->start_impl(start, end); }
    void stop() override { this->stop_impl(); }
    void push_value(nb::handle value) { this->push_tick(value_for<T>(*this, value)); }
    void push_value(nb::handle value, PushBatch& batch) { this->push_tick(value_for<T>(*this, value), batch); }
};

// BURST for Python values: everything pushed since the last cycle ticks once, as a Python list.
class PyBurstPushAdapter final : public TypedInputAdapter<nb::object>,
                                 public PushInputAdapterBase,
                                 public PythonPushLifecycle<PyBurstPushAdapter> {
public:
    PyBurstPushAdapter(std::string name, nb::object impl, const PushGroup* group)
        : TypedInputAdapter<nb::object>(std::move(name), PushMode::LAST_VALUE),
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

template <class T>
class PyPushPullAdapter final : public PushPullInputAdapter<T>,
                                public PythonPushLifecycle<PyPushPullAdapter<T>, PushPullAdapterTarget<PyPushPullAdapter<T>>> {
public:
    PyPushPullAdapter(std::string name, nb::object impl, PushMode mode, const PushGroup* group)
        : PushPullInputAdapter<T>(std::move(name), mode, group),
          PythonPushLifecycle<PyPushPullAdapter<T>, PushPullAdapterTarget<PyPushPullAdapter<T>>>(this, std::move(impl)) {}
    void push_value(nb::handle value) { this->push_tick(true, DateTime::none(), value_for<T>(*this, value)); }
    void push_value(nb::handle, PushBatch&) { throw TypeError("push-pull adapters do not take batches"); }
    void push_replay_value(nb::handle time, nb::handle value) {
        this->push_tick(false, to_datetime(time), value_for<T>(*this, value));
    }

protected:
    void open(DateTime start, DateTime end) override { this->start_impl(start, end); }
    void close() override { this->stop_impl(); }
    // The pushing threads need the GIL while the engine waits for replay ticks.
    void wait_for_replay(const std::function<void()>& wait) override {
        nb::gil_scoped_release release;
        wait();
    }
};

// Managed adapters tick on the engine thread only: remembers it at start.
class EngineThreadCheck {
public:
    void on_start() { engine_thread_ = std::this_thread::get_id(); }
    void check() const {
        if (std::this_thread::get_id() != engine_thread_) {
            throw RuntimeError("a managed simulation adapter ticks on the engine thread (from its manager's "
                               "process_next_sim_timeslice); push from other threads with a PushInputAdapter");
        }
    }

private:
    std::thread::id engine_thread_;
};

// Ticked by its manager on the engine thread; Python's push_tick lands here.
template <class T>
class PyManagedAdapter final : public ManagedSimInputAdapter<T>, public PythonPushLifecycle<PyManagedAdapter<T>> {
public:
    PyManagedAdapter(std::string name, nb::object impl, PushMode mode)
        : ManagedSimInputAdapter<T>(std::move(name), mode), PythonPushLifecycle<PyManagedAdapter<T>>(this, std::move(impl)) {}
    void start(DateTime start, DateTime end) override {
        thread_.on_start();
        this->start_impl(start, end);
    }
    void stop() override { this->stop_impl(); }
    void push_value(nb::handle value) {
        thread_.check();
        this->push_tick(value_for<T>(*this, value));
    }
    void push_value(nb::handle, PushBatch&) { throw TypeError("managed simulation adapters do not take batches"); }

private:
    EngineThreadCheck thread_;
};

// BURST managed adapter: the values pushed in one time slice tick once, as a Python list.
class PyBurstManagedAdapter final : public TypedInputAdapter<nb::object>, public PythonPushLifecycle<PyBurstManagedAdapter> {
public:
    PyBurstManagedAdapter(std::string name, nb::object impl)
        : TypedInputAdapter<nb::object>(std::move(name), PushMode::LAST_VALUE),
          PythonPushLifecycle<PyBurstManagedAdapter>(this, std::move(impl)) {}
    void start(DateTime start, DateTime end) override {
        thread_.on_start();
        start_impl(start, end);
    }
    void stop() override { stop_impl(); }
    void push_value(nb::handle value) {
        thread_.check();
        append_to_burst(single_series(), nb::borrow(value));
    }
    void push_value(nb::handle, PushBatch&) { throw TypeError("managed simulation adapters do not take batches"); }

private:
    EngineThreadCheck thread_;
};

// Keeps a Python adapter manager's engine reachable until the manager stops.
class ManagerLink final : public EngineLink {
public:
    explicit ManagerLink(Engine* engine) : engine_(engine) {}
    void disconnect() override { engine_ = nullptr; }
    Engine* engine() override { return engine_; }

private:
    Engine* engine_;
};

class PyAdapterManager final : public AdapterManager {
public:
    explicit PyAdapterManager(nb::object impl)
        : AdapterManager(nb::cast<std::string>(impl.type().attr("__name__"))),
          impl_(std::move(impl)),
          link_(std::make_shared<ManagerLink>(&engine())) {}
    ~PyAdapterManager() override { link_->disconnect(); }
    const std::shared_ptr<ManagerLink>& link() const { return link_; }

    void start(DateTime start, DateTime end) override {
        call_python([&] { impl_.attr("start")(datetime_to_python(start), datetime_to_python(end)); });
    }
    void stop() override {
        call_python([&] { impl_.attr("stop")(); });
        link_->disconnect();
    }
    std::optional<DateTime> process_next_sim_timeslice(DateTime now) override {
        return call_python([&]() -> std::optional<DateTime> {
            nb::object next = impl_.attr("process_next_sim_timeslice")(datetime_to_python(now));
            if (next.is_none()) return std::nullopt;
            return to_datetime(next);
        });
    }

private:
    nb::object impl_;
    std::shared_ptr<ManagerLink> link_;
};

class PyOutputAdapter final : public Node {
public:
    PyOutputAdapter(std::string name, EdgeHandle input, nb::object impl)
        : Node(std::move(name), NodeKind::OutputAdapter),
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

EdgeHandle add_py_pull_adapter(Engine& engine, std::string name, NativeType type, nb::object impl, PushMode mode) {
    return dispatch(type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return EdgeHandle{engine.add_input_adapter<PyPullAdapter<T>>(std::move(name), std::move(impl), mode).edge().slot(), type};
    });
}

EdgeHandle add_py_push_adapter(Engine& engine, std::string name, NativeType type, nb::object impl, PushMode mode,
                               const PushGroup* group) {
    if (mode == PushMode::BURST) {
        return EdgeHandle{engine.add_input_adapter<PyBurstPushAdapter>(std::move(name), std::move(impl), group).edge().slot(),
                          NativeType::Object};
    }
    return dispatch(type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return EdgeHandle{engine.add_input_adapter<PyPushAdapter<T>>(std::move(name), std::move(impl), mode, group).edge().slot(), type};
    });
}

EdgeHandle add_py_pushpull_adapter(Engine& engine, std::string name, NativeType type, nb::object impl, PushMode mode,
                                   const PushGroup* group) {
    if (mode == PushMode::BURST) throw TypeError("push-pull adapters written in Python do not support PushMode.BURST");
    return dispatch(type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return EdgeHandle{engine.add_input_adapter<PyPushPullAdapter<T>>(std::move(name), std::move(impl), mode, group).edge().slot(), type};
    });
}

EdgeHandle add_py_managed_adapter(Engine& engine, std::string name, NativeType type, nb::object impl, PushMode mode) {
    if (mode == PushMode::BURST) {
        return EdgeHandle{engine.add_input_adapter<PyBurstManagedAdapter>(std::move(name), std::move(impl)).edge().slot(), NativeType::Object};
    }
    return dispatch(type, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return EdgeHandle{engine.add_input_adapter<PyManagedAdapter<T>>(std::move(name), std::move(impl), mode).edge().slot(), type};
    });
}

std::shared_ptr<EngineLink> add_py_adapter_manager(Engine& engine, nb::object impl) {
    return engine.add_adapter_manager<PyAdapterManager>(std::move(impl)).link();
}

void add_py_output_adapter(Engine& engine, std::string name, EdgeHandle input, nb::object impl) {
    engine.add_node<PyOutputAdapter>(std::move(name), input, std::move(impl));
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
