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
