// Lowering: checked AST (compiler/sema's SemaResult) → IR (compiler/ir). The only place where
// surface syntax meets the IR: keyword aliases and macro spellings are gone, `如果…则…否则` and
// `?:` both become kCond, bare enum members become enum constants, bare numbers next to
// quantities become quantities, operands get explicit kIntToDecimal / kConvertUnit nodes (folded
// for constants), date ± duration becomes kAddDays / kAddMonths, 有下列情形之一 keeps its labels
// (Program::situation_labels) for explanations, and each item's applicability is the
// conjunction of the header's, every enclosing section's and its own.
//
// Lowering also reports the checks that need the folded IR: a condition or applicability that
// folds to a constant (W0001 ConstantCondition) and an applicability that is constant false
// (W0002 NeverApplies).
//
// Requires: sema reported no errors (every expression has its ExprInfo). Not thread-safe per call;
// independent calls may run concurrently.
#ifndef PAICHA_COMPILER_LOWER_LOWER_H_
#define PAICHA_COMPILER_LOWER_LOWER_H_

#include <memory>

#include "ir/ir.h"
#include "paicha/compiler/diagnostic.h"
#include "paicha/compiler/source.h"
#include "sema/sema.h"

namespace paicha::compiler {

// Builds the IR program of an analysed rulebook. Never fails for a SemaResult without errors;
// warnings go to `sink`.
std::shared_ptr<ir::Program> Lower(const sema::SemaResult& checked, const SourceManager& sources,
                                   DiagnosticSink& sink);

}  // namespace paicha::compiler

#endif  // PAICHA_COMPILER_LOWER_LOWER_H_
