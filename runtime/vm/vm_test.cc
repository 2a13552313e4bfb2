// VM semantics through the public Evaluator: truth tables, boundaries, macros, counting bounds,
// frequency and deadline rules, situations, explanations and scoring.
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "vm_test_util.h"

namespace paicha::rt::testing {
namespace {

// T, F, U (missing field), N (deadline in the future, not done: not due, holds so far), M (非 N:
// not due, fails so far) as item conditions.
enum class V { kT, kF, kU, kN, kM };
const V kAll5[] = {V::kF, V::kT, V::kU, V::kN, V::kM};

void Emit(ProgramBuilder& b, V v) {
  switch (v) {
    case V::kT:
      Bool(b, true);
      break;
    case V::kF:
      Bool(b, false);
      break;
    case V::kU:
      Input(b, kFlag);
      break;
    case V::kN:
    case V::kM:
      DateC(b, "2099-12-31");
      Input(b, kDone);
      b.Emit(Opcode::kDeadline);
      if (v == V::kM) b.Emit(Opcode::kNot);
      break;
  }
}

std::string Name(V v) {
  switch (v) {
    case V::kT:
      return "nonconforming";
    case V::kF:
      return "compliant";
    case V::kU:
      return "undetermined";
    case V::kN:
    case V::kM:
      return "not_due";
  }
  return "?";
}

// The status of `v 且 true`: tells N (true) from M (not due) and T from N.
std::string ProbeName(V v) {
  switch (v) {
    case V::kT:
    case V::kN:
      return "nonconforming";
    case V::kF:
      return "compliant";
    case V::kU:
      return "undetermined";
    case V::kM:
      return "not_due";
  }
  return "?";
}

const char* kBaseFacts = "报告日期: 2024-06-30\n";

std::vector<ItemResult> RunItems(TestProgram& tp, const std::string& yaml, bool trace = true) {
  auto prog = tp.Finish();
  if (!prog) return {};
  auto ev = Evaluator::FromProgram(prog);
  auto facts = LoadYaml(ev->schema(), yaml);
  EvalOptions opt;
  opt.trace = trace;
  return ev->Evaluate(*facts, opt).items;
}

TEST(VmTruth, NotAndOrTables) {
  // Kleene logic plus not-due (truth.h DueTruth, 通用判定口径 3): a not-due operand is not
  // counted — the counted operands decide when the not-due ones, read as their value so far,
  // agree — and is never allowed to hide missing data; all operands not due ⇒ not due.
  // Rows a, columns b, in the order F, T, U, N, M.
  const V kAnd[5][5] = {{V::kF, V::kF, V::kF, V::kF, V::kF},
                        {V::kF, V::kT, V::kU, V::kT, V::kM},
                        {V::kF, V::kU, V::kU, V::kU, V::kU},
                        {V::kF, V::kT, V::kU, V::kN, V::kM},
                        {V::kF, V::kM, V::kU, V::kM, V::kM}};
  const V kOr[5][5] = {{V::kF, V::kT, V::kU, V::kN, V::kF},
                       {V::kT, V::kT, V::kT, V::kT, V::kT},
                       {V::kU, V::kT, V::kU, V::kU, V::kU},
                       {V::kN, V::kT, V::kU, V::kN, V::kN},
                       {V::kF, V::kT, V::kU, V::kN, V::kM}};
  const V kNot[5] = {V::kT, V::kF, V::kU, V::kM, V::kN};
  for (int shortcut = 0; shortcut < 2; ++shortcut) {
    for (int probe = 0; probe < 2; ++probe) {
      // probe: the result 且 true, so that N and M (both 未到期) tell apart.
      auto name = [&](V v) { return probe ? ProbeName(v) : Name(v); };
      auto finish = [&](ProgramBuilder& b) {
        if (!probe) return;
        Bool(b, true);
        b.Emit(Opcode::kAnd);
      };
      TestProgram tp;
      std::vector<std::string> expect;
      for (int i = 0; i < 5; ++i) {
        tp.Item("not" + std::to_string(i), [&](ProgramBuilder& b) {
          Emit(b, kAll5[i]);
          b.Emit(Opcode::kNot);
          finish(b);
        });
        expect.push_back(name(kNot[i]));
      }
      for (int op = 0; op < 2; ++op) {
        for (int i = 0; i < 5; ++i) {
          for (int j = 0; j < 5; ++j) {
            tp.Item("op" + std::to_string(op) + std::to_string(i) + std::to_string(j),
                    [&](ProgramBuilder& b) {
                      Emit(b, kAll5[i]);
                      uint32_t jmp = 0;
                      if (shortcut)
                        jmp = b.EmitJump(op == 0 ? Opcode::kJumpIfFalse : Opcode::kJumpIfTrue);
                      Emit(b, kAll5[j]);
                      b.Emit(op == 0 ? Opcode::kAnd : Opcode::kOr);
                      if (shortcut) b.Patch(jmp, b.pc());
                      finish(b);
                    });
            expect.push_back(name(op == 0 ? kAnd[i][j] : kOr[i][j]));
          }
        }
      }
      for (int trace = 0; trace < 2; ++trace) {
        auto items = RunItems(tp, kBaseFacts, trace != 0);
        ASSERT_EQ(items.size(), expect.size());
        for (size_t k = 0; k < items.size(); ++k) {
          EXPECT_EQ(StatusName(items[k].status), expect[k])
              << items[k].id << " shortcut=" << shortcut << " probe=" << probe
              << " trace=" << trace;
        }
      }
    }
  }
}

TEST(VmTruth, NotDueCarriesItsDate) {
  TestProgram tp;
  tp.Item("n", [](ProgramBuilder& b) {
    Emit(b, V::kN);
    b.Emit(Opcode::kNot);
  });
  auto items = RunItems(tp, kBaseFacts);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].status, ItemStatus::kNotDue);
  EXPECT_EQ(items[0].not_due_until, "2099-12-31");
}

TEST(VmCompare, DecimalBoundaries) {
  // 风压 = 0.30 kPa against 0.3: 以上 (>=) includes, 超过 (>) excludes; 0.30 == 0.3.
  TestProgram tp;
  const Opcode ops[] = {Opcode::kGe, Opcode::kGt, Opcode::kEq,
                        Opcode::kNe, Opcode::kLe, Opcode::kLt};
  const char* expect[] = {"nonconforming", "compliant",     "nonconforming",
                          "compliant",     "nonconforming", "compliant"};
  for (Opcode op : ops) {
    tp.Item(OpcodeName(op), [&](ProgramBuilder& b) {
      Input(b, kPressure);
      Dec(b, "0.3");
      b.Emit(op);
    });
  }
  // Unit conversion pre-computed by the compiler: 0.30 kPa × 0.001 = 0.0003 MPa.
  tp.Item("scaled", [&](ProgramBuilder& b) {
    Input(b, kPressure);
    b.Emit(Opcode::kScale, 0, 0, b.AddConstant(Constant::Dec(*Decimal::Parse("0.001"))));
    Dec(b, "0.0003");
    b.Emit(Opcode::kEq);
  });
  // Integer people: 30 人以上 includes 30.
  tp.Item("workers", [&](ProgramBuilder& b) {
    Input(b, kWorkers);
    b.EmitInt(30);
    b.Emit(Opcode::kGe);
  });
  auto items = RunItems(tp, "报告日期: 2024-06-30\n风压: 0.30\n涉粉作业人数: 30\n");
  ASSERT_EQ(items.size(), 8u);
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(StatusName(items[i].status), expect[i]) << i;
  EXPECT_EQ(items[6].status, ItemStatus::kNonconforming);
  EXPECT_EQ(items[7].status, ItemStatus::kNonconforming);
  // The deciding fact is named with its submitted text and unit.
  ASSERT_EQ(items[0].facts.size(), 1u);
  EXPECT_EQ(items[0].facts[0].path, "风压");
  EXPECT_EQ(items[0].facts[0].value.text, "0.30");
  EXPECT_EQ(items[0].facts[0].value.unit, "kPa");
}

TEST(VmCompare, ArithmeticIsExactAndOverflowIsUnknown) {
  TestProgram tp;
  tp.Item("sum", [](ProgramBuilder& b) {  // 0.1 + 0.2 == 0.3 exactly
    Dec(b, "0.1");
    Dec(b, "0.2");
    b.Emit(Opcode::kAdd);
    Dec(b, "0.3");
    b.Emit(Opcode::kEq);
  });
  tp.Item("overflow", [](ProgramBuilder& b) {
    b.EmitInt(INT64_MAX);
    b.EmitInt(1);
    b.Emit(Opcode::kAdd);
    b.EmitInt(0);
    b.Emit(Opcode::kGt);
  });
  tp.Item("div0", [](ProgramBuilder& b) {
    b.EmitInt(1);
    b.EmitInt(0);
    b.Emit(Opcode::kDiv);
    b.EmitInt(0);
    b.Emit(Opcode::kGt);
  });
  auto items = RunItems(tp, kBaseFacts);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].status, ItemStatus::kNonconforming);
  EXPECT_EQ(items[1].status, ItemStatus::kUndetermined);
  EXPECT_EQ(items[2].status, ItemStatus::kUndetermined);
}

// 除尘系统.exists(s, s.类型 == 干式 且 s.锁气卸灰装置 != 是)
void DryWithoutLock(ProgramBuilder& b, MacroKind kind = MacroKind::kExists) {
  Input(b, kSystems);
  uint32_t loop = b.BeginLoop(kind, 0);
  b.Emit(Opcode::kVar, 0);
  b.Emit(Opcode::kField, 0, 0, kSysType);
  b.Emit(Opcode::kPushEnum, 0, 0, kDry);
  b.Emit(Opcode::kEq);
  b.Emit(Opcode::kVar, 0);
  b.Emit(Opcode::kField, 0, 0, kSysLock);
  Bool(b, true);
  b.Emit(Opcode::kNe);
  b.Emit(Opcode::kAnd);
  b.EndLoop(loop);
}

TEST(VmMacros, ExistsDecidesDespiteUnknownsAndNamesMissingPaths) {
  TestProgram tp;
  tp.Item(
      "GM2023_11_6", [](ProgramBuilder& b) { DryWithoutLock(b); }, Level::kMajor);
  const std::string base = "报告日期: 2024-06-30\n除尘系统:\n";
  // One dry system without lock: major, even though another system is unknown.
  auto items = RunItems(tp, base +
                                "  - {名称: A, 类型: 湿式, 锁气卸灰装置: 是}\n"
                                "  - {名称: B}\n"
                                "  - {名称: C, 类型: 干式, 锁气卸灰装置: 否}\n");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].status, ItemStatus::kMajor);
  ASSERT_EQ(items[0].facts.size(), 2u);
  EXPECT_EQ(items[0].facts[0].path, "除尘系统[2].类型");
  EXPECT_EQ(items[0].facts[0].label, "除尘系统 第3项 除尘方式");
  EXPECT_EQ(items[0].facts[0].value.text, "干式");
  EXPECT_EQ(items[0].facts[1].path, "除尘系统[2].锁气卸灰装置");
}

TEST(VmMacros, MissingDataIsNeverAPass) {
  TestProgram tp;
  tp.Item("x", [](ProgramBuilder& b) { DryWithoutLock(b); });
  auto items = RunItems(tp,
                        "报告日期: 2024-06-30\n除尘系统:\n"
                        "  - {名称: A, 类型: 干式, 锁气卸灰装置: 是}\n"
                        "  - {名称: B, 锁气卸灰装置: 否}\n"
                        "  - {名称: C, 类型: 干式}\n");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].status, ItemStatus::kUndetermined);
  EXPECT_EQ(items[0].missing,
            (std::vector<std::string>{"除尘系统[1].类型", "除尘系统[2].锁气卸灰装置"}));
  // A missing list is unknown too, and an explicitly empty list is zero records.
  auto missing_list = RunItems(tp, kBaseFacts);
  EXPECT_EQ(missing_list[0].status, ItemStatus::kUndetermined);
  EXPECT_EQ(missing_list[0].missing, std::vector<std::string>{"除尘系统"});
  auto empty = RunItems(tp, "报告日期: 2024-06-30\n除尘系统: []\n");
  EXPECT_EQ(empty[0].status, ItemStatus::kCompliant);
  ASSERT_EQ(empty[0].facts.size(), 1u);
  EXPECT_EQ(empty[0].facts[0].path, "除尘系统");
  EXPECT_EQ(empty[0].facts[0].value.text, "0");
}

// count(s, s.类型 == 干式) >= n   or   ratio(...) >= r
void CountDry(ProgramBuilder& b, MacroKind kind) {
  Input(b, kSystems);
  uint32_t loop = b.BeginLoop(kind, 0);
  b.Emit(Opcode::kVar, 0);
  b.Emit(Opcode::kField, 0, 0, kSysType);
  b.Emit(Opcode::kPushEnum, 0, 0, kDry);
  b.Emit(Opcode::kEq);
  b.EndLoop(loop);
}

std::string Systems(int dry, int wet, int unknown) {
  std::string s = "报告日期: 2024-06-30\n除尘系统:\n";
  for (int i = 0; i < dry; ++i) s += "  - {类型: 干式}\n";
  for (int i = 0; i < wet; ++i) s += "  - {类型: 湿式}\n";
  for (int i = 0; i < unknown; ++i) s += "  - {名称: x}\n";
  if (dry + wet + unknown == 0) s = "报告日期: 2024-06-30\n除尘系统: []\n";  // empty, not absent
  return s;
}

TEST(VmMacros, CountingAtThresholdsWithBounds) {
  TestProgram tp;
  tp.Item("count>=3", [](ProgramBuilder& b) {
    CountDry(b, MacroKind::kCount);
    b.EmitInt(3);
    b.Emit(Opcode::kGe);
  });
  struct Case {
    int dry, wet, unknown;
    ItemStatus want;
  } cases[] = {
      {3, 0, 0, ItemStatus::kNonconforming},  // exactly at the threshold
      {2, 1, 0, ItemStatus::kCompliant},
      {2, 0, 1, ItemStatus::kUndetermined},   // bounds [2, 3] straddle 3
      {3, 0, 2, ItemStatus::kNonconforming},  // lower bound already 3
      {1, 0, 1, ItemStatus::kCompliant},      // upper bound 2 < 3
      {0, 0, 0, ItemStatus::kCompliant},
  };
  for (const Case& c : cases) {
    TestProgram t2;
    t2.Item("c", [](ProgramBuilder& b) {
      CountDry(b, MacroKind::kCount);
      b.EmitInt(3);
      b.Emit(Opcode::kGe);
    });
    auto items = RunItems(t2, Systems(c.dry, c.wet, c.unknown));
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].status, c.want) << c.dry << "/" << c.wet << "/" << c.unknown;
  }
}

TEST(VmMacros, RatioBoundsStraddleThreshold) {
  struct Case {
    int dry, wet, unknown;
    const char* threshold;
    ItemStatus want;
  } cases[] = {
      {8, 1, 1, "0.85", ItemStatus::kUndetermined},    // [0.8, 0.9] straddles 85 %
      {8, 1, 1, "0.75", ItemStatus::kNonconforming},   // both bounds >= 0.75
      {8, 1, 1, "0.95", ItemStatus::kCompliant},       // both bounds < 0.95
      {17, 3, 0, "0.85", ItemStatus::kNonconforming},  // exactly 85 % (以上 includes)
      {0, 0, 0, "0.85", ItemStatus::kUndetermined},    // a ratio of nothing
  };
  for (const Case& c : cases) {
    TestProgram tp;
    tp.Item("r", [&](ProgramBuilder& b) {
      CountDry(b, MacroKind::kRatio);
      Dec(b, c.threshold);
      b.Emit(Opcode::kGe);
    });
    auto items = RunItems(tp, Systems(c.dry, c.wet, c.unknown));
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].status, c.want)
        << c.dry << "/" << c.wet << "/" << c.unknown << " " << c.threshold;
  }
}

TEST(VmMacros, AllExistsOneFilterSizeSumMinMax) {
  TestProgram tp;
  tp.Item("all", [](ProgramBuilder& b) { CountDry(b, MacroKind::kAll); });
  tp.Item("exists_one", [](ProgramBuilder& b) { CountDry(b, MacroKind::kExistsOne); });
  tp.Item("filter_size==2", [](ProgramBuilder& b) {
    CountDry(b, MacroKind::kFilter);
    b.Emit(Opcode::kSize);
    b.EmitInt(2);
    b.Emit(Opcode::kEq);
  });
  tp.Item("max_date", [](ProgramBuilder& b) {  // latest inspection on 2024-05-20
    Input(b, kChecks);
    uint32_t loop = b.BeginLoop(MacroKind::kMax, 0);
    b.Emit(Opcode::kVar, 0);
    b.Emit(Opcode::kField, 0, 0, kCheckDate);
    b.EndLoop(loop);
    DateC(b, "2024-05-20");
    b.Emit(Opcode::kEq);
  });
  tp.Item("min_date", [](ProgramBuilder& b) {
    Input(b, kChecks);
    uint32_t loop = b.BeginLoop(MacroKind::kMin, 0);
    b.Emit(Opcode::kVar, 0);
    b.Emit(Opcode::kField, 0, 0, kCheckDate);
    b.EndLoop(loop);
    DateC(b, "2024-01-02");
    b.Emit(Opcode::kEq);
  });
  tp.Item("sum", [](ProgramBuilder& b) {  // sum of 1 per record = 3
    Input(b, kChecks);
    uint32_t loop = b.BeginLoop(MacroKind::kSum, 0);
    Dec(b, "1.5");
    b.EndLoop(loop);
    Dec(b, "4.5");
    b.Emit(Opcode::kEq);
  });
  auto items = RunItems(tp,
                        "报告日期: 2024-06-30\n除尘系统:\n  - {类型: 干式}\n  - {类型: 干式}\n"
                        "  - {类型: 湿式}\n检查记录:\n  - {日期: 2024-03-01}\n"
                        "  - {日期: 2024-05-20}\n  - {日期: 2024-01-02}\n");
  ASSERT_EQ(items.size(), 6u);
  EXPECT_EQ(items[0].status, ItemStatus::kCompliant);      // not all dry
  EXPECT_EQ(items[1].status, ItemStatus::kCompliant);      // two dry, not exactly one
  EXPECT_EQ(items[2].status, ItemStatus::kNonconforming);  // filter keeps 2
  EXPECT_EQ(items[3].status, ItemStatus::kNonconforming);
  EXPECT_EQ(items[4].status, ItemStatus::kNonconforming);
  EXPECT_EQ(items[5].status, ItemStatus::kNonconforming);
}

TEST(VmMacros, NestedLoopsUseSlots) {
  // 除尘系统.exists(a, 除尘系统.exists(b, a.类型 != b.类型)): mixed types.
  TestProgram tp;
  tp.Item("mixed", [](ProgramBuilder& b) {
    Input(b, kSystems);
    uint32_t outer = b.BeginLoop(MacroKind::kExists, 0);
    Input(b, kSystems);
    uint32_t inner = b.BeginLoop(MacroKind::kExists, 1);
    b.Emit(Opcode::kVar, 0);
    b.Emit(Opcode::kField, 0, 0, kSysType);
    b.Emit(Opcode::kVar, 1);
    b.Emit(Opcode::kField, 0, 0, kSysType);
    b.Emit(Opcode::kNe);
    b.EndLoop(inner);
    b.EndLoop(outer);
  });
  EXPECT_EQ(RunItems(tp, Systems(2, 1, 0))[0].status, ItemStatus::kNonconforming);
  TestProgram tp2;
  tp2.Item("mixed", [](ProgramBuilder& b) {
    Input(b, kSystems);
    uint32_t outer = b.BeginLoop(MacroKind::kExists, 0);
    Input(b, kSystems);
    uint32_t inner = b.BeginLoop(MacroKind::kExists, 1);
    b.Emit(Opcode::kVar, 0);
    b.Emit(Opcode::kField, 0, 0, kSysType);
    b.Emit(Opcode::kVar, 1);
    b.Emit(Opcode::kField, 0, 0, kSysType);
    b.Emit(Opcode::kNe);
    b.EndLoop(inner);
    b.EndLoop(outer);
  });
  EXPECT_EQ(RunItems(tp2, Systems(3, 0, 0))[0].status, ItemStatus::kCompliant);
}

// 非 (每 <period> 至少 <n> 次 检查记录 作为 r 按 r.日期 满足 r.带队人 == "厂长")
void Frequency(ProgramBuilder& b, PeriodKind period, int n, bool filter) {
  b.Emit(Opcode::kPushPeriod, static_cast<uint8_t>(period));
  b.EmitInt(n);
  Input(b, kChecks);
  uint32_t loop = b.BeginLoop(MacroKind::kFrequency, 0);
  b.Emit(Opcode::kVar, 0);
  b.Emit(Opcode::kField, 0, 0, kCheckDate);
  if (filter) {
    b.Emit(Opcode::kVar, 0);
    b.Emit(Opcode::kField, 0, 0, kCheckLeader);
    b.Emit(Opcode::kPushConst, 0, 0, b.AddConstant(Constant::Text("厂长")));
    b.Emit(Opcode::kEq);
  } else {
    Bool(b, true);
  }
  b.EndLoop(loop);
  b.Emit(Opcode::kNot);
}

ItemResult RunFrequency(PeriodKind period, int n, bool filter, const std::string& yaml) {
  TestProgram tp;
  tp.Item("freq", [&](ProgramBuilder& b) { Frequency(b, period, n, filter); });
  auto items = RunItems(tp, yaml);
  return items.empty() ? ItemResult{} : items[0];
}

std::string Checks(const std::string& report, const std::string& start,
                   const std::vector<std::string>& dates) {
  std::string s = "报告日期: " + report + "\n";
  if (!start.empty()) s += "统计起始日期: " + start + "\n";
  s += "检查记录:\n";
  if (dates.empty()) s = s.substr(0, s.size() - 1) + " []\n";
  for (const std::string& d : dates) s += "  - {日期: " + d + ", 带队人: 厂长}\n";
  return s;
}

TEST(VmFrequency, QuartersAcrossYearEnd) {
  // Report 2024-01-15, window from 2023-01-01: Q1..Q4 2023 are judged; Q1 2024 is running.
  const std::string start = "2023-01-01";
  auto ok = RunFrequency(
      PeriodKind::kQuarter, 1, false,
      Checks("2024-01-15", start, {"2023-02-01", "2023-05-01", "2023-09-30", "2023-12-31"}));
  EXPECT_EQ(ok.status, ItemStatus::kCompliant);
  // Missing Q4 2023 (the record on 2024-01-02 is in the running quarter): violation.
  auto q4 = RunFrequency(
      PeriodKind::kQuarter, 1, false,
      Checks("2024-01-15", start, {"2023-02-01", "2023-05-01", "2023-09-30", "2024-01-02"}));
  EXPECT_EQ(q4.status, ItemStatus::kNonconforming);
  // Only the running quarter: nothing judged yet → 未到期 until the quarter's end.
  auto due = RunFrequency(PeriodKind::kQuarter, 1, false, Checks("2024-01-15", "2024-01-01", {}));
  EXPECT_EQ(due.status, ItemStatus::kNotDue);
  EXPECT_EQ(due.not_due_until, "2024-03-31");
  // A quarter ending exactly on the report date is judged.
  auto edge = RunFrequency(PeriodKind::kQuarter, 1, false, Checks("2024-03-31", "2024-01-01", {}));
  EXPECT_EQ(edge.status, ItemStatus::kNonconforming);
}

TEST(VmFrequency, MonthsAroundLeapDay) {
  // Monthly from 2024-01-01, report on the leap day: January and February are judged.
  auto feb = RunFrequency(PeriodKind::kMonth, 1, false,
                          Checks("2024-02-29", "2024-01-01", {"2024-01-31", "2024-02-29"}));
  EXPECT_EQ(feb.status, ItemStatus::kCompliant);
  auto missing_feb = RunFrequency(PeriodKind::kMonth, 1, false,
                                  Checks("2024-02-29", "2024-01-01", {"2024-01-31", "2024-03-01"}));
  EXPECT_EQ(missing_feb.status, ItemStatus::kNonconforming);
  // Report on 2024-02-28: February is still running and is not a failure.
  auto running = RunFrequency(PeriodKind::kMonth, 1, false,
                              Checks("2024-02-28", "2024-01-01", {"2024-01-31"}));
  EXPECT_EQ(running.status, ItemStatus::kCompliant);
}

TEST(VmFrequency, CountsAtThresholdAndUnknownRecords) {
  const std::string yaml =
      "报告日期: 2024-03-31\n统计起始日期: 2024-01-01\n检查记录:\n"
      "  - {日期: 2024-01-05, 带队人: 厂长}\n"
      "  - {日期: 2024-02-05, 带队人: 厂长}\n"
      "  - {日期: 2024-03-05, 带队人: 副厂长}\n";
  // Twice a quarter led by 厂长: exactly 2 → compliant; 3 → violation.
  EXPECT_EQ(RunFrequency(PeriodKind::kQuarter, 2, true, yaml).status, ItemStatus::kCompliant);
  EXPECT_EQ(RunFrequency(PeriodKind::kQuarter, 3, true, yaml).status, ItemStatus::kNonconforming);
  // A record whose leader is unknown could make the third: undetermined, naming it.
  const std::string unknown =
      "报告日期: 2024-03-31\n统计起始日期: 2024-01-01\n检查记录:\n"
      "  - {日期: 2024-01-05, 带队人: 厂长}\n"
      "  - {日期: 2024-02-05, 带队人: 厂长}\n"
      "  - {日期: 2024-03-05}\n";
  auto u = RunFrequency(PeriodKind::kQuarter, 3, true, unknown);
  EXPECT_EQ(u.status, ItemStatus::kUndetermined);
  EXPECT_EQ(u.missing, std::vector<std::string>{"检查记录[2].带队人"});
}

TEST(VmDeadline, DoneInTimeLateOrNotDue) {
  auto run = [](const std::string& yaml) {
    TestProgram tp;
    tp.Item("dl", [](ProgramBuilder& b) {  // 非 截止 2024-06-30 完成于 完成日期
      DateC(b, "2024-06-30");
      Input(b, kDone);
      b.Emit(Opcode::kDeadline);
      b.Emit(Opcode::kNot);
    });
    return RunItems(tp, yaml)[0];
  };
  EXPECT_EQ(run("报告日期: 2024-07-01\n完成日期: 2024-06-30\n").status, ItemStatus::kCompliant);
  EXPECT_EQ(run("报告日期: 2024-07-01\n完成日期: 2024-07-01\n").status, ItemStatus::kNonconforming);
  EXPECT_EQ(run("报告日期: 2024-07-01\n").status, ItemStatus::kNonconforming);
  auto nd = run("报告日期: 2024-06-30\n");
  EXPECT_EQ(nd.status, ItemStatus::kNotDue);
  EXPECT_EQ(nd.not_due_until, "2024-06-30");
  // Month addition clamps: 2023-08-31 + 6 个月 = 2024-02-29.
  TestProgram tp;
  tp.Item("clamp", [](ProgramBuilder& b) {
    DateC(b, "2023-08-31");
    b.EmitInt(6);
    b.Emit(Opcode::kAddMonths);
    DateC(b, "2024-02-29");
    b.Emit(Opcode::kEq);
  });
  EXPECT_EQ(RunItems(tp, kBaseFacts)[0].status, ItemStatus::kNonconforming);
}

TEST(VmSituations, AnyAllAtLeastRecordWhichHeld) {
  auto three = [](ProgramBuilder& b) {
    Bool(b, true);
    Input(b, kFlag);  // unknown
    Bool(b, false);
  };
  TestProgram tp;
  const std::vector<std::string> labels = {"甲", "乙", "丙"};
  tp.Item("any", [&](ProgramBuilder& b) {
    three(b);
    b.Emit(Opcode::kSituation, 0, 3, b.AddSituationLabels(labels));
  });
  tp.Item("all", [&](ProgramBuilder& b) {
    three(b);
    b.Emit(Opcode::kSituation, 1, 3, b.AddSituationLabels(labels));
  });
  tp.Item("atleast2", [&](ProgramBuilder& b) {
    b.EmitInt(2);
    three(b);
    b.Emit(Opcode::kSituation, 2, 3, b.AddSituationLabels(labels));
  });
  tp.Item("atleast3", [&](ProgramBuilder& b) {
    b.EmitInt(3);
    three(b);
    b.Emit(Opcode::kSituation, 2, 3, b.AddSituationLabels(labels));
  });
  auto items = RunItems(tp, kBaseFacts);
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].status, ItemStatus::kNonconforming);
  EXPECT_EQ(items[1].status, ItemStatus::kCompliant);
  EXPECT_EQ(items[2].status, ItemStatus::kUndetermined);
  EXPECT_EQ(items[3].status, ItemStatus::kCompliant);
  ASSERT_EQ(items[0].situations.size(), 3u);
  EXPECT_EQ(items[0].situations[0].label, "甲");
  EXPECT_EQ(items[0].situations[0].holds, Situation::Holds::kYes);
  EXPECT_EQ(items[0].situations[1].holds, Situation::Holds::kUnknown);
  EXPECT_EQ(items[0].situations[2].holds, Situation::Holds::kNo);
}

TEST(VmText, MatchStartsWithContains) {
  TestProgram tp;
  tp.Item("re", [](ProgramBuilder& b) {
    Input(b, kName);
    b.Emit(Opcode::kMatch, 0, 0, b.AddConstant(Constant::Pattern("^[0-9A-Z]{18}$")));
  });
  tp.Item("starts", [](ProgramBuilder& b) {
    Input(b, kName);
    b.Emit(Opcode::kPushConst, 0, 0, b.AddConstant(Constant::Text("9150")));
    b.Emit(Opcode::kStartsWith);
  });
  tp.Item("contains", [](ProgramBuilder& b) {
    Input(b, kName);
    b.Emit(Opcode::kPushConst, 0, 0, b.AddConstant(Constant::Text("XX")));
    b.Emit(Opcode::kContains);
  });
  auto items = RunItems(tp, "报告日期: 2024-06-30\n单位名称: '91500000MA5U7X8Y9Z'\n");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].status, ItemStatus::kNonconforming);
  EXPECT_EQ(items[1].status, ItemStatus::kNonconforming);
  EXPECT_EQ(items[2].status, ItemStatus::kCompliant);
}

TEST(VmApplicability, NotApplicableAndUnknownApplicability) {
  TestProgram tp;
  int32_t applies = tp.Segment([](ProgramBuilder& b) { Input(b, kHasDust); });
  tp.Item("a", [](ProgramBuilder& b) { Bool(b, true); }).applies = applies;
  EXPECT_EQ(RunItems(tp, "报告日期: 2024-06-30\n存在粉尘爆炸危险: 否\n")[0].status,
            ItemStatus::kNotApplicable);
  TestProgram tp2;
  int32_t a2 = tp2.Segment([](ProgramBuilder& b) { Input(b, kHasDust); });
  tp2.Item("a", [](ProgramBuilder& b) { Bool(b, true); }).applies = a2;
  auto u = RunItems(tp2, kBaseFacts)[0];
  EXPECT_EQ(u.status, ItemStatus::kUndetermined);
  EXPECT_EQ(u.missing, std::vector<std::string>{"存在粉尘爆炸危险"});
}

TEST(VmLets, LetsAreEvaluatedOnceAndShared) {
  TestProgram tp;
  int32_t seg = tp.Segment([](ProgramBuilder& b) {
    Input(b, kWorkers);
    b.EmitInt(10);
    b.Emit(Opcode::kGe);
  });
  tp.b().program().lets.push_back(LetDecl{"劳动密集", seg});
  tp.Item("x", [](ProgramBuilder& b) { b.Emit(Opcode::kLet, 0, 0, 0); });
  auto items = RunItems(tp, "报告日期: 2024-06-30\n涉粉作业人数: 12\n");
  EXPECT_EQ(items[0].status, ItemStatus::kNonconforming);
  ASSERT_EQ(items[0].facts.size(), 1u);
  EXPECT_EQ(items[0].facts[0].path, "涉粉作业人数");
}

TEST(VmTrace, FastModeGivesTheSameStatuses) {
  TestProgram tp;
  tp.Item("x", [](ProgramBuilder& b) { DryWithoutLock(b); });
  tp.Item("c", [](ProgramBuilder& b) {
    CountDry(b, MacroKind::kCount);
    b.EmitInt(2);
    b.Emit(Opcode::kGe);
  });
  auto prog = tp.Finish();
  auto ev = Evaluator::FromProgram(prog);
  auto facts = LoadYaml(ev->schema(), Systems(2, 1, 1));
  EvalOptions fast;
  fast.trace = false;
  Result a = ev->Evaluate(*facts, fast);
  Result b = ev->Evaluate(*facts);
  std::vector<ItemStatus> c;
  ev->EvaluateStatuses(*facts, fast, &c);
  ASSERT_EQ(a.items.size(), b.items.size());
  ASSERT_EQ(c.size(), b.items.size());
  for (size_t i = 0; i < a.items.size(); ++i) {
    EXPECT_EQ(a.items[i].status, b.items[i].status);
    EXPECT_EQ(c[i], b.items[i].status);
    EXPECT_TRUE(a.items[i].facts.empty());
  }
  EXPECT_EQ(b.items[0].status, ItemStatus::kUndetermined);   // one unknown system
  EXPECT_EQ(b.items[1].status, ItemStatus::kNonconforming);  // two dry >= 2
}

// The superinstructions (opcodes.def, "Superinstructions") against the sequences they fuse: the
// same items, once fused and once spelled out, give identical results with and without trace
// (facts, missing paths, not-due dates) and identical EvaluateStatuses, on data that takes both
// the fast path (a known value of the immediate's kind) and the general one (missing values, a
// decimal field against an int, bounded counts, not-due lets).
TEST(VmSuperinstructions, SameResultsAsTheUnfusedSequences) {
  using Emit2 = std::function<void(ProgramBuilder&, bool fused)>;
  const int32_t kMarch1 = Date::FromYmd(2024, 3, 1)->days();
  const std::vector<Emit2> items = {
      [](ProgramBuilder& b, bool fused) {  // 存在粉尘爆炸危险 == true
        if (fused) {
          b.Emit(Opcode::kInputFieldCmp, FieldCmpOperand(0, kImmBool, 0), kHasDust, 1);
          return;
        }
        Input(b, kHasDust);
        Bool(b, true);
        b.Emit(Opcode::kEq);
      },
      [](ProgramBuilder& b, bool fused) {  // 涉粉作业人数 (a decimal quantity) >= 3
        if (fused) {
          b.Emit(Opcode::kInputFieldCmp, FieldCmpOperand(5, kImmInt, 0), kWorkers, 3);
          return;
        }
        Input(b, kWorkers);
        b.EmitInt(3);
        b.Emit(Opcode::kGe);
      },
      [kMarch1](ProgramBuilder& b, bool fused) {  // 完成日期 < 2024-03-01
        if (fused) {
          b.Emit(Opcode::kInputFieldCmp, FieldCmpOperand(2, kImmDate, 0), kDone,
                 static_cast<uint32_t>(kMarch1));
          return;
        }
        Input(b, kDone);
        DateC(b, "2024-03-01");
        b.Emit(Opcode::kLt);
      },
      [](ProgramBuilder& b, bool fused) {  // count(dry) != 2 (bounded with unknown systems)
        CountDry(b, MacroKind::kCount);
        if (fused) {
          b.Emit(Opcode::kCmpImm, 1, kImmInt, 2);
          return;
        }
        b.EmitInt(2);
        b.Emit(Opcode::kNe);
      },
      [](ProgramBuilder& b, bool fused) {  // count(dry) > let 0 (= -1), bounded or not
        CountDry(b, MacroKind::kCount);
        if (fused) {
          b.Emit(Opcode::kCmpLet, 4, 0, 0);
          return;
        }
        b.Emit(Opcode::kLet, 0, 0, 0);
        b.Emit(Opcode::kGt);
      },
      [](ProgramBuilder& b, bool fused) {  // 完成日期 >= let 1 (not-due when 完成日期 is missing)
        if (fused) {
          Input(b, kDone);
          b.Emit(Opcode::kCmpLet, 5, 0, 1);
          return;
        }
        Input(b, kDone);
        b.Emit(Opcode::kLet, 0, 0, 1);
        b.Emit(Opcode::kGe);
      },
      [](ProgramBuilder& b, bool fused) {  // exists(s, s.类型 == 干式 and s.锁气卸灰装置 != true)
        Input(b, kSystems);
        const uint32_t loop = b.BeginLoop(MacroKind::kExists, 0);
        if (fused) {
          b.Emit(Opcode::kVarFieldCmp, FieldCmpOperand(0, kImmEnum, 0), kSysType, kDry);
          b.Emit(Opcode::kVarField, 0, 0, kSysLock);
          b.Emit(Opcode::kCmpImm, 1, kImmBool, 1);
        } else {
          b.Emit(Opcode::kVar, 0);
          b.Emit(Opcode::kField, 0, 0, kSysType);
          b.Emit(Opcode::kPushEnum, 0, 0, kDry);
          b.Emit(Opcode::kEq);
          b.Emit(Opcode::kVar, 0);
          b.Emit(Opcode::kField, 0, 0, kSysLock);
          Bool(b, true);
          b.Emit(Opcode::kNe);
        }
        b.Emit(Opcode::kAnd);
        b.EndLoop(loop);
      },
  };
  auto build = [&](bool fused) {
    auto tp = std::make_unique<TestProgram>();
    const int32_t minus1 = tp->Segment([](ProgramBuilder& b) { b.EmitInt(-1); });
    tp->b().program().lets.push_back(LetDecl{"负一", minus1});
    const int32_t due = tp->Segment([](ProgramBuilder& b) {  // not-due: deadline 2099, not done
      DateC(b, "2099-12-31");
      Input(b, kDone);
      b.Emit(Opcode::kDeadline);
    });
    tp->b().program().lets.push_back(LetDecl{"期限", due});
    for (size_t i = 0; i < items.size(); ++i) {
      tp->Item("i" + std::to_string(i), [&, i](ProgramBuilder& b) { items[i](b, fused); });
    }
    return Evaluator::FromProgram(tp->Finish());
  };
  auto fused = build(true), plain = build(false);
  ASSERT_NE(fused, nullptr);
  ASSERT_NE(plain, nullptr);
  EXPECT_LT(fused->program().code.size(), plain->program().code.size());
  const std::string submissions[] = {
      Systems(2, 1, 1) + "存在粉尘爆炸危险: true\n涉粉作业人数: 3\n完成日期: 2024-02-01\n",
      Systems(1, 0, 0) + "存在粉尘爆炸危险: false\n涉粉作业人数: 2\n完成日期: 2024-03-01\n",
      Systems(0, 0, 0),
      Systems(2, 0, 0) + "存在粉尘爆炸危险: true\n",
  };
  std::set<std::string> distinct;
  for (const std::string& yaml : submissions) {
    auto facts = LoadYaml(fused->schema(), yaml);
    for (bool trace : {true, false}) {
      EvalOptions opt;
      opt.trace = trace;
      Result a = fused->Evaluate(*facts, opt), b = plain->Evaluate(*facts, opt);
      a.content_hash = b.content_hash = "";
      EXPECT_EQ(Dump(a), Dump(b)) << yaml << " trace " << trace;
      distinct.insert(Dump(a));
      std::vector<ItemStatus> sa, sb;
      fused->EvaluateStatuses(*facts, opt, &sa);
      plain->EvaluateStatuses(*facts, opt, &sb);
      EXPECT_EQ(sa, sb) << yaml;
      ASSERT_EQ(sa.size(), a.items.size());
      for (size_t i = 0; i < sa.size(); ++i) EXPECT_EQ(sa[i], a.items[i].status) << yaml << i;
    }
  }
  EXPECT_GE(distinct.size(), 6u);  // the submissions do lead to different results
}

TEST(VmLimits, LoopBudgetMakesTheMacroUnknown) {
  // Nested exists over 3 × 3 systems: 2 + 3 × 2 = 8 back-jumps in all; a budget of 4 cuts it.
  TestProgram tp;
  tp.Item("nested", [](ProgramBuilder& b) {
    Input(b, kSystems);
    uint32_t outer = b.BeginLoop(MacroKind::kExists, 0);
    Input(b, kSystems);
    uint32_t inner = b.BeginLoop(MacroKind::kExists, 1);
    b.Emit(Opcode::kVar, 0);
    b.Emit(Opcode::kField, 0, 0, kSysType);
    b.Emit(Opcode::kVar, 1);
    b.Emit(Opcode::kField, 0, 0, kSysType);
    b.Emit(Opcode::kNe);
    b.EndLoop(inner);
    b.EndLoop(outer);
  });
  auto ev = Evaluator::FromProgram(tp.Finish());
  auto facts = LoadYaml(ev->schema(), Systems(3, 0, 0));
  EvalOptions opt;
  EXPECT_EQ(ev->Evaluate(*facts, opt).items[0].status, ItemStatus::kCompliant);
  opt.max_loop_steps = 8;
  EXPECT_EQ(ev->Evaluate(*facts, opt).items[0].status, ItemStatus::kCompliant);
  opt.max_loop_steps = 4;
  EXPECT_EQ(ev->Evaluate(*facts, opt).items[0].status, ItemStatus::kUndetermined);
}

}  // namespace
}  // namespace paicha::rt::testing
