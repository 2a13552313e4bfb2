// The hand-written lexer must agree with ANTLR's lexer generated from RulebookLexer.g4, token
// for token (kind and byte range): on every literal alias in the .g4, on the goldens and on
// random inputs.
#include "parse/lexer.h"

#include <gtest/gtest.h>

#include <dirent.h>

#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <string>

#include "RulebookLexer.h"

namespace paicha::compiler::parse_internal {
namespace {

using L = paicha_grammar::RulebookLexer;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Describe(const std::vector<RawToken>& ts, std::string_view text) {
  std::string out;
  for (const RawToken& t : ts) {
    out += std::to_string(t.type) + ":" + std::string(text.substr(t.begin, t.end - t.begin)) + " ";
  }
  return out;
}

void ExpectSame(std::string_view text) {
  std::vector<RawToken> a = LexWithAntlr(text);
  std::vector<RawToken> b = Lex(text);
  bool same = a.size() == b.size();
  for (size_t i = 0; same && i < a.size(); ++i) {
    same = a[i].type == b[i].type && a[i].begin == b[i].begin && a[i].end == b[i].end;
  }
  EXPECT_TRUE(same) << "text: " << text << "\nantlr: " << Describe(a, text)
                    << "\nhand:  " << Describe(b, text);
}

std::vector<std::string> Aliases() {
  // Literals of the token rules only: comment lines (which may contain apostrophes) and
  // fragments are skipped.
  std::istringstream g4(ReadFile(PAICHA_LEXER_G4));
  std::vector<std::string> out;
  std::regex rule(R"(^[A-Z_]+\s*:)");
  std::regex lit(R"('((?:[^'\\]|\\.)*)')");
  for (std::string line; std::getline(g4, line);) {
    if (!std::regex_search(line, rule)) continue;
    for (auto it = std::sregex_iterator(line.begin(), line.end(), lit);
         it != std::sregex_iterator(); ++it) {
      std::string s = (*it)[1];
      if (s.find('\\') == std::string::npos) out.push_back(s);
    }
  }
  return out;
}

TEST(LexerTest, EveryAliasOfTheGrammar) {
  std::vector<std::string> aliases = Aliases();
  ASSERT_GT(aliases.size(), 150u);
  std::string all;
  for (const std::string& a : aliases) {
    all += a + " ";
    ExpectSame(a);
    ExpectSame(a + "x");  // glued to a letter: an identifier (longest match)
    ExpectSame("x" + a);
    ExpectSame(a + "1");
    ExpectSame(a + a);
    ExpectSame("(" + a + ")");
  }
  ExpectSame(all);
}

TEST(LexerTest, LiteralsCommentsAndOddities) {
  for (const char* text :
       {"2023-05-15 2023-5-15 12 0.30 1. .5 30kPa 0.3‰ 85％ 20°C 20°F 20℃ m² m³ x²",
        "\"a\\\"b\" “引\\”号” \"bad\\q\" \"open\n“open\n\"\\“x\"", "# c\n// c\n/* c */ /* open",
        "a/b a//b a/*b*/c", "_x __ x_1 Ⅻ ①",
        // Adjacent literals here and below are split on purpose (a hex escape must not swallow
        // the next letter: "\xA0" "c"); they are not missing commas.
        // NOLINTNEXTLINE(bugprone-suspicious-missing-comma)
        "\xEF\xBB\xBF"
        "定义",
        "a\xE3\x80\x80"
        "b\xC2\xA0"
        "c\xEF\xBB\xBF"
        "d",
        "＂ ＃ ￥ 。 … · \x01 \x7F", "!!= !== <== >=> &&& |||",
        "不属于 不等于 不大于 不小于 不属于x 且并且 或者或 非非",
        "not_in not_inx any_of at_least_"}) {
    ExpectSame(text);
  }
  ExpectSame(std::string("a\0b", 3));
}

TEST(LexerTest, Goldens) {
  std::string dirs = PAICHA_GOLDEN_DIRS;
  size_t files = 0;
  for (size_t start = 0; start < dirs.size();) {
    size_t colon = dirs.find(':', start);
    std::string dir = dirs.substr(start, colon == std::string::npos ? colon : colon - start);
    start = colon == std::string::npos ? dirs.size() : colon + 1;
    DIR* d = opendir(dir.c_str());
    ASSERT_NE(d, nullptr) << dir;
    // readdir_r is deprecated in glibc; readdir is thread-safe on a DIR* used by one thread.
    // cppcheck-suppress readdirCalled
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() < 6 || name.substr(name.size() - 6) != ".rules") continue;
      ExpectSame(ReadFile(dir + "/" + name));
      ++files;
    }
    closedir(d);
  }
  EXPECT_GT(files, 10u);
}

TEST(LexerTest, RandomInputs) {
  std::vector<std::string> pieces = Aliases();
  for (const char* p : {" ", "\n", "x", "名", "1",  "2023-05-15", "\"", "“", "”",    "\\", "#", "/",
                        "*", "²",  "_", "\t", "　", "@",          "0.", "-", "项目", "至", "少"}) {
    pieces.emplace_back(p);
  }
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::string s;
    size_t n = 1 + rng() % 40;
    for (size_t i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
    ExpectSame(s);
  }
}

}  // namespace
}  // namespace paicha::compiler::parse_internal
