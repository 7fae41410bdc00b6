#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include "py_dynamic.h"

#include "py_engine.h"
#include "python_error.h"
#include "series_access.h"

namespace csp::python {

bool PyKey::operator==(const PyKey& other) const {
    const int equal = PyObject_RichCompareBool(value.ptr(), other.value.ptr(), Py_EQ);
    if (equal < 0) throw PythonError();
    return equal == 1;
}

size_t PyKeyHash::operator()(const PyKey& key) const {
    const Py_hash_t hash = PyObject_Hash(key.value.ptr());
    if (hash == -1 && PyErr_Occurred()) throw PythonError();
    return static_cast<size_t>(hash);
}

std::vector<EdgeHandle> add_dynamic(PyEngine& engine, const std::string& name, EdgeHandle trigger,
                                    const std::vector<EdgeHandle>& outer_inputs,
                                    const std::vector<NativeType>& output_types, nb::object build) {
    if (trigger.slot == nullptr || *trigger.slot->type != typeid(DynamicBasketBase)) {
        throw TypeError("csp.dynamic: the trigger of '" + name + "' must be a dynamic basket");
    }
    Engine& parent = engine.engine();
    std::vector<std::unique_ptr<DynamicBasketBase>> outputs;
    for (size_t i = 0; i < output_types.size(); ++i) outputs.push_back(std::make_unique<PyDynamicBasket>(parent.cycle_state()));
    std::vector<EdgeSlot*> outer;
    for (const EdgeHandle& handle : outer_inputs) outer.push_back(handle.slot);
    const NativeType element_type = trigger.type;
    DynamicNode::Builder builder = [&engine, build, element_type](const DynamicBasketBase& basket, uint32_t id) {
        const auto& keyed = static_cast<const PyDynamicBasket&>(basket);
        EdgeHandle attached{&basket.element(id)->slot(), element_type};
        PyEngine::BuildTarget target(engine, *Engine::current());
        // The engine is passed, not captured by `build`: a captured engine would keep itself alive.
        nb::object results;
        try {
            results = build(nb::find(&engine), keyed.key(id).value, attached);
        } catch (nb::python_error& error) {
            error.restore();
            throw PythonError();  // the engine stops the run; csp.run re-raises the Python exception as it is
        }
        engine.finish_build();
        std::vector<EdgeSlot*> slots;
        for (nb::handle result : results) slots.push_back(result.is_none() ? nullptr : nb::cast<EdgeHandle>(result).slot);
        return slots;
    };
    auto& node = parent.add_node<DynamicNode>(name, trigger.slot, outer, std::move(outputs), std::move(builder));
    std::vector<EdgeHandle> handles;
    for (size_t i = 0; i < output_types.size(); ++i) handles.push_back({&node.output(i).slot(), output_types[i]});
    return handles;
}

nb::object snap_value(EdgeHandle edge) {
    const TimeSeriesBase* series = edge.slot->series;
    if (series == nullptr || !series->valid()) {
        throw RuntimeError("csp.snap: the edge has not ticked yet when the dynamic sub-graph is created");
    }
    return series_access(edge.type).last(*series);
}

}  // namespace csp::python
