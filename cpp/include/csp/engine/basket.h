// Input baskets: a node input made of many time series of one type.
//
//   InList<T>     a list basket, elements by index        (Python [ts[T]])
//   InDict<K, T>  a dict basket, elements by key           (Python {K: ts[T]})
//
// ticked() is true if any element ticked this cycle, valid() if every element
// ticked at least once. ticked_indices() lists the elements that ticked in
// this cycle in propagation order (the order they ticked).
#pragma once

#include <deque>
#include <map>
#include <vector>

#include "csp/engine/node.h"

namespace csp {

template <class T>
class InList {
public:
    InList(Node* owner, const std::vector<Edge<T>>& edges, bool active = true)
        : owner_(owner), first_tag_(owner->next_input_tag()) {
        for (const Edge<T>& edge : edges) {
            In<T>& element = elements_.emplace_back(owner, edge, active);
            element.set_tag(owner->next_input_tag() - 1);
        }
    }
    InList(const InList&) = delete;
    InList& operator=(const InList&) = delete;

    size_t size() const { return elements_.size(); }
    const In<T>& operator[](size_t i) const { return elements_[i]; }
    In<T>& operator[](size_t i) { return elements_[i]; }
    auto begin() const { return elements_.begin(); }
    auto end() const { return elements_.end(); }

    bool ticked() const {
        for (const In<T>& e : elements_) if (e.ticked()) return true;
        return false;
    }
    bool valid() const {
        for (const In<T>& e : elements_) if (!e.valid()) return false;
        return true;
    }
    // Indices of the elements that ticked this cycle, in the order they ticked
    // (active elements), then passive ones that ticked, by index.
    std::vector<size_t> ticked_indices() const {
        std::vector<size_t> out;
        out.reserve(owner_->ticked_tags().size());
        for_each_ticked_index([&out](size_t i) { out.push_back(i); });
        return out;
    }
    // Calls f(index) for each element that ticked this cycle, in the order of ticked_indices(),
    // without building the list.
    template <class F>
    void for_each_ticked_index(F&& f) const {
        const int32_t last_tag = first_tag_ + static_cast<int32_t>(elements_.size());
        for (int32_t tag : owner_->ticked_tags()) {
            if (tag >= first_tag_ && tag < last_tag) f(static_cast<size_t>(tag - first_tag_));
        }
        if (owner_->passive_input_count() == 0) return;  // the scan below is O(width)
        for (size_t i = 0; i < elements_.size(); ++i) {
            if (!elements_[i].active() && elements_[i].ticked()) f(i);
        }
    }
    std::vector<T> ticked_values() const {
        std::vector<T> out;
        for (size_t i : ticked_indices()) out.push_back(elements_[i].value());
        return out;
    }

private:
    Node* owner_;
    int32_t first_tag_;
    std::deque<In<T>> elements_;  // a deque never moves its elements: inputs are registered by address
};

template <class K, class T>
class InDict {
public:
    InDict(Node* owner, const std::map<K, Edge<T>>& edges, bool active = true)
        : list_(owner, values_of(edges, keys_), active) {}

    size_t size() const { return keys_.size(); }
    const std::vector<K>& keys() const { return keys_; }
    const In<T>& operator[](const K& key) const { return list_[index_of(key)]; }
    bool ticked() const { return list_.ticked(); }
    bool valid() const { return list_.valid(); }
    std::vector<K> ticked_keys() const {
        std::vector<K> out;
        for (size_t i : list_.ticked_indices()) out.push_back(keys_[i]);
        return out;
    }
    std::vector<std::pair<K, T>> ticked_items() const {
        std::vector<std::pair<K, T>> out;
        for (size_t i : list_.ticked_indices()) out.emplace_back(keys_[i], list_[i].value());
        return out;
    }

private:
    static std::vector<Edge<T>> values_of(const std::map<K, Edge<T>>& edges, std::vector<K>& keys) {
        std::vector<Edge<T>> values;
        for (const auto& [key, edge] : edges) {
            keys.push_back(key);
            values.push_back(edge);
        }
        return values;
    }
    size_t index_of(const K& key) const {
        for (size_t i = 0; i < keys_.size(); ++i) if (keys_[i] == key) return i;
        throw KeyError("key not in dict basket");
    }
    std::vector<K> keys_;
    InList<T> list_;
};

}  // namespace csp
