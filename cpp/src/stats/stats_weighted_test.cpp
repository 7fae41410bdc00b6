// csp::stats: weighted accumulators, exponential covariance and finite
// horizons against brute force; element-wise array nodes against the scalar
// ones; covariance matrices; the window's circular buffer and the ordered
// multiset across its switch from a sorted vector to a treap.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <algorithm>
#include <deque>
#include <random>

#include "csp/stats/stats.h"
#include "testing/test_util.h"

namespace csp::stats {
namespace {

using namespace std::chrono_literals;
using csp::testing::sim;
using csp::testing::values;

struct Sample3 {
    double x, y, w;
};

std::vector<Sample3> random_samples(size_t n, unsigned seed) {
    std::mt19937 gen(seed);
    std::normal_distribution<double> normal(5.0, 2.0);
    std::uniform_real_distribution<double> weight(0.2, 3.0);
    std::vector<Sample3> out(n);
    for (auto& s : out) s = {normal(gen), normal(gen), weight(gen)};
    return out;
}

// Weighted central moments of a window: {sum w, mean, m2, m3, m4} (m_k = sum w (x - mean)^k).
std::array<double, 5> brute_moments(const std::deque<Sample3>& window) {
    double w = 0, wx = 0;
    for (const auto& s : window) w += s.w, wx += s.w * s.x;
    const double mean = wx / w;
    std::array<double, 5> out{w, mean, 0, 0, 0};
    for (const auto& s : window)
        for (int k = 2; k <= 4; ++k) out[static_cast<size_t>(k)] += s.w * std::pow(s.x - mean, k);
    return out;
}

void expect_close(double actual, double expected) {
    EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::abs(expected)));
}

TEST(WeightedAccumulatorTest, MatchBruteForceOverASlidingWindow) {
    const auto samples = random_samples(400, 3);
    WeightedMean mean;
    WeightedVariance var(1), sem(1, Variance::Kind::Sem);
    WeightedSkew skew;
    WeightedKurt kurt;
    WeightedCovariance cov(1), corr(1, true);
    std::deque<Sample3> window;
    for (const auto& s : samples) {
        if (window.size() == 13) {
            const auto& o = window.front();
            mean.remove({o.x, o.w});
            var.remove({o.x, o.w}), sem.remove({o.x, o.w}), skew.remove({o.x, o.w}), kurt.remove({o.x, o.w});
            cov.remove({o.x, o.y, o.w}), corr.remove({o.x, o.y, o.w});
            window.pop_front();
        }
        mean.add({s.x, s.w}), var.add({s.x, s.w}), sem.add({s.x, s.w}), skew.add({s.x, s.w}), kurt.add({s.x, s.w});
        cov.add({s.x, s.y, s.w}), corr.add({s.x, s.y, s.w});
        window.push_back(s);
        if (window.size() < 4) continue;
        const auto [w, m, m2, m3, m4] = brute_moments(window);
        const double n = static_cast<double>(window.size());
        expect_close(mean.value(), m);
        expect_close(var.value(), m2 / (w - 1));
        expect_close(sem.value(), std::sqrt(m2 / (w - 1) / w));
        const double g1 = (m3 / w) / std::pow(m2 / w, 1.5);
        expect_close(skew.value(), g1 * std::sqrt(n * (n - 1)) / (n - 2));
        const double g2 = (m4 / w) / std::pow(m2 / w, 2) - 3;
        expect_close(kurt.value(), ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3)));
        double my = 0, cxy = 0, cyy = 0;
        for (const auto& p : window) my += p.w * p.y / w;
        for (const auto& p : window) cxy += p.w * (p.x - m) * (p.y - my), cyy += p.w * (p.y - my) * (p.y - my);
        expect_close(cov.value(), cxy / (w - 1));
        expect_close(corr.value(), cxy / std::sqrt(m2 * cyy));
    }
}

TEST(EmaCovarianceTest, OfASeriesWithItselfIsItsVariance) {
    const auto samples = random_samples(200, 4);
    const Decay decay = Decay::from(0.15, {}, {}, {});
    EmaCovariance cov(decay, true, false, false);
    EmaVariance var(decay, true, false, false);
    for (size_t i = 0; i < samples.size(); ++i) {
        const DateTime t = DateTime::from_nanos(static_cast<int64_t>(i));
        cov.add(Pair{samples[i].x, samples[i].x}, t);
        var.add(samples[i].x, t);
        if (i > 0) expect_close(cov.value(), var.value());
    }
}

TEST(EmaVarianceHorizonTest, MatchesTheAdjustedDefinitionOnEachWindow) {
    const auto samples = random_samples(300, 5);
    const double alpha = 0.25;
    const size_t horizon = 9;
    EmaCovarianceHorizon acc(alpha, false, false);
    std::deque<Sample3> window;
    for (const auto& s : samples) {
        if (window.size() == horizon) {
            acc.remove(Pair{window.front().x, window.front().y});
            window.pop_front();
        }
        acc.add(Pair{s.x, s.y});
        window.push_back(s);
        // weights (1-a)^age, newest age 0; pandas' unbiased correction
        double w = 0, w2 = 0, mx = 0, my = 0, cxy = 0;
        for (size_t k = 0; k < window.size(); ++k) {
            const double wk = std::pow(1 - alpha, static_cast<double>(window.size() - 1 - k));
            w += wk, w2 += wk * wk, mx += wk * window[k].x, my += wk * window[k].y;
        }
        mx /= w, my /= w;
        for (size_t k = 0; k < window.size(); ++k)
            cxy += std::pow(1 - alpha, static_cast<double>(window.size() - 1 - k)) * (window[k].x - mx) * (window[k].y - my);
        if (window.size() > 1) expect_close(acc.value(), w * w / (w * w - w2) * cxy / w);
    }
}

// ---- array nodes

Edge<std::vector<double>> vectors() {
    return curve<std::vector<double>>({{1s, {1.0, 10.0}}, {2s, {2.0, kNaN}}, {3s, {4.0, 30.0}}, {4s, {8.0, 20.0}}});
}

TEST(ElementwiseTest, ComputesEachElementAsItsOwnSeries) {
    auto results = run([] { add_graph_output("o", elementwise(vectors(), WindowSpec::tick_window(2), {}, Mean())); },
                       sim(10s));
    const auto rows = values(results.get<std::vector<double>>("o"));
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0][0], 1.5);
    EXPECT_EQ(rows[0][1], 10.0);  // the NaN is skipped
    EXPECT_EQ(rows[1][0], 3.0);
    EXPECT_EQ(rows[1][1], 30.0);
    EXPECT_EQ(rows[2][0], 6.0);
    EXPECT_EQ(rows[2][1], 25.0);
}

TEST(ElementwiseTest, ArraysOfAnotherSizeAreAnError) {
    auto graph = [] {
        auto x = curve<std::vector<double>>({{1s, {1.0, 2.0}}, {2s, {1.0}}});
        add_graph_output("o", elementwise(x, {}, {}, Count()));
    };
    EXPECT_THROW(run(graph, sim(10s)), ValueError);
}

TEST(CovMatrixTest, PairsUseTheSamplesWhereBothAreValid) {
    auto results = run([] { add_graph_output("o", cov_matrix(vectors())); }, sim(10s));
    const auto last = values(results.get<std::vector<double>>("o")).back();
    ASSERT_EQ(last.size(), 4u);
    // x0: 1, 2, 4, 8 (var 9.5833...); x1: 10, 30, 20 (var 100); cov over the rows 1, 3, 4: 1, 4, 8 / 10, 30, 20
    expect_close(last[0], (1 + 4 + 16 + 64 - 15.0 * 15.0 / 4) / 3);
    expect_close(last[3], 100.0);
    const double mx = 13.0 / 3, my = 20.0;
    const double cxy = ((1 - mx) * (10 - my) + (4 - mx) * (30 - my) + (8 - mx) * (20 - my)) / 2;
    expect_close(last[1], cxy);
    expect_close(last[2], cxy);
    auto corr = run([] { add_graph_output("o", corr_matrix(vectors())); }, sim(10s));
    const auto c = values(corr.get<std::vector<double>>("o")).back();
    expect_close(c[0], 1.0);
    expect_close(c[1], cxy / std::sqrt(((1 - mx) * (1 - mx) + (4 - mx) * (4 - mx) + (8 - mx) * (8 - mx)) / 2 * 100.0));
}

TEST(WeightedNodeTest, SamplesTakeTheLastWeight) {
    auto results = run(
        [] {
            auto x = curve<double>({{1s, 1.0}, {2s, 4.0}, {3s, 2.0}});
            auto w = curve<double>({{2s, 2.0}, {3s, 1.0}});
            add_graph_output("o", weighted_mean(x, w));
        },
        sim(10s));
    const auto v = values(results.get<double>("o"));
    ASSERT_EQ(v.size(), 3u);
    EXPECT_TRUE(std::isnan(v[0]));  // no weight yet: a NaN sample
    EXPECT_EQ(v[1], 4.0);
    EXPECT_EQ(v[2], (8.0 + 2.0) / 3.0);
}

}  // namespace
}  // namespace csp::stats

namespace csp::stats {
namespace {

TEST(RingTest, BehavesAsADequeAcrossGrowthAndWrapAround) {
    detail::Ring<int> ring;
    std::deque<int> expected;
    std::mt19937 gen(9);
    for (int i = 0; i < 5000; ++i) {
        if (!expected.empty() && gen() % 3 == 0) {
            const size_t n = 1 + gen() % std::min<size_t>(expected.size(), 4);
            ring.pop_front(n);
            expected.erase(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(n));
        } else {
            ring.push_back(i);
            expected.push_back(i);
        }
        ASSERT_EQ(ring.size(), expected.size());
        for (size_t k = 0; k < expected.size(); k += 1 + expected.size() / 8) ASSERT_EQ(ring[k], expected[k]);
    }
    ring.clear();
    EXPECT_TRUE(ring.empty());
}

TEST(OrderedMultisetTest, LargeWindowsMoveToTheTreeAndKeepTheirOrder) {
    OrderedMultiset set;
    std::vector<double> sorted;
    std::mt19937 gen(11);
    std::uniform_int_distribution<int> value(0, 500);
    for (int i = 0; i < 3 * static_cast<int>(OrderedMultiset::kSmall); ++i) {
        const double v = value(gen);
        set.insert(v);
        sorted.insert(std::upper_bound(sorted.begin(), sorted.end(), v), v);
        if (i % 4 == 3) {
            const double victim = sorted[static_cast<size_t>(gen() % sorted.size())];
            set.erase(victim);
            sorted.erase(std::lower_bound(sorted.begin(), sorted.end(), victim));
        }
    }
    ASSERT_GT(sorted.size(), OrderedMultiset::kSmall);
    ASSERT_EQ(set.size(), static_cast<int64_t>(sorted.size()));
    for (size_t k = 0; k < sorted.size(); k += 37) EXPECT_EQ(set.kth(static_cast<int64_t>(k)), sorted[k]);
    EXPECT_EQ(set.count_below(250.0, false), std::lower_bound(sorted.begin(), sorted.end(), 250.0) - sorted.begin());
    set.clear();
    set.insert(1.0);
    EXPECT_EQ(set.size(), 1);
    EXPECT_EQ(set.kth(0), 1.0);
}

}  // namespace
}  // namespace csp::stats
