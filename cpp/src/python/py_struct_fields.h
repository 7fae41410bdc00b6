// The fields of csp.Struct classes as the Python binding holds them, and how
// values move between Python objects and a struct's C++ storage (private to
// py_struct.cpp and py_struct_fields.cpp).
//
// GIL: everything here needs it (the per-field caches of boxed values are
// shared by all instances of a class).
#pragma once

#include <nanobind/nanobind.h>

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "csp/core/struct.h"

namespace csp::python::struct_detail {

namespace nb = nanobind;

struct PyField {
    const FieldInfo* info = nullptr;  // its C++ layout; info->type says how values move
    nb::object name;          // the attribute name (interned)
    PyObject* exact = nullptr;  // Object and Enum fields: the class stored without calling convert (borrowed from `keep`)
    nb::dict enum_members;      // Enum fields: value -> member
    nb::object convert;       // value -> stored value, raising the field's TypeError; None: the identity
    nb::object copier;        // Object fields copied by Struct.copy (list fields); None: shared
    PyTypeObject* struct_class = nullptr;  // Struct fields: the expected class
    nb::object default_value;  // null if the field has no default
    bool copy_default = false;  // mutable default: each instance gets a deep copy
    nb::object keep;            // owns `exact` and `struct_class`
    // String fields: the str last read, handed out again while reads see the same text.
    // Shared by every instance of the class: read and written with the GIL held.
    mutable nb::object last_text;
    // DateTime and TimeDelta fields: the object of the value last read or written (a naive
    // datetime of fold 0, a timedelta: it converts back identically) and that value's
    // nanoseconds. Reads of the same value hand it out again; writing it again skips the
    // conversion. Shared by every instance of the class, with the GIL held.
    mutable nb::object last_time;
    mutable int64_t last_time_nanos = 0;

    // The remembered object of a value of `nanos` nanoseconds (new reference), or nullptr.
    PyObject* remembered_time(int64_t nanos) const {
        return last_time.is_valid() && last_time_nanos == nanos ? Py_NewRef(last_time.ptr()) : nullptr;
    }
    void remember_time(PyObject* object, int64_t nanos) const {
        last_time = nb::borrow(object);
        last_time_nanos = nanos;
    }
};

// Finds a field by attribute name through the name's pointer: field names are
// interned, as are the names a Python call or attribute access carries in code.
// Open addressing on the str's cached hash; a name it does not know may still be
// an equal, non-interned str (callers fall back to PyStructInfo::index_of).
class FieldsByName {
public:
    // `names[i]` is the interned name of field i.
    void build(const std::vector<PyObject*>& names) {
        std::size_t capacity = 8;
        while (capacity < 2 * names.size()) capacity *= 2;
        slots_.assign(capacity, Slot{});
        mask_ = capacity - 1;
        for (std::size_t i = 0; i < names.size(); ++i) {
            std::size_t at = static_cast<std::size_t>(hash_of(names[i])) & mask_;
            while (slots_[at].name != nullptr) at = (at + 1) & mask_;
            slots_[at] = Slot{names[i], static_cast<uint32_t>(i)};
        }
    }
    // The index of the field whose (interned) name is the object `name`, or -1.
    Py_ssize_t find(PyObject* name) const {
        if (!PyUnicode_CheckExact(name)) return -1;  // field names are exact str objects
        const Py_hash_t hash = hash_of(name);
        if (hash == -1) return -1;  // never hashed: not a field's name object
        for (std::size_t at = static_cast<std::size_t>(hash) & mask_; slots_[at].name != nullptr; at = (at + 1) & mask_)
            if (slots_[at].name == name) return slots_[at].index;
        return -1;
    }

private:
    struct Slot {
        PyObject* name = nullptr;
        uint32_t index = 0;
    };
    static Py_hash_t hash_of(PyObject* name) { return reinterpret_cast<PyASCIIObject*>(name)->hash; }
    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
};

// A Python struct instance: owns its C++ struct.
struct PyStructObject {
    PyObject_HEAD
    StructPtr s;
};

inline PyStructObject* as_struct(PyObject* obj) { return reinterpret_cast<PyStructObject*>(obj); }

// Python helpers installed by csp.impl.struct (set_struct_helpers).
struct Helpers {
    nb::object unset;     // the "unset" marker of _csp_values
    nb::object hash;      // value -> int, consistent with struct equality (lists, NaN)
    nb::object deepcopy;  // copy.deepcopy
};
extern Helpers* helpers;  // set once by set_struct_helpers

// Object fields' values: Python objects, reference counted with the GIL (taken if needed on release).
extern const ObjectOps kPyObjectOps;

template <class T>
void store(Struct& s, const FieldInfo& f, T value) {
    s.set<T>(f, std::move(value));
}

// A set field's value as a new Python object; nullptr with AttributeError (the field's
// name) if it is unset, or with the conversion's error. May throw PythonError.
PyObject* read_value(const Struct& s, const PyField& field);
// Sets a field from Python: stored natively when the value fits as it is, else through the
// field's Python conversion (which raises the field's TypeError). Throws PythonError / TypeError.
void write_value(Struct& s, const PyField& field, PyObject* value);
// Sets a field to its default (a deep copy of a mutable one). Throws as write_value.
void set_default(Struct& s, const PyField& field);

}  // namespace csp::python::struct_detail
