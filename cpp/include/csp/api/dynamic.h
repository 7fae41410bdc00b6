// Dynamic graphs in the C++ API: dynamic baskets and a sub-graph per key.
//
//     auto by_symbol = csp::dynamic_demultiplex(trades, symbols);   // DynamicEdge<std::string, Trade>
//     auto volumes = csp::dynamic(by_symbol, [](const std::string& symbol, csp::Edge<Trade> trades) {
//         return running_volume(symbol, trades);                     // an Edge<double>
//     });                                                            // DynamicEdge<std::string, double>
//     csp::add_graph_output("volumes", csp::dynamic_collect(volumes));
//
// The sub-graph function runs once per key added to the trigger, while the
// engine runs, with the instance's child engine current: every source and
// node it creates belongs to that instance. It receives the key and the
// trigger's series for that key (Python's csp.snapkey() and csp.attach()).
// Outer edges it reads must be listed after the function, so that the
// dynamic node ranks after their producers.
#pragma once

#include <map>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "csp/api/graph.h"
#include "csp/engine/dynamic.h"
#include "csp/engine/dynamic_basket.h"

namespace csp {

namespace detail {

template <class K, class T>
class DynamicDemultiplex final : public Node {
public:
    DynamicDemultiplex(Edge<T> x, Edge<K> key) : Node("dynamic_demultiplex"), x_(this, x), key_(this, key, false) {}
    DynamicOut<K, T> out{this};
    void execute() override {
        if (x_.ticked() && key_.valid()) out.tick(*key_, *x_);
    }

private:
    In<T> x_;
    In<K> key_;
};

template <class K, class T>
class DynamicCollect final : public Node {
public:
    explicit DynamicCollect(DynamicEdge<K, T> basket) : Node("dynamic_collect"), basket_(this, basket) {}
    Out<std::map<K, T>> out{this};
    void execute() override {
        if (!basket_.ticked()) return;
        std::map<K, T> ticked;
        for (auto& [key, value] : basket_.ticked_items()) ticked.emplace(key, value);
        out.tick(std::move(ticked));
    }

private:
    InDynamic<K, T> basket_;
};

}  // namespace detail

// A dynamic basket keyed by the value of `key` when `x` ticks (key is passive).
template <class K, class T>
DynamicEdge<K, T> dynamic_demultiplex(Edge<T> x, Edge<K> key) {
    return add<detail::DynamicDemultiplex<K, T>>(x, key).out.edge();
}

// The elements of `basket` that ticked in a cycle, as one map.
template <class K, class T>
Edge<std::map<K, T>> dynamic_collect(DynamicEdge<K, T> basket) {
    return add<detail::DynamicCollect<K, T>>(basket).out.edge();
}

// One instance of `sub_graph(key, attached)` per key of `trigger`; returns
// the instances' outputs as a dynamic basket keyed like the trigger.
template <class K, class V, class SubGraph, class... Outer>
auto dynamic(DynamicEdge<K, V> trigger, SubGraph sub_graph, Edge<Outer>... outer) {
    using Result = std::invoke_result_t<SubGraph&, const K&, Edge<V>>;
    using T = typename Result::value_type;
    std::vector<std::unique_ptr<DynamicBasketBase>> outputs;
    outputs.push_back(std::make_unique<DynamicBasket<K>>(detail::engine_for_building("csp::dynamic").cycle_state()));
    DynamicNode::Builder builder = [sub_graph](const DynamicBasketBase& basket, uint32_t id) mutable {
        const auto& keyed = static_cast<const DynamicBasket<K>&>(basket);
        Edge<V> attached(&basket.element(id)->slot());
        Edge<T> result = sub_graph(keyed.key(id), attached);
        return std::vector<EdgeSlot*>{result.slot()};
    };
    auto& node = add<DynamicNode>("dynamic", trigger.slot(), std::vector<EdgeSlot*>{outer.slot()...},
                                  std::move(outputs), std::move(builder));
    return DynamicEdge<K, T>(static_cast<DynamicBasket<K>*>(&node.output(0)));
}

}  // namespace csp
