"""Configuring the CMake build: a missing Parquet dependency is never silent.

Each test configures the source tree (no build) with an interpreter whose
environment has no pyarrow: a new venv without pip."""

import os
import shutil
import subprocess
import sys

import pytest

SOURCE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
pytestmark = [
    pytest.mark.skipif(shutil.which("cmake") is None or shutil.which("ninja") is None, reason="needs cmake and ninja"),
    pytest.mark.skipif(not os.path.isfile(os.path.join(SOURCE, "CMakeLists.txt")), reason="not in the source tree"),
]


@pytest.fixture(scope="module")
def python_without_pyarrow(tmp_path_factory):
    venv = tmp_path_factory.mktemp("venv-without-pyarrow")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    assert subprocess.run([str(python), "-c", "import pyarrow"], capture_output=True).returncode != 0
    return str(python)


def configure(tmp_path, python, *options):
    return subprocess.run(["cmake", "-S", SOURCE, "-B", str(tmp_path / "build"), "-G", "Ninja",
                           "-DCSP_BUILD_TESTS=OFF", "-DCSP_BUILD_EXAMPLES=OFF", f"-DPython_EXECUTABLE={python}",
                           *options], capture_output=True, text=True)


def test_parquet_on_without_pyarrow_fails_naming_what_is_missing(tmp_path, python_without_pyarrow):
    result = configure(tmp_path, python_without_pyarrow, "-DCSP_WITH_PARQUET=ON")
    assert result.returncode != 0
    message = " ".join(result.stderr.split())  # CMake wraps long messages
    assert "pyarrow for" in message and "pip install pyarrow" in message and "CSP_WITH_PARQUET=OFF" in message


def test_parquet_auto_without_pyarrow_warns(tmp_path, python_without_pyarrow):
    result = configure(tmp_path, python_without_pyarrow)
    assert result.returncode == 0, result.stderr
    message = " ".join(result.stderr.split())
    assert "CMake Warning" in message and "WITHOUT the Parquet / Arrow IPC adapters" in message


def test_parquet_off_is_quiet(tmp_path, python_without_pyarrow):
    result = configure(tmp_path, python_without_pyarrow, "-DCSP_WITH_PARQUET=OFF")
    assert result.returncode == 0, result.stderr
    assert "Parquet" not in result.stderr


def test_a_pyarrow_other_than_the_pinned_release_fails(tmp_path):
    pytest.importorskip("pyarrow")
    result = configure(tmp_path, sys.executable, "-DCSP_WITH_PARQUET=ON", "-DCSP_PYARROW_ABI=1.0")
    assert result.returncode != 0
    assert "pins pyarrow 1.0.*" in " ".join(result.stderr.split())
