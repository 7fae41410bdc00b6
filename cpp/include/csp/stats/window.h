// The window machinery shared by every csp::stats statistic.
//
// A statistic is an *accumulator* (see accumulators.h) fed by a WindowNode,
// which decides which samples are in the window and when to emit:
//
//   - interval: expanding (every sample since the start or the last reset),
//     the last N data ticks (NaN ticks included), or a time window
//     (now - interval, now], open on the left;
//   - min_window: no output until N data ticks happened since the start
//     (tick windows; resets do not restart the count) or until
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
// Accumulator contract (all members O(1) or O(log n)):
//
//     struct Acc {
//         using Sample = double;             // or Pair for two-input statistics
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

namespace csp::stats {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Two simultaneous samples (cov, corr).
struct Pair {
    double x = kNaN;
    double y = kNaN;
};

inline bool is_nan(double v) { return std::isnan(v); }
inline bool is_nan(const Pair& p) { return std::isnan(p.x) || std::isnan(p.y); }

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

// Builds a sample from the data inputs that ticked (NaN for those that did not).
template <class Sample>
struct SampleReader;

template <>
struct SampleReader<double> {
    static constexpr size_t kInputs = 1;
    static double read(const std::vector<std::unique_ptr<In<double>>>& in) {
        return in[0]->ticked() ? in[0]->value() : kNaN;
    }
};

template <>
struct SampleReader<Pair> {
    static constexpr size_t kInputs = 2;
    static Pair read(const std::vector<std::unique_ptr<In<double>>>& in) {
        return Pair{in[0]->ticked() ? in[0]->value() : kNaN, in[1]->ticked() ? in[1]->value() : kNaN};
    }
};

}  // namespace detail

// A node computing Acc over a window of its data inputs (see the file comment).
template <class Acc>
class WindowNode final : public Node {
public:
    using Sample = typename Acc::Sample;
    using Output = typename detail::OutputOf<Acc>::type;

    WindowNode(std::string name, const std::vector<Edge<double>>& data, WindowSpec spec, Controls controls, Acc acc)
        : Node(std::move(name)), spec_(spec), acc_(std::move(acc)) {
        if (data.size() != detail::SampleReader<Sample>::kInputs)
            throw ValueError("statistic '" + this->name() + "' expects " +
                             std::to_string(detail::SampleReader<Sample>::kInputs) + " data input(s)");
        // With a sampler, the data inputs only supply values: the sampler schedules.
        for (const Edge<double>& e : data) data_.push_back(std::make_unique<In<double>>(this, e, controls.sampler == nullptr));
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
        const bool data_tick = sampler_ ? sampler_->ticked() : any_data_ticked();
        if (data_tick) add(detail::SampleReader<Sample>::read(data_));
        if (recalc_ && recalc_->ticked()) recalculate();
        const bool emit = trigger_ ? trigger_->ticked() : data_tick;
        if (!emit || !min_window_reached()) return;
        expire();
        rebuild_if_stale();
        out.tick(current());
    }

private:
    struct Entry {
        DateTime time;
        Sample sample;
    };

    void wire(std::unique_ptr<TickIn>& in, EdgeSlot* slot) {
        if (slot != nullptr) in = std::make_unique<TickIn>(this, slot);
    }
    // True when the data inputs ticked together; see WindowSpec::allow_non_overlapping.
    bool any_data_ticked() const {
        size_t ticked = 0;
        for (const auto& in : data_) ticked += in->ticked() ? 1 : 0;
        if (ticked == 0 || ticked == data_.size()) return ticked > 0;
        if (spec_.allow_non_overlapping) return false;
        throw ValueError("For multivariate statistics, x and y must tick in sequence.");
    }
    bool min_window_reached() const {
        return total_ticks_ >= spec_.min_ticks && now() - start_time_ >= spec_.min_time;
    }

    void add(const Sample& s) {
        ++total_ticks_;
        if (spec_.kind == WindowSpec::Kind::Ticks && static_cast<int64_t>(window_.size()) == spec_.ticks) pop_oldest();
        else expire();
        if (spec_.kind != WindowSpec::Kind::Expanding) window_.push_back(Entry{now(), s});
        if (is_nan(s)) ++nan_count_;
        feed(s, now());
    }
    void feed(const Sample& s, DateTime time) {
        if (is_nan(s) && !detail::sees_nan<Acc>()) return;
        if constexpr (requires { acc_.add(s, time); }) acc_.add(s, time); else acc_.add(s);
    }
    void pop_oldest() {
        const Entry& e = window_.front();
        if (is_nan(e.sample)) --nan_count_;
        if (!is_nan(e.sample) || detail::sees_nan<Acc>()) acc_.remove(e.sample);
        window_.pop_front();
    }
    void expire() {
        if (spec_.kind != WindowSpec::Kind::Time) return;
        const DateTime cutoff = now() - spec_.time;  // the window is (now - interval, now]
        while (!window_.empty() && window_.front().time <= cutoff) pop_oldest();
    }
    void clear() {
        window_.clear();
        nan_count_ = 0;
        ticks_before_reset_ = total_ticks_;
        acc_.clear();
    }
    // Accumulators that can lose precision ask to be rebuilt (windows that store samples only).
    void rebuild_if_stale() {
        if constexpr (requires { acc_.stale(); }) {
            if (spec_.kind != WindowSpec::Kind::Expanding && acc_.stale()) recalculate();
        }
    }
    void recalculate() {
        acc_.clear();
        for (const Entry& e : window_) feed(e.sample, e.time);
    }
    Output current() const {
        const int64_t total = spec_.kind == WindowSpec::Kind::Expanding ? expanding_count() : static_cast<int64_t>(window_.size());
        const int64_t valid = total - nan_count_;
        if (valid < spec_.min_data_points) return undefined_output<Output>();
        if (!spec_.ignore_na && nan_count_ > 0 && !detail::owns_na_policy<Acc>()) return undefined_output<Output>();
        return acc_.value();
    }
    // Samples since the last reset in an expanding window (not stored).
    int64_t expanding_count() const { return total_ticks_ - ticks_before_reset_; }

    WindowSpec spec_;
    Acc acc_;
    std::vector<std::unique_ptr<In<double>>> data_;
    std::unique_ptr<TickIn> trigger_, sampler_, reset_, recalc_;
    std::deque<Entry> window_;
    int64_t nan_count_ = 0;
    int64_t total_ticks_ = 0;
    int64_t ticks_before_reset_ = 0;
    DateTime start_time_ = DateTime::min();
};

// Adds a WindowNode computing `acc` to the graph being built; returns its output.
template <class Acc>
Edge<typename WindowNode<Acc>::Output> windowed(const std::string& name, const std::vector<Edge<double>>& data,
                                                const WindowSpec& spec, const Controls& controls, Acc acc) {
    return add<WindowNode<Acc>>(name, data, spec, controls, std::move(acc)).out.edge();
}

}  // namespace csp::stats
