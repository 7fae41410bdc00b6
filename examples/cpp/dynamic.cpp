// Dynamic graphs in C++: a sub-graph per symbol, created when the symbol
// first trades and removed when it is delisted, over one trade stream.
#include <csp/csp.h>

using namespace std::chrono_literals;

struct Trade {
    std::string symbol;
    double price;
    int64_t qty;  // 0: the symbol is delisted
};

// Trades by symbol, as a dynamic basket: a delisting removes the symbol.
class TradesBySymbol final : public csp::Node {
public:
    explicit TradesBySymbol(csp::Edge<Trade> trades) : Node("trades_by_symbol"), trades_(this, trades) {}
    csp::DynamicOut<std::string, Trade> out{this};
    void execute() override {
        if (trades_->qty == 0) {
            out.remove(trades_->symbol);
        } else {
            out.tick(trades_->symbol, *trades_);
        }
    }

private:
    csp::In<Trade> trades_;
};

// The per-symbol sub-graph: the running volume-weighted average price, and a
// line when the instance starts and stops.
class Vwap final : public csp::Node {
public:
    Vwap(std::string symbol, csp::Edge<Trade> trades) : Node("vwap"), symbol_(std::move(symbol)), trades_(this, trades) {}
    csp::Out<double> out{this};
    void start() override { csp::print_stream() << "start " << symbol_ << "\n"; }
    void stop() override { csp::print_stream() << "stop " << symbol_ << "\n"; }
    void execute() override {
        notional_ += trades_->price * static_cast<double>(trades_->qty);
        volume_ += trades_->qty;
        out.tick(notional_ / static_cast<double>(volume_));
    }

private:
    std::string symbol_;
    csp::In<Trade> trades_;
    double notional_ = 0;
    int64_t volume_ = 0;
};

void per_symbol_vwap() {
    auto trades = csp::curve<Trade>({{0s, {"AAPL", 100.0, 10}},
                                     {1s, {"IBM", 120.0, 5}},
                                     {2s, {"AAPL", 102.0, 30}},
                                     {3s, {"IBM", 0, 0}},
                                     {4s, {"AAPL", 101.0, 20}},
                                     {5s, {"IBM", 125.0, 10}}});
    auto by_symbol = csp::add<TradesBySymbol>(trades).out.edge();
    auto vwaps = csp::dynamic(by_symbol, [](const std::string& symbol, csp::Edge<Trade> symbol_trades) {
        return csp::add<Vwap>(symbol, symbol_trades).out.edge();
    });
    csp::print("vwap", csp::dynamic_collect(vwaps));
}

int main() { csp::run(per_symbol_vwap, {.starttime = csp::DateTime(2022, 1, 1)}); }
