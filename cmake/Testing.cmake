# paicha_add_unit_test(name SOURCES a_test.cc ... LIBS lib ...): a GoogleTest binary registered
# with ctest under the "unit" label (run again in the sanitizer build).
function(paicha_add_unit_test name)
  if(NOT PAICHA_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  paicha_set_warnings(${name})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  gtest_discover_tests(${name} PROPERTIES LABELS unit
                       ENVIRONMENT PAICHA_LOCALE_DIR=${PAICHA_LOCALE_DIR}
                       DISCOVERY_TIMEOUT 60)
endfunction()
