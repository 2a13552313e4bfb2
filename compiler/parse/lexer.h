// Internal to compiler/parse: a hand-written lexer equivalent to grammar/RulebookLexer.g4.
//
// Why: ANTLR's C++ lexer caches DFA transitions only for ASCII; every Han character goes through
// full ATN simulation, which made lexing a Chinese rulebook ~0.5 s per MB. This lexer produces
// the same token kinds (RulebookLexer's numbering) with byte offsets directly, at memory speed.
// The .g4 stays the specification: lexer_test checks that both lexers produce identical token
// streams on every keyword alias, the goldens and random inputs.
//
// Rules (as ANTLR applies them): longest match; on a tie the earlier rule (keywords before ID).
// Requires valid UTF-8 (checked before lexing).
#ifndef PAICHA_COMPILER_PARSE_LEXER_H_
#define PAICHA_COMPILER_PARSE_LEXER_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace paicha::compiler::parse_internal {

struct RawToken {
  uint32_t type;   // RulebookLexer token type (WS is never produced)
  uint32_t begin;  // byte offsets [begin, end)
  uint32_t end;
};

// Lexes `text` into every token except whitespace (comments and ERROR_CHAR included), in order,
// without an EOF token.
std::vector<RawToken> Lex(std::string_view text);

// The same through ANTLR's generated lexer (byte offsets), for the equivalence test.
std::vector<RawToken> LexWithAntlr(std::string_view text);

}  // namespace paicha::compiler::parse_internal

#endif  // PAICHA_COMPILER_PARSE_LEXER_H_
