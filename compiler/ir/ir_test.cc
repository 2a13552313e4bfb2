#include <gtest/gtest.h>

#include "ir/builder.h"
#include "ir/dump.h"
#include "ir/verify.h"

namespace paicha::compiler::ir {
namespace {

Program MakeProgram() {
  Program p;
  rt::RecordDef root;
  root.name = "输入";
  root.fields.push_back({"压力", "", "", rt::Type::MakeQuantity(rt::UnitId::kKilopascal)});
  root.fields.push_back({"人数", "", "", rt::Type::MakeInt()});
  p.schema.records.push_back(root);
  return p;
}

NodeId Field(Builder& b, int64_t index, Type t, const char* name) {
  Node in;
  in.op = Op::kInput;
  in.type = Type::Record(0);
  NodeId input = b.Add(in);
  Node f;
  f.op = Op::kField;
  f.type = t;
  f.operands = {input};
  f.ival = index;
  f.sval = name;
  return b.Add(f);
}

TEST(BuilderTest, HashConsesIdenticalNodes) {
  Program p = MakeProgram();
  Builder b(&p);
  NodeId a = Field(b, 1, Type::Int(), "人数");
  NodeId c = Field(b, 1, Type::Int(), "人数");
  EXPECT_EQ(a, c);
  Node ge;
  ge.op = Op::kGe;
  ge.type = Type::Bool();
  ge.operands = {a, b.Int(10)};
  NodeId g1 = b.Add(ge);
  NodeId g2 = b.Add(ge);
  EXPECT_EQ(g1, g2);
  EXPECT_TRUE(Verify(p).empty());
}

TEST(BuilderTest, DecimalConstantsShareByValue) {
  Program p = MakeProgram();
  Builder b(&p);
  NodeId x = b.Decimal(*rt::Decimal::Parse("0.3"), Type::Dec());
  NodeId y = b.Decimal(*rt::Decimal::Parse("0.30"), Type::Dec());
  EXPECT_EQ(x, y);
}

TEST(BuilderTest, FoldsUnitConversionExactly) {
  Program p = MakeProgram();
  Builder b(&p);
  // 0.03 MPa in kPa = 30 kPa, exactly.
  NodeId mpa = b.Decimal(*rt::Decimal::Parse("0.03"), Type::Quantity(rt::UnitId::kMegapascal));
  Node conv;
  conv.op = Op::kConvertUnit;
  conv.type = Type::Quantity(rt::UnitId::kKilopascal);
  conv.operands = {mpa};
  conv.ival = static_cast<int64_t>(rt::UnitId::kMegapascal);
  conv.dval = rt::Decimal::FromInt(1000);
  NodeId k = b.Add(conv);
  ASSERT_EQ(p.nodes[k].op, Op::kConstDecimal);
  EXPECT_EQ(p.nodes[k].dval, rt::Decimal::FromInt(30));
  NodeId thirty = b.Decimal(rt::Decimal::FromInt(30), Type::Quantity(rt::UnitId::kKilopascal));
  Node eq;
  eq.op = Op::kEq;
  eq.type = Type::Bool();
  eq.operands = {k, thirty};
  NodeId r = b.Add(eq);
  ASSERT_EQ(p.nodes[r].op, Op::kConstBool);
  EXPECT_EQ(p.nodes[r].ival, 1);
}

TEST(BuilderTest, KleeneFolding) {
  Program p = MakeProgram();
  Builder b(&p);
  NodeId x = Field(b, 1, Type::Int(), "人数");
  Node ge;
  ge.op = Op::kGe;
  ge.type = Type::Bool();
  ge.operands = {x, b.Int(10)};
  NodeId cond = b.Add(ge);
  Node a;
  a.op = Op::kAnd;
  a.type = Type::Bool();
  a.operands = {cond, b.Bool(true)};
  EXPECT_EQ(b.Add(a), cond);  // x 且 真 → x
  a.operands = {cond, b.Bool(false)};
  NodeId f = b.Add(a);
  EXPECT_EQ(p.nodes[f].op, Op::kConstBool);
  EXPECT_EQ(p.nodes[f].ival, 0);
  Node o;
  o.op = Op::kOr;
  o.type = Type::Bool();
  o.operands = {cond, b.Bool(true)};
  NodeId t = b.Add(o);
  EXPECT_EQ(p.nodes[t].ival, 1);
}

TEST(BuilderTest, IntOverflowIsNotFolded) {
  Program p = MakeProgram();
  Builder b(&p);
  Node add;
  add.op = Op::kAdd;
  add.type = Type::Int();
  add.operands = {b.Int(INT64_MAX), b.Int(1)};
  NodeId r = b.Add(add);
  EXPECT_EQ(p.nodes[r].op, Op::kAdd);
}

TEST(VerifyTest, ReportsBadOperandOrderAndMissingCondition) {
  Program p = MakeProgram();
  Node n;
  n.op = Op::kNot;
  n.type = Type::Bool();
  n.operands = {5};
  p.nodes.push_back(n);
  Item it;
  it.id = "X";
  p.items.push_back(it);
  auto errors = Verify(p);
  ASSERT_GE(errors.size(), 2u);
}

TEST(DumpTest, ShowsSharedNodesOnce) {
  Program p = MakeProgram();
  Builder b(&p);
  NodeId x = Field(b, 1, Type::Int(), "人数");
  Node ge;
  ge.op = Op::kGe;
  ge.type = Type::Bool();
  ge.operands = {x, b.Int(10)};
  NodeId c = b.Add(ge);
  Item i1, i2;
  i1.id = "A";
  i1.condition = c;
  i2.id = "B";
  i2.condition = b.Add(ge);
  p.items = {i1, i2};
  std::string d = Dump(p);
  EXPECT_NE(d.find("= ge %1 %2 : bool"), std::string::npos) << d;
  EXPECT_NE(d.find("item A \"\" nonconformity when %3"), std::string::npos) << d;
  EXPECT_NE(d.find("item B \"\" nonconformity when %3"), std::string::npos) << d;
}

}  // namespace
}  // namespace paicha::compiler::ir

namespace paicha::compiler::ir {
namespace {

TEST(BuilderTest, VarDepthMarksCacheableNodes) {
  Program p = MakeProgram();
  rt::RecordDef elem;
  elem.name = "元素";
  elem.fields.push_back({"合格", "", "", rt::Type::MakeBool()});
  p.schema.records.push_back(elem);
  p.schema.records[0].fields.push_back({"列", "", "", rt::Type::MakeList(1)});
  Builder b(&p);
  NodeId list = Field(b, 2, Type::List(1), "列");
  Node var;
  var.op = Op::kVar;
  var.type = Type::Record(1);
  var.ival = 0;
  NodeId v = b.Add(var);
  Node f;
  f.op = Op::kField;
  f.type = Type::Bool();
  f.operands = {v};
  f.ival = 0;
  f.sval = "合格";
  NodeId body = b.Add(f);
  Node ex;
  ex.op = Op::kExists;
  ex.type = Type::Bool();
  ex.operands = {list, body};
  ex.ival = 0;
  NodeId e = b.Add(ex);
  EXPECT_EQ(p.nodes[body].var_depth, 1);
  EXPECT_TRUE(p.nodes[body].flags & kFlagUsesVar);
  EXPECT_EQ(p.nodes[e].var_depth, 0);
  EXPECT_FALSE(p.nodes[e].flags & kFlagUsesVar);
}

}  // namespace
}  // namespace paicha::compiler::ir
