#include "csp/adapters/csv/csv_reader.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace csp::csv {

CsvReader::CsvReader(std::string path, CsvOptions options) : path_(std::move(path)), options_(options) {
    if (options_.chunk_size == 0) options_.chunk_size = 1;
    if (options_.delimiter == '\n' || options_.delimiter == '\r' || options_.delimiter == options_.quote) {
        throw ValueError("CSV delimiter must differ from the quote character and newlines");
    }
    file_ = std::fopen(path_.c_str(), "rb");
    if (file_ == nullptr) throw ValueError("cannot open CSV file '" + path_ + "': " + std::strerror(errno));
    buffer_.resize(options_.chunk_size);
    if (options_.header && next()) {
        header_.reserve(fields_.size());
        for (size_t i = 0; i < fields_.size(); ++i) header_.emplace_back(field(i));
    }
}

CsvReader::~CsvReader() {
    if (file_ != nullptr) std::fclose(file_);
}

std::optional<size_t> CsvReader::column_index(std::string_view name) const {
    auto it = std::find(header_.begin(), header_.end(), name);
    if (it == header_.end()) return std::nullopt;
    return static_cast<size_t>(it - header_.begin());
}

std::string CsvReader::column_label(size_t index) const {
    if (index < header_.size()) return "'" + header_[index] + "'";
    return std::to_string(index + 1);
}

void CsvReader::fail(size_t index, std::string_view what) const {
    throw ValueError(path_ + ": line " + std::to_string(record_line_) + ", column " + column_label(index) + ": " +
                     std::string(what));
}

int64_t CsvReader::get_int(size_t index) const {
    if (index >= fields_.size()) fail(index, "missing field");
    int64_t value;
    if (!parse_int64(field(index), value)) fail(index, "cannot parse '" + std::string(field(index)) + "' as int");
    return value;
}

double CsvReader::get_double(size_t index) const {
    if (index >= fields_.size()) fail(index, "missing field");
    double value;
    if (!parse_double(field(index), value)) fail(index, "cannot parse '" + std::string(field(index)) + "' as float");
    return value;
}

bool CsvReader::fill() {
    if (eof_) return false;
    if (begin_ > 0) {  // keep the unparsed tail, at the front
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (buffer_.size() - end_ < options_.chunk_size) buffer_.resize(std::max(buffer_.size() * 2, end_ + options_.chunk_size));
    size_t n = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
    if (n == 0) {
        if (std::ferror(file_)) throw ValueError("error reading CSV file '" + path_ + "'");
        eof_ = true;
        return false;
    }
    end_ += n;
    return true;
}

bool CsvReader::next() {
    for (;;) {
        switch (parse_record()) {
            case Parse::Record:
                // A blank line is one empty unquoted field: skip it.
                if (fields_.size() == 1 && fields_[0].size == 0 && !fields_[0].in_scratch) continue;
                return true;
            case Parse::End: fields_.clear(); return false;
            case Parse::NeedMore: fill(); break;  // at EOF, parse_record then finishes the record
        }
    }
}

// Parses one record from buffer_[begin_, end_). NeedMore (nothing consumed) if
// the record may continue past end_ and the file has more.
CsvReader::Parse CsvReader::parse_record() {
    fields_.clear();
    scratch_.clear();
    const char* data = buffer_.data();
    const char delim = options_.delimiter;
    const char quote = options_.quote;
    size_t p = begin_;
    if (p == end_) return eof_ ? Parse::End : Parse::NeedMore;
    int64_t newlines = 0;
    for (;;) {
        if (p < end_ && data[p] == quote) {
            // Quoted field: up to the closing quote; "" is a quote.
            size_t seg = ++p;
            bool in_scratch = false;
            size_t scratch_start = scratch_.size();
            for (;;) {
                const void* hit = p < end_ ? std::memchr(data + p, quote, end_ - p) : nullptr;
                if (hit == nullptr) {
                    if (!eof_) return Parse::NeedMore;
                    record_line_ = next_line_;
                    fail(fields_.size(), "unterminated quoted field");
                }
                size_t q = static_cast<const char*>(hit) - data;
                if (q + 1 == end_ && !eof_) return Parse::NeedMore;
                newlines += std::count(data + p, data + q, '\n');
                if (q + 1 < end_ && data[q + 1] == quote) {
                    scratch_.append(data + seg, q + 1 - seg);
                    in_scratch = true;
                    p = seg = q + 2;
                    continue;
                }
                p = q + 1;
                // Text after the closing quote, up to the delimiter or line end, is kept.
                size_t tail = p;
                while (tail < end_ && data[tail] != delim && data[tail] != '\n') ++tail;
                if (tail == end_ && !eof_) return Parse::NeedMore;
                size_t tail_end = tail;
                if (tail < end_ && data[tail] == '\n' && tail_end > p && data[tail_end - 1] == '\r') --tail_end;
                if (in_scratch || tail_end > p) {
                    if (!in_scratch) scratch_start = scratch_.size();
                    scratch_.append(data + seg, q - seg);
                    scratch_.append(data + p, tail_end - p);
                    fields_.push_back({scratch_start, scratch_.size() - scratch_start, true});
                } else {
                    fields_.push_back({seg, q - seg, false});
                }
                p = tail;
                break;
            }
        } else {
            size_t e = p;
            while (e < end_ && data[e] != delim && data[e] != '\n') ++e;
            if (e == end_ && !eof_) return Parse::NeedMore;
            size_t stop = e;
            if (stop > p && data[stop - 1] == '\r' && (e == end_ || data[e] == '\n')) --stop;
            fields_.push_back({p, stop - p, false});
            p = e;
        }
        if (p == end_) break;  // end of file ends the record
        if (data[p] == delim) {
            ++p;
            continue;
        }
        ++p;  // '\n'
        ++newlines;
        break;
    }
    begin_ = p;
    record_line_ = next_line_;
    next_line_ += newlines;
    return Parse::Record;
}

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+') text.remove_prefix(1);
    return text;
}

// Python's digit separators: '1_000'. Each '_' must sit between two digits.
// Returns false if `text` has none or misplaces one; else `out` is the text without them.
bool strip_separators(std::string_view text, std::string& out) {
    if (text.find('_') == std::string_view::npos) return false;
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '_') {
            out += text[i];
        } else if (i == 0 || i + 1 == text.size() || !digit(text[i - 1]) || !digit(text[i + 1])) {
            return false;
        }
    }
    return true;
}

}  // namespace

bool parse_int64(std::string_view text, int64_t& out) {
    text = trim(text);
    if (text.empty()) return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec == std::errc() && end == text.data() + text.size()) return true;
    std::string plain;
    return strip_separators(text, plain) && parse_int64(plain, out);
}

bool parse_double(std::string_view text, double& out) {
    text = trim(text);
    if (text.empty()) return false;
    if (std::string plain; strip_separators(text, plain)) return parse_double(plain, out);
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    // Out of range: Python gives inf or 0.0; from_chars reports it but leaves `out` alone.
    if (ec == std::errc::result_out_of_range && end == text.data() + text.size()) {
        out = std::strtod(std::string(text).c_str(), nullptr);
        return true;
    }
    return ec == std::errc() && end == text.data() + text.size();
}

// ---- TimeFormat

namespace {

constexpr const char* kDirectives = "YymdHMSfjXTFDz%";

std::string expand(std::string_view format) {
    std::string out;
    for (size_t i = 0; i < format.size(); ++i) {
        if (format[i] == '%' && i + 1 < format.size()) {
            char d = format[++i];
            if (d == 'X' || d == 'T') out += "%H:%M:%S";
            else if (d == 'F') out += "%Y-%m-%d";
            else if (d == 'D') out += "%m/%d/%y";
            else { out += '%'; out += d; }
        } else {
            out += format[i];
        }
    }
    return out;
}

// Reads between min_digits and max_digits digits at text[pos].
bool read_digits(std::string_view text, size_t& pos, int min_digits, int max_digits, int64_t& value, int* count = nullptr) {
    int n = 0;
    value = 0;
    while (n < max_digits && pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        value = value * 10 + (text[pos++] - '0');
        ++n;
    }
    if (count) *count = n;
    return n >= min_digits;
}

bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int64_t y, int64_t m) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

}  // namespace

std::optional<TimeFormat> TimeFormat::compile(std::string_view format) {
    TimeFormat result;
    result.format_ = expand(format);
    const std::string& f = result.format_;
    for (size_t i = 0; i < f.size(); ++i) {
        if (f[i] != '%') continue;
        if (i + 1 == f.size() || std::strchr(kDirectives, f[i + 1]) == nullptr) return std::nullopt;
        if (f[++i] == 'z') result.has_offset_ = true;
    }
    return result;
}

std::optional<DateTime> TimeFormat::parse(std::string_view text) const {
    int64_t year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, nanos = 0, yday = -1;
    int64_t offset_seconds = 0;
    size_t pos = 0;
    const std::string& f = format_;
    for (size_t i = 0; i < f.size(); ++i) {
        if (f[i] != '%') {
            if (pos >= text.size() || text[pos] != f[i]) return std::nullopt;
            ++pos;
            continue;
        }
        int64_t v;
        switch (f[++i]) {
            case 'Y': if (!read_digits(text, pos, 4, 4, year)) return std::nullopt; break;
            case 'y':
                if (!read_digits(text, pos, 1, 2, v)) return std::nullopt;
                year = v < 69 ? 2000 + v : 1900 + v;  // as Python's strptime
                break;
            case 'm': if (!read_digits(text, pos, 1, 2, month) || month < 1 || month > 12) return std::nullopt; break;
            case 'd': if (!read_digits(text, pos, 1, 2, day) || day < 1) return std::nullopt; break;
            case 'H': if (!read_digits(text, pos, 1, 2, hour) || hour > 23) return std::nullopt; break;
            case 'M': if (!read_digits(text, pos, 1, 2, minute) || minute > 59) return std::nullopt; break;
            case 'S': if (!read_digits(text, pos, 1, 2, second) || second > 61) return std::nullopt; break;
            case 'j': if (!read_digits(text, pos, 1, 3, yday) || yday < 1 || yday > 366) return std::nullopt; break;
            case 'f': {
                int n;
                if (!read_digits(text, pos, 1, 9, nanos, &n)) return std::nullopt;
                for (; n < 9; ++n) nanos *= 10;
                break;
            }
            case 'z': {
                if (pos < text.size() && text[pos] == 'Z') { ++pos; offset_seconds = 0; break; }
                if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return std::nullopt;
                int64_t sign = text[pos++] == '-' ? -1 : 1, hh, mm = 0;
                if (!read_digits(text, pos, 2, 2, hh)) return std::nullopt;
                if (pos < text.size() && text[pos] == ':') ++pos;
                if (pos < text.size() && !read_digits(text, pos, 2, 2, mm)) return std::nullopt;
                offset_seconds = sign * (hh * 3600 + mm * 60);
                break;
            }
            case '%': if (pos >= text.size() || text[pos++] != '%') return std::nullopt; break;
            default: return std::nullopt;
        }
    }
    if (pos != text.size()) return std::nullopt;
    if (yday > 0) {  // day of the year, when month and day are not given
        if (yday > (leap(year) ? 366 : 365)) return std::nullopt;
        month = 1;
        day = yday;
        while (day > days_in_month(year, month)) day -= days_in_month(year, month++);
    }
    if (day > days_in_month(year, month)) return std::nullopt;
    DateTime t(static_cast<int>(year), static_cast<int>(month), static_cast<int>(day), static_cast<int>(hour),
               static_cast<int>(minute), static_cast<int>(second), nanos);
    return t - TimeDelta::from_seconds(offset_seconds);
}

}  // namespace csp::csv
