# paicha_antlr_generate(OUT_VAR LEXER file PARSER file): runs the ANTLR tool (4.7.2, Debian's
# /usr/bin/antlr4) into ${CMAKE_CURRENT_BINARY_DIR}/gen at build time. Generated files are never
# committed. Sets OUT_VAR to the generated .cpp files.
find_program(PAICHA_ANTLR4 antlr4 REQUIRED)
function(paicha_antlr_generate out_var)
  cmake_parse_arguments(A "" "LEXER;PARSER" "" ${ARGN})
  set(gen ${CMAKE_CURRENT_BINARY_DIR}/gen)
  get_filename_component(lname ${A_LEXER} NAME_WE)
  get_filename_component(pname ${A_PARSER} NAME_WE)
  set(outs ${gen}/${lname}.cpp ${gen}/${pname}.cpp ${gen}/${pname}BaseVisitor.cpp
           ${gen}/${pname}Visitor.cpp)
  add_custom_command(
    OUTPUT ${outs} ${gen}/${lname}.h ${gen}/${pname}.h ${gen}/${pname}Visitor.h
           ${gen}/${pname}BaseVisitor.h
    COMMAND ${CMAKE_COMMAND} -E make_directory ${gen}
    COMMAND ${PAICHA_ANTLR4} -Dlanguage=Cpp -visitor -no-listener -package paicha_grammar
            -Xexact-output-dir -o ${gen} ${A_LEXER} ${A_PARSER}
    DEPENDS ${A_LEXER} ${A_PARSER}
    COMMENT "ANTLR: generating the rulebook parser"
    VERBATIM)
  set(${out_var} ${outs} PARENT_SCOPE)
endfunction()
