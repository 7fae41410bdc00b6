// The seed's pig latin: a node written in C++, two instances, csp::flatten.
#include <csp/csp.h>

auto pig_latin = csp::make_node("pig_latin", [](const std::string& text) {
    auto is_vowel = [](char c) { return std::string("aeiou").find(c) != std::string::npos; };
    if (text.size() <= 2) throw csp::ValueError("text too short: " + text);
    if (is_vowel(text[0])) return text + "way";
    if (is_vowel(text[1])) return text.substr(1) + text[0] + "ay";
    return text.substr(2) + text.substr(0, 2) + "ay";
});

void ellohay_orldway() {
    auto hello = csp::const_("hello");
    auto world = csp::const_("world");
    std::vector<csp::Edge<std::string>> latin = {pig_latin(hello), pig_latin(world)};
    csp::print("Pig Latin", csp::flatten(latin));
}

int main() { csp::run(ellohay_orldway, {.starttime = csp::DateTime(2022, 1, 1)}); }
