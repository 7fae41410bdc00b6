// Kafka from C++: one run publishes trades (and a malformed message) to a
// topic, a second run subscribes from the earliest offset, replays them and
// reports the bad message on the status edge.
//
//     kafka_roundtrip 127.0.0.1:9092 [topic]
//
// (tests/servers/kafka_broker.py run -- kafka_roundtrip {bootstrap} starts a broker for it.)
#include <csp/adapters/kafka/manager.h>
#include <csp/csp.h>

#include <iostream>
#include <sstream>

using namespace std::chrono_literals;

struct Trade : csp::StructDef<Trade> {
    static constexpr const char* name = "Trade";
    static inline const auto symbol = field<std::string>("symbol");
    static inline const auto price = field<double>("price");
    static inline const auto qty = field<int64_t>("qty");
};

// The wire format: "symbol,price,qty".
std::string encode(const csp::StructPtr& t) {
    std::ostringstream out;
    out << t->get(Trade::symbol) << ',' << t->get(Trade::price) << ',' << t->get(Trade::qty);
    return out.str();
}

std::optional<csp::StructPtr> decode(const std::string& payload) {
    std::istringstream in(payload);
    std::string symbol, price, qty;
    if (!std::getline(in, symbol, ',') || !std::getline(in, price, ',') || !std::getline(in, qty))
        throw std::invalid_argument("expected 'symbol,price,qty', got '" + payload + "'");
    csp::StructPtr t = Trade::create();
    t->set(Trade::symbol, symbol);
    t->set(Trade::price, std::stod(price));
    t->set(Trade::qty, static_cast<int64_t>(std::stoll(qty)));
    return t;
}

csp::StructPtr trade(const char* symbol, double price, int64_t qty) {
    csp::StructPtr t = Trade::create();
    t->set(Trade::symbol, symbol);
    t->set(Trade::price, price);
    t->set(Trade::qty, qty);
    return t;
}

// Stops the run once `x` ticked n times and `y` m times.
template <class X, class Y>
csp::Edge<bool> stop_after(csp::Edge<X> x, int n, csp::Edge<Y> y, int m) {
    return csp::make_node("stop_after", [n, m, seen_x = 0, seen_y = 0](const csp::In<X>& a, const csp::In<Y>& b) mutable {
        seen_x += a.ticked();
        seen_y += b.ticked();
        if (seen_x >= n && seen_y >= m) csp::stop_engine();
        return true;
    })(x, y);
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: kafka_roundtrip BROKER [TOPIC]\n";
        return 2;
    }
    const std::string broker = argv[1];
    const std::string topic = argc > 2 ? argv[2] : "csp-example-trades";
    const csp::RunOptions live{.starttime = csp::DateTime::now(), .endtime = 30s, .realtime = true};

    csp::run([&] {
        auto& kafka = csp::kafka::Manager::create({.brokers = broker});
        auto trades = csp::curve<csp::StructPtr>({{0ms, trade("AAPL", 100.5, 10)},
                                                  {1ms, trade("IBM", 31.25, 20)},
                                                  {2ms, trade("AAPL", 99.0, 30)}});
        kafka.publish<csp::StructPtr>(trades, topic, "trades", encode);
        auto garbage = csp::const_(std::string("garbage"));
        kafka.publish(garbage, topic, "trades");
        csp::add_graph_output("sent", stop_after(trades, 3, garbage, 1));  // the producer flushes at the end
    }, live);

    csp::RunOptions replay = live;
    replay.starttime = csp::DateTime::now();
    csp::run([&] {
        auto& kafka = csp::kafka::Manager::create({.brokers = broker, .start = csp::kafka::StartOffset::earliest()});
        auto trades = kafka.subscribe<csp::StructPtr>(topic, "trades", decode);
        auto status = kafka.status();
        auto show = csp::make_node("show", [](const csp::StructPtr& t) {
            std::cout << "trade " << t->get(Trade::symbol) << " " << t->get(Trade::price) << " x " << t->get(Trade::qty) << "\n";
            return true;
        });
        auto report = csp::make_node("report", [](const csp::kafka::StatusEvent& s) {
            std::cout << "status " << static_cast<int>(s.code) << " " << s.msg.substr(s.msg.find(": ") + 2) << "\n";
            return true;
        });
        csp::add_graph_output("shown", show(trades));
        csp::add_graph_output("reported", report(status));
        csp::add_graph_output("done", stop_after(trades, 3, status, 1));
    }, replay);
}
