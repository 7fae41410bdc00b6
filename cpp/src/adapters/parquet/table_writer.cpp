// See csp/adapters/parquet/table_writer.h.
#include "csp/adapters/parquet/table_writer.h"

#include <arrow/io/file.h>
#include <arrow/ipc/writer.h>
#include <arrow/util/compression.h>
#include <arrow/util/key_value_metadata.h>
#include <parquet/arrow/writer.h>
#include <parquet/properties.h>

#include <algorithm>

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

class ParquetSink final : public TableWriter::Sink {
public:
    ParquetSink(const std::string& path, const std::shared_ptr<arrow::Schema>& schema, const WriteOptions& options)
        : path_(path) {
        auto out = check(arrow::io::FileOutputStream::Open(path), path);
        ::parquet::WriterProperties::Builder properties;
        properties.compression(compression_named(options.compression, arrow::Compression::SNAPPY, path));
        if (options.write_dictionary) properties.enable_dictionary(); else properties.disable_dictionary();
        properties.max_row_group_length(options.batch_size);
        auto arrow_properties = ::parquet::ArrowWriterProperties::Builder().store_schema()->build();
        writer_ = check(::parquet::arrow::FileWriter::Open(*schema, arrow::default_memory_pool(), out,
                                                           properties.build(), arrow_properties),
                        path);
    }
    void write(const std::shared_ptr<arrow::RecordBatch>& batch) override {
        auto table = check(arrow::Table::FromRecordBatches({batch}), path_);
        check(writer_->WriteTable(*table, batch->num_rows()), path_);
    }
    void close() override { check(writer_->Close(), path_); }

private:
    std::string path_;
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

}  // namespace

TableWriter::TableWriter(std::string path, std::shared_ptr<arrow::Schema> schema, WriteOptions options)
    : path_(std::move(path)), options_(std::move(options)) {
    if (options_.batch_size <= 0) throw ValueError("file '" + path_ + "': batch_size must be positive");
    if (!options_.metadata.empty()) {
        auto metadata = std::make_shared<arrow::KeyValueMetadata>();
        for (const auto& [key, value] : options_.metadata) metadata->Append(key, value);
        schema = schema->WithMetadata(metadata);
    }
    schema_ = std::move(schema);
    for (const auto& field : schema_->fields()) {
        builders_.push_back(check(arrow::MakeBuilder(field->type()), path_ + ", column '" + field->name() + "'"));
    }
    reserve();
    if (options_.format == FileFormat::Parquet) {
        sink_ = std::make_unique<ParquetSink>(path_, schema_, options_);
    } else {
        sink_ = std::make_unique<IpcStreamSink>(path_, schema_, options_);
    }
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
