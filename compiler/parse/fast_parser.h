// Internal to compiler/parse: a hand-written recursive-descent parser for the grammar of
// grammar/RulebookParser.g4 that builds the ast::File directly from the hand lexer's tokens.
//
// Why: on valid files ANTLR spends most of its time allocating and destroying the parse tree
// (about 2.5 rule contexts per token, nine nested contexts for a bare name in an expression).
// The .g4 stays the specification and ANTLR stays the path for everything else: this parser
// either succeeds, giving exactly the AST that the ANTLR parse tree + ast_builder give, or it
// declines (returns nullptr, reports nothing) at the first token it does not expect, and the
// caller re-parses with ANTLR, whose recovery and diagnostics are unchanged. It also declines
// when an expression exceeds ast::kMaxExprHeight, so that E0103 keeps coming from one place.
// fast_parser_test checks both paths agree on every rulebook of the repository and on
// thousands of mutated ones.
//
// Choices between alternatives are made on one or two tokens of lookahead, taking the first
// alternative of the grammar that can start there (optional parts and loops are entered
// whenever their first token is seen). That is the choice ANTLR makes whenever that
// alternative leads to a successful parse; when it does not, this parser fails and declines.
#ifndef PAICHA_COMPILER_PARSE_FAST_PARSER_H_
#define PAICHA_COMPILER_PARSE_FAST_PARSER_H_

#include <memory>
#include <vector>

#include "ast/ast.h"
#include "paicha/compiler/source.h"
#include "parse/lexer.h"

namespace paicha::compiler::parse_internal {

// Parses `tokens` (default-channel tokens of `source` without lexical errors, byte offsets,
// the last one of type kEofType). Returns nullptr when the parser declines. The result has no
// comments; the caller adds them. Recursion is bounded by the nesting pre-scan of parse.cc
// (the caller runs it first) and by a depth guard of its own.
std::unique_ptr<ast::File> FastParse(const std::vector<RawToken>& tokens, const Source& source,
                                     FileId file);

// Type of the end-of-file token in the vector passed to FastParse (ANTLR's EOF, -1).
inline constexpr uint32_t kEofType = static_cast<uint32_t>(-1);

}  // namespace paicha::compiler::parse_internal

#endif  // PAICHA_COMPILER_PARSE_FAST_PARSER_H_
