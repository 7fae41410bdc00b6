// JSON messages of structs, as the Kafka publisher writes them.
//
//     csp::kafka::StructJsonWriter writer(trade_meta, {{"sym", "symbol"}, {"qty", "qty"}});
//     std::string payload;
//     writer.write(trade, payload);   // {"symbol":"AAPL","qty":100}
//
// The text is compact (no spaces) and UTF-8 (strings are written as they
// are, escaping only '"', '\\' and control characters), with the set fields
// in the order given (unset ones are left out). Numbers are written as the
// reference csp writes them: integers in decimal; floats with the fewest
// digits that read back to the same double, as 100.0, 0.5, 0.00001,
// 10000000000000000.0 (up to 21 digits before the point) or 1e300 / 1.5e-7;
// NaN, Infinity and -Infinity for those.
//
// Only bool, int, float and str fields can be written (supports()); other
// fields need the Python mapper.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "csp/core/struct.h"

namespace csp::kafka {

// Appends the JSON text of a value to `out`.
void append_json(std::string& out, double value);
void append_json(std::string& out, int64_t value);
void append_json(std::string& out, bool value);
void append_json_string(std::string& out, std::string_view utf8);

class StructJsonWriter {
public:
    // `fields`: (struct field, message field) pairs, in message order; empty:
    // every field of `meta` under its own name. Throws TypeError naming the
    // struct and the field when a field is unknown or of a type that
    // supports() refuses, ValueError when two fields get the same name.
    StructJsonWriter(StructMetaPtr meta, std::vector<std::pair<std::string, std::string>> fields = {});

    static bool supports(FieldType type) {
        return type == FieldType::Bool || type == FieldType::Int64 || type == FieldType::Double ||
               type == FieldType::String;
    }

    const StructMeta& meta() const { return *meta_; }
    // Replaces `out` with the JSON object of `s` (of meta() or a type derived from it).
    void write(const Struct& s, std::string& out) const;

private:
    struct Column {
        std::string prefix;  // "\"name\":" (with the comma before it written separately)
        const FieldInfo* field;
    };
    StructMetaPtr meta_;
    std::vector<Column> columns_;
};

}  // namespace csp::kafka
