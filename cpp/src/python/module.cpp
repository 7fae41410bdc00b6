// csp._native: the Python extension module. Bindings only: every behaviour
// lives in the C++ engine (csp_core) or in py_engine / py_node.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/vector.h>

#include <nanobind/stl/shared_ptr.h>

#include "csv_adapter.h"
#ifdef CSP_WITH_KAFKA
#include "kafka_sink.h"
#endif
#ifdef CSP_WITH_PARQUET
#include "parquet_adapter.h"
#endif
#include "profiler_bindings.h"
#include "py_adapters.h"
#include "py_dynamic.h"
#include "py_engine.h"
#include "py_struct.h"
#include "python_error.h"

namespace nb = nanobind;
using namespace nb::literals;

namespace csp::python {
namespace {

void translate_exceptions(const std::exception_ptr& error, void*) {
    try {
        std::rethrow_exception(error);
    } catch (const PythonError& e) {
        e.restore();
    } catch (const ValueError& e) {
        PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const TypeError& e) {
        PyErr_SetString(PyExc_TypeError, e.what());
    } catch (const KeyError& e) {
        PyErr_SetString(PyExc_KeyError, e.what());
    } catch (const IndexError& e) {
        PyErr_SetString(PyExc_IndexError, e.what());
    } catch (const NotImplementedError& e) {
        PyErr_SetString(PyExc_NotImplementedError, e.what());
    } catch (const ZeroDivisionError& e) {
        PyErr_SetString(PyExc_ZeroDivisionError, e.what());
    } catch (const Exception& e) {
        PyErr_SetString(PyExc_RuntimeError, e.what());
    }
}

std::vector<InputSpec> input_specs(nb::list inputs) {
    std::vector<InputSpec> specs;
    for (nb::handle item : inputs) {
        nb::tuple spec = nb::cast<nb::tuple>(item);
        InputSpec input;
        input.kind = static_cast<InputSpec::Kind>(nb::cast<int>(spec[0]));
        input.edges = nb::cast<std::vector<EdgeHandle>>(spec[1]);
        input.keys = nb::borrow(spec[2]);
        specs.push_back(std::move(input));
    }
    return specs;
}

// value_at and friends with the duplicate_policy keyword: ticks sharing a
// time resolve to the last one (LAST_VALUE), the only policy supported.
template <nb::object (PyNode::*lookup)(nb::handle, nb::handle, nb::handle) const>
nb::object history_lookup(const PyNode& node, nb::handle address, nb::handle index_or_time, nb::handle default_value,
                          nb::handle duplicate_policy) {
    if (!duplicate_policy.is_none() && nb::cast<int>(nb::int_(duplicate_policy)) != 1) {
        throw NotImplementedError("only DuplicatePolicy.LAST_VALUE is supported");
    }
    return (node.*lookup)(address, index_or_time, default_value);
}

// (kind, count, keys) per declared output of a Python node.
std::vector<OutputSlotSpec> output_slot_specs(nb::list slots) {
    std::vector<OutputSlotSpec> specs;
    for (nb::handle item : slots) {
        nb::tuple spec = nb::cast<nb::tuple>(item);
        specs.push_back({static_cast<OutputSlotSpec::Kind>(nb::cast<int>(spec[0])), nb::cast<size_t>(spec[1]),
                         nb::borrow(spec[2])});
    }
    return specs;
}

void bind_context(nb::module_& m) {
    nb::class_<AlarmHandle>(m, "AlarmHandle");
    nb::class_<PyNode>(m, "NodeContext")
        .def("output", &PyNode::output)
        .def("schedule_alarm", &PyNode::schedule_alarm)
        .def("cancel_alarm", &PyNode::cancel_alarm)
        .def("reschedule_alarm", &PyNode::reschedule_alarm)
        .def("make_passive", &PyNode::make_passive)
        .def("make_active", &PyNode::make_active)
        .def("now", &PyNode::now)
        .def("num_ticks", &PyNode::num_ticks)
        .def("item_at", history_lookup<&PyNode::item_at>, "address"_a, "index_or_time"_a.none(), "default"_a.none(),
             "duplicate_policy"_a.none() = nb::none())
        .def("value_at", history_lookup<&PyNode::value_at>, "address"_a, "index_or_time"_a.none(),
             "default"_a.none(), "duplicate_policy"_a.none() = nb::none())
        .def("time_at", history_lookup<&PyNode::time_at>, "address"_a, "index_or_time"_a.none(), "default"_a.none(),
             "duplicate_policy"_a.none() = nb::none())
        .def("values_at", &PyNode::values_at, "address"_a, "start"_a.none(), "end"_a.none(), "start_policy"_a.none(),
             "end_policy"_a.none())
        .def("times_at", &PyNode::times_at, "address"_a, "start"_a.none(), "end"_a.none(), "start_policy"_a.none(),
             "end_policy"_a.none())
        .def("items_at", &PyNode::items_at, "address"_a, "start"_a.none(), "end"_a.none(), "start_policy"_a.none(),
             "end_policy"_a.none())
        .def("set_buffering_policy", &PyNode::set_buffering_policy, "address"_a, "tick_count"_a.none(),
             "tick_history"_a.none())
        .def("basket", &PyNode::basket)
        .def("basket_ticked_elements", &PyNode::basket_ticked_elements)
        .def("basket_element_value", &PyNode::basket_element_value)
        .def("basket_element_valid", &PyNode::basket_element_valid)
        .def("basket_element_ticked", &PyNode::basket_element_ticked)
        .def("basket_size", &PyNode::basket_size)
        .def("dynamic_keys", &PyNode::dynamic_keys)
        .def("dynamic_key", &PyNode::dynamic_key)
        .def("dynamic_element", &PyNode::dynamic_element)
        .def("dynamic_shape", &PyNode::dynamic_shape)
        .def("remove_dynamic_key", &PyNode::remove_dynamic_key);
}

void bind_engine(nb::module_& m) {
    nb::class_<PyEngine>(m, "Engine")
        .def("__init__", [](PyEngine* self, bool realtime, nb::handle queue_wait_time, bool handle_sigint) {
            new (self) PyEngine(realtime, to_timedelta(queue_wait_time), handle_sigint);
        })
        .def("add_const", [](PyEngine& e, NativeType type, nb::handle value, nb::handle delay, PushMode mode) {
            return e.add_const(type, value, to_timedelta(delay), mode);
        })
        .def("add_timer", [](PyEngine& e, NativeType type, nb::handle interval, nb::handle value) {
            return e.add_timer(type, to_timedelta(interval), value);
        })
        .def("add_curve", &PyEngine::add_curve)
        .def("add_curve_arrays", &PyEngine::add_curve_arrays)
        .def("add_null", &PyEngine::add_null)
        .def("add_builtin", &PyEngine::add_builtin)
        .def("add_python_node", [](PyEngine& e, std::string name, nb::object impl, nb::tuple scalars, nb::list inputs,
                                   std::vector<NativeType> outputs, std::vector<nb::object> output_classes,
                                   nb::list output_slots, size_t alarms, nb::object basket_factory, nb::object unset,
                                   std::optional<std::vector<uint32_t>> ticked_slots,
                                   std::optional<nb::object> all_valid) {
            PyNode::Definition definition{std::move(name),    std::move(impl),           std::move(scalars),
                                          input_specs(inputs), std::move(outputs),        std::move(output_classes),
                                          output_slot_specs(output_slots), alarms, std::move(basket_factory),
                                          std::move(unset), std::move(ticked_slots), all_valid.value_or(nb::none())};
            return e.add_python_node(std::move(definition));
        })
        .def("add_graph_output", [](PyEngine& e, const std::string& key, EdgeHandle edge, int64_t tick_count,
                                    nb::handle tick_history) {
            e.add_graph_output(key, edge, tick_count, to_timedelta(tick_history));
        })
        .def("add_placeholder", &PyEngine::add_placeholder, "type"_a, "dynamic_basket"_a = false)
        .def("bind_placeholder", &PyEngine::bind_placeholder)
        .def("want_python_lists", &PyEngine::want_python_lists)
        .def("add_py_pull_adapter", [](PyEngine& e, std::string name, NativeType type, nb::object impl,
                                       csp::PushMode mode) {
            return add_py_pull_adapter(e.engine(), std::move(name), type, std::move(impl), mode);
        })
        .def("add_py_push_adapter", [](PyEngine& e, std::string name, NativeType type, nb::object impl,
                                       csp::PushMode mode, const csp::PushGroup* group) {
            return add_py_push_adapter(e.engine(), std::move(name), type, std::move(impl), mode, group);
        }, "name"_a, "type"_a, "impl"_a, "mode"_a, "group"_a.none())
        .def("add_py_pushpull_adapter", [](PyEngine& e, std::string name, NativeType type, nb::object impl,
                                           csp::PushMode mode, const csp::PushGroup* group) {
            return add_py_pushpull_adapter(e.engine(), std::move(name), type, std::move(impl), mode, group);
        }, "name"_a, "type"_a, "impl"_a, "mode"_a, "group"_a.none())
        .def("add_py_managed_adapter", [](PyEngine& e, std::string name, NativeType type, nb::object impl,
                                          csp::PushMode mode) {
            return add_py_managed_adapter(e.engine(), std::move(name), type, std::move(impl), mode);
        })
        .def("add_py_adapter_manager", [](PyEngine& e, nb::object impl) {
            return add_py_adapter_manager(e.engine(), std::move(impl));
        })
        .def("add_py_output_adapter", [](PyEngine& e, std::string name, EdgeHandle input, nb::object impl) {
            add_py_output_adapter(e.engine(), std::move(name), input, std::move(impl));
        })
        .def("add_feedback", &PyEngine::add_feedback)
        .def("bind_feedback", &PyEngine::bind_feedback)
        .def("run", [](PyEngine& e, nb::handle start, nb::handle end, bool numpy) {
            return e.run(to_datetime(start), to_datetime(end), numpy);
        }, "start"_a, "end"_a, "numpy"_a = false)
        .def("request_stop", &PyEngine::request_stop, "dynamic"_a = false)
        .def("add_dynamic", &add_dynamic, "name"_a, "trigger"_a, "outer_inputs"_a, "output_types"_a, "build"_a)
        .def("snap", [](PyEngine&, EdgeHandle edge) { return snap_value(edge); })
        .def("now", [](PyEngine& e) { return datetime_to_python(e.engine().now()); })
        .def("in_realtime", [](PyEngine& e) { return e.engine().in_realtime(); })
        .def("is_configured_realtime", [](PyEngine& e) { return e.engine().is_configured_realtime(); })
        .def("start_time", [](PyEngine& e) { return datetime_to_python(e.engine().start_time()); })
        .def("end_time", [](PyEngine& e) { return datetime_to_python(e.engine().end_time()); })
        .def("cycle_count", [](PyEngine& e) { return e.engine().cycle_count(); });
}

}  // namespace
}  // namespace csp::python

NB_MODULE(_native, m) {
    using namespace csp::python;
    m.doc() = "csp's C++ engine (private: use the csp package)";
    init_datetime_api();
    register_builtins();
    register_structs(m);
    nb::register_exception_translator(translate_exceptions);

    m.def("direct_datetime_construction", &direct_datetime_construction,
          "Whether datetimes handed to Python are filled in directly (checked against the datetime C API at import).");
    nb::enum_<NativeType>(m, "NativeType")
        .value("BOOL", NativeType::Bool)
        .value("INT", NativeType::Int)
        .value("FLOAT", NativeType::Float)
        .value("DATETIME", NativeType::DateTime)
        .value("TIMEDELTA", NativeType::TimeDelta)
        .value("OBJECT", NativeType::Object)
        .value("BOOL_LIST", NativeType::BoolList)
        .value("INT_LIST", NativeType::IntList)
        .value("FLOAT_LIST", NativeType::FloatList)
        .value("DATETIME_LIST", NativeType::DateTimeList)
        .value("TIMEDELTA_LIST", NativeType::TimeDeltaList);
    nb::enum_<csp::PushMode>(m, "PushMode")
        .value("LAST_VALUE", csp::PushMode::LAST_VALUE)
        .value("NON_COLLAPSING", csp::PushMode::NON_COLLAPSING)
        .value("BURST", csp::PushMode::BURST);
    nb::class_<EdgeHandle>(m, "EdgeHandle").def_ro("type", &EdgeHandle::type);
    nb::class_<csp::PushGroup>(m, "PushGroup", "Push adapters sharing a group stay consistent with each other.")
        .def(nb::init<>());
    nb::class_<EngineLink>(m, "EngineLink")
        .def("request_stop", &EngineLink::request_stop, "Any thread: stop the run after its current cycle.")
        .def("start_time", [](EngineLink& link) -> nb::object {
            csp::Engine* engine = link.engine();
            return engine ? datetime_to_python(engine->start_time()) : nb::none();
        })
        .def("end_time", [](EngineLink& link) -> nb::object {
            csp::Engine* engine = link.engine();
            return engine ? datetime_to_python(engine->end_time()) : nb::none();
        });
    nb::class_<PushTarget, EngineLink>(m, "PushTarget")
        .def("push_tick", &PushTarget::push, "value"_a, "Any thread: False if the adapter is not running.");
    nb::class_<PushPullTarget, PushTarget>(m, "PushPullTarget")
        .def("push_replay", &PushPullTarget::push_replay, "time"_a, "value"_a,
             "Any thread: a replay tick at `time`; False if the adapter is not running.")
        .def("flag_replay_complete", &PushPullTarget::flag_replay_complete, "Any thread: no replay ticks follow.");
    m.def("push_batch", &push_batch, "Hands (target, value) pairs to the engine so they land in one cycle.");
    bind_context(m);
    bind_engine(m);
    bind_profiler(m);
    bind_csv(m);
#ifdef CSP_WITH_KAFKA
    bind_kafka_sink(m);
#endif
#ifdef CSP_WITH_PARQUET
    bind_parquet(m);
#endif
    m.def("builtin_names", [] {
        std::vector<std::string> names;
        for (const auto& [name, _] : builtin_registry()) names.push_back(name);
        return names;
    });
}
