// Diagnostics: a user's mistake in a rulebook, reported with a stable code, a location, a
// message from the locale catalog, notes and a hint.
//
// Kinds live in one registry, compiler/diag/diagnostic_kinds.def. A diagnostic carries the kind,
// a primary span and typed, named arguments; its text is produced only when rendered, from the
// ICU message `diag.<key>` (and `diag.<key>.hint` when present) in locales/*.txt, so the same
// diagnostic renders in Chinese or English. No text is built by concatenation.
//
// Rendering (paicha/compiler/diag_render.h), Chinese:
//   规则.rules:3:9: 错误[E0301]: 不能比较 kPa 与 m³：单位的量纲不同
//     3 |   当 压力 > 5 m³
//       |         ^~~~~~~~
//     = 提示: …
// Columns are code points; the caret is aligned by display width (Han characters take two cells).
//
// A DiagnosticSink collects diagnostics of one compilation; users read them sorted by (file,
// offset, code). Not thread-safe.
#ifndef PAICHA_COMPILER_DIAGNOSTIC_H_
#define PAICHA_COMPILER_DIAGNOSTIC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "paicha/compiler/source.h"

namespace paicha::compiler {

enum class DiagKind : uint16_t {
#define PAICHA_DIAG(Name, Code, Severity, Key) k##Name,
#include "diag/diagnostic_kinds.def"
#undef PAICHA_DIAG
};
inline constexpr int kDiagKindCount = 0
// NOLINTNEXTLINE(bugprone-macro-parentheses): expands to one term of a sum.
#define PAICHA_DIAG(Name, Code, Severity, Key) +1
#include "diag/diagnostic_kinds.def"
#undef PAICHA_DIAG
    ;

enum class Severity : uint8_t { kError, kWarning, kNote };

// Static facts about a kind, from the registry.
struct DiagKindInfo {
  std::string_view name;  // "UnknownField"
  std::string_view code;  // "E0201"
  Severity severity;
  std::string_view key;  // "unknown_field": message key diag.unknown_field in locales/
};
const DiagKindInfo& InfoOf(DiagKind kind);

// A named argument of a message: text, or an integer (ICU formats numbers and plurals).
using DiagArgValue = std::variant<std::string, int64_t>;
struct DiagArg {
  std::string name;
  DiagArgValue value;
};

// A secondary location with its own message (e.g. "first declared here").
struct DiagNote {
  Span span;
  std::string key;  // locale key under diag:, e.g. "note_first_declared"
  std::vector<DiagArg> args;
};

struct Diagnostic {
  DiagKind kind;
  Span span;                  // primary location; may be invalid for file-less errors
  std::vector<DiagArg> args;  // arguments of diag.<key> and diag.<key>.hint
  std::vector<DiagNote> notes;
};

class DiagnosticSink {
 public:
  // At most this many errors are kept; later ones are counted and summarised by one
  // TooManyErrors diagnostic. Reason: a 10 MB file of garbage must not produce 10 MB of output.
  static constexpr size_t kMaxErrors = 100;

  void Report(Diagnostic d);
  // Convenience: Report({kind, span, args}).
  void Report(DiagKind kind, Span span, std::vector<DiagArg> args = {});

  bool has_errors() const { return error_count_ > 0; }
  size_t error_count() const { return error_count_; }
  // All kept diagnostics sorted by (file, begin, code), duplicates (same kind and span) removed.
  std::vector<Diagnostic> Sorted() const;

 private:
  std::vector<Diagnostic> diags_;
  size_t error_count_ = 0;
  size_t dropped_ = 0;
};

}  // namespace paicha::compiler

#endif  // PAICHA_COMPILER_DIAGNOSTIC_H_
