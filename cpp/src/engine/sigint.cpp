#include "sigint.h"

#include <atomic>
#include <csignal>
#include <mutex>

namespace csp::sigint {

std::atomic<bool> detail::interrupted{false};

namespace {

std::mutex g_mutex;
int g_guards = 0;
void (*g_previous_handler)(int) = SIG_DFL;

extern "C" void on_sigint(int) { detail::interrupted.store(true, std::memory_order_relaxed); }

}  // namespace

Guard::Guard() {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (g_guards++ == 0) {
        detail::interrupted.store(false, std::memory_order_relaxed);
        g_previous_handler = std::signal(SIGINT, on_sigint);
    }
}

Guard::~Guard() {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (--g_guards == 0) std::signal(SIGINT, g_previous_handler == SIG_ERR ? SIG_DFL : g_previous_handler);
}

}  // namespace csp::sigint
