// See csp/adapters/parquet/table_writer.h.
#include "csp/adapters/parquet/table_writer.h"

#include <arrow/io/file.h>
#include <arrow/ipc/writer.h>
#include <arrow/util/compression.h>
#include <arrow/util/key_value_metadata.h>
#include <parquet/arrow/schema.h>
#include <parquet/arrow/writer.h>
#include <parquet/properties.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "csp/core/exceptions.h"
#include "status.h"

namespace csp::parquet {

// Where batches go: a Parquet file writer or an Arrow IPC stream writer.
class TableWriter::Sink {
public:
    virtual ~Sink() = default;
    virtual void write(const std::shared_ptr<arrow::RecordBatch>& batch) = 0;
    virtual void close() = 0;
};

namespace {

arrow::Compression::type compression_named(const std::string& name, arrow::Compression::type otherwise,
                                           const std::string& path) {
    if (name.empty()) return otherwise;
    auto type = arrow::util::Codec::GetCompressionType(name);
    if (!type.ok()) throw ValueError("file '" + path + "': unknown compression '" + name + "'");
    return *type;
}

// Fixed-width columns whose values (of the first batch) repeat so little
// that a dictionary would only cost time: plain encoding for them. A sample
// of the batch's first values is enough to tell (times, counters, prices).
bool mostly_distinct(const arrow::Array& array) {
    constexpr int64_t sample_limit = 4096;
    const arrow::Type::type t = array.type_id();
    int width = 0;
    if (t == arrow::Type::INT64 || t == arrow::Type::UINT64 || t == arrow::Type::DOUBLE ||
        t == arrow::Type::TIMESTAMP || t == arrow::Type::DURATION || t == arrow::Type::TIME64 ||
        t == arrow::Type::DATE64) {
        width = 8;
    } else if (t == arrow::Type::INT32 || t == arrow::Type::UINT32 || t == arrow::Type::FLOAT ||
               t == arrow::Type::DATE32 || t == arrow::Type::TIME32) {
        width = 4;
    } else {
        return false;
    }
    const auto& data = *array.data();
    const uint8_t* values = data.GetValues<uint8_t>(1, 0);
    if (values == nullptr) return false;
    std::vector<uint64_t> sample;
    for (int64_t i = 0; i < array.length() && static_cast<int64_t>(sample.size()) < sample_limit; ++i) {
        if (array.IsNull(i)) continue;
        uint64_t bits = 0;
        std::memcpy(&bits, values + (data.offset + i) * width, static_cast<size_t>(width));
        sample.push_back(bits);
    }
    if (sample.size() < 64) return false;  // too few values to tell
    std::sort(sample.begin(), sample.end());
    const auto distinct = static_cast<size_t>(std::unique(sample.begin(), sample.end()) - sample.begin());
    return distinct * 4 > sample.size() * 3;
}

// The Parquet file writer is created with the first batch (or at close if
// there is none), so that it can leave out dictionaries that would not pay
// (see mostly_distinct); the file itself is created at once.
class ParquetSink final : public TableWriter::Sink {
public:
    ParquetSink(const std::string& path, const std::shared_ptr<arrow::Schema>& schema, const WriteOptions& options)
        : path_(path), schema_(schema), options_(options) {
        out_ = check(arrow::io::FileOutputStream::Open(path), path);
        compression_ = compression_named(options.compression, arrow::Compression::SNAPPY, path);
        std::shared_ptr<::parquet::SchemaDescriptor> parquet_schema;  // a schema Parquet cannot hold fails now
        check(::parquet::arrow::ToParquetSchema(schema.get(), *::parquet::default_writer_properties(),
                                                *arrow_properties(), &parquet_schema),
              path);
    }
    void write(const std::shared_ptr<arrow::RecordBatch>& batch) override {
        if (!writer_) open(batch.get());
        auto table = check(arrow::Table::FromRecordBatches({batch}), path_);
        check(writer_->WriteTable(*table, batch->num_rows()), path_);
    }
    void close() override {
        if (!writer_) open(nullptr);
        check(writer_->Close(), path_);
    }

private:
    void open(const arrow::RecordBatch* first) {
        ::parquet::WriterProperties::Builder properties;
        properties.compression(compression_);
        if (options_.write_dictionary) properties.enable_dictionary(); else properties.disable_dictionary();
        if (options_.write_dictionary && first != nullptr) {
            for (int i = 0; i < first->num_columns(); ++i) {
                if (mostly_distinct(*first->column(i))) properties.disable_dictionary(schema_->field(i)->name());
            }
        }
        properties.max_row_group_length(options_.batch_size);
        writer_ = check(::parquet::arrow::FileWriter::Open(*schema_, arrow::default_memory_pool(), out_,
                                                           properties.build(), arrow_properties()),
                        path_);
    }
    static std::shared_ptr<::parquet::ArrowWriterProperties> arrow_properties() {
        return ::parquet::ArrowWriterProperties::Builder().store_schema()->build();
    }

    std::string path_;
    std::shared_ptr<arrow::Schema> schema_;
    WriteOptions options_;
    arrow::Compression::type compression_;
    std::shared_ptr<arrow::io::FileOutputStream> out_;
    std::unique_ptr<::parquet::arrow::FileWriter> writer_;
};

class IpcStreamSink final : public TableWriter::Sink {
public:
    IpcStreamSink(const std::string& path, const std::shared_ptr<arrow::Schema>& schema, const WriteOptions& options)
        : path_(path) {
        out_ = check(arrow::io::FileOutputStream::Open(path), path);
        auto ipc_options = arrow::ipc::IpcWriteOptions::Defaults();
        auto compression = compression_named(options.compression, arrow::Compression::UNCOMPRESSED, path);
        if (compression != arrow::Compression::UNCOMPRESSED) {
            ipc_options.codec = check(arrow::util::Codec::Create(compression), path);
        }
        writer_ = check(arrow::ipc::MakeStreamWriter(out_, schema, ipc_options), path);
    }
    void write(const std::shared_ptr<arrow::RecordBatch>& batch) override {
        check(writer_->WriteRecordBatch(*batch), path_);
    }
    void close() override {
        check(writer_->Close(), path_);
        check(out_->Close(), path_);
    }

private:
    std::string path_;
    std::shared_ptr<arrow::io::FileOutputStream> out_;
    std::shared_ptr<arrow::ipc::RecordBatchWriter> writer_;
};

std::unique_ptr<TableWriter::Sink> make_file_sink(const std::string& path, const std::shared_ptr<arrow::Schema>& schema,
                                                  const WriteOptions& options) {
    if (options.format == FileFormat::Parquet) return std::make_unique<ParquetSink>(path, schema, options);
    return std::make_unique<IpcStreamSink>(path, schema, options);
}

// A file per column in a directory; each batch is written column by column.
class SplitColumnsSink final : public TableWriter::Sink {
public:
    SplitColumnsSink(const std::string& directory, const std::shared_ptr<arrow::Schema>& schema,
                     const WriteOptions& options) {
        std::error_code error;
        std::filesystem::create_directories(directory, error);
        if (error) throw ValueError("directory '" + directory + "' cannot be created: " + error.message());
        for (const auto& field : schema->fields()) {
            schemas_.push_back(arrow::schema({field}, schema->metadata()));
            sinks_.push_back(make_file_sink(split_column_path(directory, field->name(), options.format), schemas_.back(),
                                            options));
        }
    }
    void write(const std::shared_ptr<arrow::RecordBatch>& batch) override {
        for (size_t i = 0; i < sinks_.size(); ++i) {
            sinks_[i]->write(arrow::RecordBatch::Make(schemas_[i], batch->num_rows(), {batch->column(static_cast<int>(i))}));
        }
    }
    void close() override {  // closes every file, then raises the first error
        std::exception_ptr first;
        for (auto& sink : sinks_) {
            try {
                sink->close();
            } catch (...) {
                if (!first) first = std::current_exception();
            }
        }
        if (first) std::rethrow_exception(first);
    }

private:
    std::vector<std::shared_ptr<arrow::Schema>> schemas_;
    std::vector<std::unique_ptr<TableWriter::Sink>> sinks_;
};

// `schema` with the options' file and column metadata.
std::shared_ptr<arrow::Schema> with_metadata(std::shared_ptr<arrow::Schema> schema, const WriteOptions& options) {
    if (!options.column_metadata.empty()) {
        arrow::FieldVector fields;
        for (const auto& field : schema->fields()) {
            auto it = options.column_metadata.find(field->name());
            if (it == options.column_metadata.end()) {
                fields.push_back(field);
                continue;
            }
            auto metadata = std::make_shared<arrow::KeyValueMetadata>();
            for (const auto& [key, value] : it->second) metadata->Append(key, value);
            fields.push_back(field->WithMetadata(metadata));
        }
        schema = arrow::schema(std::move(fields), schema->metadata());
    }
    if (!options.metadata.empty()) {
        auto metadata = std::make_shared<arrow::KeyValueMetadata>();
        for (const auto& [key, value] : options.metadata) metadata->Append(key, value);
        schema = schema->WithMetadata(metadata);
    }
    return schema;
}

}  // namespace

std::string split_column_path(const std::string& directory, const std::string& column, FileFormat format) {
    return (std::filesystem::path(directory) / (column + (format == FileFormat::Parquet ? ".parquet" : ".arrow"))).string();
}

TableWriter::TableWriter(std::string path, std::shared_ptr<arrow::Schema> schema, WriteOptions options)
    : path_(std::move(path)), options_(std::move(options)) {
    if (options_.batch_size <= 0) throw ValueError("file '" + path_ + "': batch_size must be positive");
    schema_ = with_metadata(std::move(schema), options_);
    for (const auto& field : schema_->fields()) {
        builders_.push_back(check(arrow::MakeBuilder(field->type()), path_ + ", column '" + field->name() + "'"));
    }
    reserve();
    if (options_.split_columns) sink_ = std::make_unique<SplitColumnsSink>(path_, schema_, options_);
    else sink_ = make_file_sink(path_, schema_, options_);
}

TableWriter::~TableWriter() {
    try {
        close();
    } catch (...) {  // NOLINT(bugprone-empty-catch): destructors must not throw; call close() to see errors
    }
}

void TableWriter::end_row() {
    for (auto& builder : builders_) {
        if (builder->length() <= buffered_) check(builder->AppendNull(), path_);
    }
    ++buffered_;
    ++rows_;
    if (buffered_ >= options_.batch_size) flush();
}

void TableWriter::flush() { write_buffered(nullptr); }

// Writes the ended rows; the values of a row begun but not ended go to
// `unended` (one array of length 0 or 1 per column), or are dropped.
void TableWriter::write_buffered(arrow::ArrayVector* unended) {
    if (!sink_ || (buffered_ == 0 && unended == nullptr)) return;
    arrow::ArrayVector arrays;
    for (auto& builder : builders_) {
        auto array = check(builder->Finish(), path_);
        if (unended != nullptr) unended->push_back(array->Slice(buffered_));
        arrays.push_back(array->length() > buffered_ ? array->Slice(0, buffered_) : std::move(array));
    }
    const int64_t rows = buffered_;
    buffered_ = 0;
    reserve();
    if (rows > 0) sink_->write(arrow::RecordBatch::Make(schema_, rows, std::move(arrays)));
}

// Room for a batch in every builder, so that appends do not reallocate.
void TableWriter::reserve() {
    const int64_t rows = std::min<int64_t>(options_.batch_size, int64_t{1} << 16);
    for (auto& builder : builders_) check(builder->Reserve(rows), path_);
}

void TableWriter::close() { close_file(nullptr); }

arrow::ArrayVector TableWriter::close_keeping_unended_row() {
    arrow::ArrayVector unended;
    close_file(&unended);
    return unended;
}

void TableWriter::close_file(arrow::ArrayVector* unended) {
    if (!sink_) return;
    std::exception_ptr error;
    try {
        write_buffered(unended);
    } catch (...) {
        error = std::current_exception();
    }
    std::unique_ptr<Sink> sink = std::move(sink_);
    sink->close();  // completes the file even if the last batch could not be written
    if (error) std::rethrow_exception(error);
}

void TableWriter::append_row_values(const arrow::ArrayVector& values) {
    for (size_t i = 0; i < values.size() && i < builders_.size(); ++i) {
        if (values[i]->length() > 0) check(builders_[i]->AppendArraySlice(arrow::ArraySpan(*values[i]->data()), 0, 1), path_);
    }
}

}  // namespace csp::parquet
