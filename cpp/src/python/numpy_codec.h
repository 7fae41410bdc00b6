// NumpyCodec: numpy array series for csp::stats, element-wise (private).
//
// Implements the array codec contract of csp/stats/inputs.h over Python
// objects: a float64 C-contiguous ndarray is read in place; any other array
// (ints, strided views) is converted with numpy.ascontiguousarray first.
// Results are new float64 arrays (datetime64[ns] for argmin / argmax) of the
// input's shape. Needs the GIL, which the engine thread holds while running.
#pragma once

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>

#include <cstring>
#include <string>
#include <vector>

#include "csp/core/exceptions.h"
#include "csp/core/time.h"

namespace csp::python {

namespace nb = nanobind;

struct NumpyCodec {
    using Value = nb::object;
    static constexpr bool kArray = true;
    struct Shape {
        std::vector<size_t> dims;
    };
    struct View {
        Shape shape;
        const double* data = nullptr;
        size_t size = 0;
        nb::object owner;  // a converted copy, when the input was not float64 C-contiguous
    };

    static View view(const nb::object& value) {
        using namespace nb::literals;
        using Array = nb::ndarray<const double, nb::c_contig, nb::device::cpu>;
        Array array;
        View v;
        if (!nb::try_cast(value, array, false)) {
            if (!is_ndarray(value))
                throw TypeError("csp.stats: expected a numpy array, got " +
                                nb::cast<std::string>(nb::type_name(value.type())));
            v.owner = numpy().attr("ascontiguousarray")(value, "dtype"_a = "float64");
            array = nb::cast<Array>(v.owner, false);
        }
        v.data = array.data();
        v.size = array.size();
        for (size_t i = 0; i < array.ndim(); ++i) v.shape.dims.push_back(array.shape(i));
        return v;
    }
    static bool same_shape(const Shape& a, const Shape& b) { return a.dims == b.dims; }
    static size_t ndim(const Shape& s) { return s.dims.size(); }
    static std::string describe(const Shape& s) {
        std::string out = "(";
        for (size_t i = 0; i < s.dims.size(); ++i) out += (i ? ", " : "") + std::to_string(s.dims[i]);
        return out + (s.dims.size() == 1 ? ",)" : ")");
    }
    static Shape matrix_shape(size_t n) { return Shape{{n, n}}; }

    template <class O>
    using Array = nb::object;

    template <class O>
    static nb::object make(const Shape& shape, std::vector<O> values) {
        if constexpr (std::is_same_v<O, DateTime>) {
            std::vector<int64_t> nanos(values.size());
            for (size_t i = 0; i < values.size(); ++i) nanos[i] = values[i].nanos();
            return owned(shape, nanos).attr("view")("datetime64[ns]");
        } else {
            return owned(shape, values);
        }
    }

private:
    template <class T>
    static nb::object owned(const Shape& shape, const std::vector<T>& values) {
        T* data = new T[values.size()];
        std::memcpy(data, values.data(), values.size() * sizeof(T));
        nb::capsule deleter(data, [](void* p) noexcept { delete[] static_cast<T*>(p); });
        return nb::cast(nb::ndarray<nb::numpy, T>(data, shape.dims.size(), shape.dims.data(), deleter));
    }
    static bool is_ndarray(const nb::object& value) { return nb::isinstance(value, numpy().attr("ndarray")); }
    static nb::handle numpy() {
        static PyObject* module = nb::module_::import_("numpy").release().ptr();
        return module;
    }
};

}  // namespace csp::python
