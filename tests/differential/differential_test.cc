// Differential test: the VM (rt::Evaluator) against the reference evaluator (reference_eval.h) on
// random rulebooks × random submissions (random_rulebook.h), re2/testing/tester.h style: every
// engine runs on the same input and all must agree on every item's status.
//
// Engines compared per submission:
//   kVmTrace     rt::Evaluator::Evaluate with trace on (the statuses of the Result)
//   kVmStatuses  rt::Evaluator::EvaluateStatuses
//   kVmPrepared  rt::Evaluator::EvaluateStatuses of the Evaluator's PreparedFacts (typed slots)
//   kReference   difftest::ReferenceStatuses over the IR
//
// Bounded in ctest: PAICHA_DIFF_ITERS rulebooks (default 200) × PAICHA_DIFF_SUBMISSIONS
// submissions (default 20) from seed PAICHA_DIFF_SEED (default 1). A disagreement prints a
// minimal reproduction: the rulebook text, the submission YAML, the report date option and the
// disagreeing item with every engine's status. PAICHA_DIFF_MAX_FAILURES (default 3) caps the
// reproductions printed.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "backend_vm/backend_vm.h"
#include "gtest/gtest.h"
#include "ir/ir.h"
#include "paicha/compiler/compiler.h"
#include "paicha/compiler/diagnostic.h"
#include "paicha/rt/evaluator.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/gen_support.h"
#include "random_rulebook.h"
#include "reference_eval.h"

namespace paicha::difftest {
namespace {

enum class Engine { kVmTrace, kVmStatuses, kVmPrepared, kReference };
constexpr Engine kEngines[] = {Engine::kVmTrace, Engine::kVmStatuses, Engine::kVmPrepared,
                               Engine::kReference};

const char* EngineName(Engine e) {
  switch (e) {
    case Engine::kVmTrace:
      return "vm(trace)";
    case Engine::kVmStatuses:
      return "vm(statuses)";
    case Engine::kVmPrepared:
      return "vm(prepared)";
    case Engine::kReference:
      return "reference";
  }
  return "?";
}

const char* StatusName(rt::ItemStatus s) {
  switch (s) {
    case rt::ItemStatus::kMajor:
      return "重大事故隐患";
    case rt::ItemStatus::kGeneral:
      return "一般隐患";
    case rt::ItemStatus::kNonconforming:
      return "不符合";
    case rt::ItemStatus::kCompliant:
      return "符合";
    case rt::ItemStatus::kNotApplicable:
      return "不适用";
    case rt::ItemStatus::kNotDue:
      return "未到期";
    case rt::ItemStatus::kUndetermined:
      return "无法判定";
  }
  return "?";
}

uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::strtoull(v, nullptr, 10);
}

// Diagnostics as plain text (kind, code and the source text they point at) for failure output.
std::string DescribeDiagnostics(const compiler::CompileResult& c, const std::string& text) {
  std::ostringstream out;
  for (const compiler::Diagnostic& d : c.diagnostics) {
    const compiler::DiagKindInfo& info = compiler::InfoOf(d.kind);
    out << info.code << " " << info.name;
    if (d.span.valid() && d.span.begin <= d.span.end && d.span.end <= text.size()) {
      out << " at «" << text.substr(d.span.begin, d.span.end - d.span.begin) << "»";
    }
    out << "\n";
  }
  return out.str();
}

// One compiled rulebook: the IR for the reference evaluator and the VM built from it.
struct Compiled {
  std::shared_ptr<const compiler::ir::Program> ir;
  std::unique_ptr<rt::Evaluator> vm;
};

// Compiles `text`; on failure adds a test failure describing it and returns false.
bool CompileRulebook(const std::string& text, Compiled* out) {
  compiler::CompileResult c = compiler::CompileText("随机.rules", text);
  if (!c.ok() || !c.program) {
    ADD_FAILURE() << "generated rulebook does not compile:\n"
                  << DescribeDiagnostics(c, text) << "rulebook:\n"
                  << text;
    return false;
  }
  std::string image;
  const std::string err = compiler::backend_vm::CompileImage(*c.program, c.sources.get(), &image);
  if (!err.empty()) {
    ADD_FAILURE() << "backend_vm failed: " << err << "\nrulebook:\n" << text;
    return false;
  }
  rt::ImageError ierr;
  out->vm = rt::Evaluator::Load(image, &ierr);
  if (!out->vm) {
    ADD_FAILURE() << "image does not load: " << ierr.DebugString() << "\nrulebook:\n" << text;
    return false;
  }
  out->ir = c.program;
  return true;
}

// The result of running every engine on one input.
struct Outcome {
  bool loaded = false;
  std::vector<std::vector<rt::ItemStatus>> statuses;  // per engine, per item
};

Outcome RunEngines(const Compiled& c, const std::string& yaml,
                   std::optional<rt::Date> report_date) {
  Outcome o;
  rt::LoadResult facts = rt::LoadFacts(c.vm->schema(), yaml, rt::FactsFormat::kYaml);
  if (!facts.ok()) {
    std::string errors;
    for (const rt::FactError& e : facts.errors) errors += e.path + " " + e.key + "\n";
    ADD_FAILURE() << "generated submission does not load:\n" << errors << "submission:\n" << yaml;
    return o;
  }
  o.loaded = true;
  rt::EvalOptions options;
  options.report_date = report_date;
  for (Engine e : kEngines) {
    std::vector<rt::ItemStatus> s;
    switch (e) {
      case Engine::kVmTrace: {
        options.trace = true;
        const rt::Result r = c.vm->Evaluate(*facts.facts, options);
        for (const rt::ItemResult& item : r.items) s.push_back(item.status);
        break;
      }
      case Engine::kVmStatuses:
        options.trace = false;
        c.vm->EvaluateStatuses(*facts.facts, options, &s);
        break;
      case Engine::kVmPrepared:
        options.trace = false;
        c.vm->EvaluateStatuses(c.vm->Prepare(*facts.facts), options, &s);
        break;
      case Engine::kReference:
        s = ReferenceStatuses(*c.ir, *facts.facts, report_date);
        break;
    }
    o.statuses.push_back(std::move(s));
  }
  return o;
}

// Expects every engine to agree; on disagreement prints the reproduction and returns false.
bool ExpectAgreement(const Compiled& c, const std::string& rulebook, const std::string& yaml,
                     std::optional<rt::Date> report_date, const std::string& where) {
  const Outcome o = RunEngines(c, yaml, report_date);
  if (!o.loaded) return false;
  const std::vector<rt::ItemStatus>& want = o.statuses.back();  // reference
  const size_t n = c.ir->items.size();
  for (size_t e = 0; e < o.statuses.size(); ++e) {
    if (o.statuses[e].size() != n) {
      ADD_FAILURE() << where << ": " << EngineName(kEngines[e]) << " gave " << o.statuses[e].size()
                    << " statuses for " << n << " items";
      return false;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    bool agree = true;
    for (const auto& s : o.statuses) agree = agree && s[i] == want[i];
    if (agree) continue;
    std::ostringstream msg;
    msg << where << ": engines disagree on item " << c.ir->items[i].id << ":";
    for (size_t e = 0; e < o.statuses.size(); ++e) {
      msg << " " << EngineName(kEngines[e]) << "=" << StatusName(o.statuses[e][i]);
    }
    msg << "\n---- rulebook ----\n"
        << rulebook << "---- submission ----\n"
        << yaml << "---- report date option: "
        << (report_date ? report_date->ToString() : std::string("none")) << "\n";
    ADD_FAILURE() << msg.str();
    return false;
  }
  return true;
}

// ---- The random differential run ----------------------------------------------------------

TEST(Differential, RandomRulebooksVmAgreesWithReference) {
  const uint64_t rulebooks = EnvOr("PAICHA_DIFF_ITERS", 200);
  const uint64_t submissions = EnvOr("PAICHA_DIFF_SUBMISSIONS", 20);
  const uint64_t seed = EnvOr("PAICHA_DIFF_SEED", 1);
  const uint64_t max_failures = EnvOr("PAICHA_DIFF_MAX_FAILURES", 3);
  uint64_t failures = 0, compared = 0;
  for (uint64_t r = 0; r < rulebooks && failures < max_failures; ++r) {
    const uint32_t rb_seed = static_cast<uint32_t>(seed * 1000003u + r);
    const RandomRulebook rb(rb_seed);
    Compiled c;
    if (!CompileRulebook(rb.text(), &c)) {
      ++failures;
      continue;
    }
    std::mt19937 rng(rb_seed ^ 0x9e3779b9u);
    for (uint64_t s = 0; s < submissions; ++s) {
      // Report date: in the document (usually), as the option (the CLI's --date), or absent.
      const uint32_t mode = rng() % 8;
      std::optional<rt::Date> option;
      if (mode == 6) option = rt::Date::Parse(rb.PoolDate(&rng));
      const std::string yaml = rb.Submission(&rng, mode < 6);
      const std::string where =
          "rulebook seed " + std::to_string(rb_seed) + " submission " + std::to_string(s);
      if (!ExpectAgreement(c, rb.text(), yaml, option, where)) {
        ++failures;
        break;  // one reproduction per rulebook is enough
      }
      ++compared;
    }
  }
  std::printf("differential: %llu submissions agreed (%llu rulebooks, seed %llu)\n",
              static_cast<unsigned long long>(compared), static_cast<unsigned long long>(rulebooks),
              static_cast<unsigned long long>(seed));
  EXPECT_GT(compared, 0u);
}

TEST(Differential, GeneratorIsDeterministic) {
  const RandomRulebook a(42), b(42), c(43);
  EXPECT_EQ(a.text(), b.text());
  EXPECT_NE(a.text(), c.text());
  std::mt19937 r1(7), r2(7);
  EXPECT_EQ(a.Submission(&r1, true), a.Submission(&r2, true));
}

// ---- Hand-written checks of the reference evaluator itself (so that it can fail) ----------

const char kSmallRulebook[] = R"(规则库 "参考求值器自检" { 施行日期 2023-05-15 }
枚举 状态 { 正常, 失效 }
记录 设备记录 { 状态: 状态  数量: 整数 }
输入 { 甲: 布尔  数: 整数  压: 小数(kPa)  日: 日期  设备: 列表 设备记录 }
隐患 A "或" { 依据 "x" 等级 重大事故隐患 当 甲 或 数 > 3 }
隐患 B "且" { 依据 "x" 当 甲 且 数 > 3 }
隐患 C "任一" { 依据 "x" 当 设备.exists(s, s.状态 == 失效) }
隐患 D "计数" { 依据 "x" 等级 一般隐患 当 设备.count(s, s.状态 == 失效) >= 2 }
隐患 E "单位" { 依据 "x" 当 压 >= 0.03 MPa }
隐患 F "月末" { 依据 "x" 当 日 + 6 个月 > 报告日期 }
隐患 G "适用" { 依据 "x" 适用 甲 当 数 > 3 }
隐患 H "至少" { 依据 "x" 当 至少 2 项 { "a": 甲; "b": 数 > 3; "c": 压 > 1 kPa } }
)";

std::vector<rt::ItemStatus> Reference(const Compiled& c, const std::string& yaml) {
  rt::LoadResult facts = rt::LoadFacts(c.vm->schema(), yaml, rt::FactsFormat::kYaml);
  EXPECT_TRUE(facts.ok()) << yaml;
  if (!facts.ok()) return {};
  return ReferenceStatuses(*c.ir, *facts.facts, std::nullopt);
}

TEST(ReferenceEvaluator, KnownStatuses) {
  using S = rt::ItemStatus;
  Compiled c;
  ASSERT_TRUE(CompileRulebook(kSmallRulebook, &c));
  // 甲 missing: A decided by 数 > 3, B by 数 <= 3; one unknown element and one 失效: C true, D
  // bounded [1, 2] against 2: unknown; 30 kPa == 0.03 MPa; 2023-08-31 + 6 个月 = 2024-02-29.
  EXPECT_EQ(
      Reference(c,
                "报告日期: 2024-02-29\n数: 4\n压: 30\n日: 2023-08-31\n"
                "设备:\n  - 状态: 失效\n  - 数量: 1\n"),
      (std::vector<S>{S::kMajor, S::kUndetermined, S::kNonconforming, S::kUndetermined,
                      S::kNonconforming, S::kCompliant, S::kUndetermined, S::kNonconforming}));
  EXPECT_EQ(Reference(c,
                      "报告日期: 2024-02-28\n甲: 否\n数: 3\n压: \"29.999 kPa\"\n"
                      "日: 2023-08-31\n设备: []\n"),
            (std::vector<S>{S::kCompliant, S::kCompliant, S::kCompliant, S::kCompliant,
                            S::kCompliant, S::kNonconforming, S::kNotApplicable, S::kCompliant}));
}

// ---- Regression cases found by the random run (VM disagreements, now fixed) ----------------
// Each case: a rulebook, a submission and the statuses the semantics text requires, checked
// against both the reference evaluator and the VM (traced and statuses-only).

std::vector<rt::ItemStatus> Vm(const Compiled& c, const std::string& yaml) {
  rt::LoadResult facts = rt::LoadFacts(c.vm->schema(), yaml, rt::FactsFormat::kYaml);
  EXPECT_TRUE(facts.ok()) << yaml;
  if (!facts.ok()) return {};
  std::vector<rt::ItemStatus> s;
  c.vm->EvaluateStatuses(*facts.facts, rt::EvalOptions(), &s);
  const rt::Result r = c.vm->Evaluate(*facts.facts, rt::EvalOptions());
  std::vector<rt::ItemStatus> traced;
  for (const rt::ItemResult& item : r.items) traced.push_back(item.status);
  EXPECT_EQ(traced, s) << "Evaluate and EvaluateStatuses disagree";
  return s;
}

// Bug 1 (VM, fixed): a count or ratio with unknown members is the bounds [true, true + unknown];
// the VM decided == and != from the two bounds alone, so `count == 1` with bounds [0, 2] is false
// and
// `!= 1` true, although the count may well be 1 (one of the two unknown members true); likewise
// `ratio == 0.25` with bounds [0/4, 2/4] is false although 1/4 is possible. The text
// (evaluator.h: "a comparison decides only when both bounds agree"; language.md §6: unknown
// operands are unknown "except where the known part decides") makes these 无法判定: the known part
// does not decide. `==` is decided false only when no achievable value equals the number (E: 0.3
// is not k/4; F: 5 is above the bounds), and `!=` is its negation (G). Found as seeds 1000028,
// 1000035, 1000050, 1000195 of PAICHA_DIFF_SEED=1.
const char kBoundedEqRulebook[] = R"(规则库 "有界计数的等于" { 施行日期 2023-05-15 }
记录 设备记录 { 合格: 布尔 }
输入 { 设备: 列表 设备记录 }
隐患 A "计数等于" { 依据 "x" 当 设备.count(s, s.合格) == 1 }
隐患 B "计数不等于" { 依据 "x" 当 设备.count(s, s.合格) != 1 }
隐患 C "比例等于" { 依据 "x" 当 设备.ratio(s, s.合格) == 0.25 }
隐患 D "计数大于（对照）" { 依据 "x" 当 设备.count(s, s.合格) > 2 }
隐患 E "比例等于（不可达）" { 依据 "x" 当 设备.ratio(s, s.合格) == 0.3 }
隐患 F "计数等于（界外）" { 依据 "x" 当 设备.count(s, s.合格) == 5 }
隐患 G "计数不等于（界外）" { 依据 "x" 当 设备.count(s, s.合格) != 5 }
)";
const char kBoundedEqSubmission[] = "设备:\n  - 合格: 否\n  - {}\n  - {}\n  - 合格: 否\n";
const std::vector<rt::ItemStatus> kBoundedEqWant = {
    rt::ItemStatus::kUndetermined, rt::ItemStatus::kUndetermined, rt::ItemStatus::kUndetermined,
    rt::ItemStatus::kCompliant,    rt::ItemStatus::kCompliant,    rt::ItemStatus::kCompliant,
    rt::ItemStatus::kNonconforming};

TEST(Regression, BoundedCountEqualityReference) {
  Compiled c;
  ASSERT_TRUE(CompileRulebook(kBoundedEqRulebook, &c));
  EXPECT_EQ(Reference(c, kBoundedEqSubmission), kBoundedEqWant);
}

// Before the fix the VM gave 符合 / 不符合 / 符合 for A / B / C (bug 1 above).
TEST(Regression, BoundedCountEqualityVm) {
  Compiled c;
  ASSERT_TRUE(CompileRulebook(kBoundedEqRulebook, &c));
  EXPECT_EQ(Vm(c, kBoundedEqSubmission), kBoundedEqWant);
}

// Bug 2 (VM, fixed): a situation block (有下列情形之一 / 下列全部 / 至少 N 项) left undecided only
// because an alternative is not yet due (a deadline whose date has not passed; no missing data
// anywhere) gave 无法判定; the text at the time (evaluator.h: not-due "is reported as 未到期 when
// no genuinely missing fact took part"; opcodes.def: only "when both a genuine unknown and a
// not-due meet, the result is unknown") requires 未到期, as the VM already gives for the same logic
// written with 或 / 且 (item D). Found as seeds 1000040, 1000045, 1000063, 1000111, 1000115,
// 1000167, 1000180, 1000181 of PAICHA_DIFF_SEED=1.
//
// Since 通用判定口径 3 (a not-due operand is not counted; truth.h DueTruth): with 甲 false, A, B
// and D (甲 or the deadline missed) are decided by the counted 甲 alone: 符合. C (下列全部: 甲
// false and the deadline missed) stays 未到期: its only possible violation is not due yet. E, F and
// G have only not-due alternatives: 未到期 (the original bug: not 无法判定).
const char kSituationNotDueRulebook[] = R"(规则库 "至少与未到期" { 施行日期 2023-05-15 }
输入 { 甲: 布尔  完成日: 日期 }
隐患 A "至少" { 依据 "x" 当 至少 1 项 { 甲; 非 (截止 2024-06-30 完成于 完成日) } }
隐患 B "之一" { 依据 "x" 当 有下列情形之一 { 甲; 非 (截止 2024-06-30 完成于 完成日) } }
隐患 C "全部" { 依据 "x" 当 下列全部 { 非 甲; 非 (截止 2024-06-30 完成于 完成日) } }
隐患 D "或（对照）" { 依据 "x" 当 甲 或 非 (截止 2024-06-30 完成于 完成日) }
隐患 E "至少（均未到期）" { 依据 "x" 当 至少 1 项 { 非 (截止 2024-06-30 完成于 完成日); 非 (截止 2024-09-30 完成于 完成日) } }
隐患 F "之一（均未到期）" { 依据 "x" 当 有下列情形之一 { 非 (截止 2024-06-30 完成于 完成日); 非 (截止 2024-09-30 完成于 完成日) } }
隐患 G "全部（均未到期）" { 依据 "x" 当 下列全部 { 非 (截止 2024-06-30 完成于 完成日); 非 (截止 2024-09-30 完成于 完成日) } }
)";
const char kSituationNotDueSubmission[] = "报告日期: 2024-01-31\n甲: 否\n";
const std::vector<rt::ItemStatus> kSituationNotDueWant = {
    rt::ItemStatus::kCompliant, rt::ItemStatus::kCompliant, rt::ItemStatus::kNotDue,
    rt::ItemStatus::kCompliant, rt::ItemStatus::kNotDue,    rt::ItemStatus::kNotDue,
    rt::ItemStatus::kNotDue};

TEST(Regression, SituationNotDueReference) {
  Compiled c;
  ASSERT_TRUE(CompileRulebook(kSituationNotDueRulebook, &c));
  EXPECT_EQ(Reference(c, kSituationNotDueSubmission), kSituationNotDueWant);
}

// Before the fix the VM gave 无法判定 for A, B and C (bug 2 above); before 口径 3, 未到期 for A, B
// and D.
TEST(Regression, SituationNotDueVm) {
  Compiled c;
  ASSERT_TRUE(CompileRulebook(kSituationNotDueRulebook, &c));
  EXPECT_EQ(Vm(c, kSituationNotDueSubmission), kSituationNotDueWant);
}

// Bug 3 (VM, fixed): the list macros did the same as bug 2 with bodies that are not yet due:
// `exists` whose bodies are all false or not-due (no missing data) gave 无法判定 instead of 未到期
// (likewise `all` and `exists_one`, D); the realistic form is a list of rectification tasks with
// per-task deadlines, all still running. Found as seeds 7000106, 7000119, 7000151, … of
// PAICHA_DIFF_SEED=7 PAICHA_DIFF_ITERS=3000.
//
// Since 通用判定口径 3 ("已到期的节点全部符合、未到期节点不计 ⇒ 符合"): the first task done in
// time and the second not due is 符合 (first submission); only when no task is due yet is it
// 未到期 (second submission, the original bug's case: not 无法判定); a task overdue decides
// (third: A, B, C 不符合; D: exactly one overdue, the not-due one not counted).
const char kMacroNotDueRulebook[] = R"(规则库 "宏与未到期" { 施行日期 2023-05-15 }
记录 整改任务 { 期限: 日期  完成日期: 日期 }
输入 { 任务: 列表 整改任务 }
隐患 A "任一逾期" { 依据 "x" 当 任务.exists(t, 非 (截止 t.期限 完成于 t.完成日期)) }
隐患 B "全部按期" { 依据 "x" 当 非 任务.all(t, 截止 t.期限 完成于 t.完成日期) }
隐患 C "逐项（对照）" { 依据 "x" 当 非 (截止 任务[0].期限 完成于 任务[0].完成日期) 或 非 (截止 任务[1].期限 完成于 任务[1].完成日期) }
隐患 D "恰一逾期" { 依据 "x" 当 任务.exists_one(t, 非 (截止 t.期限 完成于 t.完成日期)) }
)";
const char kMacroNotDueSubmission[] =
    "报告日期: 2024-01-31\n任务:\n  - 期限: 2024-03-31\n    完成日期: 2024-01-15\n"
    "  - 期限: 2024-06-30\n";
const std::vector<rt::ItemStatus> kMacroNotDueWant = {
    rt::ItemStatus::kCompliant, rt::ItemStatus::kCompliant, rt::ItemStatus::kCompliant,
    rt::ItemStatus::kCompliant};
const char kMacroAllNotDueSubmission[] =
    "报告日期: 2024-01-31\n任务:\n  - 期限: 2024-03-31\n  - 期限: 2024-06-30\n";
const std::vector<rt::ItemStatus> kMacroAllNotDueWant = {
    rt::ItemStatus::kNotDue, rt::ItemStatus::kNotDue, rt::ItemStatus::kNotDue,
    rt::ItemStatus::kNotDue};
const char kMacroOverdueSubmission[] =
    "报告日期: 2024-04-30\n任务:\n  - 期限: 2024-03-31\n  - 期限: 2024-06-30\n";
const std::vector<rt::ItemStatus> kMacroOverdueWant = {
    rt::ItemStatus::kNonconforming, rt::ItemStatus::kNonconforming, rt::ItemStatus::kNonconforming,
    rt::ItemStatus::kNonconforming};

TEST(Regression, MacroNotDueReference) {
  Compiled c;
  ASSERT_TRUE(CompileRulebook(kMacroNotDueRulebook, &c));
  EXPECT_EQ(Reference(c, kMacroNotDueSubmission), kMacroNotDueWant);
  EXPECT_EQ(Reference(c, kMacroAllNotDueSubmission), kMacroAllNotDueWant);
  EXPECT_EQ(Reference(c, kMacroOverdueSubmission), kMacroOverdueWant);
}

// Before the fix the VM gave 无法判定 for A, B and D (bug 3 above); before 口径 3, 未到期 for all
// four with the first submission.
TEST(Regression, MacroNotDueVm) {
  Compiled c;
  ASSERT_TRUE(CompileRulebook(kMacroNotDueRulebook, &c));
  EXPECT_EQ(Vm(c, kMacroNotDueSubmission), kMacroNotDueWant);
  EXPECT_EQ(Vm(c, kMacroAllNotDueSubmission), kMacroAllNotDueWant);
  EXPECT_EQ(Vm(c, kMacroOverdueSubmission), kMacroOverdueWant);
}

}  // namespace
}  // namespace paicha::difftest
