// `paicha check FILE...`: parses and checks rulebooks (compiler::Compile with Stop::kCheck) and
// prints their diagnostics to standard error. Exit 0 when no file has errors, 1 otherwise,
// 2 when no file is given.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "command.h"
#include "paicha/compiler/compiler.h"
#include "paicha/compiler/diag_render.h"

namespace paicha::cli {
namespace {

class CheckCommand : public Command {
 public:
  const char* name() const override { return "check"; }

  void Configure(CLI::App* app, std::vector<OptionHelp>* help) override {
    app->add_option("files", files_);
    help->push_back({"", "cli.check.args", "cli.check.arg_files"});
  }

  int Run(const Context& context) override {
    if (files_.empty()) {
      PrintMessage(stderr, context.catalog, "cli.error.missing_files");
      PrintMessage(stderr, context.catalog, "cli.error.see_help");
      return kUsage;
    }
    compiler::CompileOptions options;
    options.stop = compiler::CompileOptions::Stop::kCheck;
    int exit_code = kOk;
    for (const std::string& file : files_) {
      spdlog::debug("check: compiling {}", file);
      compiler::CompileResult result = compiler::Compile(file, options);
      spdlog::debug("check: {} diagnostic(s)", result.diagnostics.size());
      const compiler::SourceManager empty;
      const std::string text =
          compiler::RenderDiagnostics(result.sources ? *result.sources : empty, result.diagnostics,
                                      context.catalog, context.color_stderr);
      std::fwrite(text.data(), 1, text.size(), stderr);
      if (!result.ok()) {
        exit_code = kErrors;
      } else {
        PrintMessage(stdout, context.catalog, "cli.check.ok", {{"file", file}});
      }
    }
    return exit_code;
  }

 private:
  std::vector<std::string> files_;
};

}  // namespace

std::unique_ptr<Command> NewCheckCommand() { return std::make_unique<CheckCommand>(); }

}  // namespace paicha::cli
