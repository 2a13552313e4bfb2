// Typed plans (plan.h) against the interpreter: which programs get plans, and that the statuses
// they give equal the Machine's on data with missing fields, unknown list elements, empty lists
// and small loop-step budgets. The differential tests (tests/differential) compare the same two
// paths on random rulebooks and on every shipped rulebook's cases.
#include "plan.h"

#include <gtest/gtest.h>

#include "machine.h"
#include "opcode_info.h"
#include "paicha/rt/gen_support.h"
#include "vm_test_util.h"

namespace paicha::rt::testing {
namespace {

using vm_internal::Machine;
using vm_internal::Plans;

// exists / all / count over 除尘系统: 类型 == 干式 and 锁气卸灰装置 == 否, written with the
// superinstructions and the short-circuit jump the VM backend emits.
void DryWithoutLock(ProgramBuilder& b, MacroKind kind) {
  Input(b, kSystems);
  const uint32_t loop = b.BeginLoop(kind, 0);
  b.Emit(Opcode::kVarFieldCmp, static_cast<uint8_t>(0 | kImmEnum << 3), kSysType, kDry);
  const uint32_t skip = b.EmitJump(Opcode::kJumpIfFalse);
  b.Emit(Opcode::kVarFieldCmp, static_cast<uint8_t>(0 | kImmBool << 3), kSysLock, 0);
  b.Emit(Opcode::kAnd);
  b.Patch(skip, b.pc());
  b.EndLoop(loop);
}

// A program whose every segment has a plan: fields of each type, lets (one an applicability
// alias), the fused field comparisons, and/or/not, enums, dates, patterns, loops and counts.
std::shared_ptr<const Program> PlannedProgram() {
  TestProgram tp;
  ProgramBuilder& pb = tp.b();
  // let 0: 存在粉尘爆炸危险 == 是 (the applicability of most items).
  const int32_t let0 = tp.Segment([](ProgramBuilder& b) {
    b.Emit(Opcode::kInputFieldCmp, static_cast<uint8_t>(0 | kImmBool << 3), kHasDust, 1);
  });
  pb.program().lets.push_back(LetDecl{"涉粉", let0});
  // let 1: the number of dry systems (a count, possibly bounded).
  const int32_t let1 = tp.Segment([](ProgramBuilder& b) {
    Input(b, kSystems);
    const uint32_t loop = b.BeginLoop(MacroKind::kCount, 0);
    b.Emit(Opcode::kVarFieldCmp, static_cast<uint8_t>(0 | kImmEnum << 3), kSysType, kDry);
    b.EndLoop(loop);
  });
  pb.program().lets.push_back(LetDecl{"干式数", let1});
  // let 2: 标志 == 是 (the applicability of one item between the others).
  const int32_t let2 = tp.Segment([](ProgramBuilder& b) {
    b.Emit(Opcode::kInputFieldCmp, static_cast<uint8_t>(0 | kImmBool << 3), kFlag, 1);
  });
  pb.program().lets.push_back(LetDecl{"有标志", let2});
  const int32_t applies = tp.Segment([](ProgramBuilder& b) { b.Emit(Opcode::kLet, 0, 0, 0); });
  const int32_t flagged = tp.Segment([](ProgramBuilder& b) { b.Emit(Opcode::kLet, 0, 0, 2); });

  auto item = [&](const std::string& id, const std::function<void(ProgramBuilder&)>& cond) {
    tp.Item(id, cond).applies = applies;
  };
  item("exists", [](ProgramBuilder& b) { DryWithoutLock(b, MacroKind::kExists); });
  tp.Item("flag", [](ProgramBuilder& b) {  // always applies: 完成日期 < 2024-03-01
    b.Emit(Opcode::kInputFieldCmp, static_cast<uint8_t>(2 | kImmDate << 3), kDone,
           static_cast<uint32_t>(Date::FromYmd(2024, 3, 1)->days()));
  });
  tp.Item("flagged",
          [](ProgramBuilder& b) {  // applies when 有标志: 风压 > 1
            Input(b, kPressure);
            b.EmitInt(1);
            b.Emit(Opcode::kGt);
          })
      .applies = flagged;
  item("all", [](ProgramBuilder& b) { DryWithoutLock(b, MacroKind::kAll); });
  item("one", [](ProgramBuilder& b) { DryWithoutLock(b, MacroKind::kExistsOne); });
  item("count>=2", [](ProgramBuilder& b) {
    b.Emit(Opcode::kLet, 0, 0, 1);
    b.Emit(Opcode::kCmpImm, 5, kImmInt, 2);
  });
  item("count<lets", [](ProgramBuilder& b) {  // a count against an int on the left
    b.EmitInt(1);
    b.Emit(Opcode::kCmpLet, 2, 0, 1);
  });
  item("size", [](ProgramBuilder& b) {
    Input(b, kSystems);
    b.Emit(Opcode::kSize);
    b.Emit(Opcode::kCmpImm, 4, kImmInt, 1);
  });
  item("or-not", [](ProgramBuilder& b) {  // 标志 == 是 or not (风压 >= 1.5 kPa)
    b.Emit(Opcode::kInputFieldCmp, static_cast<uint8_t>(0 | kImmBool << 3), kFlag, 1);
    const uint32_t skip = b.EmitJump(Opcode::kJumpIfTrue);
    Input(b, kPressure);
    Dec(b, "1.5");
    b.Emit(Opcode::kGe);
    b.Emit(Opcode::kNot);
    b.Emit(Opcode::kOr);
    b.Patch(skip, b.pc());
  });
  item("or-fused", [](ProgramBuilder& b) {  // 标志 == 否 or 完成日期 >= 2024-02-01
    b.Emit(Opcode::kInputFieldCmp, static_cast<uint8_t>(0 | kImmBool << 3), kFlag, 0);
    const uint32_t skip = b.EmitJump(Opcode::kJumpIfTrue);
    b.Emit(Opcode::kInputFieldCmp, static_cast<uint8_t>(5 | kImmDate << 3), kDone,
           static_cast<uint32_t>(Date::FromYmd(2024, 2, 1)->days()));
    b.Emit(Opcode::kOr);
    b.Patch(skip, b.pc());
  });
  item("any", [](ProgramBuilder& b) {  // 有下列情形之一: 标志 == 是, 风压 >= 1.5
    b.Emit(Opcode::kInputFieldCmp, static_cast<uint8_t>(0 | kImmBool << 3), kFlag, 1);
    Input(b, kPressure);
    Dec(b, "1.5");
    b.Emit(Opcode::kGe);
    b.Emit(Opcode::kSituation, static_cast<uint8_t>(SituationKind::kAny), 2,
           b.AddSituationLabels({"标志", "风压"}));
  });
  item("at-least-2", [](ProgramBuilder& b) {  // two of: 标志 == 否, 风压 < 1.5, 存在粉尘爆炸危险
    b.EmitInt(2);
    b.Emit(Opcode::kInputFieldCmp, static_cast<uint8_t>(0 | kImmBool << 3), kFlag, 0);
    Input(b, kPressure);
    Dec(b, "1.5");
    b.Emit(Opcode::kLt);
    Input(b, kHasDust);
    b.Emit(Opcode::kSituation, static_cast<uint8_t>(SituationKind::kAtLeast), 3,
           b.AddSituationLabels({"无标志", "风压低", "涉粉"}));
  });
  item("arith", [](ProgramBuilder& b) {  // -(风压 × 2 - 1) / 0.5 + 涉粉作业人数 < 0
    Input(b, kPressure);
    Dec(b, "2");
    b.Emit(Opcode::kMul);
    b.EmitInt(1);
    b.Emit(Opcode::kIntToDec);
    b.Emit(Opcode::kSub);
    b.Emit(Opcode::kNeg);
    Dec(b, "0.5");
    b.Emit(Opcode::kDiv);
    Input(b, kWorkers);
    b.Emit(Opcode::kScale, 0, 0, b.AddConstant(Constant::Dec(*Decimal::Parse("1"))));
    b.Emit(Opcode::kAdd);
    b.EmitInt(0);
    b.Emit(Opcode::kLt);
  });
  item("due", [](ProgramBuilder& b) {  // 完成日期 + 30 天 <= 报告日期, or + 1 个月 > 2024-07-15
    Input(b, kDone);
    b.EmitInt(30);
    b.Emit(Opcode::kAddDays);
    b.Emit(Opcode::kReportDate);
    b.Emit(Opcode::kLe);
    Input(b, kDone);
    b.EmitInt(1);
    b.Emit(Opcode::kAddMonths);
    DateC(b, "2024-07-15");
    b.Emit(Opcode::kGt);
    b.Emit(Opcode::kOr);
  });
  item("date", [](ProgramBuilder& b) {  // 完成日期 <= 报告日期 and 完成日期 > 2024-01-01
    Input(b, kDone);
    b.Emit(Opcode::kReportDate);
    b.Emit(Opcode::kLe);
    Input(b, kDone);
    DateC(b, "2024-01-01");
    b.Emit(Opcode::kGt);
    b.Emit(Opcode::kAnd);
  });
  item("match", [](ProgramBuilder& b) {
    Input(b, kName);
    b.Emit(Opcode::kMatch, 0, 0, b.AddConstant(Constant::Pattern("^[A-Z]+厂$")));
    b.Emit(Opcode::kNot);
  });
  item("in", [](ProgramBuilder& b) {  // some system's 类型 in [湿式]
    Input(b, kSystems);
    const uint32_t loop = b.BeginLoop(MacroKind::kExists, 0);
    b.Emit(Opcode::kVar, 0);
    b.Emit(Opcode::kField, 0, 0, kSysType);
    b.Emit(Opcode::kPushEnum, 0, 0, kWet);
    b.Emit(Opcode::kIn, 0, 1);
    b.EndLoop(loop);
  });
  item("nested", [](ProgramBuilder& b) {  // all systems: some check led by 张三
    Input(b, kSystems);
    const uint32_t outer = b.BeginLoop(MacroKind::kAll, 0);
    Input(b, kChecks);
    const uint32_t inner = b.BeginLoop(MacroKind::kExists, 1);
    b.Emit(Opcode::kVar, 1);
    b.Emit(Opcode::kField, 0, 0, kCheckLeader);
    b.Emit(Opcode::kPushConst, 0, 0, b.AddConstant(Constant::Text("张三")));
    b.Emit(Opcode::kEq);
    b.EndLoop(inner);
    b.EndLoop(outer);
  });
  return tp.Finish();
}

const char* const kSubmissions[] = {
    "",  // nothing at all
    "存在粉尘爆炸危险: 否\n",
    "存在粉尘爆炸危险: 是\n除尘系统: []\n检查记录: []\n",
    ("存在粉尘爆炸危险: 是\n报告日期: 2024-06-30\n完成日期: 2024-06-30\n单位名称: ABC厂\n"
     "标志: 否\n风压: 1.5\n涉粉作业人数: 5\n除尘系统:\n  - {类型: 干式, 锁气卸灰装置: 否}\n"
     "  - {类型: 湿式, 锁气卸灰装置: 是}\n检查记录:\n  - {带队人: 张三}\n"),
    ("存在粉尘爆炸危险: 是\n完成日期: 2024-01-01\n单位名称: 某厂\n风压: 1.49\n除尘系统:\n"
     "  - {类型: 干式, 锁气卸灰装置: 否}\n  - {类型: 干式}\n  - {名称: x}\n  - {锁气卸灰装置: 是}\n"
     "检查记录:\n  - {带队人: 李四}\n  - {日期: 2024-02-01}\n"),
    ("存在粉尘爆炸危险: 是\n报告日期: 2023-12-31\n完成日期: 2024-02-01\n标志: 是\n除尘系统:\n"
     "  - {类型: 干式, 锁气卸灰装置: 是}\n  - {类型: 干式, 锁气卸灰装置: 是}\n"),
};

// The Machine's statuses (EvaluateProgramStatuses, no plans).
std::vector<ItemStatus> MachineStatuses(const Program& p, const Facts& facts,
                                        const EvalOptions& options) {
  std::vector<ItemStatus> s;
  vm_internal::EvaluateProgramStatuses(p, nullptr, Machine::StackBound(p), facts, options, &s);
  return s;
}

void ExpectSameStatuses(const std::shared_ptr<const Program>& prog) {
  auto ev = Evaluator::FromProgram(prog);
  for (const char* yaml : kSubmissions) {
    auto facts = LoadYaml(ev->schema(), yaml);
    ASSERT_NE(facts, nullptr);
    for (uint64_t budget :
         {uint64_t{1} << 27, uint64_t{0}, uint64_t{1}, uint64_t{2}, uint64_t{5}}) {
      EvalOptions options;
      options.trace = false;
      options.max_loop_steps = budget;
      std::vector<ItemStatus> planned;
      ev->EvaluateStatuses(*facts, options, &planned);
      const std::vector<ItemStatus> machine = MachineStatuses(*prog, *facts, options);
      std::vector<ItemStatus> prepared;
      ev->EvaluateStatuses(ev->Prepare(*facts), options, &prepared);
      ASSERT_EQ(planned.size(), machine.size());
      ASSERT_EQ(prepared.size(), machine.size());
      for (size_t i = 0; i < planned.size(); ++i) {
        EXPECT_EQ(StatusName(planned[i]), StatusName(machine[i]))
            << "item " << prog->items[i].id << ", budget " << budget << ", submission:\n"
            << yaml;
        EXPECT_EQ(StatusName(prepared[i]), StatusName(machine[i]))
            << "prepared: item " << prog->items[i].id << ", budget " << budget << ", submission:\n"
            << yaml;
      }
    }
  }
}

TEST(Plans, EverySegmentOfACommonProgramHasAPlan) {
  auto prog = PlannedProgram();
  ASSERT_NE(prog, nullptr);
  auto plans = Plans::Build(*prog);
  ASSERT_NE(plans, nullptr);
  EXPECT_EQ(plans->planned_items(), prog->items.size());
  ExpectSameStatuses(prog);
}

TEST(Plans, TheStatusesAreTheMachines) {
  // Spot checks that the comparison above compares something: known answers.
  auto prog = PlannedProgram();
  auto ev = Evaluator::FromProgram(prog);
  auto facts = LoadYaml(ev->schema(), kSubmissions[4]);
  std::vector<ItemStatus> s;
  ev->EvaluateStatuses(*facts, EvalOptions(), &s);
  ASSERT_EQ(s.size(), 18u);
  EXPECT_EQ(s[0], ItemStatus::kNonconforming);  // exists: the first system is dry without lock
  EXPECT_EQ(s[1], ItemStatus::kNonconforming);  // flag: 2024-01-01 < 2024-03-01
  EXPECT_EQ(s[2], ItemStatus::kUndetermined);   // flagged: 有标志 unknown
  EXPECT_EQ(s[3], ItemStatus::kCompliant);  // all: the fourth system has its lock (type unknown)
  EXPECT_EQ(s[5], ItemStatus::kNonconforming);   // count >= 2: two dry systems at least
  EXPECT_EQ(s[8], ItemStatus::kNonconforming);   // or-not: 风压 1.49 < 1.5
  EXPECT_EQ(s[9], ItemStatus::kUndetermined);    // or-fused: no 标志, 2024-01-01 < 2024-02-01
  EXPECT_EQ(s[10], ItemStatus::kUndetermined);   // any: 风压 1.49 fails, 标志 unknown
  EXPECT_EQ(s[11], ItemStatus::kNonconforming);  // at-least-2: 风压 1.49 < 1.5 and 涉粉
  EXPECT_EQ(s[12], ItemStatus::kUndetermined);   // arith: no 涉粉作业人数
  EXPECT_EQ(s[13], ItemStatus::kUndetermined);  // due: no 报告日期; 2024-02-01 > 2024-07-15 fails
  EXPECT_EQ(s[14], ItemStatus::kCompliant);  // date: no 报告日期, but 2024-01-01 > 2024-01-01 fails
  EXPECT_EQ(s[15], ItemStatus::kNonconforming);  // match: 某厂 does not match
  // Not applicable: all items of a group at once.
  auto no = LoadYaml(ev->schema(), kSubmissions[1]);
  ev->EvaluateStatuses(*no, EvalOptions(), &s);
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 1) {
      EXPECT_EQ(s[i], ItemStatus::kUndetermined);  // flag: always applies, no 完成日期
    } else if (i == 2) {
      EXPECT_EQ(s[i], ItemStatus::kUndetermined);  // flagged: 有标志 unknown
    } else {
      EXPECT_EQ(s[i], ItemStatus::kNotApplicable) << prog->items[i].id;
    }
  }
}

TEST(Plans, ItemsAfterTheFirstWithoutAPlanGoToTheMachine) {
  TestProgram tp;
  ProgramBuilder& pb = tp.b();
  const int32_t let0 = tp.Segment([](ProgramBuilder& b) {
    b.Emit(Opcode::kInputFieldCmp, static_cast<uint8_t>(0 | kImmBool << 3), kHasDust, 1);
  });
  pb.program().lets.push_back(LetDecl{"涉粉", let0});
  const int32_t applies = tp.Segment([](ProgramBuilder& b) { b.Emit(Opcode::kLet, 0, 0, 0); });
  tp.Item("first", [](ProgramBuilder& b) { DryWithoutLock(b, MacroKind::kExists); }).applies =
      applies;
  tp.Item("deadline",
          [](ProgramBuilder& b) {  // a deadline has no plan: 完成日期 by 报告日期
            b.Emit(Opcode::kReportDate);
            Input(b, kDone);
            b.Emit(Opcode::kDeadline);
          })
      .applies = applies;
  tp.Item("after", [](ProgramBuilder& b) { DryWithoutLock(b, MacroKind::kAll); }).applies = applies;
  auto prog = tp.Finish();
  ASSERT_NE(prog, nullptr);
  auto plans = Plans::Build(*prog);
  ASSERT_NE(plans, nullptr);
  EXPECT_EQ(plans->planned_items(), 1u);
  ExpectSameStatuses(prog);
}

TEST(Plans, ALetWithoutAPlanLeavesStatusesToTheMachine) {
  TestProgram tp;
  ProgramBuilder& pb = tp.b();
  const int32_t let0 = tp.Segment([](ProgramBuilder& b) {  // a filter has no plan
    Input(b, kSystems);
    const uint32_t loop = b.BeginLoop(MacroKind::kFilter, 0);
    b.Emit(Opcode::kVarFieldCmp, static_cast<uint8_t>(0 | kImmEnum << 3), kSysType, kDry);
    b.EndLoop(loop);
    b.Emit(Opcode::kSize);
  });
  pb.program().lets.push_back(LetDecl{"干式系统数", let0});
  tp.Item("x", [](ProgramBuilder& b) { DryWithoutLock(b, MacroKind::kExists); });
  auto prog = tp.Finish();
  ASSERT_NE(prog, nullptr);
  EXPECT_EQ(Plans::Build(*prog), nullptr);
  ExpectSameStatuses(prog);
}

TEST(Plans, AFirstItemWithoutAPlanLeavesStatusesToTheMachine) {
  TestProgram tp;
  tp.Item("deadline", [](ProgramBuilder& b) {  // a deadline has no plan
    b.Emit(Opcode::kReportDate);
    Input(b, kDone);
    b.Emit(Opcode::kDeadline);
  });
  tp.Item("x", [](ProgramBuilder& b) { DryWithoutLock(b, MacroKind::kExists); });
  auto prog = tp.Finish();
  ASSERT_NE(prog, nullptr);
  EXPECT_EQ(Plans::Build(*prog), nullptr);
  ExpectSameStatuses(prog);
}

TEST(Plans, PreparedOnlyWhenNoInstructionReadsTheFacts) {
  // Root fields compared with constants and a conjunction over a root list: all in slots.
  TestProgram only_slots;
  only_slots.Item("flag", [](ProgramBuilder& b) {
    b.Emit(Opcode::kInputFieldCmp, static_cast<uint8_t>(0 | kImmBool << 3), kFlag, 1);
  });
  only_slots.Item("dry", [](ProgramBuilder& b) { DryWithoutLock(b, MacroKind::kExists); });
  auto a = only_slots.Finish();
  ASSERT_NE(a, nullptr);
  auto pa = Plans::Build(*a);
  ASSERT_NE(pa, nullptr);
  EXPECT_TRUE(pa->prepared_only());
  ExpectSameStatuses(a);
  // A loop variable's field read as a value (not compared with a constant) reads the facts.
  TestProgram reads_facts;
  reads_facts.Item("named", [](ProgramBuilder& b) {
    Input(b, kSystems);
    const uint32_t loop = b.BeginLoop(MacroKind::kExists, 0);
    b.Emit(Opcode::kVarField, 0, 0, kSysName);
    b.Emit(Opcode::kPushConst, 0, 0, b.AddConstant(Constant::Text("x")));
    b.Emit(Opcode::kEq);
    b.EndLoop(loop);
  });
  auto r = reads_facts.Finish();
  ASSERT_NE(r, nullptr);
  auto pr = Plans::Build(*r);
  ASSERT_NE(pr, nullptr);
  EXPECT_FALSE(pr->prepared_only());
  ExpectSameStatuses(r);
}

TEST(Plans, HoldsMaskAgreesWithTheComparisonTable) {
  for (uint8_t cmp = 0; cmp <= kMaxCmpCode; ++cmp) {
    for (int64_t x : {-2, 0, 3}) {
      for (int64_t y : {-2, 0, 3}) {
        EXPECT_EQ(vm_internal::MaskHolds(vm_internal::HoldsMask(cmp), x, y),
                  vm_internal::HoldsCode(cmp, x, y))
            << "cmp " << int{cmp} << " x " << x << " y " << y;
      }
    }
  }
}

}  // namespace
}  // namespace paicha::rt::testing
