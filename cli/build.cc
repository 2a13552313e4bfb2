// `paicha build RULEBOOK.rules [-o IMAGE.pcb]`: compiles a rulebook and writes its image
// (runtime/include/paicha/rt/image.h). Without -o the image goes next to the source with the
// extension .pcb. Exit 0 written, 1 the rulebook has errors (diagnostics on standard error), 2
// usage or unreadable input, 3 the backend failed or the image could not be written.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "backend_vm/backend_vm.h"
#include "command.h"
#include "common.h"
#include "paicha/rt/image.h"

namespace paicha::cli {
namespace {

class BuildCommand : public Command {
 public:
  const char* name() const override { return "build"; }

  void Configure(CLI::App* app, std::vector<OptionHelp>* help) override {
    app->add_option("rulebook", rulebook_);
    app->add_option("-o,--output", output_);
    help->push_back({"", "cli.build.positional", "cli.build.arg_rulebook"});
    help->push_back({"-o, --output FILE", "", "cli.build.opt_output"});
  }

  int Run(const Context& context) override {
    if (rulebook_.empty()) return UsageError(context, "cli.error.missing_rulebook");
    std::string output = output_;
    if (output.empty()) {
      const std::string ext = Extension(rulebook_);
      output = rulebook_.substr(0, rulebook_.size() - (ext.empty() ? 0 : ext.size() + 1)) + ".pcb";
    }
    LoadedRulebook loaded;
    LoadOptions options;
    options.want_evaluator = false;
    const int status = LoadRulebook(rulebook_, context, &loaded, options);
    if (status != kOk) return status;
    if (loaded.from_image)
      return UsageError(context, "cli.build.already_image", {{"file", rulebook_}});
    std::string image;
    const std::string failure =
        compiler::backend_vm::CompileImage(*loaded.ir, loaded.compiled.sources.get(), &image);
    if (!failure.empty()) {
      PrintMessage(stderr, context.catalog, "cli.error.backend",
                   {{"file", rulebook_}, {"detail", failure}});
      return kToolFailure;
    }
    if (!WriteOutput(output, image)) {
      PrintMessage(stderr, context.catalog, "cli.error.write_failed", {{"file", output}});
      return kToolFailure;
    }
    spdlog::debug("build: wrote {} bytes to {}", image.size(), output);
    PrintMessage(stdout, context.catalog, "cli.build.ok",
                 {{"file", rulebook_},
                  {"output", output},
                  {"hash", rt::Sha256Hex(std::string_view(image).substr(
                                             std::min(image.size(), rt::kImageHeaderSize)))
                               .substr(0, 12)}});
    return kOk;
  }

 private:
  std::string rulebook_;
  std::string output_;
};

}  // namespace

std::unique_ptr<Command> NewBuildCommand() { return std::make_unique<BuildCommand>(); }

}  // namespace paicha::cli
