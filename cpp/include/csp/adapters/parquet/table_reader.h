// Reading Parquet and Arrow IPC files as Arrow record batches, and typed
// access to their columns.
//
//     csp::parquet::TableReader reader({"a.parquet", "b.parquet"}, csp::parquet::FileFormat::Parquet,
//                                      {"time", "price"});
//     while (auto batch = reader.next_batch()) {
//         csp::parquet::ColumnView time(*batch->column(0), "time", reader.current_path());
//         ...
//     }
//
// Contract:
// - Files are read one after the other, in the order given, one record batch
//   at a time (a Parquet file is decoded row group by row group; an Arrow IPC
//   file is read as a stream, the format write_arrow_binary produces).
// - Only the requested columns are decoded; batches hold them in the
//   requested order. A file without one of them raises KeyError naming the
//   file and the column (or, with allow_missing_columns, yields a null column).
// - A file that cannot be opened or decoded raises ValueError naming it.
// - Files are decoded one batch ahead on a thread of their own: while the
//   caller works on a batch, the next one of the same file is decoded. An
//   error decoding it is raised by the next_batch() call that would return
//   it, as without the read-ahead. In-memory tables (which may be backed by
//   Python) are read on the caller's thread only.
//
// Ownership: batches are shared with the caller (arrow::RecordBatch is
// immutable); the destructor waits for a batch being decoded ahead.
// Thread-safety: none (one reader per thread).
#pragma once

#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <arrow/api.h>

#include "csp/core/time.h"

namespace csp::parquet {

enum class FileFormat {
    Parquet,
    ArrowIpcStream,  // the Arrow IPC streaming format
};

struct ReadOptions {
    FileFormat format = FileFormat::Parquet;
    // A column missing from a file reads as nulls instead of raising KeyError.
    bool allow_missing_columns = false;
    // A file that does not exist is skipped instead of raising ValueError.
    bool allow_missing_files = false;
    // Parquet: top-level string columns decoded as dictionary<int32, string>,
    // so that repeated values (symbols, enums) are decoded once per row group.
    std::vector<std::string> dictionary_columns;
};

class TableReader {
public:
    // Nothing is opened before the first next_batch().
    TableReader(std::vector<std::string> paths, std::vector<std::string> columns, ReadOptions options = {});
    // Reads in-memory tables (each read once, in order) instead of files; they
    // are named "in-memory table <i>" in errors. ReadOptions::format is unused.
    TableReader(std::vector<std::shared_ptr<arrow::RecordBatchReader>> tables, std::vector<std::string> columns,
                ReadOptions options = {});
    ~TableReader();
    TableReader(const TableReader&) = delete;
    TableReader& operator=(const TableReader&) = delete;

    // The next record batch with at least one row (columns in the requested
    // order), or nullptr after the last file.
    std::shared_ptr<arrow::RecordBatch> next_batch();
    // The file the last batch came from ("" before the first).
    const std::string& current_path() const { return current_path_; }
    const std::vector<std::string>& columns() const { return columns_; }

    class Source;  // one open file (implementation detail)

private:
    // Opens the next file; false when there is none.
    bool open_next();
    // The open file's next batch: the one decoded ahead, if any; then starts decoding the one after.
    std::shared_ptr<arrow::RecordBatch> next_of_source();

    std::vector<std::string> paths_;
    std::vector<std::string> columns_;
    ReadOptions options_;
    std::vector<std::shared_ptr<arrow::RecordBatchReader>> tables_;
    size_t next_path_ = 0;
    std::string current_path_;
    std::unique_ptr<Source> source_;
    // The batch of source_ being decoded ahead (declared after source_: destroyed, so waited for, first).
    std::future<std::shared_ptr<arrow::RecordBatch>> ahead_;
};

// Typed reads of one column of one batch. Which reads are valid depends on
// the column's Arrow type:
//   as_bool      bool
//   as_int       any signed or unsigned integer
//   as_double    float, double, any integer
//   as_string    string, large_string, binary, large_binary, string_view, and
//                dictionary<integer, string> (e.g. pandas categoricals)
//   as_nanos     timestamp (nanoseconds since the epoch, UTC), duration,
//                date32/date64 (midnight UTC), time32/time64 (since midnight)
// Construction raises TypeError naming the file and column when the type
// supports none of the reads `want` asks for.
// A row that is_null must not be read: for dictionaries its index may be out
// of range.
class ColumnView {
public:
    enum class Read { Bool, Int, Double, String, Nanos };

    ColumnView() = default;
    ColumnView(const arrow::Array& array, std::string_view column, std::string_view path, Read want);

    bool is_null(int64_t row) const { return array_->IsNull(row); }
    bool as_bool(int64_t row) const;
    int64_t as_int(int64_t row) const;
    double as_double(int64_t row) const;
    // string and binary columns, and dictionary<int32, string or binary> columns whose
    // dictionary holds no null (how the reader decodes str columns), are read inline from
    // their buffers; the other string types out of line.
    std::string_view as_string(int64_t row) const {
        if (string_offsets_ == nullptr) return as_string_of_other_type(row);
        const int64_t at = dictionary_indices_ != nullptr ? dictionary_indices_[row] : row;
        return {string_data_ + string_offsets_[at], static_cast<size_t>(string_offsets_[at + 1] - string_offsets_[at])};
    }
    int64_t as_nanos(int64_t row) const;
    const arrow::Array& array() const { return *array_; }

private:
    // Sets the pointers below for the columns as_string reads inline.
    void bind_string_buffers();
    std::string_view as_string_of_other_type(int64_t row) const;

    const arrow::Array* array_ = nullptr;
    const arrow::Array* dictionary_ = nullptr;  // dictionary columns: the values
    // Read inline by as_string when set: the value offsets and characters of the strings
    // (of the dictionary, for dictionary columns, with the row's index in dictionary_indices_).
    const int32_t* string_offsets_ = nullptr;
    const char* string_data_ = nullptr;
    const int32_t* dictionary_indices_ = nullptr;
    arrow::Type::type type_ = arrow::Type::NA;
    int64_t nanos_per_unit_ = 1;
};

// Whether a column of Arrow type `type` supports read `want` (see ColumnView).
bool supports(const arrow::DataType& type, ColumnView::Read want);

}  // namespace csp::parquet
