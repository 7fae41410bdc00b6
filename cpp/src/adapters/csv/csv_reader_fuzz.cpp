// libFuzzer target for csp::csv::CsvReader. Build with clang and
// -DCSP_BUILD_FUZZERS=ON (target csv_fuzz); CI runs it for a bounded time:
//   build/fuzz/cpp/csv_fuzz -max_total_time=30
//
// The first input byte picks the delimiter and the chunk size, so records
// straddle chunk boundaries; the rest is the file. Every record must parse or
// raise csp::ValueError, and the fields must re-read identically with a large chunk.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "csp/adapters/csv/csv_reader.h"

namespace {

std::vector<std::vector<std::string>> read_all(const std::string& path, csp::csv::CsvOptions options, bool& failed) {
    std::vector<std::vector<std::string>> rows;
    failed = false;
    try {
        csp::csv::CsvReader reader(path, options);
        while (reader.next()) {
            std::vector<std::string> row;
            for (size_t i = 0; i < reader.num_fields(); ++i) {
                row.emplace_back(reader.field(i));
                int64_t n;
                double d;
                csp::csv::parse_int64(reader.field(i), n);
                csp::csv::parse_double(reader.field(i), d);
            }
            rows.push_back(std::move(row));
        }
    } catch (const csp::ValueError&) {
        failed = true;
    }
    return rows;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    static const std::string path = "/tmp/csp_csv_fuzz_" + std::to_string(::getpid()) + ".csv";
    const uint8_t control = data[0];
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fwrite(data + 1, 1, size - 1, f);
        std::fclose(f);
    } else {
        return 0;
    }
    static const char delimiters[] = {',', ';', '\t', '|'};
    csp::csv::CsvOptions small{.delimiter = delimiters[control & 3], .header = (control & 4) != 0,
                               .chunk_size = static_cast<size_t>(1 + (control >> 3))};
    csp::csv::CsvOptions large = small;
    large.chunk_size = 1 << 16;
    bool failed_small, failed_large;
    auto a = read_all(path, small, failed_small);
    auto b = read_all(path, large, failed_large);
    if (a != b || failed_small != failed_large) __builtin_trap();  // chunking must not change the result
    if (auto format = csp::csv::TimeFormat::compile("%Y%m%d %X.%f")) {
        format->parse(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
    }
    return 0;
}
