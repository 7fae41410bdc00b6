// Helpers shared by the C++ test suites (private).
#pragma once

#include <sstream>
#include <string>

#include "csp/csp.h"

namespace csp::testing {

inline const DateTime kStart = DateTime(2022, 1, 1);

// Redirects csp::print into a string for the lifetime of the object.
class PrintCapture {
public:
    PrintCapture() { set_print_stream(out_); }
    ~PrintCapture() { set_print_stream(std::cout); }
    std::string str() const { return out_.str(); }

private:
    std::ostringstream out_;
};

// Simulation from kStart to kStart + `end`.
inline RunOptions sim(EndTime end = EndTime()) {
    RunOptions options;
    options.starttime = kStart;
    options.endtime = end;
    return options;
}

// The values of a recorded output, without times.
template <class T>
std::vector<T> values(const Ticks<T>& ticks) {
    std::vector<T> out;
    for (const auto& [time, value] : ticks) out.push_back(value);
    return out;
}

// The offsets from kStart of a recorded output's ticks.
template <class T>
std::vector<TimeDelta> offsets(const Ticks<T>& ticks) {
    std::vector<TimeDelta> out;
    for (const auto& [time, value] : ticks) out.push_back(time - kStart);
    return out;
}

}  // namespace csp::testing
