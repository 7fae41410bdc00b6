// csp::stats: rolling statistics of float time series, as Python's csp.stats.
//
//     using namespace csp::stats;
//     auto m = mean(prices, WindowSpec::tick_window(20));                  // last 20 ticks
//     auto s = stddev(prices, WindowSpec::time_window(60s), {.trigger = clock.slot()});
//     auto e = ema(prices, Decay::from(0.1, {}, {}, {}));
//
//     auto w = weighted_mean(prices, sizes, WindowSpec::tick_window(20));   // sum(w x) / sum(w)
//     auto v = elementwise(vectors, WindowSpec::tick_window(5), {}, Variance());  // per element
//     auto c = cov_matrix(vectors, WindowSpec::time_window(60s));
//
// Every function adds one node to the graph being built and returns its
// output. `window` says which samples count and when the first output may
// happen, `controls` adds trigger / sampler / reset / recalc inputs (see
// window.h for their exact meaning). NaN samples are skipped unless
// window.ignore_na is false.
#pragma once

#include "csp/stats/accumulators.h"
#include "csp/stats/ema.h"
#include "csp/stats/order_statistics.h"
#include "csp/stats/window.h"

namespace csp::stats {

namespace detail {
inline Controls with_weights(Controls controls, Edge<double> weights) {
    controls.weights = weights.slot();
    return controls;
}
}  // namespace detail

inline Edge<double> count(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {}) {
    return windowed("stats.count", {x}, window, controls, Count());
}
inline Edge<double> sum(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {},
                        bool precise = false) {
    return windowed("stats.sum", {x}, window, controls, Sum(precise));
}
inline Edge<double> mean(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {}) {
    return windowed("stats.mean", {x}, window, controls, Mean());
}
inline Edge<double> var(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {},
                        int64_t ddof = 1) {
    return windowed("stats.var", {x}, window, controls, Variance(ddof, Variance::Kind::Var));
}
inline Edge<double> stddev(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {},
                           int64_t ddof = 1) {
    return windowed("stats.stddev", {x}, window, controls, Variance(ddof, Variance::Kind::StdDev));
}
inline Edge<double> sem(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {},
                        int64_t ddof = 1) {
    return windowed("stats.sem", {x}, window, controls, Variance(ddof, Variance::Kind::Sem));
}
inline Edge<double> skew(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {},
                         bool bias = false) {
    return windowed("stats.skew", {x}, window, controls, Skew(bias));
}
inline Edge<double> kurt(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {},
                         bool bias = false, bool excess = true) {
    return windowed("stats.kurt", {x}, window, controls, Kurt(bias, excess));
}
inline Edge<double> min(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {}) {
    return windowed("stats.min", {x}, window, controls, MinMax(false));
}
inline Edge<double> max(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {}) {
    return windowed("stats.max", {x}, window, controls, MinMax(true));
}
inline Edge<DateTime> argmin(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {},
                             bool return_most_recent = true) {
    return windowed("stats.argmin", {x}, window, controls, ArgMinMax(false, return_most_recent));
}
inline Edge<DateTime> argmax(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {},
                             bool return_most_recent = true) {
    return windowed("stats.argmax", {x}, window, controls, ArgMinMax(true, return_most_recent));
}
inline Edge<double> first(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {}) {
    return windowed("stats.first", {x}, window, controls,
                    First(window.ignore_na, window.kind == WindowSpec::Kind::Expanding));
}
inline Edge<double> last(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {}) {
    return windowed("stats.last", {x}, window, controls, Last(window.ignore_na));
}
inline Edge<double> prod(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {}) {
    return windowed("stats.prod", {x}, window, controls, Product());
}
inline Edge<double> gmean(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {}) {
    return windowed("stats.gmean", {x}, window, controls, GeometricMean());
}
inline Edge<double> unique(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {},
                           int precision = 10) {
    return windowed("stats.unique", {x}, window, controls, Unique(precision));
}
inline Edge<double> quantile(Edge<double> x, double q, Interpolation interpolation = Interpolation::Linear,
                             const WindowSpec& window = {}, const Controls& controls = {}) {
    return windowed("stats.quantile", {x}, window, controls, Quantile(q, interpolation));
}
inline Edge<double> median(Edge<double> x, const WindowSpec& window = {}, const Controls& controls = {}) {
    return windowed("stats.median", {x}, window, controls, Quantile(0.5));
}
// keep_na: a NaN latest sample ranks NaN; otherwise the latest non-NaN sample is ranked.
inline Edge<double> rank(Edge<double> x, RankMethod method = RankMethod::Min, bool keep_na = true,
                         const WindowSpec& window = {}, const Controls& controls = {}) {
    return windowed("stats.rank", {x}, window, controls, Rank(method, keep_na));
}
inline Edge<double> cov(Edge<double> x, Edge<double> y, const WindowSpec& window = {}, const Controls& controls = {},
                        int64_t ddof = 1) {
    return windowed("stats.cov", {x, y}, window, controls, Covariance(ddof, false));
}
inline Edge<double> corr(Edge<double> x, Edge<double> y, const WindowSpec& window = {},
                         const Controls& controls = {}) {
    return windowed("stats.corr", {x, y}, window, controls, Covariance(1, true));
}

// Exponential moving statistics. min_periods: ticks (NaN ones included)
// before the first output; horizon > 0 limits the mean to the last
// `horizon` ticks (adjusted weights and alpha decay only).
struct EmaOptions {
    bool adjust = true;
    bool ignore_na = false;
    int64_t horizon = 0;
    int64_t min_periods = 1;
};

// A finite horizon needs adjusted weights decaying per tick.
inline void check_horizon(const Decay& decay, const EmaOptions& options) {
    if (!options.adjust) throw ValueError("EMA with finite horizon must use adjusted EMA for weight normalization");
    if (decay.halflife) throw ValueError("EMA with finite horizon needs alpha, span or com, not halflife");
}

inline Edge<double> ema(Edge<double> x, const Decay& decay, const EmaOptions& options = {},
                        const Controls& controls = {}) {
    if (options.horizon > 0) {
        check_horizon(decay, options);
        WindowSpec window = WindowSpec::tick_window(options.horizon, options.min_periods);
        return windowed("stats.ema", {x}, window, controls, EmaHorizon(decay.alpha, options.ignore_na));
    }
    return windowed("stats.ema", {x}, WindowSpec::expanding_ticks(options.min_periods), controls,
                    Ema(decay, options.adjust, options.ignore_na));
}
inline Edge<double> ema_var(Edge<double> x, const Decay& decay, const EmaOptions& options = {}, bool bias = false,
                            const Controls& controls = {}, bool stddev = false) {
    if (options.horizon > 0) {
        check_horizon(decay, options);
        return windowed(stddev ? "stats.ema_std" : "stats.ema_var", {x},
                        WindowSpec::tick_window(options.horizon, options.min_periods), controls,
                        EmaVarianceHorizon(decay.alpha, options.ignore_na, bias, stddev));
    }
    return windowed(stddev ? "stats.ema_std" : "stats.ema_var", {x}, WindowSpec::expanding_ticks(options.min_periods),
                    controls, EmaVariance(decay, options.adjust, options.ignore_na, bias, stddev));
}
inline Edge<double> ema_std(Edge<double> x, const Decay& decay, const EmaOptions& options = {}, bool bias = false,
                            const Controls& controls = {}) {
    return ema_var(x, decay, options, bias, controls, true);
}

// Weighted statistics: each sample of x takes the last value of `weights`
// (NaN before its first tick); frequency weights, so var divides by
// sum(w) - ddof and sem is sqrt(var / sum(w)); skew and kurt use weighted
// moments with the bias correction of the sample count.
inline Edge<double> weighted_mean(Edge<double> x, Edge<double> weights, const WindowSpec& window = {},
                                  const Controls& controls = {}) {
    return windowed("stats.mean", {x}, window, detail::with_weights(controls, weights), WeightedMean());
}
inline Edge<double> weighted_var(Edge<double> x, Edge<double> weights, const WindowSpec& window = {},
                                 const Controls& controls = {}, int64_t ddof = 1,
                                 Variance::Kind kind = Variance::Kind::Var) {
    return windowed("stats.var", {x}, window, detail::with_weights(controls, weights), WeightedVariance(ddof, kind));
}
inline Edge<double> weighted_skew(Edge<double> x, Edge<double> weights, const WindowSpec& window = {},
                                  const Controls& controls = {}, bool bias = false) {
    return windowed("stats.skew", {x}, window, detail::with_weights(controls, weights), WeightedSkew(bias));
}
inline Edge<double> weighted_kurt(Edge<double> x, Edge<double> weights, const WindowSpec& window = {},
                                  const Controls& controls = {}, bool bias = false, bool excess = true) {
    return windowed("stats.kurt", {x}, window, detail::with_weights(controls, weights), WeightedKurt(bias, excess));
}
inline Edge<double> weighted_cov(Edge<double> x, Edge<double> y, Edge<double> weights, const WindowSpec& window = {},
                                 const Controls& controls = {}, int64_t ddof = 1, bool correlation = false) {
    return windowed(correlation ? "stats.corr" : "stats.cov", {x, y}, window, detail::with_weights(controls, weights),
                    WeightedCovariance(ddof, correlation));
}

// The exponentially weighted covariance of x and y (ticking together), as pandas' ewm(...).cov(y).
inline Edge<double> ema_cov(Edge<double> x, Edge<double> y, const Decay& decay, const EmaOptions& options = {},
                            bool bias = false, const Controls& controls = {}) {
    if (options.horizon > 0) {
        check_horizon(decay, options);
        return windowed("stats.ema_cov", {x, y}, WindowSpec::tick_window(options.horizon, options.min_periods), controls,
                        EmaCovarianceHorizon(decay.alpha, options.ignore_na, bias));
    }
    return windowed("stats.ema_cov", {x, y}, WindowSpec::expanding_ticks(options.min_periods), controls,
                    EmaCovariance(decay, options.adjust, options.ignore_na, bias));
}

// Any statistic of this file computed element-wise over a series of arrays
// (std::vector<double>, one shape throughout; a change of size is a
// ValueError when running): one accumulator per element, the window's rules
// applied to each element's samples. The weights, when given in `controls`,
// are a series of std::vector<double> of x's size (weights_are_arrays) or of double.
template <class Acc>
Edge<std::vector<typename detail::OutputOf<Acc>::type>> elementwise(Edge<std::vector<double>> x,
                                                                    const WindowSpec& window, const Controls& controls,
                                                                    Acc acc, const std::string& name = "stats.elementwise") {
    return windowed<Acc, VectorCodec>(name, {x.slot()}, window, controls, std::move(acc));
}

// The covariance (or correlation) matrix of the elements of an array series,
// row-major n x n, each pair over the samples where both are non-NaN.
inline Edge<std::vector<double>> cov_matrix(Edge<std::vector<double>> x, const WindowSpec& window = {},
                                            const Controls& controls = {}, int64_t ddof = 1, bool correlation = false) {
    const char* name = correlation ? "stats.corr_matrix" : "stats.cov_matrix";
    if (controls.weights != nullptr)
        return windowed<WeightedCovariance, VectorCodec>(name, {x.slot()}, window, controls,
                                                         WeightedCovariance(ddof, correlation), Layout::Matrix);
    return windowed<Covariance, VectorCodec>(name, {x.slot()}, window, controls, Covariance(ddof, correlation),
                                             Layout::Matrix);
}
inline Edge<std::vector<double>> corr_matrix(Edge<std::vector<double>> x, const WindowSpec& window = {},
                                             const Controls& controls = {}) {
    return cov_matrix(x, window, controls, 1, true);
}

}  // namespace csp::stats
