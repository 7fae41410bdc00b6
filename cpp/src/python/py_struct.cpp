#include "py_struct.h"

#include <nanobind/stl/string.h>

#include <cmath>
#include <cstddef>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "csp/api/make_node.h"
#include "native_types.h"
#include "py_engine.h"
#include "py_struct_fields.h"
#include "python_error.h"

namespace csp::python {
namespace {

using namespace struct_detail;

// What a struct class knows: its C++ type and its fields (all of them, base first).
struct PyStructInfo {
    StructMetaPtr meta;
    std::vector<PyField> fields;
    nb::dict index_of;  // name -> field index
    std::vector<std::size_t> with_default;
    std::vector<std::size_t> held_objects;  // fields holding Python objects or nested structs (for the GC)
    bool strict = false;
    FieldsByName by_name;
    // Attribute assignment goes straight to the fields while the class's attribute
    // lookup is unchanged since every field name was seen to reach its descriptor
    // (the type's version tag then; 0: not checked).
    unsigned int checked_version = 0;
    bool names_reach_fields = false;
};

// The metaclass's instances (struct classes) carry their PyStructInfo.
struct StructTypeObject {
    PyHeapTypeObject type;
    PyStructInfo* info;
};

struct FieldDescrObject {
    PyObject_HEAD
    PyStructInfo* owner;  // the class that declared the field (immortal, see define_struct)
    std::size_t index;
};

PyTypeObject* struct_type_type = nullptr;  // csp._native.StructType
PyTypeObject* struct_base_type = nullptr;  // csp._native.StructBase
PyTypeObject* field_descr_type = nullptr;


// The metaclass of the struct classes defined so far (csp.impl.struct.StructMeta): one
// pointer compare tells most struct classes from other types.
PyTypeObject* usual_metatype = nullptr;

// ---- spare objects: the memory of struct objects that went away, for the next ones
//
// The objects of classes that deallocate directly (dealloc_directly) all have
// StructBase's size and no dict or weak references, so the memory of one that
// goes away can hold the next struct object of any such class: a struct made
// per tick (a row of a file, a node's output) then costs no allocator and no
// collector bookkeeping. A kept object is untracked, was never finalized, and
// holds no reference (not even to its type). The GIL guards the list.
// tracemalloc attributes a reused object to the first allocation of its
// memory. Off in free-threaded, debug and AddressSanitizer builds (so that a
// use after free is still caught there).
#if defined(__SANITIZE_ADDRESS__) || defined(Py_DEBUG) || defined(Py_GIL_DISABLED)
#define CSP_SPARE_STRUCT_OBJECTS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CSP_SPARE_STRUCT_OBJECTS 0
#endif
#endif
#ifndef CSP_SPARE_STRUCT_OBJECTS
#define CSP_SPARE_STRUCT_OBJECTS 1
#endif

void struct_dealloc(PyObject* obj);

#if CSP_SPARE_STRUCT_OBJECTS
constexpr std::size_t kSpareObjects = 64;
std::vector<PyObject*>* spare_objects = nullptr;  // made at registration, kept until the process ends

// The classes dealloc_directly gave struct_dealloc: StructBase's size, nothing else in the objects.
bool may_reuse(PyTypeObject* type) {
    return type->tp_dealloc == struct_dealloc && type->tp_basicsize == static_cast<Py_ssize_t>(sizeof(PyStructObject)) &&
           type->tp_itemsize == 0 && type->tp_alloc == PyType_GenericAlloc && type->tp_free == PyObject_GC_Del;
}

// A spare object made into a new, untracked, zeroed instance of `type`; nullptr if none.
PyObject* reuse_spare(PyTypeObject* type) {
    if (spare_objects->empty() || !may_reuse(type)) return nullptr;
    PyObject* obj = spare_objects->back();
    spare_objects->pop_back();
    std::memset(reinterpret_cast<std::byte*>(obj) + sizeof(PyObject), 0, sizeof(PyStructObject) - sizeof(PyObject));
    return PyObject_Init(obj, type);  // refcount 1, a reference to the (heap) type
}

// Keeps the memory of a deallocated `obj` (untracked, its struct released) if it may be reused.
bool keep_spare(PyObject* obj, PyTypeObject* type) {
    if (spare_objects->size() >= kSpareObjects || !may_reuse(type) || PyObject_GC_IsFinalized(obj)) return false;
    spare_objects->push_back(obj);
    return true;
}
#else
PyObject* reuse_spare(PyTypeObject*) { return nullptr; }
bool keep_spare(PyObject*, PyTypeObject*) { return false; }
#endif

// The class information of a type, nullptr if it is not a defined struct class.
PyStructInfo* info_of(PyTypeObject* type) {
    if (Py_TYPE(type) != usual_metatype && !PyObject_TypeCheck(reinterpret_cast<PyObject*>(type), struct_type_type))
        return nullptr;
    return reinterpret_cast<StructTypeObject*>(type)->info;
}

// The class information of a struct's own type (whatever Python class its object claims).
PyStructInfo& info_of(const Struct& s) {
    return *reinterpret_cast<StructTypeObject*>(s.meta().binding_type())->info;
}

bool is_instance_of(const Struct& s, const PyStructInfo& info) {
    return &s.meta() == info.meta.get() || info.meta->is_base_of(s.meta());
}

// The struct of `obj` if it is a struct of the class `info` describes or of a subclass, else nullptr.
Struct* struct_of_class(PyObject* obj, const PyStructInfo& info) {
    // An instance of the class itself: its type is a struct class (no subtype walk).
    if (Py_TYPE(obj) == static_cast<PyTypeObject*>(info.meta->binding_type()) &&
        &as_struct(obj)->s->meta() == info.meta.get()) [[likely]]
        return as_struct(obj)->s.get();
    if (PyObject_TypeCheck(obj, struct_base_type) && is_instance_of(*as_struct(obj)->s, info)) return as_struct(obj)->s.get();
    return nullptr;
}

// Runs f and turns C++ errors into a Python error; returns `failed` then.
template <class R, class F>
R guarded(R failed, F&& f) {
    try {
        return f();
    } catch (const PythonError& e) {
        e.restore();
    } catch (nb::python_error& e) {
        e.restore();
    } catch (const TypeError& e) {
        PyErr_SetString(PyExc_TypeError, e.what());
    } catch (const ValueError& e) {
        PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const std::exception& e) {
        PyErr_SetString(PyExc_RuntimeError, e.what());
    }
    return failed;
}

// ------------------------------------------------------------ field descriptors

PyField& descr_field(PyObject* self) {
    auto* d = reinterpret_cast<FieldDescrObject*>(self);
    return d->owner->fields[d->index];
}

// The struct behind `obj` if the descriptor's field belongs to it; else a Python TypeError and nullptr.
Struct* struct_for_descriptor(PyObject* self, PyObject* obj) {
    auto* d = reinterpret_cast<FieldDescrObject*>(self);
    if (Struct* s = struct_of_class(obj, *d->owner)) return s;
    PyErr_Format(PyExc_TypeError, "field '%U' of struct %s used on a %s object", descr_field(self).name.ptr(),
                 d->owner->meta->name().c_str(), Py_TYPE(obj)->tp_name);
    return nullptr;
}

PyObject* descr_get(PyObject* self, PyObject* obj, PyObject*) {
    if (obj == nullptr || obj == Py_None) return Py_NewRef(self);  // class attribute access
    Struct* s = struct_for_descriptor(self, obj);
    if (s == nullptr) return nullptr;
    const PyField& field = descr_field(self);
    return guarded<PyObject*>(nullptr, [&] { return read_value(*s, field); });
}

// Sets a field from Python, or unsets it (`value` nullptr: del obj.field); -1 with a Python error.
int assign_field(Struct& s, const PyField& field, PyObject* value) {
    if (value == nullptr) {  // del obj.field
        if (info_of(s).strict) {
            PyErr_Format(PyExc_AttributeError, "Strict struct %s does not allow the deletion of field %U",
                         s.meta().name().c_str(), field.name.ptr());
            return -1;
        }
        s.unset(*field.info);
        return 0;
    }
    return guarded(-1, [&] {
        write_value(s, field, value);
        return 0;
    });
}

int descr_set(PyObject* self, PyObject* obj, PyObject* value) {
    Struct* target = struct_for_descriptor(self, obj);
    if (target == nullptr) return -1;
    return assign_field(*target, descr_field(self), value);
}

PyObject* descr_repr(PyObject* self) {
    return PyUnicode_FromFormat("<struct field '%U'>", descr_field(self).name.ptr());
}

// ------------------------------------------------------------ attribute assignment

// Whether the type's version tag identifies its current state. Before 3.13 a type may keep a
// stale tag without Py_TPFLAGS_VALID_VERSION_TAG; from 3.13 that flag is unused and a
// modified type's tag is reset to 0.
bool version_tag_valid(PyTypeObject* type) {
#if PY_VERSION_HEX < 0x030D0000
    if (!(type->tp_flags & Py_TPFLAGS_VALID_VERSION_TAG)) return false;
#endif
    return type->tp_version_tag != 0;
}

// Whether each field name of `type` (a struct class) finds that field's descriptor, as
// attribute lookup would: false where the class or a subclass put something else under a
// field's name. Checked again whenever the type changes (its version tag).
bool names_reach_fields(PyTypeObject* type, PyStructInfo& info) {
    if (version_tag_valid(type) && type->tp_version_tag == info.checked_version) return info.names_reach_fields;
    bool all = true;
    for (std::size_t i = 0; i < info.fields.size() && all; ++i) {
        PyObject* found = _PyType_Lookup(type, info.fields[i].name.ptr());  // borrowed; assigns a version tag
        auto* d = reinterpret_cast<FieldDescrObject*>(found);
        all = found != nullptr && Py_TYPE(found) == field_descr_type && d->index == i &&
              (d->owner == &info || d->owner->meta->is_base_of(*info.meta));
    }
    info.names_reach_fields = all;
    info.checked_version = version_tag_valid(type) ? type->tp_version_tag : 0;
    return all;
}

// The field that attribute `name` of `obj` reaches, when it reaches a field's descriptor
// (what the generic lookup would find); nullptr otherwise.
const PyField* field_named(PyObject* obj, PyObject* name) {
    PyTypeObject* type = Py_TYPE(obj);
    PyStructInfo* info = info_of(type);
    if (info == nullptr || &as_struct(obj)->s->meta() != info->meta.get()) return nullptr;
    const Py_ssize_t index = info->by_name.find(name);  // attribute names are interned
    if (index < 0 || !names_reach_fields(type, *info)) return nullptr;
    return &info->fields[static_cast<std::size_t>(index)];
}

// tp_setattro of struct instances: a field's name goes to the field directly (what its
// descriptor would do), anything else through the generic lookup.
int struct_setattro(PyObject* obj, PyObject* name, PyObject* value) {
    PyTypeObject* type = Py_TYPE(obj);
    if (const PyField* field = field_named(obj, name)) return assign_field(*as_struct(obj)->s, *field, value);
    // A struct's class is fixed: its C++ struct was made for that class (as the reference, refuse).
    if (PyUnicode_Check(name) && PyUnicode_CompareWithASCIIString(name, "__class__") == 0) {
        PyErr_Format(PyExc_AttributeError, "'%s' object has no attribute '__class__'", type->tp_name);
        return -1;
    }
    return PyObject_GenericSetAttr(obj, name, value);
}

// ------------------------------------------------------------ StructBase: the instances

PyObject* struct_new(PyTypeObject* type, PyObject*, PyObject*) {
    PyStructInfo* info = info_of(type);
    if (info == nullptr) {
        PyErr_Format(PyExc_TypeError, "%s is not a struct type with fields", type->tp_name);
        return nullptr;
    }
    return guarded<PyObject*>(nullptr, [&] { return struct_to_python(info->meta->create()).release().ptr(); });
}

void struct_dealloc(PyObject* obj) {
    PyTypeObject* type = Py_TYPE(obj);
    // A class that deallocates directly (dealloc_directly) and was given a
    // __del__ after its definition: run it as subtype_dealloc would.
    if (type->tp_finalize != nullptr && type->tp_dealloc == struct_dealloc) [[unlikely]] {
        // Tracked while the finalizer runs (a struct without object fields is not): one it
        // resurrects is a live object the collector may need to see.
        if (!PyObject_GC_IsTracked(obj)) PyObject_GC_Track(obj);
        if (PyObject_CallFinalizerFromDealloc(obj) < 0) return;  // resurrected
    }
    PyObject_GC_UnTrack(obj);
    StructPtr& s = as_struct(obj)->s;
    if (s && s->binding_object() == obj) s->set_binding_object(nullptr);
    s.~StructPtr();
    if (!keep_spare(obj, type)) type->tp_free(obj);
    Py_DECREF(type);  // instances of heap types own a reference to their type
}

// ---- garbage collection: what a struct holds that may lead back to it
//
// Only structs whose type has object or struct fields are tracked (see struct_to_python).
// A struct object reports the Python objects its struct's fields hold, and
// those of nested structs that nothing else owns (no other reference, no
// Python object of their own). Shared structs are left out: their objects
// are owned through other paths, and clearing them would change data others
// see.

template <class F>
int visit_held(const Struct& s, F&& visit) {
    const PyStructInfo& info = info_of(s);
    for (std::size_t i : info.held_objects) {
        const FieldInfo& f = *info.fields[i].info;
        const void* p = s.value_address(f);
        if (p == nullptr) continue;
        if (f.type == FieldType::Object) {
            if (int r = visit(static_cast<PyObject*>(static_cast<const ObjectRef*>(p)->get()))) return r;
            continue;
        }
        const StructPtr& nested = *static_cast<const StructPtr*>(p);
        // A nested struct with a Python object of its own is reported by that object.
        if (nested && nested->binding_object() == nullptr && nested->use_count() == 1)
            if (int r = visit_held(*nested, visit)) return r;
    }
    return 0;
}

int struct_traverse(PyObject* obj, visitproc visit, void* arg) {
    Py_VISIT(Py_TYPE(obj));
    const StructPtr& s = as_struct(obj)->s;
    if (!s || s->use_count() != 1) return 0;
    return visit_held(*s, [&](PyObject* held) -> int {
        Py_VISIT(held);
        return 0;
    });
}

int struct_clear(PyObject* obj) {
    StructPtr& s = as_struct(obj)->s;
    if (!s || s->use_count() != 1) return 0;
    const PyStructInfo& info = info_of(*s);
    for (std::size_t i : info.held_objects) s->unset(*info.fields[i].info);
    return 0;
}

[[noreturn]] void raise_missing(const Struct& s, const std::vector<std::string_view>& missing) {
    std::string names;
    for (auto name : missing) names += (names.empty() ? "" : ", ") + std::string(name);
    throw ValueError("Struct " + s.meta().name() + " is not valid; required fields [" + names + "] were not set on init");
}

// The field named by keyword `key`; throws PythonError (AttributeError) if there is none.
const PyField& keyword_field(const PyStructInfo& info, PyObject* key) {
    Py_ssize_t index = info.by_name.find(key);
    if (index < 0) {  // not the interned name object: compare by value
        PyObject* found = PyDict_GetItemWithError(info.index_of.ptr(), key);
        if (found == nullptr) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_AttributeError, "'%s' object has no attribute '%S'", info.meta->name().c_str(), key);
            throw PythonError();
        }
        index = static_cast<Py_ssize_t>(PyLong_AsSize_t(found));
    }
    return info.fields[static_cast<std::size_t>(index)];
}

// What __init__ does after the keyword arguments are stored: defaults, then the strict check.
void finish_init(Struct& s, const PyStructInfo& info) {
    for (std::size_t i : info.with_default)
        if (!s.is_set(*info.fields[i].info)) set_default(s, info.fields[i]);
    if (info.strict && !s.all_fields_set()) raise_missing(s, s.unset_fields());
}

int struct_init(PyObject* obj, PyObject* args, PyObject* kwargs) {
    PyStructInfo& info = info_of(*as_struct(obj)->s);
    if (PyTuple_GET_SIZE(args) != 0) {
        PyErr_Format(PyExc_TypeError, "'%s.__init__' takes 0 positional arguments but %zd were given",
                     info.meta->name().c_str(), PyTuple_GET_SIZE(args));
        return -1;
    }
    return guarded(-1, [&] {
        Struct& s = *as_struct(obj)->s;
        Py_ssize_t pos = 0;
        PyObject *key, *value;
        while (kwargs && PyDict_Next(kwargs, &pos, &key, &value)) write_value(s, keyword_field(info, key), value);
        finish_init(s, info);
        return 0;
    });
}

// A call of the struct class the way tp_call takes it (a tuple and a dict of the arguments).
PyObject* call_through_tp_call(PyObject* callable, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    nb::object tuple = nb::steal(PyTuple_New(nargs));
    if (!tuple.is_valid()) return nullptr;
    for (Py_ssize_t i = 0; i < nargs; ++i) PyTuple_SET_ITEM(tuple.ptr(), i, Py_NewRef(args[i]));
    nb::object kwargs;
    if (kwnames != nullptr && PyTuple_GET_SIZE(kwnames) != 0) {
        kwargs = nb::steal(PyDict_New());
        if (!kwargs.is_valid()) return nullptr;
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(kwnames); ++i)
            if (PyDict_SetItem(kwargs.ptr(), PyTuple_GET_ITEM(kwnames, i), args[nargs + i]) != 0) return nullptr;
    }
    if (Py_EnterRecursiveCall(" while calling a struct class") != 0) return nullptr;
    PyObject* result = Py_TYPE(callable)->tp_call(callable, tuple.ptr(), kwargs.ptr());
    Py_LeaveRecursiveCall();
    return result;
}

// The vectorcall of struct classes: Trade(price=..., qty=...) creates and fills the struct
// from the keyword names and values as given, without the tuple and dict of tp_call. Classes
// that change creation (their own __new__ or __init__, a metaclass __call__), and positional
// arguments, take tp_call.
PyObject* struct_class_vectorcall(PyObject* callable, PyObject* const* args, size_t nargsf, PyObject* kwnames) {
    auto* type = reinterpret_cast<PyTypeObject*>(callable);
    const Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    PyStructInfo* info = info_of(type);
    if (info == nullptr || nargs != 0 || type->tp_new != struct_new || type->tp_init != struct_init ||
        Py_TYPE(callable)->tp_call != PyType_Type.tp_call)
        return call_through_tp_call(callable, args, nargs, kwnames);
    return guarded<PyObject*>(nullptr, [&] {
        nb::object obj = struct_to_python(info->meta->create());
        Struct& s = *as_struct(obj.ptr())->s;
        const Py_ssize_t count = kwnames == nullptr ? 0 : PyTuple_GET_SIZE(kwnames);
        for (Py_ssize_t i = 0; i < count; ++i) write_value(s, keyword_field(*info, PyTuple_GET_ITEM(kwnames, i)), args[i]);
        finish_init(s, *info);
        return obj.release().ptr();
    });
}

PyObject* struct_richcompare(PyObject* a, PyObject* b, int op) {
    // Other objects decide for themselves (e.g. mock.ANY); Python falls back to identity.
    if ((op != Py_EQ && op != Py_NE) || !PyObject_TypeCheck(b, struct_base_type)) Py_RETURN_NOTIMPLEMENTED;
    bool equal = a == b;
    if (!equal && Py_TYPE(a) == Py_TYPE(b)) {
        int result = guarded(-1, [&] { return as_struct(a)->s->equals(*as_struct(b)->s) ? 1 : 0; });
        if (result < 0) return nullptr;
        equal = result == 1;
    }
    return PyBool_FromLong(equal == (op == Py_EQ));
}

Py_hash_t struct_hash(PyObject* obj) {
    return guarded<Py_hash_t>(-1, [&] {
        Py_hash_t h = static_cast<Py_hash_t>(as_struct(obj)->s->hash());
        return h == -1 ? -2 : h;
    });
}

// Struct.copy(): fields copied, nested structs and objects shared, list fields copied (a new list).
PyObject* struct_copy(PyObject* obj, PyObject*) {
    return guarded<PyObject*>(nullptr, [&] {
        PyStructInfo& info = info_of(*as_struct(obj)->s);
        StructPtr copy = as_struct(obj)->s->copy();
        for (const PyField& field : info.fields) {
            if (field.copier.is_none() || !copy->is_set(*field.info)) continue;
            auto* value = static_cast<PyObject*>(static_cast<const ObjectRef*>(copy->value_address(*field.info))->get());
            nb::object fresh = nb::steal(check(PyObject_CallOneArg(field.copier.ptr(), value)));
            store(*copy, *field.info, ObjectRef::share(fresh.ptr(), &kPyObjectOps));
        }
        return struct_to_python(copy).release().ptr();
    });
}

PyObject* struct_clear_fields(PyObject* obj, PyObject*) {
    as_struct(obj)->s->clear();
    Py_RETURN_NONE;
}

PyObject* struct_all_fields_set(PyObject* obj, PyObject*) { return PyBool_FromLong(as_struct(obj)->s->all_fields_set()); }

// Every field's value in declaration order, the unset marker for unset fields.
PyObject* struct_values(PyObject* obj, PyObject*) {
    const Struct& s = *as_struct(obj)->s;
    PyStructInfo& info = info_of(s);
    PyObject* values = PyTuple_New(static_cast<Py_ssize_t>(info.fields.size()));
    if (values == nullptr) return nullptr;
    for (std::size_t i = 0; i < info.fields.size(); ++i) {
        PyObject* value = s.is_set(*info.fields[i].info) ? guarded<PyObject*>(nullptr, [&] {
            return read_value(s, info.fields[i]);
        }) : Py_NewRef(helpers->unset.ptr());
        if (value == nullptr) {
            Py_DECREF(values);
            return nullptr;
        }
        PyTuple_SET_ITEM(values, static_cast<Py_ssize_t>(i), value);
    }
    return values;
}

PyMethodDef struct_methods[] = {
    {"copy", struct_copy, METH_NOARGS, "A shallow copy; list fields are copied (a new list), other values shared."},
    {"__copy__", struct_copy, METH_NOARGS, nullptr},
    {"clear", struct_clear_fields, METH_NOARGS, "Unsets every field."},
    {"all_fields_set", struct_all_fields_set, METH_NOARGS, "True if every field is set."},
    {"_csp_values", struct_values, METH_NOARGS, "Every field's value, the unset marker for unset fields."},
    {nullptr, nullptr, 0, nullptr},
};

// ------------------------------------------------------------ StructType: the metaclass

void struct_type_dealloc(PyObject* type) {
    PyTypeObject* metatype = Py_TYPE(type);
    delete reinterpret_cast<StructTypeObject*>(type)->info;
    reinterpret_cast<StructTypeObject*>(type)->info = nullptr;
    PyType_Type.tp_dealloc(type);
    Py_DECREF(metatype);  // a heap metatype: its instances own a reference to it
}

// ------------------------------------------------------------ define_struct

// The storage of a field of kind `kind` (as csp/impl/struct.py names it); others hold Python objects.
FieldType field_type_named(const std::string& kind) {
    static const std::pair<const char*, FieldType> kinds[] = {
        {"bool", FieldType::Bool}, {"int", FieldType::Int64}, {"float", FieldType::Double},
        {"str", FieldType::String}, {"datetime", FieldType::DateTime}, {"timedelta", FieldType::TimeDelta},
        {"date", FieldType::Date}, {"time", FieldType::Time}, {"enum", FieldType::Enum}, {"struct", FieldType::Struct},
    };
    for (const auto& [name, type] : kinds)
        if (kind == name) return type;
    return FieldType::Object;
}

PyObject* make_descriptor(PyStructInfo* owner, std::size_t index) {
    PyObject* d = field_descr_type->tp_alloc(field_descr_type, 0);
    if (d == nullptr) throw PythonError();
    reinterpret_cast<FieldDescrObject*>(d)->owner = owner;
    reinterpret_cast<FieldDescrObject*>(d)->index = index;
    return d;
}

// Lets `type` (a defined struct class) be called through struct_class_vectorcall. Python 3.11
// does not pass the vectorcall flag on to metaclasses defined in Python (3.12 does, for
// those that keep type's __call__): it is set here on such a metaclass, whose classes
// without a vectorcall of their own (csp.Struct itself) keep taking tp_call.
void enable_vectorcall(PyTypeObject* type) {
    PyTypeObject* metatype = Py_TYPE(type);
    if (metatype->tp_call != PyType_Type.tp_call ||
        metatype->tp_vectorcall_offset != static_cast<Py_ssize_t>(offsetof(PyTypeObject, tp_vectorcall)))
        return;
    type->tp_vectorcall = struct_class_vectorcall;
    metatype->tp_flags |= Py_TPFLAGS_HAVE_VECTORCALL;
    if (usual_metatype == nullptr) usual_metatype = metatype;
}

// A struct class adds nothing to StructBase's instances (__slots__ = (), no
// __dict__ or __weakref__) and, unless it defines __del__, nothing to their
// deallocation: its instances skip subtype_dealloc's generic path (finalizer,
// slots, weakrefs, trashcan) and go straight to struct_dealloc. Destroying a
// struct cannot recurse deeply (Struct::release_last queues nested ones).
void dealloc_directly(PyTypeObject* type) {
    if (type->tp_basicsize != struct_base_type->tp_basicsize || type->tp_itemsize != 0 || type->tp_dictoffset != 0 ||
        type->tp_weaklistoffset != 0 || type->tp_finalize != nullptr || type->tp_del != nullptr)
        return;
    type->tp_dealloc = struct_dealloc;
}

// Lays out the struct class `cls` (an instance of StructType deriving from
// StructBase) and installs its field descriptors. `fields` lists the fields
// the class declares itself as tuples (name, kind, exact, convert, copier,
// nested_class, default, has_default, copy_default); the base class's
// fields come first. The class becomes immortal: its C++ type refers to it.
void define_struct(nb::handle cls, nb::handle base_cls, nb::list fields, bool strict) {
    auto* type = reinterpret_cast<PyTypeObject*>(cls.ptr());
    if (!PyObject_TypeCheck(cls.ptr(), struct_type_type) || !PyType_IsSubtype(type, struct_base_type))
        throw TypeError("define_struct: not a struct class");
    if (info_of(type) != nullptr) throw TypeError("define_struct: the class is already defined");
    PyStructInfo* base = base_cls.is_none() ? nullptr : info_of(reinterpret_cast<PyTypeObject*>(base_cls.ptr()));

    std::vector<FieldSpec> specs;
    std::vector<PyField> own;
    for (nb::handle item : fields) {
        if (!PyTuple_Check(item.ptr()) || PyTuple_GET_SIZE(item.ptr()) != 9)
            throw TypeError("define_struct: each field is a tuple of 9 items");
        auto t = [&](Py_ssize_t i) { return nb::handle(PyTuple_GET_ITEM(item.ptr(), i)); };
        PyField field;
        PyObject* name = Py_NewRef(t(0).ptr());
        PyUnicode_InternInPlace(&name);
        field.name = nb::steal(name);
        const FieldType type = field_type_named(nb::cast<std::string>(t(1)));
        field.keep = nb::make_tuple(t(2), t(5));
        field.exact = t(2).is_none() ? nullptr : t(2).ptr();
        field.convert = nb::borrow(t(3));
        field.copier = nb::borrow(t(4));
        FieldSpec spec{nb::cast<std::string>(t(0)), type};
        if (type == FieldType::Enum) {
            field.enum_members = nb::cast<nb::dict>(t(2).attr("_value2member_map_"));
        } else if (type == FieldType::Struct) {
            field.struct_class = reinterpret_cast<PyTypeObject*>(t(5).ptr());
            PyStructInfo* nested = info_of(field.struct_class);
            if (nested == nullptr) throw TypeError("struct field '" + spec.name + "': nested class is not defined");
            spec.struct_type = nested->meta;
        }
        if (nb::cast<bool>(t(7))) field.default_value = nb::borrow(t(6));
        field.copy_default = nb::cast<bool>(t(8));
        specs.push_back(std::move(spec));
        own.push_back(std::move(field));
    }

    auto info = std::make_unique<PyStructInfo>();
    info->strict = strict;
    info->meta = StructMeta::define(type->tp_name, std::move(specs), base ? base->meta : nullptr, strict);
    if (base) info->fields = base->fields;
    for (auto& field : own) info->fields.push_back(std::move(field));
    for (std::size_t i = 0; i < info->fields.size(); ++i) {
        PyField& field = info->fields[i];
        field.info = &info->meta->fields()[i];
        info->index_of[field.name] = nb::int_(i);
        if (field.default_value.is_valid()) info->with_default.push_back(i);
        if (field.info->type == FieldType::Object || field.info->type == FieldType::Struct) info->held_objects.push_back(i);
    }
    std::vector<PyObject*> names;
    for (const PyField& field : info->fields) names.push_back(field.name.ptr());
    info->by_name.build(names);
    info->meta->set_binding_type(cls.ptr());
    Py_INCREF(cls.ptr());  // the C++ type refers to its class for as long as the process runs
    PyStructInfo* defined = info.release();
    reinterpret_cast<StructTypeObject*>(type)->info = defined;  // owned by the class from here on
    for (std::size_t i = base ? base->fields.size() : 0; i < defined->fields.size(); ++i) {
        nb::object descr = nb::steal(make_descriptor(defined, i));
        if (PyObject_SetAttr(cls.ptr(), defined->fields[i].name.ptr(), descr.ptr()) != 0) throw PythonError();
    }
    enable_vectorcall(type);
    dealloc_directly(type);
}

void set_struct_helpers(nb::object unset, nb::object hash, nb::object deepcopy) {
    if (helpers == nullptr) helpers = new Helpers;  // leaked: used until the interpreter ends
    *helpers = Helpers{std::move(unset), std::move(hash), std::move(deepcopy)};
}

PyTypeObject* make_type(nb::module_& m, PyType_Spec& spec, PyObject* base) {
    PyObject* type = base ? PyType_FromSpecWithBases(&spec, base) : PyType_FromSpec(&spec);
    if (type == nullptr) throw nb::python_error();
    const char* dot = std::strrchr(spec.name, '.');
    if (PyModule_AddObjectRef(m.ptr(), dot ? dot + 1 : spec.name, type) != 0) throw nb::python_error();
    return reinterpret_cast<PyTypeObject*>(type);
}

// ------------------------------------------------------------ edge.field: the struct_field node

// The struct of a value ticked on a struct edge (a TypeError if it is not one).
const Struct& struct_value(const nb::object& value, const PyStructInfo& info) {
    if (Struct* s = struct_of_class(value.ptr(), info)) return *s;
    throw TypeError("struct_field expects a " + info.meta->name() + ", got " + Py_TYPE(value.ptr())->tp_name);
}

// A node ticking one field of each struct that ticks, when the field is set.
// Native fields (bool, int, float, datetime, timedelta) tick native values
// read from the C++ storage; other fields tick the field's Python value.
template <class T>
EdgeHandle field_node(const std::string& name, const EdgeHandle& in, const PyStructInfo& cls, const PyField& field,
                      NativeType out) {
    const FieldInfo* info = field.info;
    auto node = make_node("struct_field[" + name + "]", [info, &cls, &field](const nb::object& v) -> std::optional<T> {
        const Struct& s = struct_value(v, cls);
        if (!s.is_set(*info)) return std::nullopt;
        if constexpr (std::is_same_v<T, nb::object>) {
            return nb::steal(check(read_value(s, field)));
        } else {
            return *static_cast<const T*>(s.value_address(*info));
        }
    });
    return EdgeHandle{node(Edge<nb::object>(in.slot)).slot(), out};
}

// args: (struct class, field name).
std::vector<EdgeHandle> add_struct_field(Engine&, const std::vector<NativeType>&, const std::vector<EdgeHandle>& in,
                                         nb::tuple args) {
    PyStructInfo* info = info_of(reinterpret_cast<PyTypeObject*>(args[0].ptr()));
    const std::string name = nb::cast<std::string>(args[1]);
    if (info == nullptr) throw TypeError("struct_field: not a struct class");
    nb::object index = nb::borrow(PyDict_GetItemWithError(info->index_of.ptr(), args[1].ptr()));
    if (!index.is_valid()) throw KeyError("struct " + info->meta->name() + " has no field '" + name + "'");
    const PyField& field = info->fields[nb::cast<std::size_t>(index)];  // lives as long as the (immortal) class
    switch (field.info->type) {
        case FieldType::Bool: return {field_node<bool>(name, in.at(0), *info, field, NativeType::Bool)};
        case FieldType::Int64: return {field_node<int64_t>(name, in.at(0), *info, field, NativeType::Int)};
        case FieldType::Double: return {field_node<double>(name, in.at(0), *info, field, NativeType::Float)};
        case FieldType::DateTime: return {field_node<DateTime>(name, in.at(0), *info, field, NativeType::DateTime)};
        case FieldType::TimeDelta: return {field_node<TimeDelta>(name, in.at(0), *info, field, NativeType::TimeDelta)};
        default: return {field_node<nb::object>(name, in.at(0), *info, field, NativeType::Object)};
    }
}

}  // namespace

Struct* struct_of(PyObject* obj) {
    return PyObject_TypeCheck(obj, struct_base_type) ? as_struct(obj)->s.get() : nullptr;
}

nb::object new_struct(nb::handle cls) {
    PyObject* obj = struct_new(reinterpret_cast<PyTypeObject*>(cls.ptr()), nullptr, nullptr);
    if (obj == nullptr) throw PythonError();
    return nb::steal(obj);
}

nb::object new_struct(nb::handle cls, Struct*& fields) {
    nb::object obj = new_struct(cls);
    fields = as_struct(obj.ptr())->s.get();
    return obj;
}

void set_field(nb::handle descriptor, nb::handle obj, nb::handle value) {
    PyObject* descr = descriptor.ptr();
    if (Py_TYPE(descr)->tp_descr_set(descr, obj.ptr(), value.ptr()) != 0) throw PythonError();
}

nb::object get_field(nb::handle descriptor, nb::handle obj) {
    PyObject* descr = descriptor.ptr();
    PyObject* value = Py_TYPE(descr)->tp_descr_get(descr, obj.ptr(), reinterpret_cast<PyObject*>(Py_TYPE(obj.ptr())));
    if (value == nullptr) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError)) throw PythonError();
        PyErr_Clear();
        return {};
    }
    return nb::steal(value);
}

const FieldInfo* struct_field_of(nb::handle descriptor) {
    if (Py_TYPE(descriptor.ptr()) != field_descr_type) return nullptr;
    return descr_field(descriptor.ptr()).info;
}

nb::object struct_to_python(const StructPtr& s) {
    if (!s) return nb::none();
    if (auto* existing = static_cast<PyObject*>(s->binding_object())) return nb::borrow(existing);
    auto* type = static_cast<PyTypeObject*>(s->meta().binding_type());
    if (type == nullptr) throw TypeError("struct type " + s->meta().name() + " has no Python class");
    PyObject* obj = reuse_spare(type);  // untracked
    const bool tracked = obj == nullptr;
    if (tracked) obj = check(type->tp_alloc(type, 0));
    new (&as_struct(obj)->s) StructPtr(s);
    s->set_binding_object(obj);
    // Structs of types without object or struct fields can hold nothing that
    // leads back to them: keep them out of the collector's generations.
    const bool may_hold_cycles = !info_of(*s).held_objects.empty();
    if (tracked && !may_hold_cycles) PyObject_GC_UnTrack(obj);
    if (!tracked && may_hold_cycles) PyObject_GC_Track(obj);
    return nb::steal(obj);
}

void register_structs(nb::module_& m) {
    static PyType_Slot type_slots[] = {{Py_tp_dealloc, reinterpret_cast<void*>(struct_type_dealloc)}, {0, nullptr}};
    static PyType_Spec type_spec = {"csp._native.StructType", static_cast<int>(sizeof(StructTypeObject)), 0,
                                    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, type_slots};
    struct_type_type = make_type(m, type_spec, reinterpret_cast<PyObject*>(&PyType_Type));

    static PyType_Slot base_slots[] = {
        {Py_tp_new, reinterpret_cast<void*>(struct_new)},
        {Py_tp_init, reinterpret_cast<void*>(struct_init)},
        {Py_tp_setattro, reinterpret_cast<void*>(struct_setattro)},
        {Py_tp_dealloc, reinterpret_cast<void*>(struct_dealloc)},
        {Py_tp_traverse, reinterpret_cast<void*>(struct_traverse)},
        {Py_tp_clear, reinterpret_cast<void*>(struct_clear)},
        {Py_tp_richcompare, reinterpret_cast<void*>(struct_richcompare)},
        {Py_tp_hash, reinterpret_cast<void*>(struct_hash)},
        {Py_tp_methods, struct_methods},
        {Py_tp_doc, const_cast<char*>("Base of csp.Struct: instances stored as C++ structs.")},
        {0, nullptr}};
    static PyType_Spec base_spec = {"csp._native.StructBase", static_cast<int>(sizeof(PyStructObject)), 0,
                                    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC, base_slots};
    struct_base_type = make_type(m, base_spec, nullptr);
#if CSP_SPARE_STRUCT_OBJECTS
    if (spare_objects == nullptr) spare_objects = new std::vector<PyObject*>;  // leaked: used until the process ends
    spare_objects->clear();  // a new interpreter: the previous one's spare memory is left alone (leaked)
    spare_objects->reserve(kSpareObjects);
#endif

    static PyType_Slot descr_slots[] = {
        {Py_tp_descr_get, reinterpret_cast<void*>(descr_get)},
        {Py_tp_descr_set, reinterpret_cast<void*>(descr_set)},
        {Py_tp_repr, reinterpret_cast<void*>(descr_repr)},
        {0, nullptr}};
    static PyType_Spec descr_spec = {"csp._native.StructField", static_cast<int>(sizeof(FieldDescrObject)), 0,
                                     Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION, descr_slots};
    field_descr_type = make_type(m, descr_spec, nullptr);

    builtin_registry()["struct_field"] = add_struct_field;
    m.def("define_struct", &define_struct, nb::arg("cls"), nb::arg("base").none(), nb::arg("fields"), nb::arg("strict"));
    m.def("set_struct_helpers", &set_struct_helpers, nb::arg("unset"), nb::arg("hash"), nb::arg("deepcopy"));
}

}  // namespace csp::python
