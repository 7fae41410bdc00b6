// Statistics nodes (csp.stats) wired by name from Python (private).
//
// Every statistic is registered as "stats.<name>" and takes, from csp/stats.py:
//   inputs: the data edges (x, or x and y), then each control edge given
//           (trigger, sampler, reset, recalc, weights, in that order);
//   args:   (n_data, (has_trigger, has_sampler, has_reset, has_recalc, has_weights),
//            (kind, interval, min_window, ignore_na, min_data_points[, allow_non_overlapping]), params,
//            arrays, weights_are_arrays, matrix)
//           where kind is "expanding", "ticks", "time" or "expanding_ticks"
//           (min_window counts ticks: ema's min_periods), params holds the
//           statistic's own parameters (see each registration below), arrays
//           says the data are numpy arrays (computed element-wise, see
//           numpy_codec.h) and matrix asks for every pair of elements (cov_matrix).
// Python has validated the arguments; C++ re-checks what it relies on.
#include <string>

#include "csp/stats/stats.h"
#include "numpy_codec.h"
#include "py_engine.h"
#include "python_error.h"

namespace csp::python {
namespace {

using Handles = std::vector<EdgeHandle>;
using Types = std::vector<NativeType>;
using namespace csp::stats;

WindowSpec parse_window(nb::handle window) {
    const auto kind = nb::cast<std::string>(window[0]);
    nb::handle interval = window[1], min_window = window[2];
    WindowSpec spec;
    if (kind == "ticks") {
        spec = WindowSpec::tick_window(nb::cast<int64_t>(interval), min_window.is_none() ? -1 : nb::cast<int64_t>(min_window));
    } else if (kind == "time") {
        spec = WindowSpec::time_window(to_timedelta(interval), min_window.is_none() ? std::nullopt
                                                                                    : std::optional(to_timedelta(min_window)));
    } else if (kind == "expanding_ticks") {
        spec = WindowSpec::expanding_ticks(nb::cast<int64_t>(min_window));
    } else {
        spec = WindowSpec::expanding(min_window.is_none() ? TimeDelta::zero() : to_timedelta(min_window));
    }
    spec.ignore_na = nb::cast<bool>(window[3]);
    spec.min_data_points = nb::cast<int64_t>(window[4]);
    if (nb::len(window) > 5) spec.allow_non_overlapping = nb::cast<bool>(window[5]);
    return spec;
}

// The data edges and the controls, from the inputs and the flags in args.
struct StatInputs {
    std::vector<EdgeSlot*> data;
    Controls controls;
    bool arrays = false;
    Layout layout = Layout::ElementWise;
};

StatInputs parse_inputs(const Handles& in, nb::tuple args) {
    StatInputs out;
    const auto n_data = nb::cast<size_t>(args[0]);
    out.arrays = nb::cast<bool>(args[4]);
    const NativeType expected = out.arrays ? NativeType::Object : NativeType::Float;
    size_t next = 0;
    for (; next < n_data; ++next) {
        if (in.at(next).type != expected) throw TypeError("csp.stats functions take float or numpy array time series");
        out.data.push_back(in[next].slot);
    }
    nb::handle flags = args[1];
    EdgeSlot** slots[] = {&out.controls.trigger, &out.controls.sampler, &out.controls.reset, &out.controls.recalc,
                          &out.controls.weights};
    for (size_t i = 0; i < 5; ++i)
        if (nb::cast<bool>(flags[i])) *slots[i] = in.at(next++).slot;
    out.controls.weights_are_arrays = nb::cast<bool>(args[5]);
    if (nb::cast<bool>(args[6])) out.layout = Layout::Matrix;
    return out;
}

template <class Acc, class Codec>
EdgeHandle add_stat(const std::string& name, const StatInputs& inputs, const WindowSpec& spec, Acc acc) {
    auto edge = windowed<Acc, Codec>(name, inputs.data, spec, inputs.controls, std::move(acc), inputs.layout);
    using Output = typename decltype(edge)::value_type;
    const NativeType type = std::is_same_v<Output, DateTime> ? NativeType::DateTime
                            : std::is_same_v<Output, double> ? NativeType::Float
                                                             : NativeType::Object;
    return EdgeHandle{edge.slot(), type};
}

std::optional<double> opt_double(nb::handle v) { return v.is_none() ? std::nullopt : std::optional(nb::cast<double>(v)); }

// Registers "stats.<name>": make(spec, params) returns the accumulator;
// make_weighted, when given, the one of the weighted statistic.
template <class Make, class MakeWeighted = std::nullptr_t>
void register_stat(const std::string& name, Make make, MakeWeighted make_weighted = nullptr) {
    const std::string full = "stats." + name;
    builtin_registry()[full] = [full, make, make_weighted](Engine&, const Types&, const Handles& in, nb::tuple args) {
        StatInputs inputs = parse_inputs(in, args);
        WindowSpec spec = parse_window(args[2]);
        nb::tuple params = nb::cast<nb::tuple>(args[3]);
        auto build = [&](auto acc) {
            using Acc = decltype(acc);
            return inputs.arrays ? add_stat<Acc, NumpyCodec>(full, inputs, spec, std::move(acc))
                                 : add_stat<Acc, ScalarCodec>(full, inputs, spec, std::move(acc));
        };
        if (inputs.controls.weights == nullptr) return Handles{build(make(spec, params))};
        if constexpr (std::is_same_v<MakeWeighted, std::nullptr_t>) {
            throw TypeError(full + " takes no weights");
        } else {
            return Handles{build(make_weighted(spec, params))};
        }
    };
}

Variance::Kind variance_kind(nb::handle name) {
    const auto kind = nb::cast<std::string>(name);
    return kind == "var" ? Variance::Kind::Var : kind == "stddev" ? Variance::Kind::StdDev : Variance::Kind::Sem;
}

void register_windowed() {
    register_stat("count", [](const WindowSpec&, nb::tuple) { return Count(); });
    register_stat("sum", [](const WindowSpec&, nb::tuple p) { return Sum(nb::cast<bool>(p[0])); });
    register_stat("mean", [](const WindowSpec&, nb::tuple) { return Mean(); },
                  [](const WindowSpec&, nb::tuple) { return WeightedMean(); });
    // params: (ddof, "var" | "stddev" | "sem")
    register_stat(
        "var", [](const WindowSpec&, nb::tuple p) { return Variance(nb::cast<int64_t>(p[0]), variance_kind(p[1])); },
        [](const WindowSpec&, nb::tuple p) { return WeightedVariance(nb::cast<int64_t>(p[0]), variance_kind(p[1])); });
    register_stat("skew", [](const WindowSpec&, nb::tuple p) { return Skew(nb::cast<bool>(p[0])); },
                  [](const WindowSpec&, nb::tuple p) { return WeightedSkew(nb::cast<bool>(p[0])); });
    register_stat("kurt", [](const WindowSpec&, nb::tuple p) { return Kurt(nb::cast<bool>(p[0]), nb::cast<bool>(p[1])); },
                  [](const WindowSpec&, nb::tuple p) { return WeightedKurt(nb::cast<bool>(p[0]), nb::cast<bool>(p[1])); });
    register_stat("min", [](const WindowSpec&, nb::tuple) { return MinMax(false); });
    register_stat("max", [](const WindowSpec&, nb::tuple) { return MinMax(true); });
    // params: (is_max, return_most_recent)
    register_stat("argminmax", [](const WindowSpec&, nb::tuple p) {
        return ArgMinMax(nb::cast<bool>(p[0]), nb::cast<bool>(p[1]));
    });
    register_stat("first", [](const WindowSpec& s, nb::tuple) {
        return First(s.ignore_na, s.kind == WindowSpec::Kind::Expanding);
    });
    register_stat("last", [](const WindowSpec& s, nb::tuple) { return Last(s.ignore_na); });
    register_stat("prod", [](const WindowSpec&, nb::tuple) { return Product(); });
    register_stat("gmean", [](const WindowSpec&, nb::tuple) { return GeometricMean(); });
    register_stat("unique", [](const WindowSpec&, nb::tuple p) { return Unique(nb::cast<int>(p[0])); });
    // params: (q, interpolation name)
    register_stat("quantile", [](const WindowSpec&, nb::tuple p) {
        return Quantile(nb::cast<double>(p[0]), parse_interpolation(nb::cast<std::string>(p[1])));
    });
    // params: (method name, keep_na)
    register_stat("rank", [](const WindowSpec&, nb::tuple p) {
        return Rank(parse_rank_method(nb::cast<std::string>(p[0])), nb::cast<bool>(p[1]));
    });
    // params: (ddof, is_correlation)
    register_stat(
        "cov", [](const WindowSpec&, nb::tuple p) { return Covariance(nb::cast<int64_t>(p[0]), nb::cast<bool>(p[1])); },
        [](const WindowSpec&, nb::tuple p) { return WeightedCovariance(nb::cast<int64_t>(p[0]), nb::cast<bool>(p[1])); });
}

// params of the exponential statistics: (alpha, halflife, adjust, ignore_na[, bias, stddev]).
Decay decay_of(nb::tuple p) {
    std::optional<TimeDelta> halflife;
    if (!p[1].is_none()) halflife = to_timedelta(p[1]);
    return Decay::from(halflife ? std::nullopt : opt_double(p[0]), std::nullopt, std::nullopt, halflife);
}

void register_exponential() {
    register_stat("ema", [](const WindowSpec&, nb::tuple p) {
        return Ema(decay_of(p), nb::cast<bool>(p[2]), nb::cast<bool>(p[3]));
    });
    register_stat("ema_horizon", [](const WindowSpec&, nb::tuple p) {
        return EmaHorizon(decay_of(p).alpha, nb::cast<bool>(p[3]));
    });
    register_stat("ema_var", [](const WindowSpec&, nb::tuple p) {
        return EmaVariance(decay_of(p), nb::cast<bool>(p[2]), nb::cast<bool>(p[3]), nb::cast<bool>(p[4]),
                           nb::cast<bool>(p[5]));
    });
    register_stat("ema_var_horizon", [](const WindowSpec&, nb::tuple p) {
        return EmaVarianceHorizon(decay_of(p).alpha, nb::cast<bool>(p[3]), nb::cast<bool>(p[4]), nb::cast<bool>(p[5]));
    });
    register_stat("ema_cov_horizon", [](const WindowSpec&, nb::tuple p) {
        return EmaCovarianceHorizon(decay_of(p).alpha, nb::cast<bool>(p[3]), nb::cast<bool>(p[4]));
    });
    // params: (alpha, halflife, adjust, ignore_na, bias)
    register_stat("ema_cov", [](const WindowSpec&, nb::tuple p) {
        return EmaCovariance(decay_of(p), nb::cast<bool>(p[2]), nb::cast<bool>(p[3]), nb::cast<bool>(p[4]));
    });
}

}  // namespace

void register_stats_builtins() {
    register_windowed();
    register_exponential();
}

}  // namespace csp::python
