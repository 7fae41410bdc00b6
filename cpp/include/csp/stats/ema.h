// Exponentially weighted statistics for csp::stats (ema, ema_var, ema_std, ema_cov).
//
// The decay is given once, as alpha in [0, 1] (0: equal weights), or as a half-life in time
// (each observation's weight halves every `halflife`). The results follow
// pandas' ewm(...).mean()/var()/std() for the same parameters:
//   - adjust=true divides by the sum of the weights (1, (1-a), (1-a)^2, ...);
//     adjust=false uses the recursion y = (1-a) y + a x;
//   - ignore_na=false lets weights decay over NaN ticks; true skips them;
//   - horizon (adjusted only) limits the average to the last `horizon` ticks.
// These accumulators see NaN samples (kSeesNan) and apply ignore_na themselves.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "csp/core/exceptions.h"
#include "csp/stats/accumulators.h"
#include "csp/stats/window.h"

namespace csp::stats {

// How fast the weights decay: per tick (alpha) or per unit of time (half-life).
struct Decay {
    double alpha = kNaN;
    std::optional<TimeDelta> halflife;

    // Exactly one of alpha, span, com or halflife, as pandas defines them.
    static Decay from(std::optional<double> alpha, std::optional<double> span, std::optional<double> com,
                      std::optional<TimeDelta> halflife) {
        const int given = alpha.has_value() + span.has_value() + com.has_value() + halflife.has_value();
        if (given > 1) throw ValueError("Only one of alpha, span, com or halflife can be specified");
        if (given == 0) throw ValueError("One of alpha, span, com or halflife must be specified");
        Decay d;
        if (halflife) {
            if (*halflife <= TimeDelta::zero()) throw ValueError("halflife must be a positive timedelta");
            d.halflife = halflife;
            return d;
        }
        if (span) {
            if (*span < 1) throw ValueError("span must satisfy span >= 1");
            d.alpha = 2.0 / (*span + 1.0);
        } else if (com) {
            if (*com < 0) throw ValueError("com must satisfy com >= 0");
            d.alpha = 1.0 / (*com + 1.0);
        } else {
            d.alpha = *alpha;
        }
        if (!(d.alpha >= 0.0 && d.alpha <= 1.0))  // 0: equal weights
            throw ValueError("Alpha parameter for EMA must be between 0 and 1");
        return d;
    }
    // The factor applied to the old weights when `elapsed` passed since the previous tick.
    double factor(TimeDelta elapsed) const {
        if (halflife) return std::exp2(-static_cast<double>(elapsed.nanos()) / static_cast<double>(halflife->nanos()));
        return 1.0 - alpha;
    }
};

// The exponentially weighted mean over an expanding window (pandas' recursion).
class Ema {
public:
    using Sample = double;
    static constexpr bool kSeesNan = true;
    static constexpr bool kOwnsNaPolicy = true;  // ignore_na has pandas' meaning here
    Ema(Decay decay, bool adjust, bool ignore_na) : decay_(decay), adjust_(adjust), ignore_na_(ignore_na) {}
    void add(double x, DateTime time);
    void remove(double) {}  // expanding only
    void clear() { *this = Ema(decay_, adjust_, ignore_na_); }
    double value() const { return mean_; }

private:
    Decay decay_;
    bool adjust_, ignore_na_;
    double mean_ = kNaN;
    double old_weight_ = 1.0;
    std::optional<DateTime> last_time_;
};

inline void Ema::add(double x, DateTime time) {
    const bool observed = !std::isnan(x);
    const double factor = last_time_ ? decay_.factor(time - *last_time_) : 1.0;
    last_time_ = time;
    if (std::isnan(mean_)) {
        if (observed) mean_ = x;
        return;
    }
    if (!observed && ignore_na_) return;
    old_weight_ *= factor;
    if (!observed) return;
    const double new_weight = adjust_ ? 1.0 : 1.0 - factor;
    if (mean_ != x) mean_ = (old_weight_ * mean_ + new_weight * x) / (old_weight_ + new_weight);
    old_weight_ = adjust_ ? old_weight_ + new_weight : 1.0;
}

// The adjusted exponentially weighted mean of the last `horizon` ticks: the
// window node removes the oldest sample; its weight is (1-a)^age, where the
// age counts ticks (or only observations if ignore_na).
class EmaHorizon {
public:
    using Sample = double;
    static constexpr bool kSeesNan = true;
    static constexpr bool kOwnsNaPolicy = true;  // ignore_na has pandas' meaning here
    EmaHorizon(double alpha, bool ignore_na) : keep_(1.0 - alpha), ignore_na_(ignore_na) {}
    void add(double x) {
        const bool observed = !std::isnan(x);
        ++samples_;
        if (observed || !ignore_na_) {
            numerator_ *= keep_;
            denominator_ *= keep_;
        }
        if (!observed) return;
        numerator_ += x;
        denominator_ += 1.0;
        ++observations_;
    }
    void remove(double x) {
        const int64_t age = ignore_na_ ? observations_ - 1 : samples_ - 1;
        --samples_;
        if (std::isnan(x)) return;
        const double w = std::pow(keep_, static_cast<double>(age));
        numerator_ -= w * x;
        denominator_ -= w;
        if (--observations_ == 0) numerator_ = denominator_ = 0.0;
    }
    void clear() { numerator_ = denominator_ = 0.0; samples_ = observations_ = 0; }
    double value() const { return observations_ > 0 ? numerator_ / denominator_ : kNaN; }

private:
    double keep_;
    bool ignore_na_;
    double numerator_ = 0.0, denominator_ = 0.0;
    int64_t samples_ = 0, observations_ = 0;
};

// The exponentially weighted variance (or standard deviation) of a series,
// or covariance of two (Sample = Pair), over an expanding window; bias=false
// applies pandas' effective-sample correction.
template <class S>
class BasicEmaVariance {
public:
    using Sample = S;
    static constexpr bool kSeesNan = true;
    static constexpr bool kOwnsNaPolicy = true;  // ignore_na has pandas' meaning here
    BasicEmaVariance(Decay decay, bool adjust, bool ignore_na, bool bias, bool stddev = false)
        : decay_(decay), adjust_(adjust), ignore_na_(ignore_na), bias_(bias), stddev_(stddev) {}
    void add(const S& s, DateTime time);
    void remove(const S&) {}  // expanding only
    void clear() { *this = BasicEmaVariance(decay_, adjust_, ignore_na_, bias_, stddev_); }
    double value() const;

private:
    Decay decay_;
    bool adjust_, ignore_na_, bias_, stddev_;
    double mean_x_ = kNaN, mean_y_ = kNaN;
    double cov_ = 0.0;
    double sum_weights_ = 1.0, sum_weights2_ = 1.0, old_weight_ = 1.0;
    std::optional<DateTime> last_time_;
};
using EmaVariance = BasicEmaVariance<double>;
using EmaCovariance = BasicEmaVariance<Pair>;

template <class S>
void BasicEmaVariance<S>::add(const S& s, DateTime time) {
    const bool observed = !is_nan(s);
    const double factor = last_time_ ? decay_.factor(time - *last_time_) : 1.0;
    last_time_ = time;
    const double x = first_of(s), y = second_of(s);
    if (std::isnan(mean_x_)) {
        if (observed) {
            mean_x_ = x;
            mean_y_ = y;
        }
        return;
    }
    if (!observed && ignore_na_) return;
    sum_weights_ *= factor;
    sum_weights2_ *= factor * factor;
    old_weight_ *= factor;
    if (!observed) return;
    const double new_weight = adjust_ ? 1.0 : 1.0 - factor;
    const double old_x = mean_x_, old_y = mean_y_;
    const double total = old_weight_ + new_weight;
    if (mean_x_ != x) mean_x_ = (old_weight_ * old_x + new_weight * x) / total;
    if (mean_y_ != y) mean_y_ = (old_weight_ * old_y + new_weight * y) / total;
    const double dx_old = old_x - mean_x_, dy_old = old_y - mean_y_;
    const double dx_new = x - mean_x_, dy_new = y - mean_y_;
    cov_ = (old_weight_ * (cov_ + dx_old * dy_old) + new_weight * dx_new * dy_new) / total;
    sum_weights_ += new_weight;
    sum_weights2_ += new_weight * new_weight;
    old_weight_ += new_weight;
    if (!adjust_) {
        sum_weights_ /= old_weight_;
        sum_weights2_ /= old_weight_ * old_weight_;
        old_weight_ = 1.0;
    }
}

template <class S>
double BasicEmaVariance<S>::value() const {
    if (std::isnan(mean_x_)) return kNaN;
    double var = cov_;
    if (!bias_) {
        const double numerator = sum_weights_ * sum_weights_;
        const double denominator = numerator - sum_weights2_;
        var = denominator > 0 ? numerator / denominator * cov_ : kNaN;
    }
    return stddev_ ? std::sqrt(var) : var;
}

// The adjusted exponentially weighted variance (Sample = double) or
// covariance (Sample = Pair) of the last `horizon` ticks, as pandas' ewm
// over that window: weights (1-a)^age as in EmaHorizon, kept as sums of
// weighted deviations from the first sample (rebuilt when stale()).
template <class S>
class BasicEmaVarianceHorizon {
public:
    using Sample = S;
    static constexpr bool kSeesNan = true;
    static constexpr bool kOwnsNaPolicy = true;  // ignore_na has pandas' meaning here
    BasicEmaVarianceHorizon(double alpha, bool ignore_na, bool bias, bool stddev = false)
        : keep_(1.0 - alpha), ignore_na_(ignore_na), bias_(bias), stddev_(stddev) {}
    void add(const S& s) {
        const bool observed = !is_nan(s);
        ++samples_;
        if (observed || !ignore_na_) {
            m_.scale(keep_);
            squares_.scale(keep_ * keep_);
        }
        if (!observed) return;
        m_.add(first_of(s), second_of(s), 1.0);
        squares_.add(1.0);
    }
    void remove(const S& s) {
        const int64_t age = ignore_na_ ? m_.count() - 1 : samples_ - 1;
        --samples_;
        if (is_nan(s)) return;
        const double w = std::pow(keep_, static_cast<double>(age));
        m_.remove(first_of(s), second_of(s), w);
        squares_.add(-w * w);
        if (m_.count() == 0) squares_.clear();
    }
    void clear() {
        m_.clear();
        squares_.clear();
        samples_ = 0;
    }
    bool stale() const { return m_.stale(); }
    double value() const {
        if (m_.count() == 0) return kNaN;
        const double w = m_.weight();
        double cov = m_.cxy() / w;
        if (!bias_) {
            const double denominator = w * w - squares_.value();
            cov = denominator > 0 ? w * w / denominator * cov : kNaN;
        }
        return stddev_ ? std::sqrt(cov) : cov;
    }

private:
    double keep_;
    bool ignore_na_, bias_, stddev_;
    CoMoments m_;
    CompensatedSum squares_;  // the sum of the squared weights
    int64_t samples_ = 0;
};
using EmaVarianceHorizon = BasicEmaVarianceHorizon<double>;
using EmaCovarianceHorizon = BasicEmaVarianceHorizon<Pair>;

}  // namespace csp::stats
