// Parquet / Arrow IPC files in a graph: ParquetSource ticks the rows of files,
// ParquetSink writes a row per engine cycle.
//
// In a graph function (csp::run):
//
//     auto& source = csp::parquet::parquet_source({.paths = {"trades.parquet"}, .time_column = "time",
//                                                 .symbol_column = "sym"});
//     csp::Edge<double> price = source.subscribe<double>("price", "AAPL");
//
//     auto& sink = csp::parquet::parquet_sink("out.parquet", "time");
//     sink.publish("price", price);
//
// ParquetSource contract:
// - The files are read in order, batch by batch (TableReader), and only the
//   columns subscriptions use. Each row ticks at its time column's value (a
//   timestamp of any unit, read as UTC; date and other temporal columns too).
//   Rows before the run's start are skipped; rows after its end are not read.
//   A row earlier than the previous one ticks at the previous row's time.
//   SourceOptions can shift every time (time_shift) and narrow the window
//   (start_time, end_time); path_provider picks the files when the run
//   starts; table_provider reads in-memory tables instead of files.
// - A subscription with a symbol takes the rows whose symbol column (a string
//   column) equals it; without one it takes every row. A null value does not
//   tick (a null time or symbol raises ValueError naming the file).
// - Several rows at one time follow the subscription's PushMode.
// - Errors (missing file or column, unreadable type) are raised when the run
//   starts or when the file is reached, naming the file and the column.
// - subscribe<T> supports T = bool, int64_t, double, DateTime, TimeDelta and
//   std::string; add_subscriber takes any RowSubscriber (e.g. one building
//   structs).
//
// ParquetSink contract:
// - Each engine cycle in which a published edge ticks writes one row: the
//   timestamp column (timestamp[ns, UTC]) holds the cycle's time, each
//   column the value its edge ticked in the cycle, or null.
// - publish<T> maps bool, int64_t, double, DateTime, TimeDelta and
//   std::string to bool, int64, double, timestamp[ns, UTC], duration[ns] and
//   string columns. add_column + builder + mark_row serve other writers.
// - The file is created when the run starts and completed when it stops,
//   also when the run fails: every row of the cycles run before the failure
//   is in the file (the failing cycle's values included). switch_file /
//   file_names move to another file from the current cycle's row on.
// - WriteOptions::split_columns writes a file per column into a directory
//   (see TableWriter). Only then can add_basket write dict baskets: a
//   basket `name` writes its values as rows of their own (files
//   `<name>__csp_symbol` for the key and the value columns) and, in each row
//   of the main files, how many values its cycle wrote
//   (`<name>__csp_value_count`, uint16).
// - Column metadata naming a column that is not written raises ValueError
//   when the run starts.
//
// Ownership: the engine owns both (add_adapter_manager) and the adapters they
// create. Thread-safety: engine thread only.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "csp/adapters/parquet/table_reader.h"
#include "csp/adapters/parquet/table_writer.h"
#include "csp/api/graph.h"
#include "csp/engine/engine.h"
#include "csp/engine/output_adapter.h"

namespace csp::parquet {

// One subscription of a ParquetSource: reads some columns of the rows it is given.
//
// A row goes to the subscribers of single column values first, ordered by
// column name, then to those building a `record` (a struct) from their
// columns, the latest subscribed first: the order the reference csp ticks
// same-row subscriptions in.
class RowSubscriber {
public:
    explicit RowSubscriber(std::vector<std::string> columns, bool record = false)
        : columns_(std::move(columns)), record_(record) {}
    virtual ~RowSubscriber() = default;
    const std::vector<std::string>& columns() const { return columns_; }
    bool is_record() const { return record_; }
    // Called with each new batch: its arrays for columns(), in order, and the file they come from.
    virtual void bind(const std::vector<const arrow::Array*>& arrays, const std::string& path) = 0;
    // True if it cannot take another value in this cycle (NON_COLLAPSING, already ticked).
    virtual bool blocked() = 0;
    // Delivers row `row` of the bound batch.
    virtual void deliver(int64_t row) = 0;

private:
    std::vector<std::string> columns_;
    bool record_;
};

struct SourceOptions {
    std::vector<std::string> paths;
    // If set, called when the run starts with its start and end: the files to read (instead of `paths`).
    std::function<std::vector<std::string>(DateTime start, DateTime end)> path_provider;
    // If set, called when the run starts with its start and end: in-memory tables to read instead of files.
    std::function<std::vector<std::shared_ptr<arrow::RecordBatchReader>>(DateTime start, DateTime end)> table_provider;
    std::string time_column;
    std::optional<std::string> symbol_column;
    ReadOptions read;
    // Added to every row's time.
    TimeDelta time_shift = TimeDelta::from_nanos(0);
    // Rows (after the shift) outside [start_time, end_time] are skipped, as are those outside the run.
    std::optional<DateTime> start_time;
    std::optional<DateTime> end_time;
};

class ParquetSource final : public AdapterManager {
public:
    ParquetSource(Engine& engine, SourceOptions options);

    // Column `column` read as T, for the rows of `symbol` (every row if nullopt).
    // `mode` is NON_COLLAPSING or LAST_VALUE (TypeError for BURST: use subscribe_burst).
    template <class T>
    Edge<T> subscribe(std::string column, std::optional<std::string> symbol = std::nullopt,
                      PushMode mode = PushMode::NON_COLLAPSING);
    // The same in BURST mode: the values of one time tick together.
    template <class T>
    Edge<std::vector<T>> subscribe_burst(std::string column, std::optional<std::string> symbol = std::nullopt);
    // Registers a subscriber (owned by the caller, usually an engine-owned input adapter).
    void add_subscriber(RowSubscriber& subscriber, std::optional<std::string> symbol);
    // Decodes string column `column` as a dictionary (see ReadOptions::dictionary_columns).
    void read_as_dictionary(const std::string& column);

    void start(DateTime start, DateTime end) override;
    void stop() override;

private:
    struct StringHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    struct Bound {
        RowSubscriber* subscriber;
        std::vector<int> positions;  // of its columns in the batch
    };

    bool next_batch();
    bool advance();
    void schedule();
    bool consume_due();
    const std::vector<Bound*>* subscribers_of_row();
    std::vector<std::string> all_columns() const;

    Engine& engine_;
    SourceOptions options_;
    std::vector<std::unique_ptr<Bound>> bound_;
    std::vector<Bound*> all_;
    std::unordered_map<std::string, std::vector<Bound*>, StringHash, std::equal_to<>> by_symbol_;
    std::unique_ptr<TableReader> reader_;
    std::shared_ptr<arrow::RecordBatch> batch_;
    ColumnView time_;
    ColumnView symbol_;
    int64_t row_ = -1;
    DateTime pending_;
    bool has_pending_ = false;
    DateTime end_;
};

// Ticks column values of type T (see ParquetSource::subscribe).
template <class T>
class ColumnAdapter final : public TypedInputAdapter<T>, public RowSubscriber {
public:
    ColumnAdapter(std::string column, PushMode mode)
        : TypedInputAdapter<T>("parquet_adapter", mode), RowSubscriber({std::move(column)}) {}

    void bind(const std::vector<const arrow::Array*>& arrays, const std::string& path) override {
        view_ = ColumnView(*arrays[0], columns()[0], path, read_kind());
    }
    bool blocked() override {
        return this->push_mode() == PushMode::NON_COLLAPSING && this->single_series().ticked();
    }
    void deliver(int64_t row) override {
        if (view_.is_null(row)) return;
        if constexpr (std::is_same_v<T, bool>) this->consume_tick(view_.as_bool(row));
        else if constexpr (std::is_same_v<T, int64_t>) this->consume_tick(view_.as_int(row));
        else if constexpr (std::is_same_v<T, double>) this->consume_tick(view_.as_double(row));
        else if constexpr (std::is_same_v<T, std::string>) this->consume_tick(std::string(view_.as_string(row)));
        else if constexpr (std::is_same_v<T, DateTime>) this->consume_tick(DateTime::from_nanos(view_.as_nanos(row)));
        else this->consume_tick(TimeDelta::from_nanos(view_.as_nanos(row)));
    }

private:
    static ColumnView::Read read_kind() {
        if constexpr (std::is_same_v<T, bool>) return ColumnView::Read::Bool;
        else if constexpr (std::is_same_v<T, int64_t>) return ColumnView::Read::Int;
        else if constexpr (std::is_same_v<T, double>) return ColumnView::Read::Double;
        else if constexpr (std::is_same_v<T, std::string>) return ColumnView::Read::String;
        else {
            static_assert(std::is_same_v<T, DateTime> || std::is_same_v<T, TimeDelta>, "unsupported column type");
            return ColumnView::Read::Nanos;
        }
    }
    ColumnView view_;
};

template <class T>
Edge<T> ParquetSource::subscribe(std::string column, std::optional<std::string> symbol, PushMode mode) {
    if (mode == PushMode::BURST) throw TypeError("column '" + column + "': use subscribe_burst for BURST mode");
    auto& adapter = engine_.add_input_adapter<ColumnAdapter<T>>(std::move(column), mode);
    add_subscriber(adapter, std::move(symbol));
    return adapter.edge();
}

template <class T>
Edge<std::vector<T>> ParquetSource::subscribe_burst(std::string column, std::optional<std::string> symbol) {
    auto& adapter = engine_.add_input_adapter<ColumnAdapter<T>>(std::move(column), PushMode::BURST);
    add_subscriber(adapter, std::move(symbol));
    return adapter.burst_edge();
}

class ParquetSink;

// The values of one dict basket written by a ParquetSink (see its contract).
class BasketColumns {
public:
    BasketColumns(std::string name, arrow::FieldVector value_fields, int count_column);

    const std::string& name() const { return name_; }
    // Builders of the value row being written: 0 is the key (utf8), then the value columns in order.
    arrow::ArrayBuilder& builder(int index) { return writer_->builder(index); }
    // Ends a value row (counted in the current row of the main files).
    void end_value();
    // Called as each row of the main files ends, before its count is written (e.g. to write values held back).
    void on_row_end(std::function<void()> callback) { on_row_end_ = std::move(callback); }

private:
    friend class ParquetSink;
    std::vector<std::string> column_names() const;

    std::string name_;
    std::shared_ptr<arrow::Schema> schema_;
    int count_column_;
    std::unique_ptr<TableWriter> writer_;
    int64_t count_ = 0;
    std::function<void()> on_row_end_;
};

class ParquetSink final : public AdapterManager {
public:
    // An empty `timestamp_column` writes no timestamp column.
    ParquetSink(Engine& engine, std::string path, std::string timestamp_column, WriteOptions options = {});

    // Writes `edge` to column `column` (see the contract for T).
    template <class T>
    void publish(std::string column, Edge<T> edge);

    // For other writers: adds a column of type `type` and returns its index.
    // Once the run started, append at most one value per cycle to builder(index), then call mark_row().
    int add_column(std::string name, std::shared_ptr<arrow::DataType> type);
    // For dict basket writers (split_columns only, else ValueError when the run starts): a basket
    // `name` with the given value columns. Owned by the sink.
    BasketColumns& add_basket(std::string name, arrow::FieldVector value_fields);
    arrow::ArrayBuilder& builder(int index) { return writer_->builder(index); }
    // The current cycle writes a row.
    void mark_row() {
        if (!row_open_) open_row();
    }
    bool has_file() const { return writer_ != nullptr; }

    // From now on (the current cycle's row included) writes to file `path`:
    // completes the current file, if any, and creates `path`. With an empty
    // path at construction no file is opened before the first switch_file
    // (a row before it raises ValueError).
    void switch_file(std::string path);
    // Switches files each time `names` ticks (see switch_file).
    void file_names(Edge<std::string> names);

    // Called with each file's path once it is complete (after a successful close).
    void on_file_complete(std::function<void(const std::string&)> callback) { on_complete_ = std::move(callback); }

    void start(DateTime start, DateTime end) override;
    void stop() override;
    const std::string& path() const { return path_; }

private:
    void open_row();
    void end_row();
    void open_files();
    void close_baskets();

    Engine& engine_;
    std::string path_;
    WriteOptions options_;
    arrow::FieldVector fields_;
    std::unique_ptr<TableWriter> writer_;
    bool has_time_column_ = true;
    bool row_open_ = false;
    std::vector<std::unique_ptr<BasketColumns>> baskets_;
    DateTime row_time_;
    std::function<void(const std::string&)> on_complete_;
};

// Appends each value of an edge to one column of a ParquetSink.
template <class T>
class ColumnWriter final : public OutputAdapter<T> {
public:
    ColumnWriter(ParquetSink& sink, int column, Edge<T> edge)
        : OutputAdapter<T>("parquet_writer", edge), sink_(sink), column_(column) {}

    void on_tick(const T& value) override {
        sink_.mark_row();
        arrow::ArrayBuilder& builder = sink_.builder(column_);
        arrow::Status status;
        if constexpr (std::is_same_v<T, bool>) status = static_cast<arrow::BooleanBuilder&>(builder).Append(value);
        else if constexpr (std::is_same_v<T, int64_t>) status = static_cast<arrow::Int64Builder&>(builder).Append(value);
        else if constexpr (std::is_same_v<T, double>) status = static_cast<arrow::DoubleBuilder&>(builder).Append(value);
        else if constexpr (std::is_same_v<T, std::string>) status = static_cast<arrow::StringBuilder&>(builder).Append(value);
        else if constexpr (std::is_same_v<T, DateTime>) status = static_cast<arrow::TimestampBuilder&>(builder).Append(value.nanos());
        else status = static_cast<arrow::DurationBuilder&>(builder).Append(value.nanos());
        if (!status.ok()) throw ValueError("file '" + sink_.path() + "': " + status.message());
    }

    static std::shared_ptr<arrow::DataType> arrow_type() {
        if constexpr (std::is_same_v<T, bool>) return arrow::boolean();
        else if constexpr (std::is_same_v<T, int64_t>) return arrow::int64();
        else if constexpr (std::is_same_v<T, double>) return arrow::float64();
        else if constexpr (std::is_same_v<T, std::string>) return arrow::utf8();
        else if constexpr (std::is_same_v<T, DateTime>) return arrow::timestamp(arrow::TimeUnit::NANO, "UTC");
        else {
            static_assert(std::is_same_v<T, TimeDelta>, "unsupported column type");
            return arrow::duration(arrow::TimeUnit::NANO);
        }
    }

private:
    ParquetSink& sink_;
    int column_;
};

// Switches a ParquetSink's file on each name it is given.
class FileNameSwitch final : public OutputAdapter<std::string> {
public:
    FileNameSwitch(ParquetSink& sink, Edge<std::string> names) : OutputAdapter("parquet_file_names", names), sink_(sink) {}
    void on_tick(const std::string& path) override { sink_.switch_file(path); }

private:
    ParquetSink& sink_;
};

inline void ParquetSink::file_names(Edge<std::string> names) { engine_.add_node<FileNameSwitch>(*this, names); }

template <class T>
void ParquetSink::publish(std::string column, Edge<T> edge) {
    int index = add_column(std::move(column), ColumnWriter<T>::arrow_type());
    engine_.add_node<ColumnWriter<T>>(*this, index, edge);
}

// Adds a ParquetSource / ParquetSink to the graph being built.
inline ParquetSource& parquet_source(SourceOptions options) {
    Engine& engine = csp::detail::engine_for_building("csp::parquet::parquet_source");
    return engine.add_adapter_manager<ParquetSource>(engine, std::move(options));
}
inline ParquetSink& parquet_sink(std::string path, std::string timestamp_column, WriteOptions options = {}) {
    Engine& engine = csp::detail::engine_for_building("csp::parquet::parquet_sink");
    return engine.add_adapter_manager<ParquetSink>(engine, std::move(path), std::move(timestamp_column),
                                                   std::move(options));
}

}  // namespace csp::parquet
