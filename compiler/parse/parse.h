// The rulebook parser: UTF-8 text -> ast::File, with every problem reported as a diagnostic.
//
// Role: the only component that sees ANTLR (the generated RulebookLexer/RulebookParser from
// grammar/). Nothing ANTLR leaks through this header; ANTLR exceptions are caught inside.
//
// ParseFile runs, in order, stopping at the first step that reports an error unless noted:
//   1. UTF-8 validation (E0002 InvalidUtf8 at the first bad byte).
//   2. Size limit (E0003 FileTooLarge above kMaxSourceBytes).
//   3. Lexing, by a hand-written lexer equivalent to grammar/RulebookLexer.g4 (ANTLR's own lexer
//      is ~0.5 s/MB on Han text; lexer_test proves both agree). Bad characters (E0105),
//      unterminated strings (E0106), invalid escapes (E0107) and unterminated block comments
//      (E0109) are reported and repaired so parsing can continue and report further syntax errors.
//   4. A nesting pre-scan over the tokens (E0104 NestingTooDeep above kMaxNestingDepth): ANTLR's
//      recursive descent would overflow the stack on deeply nested input, so such input is
//      rejected before the parser sees it.
//   5. Parsing, first by a hand-written recursive-descent parser (parse/fast_parser.h) that
//      builds the AST directly and either succeeds with exactly the AST of the ANTLR path or
//      declines without reporting anything. When it declines (any syntax error, or an expression
//      over ast::kMaxExprHeight), or after lexical errors, ANTLR parses the file:
//      SLL prediction first (fast), full LL only when SLL fails. Syntax errors become
//      E0101 UnexpectedToken {found, expected} / E0102 UnexpectedEof {expected}, with the expected
//      set spelled as tokens in the file's keyword language (Chinese or English). After
//      kMaxSyntaxErrors errors the parser stops (E0108).
//   6. AST building from the ANTLR parse tree (only when no error was reported): spans are byte
//      offsets; expressions deeper than ast::kMaxExprHeight are rejected (E0103).
// So every diagnostic comes from the ANTLR path, and valid files never build a parse tree.
//
// Thread safety: ParseFile may be called concurrently on different inputs (ANTLR's shared DFA
// cache is internally synchronised).
#ifndef PAICHA_COMPILER_PARSE_PARSE_H_
#define PAICHA_COMPILER_PARSE_PARSE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "ast/ast.h"
#include "paicha/compiler/diagnostic.h"
#include "paicha/compiler/source.h"

namespace paicha::compiler {

// Largest accepted file: 32 MiB. Reason: ANTLR decodes the text to UTF-32 (4 bytes per code
// point) and keeps ~100 bytes per token plus the parse tree, so a file costs roughly 20-40 times
// its size in memory while parsing; 32 MiB keeps the peak near 1 GB. Real rulebooks are well under
// 1 MB; the largest generated ones (benchmarks) are 10 MB.
inline constexpr size_t kMaxSourceBytes = size_t{32} << 20;

// Deepest accepted nesting of brackets and of unbracketed recursive constructs (如果…则…否则,
// ?:, 非, unary -, 至少, 每, 截止) as counted by the pre-scan. Reason: each level costs about a
// dozen ANTLR rule frames (~5 KB of stack, more under ASan); 200 levels stay under ~2 MB, and no
// rulebook nests deeper than about ten.
inline constexpr uint32_t kMaxNestingDepth = 200;

// Syntax errors reported before the parser gives up (cel-cpp RecoveryLimitErrorStrategy).
// Reason: after a few errors ANTLR's recovery mostly produces follow-on noise, and a large
// garbage file must fail fast.
inline constexpr size_t kMaxSyntaxErrors = 20;

// Which parser step 5 uses. Tests compare the paths; products use kAuto.
enum class ParserPath : uint8_t {
  kAuto,      // the fast parser, ANTLR when it declines
  kAntlr,     // ANTLR only
  kFastOnly,  // the fast parser only: nullptr when it declines or steps 1-4 report errors
};

struct ParseOptions {
  ParserPath path = ParserPath::kAuto;
};

// Parses `source` (registered as `file` in the SourceManager; every span carries it). Reports
// problems to `sink`. Returns the AST when no error was reported by this call, nullptr otherwise.
// Never throws, never crashes on any input.
std::unique_ptr<ast::File> ParseFile(const Source& source, FileId file, DiagnosticSink& sink,
                                     const ParseOptions& options = ParseOptions());

// For grammar smoke tests (grammar/examples/*.tree) and debugging: the ANTLR parse tree of
// `source` as a LISP-style S-expression "(file (decl …) <EOF>)", rule names and token texts, one
// top-level declaration per line. Runs the same checks as ParseFile and returns an empty string
// when any error was reported to `sink`.
std::string ParseTreeText(const Source& source, FileId file, DiagnosticSink& sink);

}  // namespace paicha::compiler

#endif  // PAICHA_COMPILER_PARSE_PARSE_H_
