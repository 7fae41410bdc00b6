// See parquet_adapter.h. Python builds the specs in csp/adapters/parquet.py.
#include "parquet_adapter.h"

#include <algorithm>

#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <arrow/c/abi.h>
#include <arrow/c/bridge.h>

#include "csp/adapters/parquet/parquet_adapters.h"
#include "parquet_values.h"
#include "py_adapters.h"
#include "py_engine.h"
#include "py_node.h"
#include "python_error.h"

namespace csp::python {
namespace {

using parquet::ParquetSink;
using parquet::ParquetSource;
using parquet::RowSubscriber;

std::vector<std::string> names_of(const std::vector<ColumnSpec>& columns) {
    std::vector<std::string> names;
    for (const ColumnSpec& c : columns) names.push_back(c.name);
    return names;
}

// Ticks Python values (a struct, or a column of a type held as a Python object).
class PyRowAdapter final : public TypedInputAdapter<nb::object>, public RowSubscriber {
public:
    PyRowAdapter(RowConverter converter, PushMode mode, bool record)
        : TypedInputAdapter<nb::object>("parquet_adapter", mode == PushMode::BURST ? PushMode::LAST_VALUE : mode),
          RowSubscriber(names_of(converter.columns()), record), converter_(std::move(converter)),
          burst_(mode == PushMode::BURST) {}

    void bind(const std::vector<const arrow::Array*>& arrays, const std::string& path) override {
        converter_.bind(arrays, path);
    }
    bool blocked() override { return push_mode() == PushMode::NON_COLLAPSING && single_series().ticked(); }
    void deliver(int64_t row) override {
        nb::object value = converter_.value(row);
        if (!value.is_valid()) return;
        if (!burst_) {
            consume_tick(std::move(value));
            return;
        }
        append_to_burst(single_series(), std::move(value));
    }

private:
    RowConverter converter_;
    bool burst_;
};

bool is_native(ValueKind kind) {
    return kind == ValueKind::Bool || kind == ValueKind::Int || kind == ValueKind::Float ||
           kind == ValueKind::DateTime || kind == ValueKind::TimeDelta;
}

EdgeHandle subscribe(ParquetSource& source, Engine& engine, std::optional<std::string> symbol, NativeType type,
                     nb::list columns, nb::object cls, nb::list defaults, PushMode mode) {
    std::vector<ColumnSpec> specs = ColumnSpec::parse_all(columns);
    if (cls.is_none() && type != NativeType::Object && mode != PushMode::BURST && is_native(specs[0].conversion.kind)) {
        return dispatch(type, [&](auto tag) -> EdgeHandle {
            using T = typename decltype(tag)::type;
            if constexpr (std::is_same_v<T, nb::object>) {
                return {};
            } else {
                Edge<T> edge = source.subscribe<T>(specs[0].name, std::move(symbol), mode);
                return EdgeHandle{edge.slot(), type};
            }
        });
    }
    for (const ColumnSpec& c : specs) {
        if (c.conversion.kind == ValueKind::Str || c.conversion.kind == ValueKind::Enum) source.read_as_dictionary(c.name);
    }
    std::vector<DefaultSpec> default_specs;
    for (nb::handle d : defaults) default_specs.push_back({nb::borrow(d[0]), nb::borrow(d[1]), nb::borrow(d[2])});
    const bool record = !cls.is_none();
    auto& adapter = engine.add_input_adapter<PyRowAdapter>(
        RowConverter(std::move(specs), std::move(cls), std::move(default_specs)), mode, record);
    source.add_subscriber(adapter, std::move(symbol));
    return EdgeHandle{adapter.edge().slot(), NativeType::Object};
}

// Writes Python values of an edge to columns of a ParquetSink: the value
// itself to one column, or a struct's fields to one column each.
class PyColumnsWriter final : public OutputAdapter<nb::object> {
public:
    struct Column {
        int index;
        std::string name;
        nb::object descriptor;  // None: the value itself
        Conversion conversion;
    };
    PyColumnsWriter(ParquetSink& sink, std::vector<Column> columns, Edge<nb::object> edge)
        : OutputAdapter<nb::object>("parquet_writer", edge), sink_(sink), columns_(std::move(columns)) {}

    void on_tick(const nb::object& value) override {
        sink_.mark_row();
        for (const Column& c : columns_) {
            nb::object v = c.descriptor.is_none() ? value : get_field(c.descriptor, value);
            append_value(c.conversion, sink_.builder(c.index), v, c.name);
        }
    }

private:
    ParquetSink& sink_;
    std::vector<Column> columns_;
};

// Switches a ParquetSink's file on each (str) value of an edge.
class PyFileNameSwitch final : public OutputAdapter<nb::object> {
public:
    PyFileNameSwitch(ParquetSink& sink, Edge<nb::object> names)
        : OutputAdapter<nb::object>("parquet_file_names", names), sink_(sink) {}
    void on_tick(const nb::object& name) override {
        if (!PyUnicode_Check(name.ptr())) throw TypeError("filename_provider ticked a non-str value");
        sink_.switch_file(nb::cast<std::string>(name));
    }

private:
    ParquetSink& sink_;
};

void publish(ParquetSink& sink, Engine& engine, EdgeHandle edge, nb::list columns) {
    std::vector<PyColumnsWriter::Column> specs;
    for (nb::handle c : columns) {
        std::string name = nb::cast<std::string>(c[0]);
        Conversion conversion = Conversion::parse(c[2], c[3]);
        bool whole_value = c[1].is_none();
        if (whole_value && edge.type != NativeType::Object) {  // a C++ series: written without Python
            dispatch(edge.type, [&](auto tag) {
                using T = typename decltype(tag)::type;
                if constexpr (!std::is_same_v<T, nb::object>) sink.publish<T>(name, Edge<T>(edge.slot));
            });
            return;
        }
        int index = sink.add_column(name, conversion.arrow_type());
        specs.push_back({index, std::move(name), nb::borrow(c[1]), std::move(conversion)});
    }
    engine.add_node<PyColumnsWriter>(sink, std::move(specs), Edge<nb::object>(edge.slot));
}

// Holds the values a dict basket ticks in a cycle and writes them, in key
// order, as the sink's row ends: the key, then the value itself or its
// struct fields.
class PyBasketValues {
public:
    PyBasketValues(parquet::BasketColumns& basket, std::vector<std::string> keys,
                   std::vector<PyColumnsWriter::Column> columns)
        : basket_(basket), keys_(std::move(keys)), columns_(std::move(columns)) {}

    void hold(int key, nb::object value) { held_.emplace_back(key, std::move(value)); }

    // Writes and forgets the held values; a value that fails to convert ends the write there (the values
    // before it stay written, and ParquetSink::end_row still completes the row).
    void write_held() {
        std::vector<std::pair<int, nb::object>> held = std::move(held_);
        held_.clear();
        std::stable_sort(held.begin(), held.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [key, value] : held) {
            auto status = static_cast<arrow::StringBuilder&>(basket_.builder(0)).Append(keys_[key]);
            if (!status.ok()) throw ValueError("dict basket '" + basket_.name() + "': " + status.message());
            for (const PyColumnsWriter::Column& c : columns_) {
                nb::object v = c.descriptor.is_none() ? value : get_field(c.descriptor, value);
                append_value(c.conversion, basket_.builder(c.index), v, c.name);
            }
            basket_.end_value();
        }
    }

private:
    parquet::BasketColumns& basket_;
    std::vector<std::string> keys_;
    std::vector<PyColumnsWriter::Column> columns_;
    std::vector<std::pair<int, nb::object>> held_;
};

// Hands each value of one key's edge to the basket's PyBasketValues.
template <class T>
class PyBasketKeyWriter final : public OutputAdapter<T> {
public:
    PyBasketKeyWriter(ParquetSink& sink, std::shared_ptr<PyBasketValues> values, int key, Edge<T> edge)
        : OutputAdapter<T>("parquet_writer", edge), sink_(sink), values_(std::move(values)), key_(key) {}
    void on_tick(const T& value) override {
        sink_.mark_row();
        values_->hold(key_, to_python(value));
    }

private:
    ParquetSink& sink_;
    std::shared_ptr<PyBasketValues> values_;
    int key_;
};

// Writes a dict basket {keys[i]: edges[i]}: columns are (name, field descriptor or None, kind, extra).
void publish_basket(ParquetSink& sink, Engine& engine, std::string name, std::vector<std::string> keys,
                    std::vector<EdgeHandle> edges, nb::list columns) {
    arrow::FieldVector fields;
    std::vector<PyColumnsWriter::Column> specs;
    for (nb::handle c : columns) {
        Conversion conversion = Conversion::parse(c[2], c[3]);
        std::string column = nb::cast<std::string>(c[0]);
        fields.push_back(arrow::field(column, conversion.arrow_type()));
        specs.push_back({static_cast<int>(specs.size()) + 1, std::move(column), nb::borrow(c[1]), std::move(conversion)});
    }
    parquet::BasketColumns& basket = sink.add_basket(std::move(name), std::move(fields));
    auto values = std::make_shared<PyBasketValues>(basket, std::move(keys), std::move(specs));
    basket.on_row_end([values] { values->write_held(); });
    for (size_t i = 0; i < edges.size(); ++i) {
        dispatch(edges[i].type, [&](auto tag) {
            using T = typename decltype(tag)::type;
            engine.add_node<PyBasketKeyWriter<T>>(sink, values, static_cast<int>(i), Edge<T>(edges[i].slot));
        });
    }
}

// The files of a run: `paths` is a list of str, or fn(start, end) -> list of str.
std::function<std::vector<std::string>(DateTime, DateTime)> path_provider(nb::object paths) {
    if (!PyCallable_Check(paths.ptr())) {
        auto fixed = nb::cast<std::vector<std::string>>(paths);
        return [fixed](DateTime, DateTime) { return fixed; };
    }
    return [paths](DateTime start, DateTime end) {
        try {
            return nb::cast<std::vector<std::string>>(paths(datetime_to_python(start), datetime_to_python(end)));
        } catch (nb::python_error& e) {
            e.restore();
            throw PythonError();
        } catch (nb::cast_error&) {
            throw TypeError("the file name provider must return a list of str");
        }
    };
}

// In-memory tables (objects with __arrow_c_stream__, e.g. pyarrow.Table), each a new stream per run:
// an iterable of them, or fn(start, end) returning one.
std::function<std::vector<std::shared_ptr<arrow::RecordBatchReader>>(DateTime, DateTime)> table_provider(nb::object source) {
    return [source](DateTime start, DateTime end) {
        std::vector<std::shared_ptr<arrow::RecordBatchReader>> readers;
        nb::object tables = source;
        try {
            if (PyCallable_Check(source.ptr())) tables = source(datetime_to_python(start), datetime_to_python(end));
        } catch (nb::python_error& e) {
            e.restore();
            throw PythonError();
        }
        for (nb::handle table : tables) {
            if (!nb::hasattr(table, "__arrow_c_stream__")) {
                throw TypeError("read_from_memory_tables: expected Arrow tables, got " +
                                nb::cast<std::string>(nb::str(nb::handle(reinterpret_cast<PyObject*>(Py_TYPE(table.ptr()))).attr("__name__"))));
            }
            nb::object capsule = table.attr("__arrow_c_stream__")();
            auto* stream = static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule.ptr(), "arrow_array_stream"));
            if (stream == nullptr) throw PythonError();
            auto reader = arrow::ImportRecordBatchReader(stream);  // moves the stream out of the capsule
            if (!reader.ok()) throw ValueError("in-memory table: " + reader.status().message());
            readers.push_back(*reader);
        }
        return readers;
    };
}

}  // namespace

void bind_parquet(nb::module_& m) {
    using namespace nb::literals;
    bind_arrow_batches(m);
    nb::class_<ParquetSource>(m, "ParquetSource", "Parquet / Arrow IPC files read for every subscription of a reader.")
        .def("subscribe",
             [](ParquetSource& source, PyEngine& engine, std::optional<std::string> symbol, NativeType type,
                nb::list columns, nb::object cls, nb::list defaults, PushMode mode) {
                 return subscribe(source, engine.engine(), std::move(symbol), type, columns, std::move(cls), defaults,
                                  mode);
             },
             "engine"_a, "symbol"_a.none(), "type"_a, "columns"_a, "cls"_a.none(), "defaults"_a, "mode"_a,
             "Adds a subscription: columns are (name, field descriptor or None, kind, extra).");
    m.def("add_parquet_source",
          [](PyEngine& engine, nb::object sources, bool memory_tables, bool arrow_ipc, std::string time_column,
             std::optional<std::string> symbol_column, bool allow_missing_columns, bool allow_missing_files,
             nb::object time_shift, nb::object start_time, nb::object end_time) -> ParquetSource* {
              parquet::SourceOptions options{
                  .time_column = std::move(time_column),
                  .symbol_column = std::move(symbol_column),
                  .read = {.format = arrow_ipc ? parquet::FileFormat::ArrowIpcStream : parquet::FileFormat::Parquet,
                           .allow_missing_columns = allow_missing_columns,
                           .allow_missing_files = allow_missing_files}};
              if (memory_tables) options.table_provider = table_provider(std::move(sources));
              else options.path_provider = path_provider(std::move(sources));
              if (!time_shift.is_none()) options.time_shift = to_timedelta(time_shift);
              if (!start_time.is_none()) options.start_time = to_datetime(start_time);
              if (!end_time.is_none()) options.end_time = to_datetime(end_time);
              return &engine.engine().add_adapter_manager<ParquetSource>(engine.engine(), std::move(options));
          },
          "engine"_a, "sources"_a, "memory_tables"_a, "arrow_ipc"_a, "time_column"_a, "symbol_column"_a.none(),
          "allow_missing_columns"_a, "allow_missing_files"_a, "time_shift"_a.none(), "start_time"_a.none(),
          "end_time"_a.none(), nb::rv_policy::reference, nb::keep_alive<0, 1>(),
          "Adds the reader of Parquet / Arrow IPC files (or in-memory tables: objects with __arrow_c_stream__) "
          "to an engine (owned by the engine).");

    nb::class_<ParquetSink>(m, "ParquetSink", "A Parquet / Arrow IPC file written by a ParquetWriter.")
        .def("publish",
             [](ParquetSink& sink, PyEngine& engine, EdgeHandle edge, nb::list columns) {
                 publish(sink, engine.engine(), edge, columns);
             },
             "engine"_a, "edge"_a, "columns"_a,
             "Writes an edge: columns are (name, field descriptor or None for the value itself, kind, extra).")
        .def("publish_basket",
             [](ParquetSink& sink, PyEngine& engine, std::string name, std::vector<std::string> keys,
                std::vector<EdgeHandle> edges, nb::list columns) {
                 publish_basket(sink, engine.engine(), std::move(name), std::move(keys), std::move(edges), columns);
             },
             "engine"_a, "name"_a, "keys"_a, "edges"_a, "columns"_a,
             "Writes a dict basket {keys[i]: edges[i]} (split files only): columns are (name, field descriptor or "
             "None for the value itself, kind, extra).")
        .def("file_names",
             [](ParquetSink& sink, PyEngine& engine, EdgeHandle names) {
                 engine.engine().add_node<PyFileNameSwitch>(sink, Edge<nb::object>(names.slot));
             },
             "engine"_a, "names"_a, "Switches to a new file each time names (a ts[str]) ticks.")
        .def("on_file_complete",
             [](ParquetSink& sink, nb::object callback) {
                 sink.on_file_complete([callback](const std::string& path) {
                     try {
                         callback(path);
                     } catch (nb::python_error& e) {
                         e.restore();
                         throw PythonError();
                     }
                 });
             },
             "callback"_a, "Calls callback(path) once the file is complete.");
    m.def("add_parquet_sink",
          [](PyEngine& engine, std::string path, std::string timestamp_column, bool arrow_ipc, int64_t batch_size,
             std::string compression, bool write_dictionary, parquet::KeyValues metadata,
             std::map<std::string, parquet::KeyValues> column_metadata, bool split_columns)
              -> ParquetSink* {
              parquet::WriteOptions options{
                  .format = arrow_ipc ? parquet::FileFormat::ArrowIpcStream : parquet::FileFormat::Parquet,
                  .batch_size = batch_size, .compression = std::move(compression),
                  .write_dictionary = write_dictionary, .metadata = std::move(metadata),
                  .column_metadata = std::move(column_metadata), .split_columns = split_columns};
              return &engine.engine().add_adapter_manager<ParquetSink>(engine.engine(), std::move(path),
                                                                      std::move(timestamp_column), std::move(options));
          },
          "engine"_a, "path"_a, "timestamp_column"_a, "arrow_ipc"_a, "batch_size"_a, "compression"_a,
          "write_dictionary"_a, "metadata"_a, "column_metadata"_a, "split_columns"_a, nb::rv_policy::reference,
          nb::keep_alive<0, 1>(),
          "Adds the writer of one Parquet / Arrow IPC file to an engine (owned by the engine).");
}

}  // namespace csp::python
