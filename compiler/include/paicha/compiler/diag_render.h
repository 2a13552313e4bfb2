// Rendering diagnostics for people: the one place where a Diagnostic becomes text.
//
// Output for one diagnostic (Chinese catalog; English reads "error[E0301]", "note", "help"):
//
//   规则.rules:3:9: 错误[E0301]: 不能比较 kPa 与 m³：单位的量纲不同
//     3 |   当 压力 > 5 m³
//       |         ^~~~~~~~
//   规则.rules:1:4: 注: 首次声明在此
//     1 | 字段 压力
//       |      ^~~~
//     = 提示: …
//
// and, after all diagnostics, one summary line ("发现 3 个错误、1 个警告" / "3 errors, 1 warning
// found"). Every word comes from the catalog's diag.* keys: the message diag.<key> with the
// diagnostic's arguments, the optional hint diag.<key>.hint (same arguments), notes diag.<note
// key>, and the fixed words under diag.render.*. Line and column are 1-based; the column counts
// code points. The caret line is aligned by display width: East Asian Wide and Fullwidth
// characters take two cells, combining marks none, tabs expand to the next multiple of four
// (the source line is printed with the same expansion). A span covering several lines is
// underlined to the end of its first line. Control characters and invalid UTF-8 in a source line
// print as U+FFFD, so a rulebook cannot inject terminal escapes.
//
// Thread safety: pure function of its inputs; may run concurrently.
#ifndef PAICHA_COMPILER_DIAG_RENDER_H_
#define PAICHA_COMPILER_DIAG_RENDER_H_

#include <string>
#include <string_view>
#include <vector>

#include "paicha/compiler/diagnostic.h"
#include "paicha/compiler/source.h"
#include "paicha/rt/messages.h"

namespace paicha::compiler {

// Renders `diags` in the order given (use DiagnosticSink::Sorted) followed by the summary line;
// returns "" when `diags` is empty. `color` adds ANSI escapes (bold location, red errors,
// yellow warnings, cyan notes, blue gutter); the caller decides (e.g. --color=auto and a TTY).
// Spans whose file is not in `sources` are rendered without location or snippet.
std::string RenderDiagnostics(const SourceManager& sources, const std::vector<Diagnostic>& diags,
                              const rt::Catalog& catalog, bool color);

// The number of terminal cells `text` (UTF-8) occupies, by the rules above (tab stops counted
// from `start_column`, 0-based cells). Exposed for tests and for other tabular output.
size_t DisplayWidth(std::string_view text, size_t start_column = 0);

}  // namespace paicha::compiler

#endif  // PAICHA_COMPILER_DIAG_RENDER_H_
