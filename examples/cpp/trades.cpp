// Structs in C++: a statically declared Trade type, trades ticking through a
// node that reads their fields, and a derived struct built per tick.
#include <csp/csp.h>

using namespace std::chrono_literals;

struct Trade : csp::StructDef<Trade> {
    static constexpr const char* name = "Trade";
    static inline const auto symbol = field<std::string>("symbol");
    static inline const auto price = field<double>("price");
    static inline const auto qty = field<int64_t>("qty");
};

// A Trade with the running volume-weighted average price of its symbol.
struct PricedTrade : csp::StructDef<PricedTrade, Trade> {
    static constexpr const char* name = "PricedTrade";
    static inline const auto vwap = field<double>("vwap");
};

csp::StructPtr trade(const char* symbol, double price, int64_t qty) {
    csp::StructPtr t = Trade::create();
    t->set(Trade::symbol, symbol);
    t->set(Trade::price, price);
    t->set(Trade::qty, qty);
    return t;
}

auto with_vwap = csp::make_node("with_vwap", [notional = 0.0, volume = int64_t{0}](const csp::StructPtr& t) mutable {
    notional += t->get(Trade::price) * static_cast<double>(t->get(Trade::qty));
    volume += t->get(Trade::qty);
    csp::StructPtr out = PricedTrade::create();
    out->update_from(*t);  // the Trade fields
    out->set(PricedTrade::vwap, notional / static_cast<double>(volume));
    return out;
});

void trades_graph() {
    auto trades = csp::curve<csp::StructPtr>({{0s, trade("AAPL", 100.0, 10)},
                                              {1s, trade("AAPL", 101.0, 30)},
                                              {2s, trade("AAPL", 99.5, 20)}});
    csp::print("priced", with_vwap(trades));
}

int main() { csp::run(trades_graph, {.starttime = csp::DateTime(2022, 1, 1)}); }
