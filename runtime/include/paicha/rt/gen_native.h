// Native status code of generated evaluators (compiler/backend_cpp): the value type, the context
// and the inline operations that the emitter's "native" segment functions are written in.
//
// A native segment function is the segment's bytecode translated instruction by instruction into
// C++ in which every operand-stack position is a local variable (`NV s0, s1, ...`, the stack depth
// of every instruction is static), jumps and macro loops are `goto`s and each instruction is one
// call of an always-inline function below. It runs for CompiledRulebook::EvaluateStatuses only:
// no explanations are kept, so a value is just an rt::Value plus the two extras that decide
// truths (not-due, a bounded count or ratio). There is no Machine, no operand-stack array and no
// heap allocation (a filter macro's output, the only allocation, goes to a per-call arena created
// on first use). Once inlined, the optimiser sees constants and the kinds they carry, so
// comparisons with enum, bool and int literals become a kind test and an integer compare.
//
// Semantics: each operation below is the fast (untraced) path of the same opcode in the
// interpreter (runtime/vm/machine.cc, Machine::Step and Machine::Finalize), restricted to what
// can change a truth: the same Kleene rules, missing → unknown, exact decimals, the same date
// arithmetic, patterns compiled once (the image's constant pool: a byte automaton, byte_dfa.h,
// where it has one, else RE2), the same loop step budget (EvalOptions::max_loop_steps, counted
// per evaluation over all segments). Not covered, so left
// to the interpreter's Exec path (the emitter never makes such a segment native): frequency
// macros (kPushPeriod, kIterBegin of kind kFrequency) and grade summaries (kSummary).
// tests/differential checks native statuses against the VM's on every rulebook case.
#ifndef PAICHA_RT_GEN_NATIVE_H_
#define PAICHA_RT_GEN_NATIVE_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

#include "paicha/rt/byte_dfa.h"
#include "paicha/rt/calendar.h"
#include "paicha/rt/decimal.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/program.h"
#include "paicha/rt/result.h"
#include "paicha/rt/truth.h"
#include "paicha/rt/value.h"

// Forced inlining and flattening only in optimised builds: at -O0 (the sanitizer build) they buy
// nothing and make the generated translation units slow to compile.
#if defined(__OPTIMIZE__)
#define PAICHA_NATIVE_INLINE __attribute__((always_inline)) inline
#else
#define PAICHA_NATIVE_INLINE inline
#endif
// On the generated item and let loops: every segment function is inlined into them, so that an
// item's segment sees `value == nullptr` and its truth feeds the status directly (the segments
// stay out of line as well, for the table of native segments).
#if defined(__OPTIMIZE__)
#define PAICHA_NATIVE_FLATTEN __attribute__((flatten))
#else
#define PAICHA_NATIVE_FLATTEN
#endif

namespace paicha::rt::gen {

// What a value carries beyond rt::Value (the interpreter's Ext without kPeriod).
enum class NX : uint8_t {
  kNone,
  kNotDue,       // v is kMissing: a period or deadline is not yet due; holds so far
  kNotDueFalse,  // likewise, fails so far (非 of kNotDue; rt::DueTruth)
  kBounded,      // v is kMissing: a count or ratio known to lie in [lo/den, hi/den]
};

// A native value: the interpreter's Slot without explanation sets and dates of due (32 bytes;
// the bounds of a count or ratio are element counts of one list, so 32 bits hold them).
struct NV {
  Value v;
  NX x = NX::kNone;
  uint32_t lo = 0, hi = 0, den = 1;
};

// The truth classes (the interpreter's TV: rt::DueTruth, combined by the rules of truth.h).
using NT = DueTruth;

PAICHA_NATIVE_INLINE NT TruthOf(const NV& s) {
  if (s.v.kind() == ValueKind::kBool) return s.v.as_bool() ? NT::kTrue : NT::kFalse;
  return s.x == NX::kNotDue        ? NT::kNotDue
         : s.x == NX::kNotDueFalse ? NT::kNotDueFalse
                                   : NT::kUnknown;
}
// An unknown value of class `t` (kUnknown, kNotDue or kNotDueFalse).
PAICHA_NATIVE_INLINE NV UndecidedNV(NT t) {
  NV r;
  if (t == NT::kNotDue) r.x = NX::kNotDue;
  if (t == NT::kNotDueFalse) r.x = NX::kNotDueFalse;
  return r;
}

PAICHA_NATIVE_INLINE NV Plain(Value v) {
  NV r;
  r.v = v;
  return r;
}

// The state of one status evaluation shared by its native segments.
struct NativeContext {
  const Program* program = nullptr;
  const Facts* facts = nullptr;
  // The submission in the generated code's typed layout ("Shaped records" below): its root
  // record's struct, made from *facts by the generated Shape function.
  const void* shaped = nullptr;
  std::optional<Date> report;
  const NV* lets = nullptr;
  uint64_t loop_steps = 0;  // back-jumps taken in this evaluation (all native segments)
  uint64_t max_loop_steps = 0;
  std::unique_ptr<Arena> arena;  // filter output; created on first use (NewRecordArray)
};

// One native segment: returns the truth class of its value and stores the value in *value
// unless that is null (lets need the value, items only the truth).
using NativeFn = NT (*)(NativeContext& c, NV* value);

// Out of line (runtime/vm/generated.cc): RE2 partial match of `text` against pattern constant
// `k`; nullopt when the constant has no compiled pattern (the interpreter's unknown).
std::optional<bool> NativeMatch(const NativeContext& c, uint32_t k, std::string_view text);
// A pattern the C++ backend translated into a byte automaton (paicha/rt/byte_dfa.h).
using NativeDfa = DfaView;

// An array of n record pointers in the evaluation's arena (created on first use).
const RecordValue** NewRecordArray(NativeContext& c, uint32_t n);

// ---- Helpers shared by the operations (machine.cc's, untraced) ----------------------------------

// The days of a kDate value without the range check of Value::as_date (an out-of-line call):
// kDate and kEnum keep their int32 in the same payload member (value.h), and every kDate Value
// was made from a valid Date.
PAICHA_NATIVE_INLINE int32_t DaysOf(const Value& v) { return v.as_enum(); }

PAICHA_NATIVE_INLINE bool IsNumber(const Value& v) {
  return v.kind() == ValueKind::kInt || v.kind() == ValueKind::kDecimal;
}

// Three-way comparison of two known values of comparable kinds; nullopt otherwise.
PAICHA_NATIVE_INLINE std::optional<int> CompareValues(const Value& a, const Value& b) {
  if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
    return (a.as_int() > b.as_int()) - (a.as_int() < b.as_int());
  }
  if (IsNumber(a) && IsNumber(b)) return Decimal::Compare(a.as_number(), b.as_number());
  if (a.kind() != b.kind()) return std::nullopt;
  switch (a.kind()) {
    case ValueKind::kDate:
    case ValueKind::kEnum: {
      const int32_t x = a.as_enum(), y = b.as_enum();  // enum member or days (DaysOf)
      return (x > y) - (x < y);
    }
    case ValueKind::kBool:
      return static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
    case ValueKind::kText: {
      const int c = a.as_text().compare(b.as_text());
      return (c > 0) - (c < 0);
    }
    default:
      return std::nullopt;
  }
}

template <Opcode kOp>
PAICHA_NATIVE_INLINE bool Holds(int c) {
  if constexpr (kOp == Opcode::kEq) return c == 0;
  if constexpr (kOp == Opcode::kNe) return c != 0;
  if constexpr (kOp == Opcode::kLt) return c < 0;
  if constexpr (kOp == Opcode::kLe) return c <= 0;
  if constexpr (kOp == Opcode::kGt) return c > 0;
  if constexpr (kOp == Opcode::kGe) return c >= 0;
  return false;
}

// x kOp y as one compare (GCC does not fold Holds of a three-way sign back into one).
template <Opcode kOp>
PAICHA_NATIVE_INLINE bool HoldsOf(int64_t x, int64_t y) {
  if constexpr (kOp == Opcode::kEq) return x == y;
  if constexpr (kOp == Opcode::kNe) return x != y;
  if constexpr (kOp == Opcode::kLt) return x < y;
  if constexpr (kOp == Opcode::kLe) return x <= y;
  if constexpr (kOp == Opcode::kGt) return x > y;
  if constexpr (kOp == Opcode::kGe) return x >= y;
  return false;
}

template <Opcode kOp>
constexpr Opcode Mirror() {
  if constexpr (kOp == Opcode::kLt) return Opcode::kGt;
  if constexpr (kOp == Opcode::kLe) return Opcode::kGe;
  if constexpr (kOp == Opcode::kGt) return Opcode::kLt;
  if constexpr (kOp == Opcode::kGe) return Opcode::kLe;
  return kOp;
}

// Sign of (num - x*den) for a known number x; nullopt on overflow or a non-number.
inline std::optional<int> CompareFraction(int64_t num, int64_t den, const Value& x) {
  if (!IsNumber(x)) return std::nullopt;
  auto scaled = Decimal::Mul(x.as_number(), Decimal::FromInt(den));
  if (!scaled) return std::nullopt;
  return Decimal::Compare(Decimal::FromInt(num), *scaled);
}

// machine.cc's CompareBounded: decided only when every achievable value agrees.
template <Opcode kOp>
std::optional<bool> CompareBounded(const NV& bounded, const Value& x) {
  const auto lo = CompareFraction(bounded.lo, bounded.den, x);
  const auto hi = CompareFraction(bounded.hi, bounded.den, x);
  if (!lo || !hi) return std::nullopt;
  if constexpr (kOp != Opcode::kEq && kOp != Opcode::kNe) {
    if (Holds<kOp>(*lo) != Holds<kOp>(*hi)) return std::nullopt;
    return Holds<kOp>(*lo);
  }
  bool equal_possible = *lo <= 0 && *hi >= 0;
  if (equal_possible) {
    const auto scaled = Decimal::Mul(x.as_number(), Decimal::FromInt(bounded.den));
    if (!scaled) return std::nullopt;
    equal_possible = scaled->IsInteger();
  }
  if (!equal_possible) return kOp == Opcode::kNe;
  if (*lo == 0 && *hi == 0) return kOp == Opcode::kEq;
  return std::nullopt;
}

PAICHA_NATIVE_INLINE Value NumberResult(const std::optional<Decimal>& d) {
  return d ? Value::FromDecimal(*d) : Value::Missing();
}

// a op b for + - * / on numbers: exact, kMissing on overflow or non-numbers.
template <Opcode kOp>
PAICHA_NATIVE_INLINE Value Arith(const Value& a, const Value& b) {
  if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
    int64_t r = 0;
    bool overflow = false;
    if constexpr (kOp == Opcode::kAdd) {
      overflow = __builtin_add_overflow(a.as_int(), b.as_int(), &r);
    } else if constexpr (kOp == Opcode::kSub) {
      overflow = __builtin_sub_overflow(a.as_int(), b.as_int(), &r);
    } else if constexpr (kOp == Opcode::kMul) {
      overflow = __builtin_mul_overflow(a.as_int(), b.as_int(), &r);
    } else {
      return NumberResult(Decimal::Div(a.as_number(), b.as_number()));
    }
    return overflow ? Value::Missing() : Value::Int(r);
  }
  if (!IsNumber(a) || !IsNumber(b)) return Value::Missing();
  const Decimal x = a.as_number(), y = b.as_number();
  if constexpr (kOp == Opcode::kAdd) return NumberResult(Decimal::Add(x, y));
  if constexpr (kOp == Opcode::kSub) return NumberResult(Decimal::Sub(x, y));
  if constexpr (kOp == Opcode::kMul) return NumberResult(Decimal::Mul(x, y));
  return NumberResult(Decimal::Div(x, y));
}

// ---- Data
// -----------------------------------------------------------------------------------------

PAICHA_NATIVE_INLINE NV Bool(bool b) { return Plain(Value::Bool(b)); }
PAICHA_NATIVE_INLINE NV Int(int64_t i) { return Plain(Value::Int(i)); }
PAICHA_NATIVE_INLINE NV Enum(int32_t m) { return Plain(Value::Enum(m)); }
PAICHA_NATIVE_INLINE NV DateDays(int32_t days) {
  return Plain(Value::FromDate(*Date::FromDays(days)));
}
PAICHA_NATIVE_INLINE NV Dec(int64_t coefficient, int scale) {
  return Plain(Value::FromDecimal(*Decimal::Make(coefficient, scale)));
}
// Text and pattern constants: the pool's string (the program outlives the evaluation).
PAICHA_NATIVE_INLINE NV TextConst(const NativeContext& c, uint32_t k) {
  return Plain(Value::Text(c.program->constants[k].s));
}

PAICHA_NATIVE_INLINE NV InputField(const NativeContext& c, uint32_t field) {
  const RecordValue& root = c.facts->root();
  return Plain(field < root.field_count ? root.field(static_cast<int32_t>(field)) : Value());
}

PAICHA_NATIVE_INLINE void Field(NV& top, uint32_t field) {
  if (top.v.kind() == ValueKind::kRecord) {
    const RecordValue& rec = top.v.as_record();
    top = Plain(field < rec.field_count ? rec.field(static_cast<int32_t>(field)) : Value());
  } else {
    top = NV();
  }
}

PAICHA_NATIVE_INLINE void Index(NV& lst, const NV& idx) {
  if (lst.v.kind() == ValueKind::kList && idx.v.kind() == ValueKind::kInt) {
    const ListView l = lst.v.as_list();
    const int64_t i = idx.v.as_int();
    lst = i >= 0 && i < l.size ? Plain(Value::Record(l.data[i])) : NV();
    return;
  }
  lst = NV();
}

PAICHA_NATIVE_INLINE NV ReportDate(const NativeContext& c) {
  return c.report ? Plain(Value::FromDate(*c.report)) : NV();
}

PAICHA_NATIVE_INLINE NV PeriodStart(const NativeContext& c) {
  if (c.facts->period_start()) return Plain(Value::FromDate(*c.facts->period_start()));
  if (c.report)
    return Plain(Value::FromDate(DefaultPeriodStart(*c.report, c.program->meta.effective)));
  return NV();
}

// ---- Logic
// ----------------------------------------------------------------------------------------

PAICHA_NATIVE_INLINE void Not(NV& s) {
  const NT t = TruthOf(s);
  if (t == NT::kTrue || t == NT::kFalse) {
    s.v = Value::Bool(t == NT::kFalse);
  } else {
    s = UndecidedNV(DueNot(t));
  }
}

// Kleene and (kDecides = false) / or (kDecides = true) into a, a not-due operand not counted
// (truth.h DueAnd / DueOr).
template <bool kDecides>
PAICHA_NATIVE_INLINE void AndOr(NV& a, const NV& b) {
  const NT dec = kDecides ? NT::kTrue : NT::kFalse;
  const NT ta = TruthOf(a), tb = TruthOf(b);
  if (ta == dec) return;
  if (tb == dec) {
    a = b;
    return;
  }
  const NT other = kDecides ? NT::kFalse : NT::kTrue;
  if (ta == other && tb == other) return;
  const NT t = kDecides ? DueOr(ta, tb) : DueAnd(ta, tb);
  if (t == other) {
    if (tb == other) a = b;  // the counted operand
    return;
  }
  a = UndecidedNV(t);
}
PAICHA_NATIVE_INLINE void And(NV& a, const NV& b) { AndOr<false>(a, b); }
PAICHA_NATIVE_INLINE void Or(NV& a, const NV& b) { AndOr<true>(a, b); }
PAICHA_NATIVE_INLINE bool IsFalse(const NV& s) { return TruthOf(s) == NT::kFalse; }
PAICHA_NATIVE_INLINE bool IsTrue(const NV& s) { return TruthOf(s) == NT::kTrue; }

PAICHA_NATIVE_INLINE void Cond(NV& c, const NV& t, const NV& e) {
  const NT tc = TruthOf(c);
  if (tc == NT::kTrue) {
    c = t;
  } else if (tc == NT::kFalse) {
    c = e;
  } else if (IsNotDue(tc)) {
    c = UndecidedNV(DueCondSoFar(TruthOf(tc == NT::kNotDue ? t : e)));
  } else {
    c = NV();
  }
}

// ---- Comparison
// -----------------------------------------------------------------------------------

template <Opcode kOp>
PAICHA_NATIVE_INLINE void Compare(NV& a, const NV& b) {
  if (a.x == NX::kBounded || b.x == NX::kBounded) {
    const bool left = a.x == NX::kBounded;
    const NV& bounded = left ? a : b;
    const NV& other = left ? b : a;
    if (!other.v.is_missing()) {
      const std::optional<bool> d = left ? CompareBounded<kOp>(bounded, other.v)
                                         : CompareBounded<Mirror<kOp>()>(bounded, other.v);
      a = d ? Bool(*d) : NV();
      return;
    }
  }
  const ValueKind k = a.v.kind();
  if (k == b.v.kind()) {
    int64_t x = 0, y = 0;
    bool fast = true;
    switch (k) {
      case ValueKind::kInt:
        x = a.v.as_int();
        y = b.v.as_int();
        break;
      case ValueKind::kEnum:
        x = a.v.as_enum();
        y = b.v.as_enum();
        break;
      case ValueKind::kDate:
        x = DaysOf(a.v);
        y = DaysOf(b.v);
        break;
      case ValueKind::kBool:
        x = a.v.as_bool();
        y = b.v.as_bool();
        break;
      default:
        fast = false;
        break;
    }
    if (fast) {
      a = Bool(HoldsOf<kOp>(x, y));
      return;
    }
  }
  if (!a.v.is_missing() && !b.v.is_missing()) {
    const std::optional<int> c = CompareValues(a.v, b.v);
    a = c ? Bool(Holds<kOp>(*c)) : NV();
    return;
  }
  a = NV();
}

// The comparison as a value (for typed code: a truth or unknown).
template <Opcode kOp>
PAICHA_NATIVE_INLINE NV CompareNV(NV a, const NV& b) {
  Compare<kOp>(a, b);
  return a;
}

// x in [e1, ..., en] (kIn) or not in (kNotIn): Add each element, then Result.
class InList {
 public:
  PAICHA_NATIVE_INLINE explicit InList(const NV& x) : x_(x.v), any_unknown_(x.v.is_missing()) {}
  PAICHA_NATIVE_INLINE void Add(const NV& e) {
    if (x_.is_missing() || any_true_) return;
    if (e.v.kind() == x_.kind() && (x_.kind() == ValueKind::kEnum)) {
      any_true_ = e.v.as_enum() == x_.as_enum();
      return;
    }
    const std::optional<int> c = e.v.is_missing() ? std::nullopt : CompareValues(x_, e.v);
    if (!c) {
      any_unknown_ = true;
    } else if (*c == 0) {
      any_true_ = true;
    }
  }
  PAICHA_NATIVE_INLINE NV Result(bool in) const {
    if (any_true_) return Bool(in);
    if (any_unknown_) return NV();
    return Bool(!in);
  }

 private:
  Value x_;
  bool any_true_ = false, any_unknown_;
};

// ---- Arithmetic
// -----------------------------------------------------------------------------------

template <Opcode kOp>
PAICHA_NATIVE_INLINE void Arithmetic(NV& a, const NV& b) {
  if (a.x == NX::kNone && b.x == NX::kNone && !a.v.is_missing() && !b.v.is_missing()) {
    a = Plain(Arith<kOp>(a.v, b.v));
  } else {
    a = NV();
  }
}

PAICHA_NATIVE_INLINE void Neg(NV& a) {
  if (a.v.kind() == ValueKind::kInt && a.v.as_int() != INT64_MIN) {
    a.v = Value::Int(-a.v.as_int());
  } else if (a.v.kind() == ValueKind::kDecimal) {
    a.v = NumberResult(Decimal::Negate(a.v.as_decimal()));
  } else {
    a = NV();
  }
}

PAICHA_NATIVE_INLINE void IntToDec(NV& a) {
  if (a.v.kind() == ValueKind::kInt) a.v = Value::FromDecimal(Decimal::FromInt(a.v.as_int()));
}

PAICHA_NATIVE_INLINE void Scale(const NativeContext& c, NV& a, uint32_t k) {
  if (IsNumber(a.v)) {
    a.v = NumberResult(Decimal::Mul(a.v.as_number(), c.program->constants[k].d));
  } else {
    a = NV();
  }
}

template <bool kMonths>
PAICHA_NATIVE_INLINE void AddToDate(NV& d, const NV& n) {
  std::optional<int64_t> k;
  if (IsNumber(n.v)) k = n.v.as_number().ToInt64();
  if (d.v.kind() == ValueKind::kDate && k) {
    const std::optional<Date> r = kMonths ? d.v.as_date().AddMonths(*k) : d.v.as_date().AddDays(*k);
    d = r ? Plain(Value::FromDate(*r)) : NV();
  } else {
    d = NV();
  }
}

template <bool kMonths>
PAICHA_NATIVE_INLINE NV AddToDateNV(NV d, const NV& n) {
  AddToDate<kMonths>(d, n);
  return d;
}

// ---- Text
// -----------------------------------------------------------------------------------------

PAICHA_NATIVE_INLINE void Match(const NativeContext& c, NV& a, uint32_t k) {
  if (a.v.kind() == ValueKind::kText) {
    const std::optional<bool> m = NativeMatch(c, k, a.v.as_text());
    a = m ? Bool(*m) : NV();
  } else {
    a = NV();
  }
}

// Match through the pattern's byte automaton (the emitter's choice where it has one).
PAICHA_NATIVE_INLINE void MatchDfa(NV& a, const NativeDfa& d) {
  a = a.v.kind() == ValueKind::kText ? Bool(DfaMatch(d, a.v.as_text())) : NV();
}

template <bool kStarts>
PAICHA_NATIVE_INLINE void TextTest(NV& a, const NV& b) {
  if (a.v.kind() == ValueKind::kText && b.v.kind() == ValueKind::kText) {
    const std::string_view x = a.v.as_text(), y = b.v.as_text();
    a = Bool(kStarts ? x.substr(0, y.size()) == y : x.find(y) != std::string_view::npos);
  } else {
    a = NV();
  }
}

PAICHA_NATIVE_INLINE void Size(NV& a) {
  a = a.v.kind() == ValueKind::kList ? Int(a.v.as_list().size) : NV();
}

// ---- Situations, deadlines
// ------------------------------------------------------------------------

// Any / all / at least `need` of the alternatives: Add each, then Any, All or ResultAtLeast.
class Situations {
 public:
  PAICHA_NATIVE_INLINE void Add(const NV& alt) { Add(TruthOf(alt)); }
  PAICHA_NATIVE_INLINE void Add(NT t) { tally_.Add(t); }
  // Any (like 或) and all (like 且) of the alternatives.
  PAICHA_NATIVE_INLINE NV Any() const { return ToValue(tally_.Any()); }
  PAICHA_NATIVE_INLINE NV All() const { return ToValue(tally_.All()); }
  // kAtLeast: the count operand decides `need`; not an int → unknown.
  PAICHA_NATIVE_INLINE NV ResultAtLeast(const NV& count) const {
    if (count.v.kind() != ValueKind::kInt) return NV();
    return ToValue(tally_.AtLeast(count.v.as_int()));
  }

 private:
  PAICHA_NATIVE_INLINE static NV ToValue(NT t) {
    return t == NT::kTrue || t == NT::kFalse ? Bool(t == NT::kTrue) : UndecidedNV(t);
  }
  DueTally tally_;
};

PAICHA_NATIVE_INLINE void Deadline(const NativeContext& c, NV& dl, const NV& done) {
  if (dl.v.kind() != ValueKind::kDate) {
    dl = NV();
  } else if (done.v.kind() == ValueKind::kDate) {
    dl = Bool(DaysOf(done.v) <= DaysOf(dl.v));
  } else if (!c.report) {
    dl = NV();
  } else if (c.report->days() > DaysOf(dl.v)) {
    dl = Bool(false);
  } else {
    dl = NV();
    dl.x = NX::kNotDue;
  }
}

// ---- List macros (all kinds but kFrequency)
// -------------------------------------------------------
//
// Layout in native code, as in the bytecode: `if (loop.Begin(s)) goto exit;` binds the first
// element (or leaves the macro's value in s and jumps past the loop), the body computes its value
// in s, and `if (loop.Next(c, s)) goto body;` accumulates it and continues, or leaves the value.

// The loop step budget (EvalOptions::max_loop_steps) as seen by one native segment: its macro
// loops count their back-jumps in this local, which GCC keeps in a register, and the count goes
// back to the context when the segment returns. Segments never call each other (lets are read
// from NativeContext::lets), so no other code reads the context's count in between.
class LoopSteps {
 public:
  PAICHA_NATIVE_INLINE explicit LoopSteps(NativeContext& c)
      : c_(c), n_(c.loop_steps), max_(c.max_loop_steps) {}
  PAICHA_NATIVE_INLINE ~LoopSteps() { c_.loop_steps = n_; }
  LoopSteps(const LoopSteps&) = delete;
  LoopSteps& operator=(const LoopSteps&) = delete;

  // Takes one back-jump; false when that exceeds the budget.
  PAICHA_NATIVE_INLINE bool Take() { return ++n_ <= max_; }

 private:
  NativeContext& c_;
  uint64_t n_;
  const uint64_t max_;
};

template <MacroKind kKind>
class Loop {
 public:
  // Takes the list from `s`. True when there is nothing to iterate: `s` then holds the result.
  PAICHA_NATIVE_INLINE bool Begin(NV& s) {
    if (s.v.kind() != ValueKind::kList) {
      s = NV();
      return true;
    }
    *this = Loop();
    list_ = s.v.as_list();
    if (list_.size == 0) {
      s = Finalize();
      return true;
    }
    return false;
  }
  // The current element.
  PAICHA_NATIVE_INLINE NV Var() const { return Plain(Value::Record(list_.data[index_])); }
  PAICHA_NATIVE_INLINE const RecordValue* Elem() const { return list_.data[index_]; }

  // Takes the body's value from `s`. True: continue with the next element; false: `s` holds the
  // macro's value.
  PAICHA_NATIVE_INLINE bool Next(NativeContext& c, LoopSteps& steps, NV& s) {
    Accumulate(c, s);
    if (!decided_ && ++index_ < list_.size) {
      if (steps.Take()) return true;
      exhausted_ = true;
    }
    s = Finalize();
    return false;
  }

 private:
  PAICHA_NATIVE_INLINE void Accumulate(NativeContext& c, const NV& body) {
    if constexpr (kKind == MacroKind::kSum || kKind == MacroKind::kMin ||
                  kKind == MacroKind::kMax) {
      if (body.v.is_missing() || body.x != NX::kNone) {
        acc_unknown_ = true;
      } else if (!acc_set_) {
        acc_ = body.v;
        acc_set_ = true;
      } else if constexpr (kKind == MacroKind::kSum) {
        acc_ = Arith<Opcode::kAdd>(acc_, body.v);
        if (acc_.is_missing()) acc_unknown_ = true;
      } else {
        const std::optional<int> cmp = CompareValues(body.v, acc_);
        if (!cmp) {
          acc_unknown_ = true;
        } else if ((kKind == MacroKind::kMin && *cmp < 0) ||
                   (kKind == MacroKind::kMax && *cmp > 0)) {
          acc_ = body.v;
        }
      }
    } else {
      const NT t = TruthOf(body);
      if (t == NT::kTrue) {
        ++trues_;
        if constexpr (kKind == MacroKind::kExists) decided_ = true;
        if constexpr (kKind == MacroKind::kFilter) {
          if (out_ == nullptr) out_ = NewRecordArray(c, list_.size);
          out_[out_n_++] = list_.data[index_];
        }
      } else if (t == NT::kFalse) {
        if constexpr (kKind == MacroKind::kAll) decided_ = true;
      } else {
        ++unknowns_;
        if (t != NT::kUnknown) ++(t == NT::kNotDue ? due_true_ : due_false_);
      }
    }
    (void)c;
  }

  // exists / all / exists_one when not decided early: like 或 / 且 (truth.h DueTally).
  PAICHA_NATIVE_INLINE NV Undecided() const {
    const DueTally tally = DueTally::Of(list_.size, trues_, unknowns_, due_true_, due_false_);
    const NT t = kKind == MacroKind::kExists ? tally.Any()
                 : kKind == MacroKind::kAll  ? tally.All()
                                             : tally.ExactlyOne();
    return t == NT::kTrue || t == NT::kFalse ? Bool(t == NT::kTrue) : UndecidedNV(t);
  }

  PAICHA_NATIVE_INLINE NV Finalize() const {
    if (exhausted_) return NV();
    if constexpr (kKind == MacroKind::kExists) {
      if (decided_) return Bool(true);
      return unknowns_ > 0 ? Undecided() : Bool(false);
    } else if constexpr (kKind == MacroKind::kAll) {
      if (decided_) return Bool(false);
      return unknowns_ > 0 ? Undecided() : Bool(true);
    } else if constexpr (kKind == MacroKind::kExistsOne) {
      if (trues_ >= 2) return Bool(false);
      return unknowns_ > 0 ? Undecided() : Bool(trues_ == 1);
    } else if constexpr (kKind == MacroKind::kFilter) {
      return unknowns_ > 0 ? NV() : Plain(Value::List(out_, out_n_));
    } else if constexpr (kKind == MacroKind::kCount || kKind == MacroKind::kRatio) {
      const int64_t n = list_.size;
      if (kKind == MacroKind::kRatio && n == 0) return NV();
      if (unknowns_ > 0) {
        NV r;
        r.x = NX::kBounded;
        r.lo = static_cast<uint32_t>(trues_);
        r.hi = static_cast<uint32_t>(trues_ + unknowns_);
        r.den = kKind == MacroKind::kRatio ? static_cast<uint32_t>(n) : 1;
        return r;
      }
      if (kKind == MacroKind::kCount) return Int(trues_);
      return Plain(NumberResult(Decimal::Div(Decimal::FromInt(trues_), Decimal::FromInt(n))));
    } else {  // kSum, kMin, kMax
      if (acc_unknown_) return NV();
      if (!acc_set_) return kKind == MacroKind::kSum ? Int(0) : NV();
      return Plain(acc_);
    }
  }

  ListView list_;
  uint32_t index_ = 0;
  int64_t trues_ = 0, unknowns_ = 0;      // unknowns_: bodies neither true nor false
  int64_t due_true_ = 0, due_false_ = 0;  // of those, not due
  bool decided_ = false, exhausted_ = false;
  Value acc_;
  bool acc_set_ = false, acc_unknown_ = false;
  const RecordValue** out_ = nullptr;
  uint32_t out_n_ = 0;
};

// ---- Typed values
// ---------------------------------------------------------------------------------
//
// Where the emitter knows a stack position's type statically (from the schema, constants and the
// operations), the position is a typed local instead of an NV: a truth (NT), an int, an enum
// member, a date, a record, a list, or the count of a count macro. Each holds exactly what the
// interpreter's Slot can hold for that type (a value or unknown; only truths can be not-due), so
// converting to NV (ToNV) and back (the Read* functions) is lossless, and a typed operation is
// the same operation as the NV one restricted to its type. Typed reads of submitted data rely on
// the Facts invariant (value.h): a field holds a Value of its schema type or kMissing.

struct TInt {
  int64_t v = 0;
  bool ok = false;  // false: unknown
};
struct TEnum {
  int32_t v = -1;  // member index; -1: unknown
};
struct TDate {
  int32_t v = INT32_MIN;  // days; INT32_MIN: unknown
};
// A list of records in the typed layout (see "Shaped records" below): the elements' structs and
// the list's records (for ToNV).
template <typename E>
struct TListOf {
  const E* data = nullptr;
  uint32_t size = 0;
  bool ok = false;  // false: unknown
  const RecordValue* const* records = nullptr;
};
// A count macro's value: exact when lo == hi, else bounded (the interpreter's kBounded, den 1).
struct TCount {
  uint32_t lo = 0, hi = 0;
  bool ok = false;  // false: unknown
};

inline const Value kMissingValue{};

PAICHA_NATIVE_INLINE const Value& RootField(const NativeContext& c, uint32_t field) {
  const RecordValue& root = c.facts->root();
  return field < root.field_count ? root.field(static_cast<int32_t>(field)) : kMissingValue;
}
PAICHA_NATIVE_INLINE const Value& FieldOf(const RecordValue* r, uint32_t field) {
  return r != nullptr && field < r->field_count ? r->field(static_cast<int32_t>(field))
                                                : kMissingValue;
}

PAICHA_NATIVE_INLINE NT ReadTruth(const Value& v) {
  return v.kind() == ValueKind::kBool ? (v.as_bool() ? NT::kTrue : NT::kFalse) : NT::kUnknown;
}
PAICHA_NATIVE_INLINE TInt ReadInt(const Value& v) {
  return v.kind() == ValueKind::kInt ? TInt{v.as_int(), true} : TInt{};
}
PAICHA_NATIVE_INLINE TEnum ReadEnum(const Value& v) {
  return v.kind() == ValueKind::kEnum ? TEnum{v.as_enum()} : TEnum{};
}
PAICHA_NATIVE_INLINE TDate ReadDate(const Value& v) {
  if (v.kind() != ValueKind::kDate) return TDate{};
  const int32_t days = DaysOf(v);
  // A kDate Value holds a valid Date, never the unknown marker (GCC drops that test).
  if (days < Date::kMinDays || days > Date::kMaxDays) __builtin_unreachable();
  return TDate{days};
}
PAICHA_NATIVE_INLINE const RecordValue* ReadRecord(const Value& v) {
  return v.kind() == ValueKind::kRecord ? &v.as_record() : nullptr;
}

// ---- Shaped records
// ---------------------------------------------------------------------------------
//
// Native status code does not read the submission's Values (a kind test, a bounds test and two
// dependent loads per field, three through a list) but a typed copy of what it reads, made
// before the evaluation: for every record type it reads, the emitter writes a struct
//
//   struct R<k> {                 // schema record k
//     const RecordValue* rv;      // the record (nullptr when the submission has none); only
//                                 // where the code uses such a record as a value (ToNV)
//     <member> f<i>;              // field i, for each field the code reads
//   };
//
// whose members are NT (bool), an int as int64_t f<i> plus bool k<i> (known; read back as
// TInt{f<i>, k<i>}), TEnum, TDate, R<j> (a nested record, held inline), TListOf<R<j>> (a list,
// its elements in an array) or, for a field without a static type (text, decimal, quantity),
// the Value with a text's bytes copied (ShapeValue); and a function Shape<k>(arena, rv, out)
// that fills one. Member f<i> holds exactly Read<T>(FieldOf(rv, i)) of the Value it copies (a
// record the submission lacks shapes with every member unknown, which is what FieldOf on a null
// record reads), so reading the member is reading the Value: only the cost differs. The shaped data
// lives in an Arena: a per-thread one reset for each EvaluateStatuses call, or the one of a
// PreparedFacts (gen_support.h), made once and evaluated any number of times.

// A field without a static type (text, a decimal, a quantity, a duration) shaped into `arena`:
// the Value, with a text's bytes copied (the evaluation then reads the shaped copy only). The
// copy takes a multiple of 8 bytes, so that nothing in a shaped arena needs padding.
inline Value ShapeValue(Arena& arena, const Value& v) {
  if (v.kind() != ValueKind::kText || v.as_text().empty()) return v;
  const std::string_view text = v.as_text();
  auto* copy = static_cast<char*>(arena.Allocate((text.size() + 7) & ~size_t{7}, 8));
  std::memcpy(copy, text.data(), text.size());
  return Value::Text(std::string_view(copy, text.size()));
}

// An int field shaped as its value and whether it is known (the two halves of ReadInt's TInt,
// kept apart in the struct so that they pack with the other members).
inline void ShapeInt(const Value& v, int64_t* value, bool* known) {
  const TInt i = ReadInt(v);
  *value = i.v;
  *known = i.ok;
}

// List `v` (a field's Value) shaped into `arena`, each element by `shape` (Shape<j>).
template <typename E>
inline TListOf<E> ShapeList(Arena& arena, const Value& v,
                            void (*shape)(Arena&, const RecordValue*, E*)) {
  if (v.kind() != ValueKind::kList) return TListOf<E>{};
  const ListView l = v.as_list();
  E* data = arena.NewArray<E>(l.size);
  for (uint32_t i = 0; i < l.size; ++i) shape(arena, l.data[i], &data[i]);
  return TListOf<E>{data, l.size, true, l.data};
}
// Lets are kept as NV: the typed reads of a let of that type.
PAICHA_NATIVE_INLINE NT ReadTruth(const NV& n) { return TruthOf(n); }
PAICHA_NATIVE_INLINE TInt ReadInt(const NV& n) { return ReadInt(n.v); }
PAICHA_NATIVE_INLINE TEnum ReadEnum(const NV& n) { return ReadEnum(n.v); }
PAICHA_NATIVE_INLINE TDate ReadDate(const NV& n) { return ReadDate(n.v); }
PAICHA_NATIVE_INLINE const RecordValue* ReadRecord(const NV& n) { return ReadRecord(n.v); }
PAICHA_NATIVE_INLINE TCount ReadCount(const NV& n) {
  if (n.x == NX::kBounded) return TCount{n.lo, n.hi, true};
  if (n.v.kind() == ValueKind::kInt) {
    const auto k = static_cast<uint32_t>(n.v.as_int());
    return TCount{k, k, true};
  }
  return TCount{};
}

PAICHA_NATIVE_INLINE NV ToNV(const NV& n) { return n; }
PAICHA_NATIVE_INLINE NV ToNV(NT t) {
  if (t == NT::kTrue || t == NT::kFalse) return Bool(t == NT::kTrue);
  return UndecidedNV(t);
}
PAICHA_NATIVE_INLINE NV ToNV(TInt i) { return i.ok ? Int(i.v) : NV(); }
PAICHA_NATIVE_INLINE NV ToNV(TEnum e) { return e.v >= 0 ? Enum(e.v) : NV(); }
PAICHA_NATIVE_INLINE NV ToNV(TDate d) { return d.v != INT32_MIN ? DateDays(d.v) : NV(); }
PAICHA_NATIVE_INLINE NV ToNV(const RecordValue* r) {
  return r != nullptr ? Plain(Value::Record(r)) : NV();
}
// A shaped record (any R<k>: a struct with the record as `rv`) and a shaped list.
template <typename R, typename = decltype(&R::rv)>
PAICHA_NATIVE_INLINE NV ToNV(const R* r) {
  return ToNV(r->rv);
}
template <typename E>
PAICHA_NATIVE_INLINE NV ToNV(const TListOf<E>& l) {
  return l.ok ? Plain(Value::List(l.records, l.size)) : NV();
}
PAICHA_NATIVE_INLINE NV ToNV(TCount k) {
  if (!k.ok) return NV();
  if (k.lo == k.hi) return Int(k.lo);
  NV r;
  r.x = NX::kBounded;
  r.lo = k.lo;
  r.hi = k.hi;
  return r;
}
// *out = ToNV(x), for a segment's result (a let's value): member by member in each case, since
// assigning a whole NV that was put together on the stack just before makes the processor wait
// for the pieces (a store-forwarding stall, ~15% of the peer workload's time when lets did that).
PAICHA_NATIVE_INLINE void StoreRest(NV* out, NX x = NX::kNone, uint32_t lo = 0, uint32_t hi = 0) {
  out->x = x;
  out->lo = lo;
  out->hi = hi;
  out->den = 1;
}
PAICHA_NATIVE_INLINE void StoreNV(NV* out, const NV& n) { *out = n; }
PAICHA_NATIVE_INLINE void StoreNV(NV* out, NT t) {
  if (t == NT::kTrue || t == NT::kFalse) {
    out->v = Value::Bool(t == NT::kTrue);
    StoreRest(out);
  } else {
    out->v = Value();
    StoreRest(out, t == NT::kNotDue        ? NX::kNotDue
                   : t == NT::kNotDueFalse ? NX::kNotDueFalse
                                           : NX::kNone);
  }
}
template <typename T>
PAICHA_NATIVE_INLINE void StoreScalar(NV* out, bool ok, const T& make) {
  if (ok) {
    out->v = make();
  } else {
    out->v = Value();
  }
  StoreRest(out);
}
PAICHA_NATIVE_INLINE void StoreNV(NV* out, TInt i) {
  StoreScalar(out, i.ok, [&] { return Value::Int(i.v); });
}
PAICHA_NATIVE_INLINE void StoreNV(NV* out, TEnum e) {
  StoreScalar(out, e.v >= 0, [&] { return Value::Enum(e.v); });
}
PAICHA_NATIVE_INLINE void StoreNV(NV* out, TDate d) {
  StoreScalar(out, d.v != INT32_MIN, [&] { return DateDays(d.v).v; });
}
PAICHA_NATIVE_INLINE void StoreNV(NV* out, const RecordValue* r) {
  StoreScalar(out, r != nullptr, [&] { return Value::Record(r); });
}
template <typename R, typename = decltype(&R::rv)>
PAICHA_NATIVE_INLINE void StoreNV(NV* out, const R* r) {
  StoreNV(out, r->rv);
}
template <typename E>
PAICHA_NATIVE_INLINE void StoreNV(NV* out, const TListOf<E>& l) {
  StoreScalar(out, l.ok, [&] { return Value::List(l.records, l.size); });
}
PAICHA_NATIVE_INLINE void StoreNV(NV* out, TCount k) {
  if (k.ok && k.lo == k.hi) {
    out->v = Value::Int(k.lo);
    StoreRest(out);
  } else {
    out->v = Value();
    StoreRest(out, k.ok ? NX::kBounded : NX::kNone, k.ok ? k.lo : 0, k.ok ? k.hi : 0);
  }
}

PAICHA_NATIVE_INLINE NT TruthOf(NT t) { return t; }
template <typename T>
PAICHA_NATIVE_INLINE NT TruthOf(const T& x) {
  return TruthOf(ToNV(x));
}

PAICHA_NATIVE_INLINE TDate ReportDateT(const NativeContext& c) {
  return c.report ? TDate{c.report->days()} : TDate{};
}
template <typename E>
PAICHA_NATIVE_INLINE TInt SizeT(const TListOf<E>& l) {
  return l.ok ? TInt{l.size, true} : TInt{};
}

// Kleene logic on truths (Not, And, Or above restricted to truths).
PAICHA_NATIVE_INLINE NT NotT(NT t) { return DueNot(t); }
template <bool kDecides>
PAICHA_NATIVE_INLINE NT AndOrT(NT a, NT b) {
  const NT dec = kDecides ? NT::kTrue : NT::kFalse;
  if (a == dec || b == dec) return dec;
  const NT other = kDecides ? NT::kFalse : NT::kTrue;
  if (a == other && b == other) return other;
  return kDecides ? DueOr(a, b) : DueAnd(a, b);
}
PAICHA_NATIVE_INLINE NT AndT(NT a, NT b) { return AndOrT<false>(a, b); }
PAICHA_NATIVE_INLINE NT OrT(NT a, NT b) { return AndOrT<true>(a, b); }
PAICHA_NATIVE_INLINE NT CondT(NT c, NT t, NT e) {
  if (c == NT::kTrue) return t;
  if (c == NT::kFalse) return e;
  return IsNotDue(c) ? DueCondSoFar(c == NT::kNotDue ? t : e) : NT::kUnknown;
}

// Comparisons of two known values of one type; unknown when either is unknown.
template <Opcode kOp>
PAICHA_NATIVE_INLINE NT HoldsT(int64_t x, int64_t y) {
  return HoldsOf<kOp>(x, y) ? NT::kTrue : NT::kFalse;
}
template <Opcode kOp>
PAICHA_NATIVE_INLINE NT CompareT(NT a, NT b) {
  if ((a != NT::kTrue && a != NT::kFalse) || (b != NT::kTrue && b != NT::kFalse)) {
    return NT::kUnknown;
  }
  return HoldsT<kOp>(a == NT::kTrue, b == NT::kTrue);
}
template <Opcode kOp>
PAICHA_NATIVE_INLINE NT CompareT(TInt a, TInt b) {
  return a.ok && b.ok ? HoldsT<kOp>(a.v, b.v) : NT::kUnknown;
}
template <Opcode kOp>
PAICHA_NATIVE_INLINE NT CompareT(TEnum a, TEnum b) {
  return a.v >= 0 && b.v >= 0 ? HoldsT<kOp>(a.v, b.v) : NT::kUnknown;
}
template <Opcode kOp>
PAICHA_NATIVE_INLINE NT CompareT(TDate a, TDate b) {
  return a.v != INT32_MIN && b.v != INT32_MIN ? HoldsT<kOp>(a.v, b.v) : NT::kUnknown;
}
// A count against an int: CompareBounded with den 1 (decided when every count in [lo, hi] gives
// the same answer).
template <Opcode kOp>
PAICHA_NATIVE_INLINE NT CompareT(TCount a, TInt b) {
  if (!a.ok || !b.ok) return NT::kUnknown;
  const NT lo = HoldsT<kOp>(a.lo, b.v);
  if (a.lo == a.hi) return lo;
  if constexpr (kOp == Opcode::kEq || kOp == Opcode::kNe) {
    if (b.v >= a.lo && b.v <= a.hi) return NT::kUnknown;  // reachable, not certain
    return kOp == Opcode::kNe ? NT::kTrue : NT::kFalse;
  }
  return lo == HoldsT<kOp>(a.hi, b.v) ? lo : NT::kUnknown;
}
template <Opcode kOp>
PAICHA_NATIVE_INLINE NT CompareT(TInt a, TCount b) {
  return CompareT<Mirror<kOp>()>(b, a);
}

// x in [e1, ..., en] for enums.
class InEnum {
 public:
  PAICHA_NATIVE_INLINE explicit InEnum(TEnum x) : x_(x.v) {}
  PAICHA_NATIVE_INLINE void Add(TEnum e) {
    if (e.v < 0) {
      unknown_ = true;
    } else if (e.v == x_) {
      found_ = true;
    }
  }
  PAICHA_NATIVE_INLINE NT Result(bool in) const {
    if (x_ >= 0 && found_) return in ? NT::kTrue : NT::kFalse;
    if (x_ < 0 || unknown_) return NT::kUnknown;
    return in ? NT::kFalse : NT::kTrue;
  }

 private:
  int32_t x_;
  bool found_ = false, unknown_ = false;
};

// The truth-valued macros and count over a shaped list of E with a truth body: Loop restricted
// to those kinds. `Begin(list, &result)` and `Next(c, body, &result)` as Loop's.
template <MacroKind kKind, typename E>
class TLoop {
  static_assert(kKind == MacroKind::kExists || kKind == MacroKind::kAll ||
                kKind == MacroKind::kExistsOne || kKind == MacroKind::kCount);
  using R = std::conditional_t<kKind == MacroKind::kCount, TCount, NT>;

 public:
  PAICHA_NATIVE_INLINE bool Begin(const TListOf<E>& l, R* result) {
    if (!l.ok) {
      if constexpr (kKind == MacroKind::kCount) {
        *result = TCount{};
      } else {
        *result = NT::kUnknown;
      }
      return true;
    }
    data_ = l.data;
    size_ = l.size;
    index_ = 0;
    trues_ = unknowns_ = due_true_ = due_false_ = 0;
    decided_ = exhausted_ = false;
    if (size_ == 0) {
      *result = Finalize();
      return true;
    }
    return false;
  }
  PAICHA_NATIVE_INLINE const E* Elem() const { return data_ + index_; }
  PAICHA_NATIVE_INLINE bool Next(LoopSteps& steps, NT body, R* result) {
    if (body == NT::kTrue) {
      ++trues_;
      if constexpr (kKind == MacroKind::kExists) decided_ = true;
    } else if (body == NT::kFalse) {
      if constexpr (kKind == MacroKind::kAll) decided_ = true;
    } else {
      ++unknowns_;
      if (body != NT::kUnknown) ++(body == NT::kNotDue ? due_true_ : due_false_);
    }
    if (!decided_ && ++index_ < size_) {
      if (steps.Take()) return true;
      exhausted_ = true;
    }
    *result = Finalize();
    return false;
  }

 private:
  // exists / all / exists_one when not decided early: like 或 / 且 (truth.h DueTally).
  PAICHA_NATIVE_INLINE NT Undecided() const {
    const DueTally tally = DueTally::Of(size_, trues_, unknowns_, due_true_, due_false_);
    return kKind == MacroKind::kExists ? tally.Any()
           : kKind == MacroKind::kAll  ? tally.All()
                                       : tally.ExactlyOne();
  }
  PAICHA_NATIVE_INLINE R Finalize() const {
    if constexpr (kKind == MacroKind::kCount) {
      if (exhausted_) return TCount{};
      return TCount{trues_, trues_ + unknowns_, true};
    } else {
      if (exhausted_) return NT::kUnknown;
      if constexpr (kKind == MacroKind::kExists) {
        if (decided_) return NT::kTrue;
        return unknowns_ > 0 ? Undecided() : NT::kFalse;
      } else if constexpr (kKind == MacroKind::kAll) {
        if (decided_) return NT::kFalse;
        return unknowns_ > 0 ? Undecided() : NT::kTrue;
      } else {
        if (trues_ >= 2) return NT::kFalse;
        if (unknowns_ > 0) return Undecided();
        return trues_ == 1 ? NT::kTrue : NT::kFalse;
      }
    }
  }

  const E* data_ = nullptr;
  uint32_t size_ = 0, index_ = 0;
  uint32_t trues_ = 0, unknowns_ = 0;      // unknowns_: bodies neither true nor false
  uint32_t due_true_ = 0, due_false_ = 0;  // of those, not due
  bool decided_ = false, exhausted_ = false;
};

// The native part of a generated evaluator, handed to MakeCompiledRulebook: segments[i] computes
// segment i natively, or is nullptr when segment i is left to the Exec path.
//
// lets (optional) computes every let that is not constant (IsConstantSegment) into lets[i], in
// order; the constant ones are computed once, when the rulebook is loaded. statuses (optional)
// decides the items in order, natively, with the lets already in c.lets: it
// writes out[0..k) for the first k items that have native code and returns k (the rest are left
// to the Exec path).
struct NativeSegments {
  const NativeFn* segments = nullptr;
  size_t count = 0;
  size_t (*statuses)(NativeContext& c, ItemStatus* out) = nullptr;
  void (*lets)(NativeContext& c, NV* lets) = nullptr;
  // The submission's root record shaped into `arena` ("Shaped records"): NativeContext::shaped.
  // Required when any native segment reads the submission.
  const void* (*shape)(Arena& arena, const Facts& facts) = nullptr;
};

// Whether segment `seg` computes the same value in every evaluation without taking loop steps:
// it reads no submitted data, no report date and only lets marked in `constant` (one flag per
// let; a let's segment reads only lets before it). The emitter and the runtime both use this
// one definition, so they agree on which lets are computed once.
inline bool IsConstantSegment(const Program& p, int32_t seg, const std::vector<bool>& constant) {
  const Segment& s = p.segments[static_cast<size_t>(seg)];
  for (uint32_t pc = s.begin; pc < s.end; ++pc) {
    const Instr& in = p.code[pc];
    switch (in.op) {
      // Pure operations on their operands.
      case Opcode::kPushBool:
      case Opcode::kPushInt:
      case Opcode::kPushConst:
      case Opcode::kPushEnum:
      case Opcode::kPushPeriod:
      case Opcode::kField:
      case Opcode::kIndex:
      case Opcode::kNot:
      case Opcode::kAnd:
      case Opcode::kOr:
      case Opcode::kJumpIfFalse:
      case Opcode::kJumpIfTrue:
      case Opcode::kJump:
      case Opcode::kCond:
      case Opcode::kEq:
      case Opcode::kNe:
      case Opcode::kLt:
      case Opcode::kLe:
      case Opcode::kGt:
      case Opcode::kGe:
      case Opcode::kCmpImm:
      case Opcode::kIn:
      case Opcode::kNotIn:
      case Opcode::kAdd:
      case Opcode::kSub:
      case Opcode::kMul:
      case Opcode::kDiv:
      case Opcode::kNeg:
      case Opcode::kIntToDec:
      case Opcode::kScale:
      case Opcode::kAddDays:
      case Opcode::kAddMonths:
      case Opcode::kMatch:
      case Opcode::kStartsWith:
      case Opcode::kContains:
      case Opcode::kSize:
      case Opcode::kSituation:
      case Opcode::kRet:
        break;
      case Opcode::kLet:
      case Opcode::kCmpLet:
        if (in.c >= constant.size() || !constant[in.c]) return false;
        break;
      // Reads of the submission, the report date or the scores, loops, and any instruction
      // added later (listed here only once known to be pure).
      default:
        return false;
    }
  }
  return true;
}

// An item's status (evaluator.cc's DecideItem) in two steps, so that the generated item loop
// calls the condition's segment directly (GCC's flatten does not reach into a lambda):
// `applies == NT::kTrue ? Decided(condition, finding) : Unapplied(applies)`, where `applies` is
// the truth of the item's applicability (kTrue when it has none) and `finding` the status of
// the item's level.
PAICHA_NATIVE_INLINE ItemStatus Unapplied(NT applies) {
  return applies == NT::kFalse ? ItemStatus::kNotApplicable
         : IsNotDue(applies)   ? ItemStatus::kNotDue
                               : ItemStatus::kUndetermined;
}
PAICHA_NATIVE_INLINE ItemStatus Decided(NT condition, ItemStatus finding) {
  switch (condition) {
    case NT::kTrue:
      return finding;
    case NT::kFalse:
      return ItemStatus::kCompliant;
    case NT::kNotDue:
    case NT::kNotDueFalse:
      return ItemStatus::kNotDue;
    case NT::kUnknown:
      break;
  }
  return ItemStatus::kUndetermined;
}

}  // namespace paicha::rt::gen

#endif  // PAICHA_RT_GEN_NATIVE_H_
