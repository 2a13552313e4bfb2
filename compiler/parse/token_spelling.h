// How a token kind is spelled to a user, in English or Chinese: "“)”", "“当”", "名称".
//
// Used to render the expected-token set of a syntax error in the file's own keyword language
// ("应为“)”或“，”"), never ANTLR's token names. Internal to compiler/parse.
#ifndef PAICHA_COMPILER_PARSE_TOKEN_SPELLING_H_
#define PAICHA_COMPILER_PARSE_TOKEN_SPELLING_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace paicha::compiler::parse_internal {

// The spelling of token type `type` (RulebookLexer's numbering; -1 is end of file): a keyword or
// punctuation as the author would type it (first alias of the requested language), or a
// category word for literal kinds (名称/name, 字符串/string). `quoted` tells whether the result is
// literal text that the caller should quote. Returns an empty view for unknown types.
struct Spelling {
  std::string_view text;
  bool quoted = true;
};
Spelling TokenSpelling(int64_t type, bool zh);

// Number of token types (max type + 1) covered by the table; a unit test checks it matches the
// generated lexer's vocabulary.
size_t TokenSpellingCount();

}  // namespace paicha::compiler::parse_internal

#endif  // PAICHA_COMPILER_PARSE_TOKEN_SPELLING_H_
