// Type rules through the whole pipeline (parse → sema → lower): unit conversion exactness at
// boundaries, exact decimal literals, bare numbers taking units, durations, sharing, imports.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "ir/dump.h"
#include "ir/ir.h"
#include "paicha/compiler/compiler.h"
#include "sema/sema.h"

namespace paicha::compiler {
namespace {

const char kInputs[] = R"(
输入 {
  压力: 小数(kPa)
  浓度: 小数(‰)
  人数: 整数
  作业人数: 整数(人)
  开始: 日期
  名称: 文本
  设备: 列表 { 合格: 布尔 }
}
)";

CompileResult Compile1(const std::string& when, CompileOptions opts = {}) {
  std::string text = std::string(kInputs) + "隐患 X \"x\" { 依据 \"测试\"\n 当 " + when + "\n}\n";
  return CompileText("t.rules", text, opts);
}

std::vector<std::string> Codes(const CompileResult& r) {
  std::vector<std::string> codes;
  for (const auto& d : r.diagnostics) codes.emplace_back(InfoOf(d.kind).code);
  return codes;
}

const ir::Node& Cond(const CompileResult& r) {
  return r.program->nodes[r.program->items.at(0).condition];
}

TEST(TypeRules, CompatibleUnitsConvertExactlyAndFold) {
  auto r = Compile1("30 kPa == 0.03 MPa");
  ASSERT_NE(r.program, nullptr) << ::testing::PrintToString(Codes(r));
  EXPECT_EQ(Cond(r).op, ir::Op::kConstBool);
  EXPECT_EQ(Cond(r).ival, 1);
  EXPECT_EQ(Codes(r), std::vector<std::string>{"W0001"});
  auto r2 = Compile1("1 L == 0.001 m³ 且 1 km == 1000 m 且 85 % == 850 ‰ 且 85 == 85 %");
  ASSERT_NE(r2.program, nullptr);
  EXPECT_EQ(Cond(r2).ival, 1);
}

TEST(TypeRules, BoundaryIsConvertedNotRounded) {
  // 0.030001 MPa is 30.001 kPa: exactly, so `压力 >= 0.030001 MPa` compares with 30.001 kPa.
  auto r = Compile1("压力 >= 0.030001 MPa");
  ASSERT_NE(r.program, nullptr);
  const ir::Node& ge = Cond(r);
  ASSERT_EQ(ge.op, ir::Op::kGe);
  const ir::Node& k = r.program->nodes[ge.operands[1]];
  ASSERT_EQ(k.op, ir::Op::kConstDecimal);
  EXPECT_EQ(k.type, ir::Type::Quantity(rt::UnitId::kKilopascal));
  EXPECT_EQ(k.dval, *rt::Decimal::Parse("30.001"));
  EXPECT_NE(k.dval, *rt::Decimal::Parse("30"));
  // The field is converted when the constant is in the finer unit.
  auto r2 = Compile1("压力 > 500 Pa");
  ASSERT_NE(r2.program, nullptr);
  const ir::Node& gt = Cond(r2);
  const ir::Node& conv = r2.program->nodes[gt.operands[0]];
  ASSERT_EQ(conv.op, ir::Op::kConvertUnit);
  EXPECT_EQ(conv.dval, rt::Decimal::FromInt(1000));
  EXPECT_EQ(conv.type, ir::Type::Quantity(rt::UnitId::kPascal));
}

TEST(TypeRules, DecimalLiteralsAreExact) {
  auto r = Compile1("0.1 + 0.2 == 0.3");
  ASSERT_NE(r.program, nullptr);
  EXPECT_EQ(Cond(r).op, ir::Op::kConstBool);
  EXPECT_EQ(Cond(r).ival, 1);
  auto r2 = Compile1("浓度 <= 0.3");
  ASSERT_NE(r2.program, nullptr);
  const ir::Node& k = r2.program->nodes[Cond(r2).operands[1]];
  EXPECT_EQ(k.type, ir::Type::Quantity(rt::UnitId::kPermille));  // bare number takes ‰
  EXPECT_EQ(k.dval.coefficient(), 3);
  EXPECT_EQ(k.dval.scale(), 1);
}

TEST(TypeRules, BareNumberTakesTheQuantityUnit) {
  auto r = Compile1("作业人数 >= 10");
  ASSERT_NE(r.program, nullptr);
  const ir::Node& k = r.program->nodes[Cond(r).operands[1]];
  EXPECT_EQ(k.type, ir::Type::Quantity(rt::UnitId::kPerson));
  auto r2 = Compile1("-3 < 压力");
  ASSERT_NE(r2.program, nullptr);
}

TEST(TypeRules, IntAndDecimalMixExactly) {
  auto r = Compile1("人数 > 2.5");
  ASSERT_NE(r.program, nullptr);
  const ir::Node& l = r.program->nodes[Cond(r).operands[0]];
  EXPECT_EQ(l.op, ir::Op::kIntToDecimal);
}

TEST(TypeRules, IncompatibleUnitsAndBadMixesAreErrors) {
  EXPECT_EQ(Codes(Compile1("压力 > 5 m³")), std::vector<std::string>{"E0301"});
  EXPECT_EQ(Codes(Compile1("人数 > 压力")), std::vector<std::string>{"E0303"});
  EXPECT_EQ(Codes(Compile1("开始 - 开始 > 3 天")), std::vector<std::string>{"E0308"});
  EXPECT_EQ(Codes(Compile1("开始 + 3 天 > 开始 + 1 个月 + 2 小时")),
            std::vector<std::string>{"E0303"});
  EXPECT_EQ(Codes(Compile1("压力 > 10 y")), std::vector<std::string>{"E0302"});
}

TEST(TypeRules, DurationsLowerToCalendarArithmetic) {
  auto r = Compile1("开始 + 1 年 < 2024-02-29 且 开始 + 2 周 < 2024-01-01");
  ASSERT_NE(r.program, nullptr);
  std::string dump = DumpIr(*r.program);
  EXPECT_NE(dump.find("decimal 12 : duration(月)"), std::string::npos) << dump;
  EXPECT_NE(dump.find("add_months"), std::string::npos) << dump;
  EXPECT_NE(dump.find("decimal 14 : duration(天)"), std::string::npos) << dump;
  EXPECT_NE(dump.find("add_days"), std::string::npos) << dump;
}

TEST(TypeRules, RatioComparesWithPercent) {
  auto r = Compile1("设备.ratio(d, d.合格) >= 85 %");
  ASSERT_NE(r.program, nullptr);
  const ir::Node& ge = Cond(r);
  const ir::Node& conv = r.program->nodes[ge.operands[0]];
  EXPECT_EQ(conv.op, ir::Op::kConvertUnit);
  EXPECT_EQ(conv.dval, rt::Decimal::FromInt(100));
}

TEST(Sharing, IdenticalConditionsAreOneNode) {
  std::string text = std::string(kInputs) +
                     "隐患 A \"a\" { 依据 \"x\"; 当 设备.exists(d, 非 d.合格) 且 人数 > 3 }\n"
                     "隐患 B \"b\" { 依据 \"x\"; 当 设备.任一(e, 非 e.合格) 且 人数 > 3 }\n";
  auto r = CompileText("t.rules", text);
  ASSERT_NE(r.program, nullptr);
  EXPECT_EQ(r.program->items[0].condition, r.program->items[1].condition);
}

TEST(Imports, ResolveRelativeAndDetectCycles) {
  std::map<std::string, std::string> files = {
      {"/v/root.rules", "导入 \"m/a.rules\"\n隐患 A \"a\" { 依据 \"x\"; 当 甲 }\n"},
      {"/v/m/a.rules", "模块 \"a\"\n导入 \"b.rules\"\n输入 { 甲: 布尔 }\n"},
      {"/v/m/b.rules", "模块 \"b\"\n导入 \"a.rules\"\n"},
  };
  CompileOptions opts;
  opts.files = &files;
  auto r = Compile("/v/root.rules", opts);
  EXPECT_EQ(Codes(r), std::vector<std::string>{"E0202"});
  files["/v/m/b.rules"] = "模块 \"b\"\n";
  auto ok = Compile("/v/root.rules", opts);
  EXPECT_TRUE(ok.ok());
  ASSERT_NE(ok.program, nullptr);
  EXPECT_EQ(ok.program->schema.root_record().fields.size(), 1u);
}

TEST(Driver, StopsAndPasses) {
  CompileOptions opts;
  opts.stop = CompileOptions::Stop::kCheck;
  auto r = Compile1("压力 > 3", opts);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.program, nullptr);
  EXPECT_EQ(sema::PassNames().size(), 4u);
  auto missing = Compile("/nonexistent/x.rules");
  EXPECT_EQ(Codes(missing), std::vector<std::string>{"E0001"});
}

}  // namespace
}  // namespace paicha::compiler
