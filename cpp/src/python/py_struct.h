// csp.Struct instances stored as C++ structs (private to the extension module).
//
// Every Python struct class has a csp::StructMeta; each instance owns a
// csp::Struct. The classes are built by csp/impl/struct.py, which validates
// the declaration and then calls define_struct(): this module lays the
// fields out and installs one data descriptor per field, so attribute reads
// and writes go straight to the C++ storage.
//
// Field kinds: bool, int, float, str, datetime, timedelta, date, time and
// enum (its int value) fields hold C++ values, readable by C++ code without
// Python; struct fields hold the nested csp::Struct; every other field
// (lists, Optional, other classes, object) holds a Python object.
//
// Identity: a struct has at most one Python object at a time; converting a
// csp::Struct back to Python returns that object while it lives.
//
// GIL: all functions need it. Comparing, hashing, copying or printing a
// struct that holds Python objects needs it too (C++ nodes run with it
// held); dropping the last reference to such a struct takes it if needed.
#pragma once

#include <nanobind/nanobind.h>

#include "csp/core/struct.h"

namespace csp::python {

namespace nb = nanobind;

// Adds StructType (the metaclass base), StructBase (the instance base),
// define_struct and set_struct_helpers to the module.
void register_structs(nb::module_& m);

// The C++ struct of a csp.Struct instance, or nullptr if `obj` is not one.
Struct* struct_of(PyObject* obj);
// A new instance of struct class `cls` with every field unset (no Python code
// runs). Throws PythonError (TypeError) if `cls` is not a struct class.
nb::object new_struct(nb::handle cls);
// The same, with `fields` set to the instance's C++ struct.
nb::object new_struct(nb::handle cls, Struct*& fields);
// Sets a field through its descriptor (`getattr(cls, name)`), validated as an
// assignment is; throws PythonError.
void set_field(nb::handle descriptor, nb::handle obj, nb::handle value);
// A field's value through its descriptor, or an invalid object if it is unset.
nb::object get_field(nb::handle descriptor, nb::handle obj);

// The field behind a struct class's field descriptor (`getattr(cls, name)`),
// or nullptr if `descriptor` is not one. Adapters use it to store C++ values
// into new structs without making Python objects.
const FieldInfo* struct_field_of(nb::handle descriptor);
// The Python object of a struct (its existing one if alive). Throws TypeError
// if the struct's type has no Python class.
nb::object struct_to_python(const StructPtr& s);

}  // namespace csp::python
