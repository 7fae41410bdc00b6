#include "py_struct_fields.h"

#include <cmath>
#include <cstring>
#include <string>

#include "native_types.h"
#include "py_struct.h"
#include "python_error.h"

namespace csp::python::struct_detail {

Helpers* helpers = nullptr;

namespace {

// ------------------------------------------------------------ Python objects held in Object fields

bool object_equal(void* a, void* b) {
    auto* x = static_cast<PyObject*>(a);
    auto* y = static_cast<PyObject*>(b);
    if (PyFloat_Check(x) && PyFloat_Check(y) && std::isnan(PyFloat_AS_DOUBLE(x)) && std::isnan(PyFloat_AS_DOUBLE(y)))
        return true;
    const int result = PyObject_RichCompareBool(x, y, Py_EQ);
    if (result < 0) throw PythonError();
    return result == 1;
}

std::size_t object_hash(void* object) {
    nb::object h = nb::steal(check(PyObject_CallOneArg(helpers->hash.ptr(), static_cast<PyObject*>(object))));
    const Py_hash_t value = PyObject_Hash(h.ptr());
    if (value == -1 && PyErr_Occurred()) throw PythonError();
    return static_cast<std::size_t>(value);
}

void* object_deepcopy(void* object) {
    return check(PyObject_CallOneArg(helpers->deepcopy.ptr(), static_cast<PyObject*>(object)));
}

std::string object_repr(void* object) {
    nb::object r = nb::steal(check(PyObject_Repr(static_cast<PyObject*>(object))));
    return nb::cast<std::string>(r);
}

void object_release(void* object) noexcept {
    if (!Py_IsInitialized()) return;  // a struct outliving the interpreter: its objects are gone
    if (PyGILState_Check()) {
        Py_DECREF(static_cast<PyObject*>(object));
        return;
    }
    PyGILState_STATE state = PyGILState_Ensure();  // released by C++ code outside Python
    Py_DECREF(static_cast<PyObject*>(object));
    PyGILState_Release(state);
}

}  // namespace

const ObjectOps kPyObjectOps{
    [](void* object) noexcept { Py_INCREF(static_cast<PyObject*>(object)); },
    object_release,
    object_equal,
    object_hash,
    object_deepcopy,
    object_repr,
};

// ------------------------------------------------------------ field values

namespace {


// A str of `text`: the field's last one when its text is the same (ASCII,
// short: a compare costs less than making a str), else a new one.
PyObject* read_text(const std::string& text, const PyField& field) {
    constexpr size_t kCachedSize = 64;
    const auto size = static_cast<Py_ssize_t>(text.size());
    PyObject* last = field.last_text.ptr();
    if (last != nullptr && PyUnicode_GET_LENGTH(last) == size && std::memcmp(PyUnicode_DATA(last), text.data(), text.size()) == 0) {
        return Py_NewRef(last);
    }
    PyObject* made = PyUnicode_FromStringAndSize(text.data(), size);
    if (made != nullptr && text.size() <= kCachedSize && PyUnicode_IS_COMPACT_ASCII(made)) {
        field.last_text = nb::borrow(made);
    }
    return made;
}

// The object of a datetime or timedelta value: the field's remembered one when the value is the same.
// A value is remembered only when its object stores back as the same value: whole microseconds
// (the object drops the rest) within the range a store accepts.
template <class T, class Convert, class InRange>
PyObject* read_time(T value, const PyField& field, Convert convert, InRange in_range) {
    if (PyObject* same = field.remembered_time(value.nanos())) return same;
    nb::object made = convert(value);
    if (!value.is_none() && value.nanos() % 1000 == 0 && in_range(made)) field.remember_time(made.ptr(), value.nanos());
    return made.release().ptr();
}

// Stores a datetime or timedelta `value` (of the field's Python type), remembering its object
// when it converts back identically; the field's remembered object stores without converting.
template <class T, class Convert>
void store_time(Struct& s, const PyField& field, PyObject* value, NativeType type, Convert convert) {
    if (value == field.last_time.ptr()) {
        store(s, *field.info, T::from_nanos(field.last_time_nanos));
        return;
    }
    const T converted = convert(nb::handle(value));
    store(s, *field.info, converted);
    if (converts_back_identically(type, value)) field.remember_time(value, converted.nanos());
}

}  // namespace

PyObject* read_value(const Struct& s, const PyField& field) {
    const FieldInfo& f = *field.info;
    const void* p = s.value_address(f);
    if (p == nullptr) {
        PyErr_SetObject(PyExc_AttributeError, field.name.ptr());
        return nullptr;
    }
    switch (field.info->type) {
        case FieldType::Bool: return nb::bool_(*static_cast<const bool*>(p)).release().ptr();
        case FieldType::Int64: return PyLong_FromLongLong(*static_cast<const int64_t*>(p));
        case FieldType::Double: return PyFloat_FromDouble(*static_cast<const double*>(p));
        case FieldType::String: return read_text(*static_cast<const std::string*>(p), field);
        case FieldType::DateTime:
            return read_time(*static_cast<const DateTime*>(p), field, datetime_to_python, in_csp_datetime_range);
        case FieldType::TimeDelta:
            return read_time(*static_cast<const TimeDelta*>(p), field, timedelta_to_python, in_csp_timedelta_range);
        case FieldType::Date: return date_to_python(*static_cast<const Date*>(p)).release().ptr();
        case FieldType::Time: return time_to_python(*static_cast<const TimeOfDay*>(p)).release().ptr();
        case FieldType::Enum: {
            nb::object value = nb::steal(check(PyLong_FromLongLong(static_cast<const EnumValue*>(p)->value)));
            PyObject* member = PyDict_GetItemWithError(field.enum_members.ptr(), value.ptr());
            if (member == nullptr && !PyErr_Occurred())
                PyErr_Format(PyExc_ValueError, "%S is not a member of the enum of field '%U'", value.ptr(), field.name.ptr());
            return Py_XNewRef(member);
        }
        case FieldType::Struct: return struct_to_python(*static_cast<const StructPtr*>(p)).release().ptr();
        case FieldType::Object: {
            auto* object = static_cast<PyObject*>(static_cast<const ObjectRef*>(p)->get());
            Py_INCREF(object);
            return object;
        }
        case FieldType::Array: break;  // classes declared in Python have no array fields
    }
    return nullptr;
}

namespace {

// Stores `value` if it already has the field's C++ representation; false if it needs converting.
bool store_native(Struct& s, const PyField& field, PyObject* value) {
    const FieldInfo& f = *field.info;
    switch (field.info->type) {
        case FieldType::Bool:
            if (!PyBool_Check(value)) return false;
            store(s, f, value == Py_True);
            return true;
        case FieldType::Int64: {
            if (!PyLong_CheckExact(value)) return false;
            store(s, f, int_value(value));
            return true;
        }
        case FieldType::Double:
            if (PyFloat_CheckExact(value)) {
                store(s, f, PyFloat_AS_DOUBLE(value));
                return true;
            }
            return false;
        case FieldType::String: {
            if (!PyUnicode_Check(value)) return false;
            Py_ssize_t size = 0;
            const char* text = PyUnicode_AsUTF8AndSize(value, &size);
            if (text == nullptr) throw PythonError();
            if (std::string* existing = s.mutable_value<std::string>(f)) {
                if (existing->size() == static_cast<std::size_t>(size))  // same length: no reallocation to consider
                    std::memcpy(existing->data(), text, existing->size());
                else
                    existing->assign(text, static_cast<std::size_t>(size));
            }
            else
                store(s, f, std::string(text, static_cast<std::size_t>(size)));
            return true;
        }
        case FieldType::DateTime:
            if (value != field.last_time.ptr() && !is_datetime(value)) return false;
            store_time<DateTime>(s, field, value, NativeType::DateTime, to_datetime_checked);
            return true;
        case FieldType::TimeDelta:
            if (value != field.last_time.ptr() && !is_timedelta(value)) return false;
            store_time<TimeDelta>(s, field, value, NativeType::TimeDelta, to_timedelta_checked);
            return true;
        case FieldType::Date:
            if (!is_date(value) || is_datetime(value)) return false;
            store(s, f, to_date(value));
            return true;
        case FieldType::Time:
            if (!is_time(value) || has_tzinfo(value)) return false;
            store(s, f, to_time_of_day(value));
            return true;
        case FieldType::Enum: {
            if (Py_TYPE(value) != reinterpret_cast<PyTypeObject*>(field.exact)) return false;
            const int64_t v = PyLong_AsLongLong(value);  // members are ints
            if (v == -1 && PyErr_Occurred()) throw PythonError();
            store(s, f, EnumValue{v});
            return true;
        }
        case FieldType::Struct: {
            if (!PyObject_TypeCheck(value, field.struct_class)) return false;
            store(s, f, as_struct(value)->s);
            return true;
        }
        case FieldType::Object:
            if (field.convert.is_none() || Py_TYPE(value) == reinterpret_cast<PyTypeObject*>(field.exact)) {
                store(s, f, ObjectRef::share(value, &kPyObjectOps));
                return true;
            }
            return false;
        case FieldType::Array: break;  // classes declared in Python have no array fields
    }
    return false;
}

}  // namespace

// Sets a field from Python: the C++ fast path, else the field's Python conversion
// (which raises the reference's TypeError for values that do not fit).
void write_value(Struct& s, const PyField& field, PyObject* value) {
    if (store_native(s, field, value)) return;
    nb::object converted = nb::steal(check(PyObject_CallOneArg(field.convert.ptr(), value)));
    if (field.info->type == FieldType::Object) {
        store(s, *field.info, ObjectRef::share(converted.ptr(), &kPyObjectOps));
        return;
    }
    if (!store_native(s, field, converted.ptr()))
        throw TypeError("field '" + field.info->name + "' of struct " + s.meta().name() + ": cannot store a " +
                        Py_TYPE(converted.ptr())->tp_name);
}

void set_default(Struct& s, const PyField& field) {
    if (!field.copy_default) {
        write_value(s, field, field.default_value.ptr());
        return;
    }
    nb::object copy = nb::steal(check(PyObject_CallOneArg(helpers->deepcopy.ptr(), field.default_value.ptr())));
    write_value(s, field, copy.ptr());
}

}  // namespace csp::python::struct_detail
