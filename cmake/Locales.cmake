# Locales: ICU resource bundles in locales/*.txt are compiled by genrb into one .dat-free
# directory of .res files in the build tree (${PAICHA_LOCALE_DIR}). The runtime looks them up
# there at run time (PAICHA_LOCALE_DIR environment variable, then the path compiled in, then
# the installed share/paicha/locales).
find_program(PAICHA_GENRB genrb REQUIRED)
set(PAICHA_LOCALE_DIR ${CMAKE_BINARY_DIR}/locales CACHE INTERNAL "compiled locale bundles")

function(paicha_add_locales target)
  set(outs)
  foreach(src ${ARGN})
    get_filename_component(name ${src} NAME_WE)
    set(out ${PAICHA_LOCALE_DIR}/${name}.res)
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${PAICHA_GENRB} -q -e UTF-8 -d ${PAICHA_LOCALE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/${src}
      DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${src}
      COMMENT "genrb ${src}"
      VERBATIM)
    list(APPEND outs ${out})
  endforeach()
  add_custom_target(${target} ALL DEPENDS ${outs})
endfunction()
