# Locales: ICU resource bundles, one set per area, locales/<area>/{root,zh_CN,en}.txt, compiled by
# genrb into ${PAICHA_LOCALE_DIR}/<area>/<name>.res in the build tree (no .dat packaging). The
# runtime (rt::Catalog) opens one bundle chain per area directory and finds the tree through the
# PAICHA_LOCALE_DIR environment variable, then this path compiled in, then the installed
# <prefix>/share/paicha/locales.
find_program(PAICHA_GENRB genrb REQUIRED)
set(PAICHA_LOCALE_DIR ${CMAKE_BINARY_DIR}/locales CACHE INTERNAL "compiled locale bundles")

# paicha_add_locale_tree(target SOURCE_DIR dir OUTPUT_DIR dir): compiles every <area>/*.txt
# under SOURCE_DIR into OUTPUT_DIR/<area>/*.res. A new area directory or file is picked up at
# the next build (CONFIGURE_DEPENDS glob). The target is part of ALL.
function(paicha_add_locale_tree target)
  cmake_parse_arguments(L "" "SOURCE_DIR;OUTPUT_DIR" "" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${L_SOURCE_DIR}/*/*.txt)
  set(outs)
  foreach(src ${srcs})
    get_filename_component(name ${src} NAME_WE)
    get_filename_component(area_dir ${src} DIRECTORY)
    get_filename_component(area ${area_dir} NAME)
    set(out ${L_OUTPUT_DIR}/${area}/${name}.res)
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${L_OUTPUT_DIR}/${area}
      COMMAND ${PAICHA_GENRB} -q -e UTF-8 -d ${L_OUTPUT_DIR}/${area} ${src}
      DEPENDS ${src}
      COMMENT "genrb ${area}/${name}.txt"
      VERBATIM)
    list(APPEND outs ${out})
  endforeach()
  add_custom_target(${target} ALL DEPENDS ${outs})
endfunction()
