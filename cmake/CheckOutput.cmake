# Runs EXE and compares its standard output with the file EXPECTED.
# In EXPECTED, <TIME> stands for any timestamp (realtime runs print wall-clock times).
#   cmake -DEXE=<program> -DEXPECTED=<file> -P CheckOutput.cmake
execute_process(COMMAND ${EXE} OUTPUT_VARIABLE actual RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${EXE} exited with ${status}")
endif()
file(READ ${EXPECTED} expected)
string(REGEX REPLACE "([][+.*()^$?|\\\\])" "\\\\\\1" pattern "${expected}")
string(REPLACE "<TIME>" "[0-9]+-[0-9]+-[0-9]+ [0-9:.]+" pattern "${pattern}")
if(NOT actual MATCHES "^${pattern}$")
  message(FATAL_ERROR "output of ${EXE} differs from ${EXPECTED}\n--- expected\n${expected}--- actual\n${actual}")
endif()
