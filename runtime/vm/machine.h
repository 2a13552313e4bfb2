// The interpreter: one Machine evaluates the segments of one verified Program against one Facts,
// for one Evaluate call. Internal to runtime/vm (the public API is paicha/rt/evaluator.h).
//
// Stack machine over Slots: an rt::Value (kMissing = unknown) plus the extras the language needs
// beyond a submitted value (not-due with its date, a bounded count/ratio, a period kind) and, in
// traced mode, the set of facts that decided the value and the set of paths whose absence made it
// unknown. Sets are immutable singly linked lists in a per-evaluation node arena (index 0 = empty),
// so passing a set along costs nothing and a union copies only its left operand.
//
// Bounds: the verifier proved stack depth <= kMaxStackDepth and loop depth <= kMaxLoopDepth, so
// the stack and loop frames are fixed arrays allocated once per Machine. Every loop visits each
// list element at most once (see opcodes.def), so a segment's run time is bounded by its length
// times the product of the nested lists' lengths.
//
// Not thread-safe: one Machine per evaluation (the Evaluator creates one per Evaluate call).
// Allocation: the growable buffers (set nodes, lets, stack, loop frames, frequency records) are
// borrowed from a per-thread pool for the Machine's lifetime and returned, cleared but keeping
// their capacity, by the destructor, so a steady stream of evaluations on one thread allocates
// nothing for them. A Machine created while another on the same thread holds the pool (nested
// use) simply allocates its own.
#ifndef PAICHA_RUNTIME_VM_MACHINE_H_
#define PAICHA_RUNTIME_VM_MACHINE_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "paicha/rt/calendar.h"
#include "paicha/rt/evaluator.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/gen_support.h"
#include "paicha/rt/program.h"
#include "paicha/rt/result.h"
#include "paicha/rt/truth.h"
#include "paicha/rt/value.h"

namespace paicha::rt::vm_internal {

// A place in the submission: field `field` of record `rec`. rec == nullptr names a built-in:
// field -1 = 报告日期, -2 = 统计起始日期.
struct Ref {
  const RecordValue* rec = nullptr;
  int32_t field = 0;
  friend bool operator==(const Ref& a, const Ref& b) {
    return a.rec == b.rec && a.field == b.field;
  }
};

enum class Ext : uint8_t {
  kNone,
  kNotDue,       // v is kMissing: not yet due (a period/deadline; until = its end), holds so far
  kNotDueFalse,  // likewise, fails so far (非 of kNotDue; rt::DueTruth)
  kBounded,      // v is kMissing: a count or ratio known to lie in [lo/den, hi/den]
  kPeriod,       // v is kInt holding an rt::PeriodKind
};

// `until` is meaningful only when ext is kNotDue or kNotDueFalse and lo/hi/den only when ext ==
// kBounded: the hot paths of fast mode (SetPlain in machine.cc) write v, ext and the sets and leave
// the rest. 64-byte aligned: a power of two, so addressing a stack slot is a shift (56 bytes took
// three instructions per access) while a copy still takes four 16-byte moves.
struct alignas(64) Slot {
  Value v;
  Ext ext = Ext::kNone;
  int32_t until = INT32_MIN;  // not due: days of the date it becomes due; INT32_MIN: unknown
  int64_t lo = 0, hi = 0, den = 1;
  uint32_t facts = 0, missing = 0;
};

// The truth classes of a Slot used as a condition (rt::DueTruth: Kleene plus not-due with its
// value so far; truth.h gives the rules for combining them).
using TV = DueTruth;

// The not-due part of a combination (kAnd, kOr, situations, the truth-valued macros): the
// earliest date on which one of its not-due operands becomes due.
struct Undecided {
  int32_t until = INT32_MAX;
  // Adds one operand of class `t` whose Slot::until is `due`.
  void Add(TV t, int32_t due) {
    if (IsNotDue(t) && due != INT32_MIN) until = std::min(until, due);
  }
  // Makes `r` (v missing) not due with the class `t` (kNotDue or kNotDueFalse).
  void Mark(Slot* r, TV t) const {
    r->ext = t == TV::kNotDue ? Ext::kNotDue : Ext::kNotDueFalse;
    r->until = until == INT32_MAX ? INT32_MIN : until;
  }
};

class Machine {
 public:
  // `stack_size` bounds the operand stack: any value >= the deepest stack the verifier proved
  // (StackBound() gives one); at most kMaxStackDepth + 1.
  Machine(const Program& program, const Facts& facts, std::optional<Date> report_date, bool trace,
          size_t stack_size = kMaxStackDepth + 1);
  ~Machine();
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  // A cheap bound on the operand stack depth of `program`: the longest segment (every
  // instruction pushes at most one value), capped at kMaxStackDepth + 1.
  static size_t StackBound(const Program& program);

  // Budget of loop iterations (kIterNext back-jumps) for this evaluation, EvalOptions::
  // max_loop_steps. Termination is guaranteed by construction (each loop visits each element
  // once), but a hostile image could nest 8 loops over a 100 000-element list; a macro cut off by
  // the budget is unknown, so the item is 无法判定 rather than silently decided.
  void set_max_loop_steps(uint64_t n) { max_loop_steps_ = n; }

  // Generated evaluators (gen_support.h): run segment i with table[i] instead of interpreting
  // its bytecode. `table` has one entry per segment and outlives the Machine; nullptr: interpret.
  void set_compiled(const gen::SegmentFn* table) { compiled_ = table; }

  // Executes one instruction other than kRet on the current segment's stack, exactly as the
  // interpreter loop does (the same code: Step). Used by generated segment functions.
  void Exec(const Instr& in, gen::Frame& frame);

  // Evaluates every let in order (call once, first).
  void EvalLets();
  // Runs segment `seg` (a valid index) and returns its value. Situations recorded while running
  // (traced mode, outside loops) are appended to situations().
  Slot Run(int32_t seg);
  // TruthOf(Run(seg)) without copying the value out.
  TV RunTruth(int32_t seg);

  static TV TruthOf(const Slot& s);

  // Grade rules read 得分 and the counts from here (4 slots, SummaryKind order); nullptr outside.
  void set_summary(const Slot* summary) { summary_ = summary; }

  std::vector<Situation>& situations() { return situations_; }
  // The facts of a set, deduplicated in first-use order, as report Facts (traced mode).
  std::vector<Fact> FactsOf(uint32_t set) const;
  // The missing paths of a set, sorted and deduplicated.
  std::vector<std::string> MissingOf(uint32_t set) const;
  bool trace() const { return trace_; }
  std::optional<Date> report_date() const { return report_; }

 private:
  struct Node {
    Ref ref;
    uint32_t next;
  };
  struct LoopFrame {
    MacroKind kind = MacroKind::kExists;
    uint32_t begin_pc = 0;
    ListView list;
    uint32_t index = 0;
    uint32_t list_facts = 0;
    int64_t trues = 0, unknowns = 0;         // unknowns: the bodies neither true nor false
    int64_t due_true = 0, due_false = 0;     // of those, not due (rt::DueTruth)
    uint32_t facts = 0, facts_tail = 0;      // accumulated facts (owned copy)
    uint32_t missing = 0, missing_tail = 0;  // accumulated missing (owned copy)
    uint32_t first_facts = 0;                // the deciding element's facts (exists/all)
    bool decided = false;
    bool exhausted = false;  // stopped by kMaxLoopSteps
    Undecided undecided;     // the not-due bodies' earliest due date (exists/all/exists_one)
    Slot acc;
    bool acc_set = false, acc_unknown = false;
    const RecordValue** out = nullptr;  // filter output
    uint32_t out_n = 0;
    // Frequency.
    PeriodKind period = PeriodKind::kDay;
    int64_t need = 0;
    size_t freq_base = 0;
  };
  struct FreqRec {
    int32_t date;  // days; INT32_MIN when unknown
    TV filter;
    uint32_t missing;
  };
  // The per-thread pool of buffers (see the header comment).
  struct Buffers {
    bool busy = false;
    std::vector<Node> nodes;
    std::vector<Slot> lets;
    std::vector<Slot> stack;
    std::vector<LoopFrame> loops;
    std::vector<FreqRec> freq;
  };
  static Buffers& Pool();

  // Run's value, valid until the next run (it lives on the operand stack or in the lets).
  const Slot& RunRef(int32_t seg);
  template <bool kTrace>
  const Slot& RunT(uint32_t pc);
  template <bool kTrace>
  void Step(Instr in, Slot* st, int& sp, int& depth, uint32_t& pc);
  template <bool kTrace>
  void Compare(Opcode op, Slot* a, const Slot& b);
  template <bool kTrace>
  void FieldOf(Slot* top, uint32_t field);
  template <bool kTrace>
  void CmpImmediate(Slot* a, uint8_t cmp, uint16_t kind, uint32_t c);

  uint32_t Single(Ref r);
  uint32_t Union(uint32_t a, uint32_t b);
  // Appends a copy of `b` to the list owned by (head, tail).
  void Append(uint32_t* head, uint32_t* tail, uint32_t b);

  Slot FieldSlot(const RecordValue& rec, uint32_t field);
  void Finalize(LoopFrame& f, Slot* out);
  Slot FrequencyResult(LoopFrame& f);
  std::string LabelPath(const Ref& r) const;
  FactValue FactValueOf(const Ref& r) const;

  const Program& p_;
  const Facts& facts_;
  std::optional<Date> report_;
  bool trace_;
  const Slot* summary_ = nullptr;
  const gen::SegmentFn* compiled_ = nullptr;
  Arena arena_;
  std::vector<Node> nodes_;
  std::vector<Slot> lets_;
  std::vector<Slot> stack_;
  std::vector<LoopFrame> loops_;
  std::vector<FreqRec> freq_;
  std::vector<Situation> situations_;
  uint64_t loop_steps_ = 0;  // back-jumps taken in this evaluation (all segments)
  uint64_t max_loop_steps_ = uint64_t{1} << 27;
  bool pooled_ = false;  // the buffers above are borrowed from Pool()
};

// The status of an applicable item of level `level` whose condition holds.
inline ItemStatus FindingOf(Level level) {
  return level == Level::kMajor     ? ItemStatus::kMajor
         : level == Level::kGeneral ? ItemStatus::kGeneral
                                    : ItemStatus::kNonconforming;
}

// The arena of a Prepare: `make(arena)` allocates what it makes in `arena` and returns it. It
// runs twice: into a per-thread scratch arena for the size, then into an arena whose one block
// holds it all (contiguous, so PreparedFacts::Prefetch reads no block list). *made receives the
// second result (nullptr: nothing was made).
template <typename T, typename F>
Arena PrepareInOneBlock(F make, const T** made) {
  static thread_local Arena scratch(4096);
  scratch.Reset();
  make(scratch);
  Arena arena(scratch.bytes_allocated() + 64);
  *made = make(arena);
  return arena;
}

// A new owner identity for PreparedFacts (gen_support.h): distinct for every rulebook object
// ever created in this process (VM evaluators and generated ones), never 0.
uint64_t NewRulebookId();

// The whole evaluation (items, explanations, scoring, grades; evaluator.h) of `program`, shared by
// rt::Evaluator and generated evaluators: `compiled` is the generated segment table or nullptr
// to interpret. `stack_bound` is Machine::StackBound(program).
Result EvaluateProgram(const Program& program, const gen::SegmentFn* compiled, size_t stack_bound,
                       const Facts& facts, const EvalOptions& options);
void EvaluateProgramStatuses(const Program& program, const gen::SegmentFn* compiled,
                             size_t stack_bound, const Facts& facts, const EvalOptions& options,
                             std::vector<ItemStatus>* statuses);

}  // namespace paicha::rt::vm_internal

#endif  // PAICHA_RUNTIME_VM_MACHINE_H_
