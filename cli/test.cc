// `paicha test [DIR...] [--min-coverage fires,clears,undetermined]`: runs rulebook test cases
// (OPA cases.go style) and reports differences and item coverage.
//
// Layout of a rulebook directory DIR: the rulebook is every DIR/*.rules file whose first token
// is the header keyword 规则库 / rulebook (modules start with 模块 and are skipped); the cases are
// DIR/cases/*.yaml, in file-name order, each run against every such rulebook. A case file:
//
//   说明: 企业属轻工行业：第七条各项不适用。      (description; English key: description)
//   报告日期: 2024-06-30                          (report date; report_date)
//   提交:                                          (the submission, as for `paicha eval`;
//   submission)
//     所属行业: 轻工
//   期望:                                          (item id → expected outcome; expect)
//     GM2023_7_1: 不适用                           (a status label or ASCII code)
//     GM2023_7_2: {状态: 无法判定, 缺失: [铸造用炉[0].紧急排放设施]}   (status + exact missing
//     paths)
//
// Only the items listed under 期望 are checked. A case fails when an item's status (or, when
// given, its sorted missing paths) differs, when it names an unknown item, or when its
// submission has errors or unknown fields (a misspelt field would otherwise silently become
// 无法判定). A failure prints, per differing item, expected vs actual and the item's decisive
// facts (path = value) and missing paths.
//
// Coverage: for each item of the rulebook, the number of cases that expect it to fire
// (重大事故隐患, 一般隐患, 不符合), to clear (符合) and to be 无法判定. --min-coverage lists the
// outcomes every item must have at least one case for; a gap is then an error. The output ends with
// the line "N passed, N failed" (cases). Exit 0 when every case passed and coverage is sufficient,
// 1 otherwise, 2 for usage errors or a directory without rulebook or cases.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

#include "command.h"
#include "common.h"
#include "paicha/rt/report.h"

namespace paicha::cli {
namespace {

namespace fs = std::filesystem;

// One expectation of a case.
struct Expectation {
  std::string item;
  rt::ItemStatus status = rt::ItemStatus::kUndetermined;
  bool check_missing = false;
  std::vector<std::string> missing;  // sorted
};

struct Case {
  std::string file;  // display name (path)
  std::string description;
  std::optional<rt::Date> report_date;
  std::string submission;  // YAML text of 提交
  std::vector<Expectation> expect;
};

// Status from a label (重大事故隐患) or code (major). False when unknown.
bool ParseStatus(const std::string& text, rt::ItemStatus* out) {
  for (int i = 0; i <= static_cast<int>(rt::ItemStatus::kUndetermined); ++i) {
    const auto s = static_cast<rt::ItemStatus>(i);
    if (text == rt::StatusLabelZh(s) || text == rt::StatusCode(s)) {
      *out = s;
      return true;
    }
  }
  return false;
}

// A mapping value by Chinese or English key (undefined node when neither is present).
YAML::Node Get(const YAML::Node& map, const char* zh, const char* en) {
  if (!map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) continue;
    const std::string& k = kv.first.Scalar();
    if (k == zh || k == en) return kv.second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

// Parses a case file; on failure returns the English-free detail for cli.test.bad_case
// (yaml-cpp's own message for syntax errors, which carries line and column).
bool ParseCase(const std::string& path, const std::string& text, Case* out, std::string* detail) {
  out->file = path;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    *detail = e.what();
    return false;
  }
  try {
    if (!root.IsMap()) {
      *detail = "top level is not a mapping";
      return false;
    }
    YAML::Node d = Get(root, "说明", "description");
    if (d.IsScalar()) out->description = d.Scalar();
    YAML::Node date = Get(root, "报告日期", "report_date");
    if (date.IsDefined() && !date.IsNull()) {
      out->report_date = date.IsScalar() ? rt::Date::Parse(date.Scalar()) : std::nullopt;
      if (!out->report_date) {
        *detail = "报告日期: not a date";
        return false;
      }
    }
    YAML::Node submission = Get(root, "提交", "submission");
    if (submission.IsDefined() && !submission.IsNull()) {
      YAML::Emitter emitter;
      emitter << submission;
      out->submission = emitter.c_str();
    }
    YAML::Node expect = Get(root, "期望", "expect");
    if (!expect.IsMap()) {
      *detail = "期望 is missing or not a mapping";
      return false;
    }
    for (const auto& kv : expect) {
      Expectation e;
      e.item = kv.first.as<std::string>();
      std::string status_text;
      if (kv.second.IsScalar()) {
        status_text = kv.second.Scalar();
      } else if (kv.second.IsMap()) {
        YAML::Node s = Get(kv.second, "状态", "status");
        if (s.IsScalar()) status_text = s.Scalar();
        YAML::Node m = Get(kv.second, "缺失", "missing");
        if (m.IsDefined()) {
          if (!m.IsSequence() && !m.IsNull()) {
            *detail = e.item + ": 缺失 is not a list";
            return false;
          }
          e.check_missing = true;
          if (m.IsSequence()) {
            for (const auto& p : m) e.missing.push_back(p.as<std::string>());
          }
          std::sort(e.missing.begin(), e.missing.end());
        }
      }
      if (!ParseStatus(status_text, &e.status)) {
        *detail = e.item + ": unknown status \"" + status_text + "\"";
        return false;
      }
      out->expect.push_back(std::move(e));
    }
  } catch (const YAML::Exception& e) {
    *detail = e.what();
    return false;
  }
  return true;
}

// Whether the first token of a .rules file is the rulebook header keyword.
bool IsRulebookRoot(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    size_t i = line.find_first_not_of(" \t\r");
    if (i == std::string::npos || line[i] == '#') continue;
    if (line.compare(i, 3, "\xEF\xBB\xBF") == 0) i += 3;  // BOM
    return line.compare(i, std::string("规则库").size(), "规则库") == 0 ||
           line.compare(i, 8, "rulebook") == 0;
  }
  return false;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += sep;
    out += v[i];
  }
  return out;
}

std::string ValueText(const rt::FactValue& v) {
  if (v.kind == rt::FactValue::Kind::kQuantity && !v.unit.empty()) return v.text + " " + v.unit;
  if (v.kind == rt::FactValue::Kind::kText) return "\"" + v.text + "\"";
  return v.text;
}

struct Coverage {
  int fires = 0, clears = 0, undetermined = 0;
};

class TestCommand : public Command {
 public:
  const char* name() const override { return "test"; }

  void Configure(CLI::App* app, std::vector<OptionHelp>* help) override {
    app->add_option("dirs", dirs_);
    app->add_option("--min-coverage", min_coverage_);
    help->push_back({"", "cli.test.positional", "cli.test.arg_dirs"});
    help->push_back({"--min-coverage KINDS", "", "cli.test.opt_min_coverage"});
  }

  int Run(const Context& context) override {
    // --min-coverage: a comma-separated subset of fires, clears, undetermined.
    std::stringstream kinds(min_coverage_);
    std::string kind;
    while (std::getline(kinds, kind, ',')) {
      if (kind == "fires") {
        need_fires_ = true;
      } else if (kind == "clears") {
        need_clears_ = true;
      } else if (kind == "undetermined") {
        need_undetermined_ = true;
      } else if (!kind.empty()) {
        return UsageError(context, "cli.error.bad_coverage", {{"value", min_coverage_}});
      }
    }
    if (dirs_.empty()) dirs_.push_back(".");
    int status = kOk;
    for (const std::string& dir : dirs_) status = std::max(status, RunDir(dir, context));
    PrintMessage(stdout, context.catalog, "cli.test.result",
                 {{"passed", std::to_string(passed_)}, {"failed", std::to_string(failed_)}});
    if (status == kOk && failed_ > 0) status = kErrors;
    return status;
  }

 private:
  int RunDir(const std::string& dir, const Context& context) {
    std::vector<std::string> rulebooks, cases;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.is_regular_file(ec) && entry.path().extension() == ".rules") {
        std::string text;
        if (ReadFile(entry.path().string(), &text) && IsRulebookRoot(text)) {
          rulebooks.push_back(entry.path().string());
        }
      }
    }
    for (const auto& entry : fs::directory_iterator(fs::path(dir) / "cases", ec)) {
      const std::string ext = entry.path().extension().string();
      if (entry.is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) {
        cases.push_back(entry.path().string());
      }
    }
    std::sort(rulebooks.begin(), rulebooks.end());
    std::sort(cases.begin(), cases.end());
    if (rulebooks.empty()) return UsageError(context, "cli.test.no_rulebook", {{"dir", dir}});
    if (cases.empty()) return UsageError(context, "cli.test.no_cases", {{"dir", dir}});

    exceptions_.clear();
    int status = ReadExceptions(dir, context);
    for (const std::string& rulebook : rulebooks) {
      status = std::max(status, RunRulebook(rulebook, cases, context));
    }
    return status;
  }

  // Reads DIR/coverage-exceptions.txt (absent: no exceptions) into exceptions_ ("item kind").
  int ReadExceptions(const std::string& dir, const Context& context) {
    const std::string path = (fs::path(dir) / "coverage-exceptions.txt").string();
    std::string text;
    std::error_code ec;
    if (!fs::exists(path, ec) || !ReadFile(path, &text)) return kOk;
    std::istringstream in(text);
    std::string line;
    int number = 0, status = kOk;
    while (std::getline(in, line)) {
      ++number;
      std::istringstream words(line);
      std::string item, kind, reason;
      words >> item >> kind;
      std::getline(words, reason);
      if (item.empty() || item[0] == '#') continue;
      if ((kind != "fires" && kind != "clears" && kind != "undetermined") ||
          reason.find_first_not_of(" \t\r") == std::string::npos) {
        PrintMessage(stdout, context.catalog, "cli.test.bad_exception",
                     {{"file", path}, {"line", static_cast<int64_t>(number)}});
        status = kErrors;
        continue;
      }
      exceptions_.insert(item + " " + kind);
      exception_lines_[item + " " + kind] = number;
    }
    exceptions_file_ = path;
    return status;
  }

  int RunRulebook(const std::string& rulebook, const std::vector<std::string>& case_files,
                  const Context& context) {
    LoadedRulebook book;
    const int load_status = LoadRulebook(rulebook, context, &book);
    if (load_status != kOk) {
      failed_ += static_cast<int>(case_files.size());
      return load_status;
    }
    PrintMessage(stdout, context.catalog, "cli.test.rulebook",
                 {{"file", rulebook}, {"cases", static_cast<int64_t>(case_files.size())}});
    const rt::Program& program = book.evaluator->program();
    std::map<std::string, size_t> item_index;
    for (size_t i = 0; i < program.items.size(); ++i) item_index[program.items[i].id] = i;
    std::vector<Coverage> coverage(program.items.size());

    for (const std::string& file : case_files) {
      std::vector<std::string> lines;  // the failure's detail lines
      RunCase(file, *book.evaluator, item_index, &coverage, context, &lines);
      for (const std::string& l : lines) std::fwrite(l.data(), 1, l.size(), stdout);
    }
    std::fflush(stdout);

    // Coverage table.
    PrintMessage(stdout, context.catalog, "cli.test.coverage_header");
    int with_fires = 0, with_clears = 0, with_undetermined = 0, gaps = 0;
    for (size_t i = 0; i < program.items.size(); ++i) {
      const Coverage& c = coverage[i];
      with_fires += c.fires > 0;
      with_clears += c.clears > 0;
      with_undetermined += c.undetermined > 0;
      std::vector<std::string> lacking;
      const std::string& id = program.items[i].id;
      auto excused = [&](const char* kind) { return exceptions_.count(id + " " + kind) > 0; };
      if (need_fires_ && c.fires == 0 && !excused("fires"))
        lacking.push_back(context.catalog.Format("cli.test.kind_fires"));
      if (need_clears_ && c.clears == 0 && !excused("clears"))
        lacking.push_back(context.catalog.Format("cli.test.kind_clears"));
      if (need_undetermined_ && c.undetermined == 0 && !excused("undetermined")) {
        lacking.push_back(context.catalog.Format("cli.test.kind_undetermined"));
      }
      gaps += !lacking.empty();
      PrintMessage(stdout, context.catalog, "cli.test.coverage_item",
                   {{"item", program.items[i].id},
                    {"fires", static_cast<int64_t>(c.fires)},
                    {"clears", static_cast<int64_t>(c.clears)},
                    {"undetermined", static_cast<int64_t>(c.undetermined)},
                    {"gaps", lacking.empty() ? std::string("none") : Join(lacking, ", ")}});
    }
    for (const auto& [key, number] : exception_lines_) {
      if (item_index.count(key.substr(0, key.find(' '))) == 0) {
        PrintMessage(stdout, context.catalog, "cli.test.bad_exception",
                     {{"file", exceptions_file_}, {"line", static_cast<int64_t>(number)}});
        ++gaps;
      }
    }
    PrintMessage(stdout, context.catalog, "cli.test.coverage_summary",
                 {{"items", static_cast<int64_t>(program.items.size())},
                  {"fires", static_cast<int64_t>(with_fires)},
                  {"clears", static_cast<int64_t>(with_clears)},
                  {"undetermined", static_cast<int64_t>(with_undetermined)}});
    if (gaps > 0) {
      PrintMessage(stdout, context.catalog, "cli.test.coverage_fail",
                   {{"count", static_cast<int64_t>(gaps)}});
      return kErrors;
    }
    return kOk;
  }

  void RunCase(const std::string& file, const rt::Evaluator& evaluator,
               const std::map<std::string, size_t>& item_index, std::vector<Coverage>* coverage,
               const Context& context, std::vector<std::string>* out) {
    const rt::Catalog& catalog = context.catalog;
    auto line = [&](const std::string& key, const std::vector<rt::MsgArg>& args) {
      out->push_back(catalog.Format(key, args) + "\n");
    };
    std::string text;
    Case c;
    std::string detail;
    if (!ReadFile(file, &text)) {
      line("cli.error.unreadable", {{"file", file}});
      ++failed_;
      return;
    }
    if (!ParseCase(file, text, &c, &detail)) {
      line("cli.test.bad_case", {{"case", file}, {"detail", detail}});
      ++failed_;
      return;
    }
    // Coverage counts what the cases claim (a failing case is reported anyway).
    for (const Expectation& e : c.expect) {
      auto it = item_index.find(e.item);
      if (it == item_index.end()) continue;
      Coverage& cov = (*coverage)[it->second];
      if (rt::IsFinding(e.status)) ++cov.fires;
      if (e.status == rt::ItemStatus::kCompliant) ++cov.clears;
      if (e.status == rt::ItemStatus::kUndetermined) ++cov.undetermined;
    }

    rt::LoadResult facts = rt::LoadFacts(evaluator.schema(), c.submission, rt::FactsFormat::kYaml);
    std::vector<std::string> problems;
    for (const auto* list : {&facts.errors, &facts.warnings}) {
      for (const rt::FactError& e : *list) {
        problems.push_back(
            catalog.Format(list == &facts.errors ? "cli.facts.error" : "cli.facts.warning",
                           {{"location", file}, {"message", catalog.Format(e.key, e.args)}}));
      }
    }
    if (!problems.empty() || facts.facts == nullptr) {
      line("cli.test.fail", {{"case", file}, {"description", c.description}});
      for (const std::string& p : problems) out->push_back("  " + p + "\n");
      ++failed_;
      return;
    }
    rt::EvalOptions options;
    options.report_date = c.report_date;
    const rt::Result result = evaluator.Evaluate(*facts.facts, options);

    std::vector<std::string> diffs;
    for (const Expectation& e : c.expect) {
      auto it = item_index.find(e.item);
      if (it == item_index.end()) {
        diffs.push_back(catalog.Format("cli.test.unknown_item", {{"item", e.item}}) + "\n");
        continue;
      }
      const rt::ItemResult& r = result.items[it->second];
      std::vector<std::string> missing = r.missing;
      std::sort(missing.begin(), missing.end());
      const bool status_ok = r.status == e.status;
      const bool missing_ok = !e.check_missing || missing == e.missing;
      if (status_ok && missing_ok) continue;
      if (!status_ok) {
        diffs.push_back(catalog.Format("cli.test.diff_status",
                                       {{"item", e.item},
                                        {"expected", rt::StatusLabel(e.status, catalog)},
                                        {"actual", rt::StatusLabel(r.status, catalog)}}) +
                        "\n");
      }
      if (!missing_ok || (e.check_missing && !status_ok)) {
        diffs.push_back(
            catalog.Format("cli.test.diff_missing", {{"item", e.item},
                                                     {"expected", Join(e.missing, ", ")},
                                                     {"actual", Join(missing, ", ")}}) +
            "\n");
      }
      for (const rt::Fact& f : r.facts) {
        diffs.push_back(
            catalog.Format("cli.test.fact", {{"path", f.path}, {"value", ValueText(f.value)}}) +
            "\n");
      }
      for (const std::string& m : r.missing) {
        diffs.push_back(catalog.Format("cli.test.fact_missing", {{"path", m}}) + "\n");
      }
    }
    if (diffs.empty()) {
      ++passed_;
      if (context.verbose) line("cli.test.pass", {{"case", file}});
      return;
    }
    ++failed_;
    line("cli.test.fail", {{"case", file}, {"description", c.description}});
    out->insert(out->end(), diffs.begin(), diffs.end());
  }

  std::vector<std::string> dirs_;
  std::string min_coverage_;
  std::set<std::string> exceptions_;            // "item kind" excused from --min-coverage
  std::map<std::string, int> exception_lines_;  // the same, with their line numbers
  std::string exceptions_file_;
  bool need_fires_ = false, need_clears_ = false, need_undetermined_ = false;
  int passed_ = 0, failed_ = 0;
};

}  // namespace

std::unique_ptr<Command> NewTestCommand() { return std::make_unique<TestCommand>(); }

}  // namespace paicha::cli
