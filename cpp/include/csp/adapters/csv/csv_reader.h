// A streaming CSV reader (RFC 4180) and the value parsers the CSV adapters use.
//
//     csp::csv::CsvReader reader("trades.csv");          // reads the header row
//     auto price = reader.column_index("price");          // std::optional<size_t>
//     while (reader.next()) {
//         std::string_view sym = reader.field(0);
//         double p = reader.get_double(*price);           // ValueError naming file, line, column
//     }
//
// Contract:
// - The file is read in chunks (CsvOptions::chunk_size); memory grows only to
//   hold the longest record. Nothing is loaded whole.
// - Records end at "\n" or "\r\n". Fields are separated by the delimiter. A
//   field that starts with the quote character is quoted: it may contain
//   delimiters, newlines and doubled quotes (`""` reads as `"`); text after the
//   closing quote, up to the next delimiter, is appended verbatim (as Python's
//   csv module does). A quote inside an unquoted field is an ordinary character.
// - Blank lines are skipped. Records may have any number of fields.
// - An unterminated quoted field raises ValueError naming file, line and column.
// - field(i) views stay valid until the next call to next().
// - line() is the 1-based line on which the current record starts (a quoted
//   newline makes a record span several lines).
//
// Thread-safety: none (one reader per thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csp/core/exceptions.h"
#include "csp/core/time.h"

namespace csp::csv {

struct CsvOptions {
    char delimiter = ',';
    char quote = '"';
    // The first record names the columns.
    bool header = true;
    // Bytes read from the file at a time (the buffer grows beyond it only for longer records).
    size_t chunk_size = 1 << 20;
};

class CsvReader {
public:
    // Opens `path` and reads the header row (if CsvOptions::header). Throws ValueError if it cannot be opened.
    explicit CsvReader(std::string path, CsvOptions options = {});
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    const std::string& path() const { return path_; }
    const std::vector<std::string>& header() const { return header_; }
    // The index of the header column `name` (the first one, if repeated).
    std::optional<size_t> column_index(std::string_view name) const;
    // "'price'" for a named column, else "3" (1-based), for messages.
    std::string column_label(size_t index) const;

    // Advances to the next record; false at the end of the file.
    bool next();
    size_t num_fields() const { return fields_.size(); }
    // The unescaped text of field `index` (< num_fields()).
    std::string_view field(size_t index) const {
        const Field& f = fields_[index];
        return {(f.in_scratch ? scratch_.data() : buffer_.data()) + f.offset, f.size};
    }
    int64_t line() const { return record_line_; }

    // Typed access. Throws ValueError naming file, line and column when the
    // field is missing or is not a number (see parse_int64 / parse_double).
    int64_t get_int(size_t index) const;
    double get_double(size_t index) const;

    // Throws ValueError "<path>: line <n>, column <label>: <what>".
    [[noreturn]] void fail(size_t index, std::string_view what) const;

private:
    struct Field {
        size_t offset;
        size_t size;
        bool in_scratch;
    };
    enum class Parse { Record, NeedMore, End };

    Parse parse_record();
    // Reads more of the file; keeps the unparsed bytes. False at the end of the file.
    bool fill();

    std::string path_;
    CsvOptions options_;
    std::FILE* file_ = nullptr;
    std::vector<char> buffer_;
    size_t begin_ = 0;  // first unparsed byte
    size_t end_ = 0;    // end of the bytes read
    bool eof_ = false;
    std::vector<Field> fields_;
    std::string scratch_;  // unescaped quoted fields
    std::vector<std::string> header_;
    int64_t next_line_ = 1;
    int64_t record_line_ = 0;
};

// Number parsing with std::from_chars, accepting what Python's int() and
// float() accept for ordinary numbers: surrounding spaces and tabs, a leading
// '+', digit separators ("1_000", each '_' between two digits), and for
// doubles "nan", "inf", exponents. The whole text must be used: false for "",
// "1.5" as an int, "12abc", "1__0".
bool parse_int64(std::string_view text, int64_t& out);
bool parse_double(std::string_view text, double& out);

// A compiled strptime-style format, for parsing times without Python.
// Directives: %Y (4 digits), %y, %m, %d, %H, %M, %S (1 or 2 digits), %f (1 to
// 9 fraction digits), %j, %X / %T (%H:%M:%S), %F (%Y-%m-%d), %D (%m/%d/%y),
// %z (Z, +HH, +HHMM or +HH:MM; the result is then UTC), %%. Any other
// character must match itself.
class TimeFormat {
public:
    // nullopt if `format` uses a directive not listed above (callers then fall back, e.g. to Python).
    static std::optional<TimeFormat> compile(std::string_view format);
    // The time `text` denotes (UTC if it has an offset, else as written), or nullopt if it does not match.
    std::optional<DateTime> parse(std::string_view text) const;
    // True if the format has %z (parsed times are then absolute).
    bool has_offset() const { return has_offset_; }
    const std::string& format() const { return format_; }

private:
    std::string format_;
    bool has_offset_ = false;
};

}  // namespace csp::csv
