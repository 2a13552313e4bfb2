// The byte automata of byte_dfa.h against RE2::PartialMatch itself: every supported pattern on
// hand-picked texts, every one-byte edit of them, and random texts over the pattern's own bytes
// plus newlines, invalid UTF-8 and other characters.
#include "paicha/rt/byte_dfa.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <set>
#include <string>
#include <vector>

namespace paicha::rt {
namespace {

bool MatchOf(const ByteDfa& d, std::string_view text) { return d.Match(text); }

struct Case {
  const char* pattern;
  std::vector<std::string> texts;  // seeds: each is tried, and every one-byte edit of it
};

std::vector<Case> SupportedCases() {
  return {
      // The peer workload's two identifier checks and a shipped rulebook's credit code.
      {"^T[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]$",
       {"T338895198901315391", "T33889519890131539X", "T338895209912312390", "T038895198901315391",
        "T3388951989013153911", "T33889519891301539", ""}},
      {"^(京|津|沪|渝|冀|豫|云|辽|黑|湘|皖|鲁|新|苏|浙|赣|鄂|桂|甘|晋|蒙|陕|吉|闽|贵|粤|青|藏|川|"
       "宁|琼)安考(冶|有)字〔20(1[5-9]|2[0-4])〕[0-9]{6}$",
       {"京安考冶字〔2019〕123456", "琼安考有字〔2024〕000000", "港安考冶字〔2019〕123456",
        "京安考冶字〔2025〕123456", "京安考冶字〔2019〕12345"}},
      {"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$",
       {"91HQJ4AXWCGMMRLHBB", "91330100MA2KXXXXX1", "9133010012345678AB"}},
      // Unanchored searches, anchors in odd places, empty alternatives, nested repetition.
      {"", {"", "a"}},
      {"a", {"", "a", "bab", "\n"}},
      {"^", {"", "x"}},
      {"$", {"", "x"}},
      {"^$", {"", "x", "\n"}},
      {"$^", {"", "x"}},
      {"a$b", {"ab", "a"}},
      {"a^b", {"ab"}},
      {"^a|b$", {"a", "xa", "b", "bx", "xb"}},
      {"(a|)+b", {"b", "aab", "xb", "a"}},
      {"(a*)*b", {"aaab", "c"}},
      {"(a|b)*c$", {"ababc", "abcx", "c"}},
      {"a{2,3}", {"a", "aa", "xaaax"}},
      {"^a{2,3}$", {"a", "aa", "aaa", "aaaa"}},
      {"^a{0}b", {"b", "ab"}},
      {"^a{2,}$", {"a", "aa", "aaaaa"}},
      {"^[a-c]{3}x?$", {"abc", "abcx", "abcxx", "abd"}},
      {R"(^\d+\.\d{1,2}$)", {"1.5", "12.34", "1.234", "1x5", ".5"}},
      {R"(\s\w)", {" a", "\ta", "\va", "a b", "_"}},
      {R"(^[\d_-]+$)", {"1-2_3", "1+2", "-"}},
      {"[-a]b", {"-b", "ab", "cb"}},
      {"x[a-]", {"x-", "xa", "xb"}},
      {R"(^\.\*\?$)", {".*?", "a*?"}},
      {"京+", {"京", "京京", "亰", "北京市"}},
      {"^(京|津)安[0-9]{2}$", {"京安12", "津安99", "沪安12"}},
      {"ab*?c", {"ac", "abbbc", "ab"}},
      {"^(?:ab)+$", {"ab", "abab", "aba"}},
      {"(?P<n>x)y", {"xy", "x y"}},
      {R"(^\n\t\r\f\v\a$)", {"\n\t\r\f\v\a"}},
      {R"(^(19|20)?\d\d$)", {"1999", "99", "2099", "3099"}},
  };
}

TEST(ByteDfaTest, AgreesWithRe2) {
  std::mt19937 rng(20261202);
  size_t matched = 0, unmatched = 0;
  for (const Case& c : SupportedCases()) {
    SCOPED_TRACE(c.pattern);
    RE2 re(c.pattern);
    ASSERT_TRUE(re.ok()) << re.error();
    const std::optional<ByteDfa> d = BuildByteDfa(c.pattern);
    ASSERT_TRUE(d.has_value());
    // The alphabet: the pattern's bytes, and bytes it never mentions.
    std::set<char> bytes(c.pattern, c.pattern + std::string_view(c.pattern).size());
    for (char b : std::string("09aXT \n\x80\xff\xe4")) bytes.insert(b);
    const std::vector<char> alphabet(bytes.begin(), bytes.end());
    std::vector<std::string> texts;
    for (const std::string& t : c.texts) {
      texts.push_back(t);
      texts.push_back(t + "\n");
      texts.push_back("x" + t);
      for (size_t i = 0; i <= t.size(); ++i) {
        if (i < t.size()) texts.push_back(t.substr(0, i) + t.substr(i + 1));  // delete
        for (char b : alphabet) {
          texts.push_back(t.substr(0, i) + b + t.substr(i));                        // insert
          if (i < t.size()) texts.push_back(t.substr(0, i) + b + t.substr(i + 1));  // replace
        }
      }
    }
    std::uniform_int_distribution<size_t> len(0, 24), pick(0, alphabet.size() - 1);
    for (int k = 0; k < 2000; ++k) {
      std::string t(len(rng), ' ');
      for (char& ch : t) ch = alphabet[pick(rng)];
      texts.push_back(std::move(t));
    }
    // An empty text without data (Arena::CopyString gives one).
    EXPECT_EQ(MatchOf(*d, std::string_view()), RE2::PartialMatch("", re));
    for (const std::string& t : texts) {
      const bool want = RE2::PartialMatch(t, re);
      ASSERT_EQ(MatchOf(*d, t), want) << "text \"" << t << "\"";
      (want ? matched : unmatched) += 1;
    }
  }
  // Both outcomes were exercised plenty.
  EXPECT_GT(matched, 10000u);
  EXPECT_GT(unmatched, 10000u);
}

TEST(ByteDfaTest, LeavesTheRestToRe2) {
  for (const char* p : {".", "a.c", "[^a]", "(?i)a", "\\pN", "\\p{Han}", "\\bx", "\\x41", "\\D",
                        "[[:alpha:]]", "[京津]", "a{,3}", "\\Qa.b\\E", "\\1", "\\z", "\\C"}) {
    SCOPED_TRACE(p);
    EXPECT_FALSE(BuildByteDfa(p).has_value());
  }
}

TEST(ByteDfaTest, StaysWithinTheSizeLimits) {
  // 1000 × 1000 copies would be a million NFA nodes: given up, not built.
  EXPECT_FALSE(BuildByteDfa("(a{1000}){1000}").has_value());
  // Within the node and state limits (about 4,000 nodes, 1,001 states) but each state's closure
  // runs through the rest of the optional copies: past the work bound, so RE2 keeps it.
  EXPECT_FALSE(BuildByteDfa("^[a-z]{0,1000}$").has_value());
  EXPECT_TRUE(BuildByteDfa("^[a-z]{0,100}$").has_value());
  // The classic exponential blow-up of the subset construction: (a|b)*a(a|b){n} needs 2^(n+1)
  // states; n = 12 is past the state limit, n = 4 is not.
  EXPECT_FALSE(BuildByteDfa("(a|b)*a(a|b){12}").has_value());
  const std::optional<ByteDfa> small = BuildByteDfa("(a|b)*a(a|b){4}");
  ASSERT_TRUE(small.has_value());
  RE2 re("(a|b)*a(a|b){4}");
  for (const char* t : {"aaaaa", "abbbb", "babbbb", "bbbbb", "abbb"}) {
    EXPECT_EQ(MatchOf(*small, t), RE2::PartialMatch(t, re)) << t;
  }
}

}  // namespace
}  // namespace paicha::rt
