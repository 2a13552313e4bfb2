// Hand-written lexer; see lexer.h. Token rules mirror grammar/RulebookLexer.g4 in its order.
#include "parse/lexer.h"

#include <unicode/uchar.h>

#include <iterator>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "RulebookLexer.h"
#include "antlr4-runtime.h"

namespace paicha::compiler::parse_internal {
namespace {

using L = paicha_grammar::RulebookLexer;

#include "parse/lexer_tables.inc"

struct Symbol {
  std::string_view text;
  uint32_t type;
};
#define PAICHA_SYMBOL_ENTRY(text, type) Symbol{text, L::type},
constexpr Symbol kSymbols[] = {PAICHA_SYMBOLS(PAICHA_SYMBOL_ENTRY)};
#undef PAICHA_SYMBOL_ENTRY

// kSymbols grouped by first byte, each group in kSymbols order (longest first), so a symbol is
// found by comparing against the few that share its first byte instead of all of them.
struct SymbolIndex {
  std::vector<uint8_t> by_first[256];
  SymbolIndex() {
    for (size_t k = 0; k < std::size(kSymbols); ++k) {
      by_first[static_cast<unsigned char>(kSymbols[k].text[0])].push_back(static_cast<uint8_t>(k));
    }
  }
};
const SymbolIndex& Symbols() {
  static const auto* index = new SymbolIndex();
  return *index;
}

const std::unordered_map<std::string_view, uint32_t>& WordKeywords() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<std::string_view, uint32_t>();
#define PAICHA_WORD_ENTRY(text, type) m->emplace(text, L::type);
    PAICHA_WORD_KEYWORDS(PAICHA_WORD_ENTRY)
#undef PAICHA_WORD_ENTRY
    return m;
  }();
  return *map;
}

// Decodes the code point at `i` (valid UTF-8 required) and its length.
inline uint32_t Decode(std::string_view s, size_t i, size_t* len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  size_t n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (i + n > s.size()) n = s.size() - i;
  uint32_t cp = c & (0xFF >> (n + 1));
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *len = n;
  return cp;
}

inline bool IsLetter(uint32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  if (cp >= 0x4E00 && cp <= 0x9FFF) return true;  // CJK Unified Ideographs (Lo)
  switch (u_charType(static_cast<UChar32>(cp))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
      return true;
    default:
      return false;
  }
}
inline bool IsNumber(uint32_t cp) {
  if (cp < 0x80) return cp >= '0' && cp <= '9';
  switch (u_charType(static_cast<UChar32>(cp))) {
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
      return true;
    default:
      return false;
  }
}
// fragment ID_START : [\p{L}_] ;  fragment ID_PART : [\p{L}\p{N}_] ;
inline bool IsIdStart(uint32_t cp) { return cp == '_' || IsLetter(cp); }
inline bool IsIdPart(uint32_t cp) { return cp == '_' || IsLetter(cp) || IsNumber(cp); }
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// WS : [ \t\r\n\u3000\u00A0\uFEFF]+
inline bool IsWs(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 || cp == 0xA0 ||
         cp == 0xFEFF;
}

// STRING : '"' ( ~["\\\r\n] | ESCAPE )* '"' | '“' ( ~[”\\\r\n] | ESCAPE )* '”' ;
// ESCAPE : '\\' [\\"nt“”]. Returns the end of the string or 0 when it does not match.
size_t MatchString(std::string_view s, size_t i, std::string_view close) {
  size_t j = i;
  while (j < s.size()) {
    char c = s[j];
    if (c == '\r' || c == '\n') return 0;
    if (c == '\\') {
      if (j + 1 >= s.size()) return 0;
      char n = s[j + 1];
      if (n == '\\' || n == '"' || n == 'n' || n == 't') {
        j += 2;
      } else if (s.compare(j + 1, 3, "“") == 0 || s.compare(j + 1, 3, "”") == 0) {
        j += 4;
      } else {
        return 0;
      }
      continue;
    }
    if (s.compare(j, close.size(), close) == 0) return j + close.size();
    size_t len;
    Decode(s, j, &len);
    j += len;
  }
  return 0;
}

}  // namespace

std::vector<RawToken> Lex(std::string_view text) {
  std::vector<RawToken> out;
  out.reserve(text.size() / 4);
  const auto& words = WordKeywords();
  const SymbolIndex& symbols = Symbols();
  size_t i = 0;
  auto emit = [&](uint32_t type, size_t b, size_t e) {
    out.push_back(RawToken{type, static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
  };
  while (i < text.size()) {
    size_t len;
    uint32_t cp = Decode(text, i, &len);
    if (IsWs(cp)) {
      i += len;
      continue;
    }
    char c = text[i];
    // LINE_COMMENT : ('#' | '//') ~[\r\n]* ;  BLOCK_COMMENT : '/*' .*? '*/' ;
    if (c == '#' || (c == '/' && i + 1 < text.size() && text[i + 1] == '/')) {
      size_t j = i;
      while (j < text.size() && text[j] != '\r' && text[j] != '\n') ++j;
      emit(L::LINE_COMMENT, i, j);
      i = j;
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t close = text.find("*/", i + 2);
      if (close != std::string_view::npos) {
        emit(L::BLOCK_COMMENT, i, close + 2);
        i = close + 2;
        continue;
      }
      // Unterminated: ANTLR falls back to SLASH (below).
    }
    // STRING
    if (c == '"' || text.compare(i, 3, "“") == 0) {
      size_t e = MatchString(text, i + len, c == '"' ? std::string_view("\"") : "”");
      if (e != 0) {
        emit(L::STRING, i, e);
        i = e;
        continue;
      }
      emit(L::ERROR_CHAR, i, i + len);
      i += len;
      continue;
    }
    // DATE : DDDD '-' DD '-' DD ;  DECIMAL : DIGIT+ '.' DIGIT+ ;  INT : DIGIT+ ;
    if (IsDigit(c)) {
      size_t j = i;
      while (j < text.size() && IsDigit(text[j])) ++j;
      if (j - i == 4 && j + 6 <= text.size() && text[j] == '-' && IsDigit(text[j + 1]) &&
          IsDigit(text[j + 2]) && text[j + 3] == '-' && IsDigit(text[j + 4]) &&
          IsDigit(text[j + 5])) {
        emit(L::DATE, i, j + 6);
        i = j + 6;
        continue;
      }
      if (j + 1 < text.size() && text[j] == '.' && IsDigit(text[j + 1])) {
        size_t k = j + 1;
        while (k < text.size() && IsDigit(text[k])) ++k;
        emit(L::DECIMAL, i, k);
        i = k;
        continue;
      }
      emit(L::INT, i, j);
      i = j;
      continue;
    }
    // Word keywords and ID : ID_START ID_PART* (a keyword wins a tie: it is declared first).
    if (IsIdStart(cp)) {
      size_t j = i + len;
      while (j < text.size()) {
        size_t l2;
        uint32_t c2 = Decode(text, j, &l2);
        if (!IsIdPart(c2)) break;
        j += l2;
      }
      auto it = words.find(text.substr(i, j - i));
      emit(it != words.end() ? it->second : static_cast<uint32_t>(L::ID), i, j);
      i = j;
      continue;
    }
    // Symbols, longest first; anything else is one ERROR_CHAR.
    bool matched = false;
    for (uint8_t k : symbols.by_first[static_cast<unsigned char>(c)]) {
      const Symbol& sym = kSymbols[k];
      if (text.compare(i, sym.text.size(), sym.text) == 0) {
        emit(sym.type, i, i + sym.text.size());
        i += sym.text.size();
        matched = true;
        break;
      }
    }
    if (matched) continue;
    emit(L::ERROR_CHAR, i, i + len);
    i += len;
  }
  return out;
}

std::vector<RawToken> LexWithAntlr(std::string_view text) {
  std::vector<RawToken> out;
  antlr4::ANTLRInputStream input{std::string(text)};
  L lexer(&input);
  lexer.removeErrorListeners();
  size_t cp = 0, byte = 0;
  // ANTLRInputStream drops a leading byte order mark.
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0 && input.LA(1) != 0xFEFF) {
    byte = 3;
  }
  auto byte_of = [&](size_t target) {
    while (cp < target && byte < text.size()) {
      size_t len;
      Decode(text, byte, &len);
      byte += len;
      ++cp;
    }
    return byte;
  };
  for (;;) {
    std::unique_ptr<antlr4::Token> t = lexer.nextToken();
    if (t->getType() == antlr4::Token::EOF) break;
    size_t b = byte_of(t->getStartIndex());
    size_t e = byte_of(t->getStopIndex() + 1);
    if (t->getType() == L::WS) continue;
    out.push_back(RawToken{static_cast<uint32_t>(t->getType()), static_cast<uint32_t>(b),
                           static_cast<uint32_t>(e)});
  }
  return out;
}

}  // namespace paicha::compiler::parse_internal
