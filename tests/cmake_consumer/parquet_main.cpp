// Writes a Parquet file with the installed csp::parquet_adapters and reads it back.
#include <csp/adapters/parquet/parquet_adapters.h>
#include <csp/csp.h>

#include <string>

int main(int argc, char** argv) {
    using namespace std::chrono_literals;
    const std::string path = argc > 1 ? argv[1] : "consumer.parquet";
    const csp::RunOptions options{.starttime = csp::DateTime(2022, 1, 1), .endtime = 10s};
    csp::run([&] {
        csp::parquet::parquet_sink(path, "time").publish("x", csp::curve<double>({{1s, 1.5}, {2s, 2.5}}));
    }, options);
    auto results = csp::run([&] {
        auto& source = csp::parquet::parquet_source({.paths = {path}, .time_column = "time"});
        csp::add_graph_output("x", source.subscribe<double>("x"));
    }, options);
    const auto& ticks = results.get<double>("x");
    return ticks.size() == 2 && ticks.back().second == 2.5 ? 0 : 1;
}
