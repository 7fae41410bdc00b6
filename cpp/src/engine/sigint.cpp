#include "sigint.h"

#include <atomic>
#include <csignal>
#include <mutex>

namespace csp::sigint {
namespace {

std::atomic<bool> g_interrupted{false};
std::mutex g_mutex;
int g_guards = 0;
void (*g_previous_handler)(int) = SIG_DFL;

extern "C" void on_sigint(int) { g_interrupted.store(true, std::memory_order_relaxed); }

}  // namespace

bool interrupted() { return g_interrupted.load(std::memory_order_relaxed); }

Guard::Guard() {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (g_guards++ == 0) {
        g_interrupted.store(false, std::memory_order_relaxed);
        g_previous_handler = std::signal(SIGINT, on_sigint);
    }
}

Guard::~Guard() {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (--g_guards == 0) std::signal(SIGINT, g_previous_handler == SIG_ERR ? SIG_DFL : g_previous_handler);
}

}  // namespace csp::sigint
