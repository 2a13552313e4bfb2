// `paicha build RULEBOOK.rules [-o IMAGE.pcb] [--emit vm|cpp [--namespace NS]]`: compiles a
// rulebook and writes its image (runtime/include/paicha/rt/image.h), or with --emit cpp a
// standalone C++ evaluator (OUT.cc plus OUT.h; compiler/backend_cpp) that links only the
// runtime. Without -o the output goes next to the source with the extension .pcb (or .cc). Exit 0 written, 1 the rulebook has errors (diagnostics on standard error), 2
// usage or unreadable input, 3 the backend failed or the image could not be written.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "backend_cpp/backend_cpp.h"
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
    app->add_option("--emit", emit_);
    app->add_option("--namespace", cpp_namespace_);
    help->push_back({"-o, --output FILE", "", "cli.build.opt_output"});
    help->push_back({"--emit vm|cpp", "", "cli.build.opt_emit"});
    help->push_back({"--namespace NS", "", "cli.build.opt_namespace"});
  }

  int Run(const Context& context) override {
    if (rulebook_.empty()) return UsageError(context, "cli.error.missing_rulebook");
    if (emit_ != "vm" && emit_ != "cpp")
      return UsageError(context, "cli.build.bad_emit", {{"value", emit_}});
    const bool cpp = emit_ == "cpp";
    std::string output = output_;
    if (output.empty()) {
      const std::string ext = Extension(rulebook_);
      output = rulebook_.substr(0, rulebook_.size() - (ext.empty() ? 0 : ext.size() + 1)) +
               (cpp ? ".cc" : ".pcb");
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
    if (cpp) return WriteCpp(context, image, output);
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
  // Writes OUTPUT (the evaluator) and the header beside it (OUTPUT with the extension .h).
  int WriteCpp(const Context& context, const std::string& image, const std::string& output) {
    compiler::backend_cpp::EmitCppOptions options;
    options.cpp_namespace = cpp_namespace_;
    options.source_name = rulebook_;
    std::string code;
    const std::string failure = compiler::backend_cpp::EmitCpp(image, options, &code);
    const std::string header_code = compiler::backend_cpp::EmitCppHeader(options);
    if (!failure.empty() || header_code.empty()) {
      PrintMessage(stderr, context.catalog, "cli.error.backend",
                   {{"file", rulebook_}, {"detail", failure.empty() ? cpp_namespace_ : failure}});
      return kToolFailure;
    }
    const std::string ext = Extension(output);
    const std::string header =
        output.substr(0, output.size() - (ext.empty() ? 0 : ext.size() + 1)) + ".h";
    for (const auto& [file, text] : {std::pair{output, code}, std::pair{header, header_code}}) {
      if (!WriteOutput(file, text)) {
        PrintMessage(stderr, context.catalog, "cli.error.write_failed", {{"file", file}});
        return kToolFailure;
      }
    }
    PrintMessage(stdout, context.catalog, "cli.build.ok_cpp",
                 {{"file", rulebook_}, {"output", output}, {"header", header}});
    return kOk;
  }

  std::string rulebook_;
  std::string output_;
  std::string emit_ = "vm";
  std::string cpp_namespace_ = "paicha_rulebook";
};

}  // namespace

std::unique_ptr<Command> NewBuildCommand() { return std::make_unique<BuildCommand>(); }

}  // namespace paicha::cli
