// csp::stats: accumulators against brute force, and the window node's semantics.
#include "csp/stats/stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "testing/test_util.h"

namespace csp::stats {
namespace {

using namespace std::chrono_literals;
using csp::testing::offsets;
using csp::testing::sim;
using csp::testing::values;

std::vector<double> random_values(size_t n, unsigned seed, double nan_fraction = 0.0) {
    std::mt19937 gen(seed);
    std::normal_distribution<double> normal(5.0, 2.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<double> out(n);
    for (double& v : out) v = unit(gen) < nan_fraction ? kNaN : normal(gen);
    return out;
}

// Feeds `xs` through `acc` over a FIFO window of `w` samples; calls check(window, acc) each step.
template <class Acc, class Check>
void slide(Acc acc, const std::vector<double>& xs, size_t w, Check check) {
    std::deque<double> window;
    for (double x : xs) {
        if (window.size() == w) {
            acc.remove(window.front());
            window.pop_front();
        }
        acc.add(x);
        window.push_back(x);
        check(std::vector<double>(window.begin(), window.end()), acc);
    }
}

double brute_var(const std::vector<double>& v, int ddof) {
    const double m = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    double s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return static_cast<double>(v.size()) > ddof ? s / static_cast<double>(static_cast<int>(v.size()) - ddof) : kNaN;
}

TEST(OrderedMultisetTest, MatchesASortedVector) {
    OrderedMultiset set;
    std::vector<double> sorted;
    std::mt19937 gen(7);
    std::uniform_int_distribution<int> value(0, 20);
    for (int i = 0; i < 3000; ++i) {
        const double v = value(gen);
        if (!sorted.empty() && i % 3 == 0) {
            const double victim = sorted[static_cast<size_t>(value(gen)) % sorted.size()];
            set.erase(victim);
            sorted.erase(std::find(sorted.begin(), sorted.end(), victim));
        } else {
            set.insert(v);
            sorted.insert(std::upper_bound(sorted.begin(), sorted.end(), v), v);
        }
        ASSERT_EQ(set.size(), static_cast<int64_t>(sorted.size()));
        if (sorted.empty()) continue;
        const auto k = static_cast<int64_t>(i % sorted.size());
        ASSERT_EQ(set.kth(k), sorted[static_cast<size_t>(k)]);
        const auto less = std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin();
        const auto less_eq = std::upper_bound(sorted.begin(), sorted.end(), v) - sorted.begin();
        ASSERT_EQ(set.count_below(v, false), less);
        ASSERT_EQ(set.count_below(v, true), less_eq);
    }
}

TEST(AccumulatorTest, MomentsMatchBruteForce) {
    const auto xs = random_values(500, 1);
    slide(Variance(1), xs, 17, [](const std::vector<double>& w, const Variance& acc) {
        if (w.size() > 1) EXPECT_NEAR(acc.value(), brute_var(w, 1), 1e-9 * brute_var(w, 1));
    });
    slide(Mean(), xs, 10, [](const std::vector<double>& w, const Mean& acc) {
        EXPECT_NEAR(acc.value(), std::accumulate(w.begin(), w.end(), 0.0) / static_cast<double>(w.size()), 1e-12);
    });
}

TEST(AccumulatorTest, SkewAndKurtMatchTheirDefinitions) {
    const auto xs = random_values(300, 2);
    slide(Skew(true), xs, 25, [](const std::vector<double>& w, const Skew& acc) {
        const double n = static_cast<double>(w.size());
        const double m = std::accumulate(w.begin(), w.end(), 0.0) / n;
        double m2 = 0, m3 = 0;
        for (double x : w) { m2 += (x - m) * (x - m); m3 += (x - m) * (x - m) * (x - m); }
        if (w.size() > 2) EXPECT_NEAR(acc.value(), std::sqrt(n) * m3 / std::pow(m2, 1.5), 1e-9);
    });
    slide(Kurt(true, true), xs, 25, [](const std::vector<double>& w, const Kurt& acc) {
        const double n = static_cast<double>(w.size());
        const double m = std::accumulate(w.begin(), w.end(), 0.0) / n;
        double m2 = 0, m4 = 0;
        for (double x : w) { m2 += (x - m) * (x - m); m4 += std::pow(x - m, 4); }
        if (w.size() > 3) EXPECT_NEAR(acc.value(), n * m4 / (m2 * m2) - 3, 1e-9);
    });
}

TEST(AccumulatorTest, MinMaxQuantileRankMatchSorting) {
    auto xs = random_values(400, 3);
    for (double& x : xs) x = std::round(x);  // ties
    slide(MinMax(false), xs, 9, [](const std::vector<double>& w, const MinMax& acc) {
        EXPECT_EQ(acc.value(), *std::min_element(w.begin(), w.end()));
    });
    slide(MinMax(true), xs, 9, [](const std::vector<double>& w, const MinMax& acc) {
        EXPECT_EQ(acc.value(), *std::max_element(w.begin(), w.end()));
    });
    slide(Quantile(0.3), xs, 12, [](std::vector<double> w, const Quantile& acc) {
        std::sort(w.begin(), w.end());
        const double pos = 0.3 * static_cast<double>(w.size() - 1);
        const auto lo = static_cast<size_t>(pos);
        const double expected = lo + 1 < w.size() ? w[lo] + (w[lo + 1] - w[lo]) * (pos - static_cast<double>(lo)) : w[lo];
        EXPECT_NEAR(acc.value(), expected, 1e-12);
    });
    slide(Rank(RankMethod::Avg), xs, 12, [](const std::vector<double>& w, const Rank& acc) {
        const double latest = w.back();
        const auto below = std::count_if(w.begin(), w.end(), [&](double v) { return v < latest; });
        const auto equal = std::count(w.begin(), w.end(), latest);
        EXPECT_EQ(acc.value(), static_cast<double>(below) + static_cast<double>(equal - 1) / 2);
    });
}

TEST(AccumulatorTest, CovarianceMatchesBruteForce) {
    const auto xs = random_values(200, 4), ys = random_values(200, 5);
    Covariance cov(1), corr(1, true);
    std::deque<Pair> window;
    for (size_t i = 0; i < xs.size(); ++i) {
        if (window.size() == 15) {
            cov.remove(window.front());
            corr.remove(window.front());
            window.pop_front();
        }
        window.push_back({xs[i], ys[i]});
        cov.add(window.back());
        corr.add(window.back());
        if (window.size() < 2) continue;
        double mx = 0, my = 0;
        for (const Pair& p : window) { mx += p.x; my += p.y; }
        const double n = static_cast<double>(window.size());
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (const Pair& p : window) {
            sxy += (p.x - mx) * (p.y - my);
            sxx += (p.x - mx) * (p.x - mx);
            syy += (p.y - my) * (p.y - my);
        }
        EXPECT_NEAR(cov.value(), sxy / (n - 1), 1e-9);
        EXPECT_NEAR(corr.value(), sxy / std::sqrt(sxx * syy), 1e-9);
    }
}

TEST(AccumulatorTest, EmaFollowsTheAdjustedDefinition) {
    const auto xs = random_values(100, 6);
    Ema ema(Decay::from(0.2, {}, {}, {}), true, false);
    double num = 0, den = 0;
    for (size_t i = 0; i < xs.size(); ++i) {
        ema.add(xs[i], DateTime::from_nanos(static_cast<int64_t>(i)));
        num = num * 0.8 + xs[i];
        den = den * 0.8 + 1;
        EXPECT_NEAR(ema.value(), num / den, 1e-12);
    }
}

TEST(DecayTest, RejectsBadParameters) {
    EXPECT_THROW(Decay::from(0.1, 3.0, {}, {}), ValueError);
    EXPECT_THROW(Decay::from({}, {}, {}, {}), ValueError);
    EXPECT_THROW(Decay::from(1.5, {}, {}, {}), ValueError);
    EXPECT_DOUBLE_EQ(Decay::from({}, 3.0, {}, {}).alpha, 0.5);
    EXPECT_DOUBLE_EQ(Decay::from({}, {}, 1.0, {}).alpha, 0.5);
}

// ---- the window node

Edge<double> data() {
    return curve<double>({{1s, 1.0}, {2s, 2.0}, {3s, kNaN}, {4s, 4.0}, {5s, 5.0}, {7s, 7.0}, {8s, 8.0}});
}

std::vector<double> run_values(std::function<Edge<double>()> graph) {
    auto results = run([&] { add_graph_output("o", graph()); }, sim(20s));
    return values(results.get<double>("o"));
}

TEST(WindowNodeTest, TickWindowCountsNanTicksAndWaitsForMinWindow) {
    EXPECT_EQ(run_values([] { return mean(data(), WindowSpec::tick_window(3)); }),
              (std::vector<double>{1.5, 3.0, 4.5, 16.0 / 3, 20.0 / 3}));
}

TEST(WindowNodeTest, TimeWindowIsOpenOnTheLeft) {
    auto results = run([] { add_graph_output("o", sum(data(), WindowSpec::time_window(3s))); }, sim(20s));
    EXPECT_EQ(values(results.get<double>("o")), (std::vector<double>{3.0, 6.0, 9.0, 12.0, 15.0}));
    EXPECT_EQ(offsets(results.get<double>("o")), (std::vector<TimeDelta>{3s, 4s, 5s, 7s, 8s}));
}

TEST(WindowNodeTest, IgnoreNaFalsePoisonsTheWindow) {
    auto v = run_values([] { return sum(data(), WindowSpec::tick_window(2).with_ignore_na(false)); });
    ASSERT_EQ(v.size(), 6u);
    EXPECT_EQ(v[0], 3.0);
    EXPECT_TRUE(std::isnan(v[1]) && std::isnan(v[2]));
    EXPECT_EQ(v[3], 9.0);
}

TEST(WindowNodeTest, TriggerSamplerAndReset) {
    auto triggered = run_values([] {
        return mean(data(), WindowSpec::time_window(3s), {.trigger = curve<bool>({{4s, true}, {6s, true}, {12s, true}}).slot()});
    });
    ASSERT_EQ(triggered.size(), 3u);
    EXPECT_EQ(triggered[0], 3.0);
    EXPECT_EQ(triggered[1], 4.5);
    EXPECT_TRUE(std::isnan(triggered[2]));  // an empty window

    auto sampled = run_values([] {
        return mean(data(), {}, {.sampler = curve<bool>({{2s, true}, {4s, true}, {6s, true}, {7s, true}}).slot()});
    });
    EXPECT_EQ(sampled, (std::vector<double>{2.0, 3.0, 3.0, 13.0 / 3}));

    auto reset = run_values([] { return mean(data(), WindowSpec::tick_window(3), {.reset = curve<bool>({{4s, true}}).slot()}); });
    EXPECT_EQ(reset, (std::vector<double>{1.5, 4.0, 4.5, 16.0 / 3, 20.0 / 3}));
}

TEST(WindowNodeTest, ATickMinWindowOfOneIsReachedBeforeAnyData) {
    auto early = [](int64_t min_window) {
        return run_values([min_window] {
            return count(data(), WindowSpec::tick_window(3, min_window), {.trigger = curve<bool>({{0s, true}, {1s, true}, {2s, true}}).slot()});
        });
    };
    EXPECT_EQ(early(1), (std::vector<double>{0.0, 1.0, 2.0}));  // the empty window's count at 0s
    EXPECT_EQ(early(0), (std::vector<double>{0.0, 1.0, 2.0}));
    EXPECT_EQ(early(2), (std::vector<double>{2.0}));  // waits for two data ticks
}

TEST(WindowNodeTest, MinDataPointsGivesNanOnTriggerTicksUntilReached) {
    auto v = run_values([] {
        return sum(data(), WindowSpec::expanding().with_min_data_points(2), {.trigger = curve<bool>({{0s, true}, {1s, true}, {2s, true}}).slot()});
    });
    ASSERT_EQ(v.size(), 3u);
    EXPECT_TRUE(std::isnan(v[0]) && std::isnan(v[1]));
    EXPECT_EQ(v[2], 3.0);
}

TEST(WindowNodeTest, RecalcIsRejectedForExpandingWindows) {
    EXPECT_THROW(run([] { add_graph_output("o", mean(data(), {}, {.recalc = data().slot()})); }, sim(20s)), ValueError);
}

TEST(WindowNodeTest, ArgMinReportsTheTimeOfTheMinimum) {
    auto results = run([] { add_graph_output("o", argmin(data(), WindowSpec::tick_window(3))); }, sim(20s));
    auto times = values(results.get<DateTime>("o"));
    ASSERT_EQ(times.size(), 5u);
    EXPECT_EQ(times[0] - csp::testing::kStart, TimeDelta(1s));
    EXPECT_EQ(times[4] - csp::testing::kStart, TimeDelta(5s));
}

}  // namespace
}  // namespace csp::stats
