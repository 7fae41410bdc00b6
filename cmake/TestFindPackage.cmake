# Installs the build tree into a scratch prefix, then configures, builds and
# runs tests/cmake_consumer against it with find_package(csp).
#   cmake -DBUILD_DIR=<build> -DSOURCE_DIR=<repo> -DWORK_DIR=<scratch> -P TestFindPackage.cmake
file(REMOVE_RECURSE ${WORK_DIR})
function(run_step)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "failed: ${ARGV}\n${out}\n${err}")
  endif()
endfunction()
run_step(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
run_step(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/cmake_consumer -B ${WORK_DIR}/build -G Ninja
         -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release)
run_step(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run_step(${WORK_DIR}/build/consumer)
if(EXISTS ${WORK_DIR}/build/consumer_parquet)
  run_step(${WORK_DIR}/build/consumer_parquet ${WORK_DIR}/consumer.parquet)
endif()
if(EXISTS ${WORK_DIR}/build/consumer_kafka)
  run_step(${WORK_DIR}/build/consumer_kafka)
endif()
