// See csp/adapters/parquet/table_reader.h.
#include "csp/adapters/parquet/table_reader.h"

#include <arrow/io/file.h>
#include <arrow/ipc/reader.h>
#include <parquet/arrow/reader.h>
#include <parquet/arrow/schema.h>

#include <filesystem>
#include <system_error>

#include "csp/core/exceptions.h"
#include "status.h"

namespace csp::parquet {

// One open file: its record batches, restricted to the requested columns.
class TableReader::Source {
public:
    virtual ~Source() = default;
    // The next batch of the file (any number of rows), nullptr at its end.
    virtual std::shared_ptr<arrow::RecordBatch> next() = 0;
    // Whether next() may run on another thread than the reader's (no Python
    // behind it); a source opts in.
    virtual bool reads_ahead() const { return false; }
};

namespace {

void collect_leaves(const ::parquet::arrow::SchemaField& field, std::vector<int>& out) {
    if (field.is_leaf()) out.push_back(field.column_index);
    for (const auto& child : field.children) collect_leaves(child, out);
}

// Picks `columns` out of each batch a reader gives, in order; a column the
// file lacks is a null column (when missing columns are allowed).
class ColumnSelector {
public:
    ColumnSelector(const arrow::Schema& file_schema, const std::vector<std::string>& columns, const std::string& path,
                   bool allow_missing) {
        arrow::FieldVector fields;
        for (const std::string& name : columns) {
            int index = file_schema.GetFieldIndex(name);
            if (index < 0) {
                if (!allow_missing) throw KeyError("file '" + path + "' has no column '" + name + "'");
                fields.push_back(arrow::field(name, arrow::null()));
            } else {
                fields.push_back(file_schema.field(index));
            }
            names_.push_back(name);
        }
        schema_ = arrow::schema(std::move(fields));
    }

    std::shared_ptr<arrow::RecordBatch> select(const arrow::RecordBatch& batch) const {
        arrow::ArrayVector arrays;
        arrays.reserve(names_.size());
        for (const std::string& name : names_) {
            auto array = batch.GetColumnByName(name);
            arrays.push_back(array ? array : check(arrow::MakeArrayOfNull(arrow::null(), batch.num_rows()), name));
        }
        return arrow::RecordBatch::Make(schema_, batch.num_rows(), std::move(arrays));
    }

private:
    std::vector<std::string> names_;
    std::shared_ptr<arrow::Schema> schema_;
};

class ParquetSource final : public TableReader::Source {
public:
    ParquetSource(const std::string& path, const std::vector<std::string>& columns, const ReadOptions& options) {
        const bool allow_missing = options.allow_missing_columns;
        auto file = check(arrow::io::ReadableFile::Open(path), path);
        ::parquet::arrow::FileReaderBuilder builder;
        check(builder.Open(file), path);
        ::parquet::ArrowReaderProperties properties;
        const ::parquet::SchemaDescriptor& parquet_schema = *builder.raw_reader()->metadata()->schema();
        for (const std::string& name : options.dictionary_columns) {
            int leaf = parquet_schema.ColumnIndex(name);  // top-level leaf columns only
            if (leaf >= 0 && parquet_schema.Column(leaf)->physical_type() == ::parquet::Type::BYTE_ARRAY) {
                properties.set_read_dictionary(leaf, true);
            }
        }
        reader_ = check(builder.properties(properties)->Build(), path);
        std::shared_ptr<arrow::Schema> schema;
        check(reader_->GetSchema(&schema), path);
        selector_.emplace(*schema, columns, path, allow_missing);
        std::vector<int> leaves;
        for (const std::string& name : columns) {
            int index = schema->GetFieldIndex(name);
            if (index >= 0) collect_leaves(reader_->manifest().schema_fields[index], leaves);
        }
        std::vector<int> row_groups(reader_->num_row_groups());
        for (size_t i = 0; i < row_groups.size(); ++i) row_groups[i] = static_cast<int>(i);
        batches_ = check(reader_->GetRecordBatchReader(row_groups, leaves), path);
        path_ = path;
    }
    bool reads_ahead() const override { return true; }  // a file: no Python behind it
    std::shared_ptr<arrow::RecordBatch> next() override {
        std::shared_ptr<arrow::RecordBatch> batch = check(batches_->Next(), path_);
        return batch ? selector_->select(*batch) : nullptr;
    }

private:
    std::string path_;
    std::unique_ptr<::parquet::arrow::FileReader> reader_;  // outlives batches_
    std::unique_ptr<arrow::RecordBatchReader> batches_;
    std::optional<ColumnSelector> selector_;
};

// Record batches from any arrow::RecordBatchReader (an Arrow IPC stream, an in-memory table).
class BatchStreamSource final : public TableReader::Source {
public:
    BatchStreamSource(std::shared_ptr<arrow::RecordBatchReader> reader, const std::vector<std::string>& columns,
                      const std::string& name, bool allow_missing, bool reads_ahead)
        : name_(name), reader_(std::move(reader)), reads_ahead_(reads_ahead) {
        selector_.emplace(*reader_->schema(), columns, name, allow_missing);
    }
    bool reads_ahead() const override { return reads_ahead_; }
    std::shared_ptr<arrow::RecordBatch> next() override {
        std::shared_ptr<arrow::RecordBatch> batch;
        check(reader_->ReadNext(&batch), name_);
        return batch ? selector_->select(*batch) : nullptr;
    }

private:
    std::string name_;
    std::shared_ptr<arrow::RecordBatchReader> reader_;
    bool reads_ahead_;
    std::optional<ColumnSelector> selector_;
};

std::unique_ptr<TableReader::Source> open_ipc_stream(const std::string& path, const std::vector<std::string>& columns,
                                                     bool allow_missing) {
    auto file = check(arrow::io::ReadableFile::Open(path), path);
    std::shared_ptr<arrow::RecordBatchReader> reader = check(arrow::ipc::RecordBatchStreamReader::Open(file), path);
    return std::make_unique<BatchStreamSource>(std::move(reader), columns, path, allow_missing, true);
}

int64_t nanos_per(arrow::TimeUnit::type unit) {
    switch (unit) {
        case arrow::TimeUnit::SECOND: return 1000000000;
        case arrow::TimeUnit::MILLI: return 1000000;
        case arrow::TimeUnit::MICRO: return 1000;
        case arrow::TimeUnit::NANO: return 1;
    }
    return 1;
}

bool is_integer_id(arrow::Type::type t) {
    switch (t) {
        case arrow::Type::INT8: case arrow::Type::INT16: case arrow::Type::INT32: case arrow::Type::INT64:
        case arrow::Type::UINT8: case arrow::Type::UINT16: case arrow::Type::UINT32: case arrow::Type::UINT64:
            return true;
        default: return false;
    }
}

bool is_string_id(arrow::Type::type t) {
    return t == arrow::Type::STRING || t == arrow::Type::LARGE_STRING || t == arrow::Type::BINARY ||
           t == arrow::Type::LARGE_BINARY || t == arrow::Type::STRING_VIEW || t == arrow::Type::BINARY_VIEW;
}

bool is_temporal_id(arrow::Type::type t) {
    return t == arrow::Type::TIMESTAMP || t == arrow::Type::DURATION || t == arrow::Type::DATE32 ||
           t == arrow::Type::DATE64 || t == arrow::Type::TIME32 || t == arrow::Type::TIME64;
}

template <class A>
const A& as(const arrow::Array& array) {
    return static_cast<const A&>(array);
}

// The value of integer array `array` at `row`, whatever its width.
int64_t integer_at(const arrow::Array& array, int64_t row) {
    switch (array.type_id()) {
        case arrow::Type::INT8: return as<arrow::Int8Array>(array).Value(row);
        case arrow::Type::INT16: return as<arrow::Int16Array>(array).Value(row);
        case arrow::Type::INT32: return as<arrow::Int32Array>(array).Value(row);
        case arrow::Type::INT64: return as<arrow::Int64Array>(array).Value(row);
        case arrow::Type::UINT8: return as<arrow::UInt8Array>(array).Value(row);
        case arrow::Type::UINT16: return as<arrow::UInt16Array>(array).Value(row);
        case arrow::Type::UINT32: return as<arrow::UInt32Array>(array).Value(row);
        case arrow::Type::UINT64: return static_cast<int64_t>(as<arrow::UInt64Array>(array).Value(row));
        default: return 0;
    }
}

std::string_view string_at(const arrow::Array& array, int64_t row) {
    switch (array.type_id()) {
        case arrow::Type::STRING: case arrow::Type::BINARY: return as<arrow::BinaryArray>(array).GetView(row);
        case arrow::Type::LARGE_STRING: case arrow::Type::LARGE_BINARY:
            return as<arrow::LargeBinaryArray>(array).GetView(row);
        case arrow::Type::STRING_VIEW: case arrow::Type::BINARY_VIEW:
            return as<arrow::BinaryViewArray>(array).GetView(row);
        default: return {};
    }
}

arrow::TimeUnit::type unit_of(const arrow::DataType& type) {
    switch (type.id()) {
        case arrow::Type::TIMESTAMP: return static_cast<const arrow::TimestampType&>(type).unit();
        case arrow::Type::DURATION: return static_cast<const arrow::DurationType&>(type).unit();
        default: return static_cast<const arrow::TimeType&>(type).unit();
    }
}

const char* read_name(ColumnView::Read want) {
    switch (want) {
        case ColumnView::Read::Bool: return "bool";
        case ColumnView::Read::Int: return "int";
        case ColumnView::Read::Double: return "float";
        case ColumnView::Read::String: return "str";
        case ColumnView::Read::Nanos: return "a time";
    }
    return "?";
}

}  // namespace

bool supports(const arrow::DataType& type, ColumnView::Read want) {
    const arrow::Type::type t = type.id();
    if (t == arrow::Type::NA) return true;  // all nulls
    switch (want) {
        case ColumnView::Read::Bool: return t == arrow::Type::BOOL;
        case ColumnView::Read::Int: return is_integer_id(t);
        case ColumnView::Read::Double: return t == arrow::Type::DOUBLE || t == arrow::Type::FLOAT || is_integer_id(t);
        case ColumnView::Read::String:
            return is_string_id(t) ||
                   (t == arrow::Type::DICTIONARY &&
                    is_string_id(static_cast<const arrow::DictionaryType&>(type).value_type()->id()));
        case ColumnView::Read::Nanos: return is_temporal_id(t);
    }
    return false;
}

TableReader::TableReader(std::vector<std::string> paths, std::vector<std::string> columns, ReadOptions options)
    : paths_(std::move(paths)), columns_(std::move(columns)), options_(std::move(options)) {}

TableReader::TableReader(std::vector<std::shared_ptr<arrow::RecordBatchReader>> tables,
                         std::vector<std::string> columns, ReadOptions options)
    : columns_(std::move(columns)), options_(std::move(options)), tables_(std::move(tables)) {
    for (size_t i = 0; i < tables_.size(); ++i) paths_.push_back("in-memory table " + std::to_string(i));
}

TableReader::~TableReader() = default;

bool TableReader::open_next() {
    source_.reset();
    while (next_path_ < paths_.size()) {
        const size_t index = next_path_++;
        const std::string& path = paths_[index];
        current_path_ = path;
        if (!tables_.empty()) {
            source_ = std::make_unique<BatchStreamSource>(tables_[index], columns_, path, options_.allow_missing_columns,
                                                          false);
            return true;
        }
        if (options_.allow_missing_files && !std::filesystem::exists(path)) continue;
        if (options_.format == FileFormat::Parquet) {
            source_ = std::make_unique<ParquetSource>(path, columns_, options_);
        } else {
            source_ = open_ipc_stream(path, columns_, options_.allow_missing_columns);
        }
        return true;
    }
    return false;
}

std::shared_ptr<arrow::RecordBatch> TableReader::next_batch() {
    while (source_ || open_next()) {
        while (auto batch = next_of_source()) {
            if (batch->num_rows() > 0) return batch;
        }
        source_.reset();
    }
    return nullptr;
}

std::shared_ptr<arrow::RecordBatch> TableReader::next_of_source() {
    std::shared_ptr<arrow::RecordBatch> batch = ahead_.valid() ? ahead_.get() : source_->next();
    if (batch && source_->reads_ahead()) {
        try {
            ahead_ = std::async(std::launch::async, [source = source_.get()] { return source->next(); });
        } catch (const std::system_error&) {  // no thread to be had: the next batch is read when asked for
        }
    }
    return batch;
}

ColumnView::ColumnView(const arrow::Array& array, std::string_view column, std::string_view path, Read want)
    : array_(&array), type_(array.type_id()) {
    if (!supports(*array.type(), want)) {
        throw TypeError("file '" + std::string(path) + "', column '" + std::string(column) + "': cannot read " +
                        array.type()->ToString() + " as " + read_name(want));
    }
    if (type_ == arrow::Type::DICTIONARY) dictionary_ = as<arrow::DictionaryArray>(array).dictionary().get();
    if (want == Read::String) bind_string_buffers();
    if (type_ == arrow::Type::TIMESTAMP || type_ == arrow::Type::DURATION || type_ == arrow::Type::TIME32 ||
        type_ == arrow::Type::TIME64) {
        nanos_per_unit_ = nanos_per(unit_of(*array.type()));
    }
}

bool ColumnView::as_bool(int64_t row) const { return as<arrow::BooleanArray>(*array_).Value(row); }

int64_t ColumnView::as_int(int64_t row) const { return integer_at(*array_, row); }

double ColumnView::as_double(int64_t row) const {
    if (type_ == arrow::Type::DOUBLE) return as<arrow::DoubleArray>(*array_).Value(row);
    if (type_ == arrow::Type::FLOAT) return as<arrow::FloatArray>(*array_).Value(row);
    return static_cast<double>(integer_at(*array_, row));
}

void ColumnView::bind_string_buffers() {
    const arrow::ArrayData& data = *array_->data();
    const arrow::ArrayData* strings = &data;
    const int32_t* indices = nullptr;
    if (type_ == arrow::Type::DICTIONARY) {
        const auto& type = static_cast<const arrow::DictionaryType&>(*array_->type());
        if (type.index_type()->id() != arrow::Type::INT32 || dictionary_->null_count() != 0) return;
        strings = data.dictionary.get();
        indices = data.GetValues<int32_t>(1);
        if (indices == nullptr) return;  // no indices buffer (an empty array)
    }
    if (strings->type->id() != arrow::Type::STRING && strings->type->id() != arrow::Type::BINARY) return;
    const int32_t* offsets = strings->GetValues<int32_t>(1);
    if (offsets == nullptr) return;
    dictionary_indices_ = indices;
    string_offsets_ = offsets;
    string_data_ = strings->buffers[2] ? reinterpret_cast<const char*>(strings->buffers[2]->data()) : "";
}

std::string_view ColumnView::as_string_of_other_type(int64_t row) const {
    if (dictionary_ == nullptr) return string_at(*array_, row);
    return string_at(*dictionary_, as<arrow::DictionaryArray>(*array_).GetValueIndex(row));
}

int64_t ColumnView::as_nanos(int64_t row) const {
    constexpr int64_t nanos_per_day = 86400LL * 1000000000;
    switch (type_) {
        case arrow::Type::TIMESTAMP: return as<arrow::TimestampArray>(*array_).Value(row) * nanos_per_unit_;
        case arrow::Type::DURATION: return as<arrow::DurationArray>(*array_).Value(row) * nanos_per_unit_;
        case arrow::Type::TIME32: return int64_t{as<arrow::Time32Array>(*array_).Value(row)} * nanos_per_unit_;
        case arrow::Type::TIME64: return as<arrow::Time64Array>(*array_).Value(row) * nanos_per_unit_;
        case arrow::Type::DATE32: return int64_t{as<arrow::Date32Array>(*array_).Value(row)} * nanos_per_day;
        case arrow::Type::DATE64: return as<arrow::Date64Array>(*array_).Value(row) * 1000000;
        default: return 0;
    }
}

}  // namespace csp::parquet
