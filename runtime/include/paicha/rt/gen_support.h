// Support for generated C++ evaluators (compiler/backend_cpp) and the interface they share with
// the VM.
//
// A generated evaluator is one C++ translation unit produced by `paicha-emit-cpp` from a
// rulebook. It includes only this header (and what it includes), links only the runtime library,
// and holds two things:
//   - the rulebook image (runtime/image format) as a byte array, for everything that is data:
//     metadata, input schema, constant pool and RE2 patterns, the tables of lets, sections,
//     items and grades, the source map;
//   - one C++ function per code segment (per let, applicability, item condition, deduction count
//     and grade rule), in which the segment's bytecode is unrolled into straight-line calls with
//     the control flow (short-circuit jumps, macro loops) turned into `goto`s. The dispatch loop
//     of the interpreter disappears; every single operation still runs through
//     gen::Exec, which is the VM's own implementation of that opcode.
//
// EvaluateStatuses does not use those functions where it can avoid them: the generated file also
// holds native status code (gen_native.h), typed straight-line C++ per let, applicability and
// condition segment, an item loop and a let loop, handed over as gen::NativeSegments. Segments
// without a native form (frequency macros) leave their item, and every later item, to the path
// above; Evaluate (with explanations) always takes it.
//
// Equivalence by construction (architecture.md: "the VM and the generated C++ must give
// byte-identical reports"): the generated functions execute the same operations, in the same
// order, on the same operand stack and explanation arena as the interpreter, and item decisions,
// scoring and result assembly are the VM's own code (runtime/vm/evaluator.cc), selected per
// segment through a function table. tests/differential checks the claim on every rulebook case.
//
// Invariants the generated code relies on: the function table has exactly one entry per segment
// of the embedded image, and function i executes segment i's instructions with their exact
// operands (the emitter writes both from one verified Program, so the image verifier's guarantees
// — operands in range, stack depth bounded, loops well nested — hold for the generated code too).
// MakeCompiledRulebook checks the table size and the image; it cannot check that a hand-edited
// function body still matches its segment, so generated files must not be edited.
//
// Thread safety: a CompiledRulebook is immutable after creation; Evaluate and EvaluateStatuses
// may be called concurrently (each call has its own machine state), exactly like rt::Evaluator.
#ifndef PAICHA_RT_GEN_SUPPORT_H_
#define PAICHA_RT_GEN_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "paicha/rt/evaluator.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/gen_native.h"
#include "paicha/rt/image.h"
#include "paicha/rt/program.h"
#include "paicha/rt/result.h"
#include "paicha/rt/schema.h"

namespace paicha::rt {

// Submitted facts prepared for the status evaluation of one CompiledRulebook (its Prepare):
// for a generated evaluator, the facts plus their typed copy in the layout its native code reads
// (gen_native.h, "Shaped records"), made once so that evaluating the same facts again costs only
// the evaluation; for the VM, the typed slots its plans compare (Evaluator::Prepare,
// runtime/vm/plan.h). The Facts must outlive the PreparedFacts, which is
// immutable once made (evaluate it from any number of threads) and movable.
class PreparedFacts {
 public:
  // The facts as they are, prepared by no rulebook (every rulebook evaluates them).
  explicit PreparedFacts(const Facts& facts) : facts_(&facts) {}
  // For implementations of Prepare: `shaped` points into `arena`, made by the rulebook whose
  // identity is `owner` (never 0, unique per rulebook ever created). `reads_facts`: the
  // evaluation also reads the facts themselves (Prefetch asks for both).
  PreparedFacts(const Facts& facts, uint64_t owner, Arena arena, const void* shaped,
                bool reads_facts = false)
      : facts_(&facts),
        report_date_(facts.report_date()),
        owner_(owner),
        arena_(std::move(arena)),
        shaped_(shaped),
        reads_facts_(reads_facts) {}

  const Facts& facts() const { return *facts_; }
  // facts().report_date() when shaped (kept here: a shaped evaluation reads nothing else of the
  // Facts object).
  const std::optional<Date>& report_date() const { return report_date_; }
  // The rulebook that shaped the facts (0: none) and the shaped root (nullptr: none).
  uint64_t owner() const { return owner_; }
  const void* shaped() const { return shaped_; }
  // A cache hint: asks the processor to start loading what a status evaluation mostly reads:
  // the shaped copy, and the facts when there is none or the evaluation reads them too (see
  // Facts::Prefetch).
  void Prefetch() const {
    if (shaped_ != nullptr) arena_.Prefetch();
    if (shaped_ == nullptr || reads_facts_) facts_->Prefetch();
  }

 private:
  const Facts* facts_;
  std::optional<Date> report_date_;
  uint64_t owner_ = 0;
  Arena arena_{256};
  const void* shaped_ = nullptr;
  bool reads_facts_ = false;
};

// The interface shared by the VM (VmRulebook below) and generated evaluators: load once, then
// evaluate any number of submissions from any number of threads. The contracts are those of the
// same-named members of rt::Evaluator (evaluator.h), and both implementations give equal Results
// for equal inputs.
class CompiledRulebook {
 public:
  virtual ~CompiledRulebook() = default;

  // The input schema (load facts against it) and the rulebook's header. Live as long as *this.
  virtual const Schema& schema() const = 0;
  virtual const ProgramMeta& meta() const = 0;
  // Hex SHA-256 of the image payload (the generated evaluator's embedded image).
  virtual const std::string& content_hash() const = 0;

  // See Evaluator::Evaluate / Evaluator::EvaluateStatuses. Never fail; thread-safe.
  virtual Result Evaluate(const Facts& facts, const EvalOptions& options = EvalOptions()) const = 0;
  virtual void EvaluateStatuses(const Facts& facts, const EvalOptions& options,
                                std::vector<ItemStatus>* statuses) const = 0;

  // For evaluating the statuses of the same facts more than once, or of many facts loaded ahead
  // (the throughput of a batch): Prepare does, once, the part of EvaluateStatuses that depends
  // only on the facts; EvaluateStatuses(prepared) then gives what EvaluateStatuses(facts) gives.
  // Prepared facts made by another rulebook are evaluated from their facts(). Thread-safe.
  virtual PreparedFacts Prepare(const Facts& facts) const { return PreparedFacts(facts); }
  virtual void EvaluateStatuses(const PreparedFacts& prepared, const EvalOptions& options,
                                std::vector<ItemStatus>* statuses) const {
    EvaluateStatuses(prepared.facts(), options, statuses);
  }
};

// Adapts the VM evaluator to the interface (for code that accepts either engine, such as the
// differential tests). Returns nullptr when `evaluator` is null.
std::unique_ptr<CompiledRulebook> VmRulebook(std::unique_ptr<Evaluator> evaluator);

namespace vm_internal {
class Machine;  // runtime/vm/machine.h
}

namespace gen {

// The machine that runs one evaluation (opaque to generated code).
using Machine = vm_internal::Machine;

// The interpreter registers of one segment run: operand stack depth, open macro loops, and the
// program counter, which holds the index of the NEXT instruction while one executes (jumps
// overwrite it; generated code compares it with the jump target afterwards).
struct Frame {
  int sp = 0;
  int depth = 0;
  uint32_t pc = 0;
};

// One segment: executes its instructions on `m`, leaving the segment's value at the bottom of the
// operand stack (where kRet would find it).
using SegmentFn = void (*)(Machine& m, Frame& f);

// Executes one instruction (never kRet) exactly as the interpreter does. Requires f.pc to be the
// index of the instruction plus one, and the instruction to be the one at that index in the
// embedded image (the emitter guarantees both).
void Exec(Machine& m, Frame& f, Opcode op, uint8_t a, uint16_t b, uint32_t c);

// Creates the evaluator of a generated translation unit: reads and verifies `image` (the
// embedded image), then evaluates with `segments[i]` in place of segment i's bytecode. Returns
// nullptr and fills *error (never null) when the image is invalid or `segment_count` differs from
// the image's segment count (then error->code is kInvalid). `segments` must outlive the result
// (generated code passes a static table).
std::unique_ptr<CompiledRulebook> MakeCompiledRulebook(std::string_view image,
                                                       const SegmentFn* segments,
                                                       size_t segment_count, ImageError* error);

// The same, with native status code (gen_native.h): EvaluateStatuses computes segment i with
// native.segments[i] where that is not null. An item whose applicability or condition has no
// native function, and every item after it, is decided through the Exec path; so is the whole
// evaluation when a let has none. native.count must be segment_count (or 0: no native code).
std::unique_ptr<CompiledRulebook> MakeCompiledRulebook(std::string_view image,
                                                       const SegmentFn* segments,
                                                       size_t segment_count, NativeSegments native,
                                                       ImageError* error);

}  // namespace gen
}  // namespace paicha::rt

// Generated code's one-instruction statement: instruction number `at` of the image's code, with
// its operands. Expands to a call of gen::Exec on the function's `m` and `f`.
#define PAICHA_OP(at, name, oa, ob, oc)                                                   \
  (f.pc = (at) + 1u,                                                                      \
   ::paicha::rt::gen::Exec(m, f, ::paicha::rt::Opcode::k##name, static_cast<uint8_t>(oa), \
                           static_cast<uint16_t>(ob), static_cast<uint32_t>(oc)))

#endif  // PAICHA_RT_GEN_SUPPORT_H_
