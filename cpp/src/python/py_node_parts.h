// PyNode's nested types (private to py_node*.cpp): the elements and slots of
// its inputs, its outputs, and the objects it shares with other Python nodes.
// py_node.cpp runs the node; py_node_context.cpp serves the generator's
// context (history, baskets, dynamic baskets) from the same state.
#pragma once

#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "csp/engine/deferred_ticks.h"
#include "csp/engine/engine.h"
#include "py_dynamic.h"
#include "py_node.h"
#include "series_access.h"

namespace csp::python {

// The object a Python node's output last ticked, when its native value
// converts back to an identical object: another Python node reading that
// output takes the object instead of converting the value again.
struct PyNode::TickedObject {
    nb::object value;
    uint64_t tick = 0;  // the series' num_ticks() when `value` ticked; 0: none
};

struct PyNode::Element {
    std::unique_ptr<TimeSeries<nb::object>> alarm_series;  // alarms only; declared first, destroyed last
    std::unique_ptr<DeferredTicks<nb::object>> deferred;   // alarms only: values beyond one per cycle
    std::unique_ptr<InputBase> input;
    const SeriesAccess* access;
    uint32_t slot;
    uint32_t index;  // position within a basket
};

// A dynamic basket input: follows the basket's shape, one element per live key.
class PyNode::DynamicSlot final : public DynamicBasketBase::Listener {
public:
    DynamicSlot(PyNode& node, uint32_t slot, EdgeHandle edge)
        : node_(node), slot_(slot), type_(edge.type), input_(&node, edge.slot, this) {}

    const PyDynamicBasket& basket() const { return static_cast<const PyDynamicBasket&>(input_.basket()); }
    bool shape_ticked() const { return input_.ticked(); }
    // The node's element (index into elements_) for basket element `id`, if live.
    std::optional<uint32_t> element_of(uint32_t id) const {
        const auto it = element_of_id_.find(id);
        if (it == element_of_id_.end()) return std::nullopt;
        return it->second;
    }
    const std::unordered_map<uint32_t, uint32_t>& elements() const { return element_of_id_; }

    void element_added(DynamicBasketBase& basket, uint32_t id) override;
    void element_removed(DynamicBasketBase&, uint32_t id) override;

private:
    PyNode& node_;
    uint32_t slot_;
    NativeType type_;
    DynamicBasketInput input_;
    std::unordered_map<uint32_t, uint32_t> element_of_id_;
};

// A single input or alarm as execute() visits it: the hot fields of its
// element, contiguous in `singles_`.
struct PyNode::Single {
    const InputBase* input = nullptr;
    const TimeSeriesBase* series = nullptr;  // input->series(), from start() on
    const SeriesAccess* access = nullptr;
    // The object the series' last value converts to, when other nodes see it
    // too (start()): a Python producer's, or one shared by the engine's Python
    // consumers of a C++ node's output, which `fill`s it when it converts first.
    const TickedObject* shared = nullptr;
    TickedObject* fill = nullptr;
    uint64_t seen_ticks = 0;  // the series' ticks already copied into values_
    uint32_t slot = 0;
    NativeType type = NativeType::Object;
    bool reports_ticked = false;
    bool handed_over = false;  // an execution has loaded its value into the generator's local
};

// The objects that C++ nodes' int, float, datetime and timedelta outputs last
// converted to, shared by the Python nodes of one engine that read them: a
// value feeding many Python nodes is converted once per tick. Only node
// outputs qualify (an input adapter may replace the value of a tick in
// place, a node output never does); by series, for the engine's lifetime
// (a series read by an engine's nodes outlives the engine).
struct PyNode::SharedTickedObjects final : Engine::Extension {
    std::unordered_map<const TimeSeriesBase*, TickedObject> by_series;  // stable references
};

struct PyNode::Slot {
    InputSpec::Kind kind = InputSpec::Kind::Single;
    uint32_t first = 0;  // first element
    uint32_t count = 1;
    nb::object keys;
    bool passive = false;
    bool dirty = false;
    std::vector<uint32_t> ticked_elements;  // baskets: in the order they ticked (since `dirty`)
    std::unique_ptr<DynamicSlot> dynamic;   // dynamic baskets
};

struct PyNode::Output {
    std::unique_ptr<TimeSeriesBase> series;
    const SeriesAccess* access;
    NativeType type;
    TickedObject ticked_object;
    // int or float, when the output holds int64 or double and declares that
    // class: a value of exactly that class ticks without further checks.
    PyTypeObject* fast_class = nullptr;
};

}  // namespace csp::python
