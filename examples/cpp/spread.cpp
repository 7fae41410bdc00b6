// The bid/ask spread example of the Python README, in C++.
#include <csp/csp.h>

auto spread = csp::make_node("spread", [](const csp::In<double>& bid, const csp::In<double>& ask) -> std::optional<double> {
    if (csp::valid(bid, ask)) return *ask - *bid;
    return std::nullopt;
});

void my_graph() {
    auto bid = csp::const_(1.0) * 4;
    auto ask = csp::const_(2.0) * 3;
    auto s = spread(bid, ask);
    csp::print("spread", s);
    csp::print("bid", bid);
    csp::print("ask", ask);
}

int main() { csp::run(my_graph, {.starttime = csp::DateTime(2022, 1, 1)}); }
