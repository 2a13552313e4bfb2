// VM ↔ generated C++ equivalence on every rulebook case (architecture.md: "the VM and the
// generated C++ must give byte-identical reports on every golden case").
//
// For each rulebook below, the generated evaluator is the one compiled at build time by
// paicha_add_rulebook (cmake/PaichaRulebook.cmake); the VM evaluator is compiled here from the
// same source, under the same file name, so both carry the same content hash. Every case file
// (rulebooks: cases/*.yaml with 报告日期 and 提交; examples: the submissions next to the rulebook)
// is evaluated by both with trace on and off; the JSON reports (rt::RenderJson) must be equal
// byte for byte, and EvaluateStatuses (the generated evaluator's native status code,
// paicha/rt/gen_native.h, on facts shaped per call and on PreparedFacts) must agree too, also
// under small loop step budgets.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "backend_vm/backend_vm.h"
#include "fenchen_equiv.h"
#include "gongmao2017_equiv.h"
#include "gongmao2023_equiv.h"
#include "gtest/gtest.h"
#include "native_equiv.h"
#include "notdue_equiv.h"
#include "paicha/compiler/compiler.h"
#include "paicha/rt/evaluator.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/gen_support.h"
#include "paicha/rt/report.h"

namespace paicha {
namespace {

namespace fs = std::filesystem;

struct Rulebook {
  const char* name;
  const char* dir;    // relative to the source tree
  const char* root;   // root file, compiled from `dir`
  const char* cases;  // case directory relative to dir ("" = the directory itself)
  std::function<std::unique_ptr<rt::CompiledRulebook>(rt::ImageError*)> load;
};

const Rulebook kRulebooks[] = {
    {"fenchen", "examples/fenchen", "粉尘涉爆.rules", "", fenchen_equiv::Load},
    {"gongmao2023", "rulebooks/gongmao/2023", "工贸2023.rules", "cases", gongmao2023_equiv::Load},
    {"gongmao2017", "rulebooks/gongmao/2017", "工贸2017.rules", "cases", gongmao2017_equiv::Load},
    {"native", "tests/differential/testdata/native", "原生状态.rules", "", native_equiv::Load},
    {"notdue", "tests/golden/eval/notdue", "多节点期限.rules", "cases", notdue_equiv::Load},
};

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A case: the submission text and the report date (from 报告日期 of a case file; a plain
// submission carries its own).
struct Case {
  std::string submission;
  std::optional<rt::Date> report_date;
};

bool ParseCase(const std::string& text, Case* out) {
  try {
    YAML::Node root = YAML::Load(text);
    if (root.IsMap() && root["提交"]) {
      YAML::Emitter e;
      e << root["提交"];
      out->submission = e.c_str();
      if (root["报告日期"] && root["报告日期"].IsScalar()) {
        out->report_date = rt::Date::Parse(root["报告日期"].Scalar());
      }
      return true;
    }
    out->submission = text;
    return true;
  } catch (const YAML::Exception&) {
    return false;
  }
}

// Evaluates `c` with both engines (trace on and off, and statuses only) and expects identical
// reports. Returns false when the submission does not load (nothing to compare).
bool CompareCase(const rt::CompiledRulebook& vm, const rt::CompiledRulebook& gen, const Case& k) {
  rt::LoadResult vf = rt::LoadFacts(vm.schema(), k.submission, rt::FactsFormat::kYaml);
  rt::LoadResult gf = rt::LoadFacts(gen.schema(), k.submission, rt::FactsFormat::kYaml);
  EXPECT_EQ(vf.ok(), gf.ok());
  if (!vf.ok() || !gf.ok()) return false;
  for (bool trace : {true, false}) {
    rt::EvalOptions options;
    options.trace = trace;
    options.report_date = k.report_date;
    const std::string want = rt::RenderJson(vm.Evaluate(*vf.facts, options));
    const std::string got = rt::RenderJson(gen.Evaluate(*gf.facts, options));
    EXPECT_EQ(got, want) << "trace=" << trace << "\nsubmission:\n" << k.submission;
    std::vector<rt::ItemStatus> vs, gs;
    vm.EvaluateStatuses(*vf.facts, options, &vs);
    gen.EvaluateStatuses(*gf.facts, options, &gs);
    EXPECT_EQ(gs, vs);
    // Prepared facts: shaped by the generated evaluator, and made by another rulebook (the VM's,
    // which the generated one evaluates from their facts).
    std::vector<rt::ItemStatus> ps, other;
    gen.EvaluateStatuses(gen.Prepare(*gf.facts), options, &ps);
    EXPECT_EQ(ps, vs);
    gen.EvaluateStatuses(vm.Prepare(*gf.facts), options, &other);
    EXPECT_EQ(other, vs);
    // The VM's own prepared facts (typed slots, runtime/vm/plan.h), and facts prepared by the
    // generated rulebook, which the VM evaluates from their facts.
    std::vector<rt::ItemStatus> vp, vother;
    vm.EvaluateStatuses(vm.Prepare(*vf.facts), options, &vp);
    EXPECT_EQ(vp, vs);
    vm.EvaluateStatuses(gen.Prepare(*vf.facts), options, &vother);
    EXPECT_EQ(vother, vs);
  }
  // Statuses (the generated evaluator's native code) under small loop step budgets: the budget
  // is one per evaluation, shared by lets and items in order, as in the VM.
  for (uint64_t budget : {0, 1, 2, 3, 5, 8, 13}) {
    rt::EvalOptions options;
    options.trace = false;
    options.report_date = k.report_date;
    options.max_loop_steps = budget;
    std::vector<rt::ItemStatus> vs, gs;
    vm.EvaluateStatuses(*vf.facts, options, &vs);
    gen.EvaluateStatuses(*gf.facts, options, &gs);
    EXPECT_EQ(gs, vs) << "max_loop_steps=" << budget << "\nsubmission:\n" << k.submission;
    std::vector<rt::ItemStatus> ps;
    gen.EvaluateStatuses(gen.Prepare(*gf.facts), options, &ps);
    EXPECT_EQ(ps, vs) << "prepared, max_loop_steps=" << budget;
    std::vector<rt::ItemStatus> vp;
    vm.EvaluateStatuses(vm.Prepare(*vf.facts), options, &vp);
    EXPECT_EQ(vp, vs) << "VM prepared, max_loop_steps=" << budget;
  }
  return true;
}

// ---- Random submissions (RE2 tester.h idea, on the data side) ----------------------------------
// Mutates a case's submission: drops fields and list elements (missing data → 无法判定 paths),
// moves numbers to and across boundaries (±1, ×10, 0, negative), moves dates around quarter and
// year ends, and flips booleans. Deterministic for a given seed.
class Mutator {
 public:
  explicit Mutator(uint32_t seed) : rng_(seed) {}

  YAML::Node Mutate(const YAML::Node& n) {
    if (n.IsMap()) {
      YAML::Node out(YAML::NodeType::Map);
      for (const auto& kv : n) {
        if (Chance(8)) continue;  // drop the field
        out[kv.first.Scalar()] = Mutate(kv.second);
      }
      return out;
    }
    if (n.IsSequence()) {
      YAML::Node out(YAML::NodeType::Sequence);
      for (const auto& e : n) {
        if (Chance(10)) continue;
        out.push_back(Mutate(e));
        if (Chance(12)) out.push_back(Mutate(e));  // a duplicate element
      }
      return out;
    }
    if (n.IsScalar() && Chance(3)) return YAML::Node(MutateScalar(n.Scalar()));
    return YAML::Clone(n);
  }

  std::optional<rt::Date> ReportDate(std::optional<rt::Date> original) {
    if (!original || Chance(2)) return original;
    return rt::Date::Parse(QuarterEdge());
  }

 private:
  bool Chance(int one_in) { return std::uniform_int_distribution<int>(0, one_in - 1)(rng_) == 0; }

  std::string QuarterEdge() {
    static const char* kDates[] = {"2023-03-31", "2023-04-01", "2023-05-14", "2023-05-15",
                                   "2023-06-30", "2023-07-01", "2023-12-31", "2024-01-01",
                                   "2024-02-29", "2024-03-31", "2024-06-30", "2024-09-30",
                                   "2024-10-01", "2024-12-31", "2025-01-01", "2022-12-31"};
    return kDates[std::uniform_int_distribution<size_t>(0, std::size(kDates) - 1)(rng_)];
  }

  std::string MutateScalar(const std::string& s) {
    if (s == "是" || s == "否") return s == "是" ? "否" : "是";
    if (s == "true" || s == "false") return s == "true" ? "false" : "true";
    if (rt::Date::Parse(s)) return QuarterEdge();
    char* end = nullptr;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (!s.empty() && end != nullptr && *end == '\0' && v > -1000000 && v < 1000000) {
      switch (std::uniform_int_distribution<int>(0, 4)(rng_)) {
        case 0:
          return std::to_string(v + 1);
        case 1:
          return std::to_string(v - 1);
        case 2:
          return std::to_string(v * 10);
        case 3:
          return "0";
        default:
          return std::to_string(-v);
      }
    }
    return s;
  }

  std::mt19937 rng_;
};

class Equivalence : public ::testing::TestWithParam<int> {};

struct Engines {
  std::unique_ptr<rt::CompiledRulebook> vm, gen;
};

// Both engines of rulebook `rb` (the VM compiled from source here, the generated one linked in).
void MakeEngines(const Rulebook& rb, Engines* e) {
  const fs::path dir = fs::path(PAICHA_SOURCE_DIR) / rb.dir;
  const fs::path cwd = fs::current_path();
  fs::current_path(dir);
  compiler::CompileResult c = compiler::Compile(rb.root);
  fs::current_path(cwd);
  ASSERT_TRUE(c.ok() && c.program) << rb.name << " does not compile";
  std::string image;
  ASSERT_EQ(compiler::backend_vm::CompileImage(*c.program, c.sources.get(), &image), "");
  rt::ImageError err;
  e->vm = rt::VmRulebook(rt::Evaluator::Load(image, &err));
  ASSERT_NE(e->vm, nullptr) << err.DebugString();
  e->gen = rb.load(&err);
  ASSERT_NE(e->gen, nullptr) << err.DebugString();
  ASSERT_EQ(e->gen->content_hash(), e->vm->content_hash())
      << "the generated evaluator was built from another version of " << rb.name;
}

std::vector<fs::path> CaseFiles(const Rulebook& rb) {
  const fs::path dir = fs::path(PAICHA_SOURCE_DIR) / rb.dir / rb.cases;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Random variants of every case: PAICHA_DIFF_VARIANTS per case (default 8: CTest's bounded run,
// also under the sanitizers; set 1000 for a long run),
// seed PAICHA_DIFF_SEED (default 1).
TEST_P(Equivalence, RandomVariantsOfEveryCaseAgree) {
  const Rulebook& rb = kRulebooks[GetParam()];
  Engines e;
  ASSERT_NO_FATAL_FAILURE(MakeEngines(rb, &e));
  const char* v = std::getenv("PAICHA_DIFF_VARIANTS");
  const char* s = std::getenv("PAICHA_DIFF_SEED");
  const int variants = v ? std::atoi(v) : 8;
  const uint32_t seed = s ? static_cast<uint32_t>(std::strtoul(s, nullptr, 10)) : 1u;
  Mutator mutator(seed);
  int compared = 0;
  for (const fs::path& f : CaseFiles(rb)) {
    Case base;
    ASSERT_TRUE(ParseCase(ReadFile(f), &base));
    YAML::Node doc;
    try {
      doc = YAML::Load(base.submission);
    } catch (const YAML::Exception&) {
      continue;
    }
    for (int i = 0; i < variants; ++i) {
      SCOPED_TRACE(f.string() + " variant " + std::to_string(i) + " seed " + std::to_string(seed));
      Case k;
      YAML::Emitter out;
      out << mutator.Mutate(doc);
      k.submission = out.c_str();
      k.report_date = mutator.ReportDate(base.report_date);
      if (CompareCase(*e.vm, *e.gen, k)) ++compared;
      if (HasFailure()) return;  // the first disagreement is enough to debug
    }
  }
  std::printf("%s: %d random variants identical\n", rb.name, compared);
  EXPECT_GT(compared, 0);
}

TEST_P(Equivalence, EveryCaseGivesByteIdenticalReports) {
  const Rulebook& rb = kRulebooks[GetParam()];
  Engines e;
  ASSERT_NO_FATAL_FAILURE(MakeEngines(rb, &e));
  const std::vector<fs::path> files = CaseFiles(rb);
  ASSERT_FALSE(files.empty());
  int evaluated = 0;
  for (const fs::path& f : files) {
    SCOPED_TRACE(f.string());
    Case k;
    ASSERT_TRUE(ParseCase(ReadFile(f), &k));
    if (CompareCase(*e.vm, *e.gen, k)) ++evaluated;
  }
  EXPECT_GT(evaluated, 0);
  std::printf("%s: %d cases identical\n", rb.name, evaluated);
}

INSTANTIATE_TEST_SUITE_P(Rulebooks, Equivalence, ::testing::Values(0, 1, 2, 3, 4),
                         [](const ::testing::TestParamInfo<int>& param_info) {
                           return std::string(kRulebooks[param_info.param].name);
                         });

}  // namespace
}  // namespace paicha
