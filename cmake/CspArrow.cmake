# Arrow C++ and Parquet C++ from the pyarrow wheel.
#
# Defines the imported targets csp::arrow and csp::parquet (shared libraries
# with their headers) and sets CSP_ARROW_LIBRARY_DIR and CSP_PYARROW_VERSION,
# or sets CSP_ARROW_FOUND to FALSE and CSP_ARROW_MISSING to what is missing
# when pyarrow (with its C++ headers and libraries) is not installed for the
# Python interpreter CMake finds.
#
# The wheel ships versioned libraries only (libarrow.so.2600): they are linked
# by full path, so nothing in the pyarrow directory needs to be created.
set(CSP_ARROW_FOUND FALSE)
find_package(Python 3.10 COMPONENTS Interpreter QUIET)
if(NOT Python_Interpreter_FOUND)
  set(CSP_ARROW_MISSING "a Python 3.10+ interpreter (set Python_EXECUTABLE) with pyarrow installed")
  return()
endif()
execute_process(
  COMMAND "${Python_EXECUTABLE}" -c
          "import pyarrow; print(pyarrow.get_include()); print(pyarrow.get_library_dirs()[0]); print(pyarrow.__version__)"
  OUTPUT_VARIABLE _csp_pyarrow_out OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _csp_pyarrow_rc ERROR_QUIET)
if(NOT _csp_pyarrow_rc EQUAL 0)
  set(CSP_ARROW_MISSING "pyarrow for ${Python_EXECUTABLE} (pip install pyarrow)")
  return()
endif()
string(REPLACE "\n" ";" _csp_pyarrow_out "${_csp_pyarrow_out}")
list(GET _csp_pyarrow_out 0 _csp_arrow_include)
list(GET _csp_pyarrow_out 1 CSP_ARROW_LIBRARY_DIR)
list(GET _csp_pyarrow_out 2 CSP_PYARROW_VERSION)

function(_csp_find_versioned_library out name)
  file(GLOB _candidates "${CSP_ARROW_LIBRARY_DIR}/lib${name}.so" "${CSP_ARROW_LIBRARY_DIR}/lib${name}.so.[0-9]*"
                        "${CSP_ARROW_LIBRARY_DIR}/lib${name}.[0-9]*.dylib" "${CSP_ARROW_LIBRARY_DIR}/lib${name}.dylib")
  list(SORT _candidates)
  list(LENGTH _candidates _n)
  if(_n EQUAL 0)
    set(${out} "" PARENT_SCOPE)
  else()
    list(GET _candidates 0 _first)
    set(${out} "${_first}" PARENT_SCOPE)
  endif()
endfunction()

_csp_find_versioned_library(_csp_arrow_lib arrow)
_csp_find_versioned_library(_csp_parquet_lib parquet)
if(NOT _csp_arrow_lib OR NOT _csp_parquet_lib OR NOT EXISTS "${_csp_arrow_include}/parquet/arrow/reader.h")
  set(CSP_ARROW_MISSING "Arrow C++ and Parquet C++ headers and libraries in pyarrow ${CSP_PYARROW_VERSION} \
(${_csp_arrow_include}, ${CSP_ARROW_LIBRARY_DIR}): a pyarrow wheel from PyPI ships them")
  return()
endif()

if(NOT TARGET csp::arrow)
  add_library(csp::arrow SHARED IMPORTED)
  set_target_properties(csp::arrow PROPERTIES IMPORTED_LOCATION "${_csp_arrow_lib}"
    INTERFACE_INCLUDE_DIRECTORIES "${_csp_arrow_include}")
  add_library(csp::parquet SHARED IMPORTED)
  set_target_properties(csp::parquet PROPERTIES IMPORTED_LOCATION "${_csp_parquet_lib}"
    INTERFACE_LINK_LIBRARIES csp::arrow)
endif()
set(CSP_ARROW_FOUND TRUE)
message(STATUS "Parquet adapters: Arrow C++ from pyarrow ${CSP_PYARROW_VERSION} in ${CSP_ARROW_LIBRARY_DIR}")
