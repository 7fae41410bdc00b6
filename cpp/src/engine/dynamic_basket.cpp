#include "csp/engine/dynamic_basket.h"

#include <algorithm>

namespace csp {

DynamicBasketBase::~DynamicBasketBase() {
    for (DynamicBasketInput* input : inputs_) input->basket_destroyed();
}

uint32_t DynamicBasketBase::add_element(TimeSeriesBase* series, std::unique_ptr<TimeSeriesBase> owned,
                                       bool current_tick_counts) {
    const uint64_t cycle = cycle_state().cycle;
    const auto id = static_cast<uint32_t>(elements_.size());
    elements_.push_back(Element{series, std::move(owned), cycle, true});
    live_.push_back(id);
    record_change();
    shape_.added.push_back(id);
    current_tick_counts_ = current_tick_counts;
    try {
        for (DynamicBasketInput* input : std::vector<DynamicBasketInput*>(inputs_)) input->listener().element_added(*this, id);
    } catch (...) {
        current_tick_counts_ = true;
        throw;
    }
    current_tick_counts_ = true;
    return id;
}

void DynamicBasketBase::remove_element(uint32_t id, bool same_cycle_ok) {
    Element& element = elements_.at(id);
    if (!element.live) throw KeyError("dynamic basket element " + std::to_string(id) + " was already removed");
    if (!same_cycle_ok && element.series->ticked()) {
        throw RuntimeError("Attempted to delete dynamic basket key '" + key_text(id) +
                           "' which was already ticked this cycle");
    }
    for (DynamicBasketInput* input : std::vector<DynamicBasketInput*>(inputs_)) input->listener().element_removed(*this, id);
    element.live = false;
    const auto position = std::find(live_.begin(), live_.end(), id);
    *position = live_.back();  // the last key takes the removed key's place
    live_.pop_back();
    record_change();
    shape_.removed.push_back(id);
    if (element.owned) {
        release_retired();
        retired_.push_back(std::move(element.owned));
        retired_cycle_ = cycle_state().cycle;
    }
    element.series = nullptr;
}

void DynamicBasketBase::record_change() {
    if (ticked()) return;  // this cycle's changes accumulate in shape_
    release_retired();
    begin_tick();
    shape_.added.clear();
    shape_.removed.clear();
    notify_consumers();
}

void DynamicBasketBase::release_retired() {
    if (retired_cycle_ != cycle_state().cycle) retired_.clear();  // removed in an earlier cycle: nobody reads them now
}

void follow_element(Node& owner, InputBase& element, const DynamicBasketBase& basket) {
    TimeSeriesBase& series = *element.series();
    series.subscribe(&owner, element.tag());
    if (series.ticked() && basket.current_tick_counts()) {  // it ticked before `owner` heard of it: it still did
        const uint64_t cycle = series.cycle_state().cycle;
        owner.record_tag(cycle, element.tag());
        owner.notify(cycle);
    }
}

void DynamicBasketInput::resolve() { InputBase::resolve(); }

// After the engine ranked its nodes (its rank queue is ready): follow the basket, its current elements first.
void DynamicBasketInput::on_prepared() {
    if (listening_) return;
    listening_ = true;
    DynamicBasketBase& dynamic = basket();
    dynamic.add_input(this);
    for (uint32_t id : std::vector<uint32_t>(dynamic.ids())) listener_->element_added(dynamic, id);
}

void DynamicBasketInput::detach() {
    stop_listening();
    InputBase::detach();
}

void DynamicBasketInput::stop_listening() {
    if (!listening_) return;
    listening_ = false;
    basket().remove_input(this);
}

}  // namespace csp
