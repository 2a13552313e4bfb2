// Canonical S-expression dump of an AST, for golden tests and `paicha dump --ast`.
//
// The dump is deterministic (depends only on the tree and the source text), one node per line,
// children indented by two spaces, every node followed by its start position `@line:col` (1-based
// line, 1-based code-point column, as in diagnostics). Strings are printed quoted with `"`, `\`,
// newline and tab escaped. Nodes written with Chinese keywords carry the marker `zh`. Model: RE2's
// parse_test dumps. Example:
//
//   (file @1:1
//     (item GM1 "干式除尘" @3:1 zh
//       (when @4:3 zh
//         (&& @4:5 zh
//           (name a @4:5)
//           (name b @4:9)))))
//
// The dump recurses over the tree; the parser's limits (ast::kMaxExprHeight, nesting) bound
// the depth.
#ifndef PAICHA_COMPILER_AST_DUMP_H_
#define PAICHA_COMPILER_AST_DUMP_H_

#include <string>

#include "ast/ast.h"
#include "paicha/compiler/source.h"

namespace paicha::compiler::ast {

// Returns the dump of `file`, whose spans refer to `source`. Ends with a newline.
std::string DumpFile(const File& file, const Source& source);
// Returns the dump of one expression (used by unit tests and the IR dump's cross references).
std::string DumpExpr(const Expr& expr, const Source& source);

}  // namespace paicha::compiler::ast

#endif  // PAICHA_COMPILER_AST_DUMP_H_
