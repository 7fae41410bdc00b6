// See csp/adapters/parquet/parquet_adapters.h.
#include "csp/adapters/parquet/parquet_adapters.h"

#include <algorithm>

namespace csp::parquet {

ParquetSource::ParquetSource(Engine& engine, SourceOptions options)
    : AdapterManager("parquet_reader"), engine_(engine), options_(std::move(options)) {}

void ParquetSource::add_subscriber(RowSubscriber& subscriber, std::optional<std::string> symbol) {
    if (symbol && !options_.symbol_column) {
        throw ValueError("subscribing to symbol '" + *symbol + "' of files without a symbol column");
    }
    bound_.push_back(std::make_unique<Bound>(Bound{&subscriber, {}}));
    if (symbol) by_symbol_[*symbol].push_back(bound_.back().get());
    else all_.push_back(bound_.back().get());
}

void ParquetSource::read_as_dictionary(const std::string& column) {
    auto& columns = options_.read.dictionary_columns;
    if (std::find(columns.begin(), columns.end(), column) == columns.end()) columns.push_back(column);
}

// The time column, the symbol column, then every subscriber's columns, each once.
std::vector<std::string> ParquetSource::all_columns() const {
    std::vector<std::string> columns{options_.time_column};
    if (options_.symbol_column) columns.push_back(*options_.symbol_column);
    for (const auto& bound : bound_) {
        for (const std::string& c : bound->subscriber->columns()) {
            if (std::find(columns.begin(), columns.end(), c) == columns.end()) columns.push_back(c);
        }
    }
    return columns;
}

namespace {

// Column subscribers by column name, then record subscribers, the latest first (see RowSubscriber).
template <class Bound>
void order_for_delivery(std::vector<Bound*>& subscribers) {
    const auto records = std::stable_partition(subscribers.begin(), subscribers.end(),
                                               [](const Bound* b) { return !b->subscriber->is_record(); });
    const auto first_column = [](const Bound* b) -> std::string_view {
        const auto& columns = b->subscriber->columns();
        return columns.empty() ? std::string_view() : std::string_view(columns.front());
    };
    std::stable_sort(subscribers.begin(), records,
                     [&](const Bound* a, const Bound* b) { return first_column(a) < first_column(b); });
    std::reverse(records, subscribers.end());
}

}  // namespace

void ParquetSource::start(DateTime start, DateTime end) {
    order_for_delivery(all_);
    for (auto& [symbol, subscribers] : by_symbol_) order_for_delivery(subscribers);
    if (options_.start_time) start = std::max(start, *options_.start_time);
    if (options_.end_time) end = std::min(end, *options_.end_time);
    end_ = end;
    std::vector<std::string> columns = all_columns();
    for (auto& bound : bound_) {
        bound->positions.clear();
        for (const std::string& c : bound->subscriber->columns()) {
            bound->positions.push_back(static_cast<int>(std::find(columns.begin(), columns.end(), c) - columns.begin()));
        }
    }
    if (options_.table_provider) {
        reader_ = std::make_unique<TableReader>(options_.table_provider(start, end), std::move(columns), options_.read);
    } else {
        std::vector<std::string> paths = options_.path_provider ? options_.path_provider(start, end) : options_.paths;
        reader_ = std::make_unique<TableReader>(std::move(paths), std::move(columns), options_.read);
    }
    batch_.reset();
    while (advance() && pending_ < start) {}
    schedule();
}

void ParquetSource::stop() {
    batch_.reset();
    reader_.reset();
}

bool ParquetSource::next_batch() {
    batch_ = reader_->next_batch();
    if (!batch_) return false;
    const std::string& path = reader_->current_path();
    time_ = ColumnView(*batch_->column(0), options_.time_column, path, ColumnView::Read::Nanos);
    if (options_.symbol_column) {
        symbol_ = ColumnView(*batch_->column(1), *options_.symbol_column, path, ColumnView::Read::String);
    }
    std::vector<const arrow::Array*> arrays;
    for (auto& bound : bound_) {
        arrays.clear();
        for (int position : bound->positions) arrays.push_back(batch_->column(position).get());
        bound->subscriber->bind(arrays, path);
    }
    row_ = 0;
    return true;
}

// Moves to the next row and reads its time into pending_; false after the last row.
bool ParquetSource::advance() {
    if (batch_ && row_ + 1 < batch_->num_rows()) {
        ++row_;
    } else if (!next_batch()) {
        has_pending_ = false;
        return false;
    }
    if (time_.is_null(row_)) {
        throw ValueError("file '" + reader_->current_path() + "': null time in column '" + options_.time_column + "'");
    }
    pending_ = DateTime::from_nanos(time_.as_nanos(row_)) + options_.time_shift;
    has_pending_ = true;
    return true;
}

// One event delivers the rows of each time, then requeues itself at the next row's time (see consume_due).
void ParquetSource::schedule() {
    if (has_pending_ && pending_ <= end_) {
        engine_.scheduler().schedule(pending_, [this] {
            bool done = true;
            with_error_context([this] { return "adapter manager '" + name() + "'"; }, [&] { done = consume_due(); });
            return done;
        });
    }
}

const std::vector<ParquetSource::Bound*>* ParquetSource::subscribers_of_row() {
    if (by_symbol_.empty()) return nullptr;
    if (symbol_.is_null(row_)) {
        throw ValueError("file '" + reader_->current_path() + "': null symbol in column '" + *options_.symbol_column +
                         "'");
    }
    auto it = by_symbol_.find(symbol_.as_string(row_));
    return it == by_symbol_.end() ? nullptr : &it->second;
}

// Delivers every row of the current time; false (run again next cycle) when
// a NON_COLLAPSING subscriber already ticked in this cycle.
bool ParquetSource::consume_due() {
    const DateTime now = pending_;
    while (has_pending_ && pending_ == now) {
        const std::vector<Bound*>* symbol_subscribers = subscribers_of_row();
        for (Bound* b : all_) if (b->subscriber->blocked()) return false;
        if (symbol_subscribers) for (Bound* b : *symbol_subscribers) if (b->subscriber->blocked()) return false;
        for (Bound* b : all_) b->subscriber->deliver(row_);
        if (symbol_subscribers) for (Bound* b : *symbol_subscribers) b->subscriber->deliver(row_);
        if (advance() && pending_ < now) pending_ = now;
    }
    if (has_pending_ && pending_ <= end_) engine_.scheduler().requeue_current(pending_);
    return true;
}

ParquetSink::ParquetSink(Engine& engine, std::string path, std::string timestamp_column, WriteOptions options)
    : AdapterManager("parquet_writer"), engine_(engine), path_(std::move(path)), options_(std::move(options)) {
    has_time_column_ = !timestamp_column.empty();
    if (has_time_column_) add_column(std::move(timestamp_column), arrow::timestamp(arrow::TimeUnit::NANO, "UTC"));
    engine_.add_end_cycle_listener([this] {
        if (row_open_) end_row();
    });
}

int ParquetSink::add_column(std::string name, std::shared_ptr<arrow::DataType> type) {
    for (const auto& field : fields_) {
        if (field->name() == name) throw ValueError("file '" + path_ + "': column '" + name + "' is written twice");
    }
    fields_.push_back(arrow::field(std::move(name), std::move(type)));
    return static_cast<int>(fields_.size()) - 1;
}

BasketColumns::BasketColumns(std::string name, arrow::FieldVector value_fields, int count_column)
    : name_(std::move(name)), count_column_(count_column) {
    value_fields.insert(value_fields.begin(), arrow::field(name_ + "__csp_symbol", arrow::utf8()));
    schema_ = arrow::schema(std::move(value_fields));
}

void BasketColumns::end_value() {
    writer_->end_row();
    ++count_;
}

std::vector<std::string> BasketColumns::column_names() const { return schema_->field_names(); }

BasketColumns& ParquetSink::add_basket(std::string name, arrow::FieldVector value_fields) {
    int count_column = add_column(name + "__csp_value_count", arrow::uint16());
    baskets_.push_back(std::make_unique<BasketColumns>(std::move(name), std::move(value_fields), count_column));
    return *baskets_.back();
}

void ParquetSink::start(DateTime, DateTime) {
    if (!baskets_.empty() && !options_.split_columns) {
        throw ValueError("file '" + path_ + "': dict basket '" + baskets_.front()->name() +
                         "' can only be written with split_columns_to_files=True");
    }
    std::vector<std::string> names;
    for (const auto& field : fields_) names.push_back(field->name());
    for (const auto& basket : baskets_) {
        for (std::string& name : basket->column_names()) names.push_back(std::move(name));
    }
    std::vector<std::string> sorted_names = names;
    std::sort(sorted_names.begin(), sorted_names.end());
    if (auto twice = std::adjacent_find(sorted_names.begin(), sorted_names.end()); twice != sorted_names.end()) {
        throw ValueError("file '" + path_ + "': column '" + *twice + "' would be written twice (by a column and "
                         "a dict basket, or two dict baskets)");
    }
    for (const auto& [column, metadata] : options_.column_metadata) {
        if (std::find(names.begin(), names.end(), column) == names.end()) {
            throw ValueError("file '" + path_ + "': column metadata names column '" + column + "', which is not written");
        }
    }
    if (!path_.empty()) open_files();
}

void ParquetSink::open_files() {
    writer_ = std::make_unique<TableWriter>(path_, arrow::schema(fields_), options_);
    for (auto& basket : baskets_) basket->writer_ = std::make_unique<TableWriter>(path_, basket->schema_, options_);
}

void ParquetSink::close_baskets() {
    std::exception_ptr first;
    for (auto& basket : baskets_) {
        try {
            if (basket->writer_) basket->writer_->close();
        } catch (...) {
            if (!first) first = std::current_exception();
        }
        basket->writer_.reset();
    }
    if (first) std::rethrow_exception(first);
}

void ParquetSink::switch_file(std::string path) {
    arrow::ArrayVector unended;
    if (writer_) {
        std::unique_ptr<TableWriter> writer = std::move(writer_);
        unended = writer->close_keeping_unended_row();
        close_baskets();  // a basket's values of this cycle are written when its row ends: in the new files
        if (on_complete_) on_complete_(path_);
    }
    path_ = std::move(path);
    open_files();
    writer_->append_row_values(unended);  // this cycle's values written before the switch
}

void ParquetSink::open_row() {
    if (!writer_) throw ValueError("Parquet writer: a value to write before any file name was given");
    row_open_ = true;
    row_time_ = engine_.now();
}

// Completes the row even when a basket fails to write its values: every basket's count of the values it
// did write and the time are appended and the row ended, so the files stay consistent; then the first
// error is rethrown.
void ParquetSink::end_row() {
    row_open_ = false;
    std::exception_ptr failure;
    for (auto& basket : baskets_) {
        try {
            if (basket->on_row_end_) basket->on_row_end_();
        } catch (...) {
            if (!failure) failure = std::current_exception();
        }
        if (basket->count_ > 65535) {
            throw ValueError("file '" + path_ + "': dict basket '" + basket->name() + "' wrote more than 65535 values in one cycle");
        }
        auto count = static_cast<uint16_t>(basket->count_);
        basket->count_ = 0;
        auto status = writer_->builder<arrow::UInt16Builder>(basket->count_column_).Append(count);
        if (!status.ok()) throw ValueError("file '" + path_ + "': " + status.message());
    }
    if (has_time_column_) {
        auto status = writer_->builder<arrow::TimestampBuilder>(0).Append(row_time_.nanos());
        if (!status.ok()) throw ValueError("file '" + path_ + "': " + status.message());
    }
    writer_->end_row();
    if (failure) std::rethrow_exception(failure);
}

void ParquetSink::stop() {
    if (!writer_) return;
    try {
        if (row_open_) end_row();  // the row of a cycle that failed
    } catch (...) {
        writer_.reset();  // completes the files with the rows before
        for (auto& basket : baskets_) basket->writer_.reset();
        throw;
    }
    std::unique_ptr<TableWriter> writer = std::move(writer_);
    close_baskets();
    writer->close();
    if (on_complete_) on_complete_(path_);
}

}  // namespace csp::parquet
