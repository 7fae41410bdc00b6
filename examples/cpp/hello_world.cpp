// The seed's hello world: a const, a node, a print; in simulation and realtime.
#include <cctype>
#include <csp/csp.h>
using namespace std::chrono_literals;

std::string title(std::string s) {
    for (size_t i = 0; i < s.size(); ++i) s[i] = (i == 0 || !std::isalpha(s[i - 1])) ? std::toupper(s[i]) : std::tolower(s[i]);
    return s;
}

void hello_world() {
    auto hw = csp::const_("hElLo wOrLd");
    auto fmt = csp::apply(hw, title);
    csp::print("Message", fmt);
}

int main() {
    csp::run(hello_world, {.starttime = csp::DateTime::now(), .endtime = 1s, .realtime = true});
    csp::run(hello_world, {.starttime = csp::DateTime(2022, 1, 1), .endtime = 1s});
}
