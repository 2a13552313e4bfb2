// A deliberately simple reference evaluator for the differential tests (tests/differential).
//
// Role: an independent reading of the semantics text (runtime/include/paicha/rt/evaluator.h,
// docs/language.md §5–6, the opcode semantics in runtime/vm/opcodes.def) as a recursive
// tree-walking interpreter over the typed IR (compiler/ir/ir.h). It shares nothing with the VM
// except the data model (rt::Facts, rt::Decimal, rt::Date): no bytecode, no operand stack, no
// short-circuit jumps, no hoisting. The differential tester (differential_test.cc) runs it beside
// rt::Evaluator on random rulebooks and submissions and demands equal item statuses, in the
// style of re2/testing/tester.h (several engines, one input, agreement required).
//
// Clarity over speed: values are copied freely, lets are memoised per evaluation, nothing is
// shared between evaluations. Coverage: every op of ir.h except kFrequency and the grade-only
// ops (kScore and the counts), which make the item 无法判定 here (the generator never emits
// them). Statuses only: explanations, missing paths and scores are not computed.
//
// Thread safety: a free function over immutable inputs; reentrant.
#ifndef PAICHA_TESTS_DIFFERENTIAL_REFERENCE_EVAL_H_
#define PAICHA_TESTS_DIFFERENTIAL_REFERENCE_EVAL_H_

#include <optional>
#include <vector>

#include "ir/ir.h"
#include "paicha/rt/calendar.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/result.h"

namespace paicha::difftest {

// The status of every item of `program`, in program.items order, for `facts` (loaded against
// program.schema). `report_date` overrides the submission's 报告日期 like
// rt::EvalOptions::report_date. `program` must be a verified IR program (CompileText output).
std::vector<rt::ItemStatus> ReferenceStatuses(const compiler::ir::Program& program,
                                              const rt::Facts& facts,
                                              std::optional<rt::Date> report_date);

}  // namespace paicha::difftest

#endif  // PAICHA_TESTS_DIFFERENTIAL_REFERENCE_EVAL_H_
