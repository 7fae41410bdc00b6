// JSON text of structs and scalars (see csp/adapters/kafka/json_writer.h).
#include "csp/adapters/kafka/json_writer.h"

#include <charconv>
#include <cmath>
#include <set>

#include "csp/core/exceptions.h"

namespace csp::kafka {
namespace {

void append_exponent(std::string& out, int exponent) {
    out += 'e';
    if (exponent < 0) {
        out += '-';
        exponent = -exponent;
    }
    out += std::to_string(exponent);
}

// `digits` (no leading zeros) times 10^k, laid out as the reference does.
void append_decimal(std::string& out, std::string_view digits, int k) {
    const int length = static_cast<int>(digits.size());
    const int point = length + k;  // digits before the decimal point
    if (k >= 0 && point <= 21) {   // an integer: 1234000.0
        out.append(digits);
        out.append(static_cast<size_t>(k), '0');
        out += ".0";
    } else if (point > 0 && point <= 21) {  // 1234.5678
        out.append(digits.substr(0, point));
        out += '.';
        out.append(digits.substr(point));
    } else if (point > -6 && point <= 0) {  // 0.0001234
        out += "0.";
        out.append(static_cast<size_t>(-point), '0');
        out.append(digits);
    } else {  // 1e30, 1.234e-7
        out += digits[0];
        if (length > 1) {
            out += '.';
            out.append(digits.substr(1));
        }
        append_exponent(out, point - 1);
    }
}

}  // namespace

void append_json(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "NaN";
        return;
    }
    if (std::isinf(value)) {
        out += value < 0 ? "-Infinity" : "Infinity";
        return;
    }
    if (std::signbit(value)) out += '-';
    value = std::fabs(value);
    if (value == 0) {
        out += "0.0";
        return;
    }
    char text[64];  // the shortest digits that read back to `value`: d.ddde[+-]x
    auto result = std::to_chars(text, text + sizeof text, value, std::chars_format::scientific);
    std::string_view scientific(text, static_cast<size_t>(result.ptr - text));
    size_t e = scientific.find('e');
    std::string digits;
    for (char c : scientific.substr(0, e))
        if (c != '.') digits += c;
    int exponent = 0;
    std::string_view exp_text = scientific.substr(e + 1);
    if (!exp_text.empty() && exp_text[0] == '+') exp_text.remove_prefix(1);
    std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
    append_decimal(out, digits, exponent - static_cast<int>(digits.size()) + 1);
}

void append_json(std::string& out, int64_t value) {
    char text[24];
    auto result = std::to_chars(text, text + sizeof text, value);
    out.append(text, result.ptr);
}

void append_json(std::string& out, bool value) { out += value ? "true" : "false"; }

void append_json_string(std::string& out, std::string_view utf8) {
    static constexpr char hex[] = "0123456789ABCDEF";
    out += '"';
    size_t plain = 0;  // start of the run of characters copied as they are
    for (size_t i = 0; i < utf8.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(utf8.substr(plain, i - plain));
        plain = i + 1;
        out += '\\';
        switch (c) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '\b': out += 'b'; break;
            case '\f': out += 'f'; break;
            case '\n': out += 'n'; break;
            case '\r': out += 'r'; break;
            case '\t': out += 't'; break;
            default:
                out += "u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
        }
    }
    out.append(utf8.substr(plain));
    out += '"';
}

StructJsonWriter::StructJsonWriter(StructMetaPtr meta, std::vector<std::pair<std::string, std::string>> fields)
    : meta_(std::move(meta)) {
    if (fields.empty())
        for (const FieldInfo& f : meta_->fields()) fields.emplace_back(f.name, f.name);
    std::set<std::string> names;
    for (const auto& [field_name, message_name] : fields) {
        const FieldInfo* field = meta_->find(field_name);
        if (field == nullptr) throw TypeError(meta_->name() + " has no field '" + field_name + "'");
        if (!supports(field->type))
            throw TypeError(meta_->name() + "." + field_name + ": only bool, int, float and str fields are written "
                            "to JSON in C++");
        if (!names.insert(message_name).second)
            throw ValueError(meta_->name() + ": two fields are written as '" + message_name + "'");
        std::string prefix;
        append_json_string(prefix, message_name);
        prefix += ':';
        columns_.push_back({std::move(prefix), field});
    }
}

void StructJsonWriter::write(const Struct& s, std::string& out) const {
    out.clear();
    out += '{';
    bool first = true;
    for (const Column& column : columns_) {
        const void* value = s.value_address(*column.field);
        if (value == nullptr) continue;
        if (!first) out += ',';
        first = false;
        out += column.prefix;
        switch (column.field->type) {
            case FieldType::Bool: append_json(out, *static_cast<const bool*>(value)); break;
            case FieldType::Int64: append_json(out, *static_cast<const int64_t*>(value)); break;
            case FieldType::Double: append_json(out, *static_cast<const double*>(value)); break;
            case FieldType::String: append_json_string(out, *static_cast<const std::string*>(value)); break;
            default: break;  // refused by the constructor
        }
    }
    out += '}';
}

}  // namespace csp::kafka
