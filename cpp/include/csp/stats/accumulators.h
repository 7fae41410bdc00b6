// Incremental accumulators for csp::stats (the contract is in window.h).
//
// Each accumulator keeps just enough state to update in O(1) amortized time
// when a sample enters the window (add) and when the oldest leaves (remove,
// always FIFO). Removal by subtraction accumulates rounding error; the
// window's `recalc` input rebuilds the state from the window's samples.
// Undefined results (no samples, too few degrees of freedom) are NaN.
#pragma once

#include <cmath>
#include <cstdint>
#include <algorithm>
#include <deque>
#include <unordered_map>

#include "csp/stats/window.h"

namespace csp::stats {

// Neumaier's compensated sum: the error of each addition is kept apart.
class CompensatedSum {
public:
    void add(double x) {
        const double t = sum_ + x;
        comp_ += std::abs(sum_) >= std::abs(x) ? (sum_ - t) + x : (x - t) + sum_;
        sum_ = t;
    }
    double value() const { return sum_ + comp_; }
    void clear() { sum_ = comp_ = 0.0; }
    void scale(double f) {
        sum_ *= f;
        comp_ *= f;
    }

private:
    double sum_ = 0.0;
    double comp_ = 0.0;
};

// The number of (non-NaN) samples.
class Count {
public:
    using Sample = double;
    void add(double) { ++n_; }
    void remove(double) { --n_; }
    void clear() { n_ = 0; }
    double value() const { return static_cast<double>(n_); }

private:
    int64_t n_ = 0;
};

// The sum of the samples (0 when empty); `precise` uses compensated summation.
class Sum {
public:
    using Sample = double;
    explicit Sum(bool precise = false) : precise_(precise) {}
    void add(double x) { precise_ ? precise_sum_.add(x) : void(sum_ += x); }
    void remove(double x) { precise_ ? precise_sum_.add(-x) : void(sum_ -= x); }
    void clear() { sum_ = 0.0; precise_sum_.clear(); }
    double value() const { return precise_ ? precise_sum_.value() : sum_; }

private:
    bool precise_;
    double sum_ = 0.0;
    CompensatedSum precise_sum_;
};

// The arithmetic mean (compensated sum over count).
class Mean {
public:
    using Sample = double;
    void add(double x) { sum_.add(x); ++n_; }
    void remove(double x) { sum_.add(-x); --n_; }
    void clear() { sum_.clear(); n_ = 0; }
    double value() const { return n_ > 0 ? sum_.value() / static_cast<double>(n_) : kNaN; }

private:
    CompensatedSum sum_;
    int64_t n_ = 0;
};

// Running central moments up to order 4 (Welford / Pébay updates, reversible).
class Moments {
public:
    void add(double x) {
        const double n1 = static_cast<double>(n_);
        ++n_;
        const double n = static_cast<double>(n_);
        const double delta = x - mean_;
        const double dn = delta / n;
        const double term = delta * dn * n1;
        mean_ += dn;
        m4_ += term * dn * dn * (n * n - 3 * n + 3) + 6 * dn * dn * m2_ - 4 * dn * m3_;
        m3_ += term * dn * (n - 2) - 3 * dn * m2_;
        m2_ += term;
    }
    void remove(double x) {
        if (n_ <= 1) return clear();
        const double n = static_cast<double>(n_);
        --n_;
        const double n1 = static_cast<double>(n_);
        const double prev_mean = (n * mean_ - x) / n1;
        const double delta = x - prev_mean;
        const double dn = delta / n;
        const double term = delta * dn * n1;
        const double m2 = m2_ - term;
        const double m3 = m3_ - term * dn * (n - 2) + 3 * dn * m2;
        m4_ = m4_ - term * dn * dn * (n * n - 3 * n + 3) - 6 * dn * dn * m2 + 4 * dn * m3;
        m3_ = m3;
        m2_ = m2 < 0 ? 0.0 : m2;
        mean_ = prev_mean;
    }
    void clear() { *this = Moments(); }
    int64_t count() const { return n_; }
    double mean() const { return mean_; }
    double m2() const { return m2_; }  // sum of squared deviations
    double m3() const { return m3_; }
    double m4() const { return m4_; }

private:
    int64_t n_ = 0;
    double mean_ = 0.0, m2_ = 0.0, m3_ = 0.0, m4_ = 0.0;
};

// Variance with `ddof` delta degrees of freedom, or its square root, or the
// standard error of the mean (stddev / sqrt(n)). NaN when n <= ddof.
class Variance {
public:
    using Sample = double;
    enum class Kind { Var, StdDev, Sem };
    explicit Variance(int64_t ddof = 1, Kind kind = Kind::Var) : ddof_(ddof), kind_(kind) {}
    void add(double x) { m_.add(x); }
    void remove(double x) { m_.remove(x); }
    void clear() { m_.clear(); }
    double value() const {
        const int64_t n = m_.count();
        if (n <= ddof_) return kNaN;
        const double var = m_.m2() / static_cast<double>(n - ddof_);
        if (kind_ == Kind::Var) return var;
        const double sd = std::sqrt(var);
        return kind_ == Kind::StdDev ? sd : sd / std::sqrt(static_cast<double>(n));
    }

private:
    int64_t ddof_;
    Kind kind_;
    Moments m_;
};

// The value and the weight of a sample (weight 1 when unweighted).
inline double value_of(double x) { return x; }
inline double weight_of(double) { return 1.0; }
inline double value_of(const Weighted& s) { return s.x; }
inline double weight_of(const Weighted& s) { return s.w; }

// Central moments of order 2-4 from compensated (weighted) power sums of
// (x - c), for skew, kurt and weighted statistics. Removing a sample
// subtracts its powers exactly compensated, so no error accumulates over a
// long sliding window (subtracting Welford-style updates loses digits of the
// 4th moment). The center c is the first sample; when the window's mean
// drifts far from it (relative to the window's spread), stale() asks the
// window node to rebuild the sums.
class PowerMoments {
public:
    void add(double x, double w = 1.0) {
        if (n_ == 0) center_ = x;
        ++n_;
        accumulate(x - center_, w);
    }
    void remove(double x, double w = 1.0) {
        if (--n_ <= 0) return clear();
        accumulate(x - center_, -w);
    }
    void clear() { *this = PowerMoments(); }
    // True when cancellation would cost digits: the mean is more than 4
    // standard deviations from the center.
    bool stale() const {
        if (n_ < 2) return false;
        const double d = delta();
        return d * d * weight() > 16.0 * std::max(m2(), 0.0) && d != 0.0;
    }
    int64_t count() const { return n_; }
    double weight() const { return sums_[0].value(); }  // the sum of the weights
    double mean() const { return center_ + delta(); }
    // Weighted sums of the k-th powers of deviations from the mean, k = 2, 3, 4.
    double m2() const {
        const double d = delta();
        return sums_[2].value() - weight() * d * d;
    }
    double m3() const {
        const double d = delta();
        return sums_[3].value() - 3 * d * sums_[2].value() + 2 * weight() * d * d * d;
    }
    double m4() const {
        const double d = delta();
        return sums_[4].value() - 4 * d * sums_[3].value() + 6 * d * d * sums_[2].value() - 3 * weight() * d * d * d * d;
    }

private:
    double delta() const { return sums_[1].value() / weight(); }  // mean - center
    void accumulate(double d, double w) {
        double p = w;
        sums_[0].add(p);
        for (int k = 1; k <= 4; ++k) sums_[k].add(p *= d);
    }
    int64_t n_ = 0;
    double center_ = 0.0;
    CompensatedSum sums_[5];
};

// The weighted mean: sum(w x) / sum(w).
class WeightedMean {
public:
    using Sample = Weighted;
    void add(const Weighted& s) { m_.add(s.x, s.w); }
    void remove(const Weighted& s) { m_.remove(s.x, s.w); }
    void clear() { m_.clear(); }
    bool stale() const { return m_.stale(); }
    double value() const { return m_.count() > 0 && m_.weight() != 0 ? m_.mean() : kNaN; }

private:
    PowerMoments m_;
};

// The weighted variance with frequency weights: sum(w (x - mean)^2) / (sum(w) - ddof),
// its square root, or the standard error sqrt(var / sum(w)). NaN when sum(w) <= ddof.
class WeightedVariance {
public:
    using Sample = Weighted;
    explicit WeightedVariance(int64_t ddof = 1, Variance::Kind kind = Variance::Kind::Var) : ddof_(ddof), kind_(kind) {}
    void add(const Weighted& s) { m_.add(s.x, s.w); }
    void remove(const Weighted& s) { m_.remove(s.x, s.w); }
    void clear() { m_.clear(); }
    bool stale() const { return m_.stale(); }
    double value() const {
        const double w = m_.weight();
        if (m_.count() == 0 || w <= static_cast<double>(ddof_)) return kNaN;
        const double var = std::max(m_.m2(), 0.0) / (w - static_cast<double>(ddof_));
        if (kind_ == Variance::Kind::Var) return var;
        return kind_ == Variance::Kind::StdDev ? std::sqrt(var) : std::sqrt(var / w);
    }

private:
    int64_t ddof_;
    Variance::Kind kind_;
    PowerMoments m_;
};

// Sample skewness (bias=false: adjusted Fisher-Pearson, as pandas; n >= 3).
// Weighted: the moments are weighted, the bias correction counts samples.
template <class S>
class BasicSkew {
public:
    using Sample = S;
    explicit BasicSkew(bool bias = false) : bias_(bias) {}
    void add(const S& s) { m_.add(value_of(s), weight_of(s)); }
    void remove(const S& s) { m_.remove(value_of(s), weight_of(s)); }
    void clear() { m_.clear(); }
    bool stale() const { return m_.stale(); }
    double value() const {
        const double n = static_cast<double>(m_.count());
        if (m_.count() < (bias_ ? 1 : 3) || m_.m2() <= 0) return kNaN;  // too few samples, or constant
        const double g1 = std::sqrt(m_.weight()) * m_.m3() / std::pow(m_.m2(), 1.5);
        return bias_ ? g1 : g1 * std::sqrt(n * (n - 1)) / (n - 2);
    }

private:
    bool bias_;
    PowerMoments m_;
};
using Skew = BasicSkew<double>;
using WeightedSkew = BasicSkew<Weighted>;

// Sample kurtosis (excess by default; bias=false as pandas; n >= 4).
// Weighted: the moments are weighted, the bias correction counts samples.
template <class S>
class BasicKurt {
public:
    using Sample = S;
    explicit BasicKurt(bool bias = false, bool excess = true) : bias_(bias), excess_(excess) {}
    void add(const S& s) { m_.add(value_of(s), weight_of(s)); }
    void remove(const S& s) { m_.remove(value_of(s), weight_of(s)); }
    void clear() { m_.clear(); }
    bool stale() const { return m_.stale(); }
    double value() const {
        const double n = static_cast<double>(m_.count());
        if (m_.count() < (bias_ ? 1 : 4) || m_.m2() <= 0) return kNaN;  // too few samples, or constant
        double g2 = m_.weight() * m_.m4() / (m_.m2() * m_.m2()) - 3.0;
        if (!bias_) g2 = ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3));
        return excess_ ? g2 : g2 + 3.0;
    }

private:
    bool bias_, excess_;
    PowerMoments m_;
};
using Kurt = BasicKurt<double>;
using WeightedKurt = BasicKurt<Weighted>;

// The product of the samples (NaN when empty). Zeros are counted apart so
// removing one needs no division by zero.
class Product {
public:
    using Sample = double;
    void add(double x) {
        ++n_;
        x == 0.0 ? void(++zeros_) : void(product_ *= x);
    }
    void remove(double x) {
        --n_;
        x == 0.0 ? void(--zeros_) : void(product_ /= x);
    }
    void clear() { product_ = 1.0; n_ = zeros_ = 0; }
    double value() const { return n_ == 0 ? kNaN : zeros_ > 0 ? 0.0 : product_; }

private:
    double product_ = 1.0;
    int64_t n_ = 0, zeros_ = 0;
};

// The geometric mean: exp(mean(log x)); 0 if a sample is 0, NaN if one is negative.
class GeometricMean {
public:
    using Sample = double;
    void add(double x) { update(x, +1); }
    void remove(double x) { update(x, -1); }
    void clear() { logs_.clear(); n_ = zeros_ = negatives_ = 0; }
    double value() const {
        if (n_ == 0 || negatives_ > 0) return kNaN;
        if (zeros_ > 0) return 0.0;
        return std::exp(logs_.value() / static_cast<double>(n_));
    }

private:
    void update(double x, int sign) {
        n_ += sign;
        if (x < 0) negatives_ += sign;
        else if (x == 0) zeros_ += sign;
        else logs_.add(sign * std::log(x));
    }
    CompensatedSum logs_;
    int64_t n_ = 0, zeros_ = 0, negatives_ = 0;
};

// The first sample in the window (the first non-NaN one if ignore_na).
class First {
public:
    using Sample = double;
    static constexpr bool kSeesNan = true;
    static constexpr bool kOwnsNaPolicy = true;
    // `expanding`: samples are never removed, so only the first is kept.
    explicit First(bool ignore_na = true, bool expanding = false) : ignore_na_(ignore_na), expanding_(expanding) {}
    void add(double x) {
        if (ignore_na_ && std::isnan(x)) return;
        if (!expanding_ || values_.empty()) values_.push_back(x);
    }
    void remove(double x) {
        if (!(ignore_na_ && std::isnan(x))) values_.pop_front();
    }
    void clear() { values_.clear(); }
    double value() const { return values_.empty() ? kNaN : values_.front(); }

private:
    bool ignore_na_, expanding_;
    std::deque<double> values_;
};

// The last sample in the window (the last non-NaN one if ignore_na).
class Last {
public:
    using Sample = double;
    static constexpr bool kSeesNan = true;
    static constexpr bool kOwnsNaPolicy = true;
    explicit Last(bool ignore_na = true) : ignore_na_(ignore_na) {}
    void add(double x) {
        if (ignore_na_ && std::isnan(x)) return;
        last_ = x;
        ++n_;
    }
    void remove(double x) {
        if (!(ignore_na_ && std::isnan(x))) --n_;
    }
    void clear() { n_ = 0; }
    double value() const { return n_ > 0 ? last_ : kNaN; }

private:
    bool ignore_na_;
    double last_ = kNaN;
    int64_t n_ = 0;
};

// The minimum or maximum of a FIFO window with a monotonic deque: amortized
// O(1) per sample. Among equal extremes the front is the most recent one if
// `prefer_recent`, else the oldest (what argmin/argmax report).
class Extremum {
public:
    struct Candidate {
        double value;
        int64_t seq;
        DateTime time;
    };
    explicit Extremum(bool is_max, bool prefer_recent = true) : is_max_(is_max), prefer_recent_(prefer_recent) {}
    void add(double x, DateTime time) {
        while (!deque_.empty() && dominated(deque_.back().value, x)) deque_.pop_back();
        deque_.push_back(Candidate{x, next_seq_++, time});
    }
    void remove() {
        if (!deque_.empty() && deque_.front().seq == oldest_seq_) deque_.pop_front();
        ++oldest_seq_;
    }
    void clear() {
        deque_.clear();
        oldest_seq_ = next_seq_;
    }
    const Candidate* best() const { return deque_.empty() ? nullptr : &deque_.front(); }

private:
    // An older candidate is dropped when the newer one is at least as good.
    bool dominated(double older, double newer) const {
        if (older == newer) return prefer_recent_;
        return is_max_ ? older < newer : older > newer;
    }
    bool is_max_, prefer_recent_;
    std::deque<Candidate> deque_;
    int64_t next_seq_ = 0;
    int64_t oldest_seq_ = 0;
};

// min / max of the window.
class MinMax {
public:
    using Sample = double;
    explicit MinMax(bool is_max) : ext_(is_max) {}
    void add(double x) { ext_.add(x, DateTime::from_nanos(0)); }
    void remove(double) { ext_.remove(); }
    void clear() { ext_.clear(); }
    double value() const { return ext_.best() ? ext_.best()->value : kNaN; }

private:
    Extremum ext_;
};

// The time of the window's min / max (the epoch when the window is empty).
class ArgMinMax {
public:
    using Sample = double;
    using Output = DateTime;
    ArgMinMax(bool is_max, bool return_most_recent) : ext_(is_max, return_most_recent) {}
    void add(double x, DateTime time) { ext_.add(x, time); }
    void remove(double) { ext_.remove(); }
    void clear() { ext_.clear(); }
    DateTime value() const { return ext_.best() ? ext_.best()->time : DateTime::from_nanos(0); }

private:
    Extremum ext_;
};

// The number of distinct values, compared after rounding to `precision` decimals.
class Unique {
public:
    using Sample = double;
    explicit Unique(int precision = 10) : scale_(std::pow(10.0, precision)) {}
    void add(double x) { ++counts_[key(x)]; }
    void remove(double x) {
        auto it = counts_.find(key(x));
        if (it != counts_.end() && --it->second == 0) counts_.erase(it);
    }
    void clear() { counts_.clear(); }
    double value() const { return static_cast<double>(counts_.size()); }

private:
    double key(double x) const { return std::round(x * scale_) / scale_; }
    double scale_;
    std::unordered_map<double, int64_t> counts_;
};

// Covariance (with ddof) or Pearson correlation of paired samples.
class Covariance {
public:
    using Sample = Pair;
    explicit Covariance(int64_t ddof = 1, bool correlation = false) : ddof_(ddof), correlation_(correlation) {}
    void add(const Pair& p) {
        ++n_;
        const double n = static_cast<double>(n_);
        const double dx = p.x - mx_;
        const double dy = p.y - my_;
        mx_ += dx / n;
        my_ += dy / n;
        cxy_ += dx * (p.y - my_);
        cxx_ += dx * (p.x - mx_);
        cyy_ += dy * (p.y - my_);
    }
    void remove(const Pair& p) {
        if (n_ <= 1) return clear();
        const double n = static_cast<double>(n_);
        --n_;
        const double n1 = static_cast<double>(n_);
        const double mx = (n * mx_ - p.x) / n1;
        const double my = (n * my_ - p.y) / n1;
        cxy_ -= (p.x - mx) * (p.y - my_);
        cxx_ -= (p.x - mx) * (p.x - mx_);
        cyy_ -= (p.y - my) * (p.y - my_);
        mx_ = mx;
        my_ = my;
    }
    void clear() { n_ = 0; mx_ = my_ = cxy_ = cxx_ = cyy_ = 0.0; }
    double value() const {
        if (correlation_) {
            if (n_ < 2 || cxx_ <= 0 || cyy_ <= 0) return kNaN;
            return cxy_ / std::sqrt(cxx_ * cyy_);
        }
        return n_ > ddof_ ? cxy_ / static_cast<double>(n_ - ddof_) : kNaN;
    }

private:
    int64_t ddof_;
    bool correlation_;
    int64_t n_ = 0;
    double mx_ = 0.0, my_ = 0.0, cxy_ = 0.0, cxx_ = 0.0, cyy_ = 0.0;
};

// Weighted sums of deviations of paired samples from their first sample,
// compensated: the co-moments of weighted covariance and correlation.
class CoMoments {
public:
    void add(double x, double y, double w) {
        if (n_++ == 0) {
            cx_ = x;
            cy_ = y;
        }
        accumulate(x, y, w);
    }
    void remove(double x, double y, double w) {
        if (--n_ <= 0) return clear();
        accumulate(x, y, -w);
    }
    void clear() { *this = CoMoments(); }
    // Multiplies every weight by f (exponential decay).
    void scale(double f) {
        for (CompensatedSum& sum : sums_) sum.scale(f);
    }
    int64_t count() const { return n_; }
    double weight() const { return sums_[0].value(); }
    // Weighted sums of products of deviations from the means.
    double cxy() const { return sums_[5].value() - sums_[1].value() * sums_[2].value() / weight(); }
    double cxx() const { return sums_[3].value() - sums_[1].value() * sums_[1].value() / weight(); }
    double cyy() const { return sums_[4].value() - sums_[2].value() * sums_[2].value() / weight(); }
    // True when a mean drifted more than 4 standard deviations from its center.
    bool stale() const {
        if (n_ < 2) return false;
        const double dx = sums_[1].value() / weight(), dy = sums_[2].value() / weight();
        return (dx != 0 && dx * dx * weight() > 16.0 * std::max(cxx(), 0.0)) ||
               (dy != 0 && dy * dy * weight() > 16.0 * std::max(cyy(), 0.0));
    }

private:
    void accumulate(double x, double y, double w) {
        const double dx = x - cx_, dy = y - cy_;
        sums_[0].add(w);
        sums_[1].add(w * dx);
        sums_[2].add(w * dy);
        sums_[3].add(w * dx * dx);
        sums_[4].add(w * dy * dy);
        sums_[5].add(w * dx * dy);
    }
    int64_t n_ = 0;
    double cx_ = 0.0, cy_ = 0.0;
    CompensatedSum sums_[6];  // w, w dx, w dy, w dx^2, w dy^2, w dx dy
};

// Weighted covariance (frequency weights, with ddof) or Pearson correlation
// of paired samples (rebuilt by the window node when the means drift: stale()).
class WeightedCovariance {
public:
    using Sample = WeightedPair;
    explicit WeightedCovariance(int64_t ddof = 1, bool correlation = false) : ddof_(ddof), correlation_(correlation) {}
    void add(const WeightedPair& s) { m_.add(s.x, s.y, s.w); }
    void remove(const WeightedPair& s) { m_.remove(s.x, s.y, s.w); }
    void clear() { m_.clear(); }
    bool stale() const { return m_.stale(); }
    double value() const {
        if (correlation_) {
            if (m_.count() < 2 || m_.cxx() <= 0 || m_.cyy() <= 0) return kNaN;
            return m_.cxy() / std::sqrt(m_.cxx() * m_.cyy());
        }
        const double w = m_.weight();
        return m_.count() > 0 && w > static_cast<double>(ddof_) ? m_.cxy() / (w - static_cast<double>(ddof_)) : kNaN;
    }

private:
    int64_t ddof_;
    bool correlation_;
    CoMoments m_;
};

}  // namespace csp::stats
