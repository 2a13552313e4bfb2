// Differential test through the generated C++: random rulebooks (random_rulebook.h) compiled at
// build time by paicha-emit-cpp (tests/differential/CMakeLists.txt, diffgen_table.h) against the
// VM and the reference evaluator (reference_eval.h), re2/testing/tester.h style.
//
// For each rulebook the test regenerates its text from its seed, compiles it to a VM image as
// differential_test.cc does, and for random submissions expects, per item, the same status from
//   gen(trace)     the generated Evaluate with trace on
//   gen(statuses)  the generated EvaluateStatuses (native status code, gen_native.h)
//   vm(trace)      rt::Evaluator::Evaluate with trace on
//   vm(statuses)   rt::Evaluator::EvaluateStatuses
//   reference      difftest::ReferenceStatuses over the IR
//   gen(prepared)  the generated EvaluateStatuses of PreparedFacts (shaped once, gen_support.h)
//   vm(prepared)   rt::Evaluator::EvaluateStatuses of its PreparedFacts (typed slots, plan.h)
// and the generated Evaluate's JSON report (rt::RenderJson) equal byte for byte to the VM's.
//
// Rulebooks: the PAICHA_DIFFGEN_RULEBOOKS cache variable (default 24) from the PAICHA_DIFFGEN_SEED
// cache variable (default 1). Submissions per rulebook: PAICHA_DIFF_SUBMISSIONS (default 50).
// A disagreement prints the rulebook text, the submission and the report date option.
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
#include "diffgen_table.h"
#include "gtest/gtest.h"
#include "ir/ir.h"
#include "paicha/compiler/compiler.h"
#include "paicha/rt/evaluator.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/gen_support.h"
#include "paicha/rt/report.h"
#include "random_rulebook.h"
#include "reference_eval.h"

namespace paicha::difftest {
namespace {

constexpr const char* kEngineNames[] = {"gen(trace)",   "gen(statuses)", "vm(trace)",
                                        "vm(statuses)", "reference",     "gen(prepared)",
                                        "vm(prepared)"};
constexpr size_t kEngineCount = sizeof(kEngineNames) / sizeof(kEngineNames[0]);

uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::strtoull(v, nullptr, 10);
}

std::vector<rt::ItemStatus> StatusesOf(const rt::Result& r) {
  std::vector<rt::ItemStatus> s;
  for (const rt::ItemResult& item : r.items) s.push_back(item.status);
  return s;
}

// One rulebook in its three forms.
struct Engines {
  std::string text;
  std::shared_ptr<const compiler::ir::Program> ir;
  std::unique_ptr<rt::CompiledRulebook> vm, gen;
};

bool Build(const GeneratedRulebook& g, Engines* e) {
  e->text = RandomRulebook(g.seed).text();
  compiler::CompileResult c = compiler::CompileText("随机.rules", e->text);
  if (!c.ok() || !c.program) {
    ADD_FAILURE() << "rulebook seed " << g.seed << " does not compile:\n" << e->text;
    return false;
  }
  std::string image;
  const std::string err = compiler::backend_vm::CompileImage(*c.program, c.sources.get(), &image);
  rt::ImageError vm_err, gen_err;
  if (err.empty()) e->vm = rt::VmRulebook(rt::Evaluator::Load(image, &vm_err));
  e->gen = g.load(&gen_err);
  if (!e->vm || !e->gen) {
    ADD_FAILURE() << "rulebook seed " << g.seed << ": backend_vm: " << err
                  << " vm: " << vm_err.DebugString() << " gen: " << gen_err.DebugString();
    return false;
  }
  // The generated code was compiled from the text the generator wrote at build time: a stale
  // build tree or a nondeterministic generator shows here rather than as a disagreement.
  if (e->vm->content_hash() != e->gen->content_hash()) {
    ADD_FAILURE() << "rulebook seed " << g.seed
                  << ": the generated C++ is not from the regenerated text (content hashes "
                  << e->gen->content_hash() << " vs " << e->vm->content_hash() << ")";
    return false;
  }
  e->ir = c.program;
  return true;
}

// Runs every engine on one submission; on disagreement adds a failure with the reproduction.
bool ExpectAgreement(const Engines& e, const std::string& yaml, std::optional<rt::Date> report_date,
                     const std::string& where) {
  rt::LoadResult vf = rt::LoadFacts(e.vm->schema(), yaml, rt::FactsFormat::kYaml);
  rt::LoadResult gf = rt::LoadFacts(e.gen->schema(), yaml, rt::FactsFormat::kYaml);
  if (!vf.ok() || !gf.ok()) {
    ADD_FAILURE() << where << ": generated submission does not load:\n" << yaml;
    return false;
  }
  const std::string repro =
      "\n---- rulebook ----\n" + e.text + "---- submission ----\n" + yaml +
      "---- report date option: " + (report_date ? report_date->ToString() : std::string("none")) +
      "\n";
  rt::EvalOptions options;
  options.report_date = report_date;
  options.trace = true;
  const rt::Result gen_result = e.gen->Evaluate(*gf.facts, options);
  const rt::Result vm_result = e.vm->Evaluate(*vf.facts, options);
  std::vector<std::vector<rt::ItemStatus>> s(kEngineCount);
  s[0] = StatusesOf(gen_result);
  s[2] = StatusesOf(vm_result);
  options.trace = false;
  e.gen->EvaluateStatuses(*gf.facts, options, &s[1]);
  e.vm->EvaluateStatuses(*vf.facts, options, &s[3]);
  s[4] = ReferenceStatuses(*e.ir, *vf.facts, report_date);
  e.gen->EvaluateStatuses(e.gen->Prepare(*gf.facts), options, &s[5]);
  e.vm->EvaluateStatuses(e.vm->Prepare(*vf.facts), options, &s[6]);

  const size_t n = e.ir->items.size();
  for (size_t k = 0; k < kEngineCount; ++k) {
    if (s[k].size() != n) {
      ADD_FAILURE() << where << ": " << kEngineNames[k] << " gave " << s[k].size()
                    << " statuses for " << n << " items" << repro;
      return false;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    bool agree = true;
    for (size_t k = 0; k < kEngineCount; ++k) agree = agree && s[k][i] == s[4][i];
    if (agree) continue;
    std::ostringstream msg;
    msg << where << ": engines disagree on item " << e.ir->items[i].id << ":";
    for (size_t k = 0; k < kEngineCount; ++k) {
      msg << " " << kEngineNames[k] << "=" << rt::StatusLabelZh(s[k][i]);
    }
    ADD_FAILURE() << msg.str() << repro;
    return false;
  }
  const std::string gen_json = rt::RenderJson(gen_result);
  const std::string vm_json = rt::RenderJson(vm_result);
  if (gen_json != vm_json) {
    ADD_FAILURE() << where << ": JSON reports differ\n---- gen ----\n"
                  << gen_json << "\n---- vm ----\n"
                  << vm_json << repro;
    return false;
  }
  return true;
}

TEST(DiffGen, RandomRulebooksGeneratedCppAgrees) {
  const uint64_t submissions = EnvOr("PAICHA_DIFF_SUBMISSIONS", 50);
  const uint64_t max_failures = EnvOr("PAICHA_DIFF_MAX_FAILURES", 3);
  ASSERT_GT(kGeneratedRulebookCount, 0u);
  uint64_t failures = 0, compared = 0;
  for (size_t r = 0; r < kGeneratedRulebookCount && failures < max_failures; ++r) {
    const GeneratedRulebook& g = kGeneratedRulebooks[r];
    Engines e;
    if (!Build(g, &e)) {
      ++failures;
      continue;
    }
    // The same submissions as differential_test.cc draws for this rulebook (and more).
    std::mt19937 rng(g.seed ^ 0x9e3779b9u);
    const RandomRulebook rb(g.seed);
    for (uint64_t s = 0; s < submissions; ++s) {
      const uint32_t mode = rng() % 8;
      std::optional<rt::Date> option;
      if (mode == 6) option = rt::Date::Parse(rb.PoolDate(&rng));
      const std::string yaml = rb.Submission(&rng, mode < 6);
      const std::string where =
          "rulebook seed " + std::to_string(g.seed) + " submission " + std::to_string(s);
      if (!ExpectAgreement(e, yaml, option, where)) {
        ++failures;
        break;
      }
      ++compared;
    }
  }
  std::printf("diffgen: %llu submissions agreed over %zu generated rulebooks\n",
              static_cast<unsigned long long>(compared), kGeneratedRulebookCount);
  EXPECT_EQ(compared, kGeneratedRulebookCount * submissions);
}

}  // namespace
}  // namespace paicha::difftest
