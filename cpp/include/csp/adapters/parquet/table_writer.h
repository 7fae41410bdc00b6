// Writing rows to a Parquet or Arrow IPC file through Arrow builders.
//
//     auto schema = arrow::schema({arrow::field("time", arrow::timestamp(arrow::TimeUnit::NANO, "UTC")),
//                                  arrow::field("price", arrow::float64())});
//     csp::parquet::TableWriter writer("out.parquet", schema);
//     writer.builder<arrow::TimestampBuilder>(0).Append(t);   // append to some columns...
//     writer.builder<arrow::DoubleBuilder>(1).Append(1.5);
//     writer.end_row();                                       // ...the others get a null
//     writer.close();                                         // or let the destructor do it
//
// Contract:
// - The file is created (truncated) by the constructor; ValueError names it
//   if it cannot be. Rows are buffered in the builders and written every
//   WriteOptions::batch_size rows: one Parquet row group, or one IPC record
//   batch (streaming format) per batch.
// - A row holds at most one value per column: append at most once to each
//   builder between two end_row() calls.
// - WriteOptions::split_columns: `path` is a directory (created, with its
//   parents, if missing) and each column goes to a file of its own,
//   `<path>/<column>.parquet` (or `.arrow` for Arrow IPC), whose schema holds
//   that column and the file metadata.
// - close() writes the buffered rows and the file footer; after it, the file
//   is complete and readable. It is idempotent; the destructor calls it (and
//   swallows its errors), so a writer unwound by an exception leaves a valid
//   file holding every row ended before.
//
// Thread-safety: none (one writer per thread).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <arrow/api.h>

#include "csp/adapters/parquet/table_reader.h"

namespace csp::parquet {

// Key/value metadata, in the order it is stored.
using KeyValues = std::vector<std::pair<std::string, std::string>>;

struct WriteOptions {
    FileFormat format = FileFormat::Parquet;
    // Rows per Parquet row group / IPC record batch.
    int64_t batch_size = 32768;
    // Parquet: "snappy" (default), "gzip", "brotli", "zstd", "lz4", "uncompressed".
    // Arrow IPC: "" (none, default), "zstd", "lz4".
    std::string compression;
    // Parquet: dictionary-encode columns; a fixed-width column whose values
    // mostly differ in the first batch (times, counters) is written plain.
    bool write_dictionary = true;
    // Key/value metadata stored in the file's schema, in order.
    KeyValues metadata;
    // Key/value metadata of columns, by column name (stored in their Arrow fields; names not written are ignored).
    std::map<std::string, KeyValues> column_metadata;
    // One file per column in the directory `path` (see the contract).
    bool split_columns = false;
};

// The file column `column` is written to when columns are split into the directory `directory`.
std::string split_column_path(const std::string& directory, const std::string& column, FileFormat format);

class TableWriter {
public:
    TableWriter(std::string path, std::shared_ptr<arrow::Schema> schema, WriteOptions options = {});
    ~TableWriter();
    TableWriter(const TableWriter&) = delete;
    TableWriter& operator=(const TableWriter&) = delete;

    const std::string& path() const { return path_; }
    const arrow::Schema& schema() const { return *schema_; }
    // The builder of column `index` (in schema order): the type must match the column's Arrow type.
    template <class Builder>
    Builder& builder(int index) {
        return static_cast<Builder&>(*builders_[index]);
    }
    arrow::ArrayBuilder& builder(int index) { return *builders_[index]; }

    // Ends the current row (a null for each column not appended to).
    void end_row();
    // Writes the rows ended so far (a row begun but not ended is dropped).
    void flush();
    // Flushes and completes the file. Idempotent.
    void close();
    // The same, but keeps the row begun and not ended: returns its values (an
    // array of length 0 or 1 per column) for append_row_values on another writer.
    arrow::ArrayVector close_keeping_unended_row();
    // Appends values returned by close_keeping_unended_row to the current row.
    void append_row_values(const arrow::ArrayVector& values);
    // Rows ended so far (written or buffered).
    int64_t rows() const { return rows_; }

    class Sink;  // where batches go (implementation detail)

private:
    void reserve();
    void write_buffered(arrow::ArrayVector* unended);
    void close_file(arrow::ArrayVector* unended);

    std::string path_;
    std::shared_ptr<arrow::Schema> schema_;
    WriteOptions options_;
    std::vector<std::unique_ptr<arrow::ArrayBuilder>> builders_;
    std::unique_ptr<Sink> sink_;
    int64_t buffered_ = 0;
    int64_t rows_ = 0;
};

}  // namespace csp::parquet
