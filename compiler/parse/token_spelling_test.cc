// The spelling table must cover exactly the generated lexer's token types.
#include "parse/token_spelling.h"

#include <gtest/gtest.h>

#include "RulebookLexer.h"

namespace paicha::compiler::parse_internal {
namespace {

TEST(TokenSpellingTest, CoversEveryTokenType) {
  // ERROR_CHAR is the last token rule of RulebookLexer.g4.
  EXPECT_EQ(TokenSpellingCount(), paicha_grammar::RulebookLexer::ERROR_CHAR + 1u);
  for (int64_t t = 1; t <= paicha_grammar::RulebookLexer::ERROR_CHAR; ++t) {
    EXPECT_FALSE(TokenSpelling(t, false).text.empty()) << t;
    EXPECT_FALSE(TokenSpelling(t, true).text.empty()) << t;
  }
}

TEST(TokenSpellingTest, KeywordsInBothLanguages) {
  EXPECT_EQ(TokenSpelling(paicha_grammar::RulebookLexer::WHEN, true).text, "当");
  EXPECT_EQ(TokenSpelling(paicha_grammar::RulebookLexer::WHEN, false).text, "when");
  EXPECT_EQ(TokenSpelling(paicha_grammar::RulebookLexer::COMMA, true).text, "，");
  EXPECT_EQ(TokenSpelling(paicha_grammar::RulebookLexer::RPAREN, true).text, ")");
  EXPECT_FALSE(TokenSpelling(paicha_grammar::RulebookLexer::ID, true).quoted);
  EXPECT_EQ(TokenSpelling(-1, true).text, "文件结尾");
  EXPECT_TRUE(TokenSpelling(1000, true).text.empty());
}

}  // namespace
}  // namespace paicha::compiler::parse_internal
