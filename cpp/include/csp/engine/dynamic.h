// Dynamic sub-graphs: one instance of a sub-graph per key of a trigger
// dynamic basket, built while the engine runs (Python csp.dynamic).
//
// A DynamicNode reads a trigger basket. In a cycle in which a key is added
// it builds the sub-graph for that key in a new child engine (see engine.h)
// and starts it; when the key is removed it stops and frees the instance.
// Each instance's outputs join the node's output baskets under the
// instance's key when it is created (valid from their first tick).
//
// How a sub-graph joins the running engine:
//   * its nodes subscribe directly to the outer series they read (outer
//     edges, the trigger's element for its key); those are inputs of the
//     dynamic node too, so the dynamic node ranks after them and the outer
//     consumers of its output baskets rank after it;
//   * the instance has its own rank queue: when one of its nodes is
//     scheduled the queue schedules the dynamic node, which walks the
//     queues of its scheduled instances (in the order they were scheduled)
//     at its rank in the outer cycle;
//   * alarms, timers and adapters of an instance use the shared scheduler
//     and push queue, stamped with the instance as owner, so that removing
//     the instance cancels them; an instance created in a cycle sees the
//     outer inputs that ticked in that cycle as ticked.
//   * a node of an instance may stop just that instance: Engine::request_stop
//     on the child (Python csp.stop_engine(dynamic=True)).
//
// Ownership: the dynamic node owns its instances and its output baskets.
// Thread-safety: engine thread only.
// Errors: an exception while building, starting or running an instance ends
// the run, annotated with the dynamic node; the instance is stopped first.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "csp/engine/dynamic_basket.h"
#include "csp/engine/engine.h"

namespace csp {

class DynamicNode final : public Node {
public:
    // Builds the sub-graph for element `id` of `trigger` in the engine
    // current on this thread (a new child engine); returns one slot per
    // declared output of the dynamic node (nullptr: no such output here).
    using Builder = std::function<std::vector<EdgeSlot*>(const DynamicBasketBase& trigger, uint32_t id)>;

    // `outer_inputs`: every outer edge the sub-graphs read (for ranking);
    // `outputs`: empty baskets of the trigger's key type, one per output.
    DynamicNode(std::string name, EdgeSlot* trigger, const std::vector<EdgeSlot*>& outer_inputs,
                std::vector<std::unique_ptr<DynamicBasketBase>> outputs, Builder builder);
    ~DynamicNode() override;

    void execute() override;
    void stop() override;
    bool is_root() const override { return true; }  // sub-graphs may exist for their side effects

    DynamicBasketBase& output(size_t index) { return *outputs_.at(index); }
    size_t output_count() const { return outputs_.size(); }
    // Live instances (sub-graphs running now).
    size_t instance_count() const;
    // Child engines' nodes and adapters, for tests and graph descriptions.
    const DynamicBasketBase& trigger() const { return trigger_->basket(); }

    // Engine-internal: a child's queue got its first node of the cycle / a child asked to stop.
    void child_scheduled(Engine& child);
    void child_stop_requested(Engine& child);

private:
    struct Instance;
    class TriggerListener;

    void create_instance(uint32_t trigger_id);
    void remove_instance(uint32_t trigger_id);
    void run_scheduled_instances();
    void remove_stopped_instances();
    void retire_replaced_key(uint32_t added_id);
    void schedule_ticked_consumers(Engine& child);
    Instance* instance_of(const Engine& child);
    void stop_instance(Instance& instance);

    std::unique_ptr<TriggerListener> listener_;
    std::unique_ptr<DynamicBasketInput> trigger_;
    std::vector<std::unique_ptr<InputBase>> outer_inputs_;
    std::vector<std::unique_ptr<DynamicBasketBase>> outputs_;
    Builder builder_;
    std::vector<std::unique_ptr<Instance>> instances_;  // live, in creation order
    std::vector<Engine*> scheduled_;                   // instances with nodes to run this cycle, in order
    std::vector<std::unique_ptr<Instance>> retired_;   // stopped this cycle, freed at the end of execute()
    std::vector<uint32_t> pending_adds_;               // trigger ids added since the last execution
    std::vector<uint32_t> pending_removes_;
    std::vector<uint32_t> stop_requests_;              // instances that asked to stop, this cycle
    size_t listening_instances_ = 0;                   // live instances with end-of-cycle listeners
};

}  // namespace csp
