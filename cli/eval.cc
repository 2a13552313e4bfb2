// `paicha eval RULEBOOK SUBMISSION [--date D] [--format text|json|html] [-o FILE]`: scores one
// submission and prints the report (runtime/report).
//
// RULEBOOK is a .rules source (compiled in memory) or a .pcb image (read and verified).
// SUBMISSION is YAML (.yaml, .yml), JSON (.json) or "-" (standard input, read as YAML, which
// accepts JSON too). Every submission error is listed (file:line:col, then the message naming
// the field path, e.g. 除尘系统[2].类型) and the exit code is 2; unknown fields are warnings on
// standard error. The text report is coloured only when it goes to a terminal (--color auto) or
// with --color always.
// Exit: 0 no findings (items may still be 无法判定; the report names the missing fields), 1 at
// least one 重大事故隐患/一般隐患/不符合, 2 usage or input errors, 3 tool failure.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "command.h"
#include "common.h"
#include "paicha/rt/report.h"

namespace paicha::cli {
namespace {

class EvalCommand : public Command {
 public:
  const char* name() const override { return "eval"; }

  void Configure(CLI::App* app, std::vector<OptionHelp>* help) override {
    app->add_option("rulebook", rulebook_);
    app->add_option("submission", submission_);
    app->add_option("--date", date_);
    app->add_option("--format", format_);
    app->add_option("-o,--output", output_);
    help->push_back({"", "cli.eval.args", "cli.eval.arg_files"});
    help->push_back({"--date YYYY-MM-DD", "", "cli.opt.date"});
    help->push_back({"--format text|json|html", "", "cli.eval.opt_format"});
    help->push_back({"-o, --output FILE", "", "cli.opt.output"});
  }

  int Run(const Context& context) override {
    if (rulebook_.empty()) return UsageError(context, "cli.error.missing_rulebook");
    if (submission_.empty()) return UsageError(context, "cli.error.missing_submission");
    if (format_ != "text" && format_ != "json" && format_ != "html") {
      return UsageError(context, "cli.error.bad_format", {{"value", format_}});
    }
    rt::EvalOptions options;
    if (!ParseDateOption(date_, context, &options.report_date)) return kUsage;

    LoadedRulebook book;
    const int status = LoadRulebook(rulebook_, context, &book);
    if (status != kOk) return status;

    std::string text;
    if (!ReadFile(submission_, &text)) {
      PrintMessage(stderr, context.catalog, "cli.error.unreadable", {{"file", submission_}});
      return kUsage;
    }
    const std::string shown = submission_ == "-" ? "<stdin>" : submission_;
    rt::LoadResult facts = rt::LoadFacts(book.evaluator->schema(), text, FormatFor(submission_));
    if (PrintFactProblems(shown, facts, context) > 0 || facts.facts == nullptr) {
      PrintMessage(stderr, context.catalog, "cli.facts.summary",
                   {{"file", shown}, {"count", static_cast<int64_t>(facts.errors.size())}});
      return kUsage;
    }
    spdlog::debug("eval: submission loaded, evaluating");
    const rt::Result result = book.evaluator->Evaluate(*facts.facts, options);

    std::string report;
    if (format_ == "json") {
      report = rt::RenderJson(result);
    } else if (format_ == "html") {
      report = rt::RenderHtml(result, context.catalog);
    } else {
      rt::TextOptions text_options;
      text_options.color = context.color_stdout && (output_.empty() || output_ == "-");
      report = rt::RenderText(result, context.catalog, text_options);
    }
    if (!WriteOutput(output_, report)) {
      PrintMessage(stderr, context.catalog, "cli.error.write_failed", {{"file", output_}});
      return kToolFailure;
    }
    const rt::Summary& s = result.summary;
    return s.major + s.general + s.nonconforming > 0 ? kErrors : kOk;
  }

 private:
  std::string rulebook_;
  std::string submission_;
  std::string date_;
  std::string format_ = "text";
  std::string output_;
};

}  // namespace

std::unique_ptr<Command> NewEvalCommand() { return std::make_unique<EvalCommand>(); }

}  // namespace paicha::cli
