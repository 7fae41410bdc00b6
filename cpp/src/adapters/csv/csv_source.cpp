#include "csp/adapters/csv/csv_source.h"

#include <algorithm>
#include <cctype>

namespace csp::csv {
namespace {

std::vector<TimeFormat> compile_formats(const std::string& format) {
    const std::vector<std::string> texts =
        format.empty() ? std::vector<std::string>{"%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f",
                                                  "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"}
                       : std::vector<std::string>{format};
    std::vector<TimeFormat> formats;
    for (const std::string& text : texts) {
        std::optional<TimeFormat> compiled = TimeFormat::compile(text);
        if (!compiled) throw ValueError("unsupported CSV time format '" + text + "'");
        formats.push_back(std::move(*compiled));
    }
    return formats;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y)); });
}

}  // namespace

CsvFileSource::CsvFileSource(std::string path, SourceOptions options)
    : AdapterManager("csv '" + path + "'"),
      path_(std::move(path)),
      options_(std::move(options)),
      formats_(compile_formats(options_.time_format)) {}

void CsvFileSource::start(DateTime start, DateTime) {
    reader_.emplace(path_, options_.csv);
    auto require = [&](const std::string& name) {
        std::optional<size_t> index = reader_->column_index(name);
        if (!index) throw KeyError(path_ + ": no column '" + name + "'");
        return *index;
    };
    time_index_ = require(options_.time_column);
    for (Column& column : columns_) column.index = require(column.name);
    while (advance() && *row_time_ < start) {}
}

bool CsvFileSource::advance() {
    if (!reader_->next()) {
        row_time_.reset();
        return false;
    }
    const DateTime time = parse_time(time_index_);
    if (row_time_ && time < *row_time_) {
        reader_->fail(time_index_, "row time " + time.to_string() + " is before the previous row's " + row_time_->to_string());
    }
    row_time_ = time;
    return true;
}

std::optional<DateTime> CsvFileSource::process_next_sim_timeslice(DateTime now) {
    while (row_time_ && *row_time_ == now) {
        for (Column& column : columns_) {
            if (column.index < reader_->num_fields() && !reader_->field(column.index).empty()) column.tick(column.index);
        }
        advance();
    }
    return row_time_;
}

DateTime CsvFileSource::parse_time(size_t index) const {
    if (index >= reader_->num_fields()) reader_->fail(index, "missing time field");
    const std::string_view text = reader_->field(index);
    for (const TimeFormat& format : formats_) {
        if (std::optional<DateTime> time = format.parse(text)) return *time;
    }
    reader_->fail(index, "cannot parse '" + std::string(text) + "' as a time" +
                             (options_.time_format.empty() ? std::string() : " with format '" + options_.time_format + "'"));
}

template <>
bool CsvFileSource::parse<bool>(size_t index) const {
    const std::string_view text = reader_->field(index);
    if (equals_ignoring_case(text, "true") || text == "1") return true;
    if (equals_ignoring_case(text, "false") || text == "0") return false;
    reader_->fail(index, "cannot parse '" + std::string(text) + "' as bool");
}

CsvFileSource& open(const std::string& path, SourceOptions options) {
    return detail::engine_for_building("csp::csv::open").add_adapter_manager<CsvFileSource>(path, std::move(options));
}

}  // namespace csp::csv
