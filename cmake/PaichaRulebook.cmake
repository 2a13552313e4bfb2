# paicha_add_rulebook(<target> <rulebook.rules> [NAMESPACE <ns>] [DEPENDS <file>...])
#
# Builds a rulebook into a static library at build time: paicha-emit-cpp compiles the rulebook
# and writes <target>.cc (the generated evaluator, compiler/backend_cpp/backend_cpp.h) and
# <target>.h, which declares
#
#     namespace <ns> {
#     std::unique_ptr<paicha::rt::CompiledRulebook> Load(paicha::rt::ImageError* error);
#     }
#
# <ns> defaults to the target name with every character that cannot appear in a C++ identifier
# replaced by '_'. Link the target and `#include "<target>.h"`. The library links only the
# runtime (paicha_runtime) and is compiled with the project's warnings.
#
# Rebuilt when any .rules file in the rulebook's directory tree changes, when any file the
# compiler read changes (imports outside that tree, through the tool's depfile), when a file in
# DEPENDS changes, and when paicha-emit-cpp itself is rebuilt.
function(paicha_add_rulebook target rulebook)
  cmake_parse_arguments(R "" "NAMESPACE" "DEPENDS" ${ARGN})
  get_filename_component(_file "${rulebook}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  get_filename_component(_dir "${_file}" DIRECTORY)
  # Compiled from its own directory under its bare name, as `paicha build` is usually run: file
  # names are part of the image (source map), hence of its content hash and of the reports.
  get_filename_component(_name "${_file}" NAME)
  if(NOT R_NAMESPACE)
    string(MAKE_C_IDENTIFIER "${target}" R_NAMESPACE)
  endif()
  file(GLOB_RECURSE _rules CONFIGURE_DEPENDS "${_dir}/*.rules")

  set(_out "${CMAKE_CURRENT_BINARY_DIR}/${target}_gen")
  set(_cc "${_out}/${target}.cc")
  set(_h "${_out}/${target}.h")
  set(_d "${_out}/${target}.d")
  add_custom_command(
    OUTPUT "${_cc}" "${_h}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${_out}"
    COMMAND ${CMAKE_COMMAND} -E env "PAICHA_LOCALE_DIR=${PAICHA_LOCALE_DIR}"
            $<TARGET_FILE:paicha-emit-cpp> "${_name}" -o "${_cc}" --header "${_h}"
            --namespace "${R_NAMESPACE}" --depfile "${_d}"
    DEPENDS paicha-emit-cpp ${_rules} ${R_DEPENDS}
    DEPFILE "${_d}"
    WORKING_DIRECTORY "${_dir}"
    COMMENT "Generating the C++ evaluator of ${rulebook}"
    VERBATIM)

  add_library(${target} STATIC "${_cc}" "${_h}")
  paicha_set_warnings(${target})
  target_include_directories(${target} PUBLIC "${_out}")
  target_link_libraries(${target} PUBLIC paicha_runtime)
endfunction()
