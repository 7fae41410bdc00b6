// Ctrl-C handling for running engines (private).
//
// While at least one Guard lives, SIGINT sets a process-wide flag that every
// running engine polls between cycles (and at least every queue_wait_time in
// realtime), so all of them stop cleanly. The previous handler is restored
// when the last Guard goes away.
#pragma once

namespace csp::sigint {

bool interrupted();

class Guard {
public:
    Guard();
    ~Guard();
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
};

}  // namespace csp::sigint
