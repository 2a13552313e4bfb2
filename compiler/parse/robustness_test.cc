// Robustness: hostile or huge inputs give diagnostics or a clean limit error, never a crash, a
// hang, or ANTLR's own message text. Also run under ASan+UBSan (PAICHA_SANITIZE).
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <random>
#include <string>
#include <variant>

#include "parse/parse.h"

namespace paicha::compiler {
namespace {

struct Result {
  std::unique_ptr<ast::File> file;
  std::vector<Diagnostic> diags;
};

Result ParseText(std::string text) {
  SourceManager sm;
  FileId id = sm.Add("r.rules", std::move(text));
  DiagnosticSink sink;
  Result r;
  r.file = ParseFile(sm.Get(id), id, sink);
  r.diags = sink.Sorted();
  // Contract: an AST exactly when there is no error.
  EXPECT_EQ(r.file == nullptr, sink.has_errors());
  // Never ANTLR's English messages: every argument is one of ours.
  for (const Diagnostic& d : r.diags) {
    for (const DiagArg& a : d.args) {
      if (const auto* s = std::get_if<std::string>(&a.value)) {
        EXPECT_EQ(s->find("mismatched input"), std::string::npos);
        EXPECT_EQ(s->find("extraneous input"), std::string::npos);
        EXPECT_EQ(s->find("no viable alternative"), std::string::npos);
        EXPECT_EQ(s->find("token recognition error"), std::string::npos);
      }
    }
  }
  return r;
}

bool Has(const Result& r, DiagKind kind) {
  return std::any_of(r.diags.begin(), r.diags.end(),
                     [kind](const auto& d) { return d.kind == kind; });
}

TEST(RobustnessTest, InvalidUtf8AtExactByte) {
  std::string text = "定义 a = 1\n定义 b = \"\xC3\x28\"\n";
  Result r = ParseText(text);
  ASSERT_EQ(r.diags.size(), 1u);
  EXPECT_EQ(r.diags[0].kind, DiagKind::kInvalidUtf8);
  EXPECT_EQ(r.diags[0].span.begin, text.find('\xC3'));
  // Overlong, surrogate, above U+10FFFF, truncated.
  for (std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE4\xB8", "\xFF"}) {
    Result b = ParseText("定义 a = " + bad);
    ASSERT_EQ(b.diags.size(), 1u);
    EXPECT_EQ(b.diags[0].kind, DiagKind::kInvalidUtf8);
    EXPECT_EQ(b.diags[0].span.begin, 11u);  // after "定义 a = "
  }
}

TEST(RobustnessTest, EmptyAndCommentOnly) {
  EXPECT_NE(ParseText("").file, nullptr);
  EXPECT_NE(ParseText("\n\n   \t").file, nullptr);
  EXPECT_NE(ParseText("# 只有注释\n/* block */ // line").file, nullptr);
  EXPECT_NE(ParseText("\xEF\xBB\xBF").file, nullptr);  // lone BOM
}

TEST(RobustnessTest, RandomBytes) {
  std::mt19937 rng(20240515);
  std::string text(1 << 20, '\0');
  for (char& c : text) c = static_cast<char>(rng());
  Result r = ParseText(text);
  EXPECT_TRUE(Has(r, DiagKind::kInvalidUtf8));

  // Random valid UTF-8 drawn from the language's own alphabet: exercises the lexer repairs,
  // error recovery and the recovery limit.
  const char* pieces[] = {"定义", "条目", "当",   "且", "或",   "非",   "(",  ")",
                          "{",    "}",    "[",    "]",  "“",    "”",    "\"", "x",
                          "1",    "2.5",  "，",   "：", "；",   "@",    "\\", "/*",
                          " ",    "\n",   "如果", "则", "否则", "至少", "项", "有下列情形之一",
                          "."};
  for (int round = 0; round < 5; ++round) {
    std::string s;
    while (s.size() < 50000) s += pieces[rng() % (sizeof(pieces) / sizeof(pieces[0]))];
    Result q = ParseText(s);
    EXPECT_LE(q.diags.size(), DiagnosticSink::kMaxErrors + 1);
  }
}

TEST(RobustnessTest, DeepParentheses) {
  std::string text = "定义 a = " + std::string(100000, '(') + "1" + std::string(100000, ')');
  Result r = ParseText(text);
  ASSERT_EQ(r.diags.size(), 1u);
  EXPECT_EQ(r.diags[0].kind, DiagKind::kNestingTooDeep);

  std::string ok = "定义 a = " + std::string(150, '(') + "1" + std::string(150, ')');
  EXPECT_NE(ParseText(ok).file, nullptr);
}

TEST(RobustnessTest, DeepBraces) {
  Result r = ParseText("章节 \"a\" " + std::string(100000, '{'));
  ASSERT_EQ(r.diags.size(), 1u);
  EXPECT_EQ(r.diags[0].kind, DiagKind::kNestingTooDeep);

  std::string nested;
  for (int i = 0; i < 100000; ++i) nested += "章节 \"s\" {";
  EXPECT_TRUE(Has(ParseText(nested), DiagKind::kNestingTooDeep));
}

TEST(RobustnessTest, LongFlatInputs) {
  // 100,000 prefix operators, ternaries and member accesses.
  EXPECT_TRUE(
      Has(ParseText("定义 a = " + std::string(100000, '!') + "x"), DiagKind::kNestingTooDeep));
  std::string q = "定义 a = x";
  for (int i = 0; i < 100000; ++i) q += " ? x : x";
  EXPECT_TRUE(Has(ParseText(q), DiagKind::kNestingTooDeep));
  std::string m = "定义 a = x";
  for (int i = 0; i < 100000; ++i) m += ".y";
  EXPECT_TRUE(Has(ParseText(m), DiagKind::kExprTooComplex));
  std::string l = "定义 a = [";
  for (int i = 0; i < 100000; ++i) l += "1, ";
  l += "1]";
  EXPECT_NE(ParseText(l).file, nullptr);
}

TEST(RobustnessTest, UnterminatedStringAndOddCharacters) {
  EXPECT_TRUE(Has(ParseText("定义 a = \"abc"), DiagKind::kUnterminatedString));
  EXPECT_TRUE(Has(ParseText("定义 a = “abc\n定义 b = 1"), DiagKind::kUnterminatedString));
  EXPECT_TRUE(Has(ParseText("定义 a = 1 /* no end"), DiagKind::kUnterminatedComment));
  for (const char* lone : {"＂", "＃", "￥", "。", "…", "　", "％"}) {
    Result r = ParseText(std::string("定义 a = 1 ") + lone + " 2");
    (void)r;  // full-width space and ％ are valid tokens; the others are bad characters
  }
  Result nul = ParseText(std::string("定义 a = 1\0 + 2", 15));
  ASSERT_FALSE(nul.diags.empty());
  EXPECT_EQ(nul.diags[0].kind, DiagKind::kBadCharacter);
}

TEST(RobustnessTest, FileTooLarge) {
  Result r = ParseText(std::string(kMaxSourceBytes + 1, ' '));
  ASSERT_EQ(r.diags.size(), 1u);
  EXPECT_EQ(r.diags[0].kind, DiagKind::kFileTooLarge);
}

std::string GeneratedRulebook(size_t bytes, bool zh) {
  std::string out = zh ? "输入 {\n  a: 整数\n  b: 布尔\n  l: 列表 { x: 整数(人) }\n}\n"
                       : "input {\n  a: int\n  b: bool\n  l: list { x: int(p) }\n}\n";
  for (int i = 0; out.size() < bytes; ++i) {
    std::string n = std::to_string(i);
    if (zh) {
      out += "章节 S" + n + " \"第" + n + "章\" {\n  适用 b 且 a >= " + n + "\n  条目 GM" + n +
             " \"检查项目\" {\n    依据 \"标准 第" + n +
             "条\"\n    等级 重大事故隐患\n    当 l.exists(s, s.x >= 3 人 且 非 b) 或 (a + " + n +
             ") * 2 > 10\n    整改时限 30 天\n  }\n}\n";
    } else {
      out += "section S" + n + " \"Section " + n + "\" {\n  applies b and a >= " + n +
             "\n  item GM" + n + " \"Check\" {\n    clause \"Standard " + n +
             "\"\n    level major\n    when l.exists(s, s.x >= 3 p and not b) or (a + " + n +
             ") * 2 > 10\n    deadline 30 d\n  }\n}\n";
    }
  }
  return out;
}

// Sanitizer and unoptimised builds run ~20x slower: they parse 2 MB and skip the time bound.
#if defined(__SANITIZE_ADDRESS__) || !defined(__OPTIMIZE__)
constexpr size_t kBigRulebookBytes = 2u << 20;
constexpr bool kCheckTime = false;
#else
constexpr size_t kBigRulebookBytes = 10u << 20;
constexpr bool kCheckTime = true;
#endif

TEST(RobustnessTest, TenMegabyteRulebook) {
  std::clock_t start = std::clock();  // CPU time: the machine may be shared
  Result r = ParseText(GeneratedRulebook(kBigRulebookBytes, /*zh=*/false));
  double s = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  ASSERT_NE(r.file, nullptr);
  EXPECT_GT(r.file->decls.size(), kBigRulebookBytes / 1000);
  if (kCheckTime) {
    EXPECT_LT(s, 60.0) << "sanity bound only; performance is measured by the benchmark";
  }
}

TEST(RobustnessTest, OneMegabyteChineseRulebook) {
  Result r = ParseText(GeneratedRulebook(1u << 20, /*zh=*/true));
  ASSERT_NE(r.file, nullptr);
  EXPECT_GT(r.file->decls.size(), 2000u);
}

}  // namespace
}  // namespace paicha::compiler
