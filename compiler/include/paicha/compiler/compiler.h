// The compiler facade: from a rulebook file to a checked, lowered program, plus the backends.
//
// Model: cel-cpp compiler/compiler.h. A user's mistakes are Diagnostics inside the result; the
// tool's own failures (cannot happen for valid use) are reported the same way with kind
// FileNotReadable or an internal-error kind. Nothing here throws.
//
// Pipeline (compiler/driver): read + UTF-8 check -> parse (compiler/parse, the only ANTLR user)
// -> AST (compiler/ast) -> imports, names, types, static checks (compiler/sema) -> IR
// (compiler/ir, via compiler/lower) -> backends: VM image (compiler/backend_vm).
//
// Thread safety: Compile may be called from several threads at once; a CompileResult is not
// shared between threads while being modified.
#ifndef PAICHA_COMPILER_COMPILER_H_
#define PAICHA_COMPILER_COMPILER_H_

#include <memory>
#include <string>
#include <vector>

#include "paicha/compiler/diagnostic.h"
#include "paicha/compiler/source.h"

namespace paicha::compiler {

namespace ir {
struct Program;  // compiler/ir/ir.h
}

struct CompileOptions {
  // Stop after this phase (for `check` and dumps): parsing only, or full checking and lowering.
  enum class Stop { kParse, kCheck, kLower } stop = Stop::kLower;
};

struct CompileResult {
  std::unique_ptr<SourceManager> sources;  // every file read, for rendering diagnostics
  std::vector<Diagnostic> diagnostics;     // sorted, capped
  std::shared_ptr<const ir::Program> program;  // set when there are no errors and stop == kLower

  bool ok() const;  // no error-severity diagnostics
};

// Compiles the rulebook whose root file is `path` (imports are resolved relative to each file).
CompileResult Compile(const std::string& path, const CompileOptions& options = {});
// The same for text in memory (tests); imports resolve relative to `name`'s directory.
CompileResult CompileText(const std::string& name, std::string text,
                          const CompileOptions& options = {});

}  // namespace paicha::compiler

#endif  // PAICHA_COMPILER_COMPILER_H_
