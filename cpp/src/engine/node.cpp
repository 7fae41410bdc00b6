#include "csp/engine/node.h"

#include <algorithm>

#include "csp/engine/engine.h"

namespace csp {
namespace {

Engine& current_engine_for(const std::string& what) {
    Engine* engine = Engine::current();
    if (engine == nullptr) {
        throw RuntimeError(what + " can only be created while a graph is being built (inside csp::run or an Engine)");
    }
    return *engine;
}

}  // namespace

static_assert(sizeof(Node) <= 64, "a node's scheduling header is meant to fit one cache line");

Node::Node(std::string name, NodeKind kind) : Node(current_engine_for("node '" + name + "'"), std::move(name), kind) {}

Node::Node(Engine& engine, std::string&& name, NodeKind kind)
    : queue_(&engine.rank_queue()),
      state_(&engine.cycle_state()),
      engine_(&engine),
      wiring_(std::make_unique<Wiring>(std::move(name), kind)) {}

void TimeSeriesBase::check_second_tick() const {
    if (state_->starting) throw RuntimeError("cannot tick during start(); schedule an alarm to tick at start time");
    if (count_ != 0) {
        throw RuntimeError("Attempted to output twice on the same engine cycle at " + state_->now.to_string());
    }
}

// One needs the first consumer's rank region, known once its engine is
// ranked; until then ticks take notify_many, which sets it.
void TimeSeriesBase::set_fanout() {
    first_region_ = nullptr;
    if (first_consumer_ == nullptr) {
        fanout_ = Fanout::None;
        return;
    }
    fanout_ = Fanout::Many;
    if (!more_consumers_.empty()) return;
    first_region_ = first_consumer_->queue_->region_of(*first_consumer_);
    if (first_region_ != nullptr) fanout_ = first_tag_ >= 0 ? Fanout::OneTagged : Fanout::One;
}

void TimeSeriesBase::subscribe(Node* node, int32_t tag) {
    if (first_consumer_ == nullptr) {
        first_consumer_ = node;
        first_tag_ = tag;
        return set_fanout();
    }
    if (first_consumer_ == node && first_tag_ == tag) return;
    for (const Consumer& c : more_consumers_) {
        if (c.node == node && c.tag == tag) return;
    }
    more_consumers_.push_back({node, tag});
    set_fanout();
}

void TimeSeriesBase::unsubscribe(Node* node, int32_t tag) {
    if (first_consumer_ == node && first_tag_ == tag) {
        remove_first_consumer(/*replace_with_last=*/false);
    } else {
        std::erase_if(more_consumers_, [&](const Consumer& c) { return c.node == node && c.tag == tag; });
    }
    set_fanout();
}

void TimeSeriesBase::unsubscribe_replacing_with_last(Node* node, int32_t tag) {
    if (first_consumer_ == node && first_tag_ == tag) {
        remove_first_consumer(/*replace_with_last=*/true);
    } else {
        const auto it = std::find_if(more_consumers_.begin(), more_consumers_.end(),
                                     [&](const Consumer& c) { return c.node == node && c.tag == tag; });
        if (it == more_consumers_.end()) return;
        *it = more_consumers_.back();
        more_consumers_.pop_back();
    }
    set_fanout();
}

// The first consumer's place goes to the next one in subscription order, or to the last one.
void TimeSeriesBase::remove_first_consumer(bool replace_with_last) {
    if (more_consumers_.empty()) {
        first_consumer_ = nullptr;
        first_tag_ = -1;
        return;
    }
    const auto next = replace_with_last ? more_consumers_.end() - 1 : more_consumers_.begin();
    first_consumer_ = next->node;
    first_tag_ = next->tag;
    more_consumers_.erase(next);
}

void TimeSeriesBase::notify_one_tagged(uint64_t cycle) {
    first_consumer_->record_tag(cycle, first_tag_);
    first_consumer_->notify(cycle, *first_region_);
}

void TimeSeriesBase::notify_many(uint64_t cycle) {
    if (more_consumers_.empty()) {  // one consumer, subscribed before its engine was ranked
        set_fanout();
        if (fanout_ != Fanout::Many) return notify_consumers(cycle);
    }
    auto notify = [cycle](Node* node, int32_t tag) {
        if (tag >= 0) node->record_tag(cycle, tag);
        node->notify(cycle);
    };
    notify(first_consumer_, first_tag_);
    for (const Consumer& c : more_consumers_) notify(c.node, c.tag);
}

void Node::record_tag(uint64_t cycle, int32_t tag) {
    std::unique_ptr<std::vector<int32_t>>& tags = wiring_->ticked_tags;
    if (tags_cycle_ != cycle) {  // the first tagged tick of this cycle: the previous tags, if any, are stale
        tags_cycle_ = cycle;
        if (tags == nullptr) tags = std::make_unique<std::vector<int32_t>>();
        tags->clear();
    }
    tags->push_back(tag);
}

InputBase::InputBase(Node* owner, EdgeSlot* slot, const std::type_info& type, bool active)
    : owner_(owner), slot_(slot), active_(active) {
    if (slot == nullptr) throw ValueError("node '" + owner->name() + "' has an input wired to a null edge");
    if (*slot->type != type) {
        throw TypeError("node '" + owner->name() + "' has an input of type " + type.name() +
                        " wired to an edge of type " + slot->type->name());
    }
    owner->register_input(this);
    if (!active) owner->count_passive_input(true);
}

void InputBase::resolve() { series_ = slot_->series; }

// True if another active input of the node reads the same series under the same tag (one subscription serves both).
bool InputBase::shares_subscription() const {
    for (const InputBase* other : owner_->inputs()) {
        if (other != this && other->active_ && other->series_ == series_ && other->tag_ == tag_) return true;
    }
    return false;
}

void InputBase::make_passive() {
    if (!active_) return;
    active_ = false;
    owner_->count_passive_input(true);
    if (series_ != nullptr && !shares_subscription()) series_->unsubscribe(owner_, tag_);
}

void InputBase::make_active() {
    if (active_) return;
    active_ = true;
    owner_->count_passive_input(false);
    if (series_ != nullptr) series_->subscribe(owner_, tag_);
}

void InputBase::set_buffering_policy(size_t tick_count, TimeDelta window) {
    if (series_ == nullptr) resolve();
    if (series_ == nullptr) throw RuntimeError("set_buffering_policy on an input of node '" + owner_->name() + "' before it is bound");
    if (tick_count > 0) series_->keep_ticks(tick_count);
    if (window > TimeDelta::zero()) series_->keep_window(window);
}

void InputBase::detach() {
    if (series_ == nullptr) return;
    if (active_ && !shares_subscription()) series_->unsubscribe_replacing_with_last(owner_, tag_);
    // Unbound: the node's last input sharing this subscription then sees none left and ends it.
    series_ = nullptr;
}

InputAdapter::InputAdapter(std::string name, PushMode mode)
    : engine_(&current_engine_for("adapter '" + name + "'")), name_(std::move(name)), mode_(mode) {}

AdapterManager::AdapterManager(std::string name)
    : engine_(&current_engine_for("adapter manager '" + name + "'")), name_(std::move(name)) {}

}  // namespace csp
