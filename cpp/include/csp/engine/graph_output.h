// Graph outputs: ticks recorded during a run and handed back to the caller.
//
// csp::add_graph_output(key, edge) records every tick of `edge` (or the last
// `tick_count` ticks, or those within `tick_history` of the end) and
// csp::run returns them in RunResults under `key`.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <typeinfo>
#include <utility>
#include <vector>

#include "csp/core/exceptions.h"
#include "csp/engine/node.h"

namespace csp {

template <class T>
using Ticks = std::vector<std::pair<DateTime, T>>;

class RecordedTicksBase {
public:
    virtual ~RecordedTicksBase() = default;
    virtual const std::type_info& value_type() const = 0;
    virtual size_t size() const = 0;
};

template <class T>
class RecordedTicks final : public RecordedTicksBase {
public:
    explicit RecordedTicks(Ticks<T> ticks) : ticks(std::move(ticks)) {}
    const std::type_info& value_type() const override { return typeid(T); }
    size_t size() const override { return ticks.size(); }
    Ticks<T> ticks;
};

class GraphOutputBase : public Node {
public:
    explicit GraphOutputBase(const std::string& key) : Node("graph_output[" + key + "]", NodeKind::GraphOutput) {}
    // Moves the recorded ticks out, applying the tick_count / tick_history limits.
    virtual std::unique_ptr<RecordedTicksBase> take() = 0;
};

template <class T>
class GraphOutput final : public GraphOutputBase {
public:
    // tick_count < 0 keeps every tick; tick_history > 0 keeps ticks within that
    // long of the last one.
    GraphOutput(const std::string& key, Edge<T> edge, int64_t tick_count = -1,
                TimeDelta tick_history = TimeDelta::zero())
        : GraphOutputBase(key), input_(this, edge), tick_count_(tick_count), tick_history_(tick_history) {
        // Only a tick count: the last tick_count ticks go round a ring (grown as ticks come), with no trimming.
        ring_mode_ = tick_count_ >= 0 && tick_history_ <= TimeDelta::zero();
    }

    void execute() override {
        if (ring_mode_) record_in_ring(); else append();
    }

    std::unique_ptr<RecordedTicksBase> take() override {
        if (ring_mode_) unroll_ring();
        trim();
        return std::make_unique<RecordedTicks<T>>(std::move(ticks_));
    }

private:
    // Out of line: keeps execute() light for the ring.
    [[gnu::noinline]] void append() {
        ticks_.emplace_back(now(), input_.value());
        if (tick_count_ >= 0 && ticks_.size() > 2 * static_cast<size_t>(tick_count_) + 64) trim();
    }
    void record_in_ring() {
        if (!ring_full_) [[unlikely]] return grow_ring();
        ring_[ring_next_] = {now(), input_.value()};
        if (++ring_next_ == static_cast<size_t>(tick_count_)) ring_next_ = 0;
    }
    // The first tick_count ticks: the ring grows (nothing is allocated up front).
    void grow_ring() {
        if (tick_count_ == 0) return;
        ring_.emplace_back(now(), input_.value());
        ring_full_ = ring_.size() == static_cast<size_t>(tick_count_);
    }
    // Moves the ring's ticks, oldest first (the oldest is at ring_next_ once it wrapped), to ticks_.
    void unroll_ring() {
        std::rotate(ring_.begin(), ring_.begin() + static_cast<std::ptrdiff_t>(ring_next_), ring_.end());
        ticks_ = std::move(ring_);
        ring_.clear();
        ring_next_ = 0;
        ring_full_ = false;
    }
    void trim() {
        size_t drop = 0;
        if (tick_count_ >= 0 && ticks_.size() > static_cast<size_t>(tick_count_)) {
            drop = ticks_.size() - static_cast<size_t>(tick_count_);
        }
        if (tick_history_ > TimeDelta::zero() && !ticks_.empty()) {
            const DateTime oldest = ticks_.back().first - tick_history_;
            while (drop < ticks_.size() && ticks_[drop].first < oldest) ++drop;
        }
        ticks_.erase(ticks_.begin(), ticks_.begin() + static_cast<std::ptrdiff_t>(drop));
    }

    In<T> input_;
    int64_t tick_count_;
    TimeDelta tick_history_;
    Ticks<T> ticks_;
    bool ring_mode_ = false;
    Ticks<T> ring_;          // ring mode: up to tick_count ticks
    size_t ring_next_ = 0;   // ring mode, once full: the oldest tick, overwritten next
    bool ring_full_ = false;
};

// What a run returns: the recorded ticks of each graph output, by key.
class RunResults {
public:
    void add(const std::string& key, std::unique_ptr<RecordedTicksBase> ticks) { outputs_[key] = std::move(ticks); }
    bool contains(const std::string& key) const { return outputs_.contains(key); }
    size_t size() const { return outputs_.size(); }
    std::vector<std::string> keys() const {
        std::vector<std::string> keys;
        for (const auto& [key, _] : outputs_) keys.push_back(key);
        return keys;
    }
    // The ticks recorded under `key`. Throws KeyError for an unknown key and
    // TypeError if T is not the output's value type.
    template <class T>
    const Ticks<T>& get(const std::string& key) const {
        const auto it = outputs_.find(key);
        if (it == outputs_.end()) throw KeyError("no graph output named '" + key + "'");
        const auto* typed = dynamic_cast<const RecordedTicks<T>*>(it->second.get());
        if (typed == nullptr) throw TypeError("graph output '" + key + "' does not hold values of the requested type");
        return typed->ticks;
    }

private:
    std::map<std::string, std::unique_ptr<RecordedTicksBase>> outputs_;
};

}  // namespace csp
