// See csv_adapter.h. Python builds the subscriptions in csp/adapters/csv.py.
#include "csv_adapter.h"

#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>

#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "csp/adapters/csv/csv_reader.h"
#include "csp/engine/engine.h"
#include "py_adapters.h"
#include "py_engine.h"
#include "py_node.h"
#include "py_struct.h"
#include "python_error.h"

namespace csp::python {
namespace {

using csv::CsvReader;

// How a column's text becomes a value (codes shared with csp/adapters/csv.py).
enum class ColumnKind { Str = 0, Int = 1, Float = 2, Bool = 3, Python = 4 };

// One column a subscription reads. For a struct, `setter` is the field's
// descriptor; for kind Python, `converter(text)` makes the value.
struct ColumnSpec {
    std::string name;
    ColumnKind kind;
    nb::object setter;
    nb::object converter;
    size_t index = 0;  // resolved against the header at start
};

// A field set on every struct the subscription creates (a default the CSV does
// not provide): `factory()` if given (mutable defaults), else `value`.
struct DefaultSpec {
    nb::object setter;
    nb::object value;
    nb::object factory;
};

nb::object column_value(const CsvReader& reader, const ColumnSpec& column) {
    std::string_view text = reader.field(column.index);
    switch (column.kind) {
        case ColumnKind::Str: {
            PyObject* s = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), nullptr);
            if (s == nullptr) {
                PyErr_Clear();
                reader.fail(column.index, "invalid UTF-8");
            }
            return nb::steal(s);
        }
        case ColumnKind::Int: return nb::steal(check(PyLong_FromLongLong(reader.get_int(column.index))));
        case ColumnKind::Float: return nb::steal(check(PyFloat_FromDouble(reader.get_double(column.index))));
        case ColumnKind::Bool: return nb::bool_(!text.empty());  // as Python's bool(str), like the reference
        case ColumnKind::Python: {
            nb::str s(text.data(), text.size());
            try {
                return column.converter(s);
            } catch (nb::python_error& e) {
                std::string error = nb::cast<std::string>(nb::str(e.type().attr("__name__"))) + ": " +
                                    nb::cast<std::string>(nb::str(e.value()));
                reader.fail(column.index, "cannot convert '" + std::string(text) + "' (" + error + ")");
            }
        }
    }
    return nb::none();
}

// One subscription: what the source needs to know about an adapter.
class CsvSubscriber {
public:
    virtual ~CsvSubscriber() = default;
    // True if the adapter cannot take another value in this cycle (NON_COLLAPSING, already ticked).
    virtual bool blocked() const = 0;
    // Converts the current row and ticks it.
    virtual void deliver(const CsvReader& reader) = 0;
    std::vector<ColumnSpec>& columns() { return columns_; }

protected:
    std::vector<ColumnSpec> columns_;
};

// Makes a subscription's value from a row: a scalar from its one column, or a struct.
class RowConverter {
public:
    RowConverter(std::vector<ColumnSpec>& columns, nb::object cls, std::vector<DefaultSpec> defaults)
        : columns_(columns), cls_(std::move(cls)), defaults_(std::move(defaults)) {}

    bool is_struct() const { return cls_.is_valid() && !cls_.is_none(); }

    // The row's value; nullopt if a scalar's column is missing from this row (short row).
    std::optional<nb::object> object(const CsvReader& reader) const {
        if (!is_struct()) {
            if (columns_[0].index >= reader.num_fields()) return std::nullopt;
            return column_value(reader, columns_[0]);
        }
        nb::object obj = new_struct(cls_);
        for (const ColumnSpec& column : columns_) {
            if (column.index >= reader.num_fields()) continue;  // short row: the field stays unset
            set_field(column.setter, obj, column_value(reader, column));
        }
        for (const DefaultSpec& d : defaults_) set_field(d.setter, obj, d.factory.is_none() ? d.value : d.factory());
        return obj;
    }

private:

    std::vector<ColumnSpec>& columns_;
    nb::object cls_;
    std::vector<DefaultSpec> defaults_;
};

// A float, int or bool column ticking a native series, or anything else as a Python object.
template <class T>
class CsvAdapter final : public TypedInputAdapter<T>, public CsvSubscriber {
public:
    CsvAdapter(std::vector<ColumnSpec> columns, nb::object cls, std::vector<DefaultSpec> defaults, PushMode mode)
        : TypedInputAdapter<T>("csv_adapter", mode), converter_(columns_, std::move(cls), std::move(defaults)) {
        columns_ = std::move(columns);
    }
    bool blocked() const override {
        return this->push_mode() == PushMode::NON_COLLAPSING &&
               const_cast<CsvAdapter*>(this)->single_series().ticked();
    }
    void deliver(const CsvReader& reader) override {
        if constexpr (std::is_same_v<T, nb::object>) {
            if (auto value = converter_.object(reader)) this->consume_tick(std::move(*value));
        } else {
            const ColumnSpec& column = columns_[0];
            if (column.index >= reader.num_fields()) return;
            if constexpr (std::is_same_v<T, double>) {
                this->consume_tick(reader.get_double(column.index));
            } else if constexpr (std::is_same_v<T, int64_t>) {
                this->consume_tick(reader.get_int(column.index));
            } else if constexpr (std::is_same_v<T, bool>) {
                this->consume_tick(!reader.field(column.index).empty());
            } else {  // datetime / timedelta: made by the column's Python converter
                auto value = converter_.object(reader);
                try {
                    this->consume_tick(from_python<T>(*value));
                } catch (const TypeError& e) {
                    reader.fail(column.index, e.what());
                }
            }
        }
    }

private:
    RowConverter converter_;
};

// BURST: every value of one time slot ticks once, as a Python list.
class CsvBurstAdapter final : public TypedInputAdapter<nb::object>, public CsvSubscriber {
public:
    CsvBurstAdapter(std::vector<ColumnSpec> columns, nb::object cls, std::vector<DefaultSpec> defaults)
        : TypedInputAdapter<nb::object>("csv_adapter", PushMode::LAST_VALUE),
          converter_(columns_, std::move(cls), std::move(defaults)) {
        columns_ = std::move(columns);
    }
    bool blocked() const override { return false; }
    void deliver(const CsvReader& reader) override {
        auto value = converter_.object(reader);
        if (value) append_to_burst(single_series(), std::move(*value));
    }

private:
    RowConverter converter_;
};

struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Reads one file for all of its subscriptions; see csv_adapter.h.
class CsvSource final : public AdapterManager {
public:
    // time_spec: ("format", column, strptime_format, utc_offset or None) or ("callable", fn(row dict) -> datetime).
    CsvSource(std::string path, char delimiter, std::optional<std::string> symbol_column, nb::tuple time_spec)
        : AdapterManager("csv_reader"), path_(std::move(path)), delimiter_(delimiter),
          symbol_column_(std::move(symbol_column)) {
        std::string kind = nb::cast<std::string>(time_spec[0]);
        if (kind == "format") {
            time_column_ = nb::cast<std::string>(time_spec[1]);
            format_text_ = nb::cast<std::string>(time_spec[2]);
            format_ = csv::TimeFormat::compile(format_text_);
            if (!format_) throw ValueError("unsupported time format '" + format_text_ + "'");
            utc_offset_ = nb::borrow(time_spec[3]);
        } else {
            time_callable_ = nb::borrow(time_spec[1]);
        }
    }

    EdgeHandle subscribe(Engine& engine, std::optional<std::string> symbol, NativeType type, nb::list columns,
                         nb::object cls, nb::list defaults, PushMode mode) {
        std::vector<ColumnSpec> specs;
        for (nb::handle c : columns) {
            specs.push_back({nb::cast<std::string>(c[0]), static_cast<ColumnKind>(nb::cast<int>(c[1])),
                             nb::borrow(c[2]), nb::borrow(c[3])});
        }
        std::vector<DefaultSpec> default_specs;
        for (nb::handle d : defaults) default_specs.push_back({nb::borrow(d[0]), nb::borrow(d[1]), nb::borrow(d[2])});
        EdgeHandle handle;
        CsvSubscriber* subscriber;
        if (mode == PushMode::BURST) {
            auto& a = engine.add_input_adapter<CsvBurstAdapter>(std::move(specs), std::move(cls), std::move(default_specs));
            subscriber = &a;
            handle = EdgeHandle{a.edge().slot(), NativeType::Object};
        } else {
            dispatch(type, [&](auto tag) {
                using T = typename decltype(tag)::type;
                auto& a = engine.add_input_adapter<CsvAdapter<T>>(std::move(specs), std::move(cls),
                                                                 std::move(default_specs), mode);
                subscriber = &a;
                handle = EdgeHandle{a.edge().slot(), type};
            });
        }
        if (symbol) by_symbol_[*symbol].push_back(subscriber);
        else all_.push_back(subscriber);
        return handle;
    }

    void start(DateTime start, DateTime end) override {
        end_ = end;
        reader_.emplace(path_, csv::CsvOptions{.delimiter = delimiter_});
        if (reader_->header().empty()) return;  // an empty file: no rows
        if (time_column_) time_index_ = require_column(*time_column_);
        if (symbol_column_) symbol_index_ = require_column(*symbol_column_);
        for (CsvSubscriber* s : all_) resolve(*s);
        for (auto& [_, subs] : by_symbol_) for (CsvSubscriber* s : subs) resolve(*s);
        scheduler_ = &engine_->scheduler();
        while (advance() && pending_ < start) {}
        schedule();
    }
    void stop() override { reader_.reset(); }

    void set_engine(Engine& engine) { engine_ = &engine; }

private:
    size_t require_column(const std::string& name) {
        auto index = reader_->column_index(name);
        if (!index) throw KeyError("CSV file '" + path_ + "' has no column '" + name + "'");
        return *index;
    }
    void resolve(CsvSubscriber& s) {
        for (ColumnSpec& c : s.columns()) c.index = require_column(c.name);
    }

    // Reads the next row and its time into pending_; false at the end of the file.
    bool advance() {
        has_pending_ = reader_->next();
        if (has_pending_) pending_ = row_time();
        return has_pending_;
    }

    DateTime row_time() {
        if (time_callable_.is_valid()) {
            nb::dict row;
            const auto& header = reader_->header();
            for (size_t i = 0; i < header.size(); ++i) {
                std::string_view f = i < reader_->num_fields() ? reader_->field(i) : std::string_view();
                row[nb::str(header[i].data(), header[i].size())] = nb::str(f.data(), f.size());
            }
            try {
                return to_datetime(time_callable_(row));
            } catch (nb::python_error& e) {
                e.restore();
                throw PythonError();
            }
        }
        if (*time_index_ >= reader_->num_fields()) reader_->fail(*time_index_, "missing time field");
        std::string_view text = reader_->field(*time_index_);
        std::optional<DateTime> t = format_->parse(text);
        if (!t) reader_->fail(*time_index_, "time data '" + std::string(text) + "' does not match format '" + format_text_ + "'");
        if (utc_offset_.is_valid() && !utc_offset_.is_none() && !format_->has_offset()) return *t - local_offset(*t);
        return *t;
    }

    // The UTC offset of local time `t`, asked of Python once per quarter hour of
    // local time (every real time zone changes offset on a quarter hour).
    TimeDelta local_offset(DateTime t) {
        constexpr int64_t quarter = 15LL * 60 * 1000000000;
        int64_t key = t.nanos() >= 0 ? t.nanos() / quarter : (t.nanos() - quarter + 1) / quarter;
        if (key != offset_key_) {
            try {
                offset_ = to_timedelta(utc_offset_(datetime_to_python(t)));
            } catch (nb::python_error& e) {
                e.restore();
                throw PythonError();
            }
            offset_key_ = key;
        }
        return offset_;
    }

    void schedule() {
        if (has_pending_ && pending_ <= end_) scheduler_->schedule(pending_, [this] { return on_event(); });
    }

    bool on_event() {
        bool done = true;
        with_error_context([this] { return "adapter manager '" + name() + "'"; },
                           [&] { done = consume_due(); });
        return done;
    }

    // Delivers every row of the current time; false (run me again in the next
    // cycle) when a NON_COLLAPSING subscriber already ticked in this cycle.
    bool consume_due() {
        const DateTime now = pending_;
        while (has_pending_ && pending_ == now) {
            const std::vector<CsvSubscriber*>* symbol_subs = nullptr;
            if (symbol_index_ && !by_symbol_.empty() && *symbol_index_ < reader_->num_fields()) {
                auto it = by_symbol_.find(reader_->field(*symbol_index_));
                if (it != by_symbol_.end()) symbol_subs = &it->second;
            }
            for (CsvSubscriber* s : all_) if (s->blocked()) return false;
            if (symbol_subs) for (CsvSubscriber* s : *symbol_subs) if (s->blocked()) return false;
            for (CsvSubscriber* s : all_) s->deliver(*reader_);
            if (symbol_subs) for (CsvSubscriber* s : *symbol_subs) s->deliver(*reader_);
            // A row earlier than the current time ticks now, as in the reference.
            if (advance() && pending_ < now) pending_ = now;
        }
        schedule();
        return true;
    }

    std::string path_;
    char delimiter_;
    std::optional<std::string> symbol_column_;
    std::optional<std::string> time_column_;
    std::string format_text_;
    std::optional<csv::TimeFormat> format_;
    nb::object utc_offset_;
    nb::object time_callable_;
    int64_t offset_key_ = std::numeric_limits<int64_t>::min();
    TimeDelta offset_;

    Engine* engine_ = nullptr;
    Scheduler* scheduler_ = nullptr;
    std::optional<CsvReader> reader_;
    std::optional<size_t> time_index_;
    std::optional<size_t> symbol_index_;
    std::vector<CsvSubscriber*> all_;
    std::unordered_map<std::string, std::vector<CsvSubscriber*>, StringHash, std::equal_to<>> by_symbol_;
    DateTime pending_;
    bool has_pending_ = false;
    DateTime end_;
};

}  // namespace

void bind_csv(nb::module_& m) {
    using namespace nb::literals;
    nb::class_<CsvSource>(m, "CsvSource", "One CSV file read for every subscription of a CSVReader in one engine.")
        .def("subscribe",
             [](CsvSource& source, PyEngine& engine, std::optional<std::string> symbol, NativeType type,
                nb::list columns, nb::object cls, nb::list defaults, PushMode mode) {
                 return source.subscribe(engine.engine(), std::move(symbol), type, columns, std::move(cls), defaults,
                                         mode);
             },
             "engine"_a, "symbol"_a.none(), "type"_a, "columns"_a, "cls"_a.none(), "defaults"_a, "mode"_a,
             "Adds a subscription: columns are (name, kind, field descriptor or None, converter or None).");
    m.def("add_csv_source",
          [](PyEngine& engine, std::string path, std::string delimiter, std::optional<std::string> symbol_column,
             nb::tuple time_spec) -> CsvSource* {
              if (delimiter.size() != 1) throw TypeError("delimiter must be a single character");
              auto& source = engine.engine().add_adapter_manager<CsvSource>(std::move(path), delimiter[0],
                                                                           std::move(symbol_column), time_spec);
              source.set_engine(engine.engine());
              return &source;
          },
          "engine"_a, "path"_a, "delimiter"_a, "symbol_column"_a.none(), "time_spec"_a, nb::rv_policy::reference,
          nb::keep_alive<0, 1>(), "Adds the reader of one CSV file to an engine (owned by the engine).");
}

}  // namespace csp::python
