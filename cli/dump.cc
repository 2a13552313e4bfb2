// `paicha dump --ast|--ir|--bytecode FILE`: prints one intermediate form, the same canonical
// dumps the golden suites use: the root file's AST (compiler/ast/dump.h), the IR
// (compiler/ir/dump.h via compiler::DumpIr) or the bytecode listing (rt::Disassemble, Lua
// `luac -l` style). --bytecode also accepts a .pcb image, which is read and verified first.
// Diagnostics go to standard error. Exit 0; 1 when the rulebook has errors; 2 for usage errors
// (none or several of the three flags, unreadable file, damaged image); 3 tool failure.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command.h"
#include "common.h"
#include "paicha/compiler/diag_render.h"
#include "paicha/rt/program_builder.h"

namespace paicha::cli {
namespace {

class DumpCommand : public Command {
 public:
  const char* name() const override { return "dump"; }

  void Configure(CLI::App* app, std::vector<OptionHelp>* help) override {
    app->add_flag("--ast", ast_);
    app->add_flag("--ir", ir_);
    app->add_flag("--bytecode", bytecode_);
    app->add_option("file", file_);
    app->add_option("-o,--output", output_);
    help->push_back({"", "cli.dump.positional", "cli.dump.arg_file"});
    help->push_back({"--ast", "", "cli.dump.opt_ast"});
    help->push_back({"--ir", "", "cli.dump.opt_ir"});
    help->push_back({"--bytecode", "", "cli.dump.opt_bytecode"});
    help->push_back({"-o, --output FILE", "", "cli.opt.output"});
  }

  int Run(const Context& context) override {
    if (static_cast<int>(ast_) + static_cast<int>(ir_) + static_cast<int>(bytecode_) != 1) {
      return UsageError(context, "cli.error.bad_dump_mode");
    }
    if (file_.empty()) return UsageError(context, "cli.error.missing_rulebook");
    std::string text;
    if (ast_) {
      std::string bytes;
      if (!ReadFile(file_, &bytes)) {
        PrintMessage(stderr, context.catalog, "cli.error.unreadable", {{"file", file_}});
        return kUsage;
      }
      if (LooksLikeImage(file_, bytes)) {
        return UsageError(context, "cli.error.needs_source", {{"file", file_}});
      }
      compiler::CompileOptions options;
      options.stop = compiler::CompileOptions::Stop::kParse;
      options.dump_ast = true;
      compiler::CompileResult r = compiler::CompileText(file_, std::move(bytes), options);
      const compiler::SourceManager empty;
      const std::string rendered = compiler::RenderDiagnostics(
          r.sources ? *r.sources : empty, r.diagnostics, context.catalog, context.color_stderr);
      std::fwrite(rendered.data(), 1, rendered.size(), stderr);
      if (!r.ok()) return kErrors;
      text = r.ast_dump;
    } else {
      LoadedRulebook book;
      LoadOptions options;
      options.want_evaluator = bytecode_;
      const int status = LoadRulebook(file_, context, &book, options);
      if (status != kOk) return status;
      if (ir_) {
        if (book.ir == nullptr)
          return UsageError(context, "cli.error.needs_source", {{"file", file_}});
        text = compiler::DumpIr(*book.ir);
      } else {
        text = rt::Disassemble(book.evaluator->program());
      }
    }
    if (!WriteOutput(output_, text)) {
      PrintMessage(stderr, context.catalog, "cli.error.write_failed", {{"file", output_}});
      return kToolFailure;
    }
    return kOk;
  }

 private:
  bool ast_ = false, ir_ = false, bytecode_ = false;
  std::string file_;
  std::string output_;
};

}  // namespace

std::unique_ptr<Command> NewDumpCommand() { return std::make_unique<DumpCommand>(); }

}  // namespace paicha::cli
