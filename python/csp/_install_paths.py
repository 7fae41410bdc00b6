"""Where the installed package keeps its C++ headers and libraries.

A wheel of csp ships the engine's public headers (``include/csp/...``) and its
static libraries (``lib/libcsp.a``, ``lib/libcsp_parquet.a``) with a CMake
package (``lib/cmake/csp``), so C++ nodes and programs can be built against the
very engine the Python package runs. They sit beside the extension module
``csp._native``: inside the ``csp`` package of a wheel, and in
``site-packages/csp`` for an editable install.
"""

import os

from csp import _native


def _installed_dir(name: str) -> str:
    path = os.path.join(os.path.dirname(os.path.abspath(_native.__file__)), name)
    if not os.path.isdir(path):
        raise FileNotFoundError(f"this csp was installed without its C++ {name} directory (expected {path}): "
                                f"reinstall it with pip install, which builds and ships it")
    return path


def get_include_path() -> str:
    """The directory holding csp's C++ headers: pass it as ``-I`` (``#include <csp/csp.h>``)."""
    return _installed_dir("include")


def get_lib_path() -> str:
    """The directory holding csp's C++ libraries (``libcsp.a``; ``libcsp_parquet.a``
    with the Parquet adapters) and its CMake package (``cmake/csp``)."""
    return _installed_dir("lib")
