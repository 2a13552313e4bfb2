// InfoOf: the static table of diagnostic kinds, generated from diagnostic_kinds.def.
#include "paicha/compiler/diagnostic.h"

namespace paicha::compiler {
namespace {

constexpr DiagKindInfo kInfos[] = {
#define PAICHA_DIAG(Name, Code, Sev, Key) {#Name, Code, Severity::k##Sev, Key},
#include "diag/diagnostic_kinds.def"
#undef PAICHA_DIAG
};
static_assert(sizeof(kInfos) / sizeof(kInfos[0]) == static_cast<size_t>(kDiagKindCount));

// For a DiagKind value outside the enumeration (a cast from bad data): rendered visibly rather
// than read out of bounds.
constexpr DiagKindInfo kUnknownInfo = {"Unknown", "E9999", Severity::kError, "unknown_kind"};

}  // namespace

const DiagKindInfo& InfoOf(DiagKind kind) {
  const size_t index = static_cast<size_t>(kind);
  return index < static_cast<size_t>(kDiagKindCount) ? kInfos[index] : kUnknownInfo;
}

}  // namespace paicha::compiler
