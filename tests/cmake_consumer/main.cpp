#include <csp/csp.h>

int main() {
    auto results = csp::run([] { return csp::const_(41) + 1; }, {.starttime = csp::DateTime(2022, 1, 1)});
    return results.get<int>("0").front().second == 42 ? 0 : 1;
}
