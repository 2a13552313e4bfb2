# paicha_set_warnings(target): the project's warning flags for its own code. Generated ANTLR
# sources and third-party headers are excluded (they are compiled or included as SYSTEM).
function(paicha_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
                                           -Wnon-virtual-dtor -Wimplicit-fallthrough)
  if(PAICHA_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
