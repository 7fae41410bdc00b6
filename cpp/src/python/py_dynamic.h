// Dynamic baskets and dynamic sub-graphs for the Python package (private).
//
// Keys of Python dynamic baskets are Python objects, hashed and compared by
// Python. add_dynamic() builds a csp::DynamicNode whose sub-graph builder
// calls back into Python (csp.impl.wiring.dynamic) with the new key and the
// trigger's series for it, while the new child engine is the PyEngine's
// build target. Requires the GIL (engine thread).
#pragma once

#include <nanobind/nanobind.h>

#include <nanobind/stl/string.h>

#include <vector>

#include "csp/core/format.h"
#include "csp/engine/dynamic.h"
#include "csp/engine/dynamic_basket.h"
#include "py_node.h"

namespace csp::python {

class PyEngine;

// A Python object as a dynamic basket key. Errors from __hash__/__eq__ propagate as PythonError.
struct PyKey {
    nb::object value;
    bool operator==(const PyKey& other) const;
};
struct PyKeyHash {
    size_t operator()(const PyKey& key) const;
};
using PyDynamicBasket = DynamicBasket<PyKey, PyKeyHash>;

}  // namespace csp::python

namespace csp {
// A key in error messages: str(key), as Python prints it.
template <>
struct Formatter<python::PyKey> {
    static std::string str(const python::PyKey& key) { return nanobind::cast<std::string>(nanobind::str(key.value)); }
    static std::string repr(const python::PyKey& key) { return nanobind::cast<std::string>(nanobind::repr(key.value)); }
};
}  // namespace csp

namespace csp::python {

// The dynamic node of csp.dynamic: `build(engine, key, attached_edge) -> [EdgeHandle or None per output]`
// wires one sub-graph into the engine being built. Returns the output baskets' handles.
std::vector<EdgeHandle> add_dynamic(PyEngine& engine, const std::string& name, EdgeHandle trigger,
                                    const std::vector<EdgeHandle>& outer_inputs,
                                    const std::vector<NativeType>& output_types, nb::object build);

// The value an edge holds now (csp.snap); raises if it never ticked.
nb::object snap_value(EdgeHandle edge);

}  // namespace csp::python
