// Unit tests of sema: name resolution details (suggestions, keyword hints, enum members by
// expected type, let order) and the shared type rules of types.h.
#include "sema/sema.h"

#include <gtest/gtest.h>

#include "parse/parse.h"
#include "sema/types.h"

namespace paicha::compiler::sema {
namespace {

struct Analysed {
  SourceManager sources;
  DiagnosticSink sink;
  std::unique_ptr<SemaResult> result;
};

std::unique_ptr<Analysed> Analyse(const std::string& text) {
  auto a = std::make_unique<Analysed>();
  FileId id = a->sources.Add("t.rules", text);
  auto file = ParseFile(a->sources.Get(id), id, a->sink);
  EXPECT_NE(file, nullptr);
  if (!file) return a;
  SemaOptions opts;
  opts.parse = [](const Source& s, FileId f, DiagnosticSink& k) { return ParseFile(s, f, k); };
  a->result = Analyze(a->sources, id, "t.rules", std::move(file), opts, a->sink);
  return a;
}

std::string ArgText(const Diagnostic& d, const std::string& name) {
  for (const auto& a : d.args) {
    if (a.name == name) return std::get<std::string>(a.value);
  }
  return "<none>";
}

TEST(SemaNames, SuggestsTheClosestName) {
  auto a = Analyse("输入 { 压力: 小数(kPa) }\n隐患 A \"a\" { 依据 \"x\"; 当 压力值 > 3 kPa }\n");
  auto diags = a->sink.Sorted();
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].kind, DiagKind::kUnknownName);
  EXPECT_EQ(ArgText(diags[0], "reason"), "similar");
  EXPECT_EQ(ArgText(diags[0], "suggestion"), "压力");
}

TEST(SemaNames, HintsThatKeywordsNeedSpaces) {
  auto a = Analyse("输入 { 甲: 布尔; 乙: 布尔 }\n隐患 A \"a\" { 依据 \"x\"; 当 甲且乙 }\n");
  auto diags = a->sink.Sorted();
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(ArgText(diags[0], "reason"), "keyword");
  EXPECT_EQ(ArgText(diags[0], "keyword"), "且");
  EXPECT_EQ(ArgText(diags[0], "example"), "甲 且 乙");
}

TEST(SemaNames, EnumMembersResolveByExpectedTypeOnEitherSide) {
  auto a = Analyse(
      "枚举 行业 { 冶金, 有色 }\n输入 { 所属行业: 行业; 冶金: 布尔 }\n"
      "隐患 A \"a\" { 依据 \"x\"; 当 冶金 == 所属行业 且 所属行业 属于 [冶金, 有色] 且 冶金 }\n");
  EXPECT_FALSE(a->sink.has_errors());
  const auto& when = *a->result->items.at(0).decl->when->expr;
  // ((冶金 == 所属行业) 且 (… 属于 …)) 且 冶金
  const auto& outer = when.Cast<ast::BinaryExpr>();
  const auto& inner = outer.lhs->Cast<ast::BinaryExpr>();
  const auto& eq = inner.lhs->Cast<ast::BinaryExpr>();
  EXPECT_EQ(a->result->info(eq.lhs.get()).ref, RefKind::kEnumMember);
  EXPECT_EQ(a->result->info(outer.rhs.get()).ref, RefKind::kField);  // the bool field
}

TEST(SemaLets, DependencyOrderAndCycles) {
  auto a = Analyse("定义 甲 = 乙 且 真\n定义 乙 = 真\n");
  EXPECT_FALSE(a->sink.has_errors());
  ASSERT_EQ(a->result->lets.size(), 2u);
  EXPECT_EQ(a->result->lets[0].name, "乙");
  EXPECT_EQ(a->result->lets[1].name, "甲");
  auto b = Analyse("定义 甲 = 乙\n定义 乙 = 甲\n");
  auto diags = b->sink.Sorted();
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].kind, DiagKind::kLetCycle);
}

TEST(SemaStructure, ReportsEveryProblem) {
  auto a = Analyse(
      "输入 { 甲: 布尔 }\n"
      "隐患 A \"a\" { 当 甲 }\n"                // no clause
      "隐患 A \"b\" { 依据 \"x\" }\n"           // duplicate id, no condition
      "隐患 C \"c\" { 依据 \"x\"; 当 乙 }\n");  // unknown name
  std::vector<DiagKind> kinds;
  for (const auto& d : a->sink.Sorted()) kinds.push_back(d.kind);
  EXPECT_EQ(kinds, (std::vector<DiagKind>{DiagKind::kMissingClause, DiagKind::kDuplicateItemId,
                                          DiagKind::kMissingWhen, DiagKind::kUnknownName}));
}

TEST(SemaTypes, CommonNumeric) {
  using ir::Type;
  bool clash = false;
  EXPECT_EQ(*CommonNumeric(Type::Quantity(rt::UnitId::kMegapascal),
                           Type::Quantity(rt::UnitId::kKilopascal), &clash),
            Type::Quantity(rt::UnitId::kKilopascal));
  EXPECT_EQ(*CommonNumeric(Type::Int(), Type::Dec(), &clash), Type::Dec());
  EXPECT_EQ(*CommonNumeric(Type::Int(), Type::Int(), &clash), Type::Int());
  EXPECT_EQ(*CommonNumeric(Type::Dec(), Type::Quantity(rt::UnitId::kPercent), &clash),
            Type::Quantity(rt::UnitId::kPercent));
  EXPECT_FALSE(CommonNumeric(Type::Dec(), Type::Quantity(rt::UnitId::kKilopascal), &clash));
  EXPECT_FALSE(clash);
  EXPECT_FALSE(
      CommonNumeric(Type::Duration(rt::UnitId::kDay), Type::Duration(rt::UnitId::kMonth), &clash));
  EXPECT_TRUE(clash);
  EXPECT_EQ(*CommonNumeric(Type::Duration(rt::UnitId::kQuarter), Type::Duration(rt::UnitId::kYear),
                           &clash),
            Type::Duration(rt::UnitId::kQuarter));
}

TEST(SemaTypes, ConversionFactorsAreExact) {
  EXPECT_EQ(*ConversionFactor(rt::UnitId::kMegapascal, rt::UnitId::kKilopascal),
            rt::Decimal::FromInt(1000));
  EXPECT_EQ(*ConversionFactor(rt::UnitId::kKilopascal, rt::UnitId::kMegapascal),
            *rt::Decimal::Parse("0.001"));
  EXPECT_EQ(*ConversionFactor(rt::UnitId::kYear, rt::UnitId::kMonth), rt::Decimal::FromInt(12));
  EXPECT_EQ(*ConversionFactor(rt::UnitId::kWeek, rt::UnitId::kDay), rt::Decimal::FromInt(7));
  EXPECT_FALSE(ConversionFactor(rt::UnitId::kMonth, rt::UnitId::kQuarter));  // 1/3: inexact
  EXPECT_FALSE(ConversionFactor(rt::UnitId::kDay, rt::UnitId::kMonth));
}

TEST(SemaTypes, TypeTextUsesDslWords) {
  rt::Schema s;
  EXPECT_EQ(TypeText(s, ir::Type::Quantity(rt::UnitId::kKilopascal)), "数量(kPa)");
  EXPECT_EQ(TypeText(s, ir::Type::Duration(rt::UnitId::kMonth)), "时长(月)");
  EXPECT_EQ(TypeText(s, ir::Type::Verdict()), "判定结果");
}

TEST(SemaPasses, NamedInOrder) {
  EXPECT_EQ(PassNames(),
            (std::vector<std::string>{"imports", "declarations", "expressions", "structure"}));
}

}  // namespace
}  // namespace paicha::compiler::sema

namespace paicha::compiler::sema {
namespace {

TEST(SemaLets, SectionLetsAreVisibleOnlyInside) {
  auto a = Analyse(
      "输入 { 甲: 布尔 }\n"
      "章节 一 \"外\" {\n"
      "  定义 局部 = 甲\n"
      "  章节 二 \"内\" { 隐患 A \"a\" { 依据 \"x\"; 当 局部 } }\n"
      "}\n"
      "隐患 B \"b\" { 依据 \"x\"; 当 局部 }\n");
  auto diags = a->sink.Sorted();
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].kind, DiagKind::kUnknownName);
  EXPECT_EQ(a->sources.Get(diags[0].span.file).LocationOf(diags[0].span.begin).line, 6u);
}

}  // namespace
}  // namespace paicha::compiler::sema
