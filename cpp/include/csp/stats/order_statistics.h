// Order statistics for csp::stats: quantiles and ranks of a sliding window.
//
// OrderedMultiset keeps up to kSmall values in a sorted vector (a binary
// search and a short memmove per update: fastest for typical windows), and
// switches to a treap beyond: keyed by value, each node holding one distinct
// value with its multiplicity and the total count of its subtree, so insert,
// erase, k-th smallest and count-below are O(log n) expected. Nodes live in
// a vector with a free list (no allocation per sample in steady state).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "csp/core/exceptions.h"
#include "csp/stats/window.h"

namespace csp::stats {

class OrderedMultiset {
public:
    static constexpr size_t kSmall = 1024;
    void insert(double v) {
        if (tree_) {
            root_ = insert(root_, v);
            return;
        }
        sorted_.insert(std::upper_bound(sorted_.begin(), sorted_.end(), v), v);
        if (sorted_.size() > kSmall) to_tree();
    }
    // Removes one occurrence of v (if present).
    void erase(double v) {
        if (tree_) {
            root_ = erase(root_, v);
            return;
        }
        const auto it = std::lower_bound(sorted_.begin(), sorted_.end(), v);
        if (it != sorted_.end() && *it == v) sorted_.erase(it);
    }
    void clear() {
        sorted_.clear();
        nodes_.clear();
        free_.clear();
        root_ = kNil;
        tree_ = false;
    }
    int64_t size() const { return tree_ ? total(root_) : static_cast<int64_t>(sorted_.size()); }
    // The k-th smallest value, 0-based; k < size().
    double kth(int64_t k) const;
    // How many values are < v (or <= v when `inclusive`).
    int64_t count_below(double v, bool inclusive) const;

private:
    static constexpr int32_t kNil = -1;
    struct TreapNode {
        double value;
        uint32_t priority;
        int64_t count;  // occurrences of value
        int64_t total;  // occurrences in the subtree
        int32_t left = kNil, right = kNil;
    };
    int64_t total(int32_t n) const { return n == kNil ? 0 : nodes_[n].total; }
    void update(int32_t n) { nodes_[n].total = nodes_[n].count + total(nodes_[n].left) + total(nodes_[n].right); }
    int32_t rotate_right(int32_t n) {
        const int32_t l = nodes_[n].left;
        nodes_[n].left = nodes_[l].right;
        nodes_[l].right = n;
        update(n);
        update(l);
        return l;
    }
    int32_t rotate_left(int32_t n) {
        const int32_t r = nodes_[n].right;
        nodes_[n].right = nodes_[r].left;
        nodes_[r].left = n;
        update(n);
        update(r);
        return r;
    }
    int32_t make(double v) {
        seed_ ^= seed_ << 13;  // xorshift32 priorities
        seed_ ^= seed_ >> 17;
        seed_ ^= seed_ << 5;
        const TreapNode node{v, seed_, 1, 1};
        if (!free_.empty()) {
            const int32_t n = free_.back();
            free_.pop_back();
            nodes_[n] = node;
            return n;
        }
        nodes_.push_back(node);
        return static_cast<int32_t>(nodes_.size() - 1);
    }
    int32_t insert(int32_t n, double v) {
        if (n == kNil) return make(v);
        if (v == nodes_[n].value) {
            ++nodes_[n].count;
        } else if (v < nodes_[n].value) {
            const int32_t child = insert(nodes_[n].left, v);
            nodes_[n].left = child;
            if (nodes_[child].priority > nodes_[n].priority) n = rotate_right(n);
        } else {
            const int32_t child = insert(nodes_[n].right, v);
            nodes_[n].right = child;
            if (nodes_[child].priority > nodes_[n].priority) n = rotate_left(n);
        }
        update(n);
        return n;
    }
    int32_t erase(int32_t n, double v) {
        if (n == kNil) return kNil;  // not present: nothing to do
        if (v < nodes_[n].value) {
            const int32_t child = erase(nodes_[n].left, v);
            nodes_[n].left = child;
        } else if (v > nodes_[n].value) {
            const int32_t child = erase(nodes_[n].right, v);
            nodes_[n].right = child;
        } else if (--nodes_[n].count == 0) {
            return remove_node(n);
        }
        update(n);
        return n;
    }
    // Rotates node n down until it is a leaf, then frees it.
    int32_t remove_node(int32_t n) {
        const int32_t l = nodes_[n].left, r = nodes_[n].right;
        if (l == kNil || r == kNil) {
            free_.push_back(n);
            return l == kNil ? r : l;
        }
        int32_t top;
        if (nodes_[l].priority > nodes_[r].priority) {
            top = rotate_right(n);
            nodes_[top].right = remove_node(n);
        } else {
            top = rotate_left(n);
            nodes_[top].left = remove_node(n);
        }
        update(top);
        return top;
    }

    void to_tree() {
        tree_ = true;
        for (double v : sorted_) root_ = insert(root_, v);
        sorted_.clear();
        sorted_.shrink_to_fit();
    }

    bool tree_ = false;           // values in the treap, else in sorted_
    std::vector<double> sorted_;  // the values, ascending (while small)
    std::vector<TreapNode> nodes_;
    std::vector<int32_t> free_;
    int32_t root_ = kNil;
    uint32_t seed_ = 2463534242u;
};

inline double OrderedMultiset::kth(int64_t k) const {
    if (!tree_) return k < static_cast<int64_t>(sorted_.size()) ? sorted_[static_cast<size_t>(k)] : kNaN;
    int32_t n = root_;
    while (n != kNil) {
        const int64_t left = total(nodes_[n].left);
        if (k < left) {
            n = nodes_[n].left;
        } else if (k < left + nodes_[n].count) {
            return nodes_[n].value;
        } else {
            k -= left + nodes_[n].count;
            n = nodes_[n].right;
        }
    }
    return kNaN;
}

inline int64_t OrderedMultiset::count_below(double v, bool inclusive) const {
    if (!tree_) {
        const auto it = inclusive ? std::upper_bound(sorted_.begin(), sorted_.end(), v)
                                  : std::lower_bound(sorted_.begin(), sorted_.end(), v);
        return it - sorted_.begin();
    }
    int64_t below = 0;
    int32_t n = root_;
    while (n != kNil) {
        const TreapNode& node = nodes_[n];
        if (v < node.value || (!inclusive && v == node.value)) {
            n = node.left;
        } else {
            below += total(node.left) + node.count;
            if (v == node.value) return below;  // inclusive: every occurrence counted
            n = node.right;
        }
    }
    return below;
}

// How a quantile between two order statistics is chosen (numpy's methods).
enum class Interpolation { Linear, Lower, Higher, Midpoint, Nearest };

inline Interpolation parse_interpolation(const std::string& name) {
    if (name == "linear") return Interpolation::Linear;
    if (name == "lower") return Interpolation::Lower;
    if (name == "higher") return Interpolation::Higher;
    if (name == "midpoint") return Interpolation::Midpoint;
    if (name == "nearest") return Interpolation::Nearest;
    throw ValueError("The interpolation method provided is not valid. Please consult the documentation");
}

// The q-quantile of the window (q in [0, 1]); median is q = 0.5.
class Quantile {
public:
    using Sample = double;
    explicit Quantile(double q = 0.5, Interpolation interpolation = Interpolation::Linear)
        : q_(q), interpolation_(interpolation) {
        if (!(q >= 0.0 && q <= 1.0)) throw ValueError("quantile must be between 0 and 1, got " + std::to_string(q));
    }
    void add(double x) { set_.insert(x); }
    void remove(double x) { set_.erase(x); }
    void clear() { set_.clear(); }
    double value() const;

private:
    double q_;
    Interpolation interpolation_;
    OrderedMultiset set_;
};

inline double Quantile::value() const {
    const int64_t n = set_.size();
    if (n == 0) return kNaN;
    const double pos = q_ * static_cast<double>(n - 1);
    const auto lo = static_cast<int64_t>(std::floor(pos));
    const int64_t hi = lo + 1 < n ? lo + 1 : lo;
    const double frac = pos - static_cast<double>(lo);
    const double a = set_.kth(lo);
    if (frac == 0.0) return a;
    const double b = set_.kth(hi);
    switch (interpolation_) {
        case Interpolation::Lower: return a;
        case Interpolation::Higher: return b;
        case Interpolation::Midpoint: return (a + b) / 2;
        case Interpolation::Nearest: return frac < 0.5 || (frac == 0.5 && lo % 2 == 0) ? a : b;  // ties to even
        case Interpolation::Linear: break;
    }
    return a + (b - a) * frac;
}

// How tied values are ranked.
enum class RankMethod { Min, Max, Avg };

inline RankMethod parse_rank_method(const std::string& name) {
    if (name == "min") return RankMethod::Min;
    if (name == "max") return RankMethod::Max;
    if (name == "avg") return RankMethod::Avg;
    throw ValueError("The rank method must be one of: min, max, avg. Please consult the documentation");
}

// The 0-based rank of the latest sample among the window's samples. A NaN
// latest sample gives NaN, or with `keep_na = false` the rank of the latest
// non-NaN sample still in the window.
class Rank {
public:
    using Sample = double;
    static constexpr bool kSeesNan = true;
    explicit Rank(RankMethod method = RankMethod::Min, bool keep_na = true) : method_(method), keep_na_(keep_na) {}
    void add(double x) {
        latest_is_nan_ = std::isnan(x);
        if (latest_is_nan_) return;
        set_.insert(x);
        latest_ = x;
        ++valid_;
    }
    void remove(double x) {
        if (std::isnan(x)) return;
        set_.erase(x);
        --valid_;
    }
    void clear() {
        set_.clear();
        valid_ = 0;
        latest_is_nan_ = false;
    }
    double value() const;

private:
    RankMethod method_;
    bool keep_na_;
    OrderedMultiset set_;
    double latest_ = kNaN;
    bool latest_is_nan_ = false;
    int64_t valid_ = 0;
};

inline double Rank::value() const {
    if (valid_ == 0 || (latest_is_nan_ && keep_na_)) return kNaN;
    const auto below = static_cast<double>(set_.count_below(latest_, false));
    const auto up_to = static_cast<double>(set_.count_below(latest_, true) - 1);
    switch (method_) {
        case RankMethod::Min: return below;
        case RankMethod::Max: return up_to;
        case RankMethod::Avg: break;
    }
    return (below + up_to) / 2;
}

}  // namespace csp::stats
