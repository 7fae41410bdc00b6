// The generator's context of a Python node: history of its inputs
// (csp.value_at & co.), buffering policies, and the accessors of its static
// and dynamic baskets. Everything reads the node's elements and slots
// (py_node_parts.h); nothing here runs on a node's hot path.
#include "py_node.h"

#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>

#include <optional>
#include <string>

#include "py_node_parts.h"
#include "python_error.h"

namespace csp::python {

using namespace nb::literals;

const PyNode::Element& PyNode::element_at(nb::handle address) const {
    if (nb::isinstance<nb::tuple>(address)) {
        const Slot& slot = slots_.at(nb::cast<size_t>(address[0]));
        const size_t element = nb::cast<size_t>(address[1]);
        if (slot.dynamic) {
            const auto index = slot.dynamic->element_of(static_cast<uint32_t>(element));
            if (!index) throw KeyError("dynamic basket element " + std::to_string(element) + " is not in the basket");
            return *elements_[*index];
        }
        if (element >= slot.count) throw IndexError("basket element " + std::to_string(element) + " out of range");
        return *elements_[slot.first + element];
    }
    const Slot& slot = slots_.at(nb::cast<size_t>(address));
    if (slot.kind != InputSpec::Kind::Single) throw TypeError("expected a single time series, got a basket");
    return *elements_[slot.first];
}

uint64_t PyNode::num_ticks(nb::handle address) const { return element_at(address).input->num_ticks(); }

namespace {

// Ticks ago for an index (0, -1, ...) or the prevailing tick for a time.
struct HistoryPoint {
    std::optional<size_t> ago;
    std::optional<DateTime> time;
};

HistoryPoint history_point(nb::handle index_or_time, DateTime now) {
    if (index_or_time.is_none()) return {size_t{0}, std::nullopt};
    if (is_timedelta(index_or_time)) return {std::nullopt, now + to_timedelta(index_or_time)};
    if (is_datetime(index_or_time)) return {std::nullopt, to_datetime(index_or_time)};
    const int64_t index = from_python<int64_t>(index_or_time);
    if (index > 0) throw ValueError("history indices are 0 (the last tick) or negative, got " + std::to_string(index));
    return {static_cast<size_t>(-index), std::nullopt};
}

TimeIndexPolicy policy_of(nb::handle policy) {
    return policy.is_none() ? TimeIndexPolicy::INCLUSIVE : static_cast<TimeIndexPolicy>(nb::cast<int>(nb::int_(policy)));
}

// Held for the life of the process: a static nb::object would be released
// after the interpreter shut down.
nb::handle numpy() {
    static PyObject* module = nb::module_::import_("numpy").release().ptr();
    return module;
}

nb::object datetime_array(nb::list times) { return numpy().attr("array")(times, "dtype"_a = "datetime64[ns]"); }

}  // namespace

nb::object PyNode::item_at(nb::handle address, nb::handle index_or_time, nb::handle default_value) const {
    const Element& element = element_at(address);
    const TimeSeriesBase& series = *element.input->series();
    const HistoryPoint point = history_point(index_or_time, Node::now());
    if (point.ago) {
        if (*point.ago >= series.history_capacity()) {
            throw IndexError("history index -" + std::to_string(*point.ago) + " is beyond the buffering policy (" +
                             std::to_string(series.history_capacity()) + " tick(s)) of an input of node '" + name() +
                             "'; raise it with csp.set_buffering_policy");
        }
        if (series.valid() && *point.ago < series.history_size()) {
            return nb::make_tuple(datetime_to_python(element.access->time_ago(series, *point.ago)),
                                  element.access->value_ago(series, *point.ago));
        }
    } else if (auto item = element.access->item_at(series, *point.time)) {
        return nb::make_tuple(datetime_to_python(item->first), item->second);
    }
    if (default_value.is_valid() && !default_value.is(definition_.unset)) {
        return nb::make_tuple(nb::none(), nb::borrow(default_value));
    }
    // Within the policy but not ticked that far back yet (Python's OverflowError, as the reference raises).
    const std::string message = "no value at " + nb::cast<std::string>(nb::str(index_or_time)) +
                                " in the history of an input of node '" + name() + "' (" +
                                std::to_string(series.history_size()) + " tick(s) so far; pass a default)";
    PyErr_SetString(PyExc_OverflowError, message.c_str());
    throw PythonError();
}

nb::object PyNode::value_at(nb::handle address, nb::handle index_or_time, nb::handle default_value) const {
    return item_at(address, index_or_time, default_value)[1];
}

nb::object PyNode::time_at(nb::handle address, nb::handle index_or_time, nb::handle default_value) const {
    return item_at(address, index_or_time, default_value)[0];
}

std::pair<nb::list, nb::list> PyNode::history_between(nb::handle address, nb::handle start, nb::handle end,
                                                      nb::handle start_policy, nb::handle end_policy) const {
    const Element& element = element_at(address);
    const TimeSeriesBase& series = *element.input->series();
    auto bound = [&](nb::handle value, bool is_start) -> DateTime {
        if (value.is_none()) {
            if (!is_start || series.history_size() == 0) return is_start ? DateTime::min() : Node::now();
            return element.access->time_ago(series, series.history_size() - 1);
        }
        const HistoryPoint point = history_point(value, Node::now());
        if (point.time) return *point.time;
        if (series.history_size() == 0) return is_start ? DateTime::max() : DateTime::min();  // nothing ticked
        // An index beyond the history kept reaches back to the oldest tick kept.
        return element.access->time_ago(series, std::min(*point.ago, series.history_size() - 1));
    };
    return element.access->between(series, bound(start, true), bound(end, false), policy_of(start_policy),
                                   policy_of(end_policy));
}

nb::object PyNode::values_at(nb::handle address, nb::handle start, nb::handle end, nb::handle start_policy,
                             nb::handle end_policy) const {
    return numpy().attr("array")(history_between(address, start, end, start_policy, end_policy).second);
}

nb::object PyNode::times_at(nb::handle address, nb::handle start, nb::handle end, nb::handle start_policy,
                            nb::handle end_policy) const {
    return datetime_array(history_between(address, start, end, start_policy, end_policy).first);
}

nb::object PyNode::items_at(nb::handle address, nb::handle start, nb::handle end, nb::handle start_policy,
                            nb::handle end_policy) const {
    auto [times, values] = history_between(address, start, end, start_policy, end_policy);
    return nb::make_tuple(datetime_array(times), numpy().attr("array")(values));
}

void PyNode::set_buffering_policy(nb::handle address, nb::handle tick_count, nb::handle tick_history) {
    const Element& element = element_at(address);
    const size_t count = tick_count.is_none() ? 0 : static_cast<size_t>(from_python<int64_t>(tick_count));
    const TimeDelta window = tick_history.is_none() ? TimeDelta::zero() : to_timedelta(tick_history);
    element.input->set_buffering_policy(count, window);
}

nb::object PyNode::basket(size_t slot_index) {
    const Slot& slot = slots_.at(slot_index);
    if (slot.dynamic) return definition_.basket_factory(context_, slot_index, nb::none());
    if (slot.kind == InputSpec::Kind::DictBasket) return definition_.basket_factory(context_, slot_index, slot.keys);
    return definition_.basket_factory(context_, slot_index, slot.count);
}

nb::list PyNode::basket_ticked_elements(size_t slot) const {
    nb::list out;
    for (uint32_t element : slots_.at(slot).ticked_elements) out.append(element);
    return out;
}

nb::object PyNode::basket_element_value(size_t slot, size_t element) const {
    const Slot& s = slots_.at(slot);
    if (s.dynamic) {
        const auto index = s.dynamic->element_of(static_cast<uint32_t>(element));
        if (!index || !elements_[*index]->input->valid()) return definition_.unset;
        return elements_[*index]->access->last(*elements_[*index]->input->series());
    }
    if (element >= s.count) throw IndexError("basket index " + std::to_string(element) + " out of range");
    const Element& e = *elements_[s.first + element];
    if (!e.input->valid()) return definition_.unset;
    return e.access->last(*e.input->series());
}

bool PyNode::basket_element_valid(size_t slot, size_t element) const {
    const Slot& s = slots_.at(slot);
    if (s.dynamic) {
        const auto index = s.dynamic->element_of(static_cast<uint32_t>(element));
        return index && elements_[*index]->input->valid();
    }
    return element < s.count && elements_[s.first + element]->input->valid();
}

bool PyNode::basket_element_ticked(size_t slot, size_t element) const {
    const Slot& s = slots_.at(slot);
    if (s.dynamic) {
        const auto index = s.dynamic->element_of(static_cast<uint32_t>(element));
        return index && elements_[*index]->input->ticked();
    }
    return element < s.count && elements_[s.first + element]->input->ticked();
}

size_t PyNode::basket_size(size_t slot) const {
    const Slot& s = slots_.at(slot);
    return s.dynamic ? s.dynamic->elements().size() : s.count;
}

const PyNode::Slot& PyNode::dynamic_slot(size_t slot) const {
    const Slot& s = slots_.at(slot);
    if (!s.dynamic) throw TypeError("node '" + name() + "': input " + std::to_string(slot) + " is not a dynamic basket");
    return s;
}

nb::list PyNode::dynamic_keys(size_t slot) const {
    const Slot& s = dynamic_slot(slot);
    nb::list keys;
    for (uint32_t id : s.dynamic->basket().ids()) {
        if (s.dynamic->element_of(id)) keys.append(s.dynamic->basket().key(id).value);
    }
    return keys;
}

nb::object PyNode::dynamic_key(size_t slot, size_t element) const {
    return dynamic_slot(slot).dynamic->basket().key(static_cast<uint32_t>(element)).value;
}

nb::object PyNode::dynamic_element(size_t slot, nb::handle key) const {
    const Slot& s = dynamic_slot(slot);
    const auto id = s.dynamic->basket().find(PyKey{nb::borrow(key)});
    if (!id || !s.dynamic->element_of(*id)) return nb::none();
    return nb::int_(*id);
}

nb::object PyNode::dynamic_shape(size_t slot) const {
    const Slot& s = dynamic_slot(slot);
    if (!s.dynamic->shape_ticked()) return nb::none();
    const auto& basket = s.dynamic->basket();
    nb::list added, removed;
    for (uint32_t id : basket.shape().added) added.append(basket.key(id).value);
    for (uint32_t id : basket.shape().removed) removed.append(basket.key(id).value);
    return nb::make_tuple(added, removed);
}

}  // namespace csp::python
