// csp::stats: rolling statistics of float time series, as Python's csp.stats.
//
//     using namespace csp::stats;
//     auto m = mean(prices, WindowSpec::tick_window(20));                  // last 20 ticks
//     auto s = stddev(prices, WindowSpec::time_window(60s), {.trigger = clock.slot()});
//     auto e = ema(prices, Decay::from(0.1, {}, {}, {}));
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

inline Edge<double> ema(Edge<double> x, const Decay& decay, const EmaOptions& options = {},
                        const Controls& controls = {}) {
    if (options.horizon > 0) {
        if (!options.adjust) throw ValueError("EMA with finite horizon must use adjusted EMA for weight normalization");
        if (decay.halflife) throw ValueError("EMA with finite horizon needs alpha, span or com, not halflife");
        WindowSpec window = WindowSpec::tick_window(options.horizon, options.min_periods);
        return windowed("stats.ema", {x}, window, controls, EmaHorizon(decay.alpha, options.ignore_na));
    }
    return windowed("stats.ema", {x}, WindowSpec::expanding_ticks(options.min_periods), controls,
                    Ema(decay, options.adjust, options.ignore_na));
}
inline Edge<double> ema_var(Edge<double> x, const Decay& decay, const EmaOptions& options = {}, bool bias = false,
                            const Controls& controls = {}, bool stddev = false) {
    if (options.horizon > 0) throw NotImplementedError("ema_var / ema_std with a finite horizon are not implemented");
    return windowed(stddev ? "stats.ema_std" : "stats.ema_var", {x}, WindowSpec::expanding_ticks(options.min_periods),
                    controls, EmaVariance(decay, options.adjust, options.ignore_na, bias, stddev));
}
inline Edge<double> ema_std(Edge<double> x, const Decay& decay, const EmaOptions& options = {}, bool bias = false,
                            const Controls& controls = {}) {
    return ema_var(x, decay, options, bias, controls, true);
}

}  // namespace csp::stats
