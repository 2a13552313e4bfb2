// The interpreter loop and the semantics of every opcode (see opcodes.def for the one-line
// summary of each and machine.h for the value model).
#include "machine.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <utility>

#include "opcode_info.h"

// Forced inlining only in optimised builds. At -O0 (the sanitizer build) it would paste Step into
// each of the threaded dispatch's ~100 labels and take minutes to compile, for nothing; there
// the labels call Step, which runs the same code.
#if defined(__OPTIMIZE__)
#define PAICHA_VM_INLINE __attribute__((always_inline)) inline
#else
#define PAICHA_VM_INLINE inline
#endif

namespace paicha::rt::vm_internal {

namespace {

Slot Unknown(uint32_t missing = 0) {
  Slot s;
  s.missing = missing;
  return s;
}

Slot Truth(bool b, uint32_t facts = 0) {
  Slot s;
  s.v = Value::Bool(b);
  s.facts = facts;
  return s;
}

bool IsNumber(const Value& v) {
  return v.kind() == ValueKind::kInt || v.kind() == ValueKind::kDecimal;
}

// Three-way comparison of two known values of comparable kinds; nullopt otherwise.
std::optional<int> CompareValues(const Value& a, const Value& b) {
  if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
    return (a.as_int() > b.as_int()) - (a.as_int() < b.as_int());
  }
  if (IsNumber(a) && IsNumber(b)) return Decimal::Compare(a.as_number(), b.as_number());
  if (a.kind() != b.kind()) return std::nullopt;
  switch (a.kind()) {
    case ValueKind::kDate:
    case ValueKind::kEnum: {
      const int32_t x = a.kind() == ValueKind::kDate ? a.as_date().days() : a.as_enum();
      const int32_t y = b.kind() == ValueKind::kDate ? b.as_date().days() : b.as_enum();
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

// Whether comparison `op` (kEq..kGe) holds for a three-way result c (any sign convention).
inline bool Holds(Opcode op, int c) {
  const auto row =
      static_cast<uint8_t>(static_cast<uint8_t>(op) - static_cast<uint8_t>(Opcode::kEq));
  return kHolds[row <= kMaxCmpCode ? row : kMaxCmpCode][(c > 0) - (c < 0) + 1];
}

// Mirror of a comparison when its operands are swapped (a < b  <=>  b > a).
Opcode Mirror(Opcode op) {
  switch (op) {
    case Opcode::kLt:
      return Opcode::kGt;
    case Opcode::kLe:
      return Opcode::kGe;
    case Opcode::kGt:
      return Opcode::kLt;
    case Opcode::kGe:
      return Opcode::kLe;
    default:
      return op;
  }
}

// Compares numerator/den with a known number x: sign of (num - x*den). nullopt on overflow.
std::optional<int> CompareFraction(int64_t num, int64_t den, const Value& x) {
  if (!IsNumber(x)) return std::nullopt;
  auto scaled = Decimal::Mul(x.as_number(), Decimal::FromInt(den));
  if (!scaled) return std::nullopt;
  return Decimal::Compare(Decimal::FromInt(num), *scaled);
}

// `op` applied to a bounded count/ratio (the values k/den for the integers k in [lo, hi]) and a
// known number x: decided only when every possible value gives the same answer; nullopt
// otherwise (and on overflow or a non-number). For the order operators this is when both bounds
// agree; `==` is false when no k/den equals x (x outside the bounds, or x × den not an integer),
// true only when lo == hi and lo/den == x; `!=` is its negation.
std::optional<bool> CompareBounded(Opcode op, const Slot& bounded, const Value& x) {
  const auto lo = CompareFraction(bounded.lo, bounded.den, x);
  const auto hi = CompareFraction(bounded.hi, bounded.den, x);
  if (!lo || !hi) return std::nullopt;
  if (op != Opcode::kEq && op != Opcode::kNe) {
    if (Holds(op, *lo) != Holds(op, *hi)) return std::nullopt;
    return Holds(op, *lo);
  }
  bool equal_possible = *lo <= 0 && *hi >= 0;  // lo/den <= x <= hi/den
  if (equal_possible) {
    // x reachable only when x × den is an integer k (then lo <= k <= hi by the bounds above).
    const auto scaled = Decimal::Mul(x.as_number(), Decimal::FromInt(bounded.den));
    if (!scaled) return std::nullopt;
    equal_possible = scaled->IsInteger();
  }
  if (!equal_possible) return op == Opcode::kNe;
  if (*lo == 0 && *hi == 0) return op == Opcode::kEq;  // lo == hi == x × den
  return std::nullopt;
}

// CompareValues for the common cheap case, two known values of the same kind among int, enum,
// date and bool: true with *c set; false when CompareValues must decide (or the result is unknown).
inline bool FastCompare(const Value& a, const Value& b, int* c) {
  if (a.kind() != b.kind()) return false;
  int64_t x = 0, y = 0;
  switch (a.kind()) {
    case ValueKind::kInt:
      x = a.as_int();
      y = b.as_int();
      break;
    case ValueKind::kEnum:
      x = a.as_enum();
      y = b.as_enum();
      break;
    case ValueKind::kDate:
      x = a.as_date().days();
      y = b.as_date().days();
      break;
    case ValueKind::kBool:
      x = a.as_bool();
      y = b.as_bool();
      break;
    default:
      return false;
  }
  *c = (x > y) - (x < y);
  return true;
}

// *s = a Slot holding just `v` (no extras, no sets), stored member by member: the hot pushes
// then write the stack slot directly instead of building and copying a temporary. `until` and
// the bounds are left as they are: they mean something only with their Ext (see Slot).
inline void SetPlain(Slot* s, const Value& v) {
  std::memcpy(&s->v, &v, sizeof(Value));  // one 16-byte move (Value is trivially copyable)
  s->ext = Ext::kNone;
  s->facts = 0;
  s->missing = 0;
}

// FieldSlot in fast mode (no sets), written in place.
inline void FastField(const RecordValue& rec, uint32_t field, Slot* out) {
  SetPlain(out, field < rec.field_count ? rec.field(static_cast<int32_t>(field)) : Value());
}

// Fast mode's kCmpImm: when `v` is a known value of the immediate's own kind (so not bounded),
// *out = (v cmp immediate) and true; else false (the general comparison decides).
inline bool FastCmpImm(const Value& v, uint8_t cmp, uint16_t kind, uint32_t c, Slot* out) {
  static constexpr ValueKind kKinds[] = {ValueKind::kBool, ValueKind::kInt, ValueKind::kEnum,
                                         ValueKind::kDate};
  if (v.kind() != kKinds[kind & 3]) return false;
  const int64_t x = kind == kImmBool   ? int64_t{v.as_bool()}
                    : kind == kImmInt  ? v.as_int()
                    : kind == kImmEnum ? int64_t{v.as_enum()}
                                       : int64_t{v.as_date().days()};
  SetPlain(out, Value::Bool(HoldsCode(cmp, x, static_cast<int32_t>(c))));
  return true;
}

Value NumberResult(const std::optional<Decimal>& d) {
  return d ? Value::FromDecimal(*d) : Value::Missing();
}

// a op b for + - * on numbers: exact, unknown (kMissing) on overflow or non-numbers.
Value Arith(Opcode op, const Value& a, const Value& b) {
  if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
    int64_t r = 0;
    bool overflow = false;
    switch (op) {
      case Opcode::kAdd:
        overflow = __builtin_add_overflow(a.as_int(), b.as_int(), &r);
        break;
      case Opcode::kSub:
        overflow = __builtin_sub_overflow(a.as_int(), b.as_int(), &r);
        break;
      case Opcode::kMul:
        overflow = __builtin_mul_overflow(a.as_int(), b.as_int(), &r);
        break;
      default:
        return NumberResult(Decimal::Div(a.as_number(), b.as_number()));
    }
    return overflow ? Value::Missing() : Value::Int(r);
  }
  if (!IsNumber(a) || !IsNumber(b)) return Value::Missing();
  const Decimal x = a.as_number(), y = b.as_number();
  switch (op) {
    case Opcode::kAdd:
      return NumberResult(Decimal::Add(x, y));
    case Opcode::kSub:
      return NumberResult(Decimal::Sub(x, y));
    case Opcode::kMul:
      return NumberResult(Decimal::Mul(x, y));
    default:
      return NumberResult(Decimal::Div(x, y));
  }
}

}  // namespace

Machine::Machine(const Program& program, const Facts& facts, std::optional<Date> report_date,
                 bool trace, size_t stack_size)
    : p_(program), facts_(facts), report_(report_date), trace_(trace), arena_(4096) {
  Buffers& pool = Pool();
  if (!pool.busy) {
    pool.busy = true;
    pooled_ = true;
    nodes_.swap(pool.nodes);
    lets_.swap(pool.lets);
    stack_.swap(pool.stack);
    loops_.swap(pool.loops);
    freq_.swap(pool.freq);
  }
  nodes_.clear();
  nodes_.push_back(Node{Ref{}, 0});  // index 0: the empty set
  freq_.clear();
  // A reused stack or loop frame may hold a previous evaluation's values: every slot is written
  // before it is read (verified stack discipline; kIterBegin resets its frame), so the stack only
  // grows.
  const size_t slots = std::min<size_t>(std::max<size_t>(stack_size, 1), kMaxStackDepth + 1);
  if (stack_.size() < slots) stack_.resize(slots);
  if (loops_.size() < kMaxLoopDepth) loops_.resize(kMaxLoopDepth);
}

Machine::~Machine() {
  if (!pooled_) return;
  Buffers& pool = Pool();
  // Keep the capacity for the next evaluation, unless a huge traced run inflated the node list.
  constexpr size_t kMaxPooledNodes = size_t{1} << 16;  // 1.5 MB
  if (nodes_.capacity() > kMaxPooledNodes) std::vector<Node>().swap(nodes_);
  nodes_.swap(pool.nodes);
  lets_.swap(pool.lets);
  stack_.swap(pool.stack);
  loops_.swap(pool.loops);
  freq_.swap(pool.freq);
  pool.busy = false;
}

Machine::Buffers& Machine::Pool() {
  static thread_local Buffers pool;
  return pool;
}

size_t Machine::StackBound(const Program& program) {
  size_t longest = 1;
  for (const Segment& s : program.segments) longest = std::max<size_t>(longest, s.end - s.begin);
  return std::min<size_t>(longest + 1, kMaxStackDepth + 1);
}

TV Machine::TruthOf(const Slot& s) {
  if (s.v.kind() == ValueKind::kBool) return s.v.as_bool() ? TV::kTrue : TV::kFalse;
  return s.ext == Ext::kNotDue        ? TV::kNotDue
         : s.ext == Ext::kNotDueFalse ? TV::kNotDueFalse
                                      : TV::kUnknown;
}

uint32_t Machine::Single(Ref r) {
  nodes_.push_back(Node{r, 0});
  return static_cast<uint32_t>(nodes_.size() - 1);
}

uint32_t Machine::Union(uint32_t a, uint32_t b) {
  if (a == 0) return b;
  if (b == 0) return a;
  const auto head = static_cast<uint32_t>(nodes_.size());
  for (uint32_t n = a; n != 0; n = nodes_[n].next) {
    const Ref r = nodes_[n].ref;
    nodes_.push_back(Node{r, static_cast<uint32_t>(nodes_.size() + 1)});
  }
  nodes_.back().next = b;
  return head;
}

void Machine::Append(uint32_t* head, uint32_t* tail, uint32_t b) {
  for (uint32_t n = b; n != 0; n = nodes_[n].next) {
    const Ref r = nodes_[n].ref;
    nodes_.push_back(Node{r, 0});
    const auto idx = static_cast<uint32_t>(nodes_.size() - 1);
    if (*tail != 0) {
      nodes_[*tail].next = idx;
    } else {
      *head = idx;
    }
    *tail = idx;
  }
}

Slot Machine::FieldSlot(const RecordValue& rec, uint32_t field) {
  Slot s;
  if (field >= rec.field_count) return s;  // only a hostile image: unknown, no path
  s.v = rec.field(static_cast<int32_t>(field));
  if (trace_) {
    const uint32_t set = Single(Ref{&rec, static_cast<int32_t>(field)});
    if (s.v.is_missing()) {
      s.missing = set;
    } else {
      s.facts = set;
    }
  }
  return s;
}

void Machine::EvalLets() {
  // A reused buffer may hold a previous evaluation's lets: let i is written before any segment
  // reads it (the verifier proved each let reads only earlier ones), so it only grows.
  if (lets_.size() < p_.lets.size()) lets_.resize(p_.lets.size());
  for (size_t i = 0; i < p_.lets.size(); ++i) lets_[i] = RunRef(p_.lets[i].segment);
}

Slot Machine::Run(int32_t seg) { return RunRef(seg); }

TV Machine::RunTruth(int32_t seg) { return TruthOf(RunRef(seg)); }

const Slot& Machine::RunRef(int32_t seg) {
  if (compiled_ != nullptr) {
    // A generated evaluator: the segment's straight-line code leaves its value at the bottom of
    // the stack, exactly where the interpreter's kRet finds it.
    gen::Frame frame;
    compiled_[seg](*this, frame);
    return stack_[0];
  }
  const Segment& s = p_.segments[static_cast<size_t>(seg)];
  // `Let c; Ret` (an item inheriting its section's applicability, a let alias): the let itself.
  if (s.end - s.begin == 2 && p_.code[s.begin].op == Opcode::kLet) return lets_[p_.code[s.begin].c];
  return trace_ ? RunT<true>(s.begin) : RunT<false>(s.begin);
}

// a <- (a op b) for the comparisons kEq..kGe: Kleene, bounded counts/ratios decided when every
// possible value agrees. `b` may be a stack slot above `a` or a let.
template <bool kTrace>
PAICHA_VM_INLINE void Machine::Compare(Opcode op, Slot* const a_slot, const Slot& b) {
  auto U = [&](uint32_t x, uint32_t y) -> uint32_t { return kTrace ? Union(x, y) : 0; };
  Slot& a = *a_slot;
  const Opcode given = op;
  const Slot* bounded = nullptr;
  const Slot* other = nullptr;
  if (a.ext == Ext::kBounded) {
    bounded = &a;
    other = &b;
  } else if (b.ext == Ext::kBounded) {
    bounded = &b;
    other = &a;
    op = Mirror(given);
  }
  Slot r;
  if (bounded && !other->v.is_missing()) {
    if (auto d = CompareBounded(op, *bounded, other->v)) {
      r = Truth(*d, U(a.facts, b.facts));
    } else {
      r.missing = U(a.missing, b.missing);
    }
  } else if (int fc = 0; !kTrace && FastCompare(a.v, b.v, &fc)) {
    SetPlain(&a, Value::Bool(Holds(op, fc)));
    return;
  } else if (!a.v.is_missing() && !b.v.is_missing()) {
    auto c = CompareValues(a.v, b.v);
    if (c) r = Truth(Holds(op, *c), U(a.facts, b.facts));
  } else {
    r.missing = U(a.missing, b.missing);
  }
  a = r;
}

// kCmpImm on the top slot `a`: a <- (a cmp immediate), the immediate `c` of kind `kind`. Uses the
// slot above `a` (where the unfused push would put the immediate; within the stack bound).
template <bool kTrace>
PAICHA_VM_INLINE void Machine::CmpImmediate(Slot* const a, uint8_t cmp, uint16_t kind, uint32_t c) {
  if (!kTrace && FastCmpImm(a->v, cmp, kind, c, a)) return;
  const auto imm = static_cast<int32_t>(c);
  const Value v = kind == kImmBool  ? Value::Bool(imm != 0)
                  : kind == kImmInt ? Value::Int(imm)
                  : kind == kImmEnum
                      ? Value::Enum(imm)
                      : Value::FromDate(Date::FromDays(imm).value_or(Date()));  // verified
  SetPlain(a + 1, v);
  Compare<kTrace>(CmpOpcode(cmp), a, a[1]);
}

// kField on `top`: the field of a record, else unknown keeping the record's missing paths.
template <bool kTrace>
PAICHA_VM_INLINE void Machine::FieldOf(Slot* const top, uint32_t field) {
  if (top->v.kind() == ValueKind::kRecord) {
    if (kTrace) {
      *top = FieldSlot(top->v.as_record(), field);
    } else {
      FastField(top->v.as_record(), field, top);
    }
  } else {
    *top = Unknown(top->missing);
  }
}

// One instruction (anything but kRet) on the frame (st, sp, depth, pc); `pc` is already the
// index of the next instruction, as in the interpreter loop, and jumps overwrite it. Shared by the
// interpreter loop (RunT) and by generated C++ evaluators (Exec), so both execute every opcode
// through the same code: the generated backend is equivalent to the VM by construction.
template <bool kTrace>
PAICHA_VM_INLINE void Machine::Step(const Instr in, Slot* const st, int& sp, int& depth,
                                    uint32_t& pc) {
  // Set helpers that vanish in fast mode.
  auto U = [&](uint32_t a, uint32_t b) -> uint32_t { return kTrace ? Union(a, b) : 0; };

  switch (in.op) {
    case Opcode::kPushBool:
      SetPlain(&st[sp++], Value::Bool(in.a != 0));
      break;
    case Opcode::kPushInt:
      SetPlain(&st[sp++], Value::Int(static_cast<int32_t>(in.c)));
      break;
    case Opcode::kPushConst: {
      const Constant& k = p_.constants[in.c];
      Slot s;
      switch (k.kind) {
        case Constant::Kind::kInt:
          s.v = Value::Int(k.i);
          break;
        case Constant::Kind::kDecimal:
          s.v = Value::FromDecimal(k.d);
          break;
        case Constant::Kind::kDate:
          s.v = Value::FromDate(k.date);
          break;
        case Constant::Kind::kText:
        case Constant::Kind::kPattern:
          s.v = Value::Text(k.s);
          break;
      }
      st[sp++] = s;
      break;
    }
    case Opcode::kPushEnum:
      SetPlain(&st[sp++], Value::Enum(static_cast<int32_t>(in.c)));
      break;
    case Opcode::kPushPeriod: {
      Slot s;
      s.v = Value::Int(in.a);
      s.ext = Ext::kPeriod;
      st[sp++] = s;
      break;
    }
    case Opcode::kInputField:
      if (kTrace) {
        st[sp++] = FieldSlot(facts_.root(), in.c);
      } else {
        FastField(facts_.root(), in.c, &st[sp++]);
      }
      break;
    case Opcode::kField:
      FieldOf<kTrace>(&st[sp - 1], in.c);
      break;
    case Opcode::kInputPath: {
      Slot* const top = &st[sp++];
      if (kTrace) {
        *top = FieldSlot(facts_.root(), in.b);
        FieldOf<kTrace>(top, in.c);
        break;
      }
      // Fast mode: the same result without materialising the intermediate record.
      const RecordValue& root = facts_.root();
      if (in.b < root.field_count && root.field(in.b).kind() == ValueKind::kRecord) {
        FastField(root.field(in.b).as_record(), in.c, top);
      } else {
        SetPlain(top, Value());
      }
      break;
    }
    case Opcode::kVarField: {
      const LoopFrame& f = loops_[in.a];
      if (kTrace) {
        st[sp++] = FieldSlot(*f.list.data[f.index], in.c);
      } else {
        FastField(*f.list.data[f.index], in.c, &st[sp++]);
      }
      break;
    }
    case Opcode::kIndex: {
      Slot idx = st[--sp];
      Slot& lst = st[sp - 1];
      if (lst.v.kind() == ValueKind::kList && idx.v.kind() == ValueKind::kInt) {
        const ListView l = lst.v.as_list();
        const int64_t i = idx.v.as_int();
        if (i >= 0 && i < l.size) {
          Slot s;
          s.v = Value::Record(l.data[i]);
          lst = s;
          break;
        }
        lst = Unknown();
        break;
      }
      lst = Unknown(U(lst.missing, idx.missing));
      break;
    }
    case Opcode::kVar: {
      const LoopFrame& f = loops_[in.a];
      SetPlain(&st[sp++], Value::Record(f.list.data[f.index]));
      break;
    }
    case Opcode::kLet:
      st[sp++] = lets_[in.c];
      break;
    case Opcode::kReportDate: {
      Slot s;
      if (report_) {
        s.v = Value::FromDate(*report_);
        if (kTrace) s.facts = Single(Ref{nullptr, -1});
      } else if (kTrace) {
        s.missing = Single(Ref{nullptr, -1});
      }
      st[sp++] = s;
      break;
    }
    case Opcode::kPeriodStart: {
      Slot s;
      if (facts_.period_start()) {
        s.v = Value::FromDate(*facts_.period_start());
        if (kTrace) s.facts = Single(Ref{nullptr, -2});
      } else if (report_) {
        s.v = Value::FromDate(DefaultPeriodStart(*report_, p_.meta.effective));
      } else if (kTrace) {
        s.missing = Single(Ref{nullptr, -1});
      }
      st[sp++] = s;
      break;
    }
    case Opcode::kSummary:
      st[sp++] = summary_ ? summary_[in.a] : Unknown();
      break;

    // ---- Logic ----
    case Opcode::kNot: {
      Slot& s = st[sp - 1];
      const TV t = TruthOf(s);
      if (t == TV::kTrue || t == TV::kFalse) {
        s.v = Value::Bool(t == TV::kFalse);
      } else {
        s.v = Value::Missing();
        s.ext = t == TV::kNotDue        ? Ext::kNotDueFalse
                : t == TV::kNotDueFalse ? Ext::kNotDue
                                        : Ext::kNone;
      }
      break;
    }
    case Opcode::kAnd:
    case Opcode::kOr: {
      const Slot& b = st[--sp];  // stays intact: nothing is pushed before `a` is overwritten
      Slot& a = st[sp - 1];
      const TV ta = TruthOf(a), tb = TruthOf(b);
      // `dec` is the deciding value: false for and, true for or.
      const TV dec = in.op == Opcode::kAnd ? TV::kFalse : TV::kTrue;
      if (ta == dec) break;  // a decides, keeps its facts
      if (tb == dec) {
        a = b;
        break;
      }
      const TV other = dec == TV::kFalse ? TV::kTrue : TV::kFalse;
      if (ta == other && tb == other) {
        a.facts = U(a.facts, b.facts);
        a.missing = 0;
        break;
      }
      // Neither decides: unknown or not due on either side (truth.h DueAnd / DueOr).
      const TV t = in.op == Opcode::kAnd ? DueAnd(ta, tb) : DueOr(ta, tb);
      if (t == other) {
        if (tb == other) a = b;  // the counted operand; the other is not due and not counted
        break;
      }
      Slot r;
      if (t == TV::kUnknown) {
        if (ta == TV::kUnknown) r.missing = a.missing;
        if (tb == TV::kUnknown) r.missing = U(r.missing, b.missing);
      } else {
        Undecided und;
        und.Add(ta, a.until);
        und.Add(tb, b.until);
        und.Mark(&r, t);
      }
      a = r;
      break;
    }
    case Opcode::kJumpIfFalse:
      if (TruthOf(st[sp - 1]) == TV::kFalse) pc = in.c;
      break;
    case Opcode::kJumpIfTrue:
      if (TruthOf(st[sp - 1]) == TV::kTrue) pc = in.c;
      break;
    case Opcode::kJump:
      pc = in.c;
      break;
    case Opcode::kCond: {
      const Slot e = st[--sp];
      const Slot t = st[--sp];
      Slot& c = st[sp - 1];
      const TV tc = TruthOf(c);
      if (tc == TV::kTrue || tc == TV::kFalse) {
        Slot r = tc == TV::kTrue ? t : e;
        if (kTrace) r.facts = Union(c.facts, r.facts);
        c = r;
      } else {
        Slot r;
        if (IsNotDue(tc)) {
          // Not due: the value so far of the branch the condition's value so far picks.
          const TV picked = TruthOf(tc == TV::kNotDue ? t : e);
          r.ext = DueCondSoFar(picked) == TV::kNotDue ? Ext::kNotDue : Ext::kNotDueFalse;
        }
        r.until = c.until;
        r.missing = c.missing;
        c = r;
      }
      break;
    }

    // ---- Comparison ----
    case Opcode::kEq:
    case Opcode::kNe:
    case Opcode::kLt:
    case Opcode::kLe:
    case Opcode::kGt:
    case Opcode::kGe: {
      const Slot& b = st[--sp];  // intact until `a` is overwritten (nothing is pushed)
      Compare<kTrace>(in.op, &st[sp - 1], b);
      break;
    }
    case Opcode::kCmpImm:
      CmpImmediate<kTrace>(&st[sp - 1], in.a, in.b, in.c);
      break;
    case Opcode::kInputFieldCmp: {
      Slot* const top = &st[sp++];
      const RecordValue& root = facts_.root();
      if (!kTrace && in.b < root.field_count &&
          FastCmpImm(root.field(in.b), in.a & 7, (in.a >> 3) & 3, in.c, top)) {
        break;  // no intermediate slot
      }
      if (kTrace) {
        *top = FieldSlot(root, in.b);
      } else {
        FastField(root, in.b, top);
      }
      CmpImmediate<kTrace>(top, in.a & 7, (in.a >> 3) & 3, in.c);
      break;
    }
    case Opcode::kVarFieldCmp: {
      const LoopFrame& f = loops_[in.a >> 5];
      Slot* const top = &st[sp++];
      const RecordValue& rec = *f.list.data[f.index];
      if (!kTrace && in.b < rec.field_count &&
          FastCmpImm(rec.field(in.b), in.a & 7, (in.a >> 3) & 3, in.c, top)) {
        break;  // no intermediate slot
      }
      if (kTrace) {
        *top = FieldSlot(rec, in.b);
      } else {
        FastField(rec, in.b, top);
      }
      CmpImmediate<kTrace>(top, in.a & 7, (in.a >> 3) & 3, in.c);
      break;
    }
    case Opcode::kCmpLet:
      Compare<kTrace>(CmpOpcode(in.a), &st[sp - 1], lets_[in.c]);
      break;
    case Opcode::kIn:
    case Opcode::kNotIn: {
      const int n = in.b;
      sp -= n;
      Slot& x = st[sp - 1];
      bool any_true = false, any_unknown = x.v.is_missing();
      uint32_t miss = x.missing;
      if (!x.v.is_missing()) {
        for (int i = 0; i < n && !any_true; ++i) {
          const Slot& e = st[sp + i];
          auto c = e.v.is_missing() ? std::nullopt : CompareValues(x.v, e.v);
          if (!c) {
            any_unknown = true;
            miss = U(miss, e.missing);
          } else if (*c == 0) {
            any_true = true;
          }
        }
      }
      Slot r;
      if (any_true) {
        r = Truth(in.op == Opcode::kIn, x.facts);
      } else if (any_unknown) {
        r.missing = miss;
      } else {
        r = Truth(in.op != Opcode::kIn, x.facts);
      }
      x = r;
      break;
    }

    // ---- Arithmetic ----
    case Opcode::kAdd:
    case Opcode::kSub:
    case Opcode::kMul:
    case Opcode::kDiv: {
      const Slot& b = st[--sp];  // intact until `a` is overwritten (nothing is pushed)
      Slot& a = st[sp - 1];
      Slot r;
      if (a.ext == Ext::kNone && b.ext == Ext::kNone && !a.v.is_missing() && !b.v.is_missing()) {
        r.v = Arith(in.op, a.v, b.v);
        r.facts = U(a.facts, b.facts);
      } else {
        r.missing = U(a.missing, b.missing);
      }
      a = r;
      break;
    }
    case Opcode::kNeg: {
      Slot& a = st[sp - 1];
      if (a.v.kind() == ValueKind::kInt && a.v.as_int() != INT64_MIN) {
        a.v = Value::Int(-a.v.as_int());
      } else if (a.v.kind() == ValueKind::kDecimal) {
        a.v = NumberResult(Decimal::Negate(a.v.as_decimal()));
      } else {
        a = Unknown(a.missing);
      }
      break;
    }
    case Opcode::kIntToDec: {
      Slot& a = st[sp - 1];
      if (a.v.kind() == ValueKind::kInt) a.v = Value::FromDecimal(Decimal::FromInt(a.v.as_int()));
      break;
    }
    case Opcode::kScale: {
      Slot& a = st[sp - 1];
      if (IsNumber(a.v)) {
        a.v = NumberResult(Decimal::Mul(a.v.as_number(), p_.constants[in.c].d));
      } else {
        a = Unknown(a.missing);
      }
      break;
    }
    case Opcode::kAddDays:
    case Opcode::kAddMonths: {
      Slot n = st[--sp];
      Slot& d = st[sp - 1];
      Slot r;
      std::optional<int64_t> k;
      if (IsNumber(n.v)) k = n.v.as_number().ToInt64();
      if (d.v.kind() == ValueKind::kDate && k) {
        auto res =
            in.op == Opcode::kAddDays ? d.v.as_date().AddDays(*k) : d.v.as_date().AddMonths(*k);
        if (res) {
          r.v = Value::FromDate(*res);
          r.facts = U(d.facts, n.facts);
        }
      } else {
        r.missing = U(d.missing, n.missing);
      }
      d = r;
      break;
    }

    // ---- Text ----
    case Opcode::kMatch: {
      Slot& a = st[sp - 1];
      const Constant& k = p_.constants[in.c];
      if (a.v.kind() == ValueKind::kText && k.re != nullptr) {  // null only if never finished
        const std::string_view t = a.v.as_text();
        const bool m = k.dfa != nullptr
                           ? k.dfa->Match(t)
                           : RE2::PartialMatch(re2::StringPiece(t.data(), t.size()), *k.re);
        a = Truth(m, a.facts);
      } else {
        a = Unknown(a.missing);
      }
      break;
    }
    case Opcode::kStartsWith:
    case Opcode::kContains: {
      const Slot& b = st[--sp];  // intact until `a` is overwritten (nothing is pushed)
      Slot& a = st[sp - 1];
      if (a.v.kind() == ValueKind::kText && b.v.kind() == ValueKind::kText) {
        const std::string_view x = a.v.as_text(), y = b.v.as_text();
        const bool m = in.op == Opcode::kStartsWith ? x.substr(0, y.size()) == y
                                                    : x.find(y) != std::string_view::npos;
        a = Truth(m, U(a.facts, b.facts));
      } else {
        a = Unknown(U(a.missing, b.missing));
      }
      break;
    }

    // ---- Macros ----
    case Opcode::kIterBegin: {
      const auto kind = static_cast<MacroKind>(in.a);
      const Slot list = st[--sp];
      LoopFrame& f = loops_[depth];
      f = LoopFrame();
      f.kind = kind;
      f.begin_pc = pc - 1;
      uint32_t pre_missing = 0;
      bool bad = list.v.kind() != ValueKind::kList;
      if (kind == MacroKind::kFrequency) {
        const Slot count = st[--sp];
        const Slot period = st[--sp];
        if (period.ext != Ext::kPeriod || count.v.kind() != ValueKind::kInt) {
          bad = true;
          pre_missing = U(period.missing, count.missing);
        } else {
          f.period = static_cast<PeriodKind>(std::min<int64_t>(period.v.as_int(), 5));
          f.need = count.v.as_int();
        }
        f.freq_base = freq_.size();
      }
      if (bad) {
        st[sp++] = Unknown(U(pre_missing, list.missing));
        pc = in.c;
        break;
      }
      f.list = list.v.as_list();
      f.list_facts = list.facts;
      if (f.list.size == 0) {
        Finalize(f, &st[sp++]);
        pc = in.c;
        break;
      }
      ++depth;
      break;
    }
    case Opcode::kIterNext: {
      LoopFrame& f = loops_[depth - 1];
      switch (f.kind) {
        case MacroKind::kFrequency: {
          // References: the popped slots are read before anything is pushed.
          const Slot& filter = st[--sp];
          const Slot& date = st[--sp];
          FreqRec rec{INT32_MIN, TruthOf(filter), 0};
          if (date.v.kind() == ValueKind::kDate) rec.date = date.v.as_date().days();
          if (kTrace && (rec.date == INT32_MIN || rec.filter == TV::kUnknown)) {
            rec.missing = Union(date.missing, filter.missing);
          }
          freq_.push_back(rec);
          break;
        }
        case MacroKind::kSum:
        case MacroKind::kMin:
        case MacroKind::kMax: {
          const Slot& body = st[--sp];  // read before Finalize reuses the slot
          if (body.v.is_missing() || body.ext != Ext::kNone) {
            f.acc_unknown = true;
            if (kTrace) Append(&f.missing, &f.missing_tail, body.missing);
          } else if (!f.acc_set) {
            f.acc = body;
            f.acc_set = true;
          } else if (f.kind == MacroKind::kSum) {
            f.acc.v = Arith(Opcode::kAdd, f.acc.v, body.v);
            if (f.acc.v.is_missing()) f.acc_unknown = true;
          } else {
            auto c = CompareValues(body.v, f.acc.v);
            if (!c) {
              f.acc_unknown = true;
            } else if ((f.kind == MacroKind::kMin && *c < 0) ||
                       (f.kind == MacroKind::kMax && *c > 0)) {
              f.acc.v = body.v;
            }
          }
          if (kTrace) Append(&f.facts, &f.facts_tail, body.facts);
          break;
        }
        default: {
          const Slot& body = st[--sp];  // read before Finalize reuses the slot
          const TV t = TruthOf(body);
          if (t == TV::kTrue) {
            ++f.trues;
            if (f.kind == MacroKind::kExists) {
              f.decided = true;
              f.first_facts = body.facts;
            } else if (f.kind == MacroKind::kFilter) {
              if (f.out == nullptr) f.out = arena_.NewArray<const RecordValue*>(f.list.size);
              f.out[f.out_n++] = f.list.data[f.index];
            }
          } else if (t == TV::kFalse) {
            if (f.kind == MacroKind::kAll) {
              f.decided = true;
              f.first_facts = body.facts;
            }
          } else {
            ++f.unknowns;
            if (t != TV::kUnknown) {
              ++(t == TV::kNotDue ? f.due_true : f.due_false);
              f.undecided.Add(t, body.until);
            }
            if (kTrace) Append(&f.missing, &f.missing_tail, body.missing);
          }
          if (kTrace && !f.decided) Append(&f.facts, &f.facts_tail, body.facts);
        }
      }
      if (!f.decided && ++f.index < f.list.size) {
        if (++loop_steps_ <= max_loop_steps_) {
          pc = f.begin_pc + 1;
          break;
        }
        f.exhausted = true;  // over budget: the macro's value is unknown
      }
      --depth;
      Finalize(f, &st[sp++]);
      break;
    }
    case Opcode::kSize: {
      Slot& a = st[sp - 1];
      if (a.v.kind() == ValueKind::kList) {
        a.v = Value::Int(a.v.as_list().size);
      } else {
        a = Unknown(a.missing);
      }
      break;
    }

    // ---- Situations, deadlines ----
    case Opcode::kSituation: {
      const int n = in.b;
      const auto kind = static_cast<SituationKind>(in.a);
      sp -= n;
      const Slot* alts = &st[sp];
      uint32_t true_facts = 0, all_facts = 0, miss = 0;
      DueTally tally;
      Undecided und;
      for (int i = 0; i < n; ++i) {
        const TV t = TruthOf(alts[i]);
        tally.Add(t);
        und.Add(t, alts[i].until);
        if (t == TV::kTrue) {
          true_facts = U(true_facts, alts[i].facts);
        } else if (t == TV::kUnknown) {
          miss = U(miss, alts[i].missing);
        }
        // Not-due alternatives are not counted: their facts stay out of the explanation.
        if (!IsNotDue(t)) all_facts = U(all_facts, alts[i].facts);
      }
      if (kTrace && depth == 0) {
        const auto& labels = p_.situation_labels[in.c];
        for (int i = 0; i < n; ++i) {
          const TV t = TruthOf(alts[i]);
          Situation s;
          s.label = labels[static_cast<size_t>(i)];
          s.holds = t == TV::kTrue    ? Situation::Holds::kYes
                    : t == TV::kFalse ? Situation::Holds::kNo
                    : IsNotDue(t)     ? Situation::Holds::kNotDue
                                      : Situation::Holds::kUnknown;
          situations_.push_back(std::move(s));
        }
      }
      int64_t need = 1;
      Slot r;
      if (kind == SituationKind::kAtLeast) {
        const Slot& cnt = st[--sp];
        if (cnt.v.kind() != ValueKind::kInt) {
          r.missing = U(cnt.missing, miss);
          st[sp++] = r;
          break;
        }
        need = cnt.v.as_int();
      }
      // Any / at least N like 或, all like 且 (truth.h DueTally).
      const TV t = kind == SituationKind::kAll ? tally.All() : tally.AtLeast(need);
      if (t == TV::kTrue) {
        r = Truth(true, kind == SituationKind::kAll ? all_facts : true_facts);
      } else if (t == TV::kFalse) {
        r = Truth(false, all_facts);
      } else if (t == TV::kUnknown) {
        r.missing = miss;
      } else {
        und.Mark(&r, t);
      }
      st[sp++] = r;
      break;
    }
    case Opcode::kDeadline: {
      const Slot done = st[--sp];
      Slot& dl = st[sp - 1];
      Slot r;
      if (dl.v.kind() != ValueKind::kDate) {
        r.missing = U(dl.missing, done.missing);
      } else if (done.v.kind() == ValueKind::kDate) {
        r = Truth(done.v.as_date() <= dl.v.as_date(), U(dl.facts, done.facts));
      } else if (!report_) {
        r.missing = kTrace ? Single(Ref{nullptr, -1}) : 0;
      } else if (*report_ > dl.v.as_date()) {
        // Past the deadline and not done: the missing completion date is the fact.
        r = Truth(false, U(dl.facts, done.missing));
      } else {
        r.ext = Ext::kNotDue;  // not done, not late yet: holds so far
        r.until = dl.v.as_date().days();
      }
      dl = r;
      break;
    }
    case Opcode::kRet:
      break;  // the caller returns st[0]
    default:
      __builtin_unreachable();  // verified images hold valid opcodes only
  }
}

template <bool kTrace>
const Slot& Machine::RunT(uint32_t pc) {
  Slot* const st = stack_.data();
  int sp = 0;     // number of values on the stack
  int depth = 0;  // open loops
  const Instr* const code = p_.code.data();
#if defined(__GNUC__)
  // Threaded dispatch (labels as values, as Lua and CPython do with GCC): one label per opcode,
  // each running Step with its opcode fixed, so the compiler folds Step's switch away and every
  // handler jumps straight to the next one. Same semantics as the portable loop below.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"  // computed goto is a GNU extension
  static void* const kLabels[] = {
#define PAICHA_OPCODE(Name, pops, pushes, operands, semantics) &&op_##Name,
#include "opcodes.def"
#undef PAICHA_OPCODE
  };
  Instr in;
#define PAICHA_DISPATCH()                       \
  do {                                          \
    in = code[pc++];                            \
    goto* kLabels[static_cast<uint8_t>(in.op)]; \
  } while (false)
  PAICHA_DISPATCH();
#define PAICHA_OPCODE(Name, pops, pushes, operands, semantics) \
  op_##Name : {                                                \
    if (Opcode::k##Name == Opcode::kRet) return st[0];         \
    Instr fixed = in;                                          \
    fixed.op = Opcode::k##Name;                                \
    Step<kTrace>(fixed, st, sp, depth, pc);                    \
  }                                                            \
  PAICHA_DISPATCH();
#include "opcodes.def"
#undef PAICHA_OPCODE
#undef PAICHA_DISPATCH
#pragma GCC diagnostic pop
#else
  for (;;) {
    const Instr in = code[pc++];
    if (in.op == Opcode::kRet) return st[0];
    Step<kTrace>(in, st, sp, depth, pc);
  }
#endif
}

void Machine::Exec(const Instr& in, gen::Frame& frame) {
  if (trace_) {
    Step<true>(in, stack_.data(), frame.sp, frame.depth, frame.pc);
  } else {
    Step<false>(in, stack_.data(), frame.sp, frame.depth, frame.pc);
  }
}

void Machine::Finalize(LoopFrame& f, Slot* out) {
  Slot r;
  if (f.exhausted) {
    r.missing = f.missing;
    if (f.kind == MacroKind::kFrequency) freq_.resize(f.freq_base);
    *out = r;
    return;
  }
  const uint32_t all_facts = trace_ ? Union(f.facts, f.list_facts) : 0;
  switch (f.kind) {
    case MacroKind::kExists:
    case MacroKind::kAll:
    case MacroKind::kExistsOne: {
      // Like 或 / 且 over the bodies (truth.h DueTally); an early decision is a counted body.
      const DueTally tally =
          DueTally::Of(f.list.size, f.trues, f.unknowns, f.due_true, f.due_false);
      const TV t = f.kind == MacroKind::kExists ? tally.Any()
                   : f.kind == MacroKind::kAll  ? tally.All()
                                                : tally.ExactlyOne();
      if (f.decided) {
        r = Truth(f.kind == MacroKind::kExists, f.first_facts);
      } else if (t == TV::kUnknown) {
        r.missing = f.missing;
      } else if (IsNotDue(t)) {
        f.undecided.Mark(&r, t);
      } else {
        r = Truth(t == TV::kTrue, all_facts);
      }
      break;
    }
    case MacroKind::kFilter:
      if (f.unknowns > 0) {
        r.missing = f.missing;
      } else {
        r.v = Value::List(f.out, f.out_n);
        r.facts = all_facts;
      }
      break;
    case MacroKind::kCount:
    case MacroKind::kRatio: {
      const int64_t n = f.list.size;
      if (f.kind == MacroKind::kRatio && n == 0) {
        r.facts = all_facts;  // unknown: a ratio of nothing; names the list
        break;
      }
      if (f.unknowns > 0) {
        r.ext = Ext::kBounded;
        r.lo = f.trues;
        r.hi = f.trues + f.unknowns;
        r.den = f.kind == MacroKind::kRatio ? n : 1;
        r.missing = f.missing;
        r.facts = all_facts;
      } else if (f.kind == MacroKind::kCount) {
        r.v = Value::Int(f.trues);
        r.facts = all_facts;
      } else {
        r.v = NumberResult(Decimal::Div(Decimal::FromInt(f.trues), Decimal::FromInt(n)));
        r.facts = all_facts;
      }
      break;
    }
    case MacroKind::kSum:
    case MacroKind::kMin:
    case MacroKind::kMax:
      if (f.acc_unknown) {
        r.missing = f.missing;
      } else if (!f.acc_set) {
        if (f.kind == MacroKind::kSum) r.v = Value::Int(0);
        r.facts = f.list_facts;
      } else {
        r.v = f.acc.v;
        r.facts = all_facts;
      }
      break;
    case MacroKind::kFrequency:
      r = FrequencyResult(f);
      break;
  }
  *out = r;
}

Slot Machine::FrequencyResult(LoopFrame& f) {
  Slot r;
  const size_t base = f.freq_base;
  const size_t end = freq_.size();
  auto cleanup = [&] { freq_.resize(base); };
  if (!report_) {
    r.missing = trace_ ? Single(Ref{nullptr, -1}) : 0;
    cleanup();
    return r;
  }
  const Date start = facts_.period_start() ? *facts_.period_start()
                                           : DefaultPeriodStart(*report_, p_.meta.effective);
  const JudgedRange range = JudgedPeriodRange(f.period, start, *report_);
  if (range.empty()) {
    r.ext = Ext::kNotDue;  // every judged period (none yet) has enough: holds so far
    if (range.running_index) {
      if (auto per = PeriodAt(*range.running_index, f.period)) r.until = per->last.days();
    }
    r.facts = f.list_facts;
    cleanup();
    return r;
  }
  // Count per judged period: sure (date known in it, filter true) and possible (filter unknown,
  // or date unknown: such a record could fall in any period).
  const int64_t periods = range.count();
  std::vector<int64_t> sure(static_cast<size_t>(periods), 0),
      maybe(static_cast<size_t>(periods), 0);
  int64_t floating = 0;
  uint32_t miss = 0;
  for (size_t i = base; i < end; ++i) {
    const FreqRec& rec = freq_[i];
    if (rec.filter == TV::kFalse) continue;
    if (rec.date == INT32_MIN) {
      ++floating;
      if (trace_) miss = Union(miss, rec.missing);
      continue;
    }
    const auto d = Date::FromDays(rec.date);
    const int64_t k = PeriodIndex(*d, f.period);
    if (k < range.first_index || k > range.last_index) continue;
    const auto slot = static_cast<size_t>(k - range.first_index);
    if (rec.filter == TV::kTrue) {
      ++sure[slot];
    } else {
      ++maybe[slot];
      if (trace_) miss = Union(miss, rec.missing);
    }
  }
  bool any_fail = false, any_unknown = false;
  for (size_t k = 0; k < sure.size(); ++k) {
    if (sure[k] >= f.need) continue;
    if (sure[k] + maybe[k] + floating >= f.need) {
      any_unknown = true;
    } else {
      any_fail = true;
    }
  }
  if (any_fail) {
    r = Truth(false, f.list_facts);
  } else if (any_unknown) {
    r.missing = miss;
  } else {
    r = Truth(true, f.list_facts);
  }
  cleanup();
  return r;
}

// ---- Explanations ----

std::string Machine::LabelPath(const Ref& r) const {
  const Schema& schema = facts_.schema();
  if (r.rec == nullptr) {
    return std::string(r.field == -1 ? kReportDateKey : kPeriodStartKey);
  }
  auto label_of = [&](int32_t record, int32_t field) -> std::string {
    if (record < 0 || static_cast<size_t>(record) >= schema.records.size()) return "?";
    const RecordDef& def = schema.records[static_cast<size_t>(record)];
    if (field < 0 || static_cast<size_t>(field) >= def.fields.size()) return "?";
    const FieldDef& fd = def.fields[static_cast<size_t>(field)];
    return fd.label.empty() ? fd.name : fd.label;
  };
  std::vector<std::string> parts;
  parts.push_back(label_of(r.rec->record, r.field));
  for (const RecordValue* rec = r.rec; rec->parent != nullptr; rec = rec->parent) {
    if (rec->list_index >= 0) parts.push_back("第" + std::to_string(rec->list_index + 1) + "项");
    parts.push_back(label_of(rec->parent->record, rec->parent_field));
  }
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (!out.empty()) out += ' ';
    out += *it;
  }
  return out;
}

FactValue Machine::FactValueOf(const Ref& r) const {
  FactValue fv;
  if (r.rec == nullptr) {
    fv.kind = FactValue::Kind::kDate;
    std::optional<Date> d = r.field == -1 ? report_ : facts_.period_start();
    if (d) fv.text = d->ToString();
    return fv;
  }
  const Schema& schema = facts_.schema();
  if (r.rec->record < 0 || static_cast<size_t>(r.rec->record) >= schema.records.size() ||
      r.field < 0 || static_cast<uint32_t>(r.field) >= r.rec->field_count) {
    return fv;
  }
  const RecordDef& def = schema.records[static_cast<size_t>(r.rec->record)];
  if (static_cast<size_t>(r.field) >= def.fields.size()) return fv;
  const Type& type = def.fields[static_cast<size_t>(r.field)].type;
  const Value& v = r.rec->field(r.field);
  if (v.is_missing()) return fv;  // kText, "": not submitted
  switch (v.kind()) {
    case ValueKind::kBool:
      fv.kind = FactValue::Kind::kBool;
      fv.text = v.as_bool() ? "true" : "false";
      break;
    case ValueKind::kInt:
    case ValueKind::kDecimal:
      fv.text =
          v.kind() == ValueKind::kInt ? std::to_string(v.as_int()) : v.as_decimal().ToString();
      if (type.kind == TypeKind::kQuantity || type.kind == TypeKind::kDuration) {
        fv.kind = FactValue::Kind::kQuantity;
        fv.unit = std::string(Symbol(type.unit));
      } else {
        fv.kind = v.kind() == ValueKind::kInt ? FactValue::Kind::kInt : FactValue::Kind::kDecimal;
      }
      break;
    case ValueKind::kEnum:
      fv.kind = FactValue::Kind::kEnum;
      if (type.kind == TypeKind::kEnum && type.index >= 0 &&
          static_cast<size_t>(type.index) < schema.enums.size()) {
        const EnumDef& e = schema.enums[static_cast<size_t>(type.index)];
        if (v.as_enum() >= 0 && static_cast<size_t>(v.as_enum()) < e.members.size()) {
          fv.text = std::string(e.DisplayLabel(v.as_enum()));
        }
      }
      break;
    case ValueKind::kDate:
      fv.kind = FactValue::Kind::kDate;
      fv.text = v.as_date().ToString();
      break;
    case ValueKind::kText:
      fv.kind = FactValue::Kind::kText;
      fv.text = std::string(v.as_text());
      break;
    case ValueKind::kList:
      fv.kind = FactValue::Kind::kList;
      fv.text = std::to_string(v.as_list().size);
      break;
    default:
      break;
  }
  return fv;
}

std::vector<Fact> Machine::FactsOf(uint32_t set) const {
  std::vector<Fact> out;
  // Dedupe by identity (pointer, field); the output keeps first-use order.
  std::set<std::pair<const RecordValue*, int32_t>> seen;
  for (uint32_t n = set; n != 0; n = nodes_[n].next) {
    const Ref r = nodes_[n].ref;
    if (!seen.insert({r.rec, r.field}).second) continue;
    Fact f;
    f.path = r.rec == nullptr ? LabelPath(r) : FieldPath(facts_.schema(), *r.rec, r.field);
    f.label = LabelPath(r);
    f.value = FactValueOf(r);
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<std::string> Machine::MissingOf(uint32_t set) const {
  std::vector<std::string> out;
  for (uint32_t n = set; n != 0; n = nodes_[n].next) {
    const Ref r = nodes_[n].ref;
    out.push_back(r.rec == nullptr ? LabelPath(r) : FieldPath(facts_.schema(), *r.rec, r.field));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace paicha::rt::vm_internal

namespace paicha::rt::gen {

void Exec(Machine& m, Frame& f, Opcode op, uint8_t a, uint16_t b, uint32_t c) {
  Instr in;
  in.op = op;
  in.a = a;
  in.b = b;
  in.c = c;
  m.Exec(in, f);
}

}  // namespace paicha::rt::gen
