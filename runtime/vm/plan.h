// Typed plans: the VM's status path (Evaluator::EvaluateStatuses) without the interpreter's slots.
// Internal to runtime/vm.
//
// When an Evaluator is created, every segment that statuses need (lets, item applicability and
// conditions) is translated once into typed register instructions. The translation assigns each
// operand-stack position of the bytecode a static type where the schema and the operations fix
// it (a truth, an int, an enum, a date, a record, a list of records, a count, or a plain
// rt::Value with no extras), exactly as the C++ backend types generated code, so an instruction
// operates on a register of known type: `除尘系统.共用 == 是` is one instruction reading the
// field and comparing it, with no 64-byte Slot written or copied, no explanation sets and no kind
// dispatch. Every operation is the gen_native.h operation the generated C++ runs (the same
// functions: Kleene logic, comparisons, TLoop for the macros, Situations), which the equivalence
// tests hold to the interpreter's results; a plan is the interpreter's fast mode restricted to
// the types it can prove, not a second semantics.
//
// The code is two streams run by one call each: the lets, then the items. A segment ends not in
// a return but in the step that uses its value (store the let; decide applicability, skipping the
// condition; decide the item). Common shapes are single instructions: a field compared with an
// immediate, `JumpIfFalse; <that>; And`, the end of a segment that is such a comparison, one
// applicability check for consecutive items under the same let, and a macro loop whose body is a
// conjunction of element-field comparisons (its body's instructions stay in place as kNop).
//
// Prepared evaluation: Prepare copies the fields those comparisons read into one block of typed
// slots (PSlot), per root list the rows of its elements, and a prepared run reads the block
// instead of the facts; when no instruction needs the facts themselves (prepared_only), the
// facts are not touched at all.
//
// A segment with an operation a plan does not cover (frequency, periods, deadlines, arithmetic,
// filters and aggregates other than count, a join of paths with different types, an image that
// only a hostile writer produces) has no plan. If a let has none, or the first item has none,
// statuses use the Machine as before; otherwise items are decided by plans in order up to the
// first item without one, and a Machine decides the rest with the loop-step budget that is left
// (the arrangement of generated evaluators, generated.cc), so the budget and every status are
// the interpreter's.
//
// Thread safety: Plans is immutable after Build; Statuses may run on many threads at once (its
// registers and let values live in per-thread buffers).
#ifndef PAICHA_RUNTIME_VM_PLAN_H_
#define PAICHA_RUNTIME_VM_PLAN_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "paicha/rt/evaluator.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/program.h"
#include "paicha/rt/result.h"
#include "paicha/rt/value.h"

namespace paicha::rt::vm_internal {

// One plan instruction (24 bytes). `r` is the register (operand-stack position) it writes, or
// the lower of the two it combines; the other operands depend on `op` (plan.cc, enum POp).
struct PInstr {
  uint8_t op = 0;
  uint8_t cmp = 0;  // a comparison code (kEq + cmp), where the op compares
  uint8_t t = 0;    // a static type (plan.cc, enum PT), or kLoopConjRoot's row width
  uint8_t u = 0;    // a loop depth, a second type or an item's finding status
  uint16_t r = 0;
  uint16_t f = 0;  // a second field
  uint32_t x = 0, y = 0;
  uint32_t z = 0;           // a jump target (plan index)
  uint32_t s = UINT32_MAX;  // prepared evaluation: the slot it reads (UINT32_MAX: none)
};

// One conjunct of a loop body run as one instruction (plan.cc, kLoopConj): the element's field
// `field` compared (kEq + cmp) with the immediate `imm` of type `type` (0 truth, 1 int, 2 enum,
// 3 date; program.h's immediates).
struct Conj {
  uint8_t type = 0;
  uint8_t cmp = 0;
  uint32_t field = 0;
  uint32_t imm = 0;
  // Prepared evaluation: its column in the list's rows, the immediate as the slot's value, and
  // the comparison as a mask (bit 0: holds for v < imm, bit 1: v == imm, bit 2: v > imm).
  uint32_t col = 0;
  int64_t imm64 = 0;
  uint8_t mask = 0;
};

// Prepared facts (Plans::Prepare): the fields that plans compare with immediates, read once and
// kept as typed 16-byte slots in one block, so that a prepared evaluation reads them without a
// kind test, a bounds test or a pointer chase. A root or path field is one slot: v its value (a
// bool as 0/1, an int, an enum member, a date's days), known false when missing. A root list
// that a fused loop walks has a header slot (v: the index of its first row, known: it is
// present, aux: its size) and one row of slots per element, its columns the element fields the
// loops compare.
struct PSlot {
  int64_t v = 0;
  uint32_t known = 0;
  uint32_t aux = 0;
};
struct SlotDesc {
  uint32_t field = 0;         // of the root
  uint32_t sub = UINT32_MAX;  // then of that record; UINT32_MAX: the root field itself
  uint8_t type = 0;           // 0 truth, 1 int, 2 enum, 3 date, 4 the Value (texts copied)
};
struct ListDesc {
  uint32_t field = 0;                              // the root's list field
  std::vector<std::pair<uint32_t, uint8_t>> cols;  // element field and type, per column
};

class Plans {
 public:
  // The plans of `p` (verified; it must outlive the Plans), or nullptr when a let or the first
  // item has none, or there are no items (the Machine then decides statuses).
  static std::unique_ptr<const Plans> Build(const Program& p);

  // Evaluator::EvaluateStatuses: the same statuses as the Machine's, for any options.
  // `stack_bound` is Machine::StackBound(p) (for the fallback Machine).
  void Statuses(const Facts& facts, const EvalOptions& options, size_t stack_bound,
                std::vector<ItemStatus>* statuses) const;

  // A prepared copy of what the plans read (PSlot above), allocated in `arena`; nullptr when
  // there is nothing to prepare.
  const PSlot* Prepare(const Facts& facts, Arena* arena) const;
  // Statuses of facts prepared by Prepare (`slots` its result, or nullptr: not prepared): the
  // same statuses. `facts_date` is facts.report_date().
  void Statuses(const Facts& facts, const PSlot* slots, const std::optional<Date>& facts_date,
                const EvalOptions& options, size_t stack_bound,
                std::vector<ItemStatus>* statuses) const;

  // Whether a prepared evaluation reads nothing of the facts but their prepared copy.
  bool prepared_only() const { return prepared_only_; }

  // How many items are decided by plans before the first that is not (tests, benchmarks).
  size_t planned_items() const { return planned_items_; }

  // What the translation of one segment found (Builder::Segment).
  struct SegPlan {
    uint8_t type = 0;    // the static type of its value
    int32_t alias = -1;  // the segment is `Let alias; Ret` (no code): the let's value itself
  };

 private:
  explicit Plans(const Program& p) : p_(p) {}
  template <bool kPrepared>
  void Eval(const Facts& facts, const PSlot* slots, const std::optional<Date>& facts_date,
            const EvalOptions& options, size_t stack_bound,
            std::vector<ItemStatus>* statuses) const;

  const Program& p_;
  // Two streams: code_[0, items_begin_) computes every let and ends with kEnd; from
  // items_begin_, the first planned_items_ items, each applicability then condition, each
  // writing the item's status, then kEnd.
  std::vector<PInstr> code_;
  std::vector<Conj> conj_;  // the conjuncts of kLoopConj instructions
  uint32_t items_begin_ = 0;
  std::vector<SlotDesc> slots_;  // the root slots, in slot order
  std::vector<ListDesc> lists_;  // the lists, their headers after the root slots
  size_t lets_ = 0;
  size_t planned_items_ = 0;
  bool prepared_only_ = false;
  uint32_t registers_ = 1;     // the deepest stack of any plan, plus one
  std::vector<Value> values_;  // constants as Values (texts, decimals), by constant index
};

}  // namespace paicha::rt::vm_internal

#endif  // PAICHA_RUNTIME_VM_PLAN_H_
