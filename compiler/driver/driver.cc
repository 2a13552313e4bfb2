// The implementation of compiler.h: read → parse → sema → lower → verify.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "ast/dump.h"
#include "ir/dump.h"
#include "ir/verify.h"
#include "lower/lower.h"
#include "paicha/compiler/compiler.h"
#include "parse/parse.h"
#include "sema/sema.h"

namespace paicha::compiler {
namespace {

std::optional<std::string> ReadFile(const std::string& path, const CompileOptions& options) {
  if (options.files) {
    auto it = options.files->find(path);
    if (it == options.files->end()) return std::nullopt;
    return it->second;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

CompileResult Run(const std::string& name, std::string text, const CompileOptions& options) {
  CompileResult result;
  result.sources = std::make_unique<SourceManager>();
  DiagnosticSink sink;
  FileId root = result.sources->Add(name, std::move(text));
  std::unique_ptr<ast::File> file = ParseFile(result.sources->Get(root), root, sink);
  if (file && options.dump_ast) result.ast_dump = ast::DumpFile(*file, result.sources->Get(root));
  if (file && options.stop != CompileOptions::Stop::kParse) {
    sema::SemaOptions sopts;
    sopts.parse = [](const Source& src, FileId id, DiagnosticSink& s) {
      return ParseFile(src, id, s);
    };
    if (options.files) {
      const auto* files = options.files;
      sopts.read = [files](const std::string& path) -> std::optional<std::string> {
        auto it = files->find(path);
        if (it == files->end()) return std::nullopt;
        return it->second;
      };
    }
    auto checked = sema::Analyze(*result.sources, root, name, std::move(file), sopts, sink);
    if (!sink.has_errors()) {
      std::shared_ptr<ir::Program> program = Lower(*checked, *result.sources, sink);
      std::vector<std::string> problems = ir::Verify(*program);
      if (!problems.empty()) {
        // A bug in the compiler, not in the rulebook: say so on stderr for the developer and
        // hand out no program.
        for (const auto& p : problems) std::cerr << "paicha: internal IR error: " << p << "\n";
      } else if (options.stop == CompileOptions::Stop::kLower) {
        result.program = std::move(program);
      }
    }
  }
  result.diagnostics = sink.Sorted();
  return result;
}

}  // namespace

bool CompileResult::ok() const {
  return std::none_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
    return InfoOf(d.kind).severity == Severity::kError;
  });
}

CompileResult Compile(const std::string& path, const CompileOptions& options) {
  std::optional<std::string> text = ReadFile(path, options);
  if (!text) {
    CompileResult result;
    result.sources = std::make_unique<SourceManager>();
    FileId id = result.sources->Add(path, "");
    DiagnosticSink sink;
    sink.Report(DiagKind::kFileNotReadable, Span{id, 0, 0}, {DiagArg{"file", path}});
    result.diagnostics = sink.Sorted();
    return result;
  }
  return Run(path, std::move(*text), options);
}

CompileResult CompileText(const std::string& name, std::string text,
                          const CompileOptions& options) {
  return Run(name, std::move(text), options);
}

std::string DumpIr(const ir::Program& program) { return ir::Dump(program); }

}  // namespace paicha::compiler
