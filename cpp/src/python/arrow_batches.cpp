// csp._native.record_batches_to_structs / structs_to_record_batch: Arrow
// record batches <-> lists of csp.Struct, converted in C++ (see
// csp/adapters/arrow.py). Batches cross into and out of pyarrow through the
// Arrow C data interface (PyCapsules "arrow_schema" / "arrow_array").
#include <arrow/c/abi.h>
#include <arrow/c/bridge.h>

#include <nanobind/stl/string.h>

#include "parquet_adapter.h"
#include "parquet_values.h"
#include "python_error.h"

namespace csp::python {
namespace {

template <class T>
T* capsule_pointer(nb::handle capsule, const char* name) {
    void* pointer = PyCapsule_GetPointer(capsule.ptr(), name);
    if (pointer == nullptr) throw PythonError();
    return static_cast<T*>(pointer);
}

void ok(const arrow::Status& status, const char* what) {
    if (!status.ok()) throw ValueError(std::string(what) + ": " + status.message());
}

// A pyarrow.RecordBatch as an arrow::RecordBatch (shares its buffers).
std::shared_ptr<arrow::RecordBatch> import_batch(nb::handle batch) {
    nb::tuple capsules = nb::borrow<nb::tuple>(batch.attr("__arrow_c_array__")());
    auto* schema = capsule_pointer<ArrowSchema>(capsules[0], "arrow_schema");
    auto* array = capsule_pointer<ArrowArray>(capsules[1], "arrow_array");
    auto imported = arrow::ImportRecordBatch(array, schema);  // moves both out of the capsules
    ok(imported.status(), "record batch");
    return *imported;
}

// Converts every row of every batch; returns one list.
nb::list batches_to_structs(nb::list batches, nb::object cls, nb::list columns) {
    RowConverter converter(ColumnSpec::parse_all(columns), std::move(cls), {});
    nb::list out;
    std::vector<const arrow::Array*> arrays;
    for (nb::handle b : batches) {
        std::shared_ptr<arrow::RecordBatch> batch = import_batch(b);
        arrays.clear();
        for (const ColumnSpec& c : converter.columns()) {
            const arrow::Array* array = batch->GetColumnByName(c.name).get();
            if (array == nullptr) throw KeyError("record batch has no column '" + c.name + "'");
            arrays.push_back(array);
        }
        converter.bind(arrays, "record batch");
        for (int64_t row = 0; row < batch->num_rows(); ++row) {
            if (PyList_Append(out.ptr(), converter.value(row).ptr()) != 0) throw PythonError();
        }
    }
    return out;
}

void release_schema(PyObject* capsule) {
    auto* schema = static_cast<ArrowSchema*>(PyCapsule_GetPointer(capsule, "arrow_schema"));
    if (schema->release != nullptr) schema->release(schema);
    delete schema;
}

void release_array(PyObject* capsule) {
    auto* array = static_cast<ArrowArray*>(PyCapsule_GetPointer(capsule, "arrow_array"));
    if (array->release != nullptr) array->release(array);
    delete array;
}

// structs[start:start + count] as a record batch: (schema capsule, array capsule).
nb::tuple structs_to_batch(nb::list structs, size_t start, size_t count, nb::list columns) {
    std::vector<ColumnSpec> specs = ColumnSpec::parse_all(columns);
    arrow::FieldVector fields;
    std::vector<std::unique_ptr<arrow::ArrayBuilder>> builders;
    for (const ColumnSpec& c : specs) {
        fields.push_back(arrow::field(c.name, c.conversion.arrow_type()));
        auto builder = arrow::MakeBuilder(fields.back()->type());
        ok(builder.status(), "record batch");
        builders.push_back(std::move(*builder));
    }
    for (size_t i = start; i < start + count; ++i) {
        nb::handle value = structs[i];
        for (size_t c = 0; c < specs.size(); ++c) {
            append_value(specs[c].conversion, *builders[c], get_field(specs[c].descriptor, value), specs[c].name);
        }
    }
    arrow::ArrayVector arrays;
    for (auto& builder : builders) {
        auto array = builder->Finish();
        ok(array.status(), "record batch");
        arrays.push_back(*array);
    }
    auto batch = arrow::RecordBatch::Make(arrow::schema(fields), static_cast<int64_t>(count), arrays);
    auto schema = std::make_unique<ArrowSchema>();
    auto array = std::make_unique<ArrowArray>();
    ok(arrow::ExportRecordBatch(*batch, array.get(), schema.get()), "record batch");
    nb::object schema_capsule = nb::steal(check(PyCapsule_New(schema.release(), "arrow_schema", release_schema)));
    nb::object array_capsule = nb::steal(check(PyCapsule_New(array.release(), "arrow_array", release_array)));
    return nb::make_tuple(schema_capsule, array_capsule);
}

}  // namespace

void bind_arrow_batches(nb::module_& m) {
    using namespace nb::literals;
    m.def("record_batches_to_structs", &batches_to_structs, "batches"_a, "cls"_a, "columns"_a,
          "The rows of pyarrow record batches as structs of class cls: columns are (column, field descriptor, "
          "kind, extra).");
    m.def("structs_to_record_batch", &structs_to_batch, "structs"_a, "start"_a, "count"_a, "columns"_a,
          "structs[start:start + count] as a record batch: (ArrowSchema capsule, ArrowArray capsule).");
}

}  // namespace csp::python
