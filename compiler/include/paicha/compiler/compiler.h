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

#include <map>
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
  // kCheck still lowers (without keeping the program) when there are no errors, because the
  // warnings about constant conditions are found on the folded IR.
  enum class Stop { kParse, kCheck, kLower } stop = Stop::kLower;
  // Also produce CompileResult::ast_dump (the root file's AST, compiler/ast/dump.h format).
  bool dump_ast = false;
  // For tests: read files from here (path -> text) instead of the file system when non-null.
  const std::map<std::string, std::string>* files = nullptr;
};

struct CompileResult {
  std::unique_ptr<SourceManager> sources;  // every file read, for rendering diagnostics
  std::vector<Diagnostic> diagnostics;     // sorted, capped
  std::shared_ptr<const ir::Program> program;  // set when there are no errors and stop == kLower
  std::string ast_dump;                        // when options.dump_ast and the root file parsed

  bool ok() const;  // no error-severity diagnostics
};

// Compiles the rulebook whose root file is `path` (imports are resolved relative to each file).
CompileResult Compile(const std::string& path, const CompileOptions& options = {});
// The same for text in memory (tests); imports resolve relative to `name`'s directory.
CompileResult CompileText(const std::string& name, std::string text,
                          const CompileOptions& options = {});

// The canonical text dump of an IR program (compiler/ir/dump.h), for `paicha dump --ir` and the
// IR goldens.
std::string DumpIr(const ir::Program& program);

}  // namespace paicha::compiler

#endif  // PAICHA_COMPILER_COMPILER_H_
