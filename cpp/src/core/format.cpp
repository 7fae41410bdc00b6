#include "csp/core/format.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace csp {

std::string format_double(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    // Shortest round-trip digits in scientific form, then laid out the way
    // Python's float.__repr__ does: positional for exponents in [-4, 16).
    char sci[64];
    const auto res = std::to_chars(sci, sci + sizeof sci, v, std::chars_format::scientific);
    const std::string_view text(sci, static_cast<size_t>(res.ptr - sci));
    const size_t e_pos = text.find('e');
    const int exponent = std::atoi(std::string(text.substr(e_pos + 1)).c_str());
    const bool negative = text[0] == '-';
    std::string digits;
    for (char c : text.substr(0, e_pos)) {
        if (c >= '0' && c <= '9') digits += c;
    }
    std::string out = negative ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
        out += digits[0];
        if (digits.size() > 1) out += "." + digits.substr(1);
        char exp[16];
        std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        return out + exp;
    }
    if (exponent < 0) {
        return out + "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
    }
    const size_t int_len = static_cast<size_t>(exponent) + 1;
    if (digits.size() <= int_len) {
        return out + digits + std::string(int_len - digits.size(), '0') + ".0";
    }
    return out + digits.substr(0, int_len) + "." + digits.substr(int_len);
}

std::string quote_string(std::string_view s) {
    const bool has_single = s.find('\'') != std::string_view::npos;
    const bool has_double = s.find('"') != std::string_view::npos;
    const char quote = (has_single && !has_double) ? '"' : '\'';
    std::string out(1, quote);
    for (char c : s) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c == quote) out += '\\';
                out += c;
        }
    }
    return out + quote;
}

}  // namespace csp
