// PyNode: wiring, lifecycle, execution and outputs of a Python node (the
// generator's history and basket accessors are in py_node_context.cpp).
#include "py_node.h"

#include <nanobind/stl/string.h>

#include <optional>
#include <unordered_map>

#include "py_node_parts.h"
#include "python_error.h"

namespace csp::python {

namespace {

// The node's slot lists (values, updated, ticked) keep the length they were
// built with and only the generated code reads them: items are swapped in
// place, without PyList_SetItem's checks and call.
PyObject*& list_item(const nb::list& list, uint32_t index) {
    if (index >= static_cast<size_t>(PyList_GET_SIZE(list.ptr()))) [[unlikely]]
        throw RuntimeError("a Python node's input list was resized");
    return reinterpret_cast<PyListObject*>(list.ptr())->ob_item[index];
}
void replace_item(const nb::list& list, uint32_t index, PyObject* value) {  // steals `value`
    PyObject*& item = list_item(list, index);
    PyObject* old = item;
    item = value;
    Py_XDECREF(old);
}

}  // namespace

std::unique_ptr<TimeSeriesBase> make_series(NativeType type, CycleState& state) {
    return dispatch(type, [&](auto tag) -> std::unique_ptr<TimeSeriesBase> {
        return std::make_unique<TimeSeries<typename decltype(tag)::type>>(state);
    });
}

void PyNode::DynamicSlot::element_added(DynamicBasketBase& basket, uint32_t id) {
    TimeSeriesBase& series = *basket.element(id);
    auto element = std::make_unique<Element>();
    element->input = std::make_unique<InputBase>(&node_, &series.slot(), *series.slot().type);
    const auto index = static_cast<uint32_t>(node_.elements_.size());
    element->input->set_tag(static_cast<int32_t>(index));
    element->input->resolve();
    element->access = &series_access(type_);
    element->slot = slot_;
    element->index = id;
    if (node_.slots_[slot_].passive) {
        element->input->make_passive();
    } else {
        follow_element(node_, *element->input, basket);
    }
    node_.elements_.push_back(std::move(element));
    element_of_id_.emplace(id, index);
}

void PyNode::DynamicSlot::element_removed(DynamicBasketBase&, uint32_t id) {
    const auto it = element_of_id_.find(id);
    if (it == element_of_id_.end()) return;
    std::unique_ptr<Element>& element = node_.elements_[it->second];
    element->input->detach();
    node_.unregister_input(element->input.get());
    element.reset();
    element_of_id_.erase(it);
}



PyNode::PyNode(Definition definition) : Node(definition.name), definition_(std::move(definition)) {
    unset_ = definition_.unset.ptr();
    if (definition_.all_valid.is_valid() && !definition_.all_valid.is_none()) all_valid_ = definition_.all_valid.ptr();
    for (const InputSpec& spec : definition_.inputs) add_input(spec);
    for (size_t i = 0; i < definition_.alarms; ++i) add_alarm();
    std::vector<bool> dynamic_outputs(definition_.outputs.size(), false);
    for (size_t i = 0, first = 0; i < definition_.output_slots.size(); first += definition_.output_slots[i++].count) {
        if (definition_.output_slots[i].kind == OutputSlotSpec::Kind::DynamicBasket && first < dynamic_outputs.size()) {
            dynamic_outputs[first] = true;
        }
    }
    for (size_t i = 0; i < definition_.outputs.size(); ++i) {
        const NativeType type = definition_.outputs[i];
        std::unique_ptr<TimeSeriesBase> series = dynamic_outputs[i] ? std::make_unique<PyDynamicBasket>(cycle_state())
                                                                    : make_series(type, cycle_state());
        Output output{std::move(series), &series_access(type), type, {}, fast_class_of(type, i)};
        register_output(output.series.get());
        outputs_.push_back(std::move(output));
    }
    size_t first = 0;
    for (const OutputSlotSpec& spec : definition_.output_slots) {
        OutputSlot slot{spec.kind, first, spec.count, nb::dict()};
        if (spec.kind == OutputSlotSpec::Kind::DictBasket) {
            size_t i = 0;
            for (nb::handle key : spec.keys) slot.index_of_key[key] = i++;
        }
        first += spec.count;
        output_slots_.push_back(std::move(slot));
    }
    if (first != outputs_.size()) throw ValueError("node '" + name() + "': output slots do not cover its outputs");
    first_output_is_single_ = !output_slots_.empty() && output_slots_[0].kind == OutputSlotSpec::Kind::Single;
    values_ = nb::list();
    updated_ = nb::list();
    ticked_ = nb::list();
    for (size_t i = 0; i < slots_.size(); ++i) {
        values_.append(definition_.unset);
        updated_.append(false);
        ticked_.append(false);
    }
    reports_ticked_.assign(slots_.size(), !definition_.ticked_slots.has_value());
    for (uint32_t slot : definition_.ticked_slots.value_or(std::vector<uint32_t>{})) {
        if (slot >= slots_.size()) throw ValueError("node '" + name() + "': ticked slot " + std::to_string(slot) + " out of range");
        reports_ticked_[slot] = true;
    }
    for (Single& single : singles_) single.reports_ticked = reports_ticked_[single.slot];
    singles_not_handed_over_ = singles_.size();
    changed_singles_.reserve(singles_.size());
    context_ = nb::cast(this, nb::rv_policy::reference);
}

PyNode::~PyNode() = default;

void PyNode::add_input(const InputSpec& spec) {
    Slot slot;
    slot.kind = spec.kind;
    slot.first = static_cast<uint32_t>(elements_.size());
    slot.count = static_cast<uint32_t>(spec.edges.size());
    slot.keys = spec.keys;
    const auto slot_index = static_cast<uint32_t>(slots_.size());
    if (spec.kind == InputSpec::Kind::DynamicBasket) return add_dynamic_input(spec, slot_index);
    for (uint32_t i = 0; i < spec.edges.size(); ++i) {
        const EdgeHandle& edge = spec.edges[i];
        auto element = std::make_unique<Element>();
        element->input = std::make_unique<InputBase>(this, edge.slot, *edge.slot->type);
        element->access = &series_access(edge.type);
        element->slot = slot_index;
        element->index = i;
        // Basket elements are tagged (execute() needs them in ticking order); single inputs are checked directly.
        if (spec.kind == InputSpec::Kind::Single) add_single(*element, slot_index, edge.type);
        else element->input->set_tag(static_cast<int32_t>(elements_.size()));
        elements_.push_back(std::move(element));
    }
    slots_.push_back(std::move(slot));
}

void PyNode::add_single(const Element& element, uint32_t slot_index, NativeType type) {
    Single single;
    single.type = type;
    single.input = element.input.get();
    single.access = element.access;
    single.slot = slot_index;
    singles_.push_back(single);
}

void PyNode::add_dynamic_input(const InputSpec& spec, uint32_t slot_index) {
    if (spec.edges.size() != 1) throw ValueError("node '" + name() + "': a dynamic basket input takes one edge");
    Slot slot;
    slot.kind = spec.kind;
    slot.first = static_cast<uint32_t>(elements_.size());
    slot.count = 0;
    slots_.push_back(std::move(slot));
    slots_.back().dynamic = std::make_unique<DynamicSlot>(*this, slot_index, spec.edges[0]);
}

void PyNode::add_alarm() {
    Slot slot;
    slot.first = static_cast<uint32_t>(elements_.size());
    auto element = std::make_unique<Element>();
    element->alarm_series = std::make_unique<TimeSeries<nb::object>>(cycle_state());
    element->deferred = std::make_unique<DeferredTicks<nb::object>>();
    element->input = std::make_unique<InputBase>(this, &element->alarm_series->slot(), typeid(nb::object));
    element->access = &series_access<nb::object>();
    add_single(*element, static_cast<uint32_t>(slots_.size()), NativeType::Object);
    element->slot = static_cast<uint32_t>(slots_.size());
    element->index = 0;
    elements_.push_back(std::move(element));
    slots_.push_back(std::move(slot));
}

EdgeHandle PyNode::output_handle(size_t index) const {
    return EdgeHandle{&outputs_.at(index).series->slot(), outputs_.at(index).type};
}

size_t PyNode::output_count() const { return outputs_.size(); }

std::string PyNode::output_name(size_t index) const { return "output " + std::to_string(index); }

// ---------------------------------------------------------------- lifecycle

PyTypeObject* PyNode::fast_class_of(NativeType type, size_t output) const {
    const auto& classes = definition_.output_classes;
    PyTypeObject* native = type == NativeType::Int ? &PyLong_Type : type == NativeType::Float ? &PyFloat_Type : nullptr;
    if (native == nullptr || output >= classes.size() || !classes[output].is_valid()) return native;
    return classes[output].is_none() || classes[output].ptr() == reinterpret_cast<PyObject*>(native) ? native : nullptr;
}

const PyNode::TickedObject* PyNode::ticked_object_of(const TimeSeriesBase& series) const {
    if (output_of_series_.empty()) {  // built on first use: a basket output may feed many consumers
        for (const Output& output : outputs_) output_of_series_.emplace(output.series.get(), &output);
    }
    const auto it = output_of_series_.find(&series);
    return it == output_of_series_.end() ? nullptr : &it->second->ticked_object;
}

void PyNode::start() {
    for (Single& single : singles_) {
        single.series = single.input->series();
        share_converted_values(single);
    }
    nb::object impl = definition_.impl;
    nb::tuple prefix = nb::make_tuple(values_, updated_, ticked_, context_);
    generator_ = nb::steal(check(PyObject_Call(impl.ptr(), (prefix + definition_.scalars).ptr(), nullptr)));
    // A node started while the engine runs (in a dynamic sub-graph) sees the inputs that are valid
    // already in `values_`; its locals get only those that tick from now on.
    refresh_singles(false);
    for (Single& single : singles_) {  // the execution in this cycle, if any, sees these as changed too
        if (single.series != nullptr && single.series->ticked()) single.seen_ticks = 0;
    }
    PyObject* first = nullptr;
    const PySendResult status = PyIter_Send(generator_.ptr(), Py_None, &first);
    reset_after_execution();
    if (status == PYGEN_ERROR) throw PythonError();
    Py_XDECREF(first);
}

// Copies the value of every single input and alarm that ticked since the
// node last saw it (an active one in this cycle; a passive one at any time
// since) into `values_`, and sets its ticked flag if the body reads it.
// `executing`: the generator is resumed next, and loads what changed.
[[gnu::always_inline]] inline void PyNode::refresh_singles(bool executing) {
    // Which singles changed makes the resume value (changed_values) until the node settles.
    const bool track_changes = !settled_;
    if (track_changes) changed_singles_.clear();
    for (Single& single : singles_) {
        const TimeSeriesBase* series = single.series;
        if (series == nullptr) continue;
        const uint64_t ticks = series->num_ticks();
        if (ticks == single.seen_ticks) continue;
        single.seen_ticks = ticks;
        PyObject* value;
        if (single.shared != nullptr && single.shared->tick == ticks) {
            value = Py_NewRef(single.shared->value.ptr());
        } else {
            value = single.access->last(*series).release().ptr();
            if (single.fill != nullptr) {
                single.fill->value = nb::borrow(value);
                single.fill->tick = ticks;
            }
        }
        replace_item(values_, single.slot, value);
        if (executing && !single.handed_over) [[unlikely]] {
            single.handed_over = true;
            --singles_not_handed_over_;
        }
        if (single.reports_ticked && series->ticked()) flag_ticked(single.slot);
        if (track_changes) changed_singles_.push_back(single.slot);
    }
}

void PyNode::flag_ticked(uint32_t slot) {
    replace_item(ticked_, slot, Py_NewRef(Py_True));
    flagged_ticked_.push_back(slot);
}

// What the generator is resumed with (borrowed) before it settled: all_valid_
// once every single input's and alarm's value has been handed to it (its
// locals then are `values_`, which it reads itself from then on), else what
// changed.
[[gnu::always_inline]] inline PyObject* PyNode::resume_value() {
    if (all_valid_ != nullptr && singles_not_handed_over_ == 0) {
        settled_ = true;
        return all_valid_;
    }
    return changed_values();
}

// What the generator is resumed with (borrowed) when every single input and
// alarm changed: the value itself when there is one, else all of them in
// slot order (`values_` itself when the node has no basket, a tuple
// otherwise); when some did not, UNSET after flagging the ones that did in
// `updated_` (docs/python_internals.md).
[[gnu::always_inline]] inline PyObject* PyNode::changed_values() {
    const size_t count = singles_.size();
    if (count == 0 || changed_singles_.size() != count) return flag_updated();
    if (count == 1) return reinterpret_cast<PyListObject*>(values_.ptr())->ob_item[singles_[0].slot];
    if (count == slots_.size()) return values_.ptr();
    return values_tuple();
}

PyObject* PyNode::values_tuple() {
    PyObject* values = PyTuple_New(static_cast<Py_ssize_t>(singles_.size()));
    if (values == nullptr) throw PythonError();
    for (size_t i = 0; i < singles_.size(); ++i) PyTuple_SET_ITEM(values, i, Py_NewRef(list_item(values_, singles_[i].slot)));
    resume_tuple_ = nb::steal(values);
    return values;
}

PyObject* PyNode::flag_updated() {
    for (uint32_t slot : changed_singles_) replace_item(updated_, slot, Py_NewRef(Py_True));
    updated_flagged_ = !changed_singles_.empty();
    return unset_;
}

void PyNode::share_converted_values(Single& single) {
    const TimeSeriesBase* series = single.series;
    if (series == nullptr) return;
    const Node* producer = series->producer();  // none for alarms
    if (const auto* python_producer = dynamic_cast<const PyNode*>(producer)) {
        single.shared = python_producer->ticked_object_of(*series);
        return;
    }
    const bool converts_to_new_objects = single.type == NativeType::Int || single.type == NativeType::Float ||
                                         single.type == NativeType::DateTime || single.type == NativeType::TimeDelta;
    if (producer == nullptr || !series->producer_is_rank_edge() || !converts_to_new_objects) return;
    single.fill = &engine().extension<SharedTickedObjects>().by_series[series];
    single.shared = single.fill;
}

void PyNode::execute() {
    refresh_singles(true);
    for (int32_t tag : ticked_tags()) {  // basket elements
        if (!elements_[static_cast<size_t>(tag)]) continue;  // a dynamic basket element removed since
        const Element& element = *elements_[static_cast<size_t>(tag)];
        Slot& slot = slots_[element.slot];
        slot.ticked_elements.push_back(element.index);
        if (!slot.dirty) {
            slot.dirty = true;
            dirty_baskets_.push_back(element.slot);
            if (reports_ticked_[element.slot]) flag_ticked(element.slot);
        }
    }
    PyObject* result = nullptr;
    const PySendResult status = PyIter_Send(generator_.ptr(), settled_ ? Py_None : resume_value(), &result);
    if (status == PYGEN_ERROR) {
        reset_after_execution();
        throw PythonError();
    }
    nb::object yielded = nb::steal(result);
    reset_after_execution();
    if (status == PYGEN_RETURN) throw RuntimeError("the node's generator returned; nodes run until the engine stops");
    if (yielded.ptr() == unset_) return;
    if (first_output_is_single_) tick_output(0, yielded);  // declared output 0 is native output 0
    else output(0, yielded);
}

// Inline for the common case (nothing flagged, no basket ticked): its loops would cost every execution a frame.
[[gnu::always_inline]] inline void PyNode::reset_after_execution() {
    if (!flagged_ticked_.empty() || updated_flagged_ || !dirty_baskets_.empty()) [[unlikely]] reset_flags();
    resume_tuple_.reset();
}

void PyNode::reset_flags() {
    for (uint32_t slot : flagged_ticked_) replace_item(ticked_, slot, Py_NewRef(Py_False));
    flagged_ticked_.clear();
    if (updated_flagged_) {
        for (uint32_t slot : changed_singles_) replace_item(updated_, slot, Py_NewRef(Py_False));
        updated_flagged_ = false;
    }
    for (uint32_t slot : dirty_baskets_) {
        slots_[slot].dirty = false;
        slots_[slot].ticked_elements.clear();
    }
    dirty_baskets_.clear();
}

void PyNode::stop() {
    if (!generator_.is_valid()) return;
    nb::object generator = std::move(generator_);
    check(PyObject_CallMethod(generator.ptr(), "close", nullptr));
}

// ---------------------------------------------------------------- context

void PyNode::output(size_t slot_index, nb::handle value) {
    if (slot_index >= output_slots_.size()) throw IndexError("node '" + name() + "' has no output #" + std::to_string(slot_index));
    const OutputSlot& slot = output_slots_[slot_index];
    if (slot.kind == OutputSlotSpec::Kind::Single) {
        tick_output(slot.first, value);
    } else if (slot.kind == OutputSlotSpec::Kind::DynamicBasket) {
        tick_dynamic(slot, value);
    } else {
        tick_basket(slot, value);
    }
}

void PyNode::tick_basket(const OutputSlot& slot, nb::handle values) {
    if (!nb::isinstance<nb::dict>(values)) {
        throw TypeError("node '" + name() + "': a basket output takes a dict of {index or key: value}, got " +
                        nb::cast<std::string>(nb::str(values.type().attr("__name__"))));
    }
    for (auto [key, value] : nb::cast<nb::dict>(values)) {
        size_t index;
        if (slot.kind == OutputSlotSpec::Kind::ListBasket) {
            index = nb::cast<size_t>(key);
            if (index >= slot.count) throw IndexError("node '" + name() + "': basket output index " + std::to_string(index) + " out of range");
        } else {
            if (!slot.index_of_key.contains(key)) {
                throw KeyError("node '" + name() + "': " + nb::cast<std::string>(nb::repr(key)) + " is not a key of its basket output");
            }
            index = nb::cast<size_t>(slot.index_of_key[key]);
        }
        tick_output(slot.first + index, value);
    }
}

void PyNode::tick_dynamic(const OutputSlot& slot, nb::handle values) {
    if (!nb::isinstance<nb::dict>(values)) {
        throw TypeError("node '" + name() + "': a dynamic basket output takes a dict of {key: value}, got " +
                        nb::cast<std::string>(nb::str(values.type().attr("__name__"))));
    }
    Output& output = outputs_[slot.first];
    auto& basket = static_cast<PyDynamicBasket&>(*output.series);
    for (auto [key, value] : nb::cast<nb::dict>(values)) {
        PyKey k{nb::borrow(key)};
        std::optional<uint32_t> id = basket.find(k);
        if (!id) id = basket.add_owned(k, make_series(output.type, cycle_state()));
        try {
            output.access->tick(*basket.element(*id), value);
        } catch (const TypeError& e) {
            throw TypeError("\"" + name() + "\" node: dynamic basket output key " + nb::cast<std::string>(nb::repr(key)) +
                            ": " + e.what());
        }
    }
}

void PyNode::remove_dynamic_key(size_t slot_index, nb::handle key) {
    if (slot_index >= output_slots_.size() || output_slots_[slot_index].kind != OutputSlotSpec::Kind::DynamicBasket) {
        throw TypeError("node '" + name() + "': csp.remove_dynamic_key needs a dynamic basket output");
    }
    auto& basket = static_cast<PyDynamicBasket&>(*outputs_[output_slots_[slot_index].first].series);
    basket.remove(PyKey{nb::borrow(key)});
}

namespace {

// "int", "S" (a class of __main__) or "module.Class", as the reference's output type errors name types.
std::string qualified_name(nb::handle cls) {
    const std::string name = nb::cast<std::string>(nb::str(cls.attr("__qualname__")));
    const std::string module = nb::cast<std::string>(nb::str(cls.attr("__module__")));
    return module == "builtins" || module == "__main__" ? name : module + "." + name;
}

}  // namespace

[[gnu::always_inline]] inline void PyNode::tick_output(size_t index, nb::handle value) {
    Output& output = outputs_[index];
    if (Py_TYPE(value.ptr()) == output.fast_class && tick_fast(output, value)) return;
    tick_checked(index, value);
}

// An int or a float output ticked with a value of exactly that class.
// False (nothing ticked) when an int does not fit in int64.
[[gnu::always_inline]] inline bool PyNode::tick_fast(Output& output, nb::handle value) {
    if (output.type == NativeType::Float) {
        static_cast<TimeSeries<double>&>(*output.series).tick(PyFloat_AS_DOUBLE(value.ptr()));
    } else {
        int64_t number;
        if (!small_int_value(value.ptr(), number)) {
            int overflow = 0;
            number = PyLong_AsLongLongAndOverflow(value.ptr(), &overflow);
            if (overflow != 0) return false;
        }
        static_cast<TimeSeries<int64_t>&>(*output.series).tick(number);
    }
    remember_ticked(output, value);
    return true;
}

// Keeps the object just ticked for Python consumers of the output (TickedObject).
void PyNode::remember_ticked(Output& output, nb::handle value) {
    output.ticked_object.value = nb::borrow(value);
    output.ticked_object.tick = output.series->num_ticks();
}

void PyNode::tick_checked(size_t index, nb::handle value) {
    Output& output = outputs_[index];
    nb::object as_int;
    if (output.type == NativeType::Int && PyBool_Check(value.ptr())) {  // a bool ticks an int output as 0 or 1
        as_int = nb::int_(value.ptr() == Py_True ? 1 : 0);
        value = as_int;
    }
    const nb::handle expected = index < definition_.output_classes.size() ? definition_.output_classes[index] : nb::handle();
    bool matches = true;
    // The common case, a value of exactly the declared class, needs no isinstance call.
    if (expected.is_valid() && !expected.is_none() && Py_TYPE(value.ptr()) != reinterpret_cast<PyTypeObject*>(expected.ptr())) {
        const int check = PyObject_IsInstance(value.ptr(), expected.ptr());
        if (check < 0) throw PythonError();
        // ints are accepted for float outputs (upcast)
        matches = check == 1 || (output.type == NativeType::Float && PyLong_Check(value.ptr()) && !PyBool_Check(value.ptr()));
    }
    try {
        if (matches) {
            output.access->tick(*output.series, value);
            if (converts_back_identically(output.type, value)) remember_ticked(output, value);
            return;
        }
    } catch (const TypeError&) {
    }
    const std::string expected_name = expected.is_valid() && !expected.is_none() ? qualified_name(expected)
                                                                                 : "the declared type";
    throw TypeError("\"" + name() + "\" node expected output type on output #" + std::to_string(index) +
                    " to be of type \"" + expected_name + "\" got type \"" +
                    nb::cast<std::string>(nb::str(value.type().attr("__name__"))) + "\"");
}

namespace {

DateTime resolve_when(nb::handle when, DateTime now) {
    if (is_timedelta(when)) return now + to_timedelta(when);
    if (is_datetime(when)) return to_datetime(when);
    throw TypeError("an alarm time must be a timedelta or a datetime");
}

}  // namespace

AlarmHandle PyNode::schedule_alarm(size_t slot, nb::handle when, nb::handle value) {
    TimeSeries<nb::object>* series = elements_.at(slots_.at(slot).first)->alarm_series.get();
    if (series == nullptr) throw TypeError("schedule_alarm expects an alarm");
    const DateTime at = resolve_when(when, Node::now());
    nb::object payload = nb::borrow(value);
    DeferredTicks<nb::object>* deferred = elements_.at(slots_.at(slot).first)->deferred.get();
    return {engine().scheduler().schedule(at, [this, series, deferred, payload]() mutable {
        deferred->tick_or_defer(engine().scheduler(), *series, std::move(payload));  // one tick per cycle
        return true;
    })};
}

bool PyNode::cancel_alarm(size_t, AlarmHandle handle) { return engine().scheduler().cancel(handle.handle); }

AlarmHandle PyNode::reschedule_alarm(size_t, AlarmHandle handle, nb::handle when) {
    return {engine().scheduler().reschedule(handle.handle, resolve_when(when, Node::now()))};
}

void PyNode::make_passive(size_t slot_index) {
    Slot& slot = slots_.at(slot_index);
    if (slot.passive) return;
    slot.passive = true;
    if (slot.dynamic) {
        for (const auto& [id, element] : slot.dynamic->elements()) elements_[element]->input->make_passive();
        return;
    }
    for (uint32_t i = 0; i < slot.count; ++i) elements_[slot.first + i]->input->make_passive();
}

void PyNode::make_active(size_t slot_index) {
    Slot& slot = slots_.at(slot_index);
    if (!slot.passive) return;
    slot.passive = false;
    if (slot.dynamic) {
        for (const auto& [id, element] : slot.dynamic->elements()) elements_[element]->input->make_active();
        return;
    }
    for (uint32_t i = 0; i < slot.count; ++i) elements_[slot.first + i]->input->make_active();
}

nb::object PyNode::now() const { return datetime_to_python(Node::now()); }

}  // namespace csp::python
