// Ctrl-C handling for running engines (private).
//
// While at least one Guard lives, SIGINT sets a process-wide flag that every
// running engine polls between cycles (and at least every queue_wait_time in
// realtime), so all of them stop cleanly. The previous handler is restored
// when the last Guard goes away.
#pragma once

#include <atomic>

namespace csp::sigint {

namespace detail {
extern std::atomic<bool> interrupted;  // set by the SIGINT handler
}

// Polled once per engine cycle: an inline relaxed load.
inline bool interrupted() { return detail::interrupted.load(std::memory_order_relaxed); }

class Guard {
public:
    Guard();
    ~Guard();
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
};

}  // namespace csp::sigint
