// The window machinery shared by every csp::stats statistic.
//
// A statistic is an *accumulator* (see accumulators.h) fed by a WindowNode,
// which decides which samples are in the window and when to emit:
//
//   - interval: expanding (every sample since the start or the last reset),
//     the last N data ticks (NaN ticks included), or a time window
//     (now - interval, now], open on the left;
//   - min_window: no output until N data ticks happened since the start
//     (tick windows; resets do not restart the count; N <= 1 is reached from
//     the start, so a trigger before any data emits) or until
//     now - start >= min_window (time windows). Defaults to the interval;
//   - trigger: when given, emit only when it ticks (samples are still added
//     whenever data arrives); otherwise emit on every data tick;
//   - sampler: when given, data ticks are the sampler's ticks, and a sampler
//     tick without x is a NaN sample; x ticks alone are ignored;
//   - reset: clears the window (before this cycle's sample is added);
//   - recalc: rebuilds the accumulator from the samples in the window, which
//     discards accumulated rounding error (not for expanding windows);
//   - ignore_na: NaN samples are skipped; when false, a NaN in the window
//     makes the output NaN (accumulators that handle NaN themselves opt out);
//   - min_data_points: fewer non-NaN samples in the window give NaN.
//
// Array series (see inputs.h) run one accumulator per element, and the rules
// above apply to each element's samples; the node emits an array of the
// results once the first array gave the shape (a trigger or sampler tick
// before it is a ValueError, as the reference).
//
// Accumulator contract (all members O(1) or O(log n)):
//
//     struct Acc {
//         using Sample = double;             // or Pair, Weighted, WeightedPair (inputs.h)
//         using Output = double;             // optional; double by default
//         void add(const Sample&);           // a non-NaN sample (see kSeesNan)
//         void remove(const Sample&);        // the oldest sample still added (FIFO)
//         void clear();
//         Output value() const;              // the statistic of the samples added
//         // optional: static constexpr bool kSeesNan = true;  // receives NaN samples too
//         // optional: static constexpr bool kOwnsNaPolicy = true;  // applies ignore_na itself:
//         //           the window then never replaces its value by NaN for a NaN in the window
//         // optional: void add(const Sample&, DateTime time); (instead of add(Sample))
//         // optional: bool stale() const;  // rebuild me from the window's samples
//     };
//
// Thread-safety: engine thread only, like every node.
#pragma once

#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "csp/api/graph.h"
#include "csp/core/exceptions.h"
#include "csp/engine/node.h"
#include "csp/stats/inputs.h"

namespace csp::stats {

// The value emitted instead of a statistic when it is undefined (NaN).
template <class Output>
Output undefined_output() {
    if constexpr (std::is_same_v<Output, DateTime>) {
        return DateTime::from_nanos(0);  // the reference emits the epoch for an undefined time
    } else {
        return Output(kNaN);
    }
}

// Which samples are in the window, and when the first output may happen.
struct WindowSpec {
    enum class Kind { Expanding, Ticks, Time };
    Kind kind = Kind::Expanding;
    int64_t ticks = 0;                  // Kind::Ticks: window length in data ticks (> 0)
    TimeDelta time = TimeDelta::zero(); // Kind::Time: window length (> 0)
    // No output before min_ticks data ticks happened and min_time passed since the start.
    int64_t min_ticks = 0;
    TimeDelta min_time = TimeDelta::zero();
    bool ignore_na = true;
    int64_t min_data_points = 0;
    // Two-input statistics: a cycle in which only one input ticks is an
    // error, or ignored when allow_non_overlapping.
    bool allow_non_overlapping = false;

    static WindowSpec expanding(TimeDelta min_window = TimeDelta::zero()) {
        WindowSpec s;
        s.min_time = min_window;
        return s;
    }
    // An expanding window emitting from the min_ticks-th data tick on (ema's min_periods).
    static WindowSpec expanding_ticks(int64_t min_ticks) {
        WindowSpec s;
        s.min_ticks = min_ticks;
        return s;
    }
    // min_window < 0 means "same as the interval".
    static WindowSpec tick_window(int64_t n, int64_t min_window = -1) {
        if (n <= 0) throw ValueError("Tick interval needs to be positive");
        WindowSpec s;
        s.kind = Kind::Ticks;
        s.ticks = n;
        s.min_ticks = min_window < 0 ? n : min_window;
        return s;
    }
    static WindowSpec time_window(TimeDelta interval, std::optional<TimeDelta> min_window = std::nullopt) {
        if (interval <= TimeDelta::zero())
            throw ValueError("Time specified interval needs to be positive. To specify an expanding window, use interval=None");
        WindowSpec s;
        s.kind = Kind::Time;
        s.time = interval;
        s.min_time = min_window.value_or(interval);
        return s;
    }
    WindowSpec& with_ignore_na(bool v) { ignore_na = v; return *this; }
    WindowSpec& with_min_data_points(int64_t n) { min_data_points = n; return *this; }
};

// The optional control inputs of a statistic; any edge type (only ticks matter).
struct Controls {
    EdgeSlot* trigger = nullptr;
    EdgeSlot* sampler = nullptr;
    EdgeSlot* reset = nullptr;
    EdgeSlot* recalc = nullptr;
    // Weighted statistics: a float series, or (array statistics) an array series of x's shape.
    EdgeSlot* weights = nullptr;
    bool weights_are_arrays = false;
};

namespace detail {

template <class Acc>
constexpr bool sees_nan() {
    if constexpr (requires { Acc::kSeesNan; }) return Acc::kSeesNan; else return false;
}
template <class Acc>
constexpr bool owns_na_policy() {
    if constexpr (requires { Acc::kOwnsNaPolicy; }) return Acc::kOwnsNaPolicy; else return false;
}

template <class Acc>
struct OutputOf { using type = double; };
template <class Acc>
    requires requires { typename Acc::Output; }
struct OutputOf<Acc> { using type = typename Acc::Output; };

// The statistic of one element: its accumulator and the NaN samples in its window.
template <class Acc>
struct Cell {
    Acc acc;
    int64_t nan_count = 0;
};

template <class Codec, class Output>
struct NodeOutput { using type = Output; };
template <class Codec, class Output>
    requires Codec::kArray
struct NodeOutput<Codec, Output> { using type = typename Codec::template Array<Output>; };

}  // namespace detail

namespace detail {

// A FIFO of values in one growable circular buffer (capacity a power of
// two): push at the back, pop at the front, index from the front; no
// allocation once the window reached its largest size.
template <class T>
class Ring {
public:
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const T& operator[](size_t i) const { return buffer_[(head_ + i) & mask_]; }
    const T& front() const { return (*this)[0]; }
    void push_back(const T& value) {
        if (size_ == capacity_) [[unlikely]] grow();
        buffer_[(head_ + size_) & mask_] = value;
        ++size_;
    }
    void pop_front(size_t n = 1) {
        head_ = (head_ + n) & mask_;
        size_ -= n;
    }
    void clear() { head_ = size_ = 0; }

private:
    [[gnu::noinline]] void grow() {
        std::vector<T> bigger(buffer_.empty() ? 16 : buffer_.size() * 2);
        for (size_t i = 0; i < size_; ++i) bigger[i] = (*this)[i];
        buffer_ = std::move(bigger);
        capacity_ = buffer_.size();
        mask_ = capacity_ - 1;
        head_ = 0;
    }
    std::vector<T> buffer_;
    size_t head_ = 0, size_ = 0, capacity_ = 0, mask_ = 0;
};

}  // namespace detail

// A node computing Acc over a window of its data inputs (see the file comment),
// for one float series, or element-wise for array series (see inputs.h).
template <class Acc, class Codec = ScalarCodec>
class WindowNode final : public Node {
public:
    using Sample = typename Acc::Sample;
    using Element = typename detail::OutputOf<Acc>::type;
    using Output = typename detail::NodeOutput<Codec, Element>::type;

    WindowNode(std::string name, const std::vector<EdgeSlot*>& data, WindowSpec spec, Controls controls, Acc acc,
               Layout layout = Layout::ElementWise)
        : Node(std::move(name)),
          spec_(spec),
          prototype_(std::move(acc)),
          // With a sampler, the data inputs only supply values: the sampler schedules.
          inputs_(this, data, controls.weights, controls.weights_are_arrays, layout, controls.sampler == nullptr) {
        if constexpr (!Codec::kArray) cells_.push_back(detail::Cell<Acc>{prototype_});
        wire(trigger_, controls.trigger);
        wire(sampler_, controls.sampler);
        wire(reset_, controls.reset);
        wire(recalc_, controls.recalc);
        if (recalc_ && spec_.kind == WindowSpec::Kind::Expanding)
            throw ValueError("The recalc parameter cannot be used with an expanding window (it is redundant)");
    }

    Out<Output> out{this};

    void start() override { start_time_ = engine().start_time(); }

    void execute() override {
        if (reset_ && reset_->ticked()) clear();
        const bool data_tick = sampler_ ? sampler_->ticked() : inputs_.ticked(spec_.allow_non_overlapping);
        if (data_tick) add();
        if (recalc_ && recalc_->ticked()) recalculate();
        const bool emit = trigger_ ? trigger_->ticked() : data_tick;
        if (!emit) return;
        if (cells_.empty()) [[unlikely]] {  // arrays only: a scalar series always has its cell
            if constexpr (Codec::kArray)
                if (!inputs_.has_shape())
                    throw ValueError("Shape of the NumPy array was unknown at the time the trigger ticked.");
            return;
        }
        if (!min_window_reached()) return;
        expire();
        rebuild_if_stale();
        emit_values();
    }

private:
    // Elements per row: one for a float series.
    size_t width() const {
        if constexpr (Codec::kArray) return cells_.size(); else return 1;
    }
    void wire(std::unique_ptr<TickIn>& in, EdgeSlot* slot) {
        if (slot != nullptr) in = std::make_unique<TickIn>(this, slot);
    }
    // Once reached, stays reached: data ticks and time only grow (resets do not restart it).
    // A minimum of one tick is reached from the start, as the reference: a trigger
    // before the first data tick emits the statistic of an empty window.
    bool min_window_reached() {
        if (!min_window_reached_)
            min_window_reached_ = (spec_.min_ticks <= 1 || total_ticks_ >= spec_.min_ticks) &&
                                  now() - start_time_ >= spec_.min_time;
        return min_window_reached_;
    }

    void add() {
        const Sample* row;
        Sample scalar;
        if constexpr (Codec::kArray) {
            inputs_.read(row_);
            if (!inputs_.has_shape()) [[unlikely]]  // a sampler tick before the first array
                throw ValueError("Error: sampler called on a NumPy array before any data ticks - shape is unknown.");
            if (row_.empty()) return;  // empty arrays
            if (cells_.empty()) cells_.assign(row_.size(), detail::Cell<Acc>{prototype_});
            row = row_.data();
        } else {
            scalar = inputs_.read();
            row = &scalar;
        }
        ++total_ticks_;
        if (spec_.kind == WindowSpec::Kind::Ticks && static_cast<int64_t>(times_.size()) == spec_.ticks) pop_oldest();
        else expire();
        const DateTime t = now();
        if (spec_.kind != WindowSpec::Kind::Expanding) {
            times_.push_back(t);
            for (size_t i = 0; i < width(); ++i) samples_.push_back(row[i]);
        }
        for (size_t i = 0; i < width(); ++i) {
            if (is_nan(row[i])) ++cells_[i].nan_count;
            feed(cells_[i].acc, row[i], t);
        }
    }
    static void feed(Acc& acc, const Sample& s, DateTime time) {
        if (is_nan(s) && !detail::sees_nan<Acc>()) return;
        if constexpr (requires { acc.add(s, time); }) acc.add(s, time); else acc.add(s);
    }
    void pop_oldest() {
        for (size_t i = 0; i < width(); ++i) {
            const Sample& s = samples_[i];
            detail::Cell<Acc>& cell = cells_[i];
            if (is_nan(s)) --cell.nan_count;
            if (!is_nan(s) || detail::sees_nan<Acc>()) cell.acc.remove(s);
        }
        samples_.pop_front(width());
        times_.pop_front();
    }
    void expire() {
        if (spec_.kind != WindowSpec::Kind::Time) return;
        const DateTime cutoff = now() - spec_.time;  // the window is (now - interval, now]
        while (!times_.empty() && times_.front() <= cutoff) pop_oldest();
    }
    void clear() {
        times_.clear();
        samples_.clear();
        ticks_before_reset_ = total_ticks_;
        for (auto& cell : cells_) cell = detail::Cell<Acc>{prototype_};
    }
    // Accumulators that can lose precision ask to be rebuilt (windows that store samples only).
    void rebuild_if_stale() {
        if constexpr (requires { prototype_.stale(); }) {
            if (spec_.kind == WindowSpec::Kind::Expanding) return;
            for (size_t i = 0; i < width(); ++i)
                if (cells_[i].acc.stale()) recalculate(i);
        }
    }
    void recalculate() {
        for (size_t i = 0; i < width(); ++i) recalculate(i);
    }
    void recalculate(size_t i) {
        Acc& acc = cells_[i].acc;
        acc = prototype_;
        for (size_t k = 0; k < times_.size(); ++k) feed(acc, samples_[k * width() + i], times_[k]);
    }
    Element current(const detail::Cell<Acc>& cell) const {
        const int64_t total = spec_.kind == WindowSpec::Kind::Expanding ? expanding_count()
                                                                         : static_cast<int64_t>(times_.size());
        const int64_t valid = total - cell.nan_count;
        if (valid < spec_.min_data_points) return undefined_output<Element>();
        if (!spec_.ignore_na && cell.nan_count > 0 && !detail::owns_na_policy<Acc>()) return undefined_output<Element>();
        return cell.acc.value();
    }
    void emit_values() {
        if constexpr (Codec::kArray) {
            std::vector<Element> values(width());
            for (size_t i = 0; i < width(); ++i) values[i] = current(cells_[i]);
            out.tick(Codec::make(inputs_.shape(), std::move(values)));
        } else {
            out.tick(current(cells_[0]));
        }
    }
    // Samples since the last reset in an expanding window (not stored).
    int64_t expanding_count() const { return total_ticks_ - ticks_before_reset_; }

    WindowSpec spec_;
    Acc prototype_;  // a fresh accumulator
    DataInputs<Codec, Sample> inputs_;
    std::vector<detail::Cell<Acc>> cells_;  // one per element (one for a float series)
    std::vector<Sample> row_;               // arrays: this tick's samples
    std::unique_ptr<TickIn> trigger_, sampler_, reset_, recalc_;
    detail::Ring<DateTime> times_;  // the window's ticks, oldest first (not for expanding windows)
    detail::Ring<Sample> samples_;  // their rows, width() samples each
    int64_t total_ticks_ = 0;
    int64_t ticks_before_reset_ = 0;
    bool min_window_reached_ = false;
    DateTime start_time_ = DateTime::min();
};

// Adds a WindowNode computing `acc` to the graph being built; returns its output.
template <class Acc, class Codec = ScalarCodec>
Edge<typename WindowNode<Acc, Codec>::Output> windowed(const std::string& name, const std::vector<EdgeSlot*>& data,
                                                       const WindowSpec& spec, const Controls& controls, Acc acc,
                                                       Layout layout = Layout::ElementWise) {
    return add<WindowNode<Acc, Codec>>(name, data, spec, controls, std::move(acc), layout).out.edge();
}

template <class Acc>
Edge<typename WindowNode<Acc>::Output> windowed(const std::string& name, const std::vector<Edge<double>>& data,
                                                const WindowSpec& spec, const Controls& controls, Acc acc) {
    std::vector<EdgeSlot*> slots;
    for (const Edge<double>& e : data) slots.push_back(e.slot());
    return windowed<Acc, ScalarCodec>(name, slots, spec, controls, std::move(acc));
}

}  // namespace csp::stats
