// Internal to compiler/parse: builds the ast::File from an error-free ANTLR parse tree.
//
// Requires: the tree comes from a parse that reported no error, and its tokens' start/stop
// indexes have been rewritten to BYTE offsets into `source` (see parse.cc). Expression nodes get
// their height; a chain that would exceed ast::kMaxExprHeight is reported (E0103) and the build
// fails. Returns nullptr after reporting an error.
#ifndef PAICHA_COMPILER_PARSE_AST_BUILDER_H_
#define PAICHA_COMPILER_PARSE_AST_BUILDER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "RulebookParser.h"
#include "ast/ast.h"
#include "paicha/compiler/diagnostic.h"
#include "paicha/compiler/source.h"

namespace paicha::compiler::parse_internal {

// The string's value: quotes removed, escapes \" \\ \n \t \“ \” resolved. `raw` is a STRING
// token's text, quotes included ("…" or “…”).
std::string Unescape(std::string_view raw);

std::unique_ptr<ast::File> BuildAst(paicha_grammar::RulebookParser::FileContext* tree,
                                    const Source& source, FileId file, DiagnosticSink& sink,
                                    std::vector<Span> comments);

}  // namespace paicha::compiler::parse_internal

#endif  // PAICHA_COMPILER_PARSE_AST_BUILDER_H_
