# Golden tests: run a command on each input file and compare its output with a committed file.
#
#   paicha_add_golden_suite(NAME <suite> DIR <dir> GLOB <pattern> SUFFIX <suffix>
#                           COMMAND <exe-or-target> [args...] [TIMEOUT <seconds>])
#
# For every file F in DIR matching GLOB (sorted, non-recursive) one ctest named
# "golden.<suite>.<F>" with label "golden" runs, in DIR as working directory,
#   COMMAND args... F          (or with the argument "@FILE@" replaced by F when present)
# and compares stdout followed by stderr (then a line "[exit code N]" when N != 0) with the file
# F<SUFFIX> in DIR. On mismatch the test fails and prints a unified diff. Input paths are
# relative to DIR so outputs do not depend on where the tree is checked out.
#
# Updating expectations: run the tests with PAICHA_UPDATE_GOLDENS=1 in the environment, e.g.
#   tests/tools/update-goldens.sh <build-dir> [ctest -R regex]
# which rewrites every F<SUFFIX> from the current output (the test then passes).
# A missing F<SUFFIX> makes the test fail until it is created by an update.
#
# The runner is tests/tools/golden_run.sh (bash, diff). COMMAND may name a CMake target; it is
# resolved with $<TARGET_FILE:...>. Files are globbed at configure time (CONFIGURE_DEPENDS), so a
# new input appears after the next build.
set(PAICHA_GOLDEN_RUNNER ${CMAKE_CURRENT_LIST_DIR}/../tests/tools/golden_run.sh)

function(paicha_add_golden_suite)
  if(NOT PAICHA_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(G "" "NAME;DIR;GLOB;SUFFIX;TIMEOUT" "COMMAND" ${ARGN})
  if(NOT G_NAME OR NOT G_DIR OR NOT G_GLOB OR NOT G_SUFFIX OR NOT G_COMMAND)
    message(FATAL_ERROR "paicha_add_golden_suite: NAME, DIR, GLOB, SUFFIX and COMMAND are required")
  endif()
  if(NOT G_TIMEOUT)
    set(G_TIMEOUT 120)
  endif()
  get_filename_component(dir ${G_DIR} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  list(POP_FRONT G_COMMAND exe)
  if(TARGET ${exe})
    set(exe $<TARGET_FILE:${exe}>)
  endif()
  file(GLOB inputs CONFIGURE_DEPENDS RELATIVE ${dir} ${dir}/${G_GLOB})
  list(SORT inputs)
  foreach(input ${inputs})
    set(args)
    set(placed FALSE)
    foreach(a ${G_COMMAND})
      if(a STREQUAL "@FILE@")
        list(APPEND args ${input})
        set(placed TRUE)
      else()
        list(APPEND args ${a})
      endif()
    endforeach()
    if(NOT placed)
      list(APPEND args ${input})
    endif()
    add_test(NAME golden.${G_NAME}.${input}
             COMMAND bash ${PAICHA_GOLDEN_RUNNER} ${input}${G_SUFFIX} -- ${exe} ${args}
             WORKING_DIRECTORY ${dir})
    set_tests_properties(golden.${G_NAME}.${input} PROPERTIES
                         LABELS golden TIMEOUT ${G_TIMEOUT}
                         ENVIRONMENT PAICHA_LOCALE_DIR=${PAICHA_LOCALE_DIR})
  endforeach()
endfunction()
