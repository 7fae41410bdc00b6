// Reading a CSV file into graph edges (C++ API).
//
//     auto& trades = csp::csv::open("trades.csv", {.time_column = "time"});
//     csp::Edge<double> price = trades.column<double>("price");
//     csp::Edge<std::string> symbol = trades.column<std::string>("symbol");
//     csp::Edge<int64_t> size = csp::csv::read<int64_t>("trades.csv", "size");  // one column, one call
//
// Every row ticks each subscribed column at the row's time (rows at one time
// follow the column's PushMode, NON_COLLAPSING by default: one cycle each).
// An empty field ticks nothing. Column types: int64_t, int, double, bool
// (true/false/1/0, any case), std::string, DateTime (parsed with the time
// format). Rows before the run's start are skipped; the run ends at its end
// time.
//
// The file is read lazily, one row ahead, by an adapter manager
// (csp/engine/adapter_manager.h) owned by the engine: call open() and read()
// while a graph is being built.
//
// Errors (ValueError or KeyError, ending the run): a missing file or column,
// a field that does not parse, or a row timed before the previous row name
// the file, the line and the column.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "csp/adapters/csv/csv_reader.h"
#include "csp/api/graph.h"
#include "csp/engine/adapter_manager.h"

namespace csp::csv {

struct SourceOptions {
    std::string time_column = "time";
    // strptime-style (see TimeFormat); the default reads "2022-01-01 09:30:00.5" and "2022-01-01T09:30:00".
    std::string time_format;
    CsvOptions csv;
};

class CsvFileSource final : public AdapterManager {
public:
    CsvFileSource(std::string path, SourceOptions options);

    // An edge ticking the values of column `name` (call while the graph is being built).
    template <class T>
    Edge<T> column(const std::string& name, PushMode mode = PushMode::NON_COLLAPSING) {
        auto& adapter = engine().add_input_adapter<ManagedSimInputAdapter<T>>("csv '" + name + "'", mode);
        columns_.push_back({name, 0, [this, &adapter](size_t index) { adapter.push_tick(parse<T>(index)); }});
        return adapter.edge();
    }

    void start(DateTime start, DateTime end) override;
    void stop() override { reader_.reset(); }
    std::optional<DateTime> process_next_sim_timeslice(DateTime now) override;

private:
    struct Column {
        std::string name;
        size_t index;                      // resolved when the run starts
        std::function<void(size_t)> tick;  // parses field `index` of the current row and ticks it
    };

    template <class T>
    T parse(size_t index) const;
    bool advance();  // reads the next row and its time; false at the end of the file
    DateTime parse_time(size_t index) const;

    std::string path_;
    SourceOptions options_;
    std::vector<TimeFormat> formats_;
    std::vector<Column> columns_;
    std::optional<CsvReader> reader_;
    size_t time_index_ = 0;
    std::optional<DateTime> row_time_;  // the time of the row read ahead
};

template <>
inline int64_t CsvFileSource::parse<int64_t>(size_t index) const { return reader_->get_int(index); }
template <>
inline int CsvFileSource::parse<int>(size_t index) const { return static_cast<int>(reader_->get_int(index)); }
template <>
inline double CsvFileSource::parse<double>(size_t index) const { return reader_->get_double(index); }
template <>
inline std::string CsvFileSource::parse<std::string>(size_t index) const { return std::string(reader_->field(index)); }
template <>
bool CsvFileSource::parse<bool>(size_t index) const;
template <>
inline DateTime CsvFileSource::parse<DateTime>(size_t index) const { return parse_time(index); }

// Adds a reader of `path` to the graph being built; subscribe to its columns with column<T>().
CsvFileSource& open(const std::string& path, SourceOptions options = {});

// One column of `path` as an edge.
template <class T>
Edge<T> read(const std::string& path, const std::string& column, SourceOptions options = {}) {
    return open(path, std::move(options)).column<T>(column);
}

}  // namespace csp::csv
