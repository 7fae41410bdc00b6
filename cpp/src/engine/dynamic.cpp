#include "csp/engine/dynamic.h"

#include "csp/engine/profiler.h"

#include <algorithm>

namespace csp {

struct DynamicNode::Instance {
    uint32_t trigger_id = 0;
    std::unique_ptr<Engine> engine;
    std::vector<EdgeSlot*> outputs;  // per output basket; nullptr: none
    bool stop_requested = false;
};

// Keys are added to the trigger while its producer runs: remember them for execute().
class DynamicNode::TriggerListener final : public DynamicBasketBase::Listener {
public:
    explicit TriggerListener(DynamicNode& node) : node_(node) {}
    void element_added(DynamicBasketBase&, uint32_t id) override {
        node_.pending_adds_.push_back(id);
        node_.notify(node_.cycle_state().cycle);
    }
    void element_removed(DynamicBasketBase&, uint32_t id) override {
        std::erase(node_.pending_adds_, id);
        node_.pending_removes_.push_back(id);
    }

private:
    DynamicNode& node_;
};

void RankQueue::notify_dynamic_owner() { child_engine_->dynamic_owner()->child_scheduled(*child_engine_); }

DynamicNode::DynamicNode(std::string name, EdgeSlot* trigger, const std::vector<EdgeSlot*>& outer_inputs,
                         std::vector<std::unique_ptr<DynamicBasketBase>> outputs, Builder builder)
    : Node(std::move(name)),
      listener_(std::make_unique<TriggerListener>(*this)),
      trigger_(std::make_unique<DynamicBasketInput>(this, trigger, listener_.get())),
      outputs_(std::move(outputs)),
      builder_(std::move(builder)) {
    for (EdgeSlot* slot : outer_inputs) {
        if (slot == nullptr) throw ValueError("dynamic node '" + this->name() + "' has a null outer input");
        outer_inputs_.push_back(std::make_unique<InputBase>(this, slot, *slot->type, false));
    }
    for (auto& basket : outputs_) register_output(basket.get());
    engine().add_end_cycle_listener([this] {
        if (listening_instances_ == 0) return;
        for (auto& instance : instances_) {
            if (instance->engine->end_cycle_listeners_.empty()) continue;
            Engine::ActiveScope active(*instance->engine);
            instance->engine->run_end_cycle_listeners();
        }
    });
}

DynamicNode::~DynamicNode() = default;

size_t DynamicNode::instance_count() const { return instances_.size(); }

// One step at this node's rank: create the instances of added keys (in the
// order added; their output keys appear at once), run every instance with
// work in this cycle, then stop the instances of removed keys and those that
// asked to stop (they ran in this cycle; their outputs' ticks of this cycle
// are withdrawn with their keys).
void DynamicNode::execute() {
    while (!pending_adds_.empty()) {  // building an instance may add keys (nested dynamics)
        const uint32_t id = pending_adds_.front();
        pending_adds_.erase(pending_adds_.begin());
        retire_replaced_key(id);
        create_instance(id);
    }
    run_scheduled_instances();
    auto removes = std::move(pending_removes_);
    pending_removes_.clear();
    for (uint32_t id : removes) remove_instance(id);
    remove_stopped_instances();
    retired_.clear();
}

void DynamicNode::stop() {
    std::exception_ptr error;
    for (auto it = instances_.rbegin(); it != instances_.rend(); ++it) {  // the reverse of the instance order
        try {
            stop_instance(**it);
        } catch (...) {
            if (!error) error = std::current_exception();
        }
    }
    instances_.clear();
    listening_instances_ = 0;
    retired_.clear();
    if (error) std::rethrow_exception(error);
}

void DynamicNode::create_instance(uint32_t trigger_id) {
    auto instance = std::make_unique<Instance>();
    instance->trigger_id = trigger_id;
    instance->engine = std::make_unique<Engine>(engine(), *this);
    Engine& child = *instance->engine;
    size_t published = 0;  // output keys added so far
    try {
        {
            Engine::Scope scope(child);
            Engine::ActiveScope active(child);
            instance->outputs = builder_(trigger_->basket(), trigger_id);
            if (instance->outputs.size() != outputs_.size()) {
                throw ValueError("dynamic node '" + name() + "': the sub-graph returned " +
                                 std::to_string(instance->outputs.size()) + " outputs, expected " +
                                 std::to_string(outputs_.size()));
            }
            child.start_dynamic();
            // The output keys appear now, valid on their first tick: before anything of the instance ticks.
            for (; published < instance->outputs.size(); ++published) {
                if (EdgeSlot* output = instance->outputs[published]) {
                    outputs_[published]->add_keyed_like(trigger_->basket(), trigger_id, *output->series);
                }
            }
            child.scheduler().run_due_owned_by(&child);  // constants and zero-delay alarms tick at creation
        }
    } catch (...) {
        // Nothing of the failed instance may stay reachable: its output keys, its place in the queue, its events.
        std::exception_ptr error = std::current_exception();
        for (size_t i = 0; i < published; ++i) {
            if (instance->outputs[i] != nullptr) outputs_[i]->remove_keyed_like(trigger_->basket(), trigger_id);
        }
        std::erase(scheduled_, &child);
        Engine::ActiveScope active(child);
        child.stop_dynamic(error);
        std::rethrow_exception(error);
    }
    if (!child.end_cycle_listeners_.empty()) ++listening_instances_;
    instances_.push_back(std::move(instance));
    schedule_ticked_consumers(child);
}

// The outer inputs that ticked in this cycle, before the instance existed, ticked for it too.
void DynamicNode::schedule_ticked_consumers(Engine& child) {
    const uint64_t cycle = cycle_state().cycle;
    for (auto& node : child.nodes_) {
        for (InputBase* input : node->inputs()) {
            if (!input->active() || input->series() == nullptr || !input->ticked()) continue;
            const auto& tags = node->ticked_tags();  // a series of the instance that ticked already recorded itself
            if (input->tag() >= 0 && std::find(tags.begin(), tags.end(), input->tag()) == tags.end()) {
                node->record_tag(cycle, input->tag());
            }
            node->notify(cycle);
        }
    }
}

DynamicNode::Instance* DynamicNode::instance_of(const Engine& child) {
    for (auto& instance : instances_) {
        if (instance->engine.get() == &child) return instance.get();
    }
    return nullptr;
}

void DynamicNode::child_scheduled(Engine& child) {
    scheduled_.push_back(&child);
    notify(cycle_state().cycle);
}

void DynamicNode::child_stop_requested(Engine& child) {
    if (Instance* instance = instance_of(child); instance != nullptr && !instance->stop_requested) {
        instance->stop_requested = true;
        stop_requests_.push_back(instance->trigger_id);
        notify(cycle_state().cycle);
    }
}

// Instances run in the order their first node of the cycle was scheduled.
void DynamicNode::run_scheduled_instances() {
    while (!scheduled_.empty()) {
        std::vector<Engine*> batch = std::move(scheduled_);
        scheduled_.clear();
        for (Engine* child : batch) {
            if (child->rank_queue().empty()) continue;
            Engine::ActiveScope active(*child);
            if (Profiler* profiler = child->root().profiler(); profiler != nullptr) [[unlikely]] {
                child->execute_scheduled_nodes_profiled(*profiler);
            } else {
                child->execute_scheduled_nodes();
            }
        }
    }
}

// A key removed and added again in this cycle: its old instance goes before the new one is built.
void DynamicNode::retire_replaced_key(uint32_t added_id) {
    const DynamicBasketBase& trigger = trigger_->basket();
    for (auto it = pending_removes_.begin(); it != pending_removes_.end(); ++it) {
        if (trigger.keys_equal(*it, added_id)) {
            const uint32_t removed = *it;
            pending_removes_.erase(it);
            remove_instance(removed);
            return;
        }
    }
}

void DynamicNode::remove_stopped_instances() {
    auto stopped = std::move(stop_requests_);
    stop_requests_.clear();
    for (uint32_t id : stopped) remove_instance(id);
}

void DynamicNode::remove_instance(uint32_t trigger_id) {
    const auto it = std::find_if(instances_.begin(), instances_.end(),
                                 [&](const auto& instance) { return instance->trigger_id == trigger_id; });
    if (it == instances_.end()) return;  // stopped itself earlier
    std::unique_ptr<Instance> instance = std::move(*it);
    instances_.erase(it);
    if (!instance->engine->end_cycle_listeners_.empty()) --listening_instances_;
    std::erase(scheduled_, instance->engine.get());
    retired_.push_back(std::move(instance));
    stop_instance(*retired_.back());
}

void DynamicNode::stop_instance(Instance& instance) {
    for (size_t i = 0; i < instance.outputs.size(); ++i) {
        if (instance.outputs[i] != nullptr) outputs_[i]->remove_keyed_like(trigger_->basket(), instance.trigger_id);
    }
    std::exception_ptr error;
    {
        Engine::ActiveScope active(*instance.engine);
        instance.engine->stop_dynamic(error);
    }
    if (error) std::rethrow_exception(error);
}

}  // namespace csp
