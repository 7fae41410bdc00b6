# One way to declare tests and benchmarks, next to the code they cover.
#
#   csp_add_test(<name> SOURCES <files...> [LABELS <labels...>])
#   csp_add_benchmark(<name> SOURCES <files...>)
#   csp_add_fuzz_target(<name> SOURCES <files...>)   clang + CSP_BUILD_FUZZERS only
function(csp_add_test name)
  if(NOT CSP_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE csp_core GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/cpp/src)
  add_test(NAME ${name} COMMAND ${name})
  if(ARG_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()

function(csp_add_benchmark name)
  if(NOT CSP_BUILD_BENCHMARKS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE csp_core benchmark::benchmark)
endfunction()

# A libFuzzer target. Its sources (including the library code under test) are
# compiled here with the fuzzer and address/undefined sanitizers, so the code
# under test is instrumented whatever the library was built with.
function(csp_add_fuzz_target name)
  if(NOT CSP_BUILD_FUZZERS)
    return()
  endif()
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "CSP_BUILD_FUZZERS needs clang (libFuzzer)")
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/cpp/include)
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined -g -O1)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
endfunction()

# csp_stage_build_dependency(<out-var> <name> <directory>): mirrors <directory>
# in <build>/_deps/<name> and sets <out-var> to the mirror. The Python build
# compiles against such mirrors of its build requirements' headers (nanobind,
# pyarrow): pip's isolated builds install them in a new temporary directory
# each time, and with paths that change ccache would never hit. Only files
# whose content changed are rewritten (so they are newer than the objects built
# from them and get rebuilt); files gone from <directory> are removed.
function(csp_stage_build_dependency out name directory)
  set(mirror "${CMAKE_BINARY_DIR}/_deps/${name}")
  file(GLOB_RECURSE wanted RELATIVE "${directory}" "${directory}/*")
  list(FILTER wanted EXCLUDE REGEX "(^|/)__pycache__/")
  file(GLOB_RECURSE present RELATIVE "${mirror}" "${mirror}/*")
  foreach(file IN LISTS present)
    if(NOT file IN_LIST wanted)
      file(REMOVE "${mirror}/${file}")
    endif()
  endforeach()
  foreach(file IN LISTS wanted)
    get_filename_component(parent "${mirror}/${file}" DIRECTORY)
    file(MAKE_DIRECTORY "${parent}")
    file(COPY_FILE "${directory}/${file}" "${mirror}/${file}" ONLY_IF_DIFFERENT)
  endforeach()
  set(${out} "${mirror}" PARENT_SCOPE)
endfunction()
