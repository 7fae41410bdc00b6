// Dynamic baskets: a keyed set of time series whose keys come and go while
// the graph runs (Python csp.DynamicBasket[K, T]).
//
// The basket is itself a time series: it ticks in a cycle in which its shape
// changed, and shape() then lists the element ids added and removed in that
// cycle. A node that reads a dynamic basket has one input on the basket (so
// ranks and pruning see the producer) and is told of every element added or
// removed through DynamicBasketBase::Listener, to subscribe to or drop the
// element's series. Elements are identified by ids, assigned in the order
// they were added and never reused; DynamicBasket<K> maps keys to ids.
//
// Producers: a node adds an element when it first outputs an unseen key
// (add_owned / add) and removes it with remove(). Removing a key that ticked
// in this cycle is an error (RuntimeError); removing and re-adding one is
// not. A removed element's series stays readable until the end of the cycle
// in which it was removed. ids() keeps the order keys were added, except
// that a removed key's place is taken by the last key (swap and pop).
//
// Ownership: the producer owns the basket. Elements are owned by the basket
// (add_owned) or by whoever produces them (add: a dynamic sub-graph's
// outputs); the latter must outlive their membership.
// Thread-safety: engine thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "csp/core/exceptions.h"
#include "csp/core/format.h"
#include "csp/engine/node.h"
#include "csp/engine/time_series.h"

namespace csp {

// The shape changes of one cycle, as element ids.
struct DynamicShape {
    std::vector<uint32_t> added;
    std::vector<uint32_t> removed;
};

class DynamicBasketInput;

class DynamicBasketBase : public TimeSeriesBase {
public:
    // Told of shape changes, before the basket's consumers run in that cycle.
    class Listener {
    public:
        virtual void element_added(DynamicBasketBase& basket, uint32_t id) = 0;
        virtual void element_removed(DynamicBasketBase& basket, uint32_t id) = 0;

    protected:
        ~Listener() = default;
    };

    explicit DynamicBasketBase(CycleState& state) : TimeSeriesBase(state, typeid(DynamicBasketBase)) {}
    ~DynamicBasketBase() override;

    // The series of a live element, or nullptr if `id` was removed (or never existed).
    TimeSeriesBase* element(uint32_t id) const {
        return id < elements_.size() && elements_[id].live ? elements_[id].series : nullptr;
    }
    // Live element ids, in the order they were added.
    const std::vector<uint32_t>& ids() const { return live_; }
    size_t size() const { return live_.size(); }
    // This cycle's changes if the basket ticked in this cycle, else empty.
    const DynamicShape& shape() const {
        static const DynamicShape kNone;
        return ticked() ? shape_ : kNone;
    }

    // While an element is being added: whether a tick its series already has in
    // this cycle counts as a tick of the new element. It does not for a dynamic
    // sub-graph's output that is an outer series (it ticked before the key existed).
    bool current_tick_counts() const { return current_tick_counts_; }

    // Engine-internal (DynamicBasketInput): the inputs told of shape changes.
    void add_input(DynamicBasketInput* input) { inputs_.push_back(input); }
    void remove_input(DynamicBasketInput* input) { std::erase(inputs_, input); }

    // Adds an element with the key of `source`'s element `source_id` (a
    // basket of the same key type): how a dynamic sub-graph's outputs are
    // keyed like its trigger. A tick the series already had in this cycle
    // does not count for the new element.
    virtual uint32_t add_keyed_like(const DynamicBasketBase& source, uint32_t source_id, TimeSeriesBase& series) = 0;
    // Removes the element whose key is that of `source`'s element `source_id`, if present.
    virtual void remove_keyed_like(const DynamicBasketBase& source, uint32_t source_id) = 0;
    // True if elements `a` and `b` (live or removed) have the same key.
    virtual bool keys_equal(uint32_t a, uint32_t b) const = 0;

    // History is per element; the basket itself keeps none.
    void keep_ticks(size_t) override {}
    void keep_window(TimeDelta) override {}
    size_t history_size() const override { return valid() ? 1 : 0; }
    size_t history_capacity() const override { return 1; }

protected:
    // `current_tick_counts`: see current_tick_counts().
    uint32_t add_element(TimeSeriesBase* series, std::unique_ptr<TimeSeriesBase> owned, bool current_tick_counts = true);
    // `same_cycle_ok`: a dynamic node retracting an output that ticked in this cycle.
    void remove_element(uint32_t id, bool same_cycle_ok = false);
    // The key of element `id`, for error messages.
    virtual std::string key_text(uint32_t id) const = 0;

private:
    struct Element {
        TimeSeriesBase* series = nullptr;
        std::unique_ptr<TimeSeriesBase> owned;
        uint64_t added_cycle = 0;
        bool live = false;
    };
    void record_change();
    void release_retired();

    std::vector<Element> elements_;  // by id
    std::vector<uint32_t> live_;
    std::vector<DynamicBasketInput*> inputs_;
    bool current_tick_counts_ = true;
    DynamicShape shape_;
    // Series of elements removed in `retired_cycle_`, freed in a later cycle.
    std::vector<std::unique_ptr<TimeSeriesBase>> retired_;
    uint64_t retired_cycle_ = 0;
};

template <class K, class Hash = std::hash<K>, class Eq = std::equal_to<K>>
class DynamicBasket final : public DynamicBasketBase {
public:
    using key_type = K;
    using DynamicBasketBase::DynamicBasketBase;

    std::optional<uint32_t> find(const K& key) const {
        const auto it = index_.find(key);
        if (it == index_.end()) return std::nullopt;
        return it->second;
    }
    // The key of element `id` (live or removed).
    const K& key(uint32_t id) const { return keys_.at(id); }

    // Adds `key` with a series the basket owns; returns its id.
    uint32_t add_owned(const K& key, std::unique_ptr<TimeSeriesBase> series) {
        TimeSeriesBase* raw = series.get();
        return add_key(key, raw, std::move(series));
    }
    // Adds `key` with a series owned elsewhere.
    uint32_t add(const K& key, TimeSeriesBase& series) { return add_key(key, &series, nullptr); }
    // Removes `key`. KeyError if it is not in the basket; RuntimeError if it ticked in this cycle.
    bool remove(const K& key) { return remove_key(key, false); }

    uint32_t add_keyed_like(const DynamicBasketBase& source, uint32_t source_id, TimeSeriesBase& series) override {
        return add_key(static_cast<const DynamicBasket&>(source).key(source_id), &series, nullptr, false);
    }
    void remove_keyed_like(const DynamicBasketBase& source, uint32_t source_id) override {
        remove_key(static_cast<const DynamicBasket&>(source).key(source_id), true);
    }

private:
    std::string key_text(uint32_t id) const override { return csp::str(keys_.at(id)); }
    bool keys_equal(uint32_t a, uint32_t b) const override { return Eq{}(keys_.at(a), keys_.at(b)); }

    bool remove_key(const K& key, bool same_cycle_ok) {
        const auto it = index_.find(key);
        if (it == index_.end()) {
            if (same_cycle_ok) return false;
            throw KeyError("attempting to remove unknown key " + csp::str(key) + " from dynamic basket");
        }
        remove_element(it->second, same_cycle_ok);  // throws (leaving the key) if it was added in this cycle
        index_.erase(it);
        return true;
    }

    uint32_t add_key(const K& key, TimeSeriesBase* series, std::unique_ptr<TimeSeriesBase> owned,
                     bool current_tick_counts = true) {
        if (index_.contains(key)) throw ValueError("dynamic basket already has key " + csp::str(key));
        const uint32_t id = add_element(series, std::move(owned), current_tick_counts);
        if (keys_.size() <= id) keys_.resize(id + 1, key);
        keys_[id] = key;
        index_.emplace(key, id);
        return id;
    }

    std::vector<K> keys_;  // by id
    std::unordered_map<K, uint32_t, Hash, Eq> index_;  // live keys
};

// A typed handle on a dynamic basket while a graph is built: keys K, element values T.
template <class K, class T>
class DynamicEdge {
public:
    using key_type = K;
    using value_type = T;
    DynamicEdge() = default;
    explicit DynamicEdge(DynamicBasket<K>* basket) : basket_(basket) {}
    DynamicBasket<K>* basket() const { return basket_; }
    EdgeSlot* slot() const { return basket_ ? &basket_->slot() : nullptr; }

private:
    DynamicBasket<K>* basket_ = nullptr;
};

// A node output that is a dynamic basket: output({key, value}) adds unseen keys.
template <class K, class T>
class DynamicOut {
public:
    explicit DynamicOut(Node* owner) : basket_(owner->cycle_state()) { owner->register_output(&basket_); }

    // Ticks `value` on `key`, adding the key if it is not in the basket.
    void tick(const K& key, T value) {
        std::optional<uint32_t> id = basket_.find(key);
        if (!id) id = basket_.add_owned(key, std::make_unique<TimeSeries<T>>(basket_.cycle_state()));
        static_cast<TimeSeries<T>*>(basket_.element(*id))->tick(std::move(value));
    }
    // Removes `key`. KeyError if absent; RuntimeError if it ticked in this cycle.
    bool remove(const K& key) { return basket_.remove(key); }
    DynamicEdge<K, T> edge() { return DynamicEdge<K, T>(&basket_); }
    operator DynamicEdge<K, T>() { return edge(); }  // NOLINT(google-explicit-constructor)
    DynamicBasket<K>& basket() { return basket_; }

private:
    DynamicBasket<K> basket_;
};

// The input a node has on a dynamic basket: it schedules the node when the
// shape changes and, once resolved, forwards every element added or removed
// (the elements already there first) to `listener`, which subscribes to or
// drops them (InDynamic, or a Python node's basket slot).
class DynamicBasketInput final : public InputBase {
public:
    DynamicBasketInput(Node* owner, EdgeSlot* slot, DynamicBasketBase::Listener* listener)
        : InputBase(owner, slot, typeid(DynamicBasketBase)), listener_(listener) {}
    ~DynamicBasketInput() override { stop_listening(); }

    void resolve() override;
    void on_prepared() override;
    void detach() override;
    DynamicBasketBase& basket() const { return *static_cast<DynamicBasketBase*>(series_); }
    DynamicBasketBase::Listener& listener() const { return *listener_; }
    // Called by a basket destroyed before its consumers (at engine teardown).
    void basket_destroyed() { listening_ = false; }

private:
    void stop_listening();
    DynamicBasketBase::Listener* listener_;
    bool listening_ = false;
};

// For listeners: subscribes `owner` to the input on a new element of
// `basket` under the input's tag and, if the element ticked in this cycle
// before `owner` heard of it (and that tick counts, see
// DynamicBasketBase::current_tick_counts), records the tick for `owner`.
void follow_element(Node& owner, InputBase& element, const DynamicBasketBase& basket);

// A typed dynamic basket input: the elements are In<T>, addressed by key.
//
//     InDynamic<std::string, double> prices{this, prices_edge};
//     void execute() override {
//         for (const auto& key : prices.added_keys()) ...
//         for (const auto& [key, price] : prices.ticked_items()) ...
//     }
template <class K, class T>
class InDynamic : private DynamicBasketBase::Listener {
public:
    InDynamic(Node* owner, DynamicEdge<K, T> edge) : owner_(owner), input_(owner, edge.slot(), this) {}
    InDynamic(const InDynamic&) = delete;
    InDynamic& operator=(const InDynamic&) = delete;
    ~InDynamic() = default;

    size_t size() const { return elements_.size(); }
    bool contains(const K& key) const { return basket().find(key).has_value() && elements_.contains(*basket().find(key)); }
    // The element of `key`. Throws KeyError if the key is not in the basket.
    const In<T>& operator[](const K& key) const {
        const auto id = basket().find(key);
        if (!id || !elements_.contains(*id)) throw KeyError("key not in dynamic basket");
        return *elements_.at(*id);
    }
    std::vector<K> keys() const {
        std::vector<K> out;
        for (uint32_t id : basket().ids()) if (elements_.contains(id)) out.push_back(basket().key(id));
        return out;
    }
    // True if an element ticked in this cycle; shape_ticked() if keys were added or removed.
    bool ticked() const { return !ticked_ids().empty(); }
    bool shape_ticked() const { return input_.ticked(); }
    std::vector<K> added_keys() const { return keys_of(basket().shape().added); }
    std::vector<K> removed_keys() const { return keys_of(basket().shape().removed); }
    // (key, value) of the elements that ticked in this cycle, in the order they ticked.
    std::vector<std::pair<K, T>> ticked_items() const {
        std::vector<std::pair<K, T>> out;
        for (uint32_t id : ticked_ids()) out.emplace_back(basket().key(id), elements_.at(id)->value());
        return out;
    }

private:
    const DynamicBasket<K>& basket() const { return static_cast<const DynamicBasket<K>&>(input_.basket()); }
    std::vector<K> keys_of(const std::vector<uint32_t>& ids) const {
        std::vector<K> out;
        for (uint32_t id : ids) out.push_back(basket().key(id));
        return out;
    }
    std::vector<uint32_t> ticked_ids() const {
        std::vector<uint32_t> out;
        for (int32_t tag : owner_->ticked_tags()) {
            const auto it = id_of_tag_.find(tag);
            if (it != id_of_tag_.end() && elements_.contains(it->second)) out.push_back(it->second);
        }
        return out;
    }
    void element_added(DynamicBasketBase& basket, uint32_t id) override {
        TimeSeriesBase& series = *basket.element(id);
        auto element = std::make_unique<In<T>>(owner_, Edge<T>(&series.slot()));
        const int32_t tag = owner_->allocate_dynamic_tag();
        element->set_tag(tag);
        element->resolve();
        follow_element(*owner_, *element, basket);
        id_of_tag_.emplace(tag, id);
        elements_.emplace(id, std::move(element));
    }
    void element_removed(DynamicBasketBase&, uint32_t id) override {
        const auto it = elements_.find(id);
        if (it == elements_.end()) return;
        it->second->detach();
        owner_->unregister_input(it->second.get());
        std::erase_if(id_of_tag_, [id](const auto& entry) { return entry.second == id; });
        elements_.erase(it);
    }

    Node* owner_;
    DynamicBasketInput input_;
    std::unordered_map<uint32_t, std::unique_ptr<In<T>>> elements_;  // by element id
    std::unordered_map<int32_t, uint32_t> id_of_tag_;
};

}  // namespace csp
