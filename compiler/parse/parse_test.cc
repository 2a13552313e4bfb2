// Unit tests of ParseFile: AST shape, spans, keyword language, duplicates and syntax errors.
// Broad coverage of every construct is in the goldens (tests/golden/parse); these tests pin
// down the contracts that goldens do not show directly.
#include "parse/parse.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "ast/dump.h"

namespace paicha::compiler {
namespace {

struct Parsed {
  SourceManager sm;
  DiagnosticSink sink;
  FileId id = kNoFile;
  std::unique_ptr<ast::File> file;
  const Source& source() const { return sm.Get(id); }
};

std::unique_ptr<Parsed> Parse(std::string text) {
  auto p = std::make_unique<Parsed>();
  p->id = p->sm.Add("t.rules", std::move(text));
  p->file = ParseFile(p->sm.Get(p->id), p->id, p->sink);
  return p;
}

std::string Arg(const Diagnostic& d, const std::string& name) {
  for (const DiagArg& a : d.args) {
    if (a.name != name) continue;
    if (const auto* s = std::get_if<std::string>(&a.value)) return *s;
    return std::to_string(std::get<int64_t>(a.value));
  }
  return "<none>";
}

std::string_view Text(const Parsed& p, Span s) {
  return std::string_view{p.source().text()}.substr(s.begin, s.end - s.begin);
}

TEST(ParseTest, EmptyFileIsAnEmptyModule) {
  auto p = Parse("");
  ASSERT_NE(p->file, nullptr);
  EXPECT_FALSE(p->file->header.has_value());
  EXPECT_TRUE(p->file->decls.empty());
  EXPECT_FALSE(p->sink.has_errors());
}

TEST(ParseTest, OnlyCommentsAreKept) {
  auto p = Parse("# 注释\n// comment\n/* 块\n注释 */\n");
  ASSERT_NE(p->file, nullptr);
  ASSERT_EQ(p->file->comments.size(), 3u);
  EXPECT_EQ(Text(*p, p->file->comments[0]), "# 注释");
  EXPECT_EQ(Text(*p, p->file->comments[2]), "/* 块\n注释 */");
}

TEST(ParseTest, SpansAreByteOffsets) {
  auto p = Parse("定义 粉尘 = 存在粉尘 且 人数 >= 10 人\n");
  ASSERT_NE(p->file, nullptr);
  ASSERT_EQ(p->file->decls.size(), 1u);
  const auto* let = p->file->decls[0]->As<ast::LetDecl>();
  ASSERT_NE(let, nullptr);
  EXPECT_TRUE(let->zh);
  EXPECT_EQ(let->name.name, "粉尘");
  EXPECT_EQ(Text(*p, let->name.span), "粉尘");
  const auto* and_expr = let->expr->As<ast::BinaryExpr>();
  ASSERT_NE(and_expr, nullptr);
  EXPECT_EQ(and_expr->op, ast::BinaryOp::kAnd);
  EXPECT_TRUE(and_expr->zh);
  EXPECT_EQ(Text(*p, and_expr->span), "存在粉尘 且 人数 >= 10 人");
  EXPECT_EQ(Text(*p, and_expr->op_span), "且");
  const auto* ge = and_expr->rhs->As<ast::BinaryExpr>();
  ASSERT_NE(ge, nullptr);
  EXPECT_EQ(ge->op, ast::BinaryOp::kGe);
  EXPECT_FALSE(ge->zh);
  const auto* lit = ge->rhs->As<ast::LiteralExpr>();
  ASSERT_NE(lit, nullptr);
  EXPECT_EQ(lit->text, "10");
  EXPECT_EQ(lit->unit, "人");
  EXPECT_EQ(Text(*p, lit->unit_span), "人");
  EXPECT_EQ(let->expr->height, 3u);
}

TEST(ParseTest, LeftAssociativeChainsAndPrecedence) {
  auto p = Parse("let x = a - b - c * d\n");
  ASSERT_NE(p->file, nullptr);
  const auto& e = p->file->decls[0]->Cast<ast::LetDecl>().expr->Cast<ast::BinaryExpr>();
  EXPECT_EQ(e.op, ast::BinaryOp::kSub);
  EXPECT_EQ(e.lhs->Cast<ast::BinaryExpr>().op, ast::BinaryOp::kSub);
  EXPECT_EQ(e.rhs->Cast<ast::BinaryExpr>().op, ast::BinaryOp::kMul);
  EXPECT_FALSE(p->file->decls[0]->zh);
}

TEST(ParseTest, StringsAreUnescapedAndLiteralsExact) {
  auto p = Parse(R"(定义 s = "a\"b\\c\n" 定义 t = “引\”号” 定义 d = 0.30 定义 e = 2023-05-15)");
  ASSERT_NE(p->file, nullptr) << ast::DumpFile(*p->file, p->source());
  ASSERT_EQ(p->file->decls.size(), 4u);
  auto lit = [&](size_t i) -> const ast::LiteralExpr& {
    return p->file->decls[i]->Cast<ast::LetDecl>().expr->Cast<ast::LiteralExpr>();
  };
  EXPECT_EQ(lit(0).text, "a\"b\\c\n");
  EXPECT_EQ(lit(1).text, "引”号");
  EXPECT_EQ(lit(2).literal_kind, ast::LiteralKind::kDecimal);
  EXPECT_EQ(lit(2).text, "0.30");
  EXPECT_EQ(lit(3).literal_kind, ast::LiteralKind::kDate);
}

TEST(ParseTest, DuplicateItemAttributesAreRecorded) {
  auto p = Parse("条目 A1 \"标题\" { 依据 \"x\" 当 a 依据 \"y\" 否决 否决 }");
  ASSERT_NE(p->file, nullptr);
  const auto& item = p->file->decls[0]->Cast<ast::Item>();
  ASSERT_TRUE(item.clause.has_value());
  EXPECT_EQ(item.clause->value.value, "x");
  ASSERT_EQ(item.duplicates.size(), 2u);
  EXPECT_EQ(item.duplicates[0].kind, static_cast<uint8_t>(ast::ItemAttrKind::kClause));
  EXPECT_EQ(Text(*p, item.duplicates[0].span), "依据 \"y\"");
  EXPECT_EQ(Text(*p, item.duplicates[0].first), "依据 \"x\"");
  EXPECT_EQ(item.duplicates[1].kind, static_cast<uint8_t>(ast::ItemAttrKind::kVeto));
}

TEST(ParseTest, ItemIdMayBeAString) {
  auto p = Parse("检查项 \"1.2.3\" \"标题\" { 当 是 }");
  ASSERT_NE(p->file, nullptr);
  const auto& item = p->file->decls[0]->Cast<ast::Item>();
  EXPECT_TRUE(item.id_is_string);
  EXPECT_EQ(item.id.name, "1.2.3");
  EXPECT_TRUE(item.when->expr->Cast<ast::LiteralExpr>().bool_value);
}

TEST(ParseTest, UnexpectedTokenNamesFoundAndExpectedInChinese) {
  auto p = Parse("条目 A \"t\" {\n  当 f(a, b\n}\n");
  EXPECT_EQ(p->file, nullptr);
  auto diags = p->sink.Sorted();
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(diags[0].kind, DiagKind::kUnexpectedToken);
  EXPECT_EQ(Arg(diags[0], "found"), "}");
  EXPECT_EQ(Arg(diags[0], "expected"), "“)”");
  EXPECT_EQ(p->source().LocationOf(diags[0].span.begin).line, 3u);
}

TEST(ParseTest, ExpectedSetInEnglishForEnglishFiles) {
  auto p = Parse("item A \"t\" {\n  when f(a, b\n}\n");
  auto diags = p->sink.Sorted();
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(Arg(diags[0], "expected"), "\")\"");
}

TEST(ParseTest, ExpectedSetListsAlternatives) {
  auto p = Parse("枚举 E { a b\n定义 x = 1");
  auto diags = p->sink.Sorted();
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(Arg(diags[0], "found"), "定义");
  EXPECT_EQ(Arg(diags[0], "expected"), "名称、“}”或“，”");
}

TEST(ParseTest, UnexpectedEndOfFile) {
  auto p = Parse("定义 x = (1 + ");
  auto diags = p->sink.Sorted();
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(diags[0].kind, DiagKind::kUnexpectedEof);
  EXPECT_EQ(Arg(diags[0], "expected"), "表达式");
}

TEST(ParseTest, SeveralSyntaxErrorsAreReported) {
  auto p = Parse("定义 a = )\n定义 b = 1\n定义 c = ]\n");
  EXPECT_EQ(p->file, nullptr);
  EXPECT_EQ(p->sink.error_count(), 2u);
}

TEST(ParseTest, RecoveryLimit) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "定义 a = )\n";
  auto p = Parse(text);
  EXPECT_EQ(p->file, nullptr);
  auto diags = p->sink.Sorted();
  EXPECT_LE(diags.size(), kMaxSyntaxErrors + 1);
  bool limit = false;
  for (const auto& d : diags) limit |= d.kind == DiagKind::kTooManySyntaxErrors;
  EXPECT_TRUE(limit);
}

TEST(ParseTest, BadCharacterIsReportedAndParsingContinues) {
  auto p = Parse("定义 a = 1 @ 2\n定义 b = )\n");
  EXPECT_EQ(p->file, nullptr);
  auto diags = p->sink.Sorted();
  ASSERT_GE(diags.size(), 2u);
  EXPECT_EQ(diags[0].kind, DiagKind::kBadCharacter);
  EXPECT_EQ(Arg(diags[0], "char"), "@");
  EXPECT_EQ(diags.back().kind, DiagKind::kUnexpectedToken);
}

TEST(ParseTest, UnterminatedStringIsOneDiagnostic) {
  auto p = Parse("条目 A \"t\" {\n  说明 \"没有结束 的 字符串\n  当 a\n}\n");
  EXPECT_EQ(p->file, nullptr);
  auto diags = p->sink.Sorted();
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].kind, DiagKind::kUnterminatedString);
  EXPECT_EQ(p->source().LocationOf(diags[0].span.begin).line, 2u);
  EXPECT_EQ(p->source().LocationOf(diags[0].span.begin).column, 6u);
}

TEST(ParseTest, InvalidEscape) {
  auto p = Parse("定义 a = \"x\\qy\"\n");
  auto diags = p->sink.Sorted();
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].kind, DiagKind::kInvalidEscape);
  EXPECT_EQ(Arg(diags[0], "escape"), "\\q");
}

TEST(ParseTest, ExpressionHeightLimit) {
  std::string text = "定义 a = x";
  for (uint32_t i = 0; i < ast::kMaxExprHeight + 5; ++i) text += " + x";
  auto p = Parse(text);
  EXPECT_EQ(p->file, nullptr);
  auto diags = p->sink.Sorted();
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].kind, DiagKind::kExprTooComplex);

  std::string ok = "定义 a = x";
  for (uint32_t i = 0; i < 500; ++i) ok += " + x";
  EXPECT_NE(Parse(ok)->file, nullptr);
}

TEST(ParseTest, NestingLimitCountsPrefixOperatorsAndConditionals) {
  std::string nots = "定义 a = ";
  for (int i = 0; i < 300; ++i) nots += "非 ";
  nots += "x";
  auto p = Parse(nots);
  ASSERT_FALSE(p->sink.Sorted().empty());
  EXPECT_EQ(p->sink.Sorted()[0].kind, DiagKind::kNestingTooDeep);

  // Many independent negations in one expression are fine.
  std::string flat = "定义 a = 非 x";
  for (int i = 0; i < 300; ++i) flat += " 且 非 x";
  EXPECT_NE(Parse(flat)->file, nullptr);

  std::string ifs = "定义 a = ";
  for (int i = 0; i < 300; ++i) ifs += "如果 c 则 1 否则 ";
  ifs += "0";
  auto q = Parse(ifs);
  ASSERT_FALSE(q->sink.Sorted().empty());
  EXPECT_EQ(q->sink.Sorted()[0].kind, DiagKind::kNestingTooDeep);
}

TEST(ParseTest, ParseTreeText) {
  SourceManager sm;
  FileId id = sm.Add("t.rules", "定义 a = 1\n");
  DiagnosticSink sink;
  std::string tree = ParseTreeText(sm.Get(id), id, sink);
  EXPECT_EQ(tree.rfind("(file\n  (decl 定义", 0), 0u) << tree;
  EXPECT_NE(tree.find("(literal (number 1))"), std::string::npos) << tree;
}

}  // namespace
}  // namespace paicha::compiler
