// Conversions between Arrow columns and Python values for the Parquet
// adapters (private to the extension module).
//
// A Conversion describes how one column maps to a Python type; Python builds
// it in csp/adapters/parquet.py as a tuple (kind, extra):
//   Bool, Int, Float, Str, DateTime, TimeDelta   extra None
//   Date, Time       extra (from_int, to_int): days / nanoseconds since
//                    midnight to the Python value and back
//   Enum             extra the enum class (read by member name, written as it)
//   Struct           extra (cls, [(name, field descriptor, kind, extra), ...])
//   Array            a 1-D numpy array as a list<element> column; extra the
//                    element kind (Bool, Int, Float or Str)
//   NDArray          an N-D numpy array's elements (C order) as a list<element>
//                    column; extra (element kind, index of its ArrayDims
//                    column among the columns read, or -1 when writing)
//   ArrayDims        an N-D array's shape as a list<int64> column (written
//                    from the same value; read only through its NDArray)
// Reads and writes need the GIL.
#pragma once

#include <nanobind/nanobind.h>

#include <memory>
#include <string>
#include <vector>

#include <arrow/api.h>

#include "csp/adapters/parquet/table_reader.h"
#include "csp/core/struct.h"
#include "native_types.h"
#include "py_struct.h"

namespace csp::python {

enum class ValueKind { Bool = 0, Int, Float, Str, DateTime, TimeDelta, Date, Time, Enum, Struct, Array, NDArray, ArrayDims };

struct Conversion {
    struct Field;
    ValueKind kind = ValueKind::Str;
    nb::object extra;
    std::vector<Field> fields;  // Struct
    std::shared_ptr<Conversion> element;  // Array, NDArray, ArrayDims: of the list's elements
    int dims_column = -1;                 // NDArray being read: the index of its ArrayDims column

    bool is_array() const { return kind == ValueKind::Array || kind == ValueKind::NDArray || kind == ValueKind::ArrayDims; }

    // Parses (kind, extra).
    static Conversion parse(nb::handle kind, nb::handle extra);
    // The Arrow type written for it.
    std::shared_ptr<arrow::DataType> arrow_type() const;
};

struct Conversion::Field {
    std::string name;
    nb::object descriptor;  // the struct class's field descriptor (getattr(cls, name))
    Conversion conversion;
};

// Python values of one column of one batch.
class ValueReader {
public:
    // Raises TypeError naming the file and column if the column's type does not fit.
    ValueReader(const Conversion& conversion, const arrow::Array& array, const std::string& column,
                const std::string& path);
    ~ValueReader();
    ValueReader(ValueReader&&) noexcept;
    // The value at `row`, or an invalid object for a null.
    nb::object read(int64_t row);
    // Stores the value at `row` into field `f` of `s` as a C++ value (a null
    // leaves it unset); false if this column's values need Python (then use read()).
    bool store(int64_t row, Struct& s, const FieldInfo& f);
    // NDArray: the shapes column, read with each value (an ArrayDims reader).
    void set_dimensions(ValueReader* dims) { dims_ = dims; }

private:
    nb::object make_string_value(std::string_view text) const;
    nb::object read_array(int64_t row);  // Array, NDArray, ArrayDims: the row's list as a 1-D array

    const Conversion* conversion_;
    parquet::ColumnView view_;
    std::vector<ValueReader> children_;  // Struct: one per field
    const arrow::Array* array_;
    std::shared_ptr<arrow::Array> owned_;  // a struct's child array
    // Dictionary-encoded Str / Enum columns: the value of each dictionary entry, made once.
    std::vector<nb::object> dictionary_values_;
    DatetimeConverter datetimes_;
    ValueReader* dims_ = nullptr;  // NDArray: its ArrayDims reader
    std::string column_;           // array kinds: the column, for errors
};

// One column a reader reads: into a struct field (descriptor), or the value itself (descriptor None).
struct ColumnSpec {
    std::string name;
    nb::object descriptor;
    Conversion conversion;

    // Parses [(name, descriptor or None, kind, extra), ...].
    static std::vector<ColumnSpec> parse_all(nb::handle columns);
};

// A field set on every struct made (a default no column provides): factory() if given, else value.
struct DefaultSpec {
    nb::object descriptor;
    nb::object value;
    nb::object factory;
};

// A column whose Arrow values a struct field takes as they are (float64 into
// a float field, int64 into an int field, timestamps and durations into
// datetime and timedelta fields, strings into str fields): stored without a
// per-row look at the types.
class DirectField {
public:
    // nullptr-like (valid() false) when the column and field do not fit this way.
    static DirectField make(const Conversion& conversion, const arrow::Array& array, const FieldInfo& field,
                            const StructMeta& meta, const std::string& column, const std::string& path);
    bool valid() const { return kind_ != Kind::None; }
    // Sets the field of `s` from row `row` (a null leaves it unset). Defined inline in
    // parquet_values.cpp, for RowConverter::value only.
    inline void store(int64_t row, Struct& s) const;

private:
    enum class Kind { None, Float64, Int64, DateTime, TimeDelta, String };
    bool is_null(int64_t row) const {
        return validity_ != nullptr && ((validity_[(offset_ + row) >> 3] >> ((offset_ + row) & 7)) & 1) == 0;
    }

    Kind kind_ = Kind::None;
    const uint8_t* validity_ = nullptr;  // nullptr: no nulls
    int64_t offset_ = 0;                 // of the array in its validity bitmap
    const void* values_ = nullptr;       // fixed-width kinds: the first value of the array
    int64_t nanos_per_unit_ = 1;
    parquet::ColumnView strings_;        // String
    FieldRef<double> float_field_;
    FieldRef<int64_t> int_field_;
    FieldRef<DateTime> datetime_field_;
    FieldRef<TimeDelta> timedelta_field_;
    FieldRef<std::string> string_field_;
};

// Makes Python values from rows of record batches: one column's value (cls
// None), or a struct of class `cls` with a field per column (nulls leave the
// field unset) and the defaults.
class RowConverter {
public:
    RowConverter(std::vector<ColumnSpec> columns, nb::object cls, std::vector<DefaultSpec> defaults)
        : columns_(std::move(columns)), cls_(std::move(cls)), defaults_(std::move(defaults)) {
        for (const ColumnSpec& c : columns_) fields_.push_back(c.descriptor.is_none() ? nullptr : struct_field_of(c.descriptor));
    }

    // Reads from `arrays` (one per column, in order) from now on; `path` names their file in errors.
    void bind(const std::vector<const arrow::Array*>& arrays, const std::string& path);
    // The row's value; invalid if a scalar column is null.
    nb::object value(int64_t row);
    const std::vector<ColumnSpec>& columns() const { return columns_; }

private:
    std::vector<ColumnSpec> columns_;
    nb::object cls_;
    std::vector<DefaultSpec> defaults_;
    void bind_direct(const Struct& s);

    std::vector<ValueReader> readers_;
    std::vector<const FieldInfo*> fields_;  // per column: the struct field it fills, if any
    // Of the bound batch, made with its first struct: the columns stored directly, and the others.
    std::vector<const arrow::Array*> arrays_;
    std::string path_;
    bool direct_bound_ = false;
    std::vector<DirectField> direct_;
    std::vector<size_t> through_readers_;
};

// Appends Python values to an Arrow builder of conversion.arrow_type().
// A None (or an unset struct field) appends a null; a value of the wrong
// type raises TypeError naming the column.
void append_value(const Conversion& conversion, arrow::ArrayBuilder& builder, nb::handle value,
                  const std::string& column);

}  // namespace csp::python
