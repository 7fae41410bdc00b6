// PyNode: a node whose body is a compiled Python generator (private).
//
// See docs/python_internals.md for the protocol: the engine keeps three
// Python lists indexed by slot (values, updated, ticked), updates only the
// entries of inputs that ticked, resumes the generator with PyIter_Send and
// ticks output 0 with what it yields. The node object itself is the
// generator's `_csp_ctx` (outputs, alarms, history, baskets).
//
// Ownership: the engine owns the node; the node owns its generator, its
// alarms' series and its outputs' series. Requires the GIL (engine thread).
#pragma once

#include <nanobind/nanobind.h>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "csp/engine/node.h"
#include "csp/engine/scheduler.h"
#include "native_types.h"

namespace csp::python {

// A wiring-time edge: the slot of a series and its value type.
struct EdgeHandle {
    EdgeSlot* slot = nullptr;
    NativeType type = NativeType::Object;
};

// One declared input of a Python node: a single series or a basket of them.
struct InputSpec {
    enum class Kind { Single, ListBasket, DictBasket, DynamicBasket };  // a dynamic basket: one edge
    Kind kind = Kind::Single;
    std::vector<EdgeHandle> edges;
    nb::object keys;  // dict baskets: the keys, in the order of `edges`
};

// One declared output of a Python node: a single series, or a basket of
// `count` consecutive native outputs addressed by index (list) or key (dict).
struct OutputSlotSpec {
    enum class Kind { Single, ListBasket, DictBasket, DynamicBasket };  // a dynamic basket: count 1
    Kind kind = Kind::Single;
    size_t count = 1;
    nb::object keys;  // dict baskets: the keys, in output order
};

struct AlarmHandle {
    Scheduler::Handle handle;
};

class PyNode final : public Node {
public:
    struct Definition {
        std::string name;
        nb::object impl;             // the compiled generator function
        nb::tuple scalars;           // scalar arguments, in declaration order
        std::vector<InputSpec> inputs;
        std::vector<NativeType> outputs;
        std::vector<nb::object> output_classes;  // per output: a class values must be instances of, or None
        std::vector<OutputSlotSpec> output_slots;  // the declared outputs over `outputs`
        size_t alarms = 0;
        nb::object basket_factory;   // basket_factory(ctx, slot, size or keys) -> proxy
        nb::object unset;            // the UNSET sentinel
        // The slots whose ticked flags `impl` reads; nullopt: any of them.
        std::optional<std::vector<uint32_t>> ticked_slots;
        // What a settling `impl` is resumed with, once, when the value of every single input
        // and alarm has been handed to it; later executions resume it with None (it reads
        // `values` itself). None: it does not settle (docs/python_internals.md).
        nb::object all_valid;
    };

    explicit PyNode(Definition definition);
    ~PyNode() override;

    void start() override;
    void execute() override;
    void stop() override;

    EdgeHandle output_handle(size_t index) const;
    size_t output_count() const;

    // ---- the generator's context (_csp_ctx) ----
    // Ticks declared output `slot`; a basket output takes {index or key: value}.
    void output(size_t slot, nb::handle value);
    AlarmHandle schedule_alarm(size_t slot, nb::handle when, nb::handle value);
    bool cancel_alarm(size_t slot, AlarmHandle handle);
    AlarmHandle reschedule_alarm(size_t slot, AlarmHandle handle, nb::handle when);
    void make_passive(size_t slot);
    void make_active(size_t slot);
    nb::object now() const;
    // History. `address` is a slot, or (slot, element) for a basket element;
    // a `default_value` of UNSET means none was given.
    uint64_t num_ticks(nb::handle address) const;
    nb::object value_at(nb::handle address, nb::handle index_or_time, nb::handle default_value) const;
    nb::object time_at(nb::handle address, nb::handle index_or_time, nb::handle default_value) const;
    nb::object item_at(nb::handle address, nb::handle index_or_time, nb::handle default_value) const;
    // numpy arrays of the ticks within [start, end] (indices or times; None: all kept / now).
    nb::object values_at(nb::handle address, nb::handle start, nb::handle end, nb::handle start_policy,
                         nb::handle end_policy) const;
    nb::object times_at(nb::handle address, nb::handle start, nb::handle end, nb::handle start_policy,
                        nb::handle end_policy) const;
    nb::object items_at(nb::handle address, nb::handle start, nb::handle end, nb::handle start_policy,
                        nb::handle end_policy) const;
    void set_buffering_policy(nb::handle address, nb::handle tick_count, nb::handle tick_history);
    nb::object basket(size_t slot);
    nb::list basket_ticked_elements(size_t slot) const;
    nb::object basket_element_value(size_t slot, size_t element) const;
    bool basket_element_valid(size_t slot, size_t element) const;
    bool basket_element_ticked(size_t slot, size_t element) const;
    size_t basket_size(size_t slot) const;
    // Dynamic basket inputs: elements are addressed by element id.
    nb::list dynamic_keys(size_t slot) const;                  // live keys, in the order added
    nb::object dynamic_key(size_t slot, size_t element) const;  // the key of an element id
    nb::object dynamic_element(size_t slot, nb::handle key) const;  // its element id, or None
    nb::object dynamic_shape(size_t slot) const;  // (added keys, removed keys) if the shape ticked, else None
    // Removes `key` from dynamic basket output `slot` (csp.remove_dynamic_key).
    void remove_dynamic_key(size_t slot, nb::handle key);

private:
    struct TickedObject;
    struct Element;
    struct Single;
    struct SharedTickedObjects;
    struct Slot;
    class DynamicSlot;
    struct Output;
    struct OutputSlot {
        OutputSlotSpec::Kind kind;
        size_t first;
        size_t count;
        nb::dict index_of_key;  // dict baskets
    };

    void add_input(const InputSpec& spec);
    void add_dynamic_input(const InputSpec& spec, uint32_t slot_index);
    void tick_dynamic(const OutputSlot& slot, nb::handle values);
    const Slot& dynamic_slot(size_t slot) const;
    void add_alarm();
    const TickedObject* ticked_object_of(const TimeSeriesBase& output) const;
    PyTypeObject* fast_class_of(NativeType type, size_t output) const;
    void add_single(const Element& element, uint32_t slot, NativeType type);
    void share_converted_values(Single& single);
    // refresh_singles, reset_after_execution, tick_output and tick_fast are
    // defined inline in py_node.cpp, for its callers only (keep them there).
    void refresh_singles(bool executing);
    void flag_ticked(uint32_t slot);
    PyObject* resume_value();
    PyObject* changed_values();
    PyObject* values_tuple();
    PyObject* flag_updated();
    void reset_after_execution();
    void reset_flags();  // reset_after_execution's loops
    const Element& element_at(nb::handle address) const;
    std::pair<nb::list, nb::list> history_between(nb::handle address, nb::handle start, nb::handle end,
                                                  nb::handle start_policy, nb::handle end_policy) const;
    std::string output_name(size_t index) const;
    void tick_output(size_t index, nb::handle value);
    bool tick_fast(Output& output, nb::handle value);
    void remember_ticked(Output& output, nb::handle value);
    void tick_checked(size_t index, nb::handle value);
    void tick_basket(const OutputSlot& slot, nb::handle values);

    // What every execution reads comes first, next to the Node fields the engine reads when it runs
    // the node: a pass-through node touches a few cache lines of its own, not the whole object.
    bool first_output_is_single_ = false;    // what a `return v` ticks: output 0 (else a basket)
    bool updated_flagged_ = false;           // whether `updated_` is set for changed_singles_
    bool settled_ = false;                   // whether the generator was resumed with all_valid_
    PyObject* unset_ = nullptr;              // definition_.unset (borrowed)
    PyObject* all_valid_ = nullptr;          // definition_.all_valid (borrowed), nullptr if None
    size_t singles_not_handed_over_ = 0;     // singles no execution has loaded yet
    std::vector<Single> singles_;            // single inputs and alarms (untagged), in slot order
    // For one execution: what changed, and the entries to reset after it.
    std::vector<uint32_t> changed_singles_;  // slots of the singles refreshed (not kept once settled)
    std::vector<uint32_t> flagged_ticked_;   // slots whose `ticked_` entry is True
    std::vector<uint32_t> dirty_baskets_;    // slots of baskets with ticked elements
    std::vector<Output> outputs_;
    nb::list values_;
    nb::object resume_tuple_;  // what the generator was resumed with, if built for it

    Definition definition_;
    std::vector<std::unique_ptr<Element>> elements_;  // by input tag (basket elements)
    std::vector<Slot> slots_;
    mutable std::unordered_map<const TimeSeriesBase*, const Output*> output_of_series_;  // ticked_object_of
    std::vector<OutputSlot> output_slots_;
    std::vector<bool> reports_ticked_;  // by slot: whether its entry of `ticked_` is maintained
    nb::list updated_, ticked_;
    nb::object generator_;
    nb::object context_;  // this node as a Python object
};

}  // namespace csp::python
