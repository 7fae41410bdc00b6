// The main demo: one quote-processing graph, run first on simulated history
// (engine time, as fast as possible) and then in realtime on a live feed
// pushed from another thread. The graph code is the same for both.
#include <cstdio>
#include <random>
#include <thread>

#include <csp/csp.h>

using namespace std::chrono_literals;

struct Quote {
    double bid;
    double ask;
};

// A random-walk quote generator shared by the historical and the live source.
class QuoteGenerator {
public:
    explicit QuoteGenerator(unsigned seed) : rng_(seed) {}
    Quote next() {
        mid_ += step_(rng_);
        const double half_spread = 0.01 + spread_(rng_);
        return {mid_ - half_spread, mid_ + half_spread};
    }

private:
    std::mt19937_64 rng_;
    std::normal_distribution<double> step_{0.0, 0.02};
    std::uniform_real_distribution<double> spread_{0.0, 0.02};
    double mid_ = 100.0;
};

// History: one quote every `interval`, pulled by the engine in time order.
class HistoricalQuotes final : public csp::PullInputAdapter<Quote> {
public:
    explicit HistoricalQuotes(csp::TimeDelta interval)
        : csp::PullInputAdapter<Quote>("historical_quotes", csp::PushMode::NON_COLLAPSING), interval_(interval) {}

protected:
    void open(csp::DateTime start, csp::DateTime) override { time_ = start; }
    std::optional<std::pair<csp::DateTime, Quote>> next() override {
        time_ += interval_;
        return std::pair(time_, generator_.next());
    }

private:
    csp::TimeDelta interval_;
    csp::DateTime time_;
    QuoteGenerator generator_{42};
};

// Live: a feed thread pushes a quote every millisecond.
class LiveQuotes final : public csp::PushInputAdapter<Quote> {
public:
    LiveQuotes() : csp::PushInputAdapter<Quote>("live_quotes", csp::PushMode::LAST_VALUE) {}
    void start(csp::DateTime, csp::DateTime) override {
        feed_ = std::jthread([this](std::stop_token stop) {
            QuoteGenerator generator(7);
            while (!stop.stop_requested()) {
                push_tick(generator.next());
                std::this_thread::sleep_for(1ms);
            }
        });
    }
    void stop() override { feed_ = {}; }  // requests stop and joins

private:
    std::jthread feed_;
};

auto ema(double alpha) {
    return csp::make_node("ema", [alpha, value = std::optional<double>()](double x) mutable {
        value = value ? *value + alpha * (x - *value) : x;
        return *value;
    });
}

// The graph: mid, spread, a fast/slow EMA crossover signal, a periodic summary.
void quote_pipeline(csp::Edge<Quote> quotes, csp::TimeDelta report_every) {
    auto mid = csp::apply(quotes, [](const Quote& q) { return (q.bid + q.ask) / 2; });
    auto spread = csp::apply(quotes, [](const Quote& q) { return q.ask - q.bid; });
    auto signal = ema(0.2)(mid) - ema(0.02)(mid);
    auto summary = csp::make_node("summary",
        [](const csp::In<bool>& report, int64_t quotes, double mid, double spread, double signal) -> std::optional<std::string> {
            if (!report.ticked()) return std::nullopt;
            char line[160];
            std::snprintf(line, sizeof line, "quotes=%-7lld mid=%8.4f spread=%6.4f signal=%+7.4f -> %s",
                          static_cast<long long>(quotes), mid, spread, signal, signal > 0 ? "BUY" : "SELL");
            return std::string(line);
        });
    csp::print("summary", summary(csp::timer(report_every), csp::count(quotes), mid, spread, signal));
}

int main() {
    std::puts("== simulation: one trading hour of quotes, every 100ms, as fast as possible");
    csp::run([] {
        auto& history = csp::Engine::current()->add_input_adapter<HistoricalQuotes>(100ms);
        quote_pipeline(history.edge(), 10min);
    }, {.starttime = csp::DateTime(2024, 1, 2, 14, 30), .endtime = 1h});

    std::puts("== realtime: the same graph on a live feed for 3 seconds");
    csp::run([] {
        auto& live = csp::Engine::current()->add_input_adapter<LiveQuotes>();
        quote_pipeline(live.edge(), 1s);
    }, {.endtime = 3s, .realtime = true});
}
