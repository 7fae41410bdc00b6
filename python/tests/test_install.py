"""The installed package: its pinned dependencies, and the C++ headers and
libraries it ships for building C++ nodes and programs against it."""

import importlib.metadata
import os
import shutil
import subprocess
import sys

import pytest

import csp
from csp import _native

has_parquet = hasattr(_native, "add_parquet_source")
needs_compiler = pytest.mark.skipif(shutil.which("g++") is None, reason="no C++ compiler (g++)")

SPREAD_PROGRAM = r"""
#include <csp/csp.h>
#include <optional>

auto spread = csp::make_node("spread", [](const csp::In<double>& bid, const csp::In<double>& ask) -> std::optional<double> {
    if (csp::valid(bid, ask)) return *ask - *bid;
    return std::nullopt;
});

int main() {
    csp::run([] { csp::print("spread", spread(csp::const_(1.0) * 4, csp::const_(2.0) * 3)); },
             {.starttime = csp::DateTime(2022, 1, 1)});
}
"""


def test_include_and_lib_paths_are_directories_of_the_installed_package():
    include, lib = csp.get_include_path(), csp.get_lib_path()
    assert os.path.basename(include) == "include" and os.path.basename(lib) == "lib"
    assert os.path.dirname(include) == os.path.dirname(lib) == os.path.dirname(_native.__file__)
    assert os.path.isfile(os.path.join(include, "csp", "csp.h"))
    assert os.path.isfile(os.path.join(lib, "libcsp.a"))
    assert os.path.isfile(os.path.join(lib, "cmake", "csp", "cspConfig.cmake"))
    assert os.path.isfile(os.path.join(lib, "libcsp_parquet.a")) == has_parquet


def test_the_parquet_adapters_are_built():
    assert has_parquet, "csp was built without the Parquet adapters (CSP_WITH_PARQUET=OFF)"
    import csp.adapters.parquet  # noqa: F401


def test_the_installed_pyarrow_satisfies_the_pin_the_extension_was_built_for():
    import pyarrow
    from packaging.requirements import Requirement

    pins = [Requirement(r) for r in importlib.metadata.requires("csp") if r.startswith("pyarrow")]
    assert len(pins) == 1 and pins[0].specifier, f"pyarrow must be pinned to the ABI csp links: {pins}"
    assert pins[0].specifier.contains(pyarrow.__version__)


def test_the_extras_are_those_of_the_reference_package():
    extras = importlib.metadata.metadata("csp").get_all("Provides-Extra")
    assert {"showgraph", "test"} <= set(extras)
    showgraph = [r for r in importlib.metadata.requires("csp") if 'extra == "showgraph"' in r]
    assert any(r.startswith("graphviz") for r in showgraph)


@needs_compiler
def test_a_cpp_program_builds_against_the_shipped_headers_and_library(tmp_path):
    source = tmp_path / "spread.cpp"
    source.write_text(SPREAD_PROGRAM)
    program = tmp_path / "spread"
    subprocess.run(["g++", "-std=c++20", "-O0", f"-I{csp.get_include_path()}", str(source),
                    f"-L{csp.get_lib_path()}", "-lcsp", "-pthread", "-o", str(program)], check=True)
    result = subprocess.run([str(program)], check=True, capture_output=True, text=True)
    assert result.stdout == "2022-01-01 00:00:00 spread:2.0\n"


@needs_compiler
@pytest.mark.skipif(shutil.which("cmake") is None or shutil.which("ninja") is None, reason="needs cmake and ninja")
def test_find_package_finds_the_shipped_cmake_package(tmp_path):
    """tests/cmake_consumer built with find_package(csp) pointed at the installed
    package: the engine, and the Parquet adapters linked to pyarrow's Arrow C++."""
    consumer = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "cmake_consumer")
    if not os.path.isdir(consumer):
        pytest.skip("tests/cmake_consumer is not beside this test (not run from the source tree)")
    build = tmp_path / "build"
    subprocess.run(["cmake", "-S", consumer, "-B", str(build), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    f"-Dcsp_DIR={os.path.join(csp.get_lib_path(), 'cmake', 'csp')}",
                    f"-DPython_EXECUTABLE={sys.executable}"], check=True, capture_output=True)
    subprocess.run(["cmake", "--build", str(build)], check=True, capture_output=True)
    subprocess.run([str(build / "consumer")], check=True)
    if has_parquet:
        subprocess.run([str(build / "consumer_parquet"), str(tmp_path / "out.parquet")], check=True)
        assert (tmp_path / "out.parquet").stat().st_size > 0
