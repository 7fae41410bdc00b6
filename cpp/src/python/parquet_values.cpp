// See parquet_values.h.
#include "parquet_values.h"

#include <cmath>

#include "py_struct.h"
#include "python_error.h"

namespace csp::python {
namespace {

using Read = parquet::ColumnView::Read;

constexpr int64_t kNanosPerDay = 86400LL * 1000000000;

Read read_of(ValueKind kind) {
    switch (kind) {
        case ValueKind::Bool: return Read::Bool;
        case ValueKind::Int: return Read::Int;
        case ValueKind::Float: return Read::Double;
        case ValueKind::Str: case ValueKind::Enum: return Read::String;
        default: return Read::Nanos;
    }
}

nb::object call(const nb::object& f, nb::handle arg) {
    try {
        return f(arg);
    } catch (nb::python_error& e) {
        e.restore();
        throw PythonError();
    }
}

std::string describe(nb::handle value) {
    return nb::cast<std::string>(nb::str(nb::handle(reinterpret_cast<PyObject*>(Py_TYPE(value.ptr()))).attr("__name__")));
}

[[noreturn]] void wrong_value(const std::string& column, const char* expected, nb::handle value) {
    throw TypeError("column '" + column + "': expected " + expected + ", got " + describe(value));
}

void ok(const arrow::Status& status, const std::string& column) {
    if (!status.ok()) throw ValueError("column '" + column + "': " + status.message());
}

nb::handle numpy() {
    static nb::handle module = nb::module_::import_("numpy").release();
    return module;
}

bool is_list(const arrow::Array& array) {
    return array.type_id() == arrow::Type::LIST || array.type_id() == arrow::Type::LARGE_LIST;
}

// [start, end) of row `row`'s elements in a list array's values.
std::pair<int64_t, int64_t> list_range(const arrow::Array& array, int64_t row) {
    if (array.type_id() == arrow::Type::LARGE_LIST) {
        const auto& lists = static_cast<const arrow::LargeListArray&>(array);
        return {lists.value_offset(row), lists.value_offset(row) + lists.value_length(row)};
    }
    const auto& lists = static_cast<const arrow::ListArray&>(array);
    return {lists.value_offset(row), lists.value_offset(row) + lists.value_length(row)};
}

const char* numpy_dtype(ValueKind element) {
    switch (element) {
        case ValueKind::Bool: return "bool";
        case ValueKind::Int: return "longlong";  // int64, shown with its dtype as the reference
        case ValueKind::Str: return "U";
        default: return "float64";
    }
}

}  // namespace

Conversion Conversion::parse(nb::handle kind, nb::handle extra) {
    Conversion c;
    c.kind = static_cast<ValueKind>(nb::cast<int>(kind));
    c.extra = nb::borrow(extra);
    if (c.kind == ValueKind::Struct) {
        for (nb::handle f : nb::borrow<nb::list>(extra[1])) {
            c.fields.push_back({nb::cast<std::string>(f[0]), nb::borrow(f[1]), parse(f[2], f[3])});
        }
        c.extra = nb::borrow(extra[0]);
    }
    if (c.kind == ValueKind::Array) c.element = std::make_shared<Conversion>(parse(extra, nb::none()));
    if (c.kind == ValueKind::NDArray) {
        c.element = std::make_shared<Conversion>(parse(extra[0], nb::none()));
        c.dims_column = nb::cast<int>(extra[1]);
    }
    if (c.kind == ValueKind::ArrayDims) {
        c.element = std::make_shared<Conversion>(parse(nb::int_(static_cast<int>(ValueKind::Int)), nb::none()));
    }
    return c;
}

std::shared_ptr<arrow::DataType> Conversion::arrow_type() const {
    switch (kind) {
        case ValueKind::Bool: return arrow::boolean();
        case ValueKind::Int: return arrow::int64();
        case ValueKind::Float: return arrow::float64();
        case ValueKind::Str: case ValueKind::Enum: return arrow::utf8();
        case ValueKind::DateTime: return arrow::timestamp(arrow::TimeUnit::NANO, "UTC");
        case ValueKind::TimeDelta: return arrow::duration(arrow::TimeUnit::NANO);
        case ValueKind::Date: return arrow::date32();
        case ValueKind::Time: return arrow::time64(arrow::TimeUnit::NANO);
        case ValueKind::Struct: {
            arrow::FieldVector children;
            for (const Field& f : fields) children.push_back(arrow::field(f.name, f.conversion.arrow_type()));
            return arrow::struct_(children);
        }
        case ValueKind::Array: case ValueKind::NDArray: case ValueKind::ArrayDims:
            return arrow::list(element->arrow_type());
    }
    return arrow::null();
}

ValueReader::ValueReader(const Conversion& conversion, const arrow::Array& array, const std::string& column,
                         const std::string& path)
    : conversion_(&conversion), array_(&array) {
    if (conversion.is_array()) {
        if (array.type_id() == arrow::Type::NA) return;  // all null
        if (!is_list(array)) {
            throw TypeError("file '" + path + "', column '" + column + "': cannot read " + array.type()->ToString() +
                            " as a numpy array (expected a list column)");
        }
        auto values = array.type_id() == arrow::Type::LIST ? static_cast<const arrow::ListArray&>(array).values()
                                                            : static_cast<const arrow::LargeListArray&>(array).values();
        children_.emplace_back(*conversion.element, *values, column, path);
        children_.back().owned_ = values;
        column_ = column;
        return;
    }
    if (conversion.kind != ValueKind::Struct) {
        view_ = parquet::ColumnView(array, column, path, read_of(conversion.kind));
        if (array.type_id() == arrow::Type::DICTIONARY) {
            dictionary_values_.resize(static_cast<size_t>(static_cast<const arrow::DictionaryArray&>(array).dictionary()->length()));
        }
        return;
    }
    if (array.type_id() == arrow::Type::NA) return;  // all null
    if (array.type_id() != arrow::Type::STRUCT) {
        throw TypeError("file '" + path + "', column '" + column + "': cannot read " + array.type()->ToString() +
                        " as a struct");
    }
    const auto& structs = static_cast<const arrow::StructArray&>(array);
    for (const Conversion::Field& f : conversion.fields) {
        const std::string name = column + "." + f.name;
        auto child = structs.GetFieldByName(f.name);
        if (!child) throw KeyError("file '" + path + "' has no column '" + name + "'");
        children_.emplace_back(f.conversion, *child, name, path);
        children_.back().owned_ = child;
    }
}

ValueReader::~ValueReader() = default;
ValueReader::ValueReader(ValueReader&&) noexcept = default;

nb::object ValueReader::read(int64_t row) {
    if (array_->IsNull(row)) return {};
    switch (conversion_->kind) {
        case ValueKind::Bool: return nb::bool_(view_.as_bool(row));
        case ValueKind::Int: return nb::steal(check(PyLong_FromLongLong(view_.as_int(row))));
        case ValueKind::Float: return nb::steal(check(PyFloat_FromDouble(view_.as_double(row))));
        case ValueKind::Str: case ValueKind::Enum: {
            if (array_->type_id() != arrow::Type::DICTIONARY) return make_string_value(view_.as_string(row));
            const int64_t index = static_cast<const arrow::DictionaryArray&>(*array_).GetValueIndex(row);
            nb::object& cached = dictionary_values_[static_cast<size_t>(index)];
            if (!cached.is_valid()) cached = make_string_value(view_.as_string(row));
            return cached;
        }
        case ValueKind::DateTime: return datetimes_(DateTime::from_nanos(view_.as_nanos(row)));
        case ValueKind::TimeDelta: return timedelta_to_python(TimeDelta::from_nanos(view_.as_nanos(row)));
        case ValueKind::Date: return call(conversion_->extra[0], nb::int_(view_.as_nanos(row) / kNanosPerDay));
        case ValueKind::Time: return call(conversion_->extra[0], nb::int_(view_.as_nanos(row)));
        case ValueKind::Struct: {
            nb::object obj = new_struct(conversion_->extra);
            for (size_t i = 0; i < children_.size(); ++i) {
                nb::object value = children_[i].read(row);
                if (value.is_valid()) set_field(conversion_->fields[i].descriptor, obj, value);
            }
            return obj;
        }
        case ValueKind::Array: return read_array(row);
        case ValueKind::NDArray: {
            nb::object flat = read_array(row);
            if (dims_ == nullptr || dims_->array_->IsNull(row)) return flat;
            return flat.attr("reshape")(dims_->read_array(row));
        }
        case ValueKind::ArrayDims: return {};  // read with its NDArray column
    }
    return {};
}

nb::object ValueReader::read_array(int64_t row) {
    using namespace nb::literals;
    const auto [start, end] = list_range(*array_, row);
    nb::list items;
    for (int64_t i = start; i < end; ++i) {
        nb::object item = children_[0].read(i);
        if (!item.is_valid() && conversion_->element->kind != ValueKind::Float) {
            throw ValueError("column '" + column_ + "': null element at index " + std::to_string(i - start) +
                             " of a list read as a numpy array (only float arrays hold nulls, as NaN)");
        }
        items.append(item.is_valid() ? item : nb::float_(NAN));
    }
    return numpy().attr("array")(items, "dtype"_a = numpy_dtype(conversion_->element->kind));
}

bool ValueReader::store(int64_t row, Struct& s, const FieldInfo& f) {
    const bool null = array_->IsNull(row);
    switch (conversion_->kind) {
        case ValueKind::Bool:
            if (f.type != FieldType::Bool) return false;
            if (!null) s.set<bool>(f, view_.as_bool(row));
            return true;
        case ValueKind::Int:
            if (f.type != FieldType::Int64) return false;
            if (!null) s.set<int64_t>(f, view_.as_int(row));
            return true;
        case ValueKind::Float:
            if (f.type != FieldType::Double) return false;
            if (!null) s.set<double>(f, view_.as_double(row));
            return true;
        case ValueKind::Str:
            if (f.type != FieldType::String) return false;
            if (!null) s.set<std::string>(f, std::string(view_.as_string(row)));
            return true;
        case ValueKind::DateTime:
            if (f.type != FieldType::DateTime) return false;
            if (!null) s.set<DateTime>(f, DateTime::from_nanos(view_.as_nanos(row)));
            return true;
        case ValueKind::TimeDelta:
            if (f.type != FieldType::TimeDelta) return false;
            if (!null) s.set<TimeDelta>(f, TimeDelta::from_nanos(view_.as_nanos(row)));
            return true;
        default:
            return false;  // dates, times, enums and nested structs go through Python values
    }
}

nb::object ValueReader::make_string_value(std::string_view text) const {
    if (conversion_->kind == ValueKind::Str) {
        return nb::steal(check(PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), nullptr)));
    }
    return nb::steal(check(PyObject_GetItem(conversion_->extra.ptr(), nb::str(text.data(), text.size()).ptr())));
}

std::vector<ColumnSpec> ColumnSpec::parse_all(nb::handle columns) {
    std::vector<ColumnSpec> specs;
    for (nb::handle c : columns) {
        specs.push_back({nb::cast<std::string>(c[0]), nb::borrow(c[1]), Conversion::parse(c[2], c[3])});
    }
    return specs;
}

DirectField DirectField::make(const Conversion& conversion, const arrow::Array& array, const FieldInfo& field,
                              const StructMeta& meta, const std::string& column, const std::string& path) {
    DirectField d;
    const arrow::ArrayData& data = *array.data();
    const arrow::Type::type t = array.type_id();
    if (conversion.kind == ValueKind::Float && field.type == FieldType::Double && t == arrow::Type::DOUBLE) {
        d.kind_ = Kind::Float64;
        d.float_field_ = meta.field<double>(field.name);
    } else if (conversion.kind == ValueKind::Int && field.type == FieldType::Int64 && t == arrow::Type::INT64) {
        d.kind_ = Kind::Int64;
        d.int_field_ = meta.field<int64_t>(field.name);
    } else if (conversion.kind == ValueKind::DateTime && field.type == FieldType::DateTime &&
               t == arrow::Type::TIMESTAMP) {
        d.kind_ = Kind::DateTime;
        d.datetime_field_ = meta.field<DateTime>(field.name);
    } else if (conversion.kind == ValueKind::TimeDelta && field.type == FieldType::TimeDelta &&
               t == arrow::Type::DURATION) {
        d.kind_ = Kind::TimeDelta;
        d.timedelta_field_ = meta.field<TimeDelta>(field.name);
    } else if (conversion.kind == ValueKind::Str && field.type == FieldType::String &&
               parquet::supports(*array.type(), Read::String) && t != arrow::Type::NA) {
        d.kind_ = Kind::String;
        d.string_field_ = meta.field<std::string>(field.name);
        d.strings_ = parquet::ColumnView(array, column, path, Read::String);
    } else {
        return d;
    }
    if (d.kind_ == Kind::DateTime || d.kind_ == Kind::TimeDelta) {
        const auto unit = t == arrow::Type::TIMESTAMP ? static_cast<const arrow::TimestampType&>(*array.type()).unit()
                                                      : static_cast<const arrow::DurationType&>(*array.type()).unit();
        d.nanos_per_unit_ = unit == arrow::TimeUnit::SECOND ? 1000000000
                            : unit == arrow::TimeUnit::MILLI ? 1000000
                            : unit == arrow::TimeUnit::MICRO ? 1000
                                                              : 1;
    }
    if (d.kind_ != Kind::String) d.values_ = data.GetValues<uint8_t>(1, 0) + data.offset * 8;
    if (array.null_count() != 0 && data.buffers[0]) d.validity_ = data.buffers[0]->data();
    d.offset_ = data.offset;
    return d;
}

// Inlined into RowConverter::value, its only caller: a call per field cost as much as the store.
[[gnu::always_inline]] inline void DirectField::store(int64_t row, Struct& s) const {
    if (is_null(row)) return;
    switch (kind_) {
        case Kind::Float64: return s.set(float_field_, static_cast<const double*>(values_)[row]);
        case Kind::Int64: return s.set(int_field_, static_cast<const int64_t*>(values_)[row]);
        case Kind::DateTime:
            return s.set(datetime_field_, DateTime::from_nanos(static_cast<const int64_t*>(values_)[row] * nanos_per_unit_));
        case Kind::TimeDelta:
            return s.set(timedelta_field_,
                         TimeDelta::from_nanos(static_cast<const int64_t*>(values_)[row] * nanos_per_unit_));
        case Kind::String: return s.emplace(string_field_, strings_.as_string(row));
        case Kind::None: return;
    }
}

void RowConverter::bind(const std::vector<const arrow::Array*>& arrays, const std::string& path) {
    arrays_ = arrays;
    path_ = path;
    direct_bound_ = false;
    readers_.clear();
    for (size_t i = 0; i < columns_.size(); ++i) readers_.emplace_back(columns_[i].conversion, *arrays[i], columns_[i].name, path);
    for (size_t i = 0; i < columns_.size(); ++i) {
        const int dims = columns_[i].conversion.dims_column;
        if (columns_[i].conversion.kind == ValueKind::NDArray && dims >= 0) readers_[i].set_dimensions(&readers_.at(static_cast<size_t>(dims)));
    }
}

// Splits the columns into those stored directly and the others, for the bound batch.
void RowConverter::bind_direct(const Struct& s) {
    direct_.clear();
    through_readers_.clear();
    for (size_t i = 0; i < readers_.size(); ++i) {
        if (fields_[i] != nullptr) {
            DirectField d = DirectField::make(columns_[i].conversion, *arrays_[i], *fields_[i], s.meta(),
                                              columns_[i].name, path_);
            if (d.valid()) {
                direct_.push_back(std::move(d));
                continue;
            }
        }
        through_readers_.push_back(i);
    }
    direct_bound_ = true;
}

nb::object RowConverter::value(int64_t row) {
    if (cls_.is_none()) return readers_[0].read(row);
    Struct* fields = nullptr;
    nb::object obj = new_struct(cls_, fields);
    Struct& s = *fields;
    if (!direct_bound_) bind_direct(s);
    for (const DirectField& d : direct_) d.store(row, s);
    for (size_t i : through_readers_) {
        if (fields_[i] != nullptr && readers_[i].store(row, s, *fields_[i])) continue;
        nb::object v = readers_[i].read(row);
        if (v.is_valid()) set_field(columns_[i].descriptor, obj, v);
    }
    for (const DefaultSpec& d : defaults_) set_field(d.descriptor, obj, d.factory.is_none() ? d.value : d.factory());
    return obj;
}

void append_value(const Conversion& conversion, arrow::ArrayBuilder& builder, nb::handle value,
                  const std::string& column) {
    if (!value.is_valid() || value.is_none()) return ok(builder.AppendNull(), column);
    try {
        switch (conversion.kind) {
            case ValueKind::Bool:
                if (!PyBool_Check(value.ptr())) wrong_value(column, "bool", value);
                return ok(static_cast<arrow::BooleanBuilder&>(builder).Append(value.ptr() == Py_True), column);
            case ValueKind::Int:
                return ok(static_cast<arrow::Int64Builder&>(builder).Append(from_python<int64_t>(value)), column);
            case ValueKind::Float:
                return ok(static_cast<arrow::DoubleBuilder&>(builder).Append(from_python<double>(value)), column);
            case ValueKind::Str: {
                Py_ssize_t size = 0;
                if (!PyUnicode_Check(value.ptr())) wrong_value(column, "str", value);
                const char* text = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
                if (text == nullptr) throw PythonError();
                return ok(static_cast<arrow::StringBuilder&>(builder).Append(text, static_cast<int32_t>(size)), column);
            }
            case ValueKind::Enum: {
                std::string name = nb::cast<std::string>(value.attr("name"));
                return ok(static_cast<arrow::StringBuilder&>(builder).Append(name), column);
            }
            case ValueKind::DateTime:
                return ok(static_cast<arrow::TimestampBuilder&>(builder).Append(to_datetime(value).nanos()), column);
            case ValueKind::TimeDelta:
                return ok(static_cast<arrow::DurationBuilder&>(builder).Append(to_timedelta(value).nanos()), column);
            case ValueKind::Date: {
                auto days = nb::cast<int32_t>(call(conversion.extra[1], value));
                return ok(static_cast<arrow::Date32Builder&>(builder).Append(days), column);
            }
            case ValueKind::Time: {
                auto nanos = nb::cast<int64_t>(call(conversion.extra[1], value));
                return ok(static_cast<arrow::Time64Builder&>(builder).Append(nanos), column);
            }
            case ValueKind::Struct: {
                auto& structs = static_cast<arrow::StructBuilder&>(builder);
                ok(structs.Append(), column);
                for (size_t i = 0; i < conversion.fields.size(); ++i) {
                    const Conversion::Field& f = conversion.fields[i];
                    append_value(f.conversion, *structs.field_builder(static_cast<int>(i)),
                                 get_field(f.descriptor, value), column + "." + f.name);
                }
                return;
            }
            case ValueKind::Array: case ValueKind::NDArray: case ValueKind::ArrayDims: {
                if (!nb::isinstance(value, numpy().attr("ndarray"))) wrong_value(column, "a numpy array", value);
                nb::object items = conversion.kind == ValueKind::ArrayDims ? nb::object(value.attr("shape"))
                                                                           : value.attr("ravel")().attr("tolist")();
                auto& lists = static_cast<arrow::ListBuilder&>(builder);
                ok(lists.Append(), column);
                for (nb::handle item : items) append_value(*conversion.element, *lists.value_builder(), item, column);
                return;
            }
        }
    } catch (const TypeError& e) {
        if (std::string(e.what()).rfind("column '", 0) == 0) throw;
        throw TypeError("column '" + column + "': " + e.what());
    }
}

}  // namespace csp::python
