#include "csp/engine/clock.h"

#include <chrono>

namespace csp {

void SystemClock::wait_until(DateTime deadline, PushQueue& queue) {
    const TimeDelta remaining = deadline - now();
    if (remaining <= TimeDelta::zero()) return;
    queue.wait_until(std::chrono::steady_clock::now() + std::chrono::nanoseconds(remaining.nanos()));
}

void ManualClock::wait_until(DateTime deadline, PushQueue& queue) {
    if (queue.maybe_nonempty()) return;
    if (deadline > now()) set(deadline);
}

}  // namespace csp
