// Shared plumbing of the subcommands; see common.h.
#include "common.h"

#include <sys/stat.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <spdlog/spdlog.h>

#include "backend_vm/backend_vm.h"
#include "paicha/compiler/diag_render.h"
#include "paicha/rt/image.h"

namespace paicha::cli {

bool ReadFile(const std::string& path, std::string* out) {
  out->clear();
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    if (std::cin.bad()) return false;
    *out = buffer.str();
    return true;
  }
  // One read into a string of the file's size (a batch file can be hundreds of MB: going
  // through a stringstream would copy it twice more); the size is only a hint, so files that
  // change while being read and non-regular files still read to the end.
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  struct stat st {};
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    out->resize(static_cast<size_t>(st.st_size));
    out->resize(std::fread(out->data(), 1, out->size(), f));
  }
  char chunk[65536];
  for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, f)) > 0;) out->append(chunk, n);
  const bool ok = std::ferror(f) == 0;
  std::fclose(f);
  return ok;
}

bool WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    const size_t n = std::fwrite(text.data(), 1, text.size(), stdout);
    return n == text.size() && std::fflush(stdout) == 0;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  return !out.fail();
}

std::string Extension(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool LooksLikeImage(const std::string& path, const std::string& bytes) {
  static constexpr char kMagic[] = "PAICHA\x1a\n";
  if (bytes.size() >= 8 && std::memcmp(bytes.data(), kMagic, 8) == 0) return true;
  return Extension(path) == "pcb";
}

rt::FactsFormat FormatFor(const std::string& path) {
  return Extension(path) == "json" ? rt::FactsFormat::kJson : rt::FactsFormat::kYaml;
}

int UsageError(const Context& context, const std::string& key,
               const std::vector<rt::MsgArg>& args) {
  PrintMessage(stderr, context.catalog, key, args);
  PrintMessage(stderr, context.catalog, "cli.error.see_help");
  return kUsage;
}

int LoadRulebook(const std::string& path, const Context& context, LoadedRulebook* out,
                 const LoadOptions& options) {
  std::string bytes;
  if (!ReadFile(path, &bytes)) {
    PrintMessage(stderr, context.catalog, "cli.error.unreadable", {{"file", path}});
    return kUsage;
  }
  if (LooksLikeImage(path, bytes)) {
    spdlog::debug("loading image {} ({} bytes)", path, bytes.size());
    rt::ImageError error;
    out->evaluator = rt::Evaluator::Load(bytes, &error);
    if (out->evaluator == nullptr) {
      PrintMessage(
          stderr, context.catalog, "cli.error.bad_image",
          {{"file", path}, {"message", context.catalog.Format(error.MessageKey(), error.Args())}});
      spdlog::debug("image error: {}", error.DebugString());
      return kUsage;
    }
    out->from_image = true;
    return kOk;
  }
  spdlog::debug("compiling {}", path);
  compiler::CompileOptions copts;
  out->compiled = compiler::CompileText(path, std::move(bytes), copts);
  const compiler::SourceManager empty;
  const compiler::SourceManager& sources = out->compiled.sources ? *out->compiled.sources : empty;
  const std::string rendered = compiler::RenderDiagnostics(sources, out->compiled.diagnostics,
                                                           context.catalog, context.color_stderr);
  std::fwrite(rendered.data(), 1, rendered.size(), stderr);
  if (!out->compiled.ok() || out->compiled.program == nullptr) return kErrors;
  out->ir = out->compiled.program;
  if (!options.want_evaluator) return kOk;
  auto program = std::make_shared<rt::Program>();
  const std::string failure =
      compiler::backend_vm::CompileProgram(*out->ir, &sources, program.get());
  if (!failure.empty()) {
    PrintMessage(stderr, context.catalog, "cli.error.backend",
                 {{"file", path}, {"detail", failure}});
    return kToolFailure;
  }
  out->evaluator = rt::Evaluator::FromProgram(std::move(program));
  return kOk;
}

size_t PrintFactProblems(const std::string& file, const rt::LoadResult& loaded,
                         const Context& context) {
  auto print = [&](const rt::FactError& e, const char* key) {
    std::string location = file;
    if (e.line > 0) {
      location += ':' + std::to_string(e.line) + ':' + std::to_string(e.column);
    }
    PrintMessage(stderr, context.catalog, key,
                 {{"location", location}, {"message", context.catalog.Format(e.key, e.args)}});
  };
  for (const rt::FactError& e : loaded.errors) print(e, "cli.facts.error");
  for (const rt::FactError& w : loaded.warnings) print(w, "cli.facts.warning");
  return loaded.errors.size();
}

bool ParseDateOption(const std::string& text, const Context& context,
                     std::optional<rt::Date>* out) {
  if (text.empty()) return true;
  std::optional<rt::Date> date = rt::Date::Parse(text);
  if (!date) {
    UsageError(context, "cli.error.bad_date", {{"value", text}});
    return false;
  }
  *out = date;
  return true;
}

}  // namespace paicha::cli
