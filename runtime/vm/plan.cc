// Typed plans (plan.h): the translation from bytecode and the plan interpreter.
#include "plan.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <tuple>
#include <type_traits>

#include "machine.h"
#include "opcode_info.h"
#include "paicha/rt/byte_dfa.h"
#include "paicha/rt/gen_native.h"

namespace paicha::rt::vm_internal {

namespace {

using gen::NT;
using gen::NV;
using gen::TCount;
using gen::TDate;
using gen::TEnum;
using gen::TInt;

// The static type of a register. kValue: an rt::Value without extras (a text, a decimal, a
// quantity, or any value whose type the schema does not fix), read and combined through NVs.
enum class PT : uint8_t { kValue, kTruth, kInt, kEnum, kDate, kRec, kList, kCount };
constexpr int kTypes = 8;

// Plan operations. `r` is the register written (for a combination: the lower operand, which
// receives the result); a comparison's code is `cmp`. Reads of a field come in one variant per
// static type (op + PT), so the value's conversion is fixed by the op. In a prepared run, a read
// of a root or path field (kRootField, kPath, kRootImm, kPathImm and the fused forms of the last
// two) with a slot `s` reads that slot instead, and kLoopConjRoot with a list `s` that list's rows.
enum POp : uint8_t {
  kTruthK,                       // r <- x (0 | 1)
  kIntK,                         // r <- int64(x | y << 32)
  kEnumK,                        // r <- member x
  kDateK,                        // r <- date of x days
  kValueK,                       // r <- constant x as a Value
  kReportDate,                   // r <- 报告日期
  kRootField,                    // + PT: r <- root.field(x)
  kField = kRootField + kTypes,  // + PT: r <- (record r).field(x)
  kPath = kField + kTypes,       // + PT: r <- root.field(x).field(y)
  kVarField = kPath + kTypes,    // + PT: r <- (element of loop u).field(x)
  kLet = kVarField + kTypes,     // + PT: r <- let x
  kVar = kLet + kTypes,          // r <- element of loop u
  kNot,                          // r <- not r
  kAnd,                          // r <- r and r+1
  kOr,                           // r <- r or r+1
  kCond,                         // r <- if r then r+1 else r+2
  kJumpIfFalse,                  // if r is false: jump to z
  kJumpIfTrue,                   // if r is true: jump to z
  kJump,                         // jump to z
  kCmpTruth,                     // r <- r cmp r+1, both truths
  kCmpInt,
  kCmpEnum,
  kCmpDate,
  kCmpCountInt,
  kCmpIntCount,
  kCmpNV,      // r <- r cmp r+1 of types t, u, as NVs
  kCmpKTruth,  // r <- r cmp y (a bool)
  kCmpKInt,    // r <- r cmp int32(y)
  kCmpKEnum,   // r <- r cmp member y
  kCmpKDate,   // r <- r cmp date of int32(y) days
  kCmpKCount,  // r <- r cmp int32(y), r a count
  kCmpKNV,     // r <- r (type t) cmp immediate y of kind u, as NVs
  // A field compared with an immediate y: a truth. + 0..3 by the field's type (truth, int, enum,
  // date), the immediate being of the same kind.
  kRootImm,                 // r <- root.field(x) cmp y
  kPathImm = kRootImm + 4,  // r <- root.field(x).field(f) cmp y
  kVarImm = kPathImm + 4,   // r <- (element of loop u).field(x) cmp y
  // `JumpIfFalse L; <one of the 12 above into r+1>; And` in one: if r is false jump to z, else
  // r <- r and the comparison (+ 0..11: kRootImm .. kVarImm + 3 in order); kOrImm likewise
  // with JumpIfTrue and Or.
  kAndImm = kVarImm + 4,
  kOrImm = kAndImm + 12,
  kInEnum = kOrImm + 12,  // r <- r in r+1 .. r+y (enums)
  kNotInEnum,             // r <- r not in r+1 .. r+y
  kMatchDfa,              // r <- r (a value) matches pattern constant x, by its automaton
  kMatchRe,               // r <- likewise, by RE2
  kStartsWith,            // r <- r starts with r+1 (values)
  kContains,              // r <- r contains r+1
  // Arithmetic (ints and values; the result a value): + 0..3 (add, sub, mul, div) r <- r op r+1,
  // their types t and u; kNeg, kIntToDec and kScale (by decimal constant x) on r of type t.
  kArith,
  kNeg = kArith + 4,
  kIntToDec,
  kScale,
  kAddDays,    // r <- the date r (type t) plus r+1 (type u) days
  kAddMonths,  // r <- likewise, calendar months
  kSize,       // r <- number of elements of list r
  // 有下列情形之一 and its kin (kSituation): r <- any (cmp 0) / all (1) of the truths r .. r+y-1,
  // or (2) at least r (type t) of the truths r+1 .. r+y.
  kSituation,
  kBegin,              // + 0..3 (exists, all, exists_one, count): loop u over list r;
                       //   empty or unknown: r <- the result, jump to z
  kNext = kBegin + 4,  // + 0..3: body r into loop u; more: jump to z, else r <- result
  // + 0..3: kBegin … kNext whose body is a conjunction of comparisons of the element's fields
  // with immediates (conjuncts conj[x .. x+y), plan.h Conj), run over the list in one
  // instruction: r <- the macro's value, jump to z (the exit).
  kLoopConj = kNext + 4,
  // + 0..3: kLoopConj over the root list f (the load before it fused in; prepared: list s).
  kLoopConjRoot = kLoopConj + 4,
  // The ends of segments (register 0 holds the value, of type t):
  kSetLet = kLoopConjRoot + 4,  // let x <- the value
  kCopyLet,                     // let x <- let y
  kApplies,                     // item x: if the value is not true, its status, and jump to z
  kAppliesLet,                  // item x: likewise with let y's value
  kDecide,                      // item x <- the status of condition value, finding u
  kDecideLet,                   // item x <- likewise with let y's value
  kEnd,                         // the end of a stream
  kNop,                         // never run: the body of a loop run as one instruction
  // A segment ending in a field compared with an immediate (kRootImm / kPathImm + j, j < 8)
  // fused with its end: the comparison's operands as there, the let or item index in z.
  kSetLetImm,                   // + j: let z <- the comparison
  kDecideImm = kSetLetImm + 8,  // + j: item z <- the status of the comparison, finding u
  kOpCount = kDecideImm + 8
};
static_assert(kOpCount <= 256);

// The loop kinds a plan runs (TLoop), in kBegin/kNext order.
constexpr MacroKind kLoopKinds[] = {MacroKind::kExists, MacroKind::kAll, MacroKind::kExistsOne,
                                    MacroKind::kCount};
int LoopIndex(MacroKind k) {
  for (int i = 0; i < 4; ++i) {
    if (kLoopKinds[i] == k) return i;
  }
  return -1;
}

struct Ty {
  PT k = PT::kValue;
  int32_t rec = -1;  // kRec: the record; kList: the element record
  friend bool operator==(const Ty& a, const Ty& b) { return a.k == b.k && a.rec == b.rec; }
  friend bool operator!=(const Ty& a, const Ty& b) { return !(a == b); }
};

Ty TypeOf(const Type& t) {
  switch (t.kind) {
    case TypeKind::kBool:
      return {PT::kTruth};
    case TypeKind::kInt:
      return {PT::kInt};
    case TypeKind::kEnum:
      return {PT::kEnum};
    case TypeKind::kDate:
      return {PT::kDate};
    case TypeKind::kRecord:
      return {PT::kRec, t.index};
    case TypeKind::kList:
      return {PT::kList, t.index};
    default:
      return {};
  }
}

// ---- Registers -----------------------------------------------------------------------------

using Elem = const RecordValue*;

// One register: a member per static type (the plan's op says which one holds the value).
// Aligned to a power of two so that addressing a register is a shift.
struct alignas(128) Cell {
  Value v;
  TInt i;
  TCount k;
  const RecordValue* const* ld = nullptr;  // kList: elements, ln of them; lok false: unknown
  uint32_t ln = 0;
  bool lok = false;
  const RecordValue* r = nullptr;  // kRec; nullptr: unknown
  TDate d;
  TEnum e;
  NT t = NT::kUnknown;
};

template <PT T>
inline void Put(Cell& c, const Value& v) {
  if constexpr (T == PT::kTruth) {
    c.t = gen::ReadTruth(v);
  } else if constexpr (T == PT::kInt) {
    c.i = gen::ReadInt(v);
  } else if constexpr (T == PT::kEnum) {
    c.e = gen::ReadEnum(v);
  } else if constexpr (T == PT::kDate) {
    c.d = gen::ReadDate(v);
  } else if constexpr (T == PT::kRec) {
    c.r = gen::ReadRecord(v);
  } else if constexpr (T == PT::kList) {
    c.lok = v.kind() == ValueKind::kList;
    if (c.lok) {
      c.ld = v.as_list().data;
      c.ln = v.as_list().size;
    }
  } else if constexpr (T == PT::kCount) {
    c.k = gen::ReadCount(gen::Plain(v));
  } else {
    c.v = v;
  }
}

// A prepared slot (Plans::Prepare) into a register of type T: what Put<T> gives for the Value
// the slot was made from.
template <PT T>
inline void PutSlot(Cell& c, const PSlot& p) {
  if constexpr (T == PT::kTruth) {
    c.t = p.known == 0 ? NT::kUnknown : p.v != 0 ? NT::kTrue : NT::kFalse;
  } else if constexpr (T == PT::kInt) {
    c.i = TInt{p.v, p.known != 0};
  } else if constexpr (T == PT::kEnum) {
    c.e = p.known != 0 ? TEnum{static_cast<int32_t>(p.v)} : TEnum{};
  } else if constexpr (T == PT::kDate) {
    c.d = p.known != 0 ? TDate{static_cast<int32_t>(p.v)} : TDate{};
  } else if constexpr (T == PT::kValue) {
    static_assert(sizeof(Value) == sizeof(PSlot) && std::is_trivially_copyable_v<Value>);
    // A type-4 slot holds a Value (Plans::Prepare).
    std::memcpy(static_cast<void*>(&c.v), static_cast<const void*>(&p), sizeof(Value));
  } else {
    // No slots of other types (SlotType).
    (void)c;
    (void)p;
  }
}

// The value of type T in `src` (a let) into register `dst`.
template <PT T>
inline void CopyAs(Cell& dst, const Cell& src) {
  if constexpr (T == PT::kTruth) {
    dst.t = src.t;
  } else if constexpr (T == PT::kInt) {
    dst.i = src.i;
  } else if constexpr (T == PT::kEnum) {
    dst.e = src.e;
  } else if constexpr (T == PT::kDate) {
    dst.d = src.d;
  } else if constexpr (T == PT::kRec) {
    dst.r = src.r;
  } else if constexpr (T == PT::kList) {
    dst.ld = src.ld;
    dst.ln = src.ln;
    dst.lok = src.lok;
  } else if constexpr (T == PT::kCount) {
    dst.k = src.k;
  } else {
    dst.v = src.v;
  }
}

NV ToNV(const Cell& c, PT t) {
  switch (t) {
    case PT::kTruth:
      return gen::ToNV(c.t);
    case PT::kInt:
      return gen::ToNV(c.i);
    case PT::kEnum:
      return gen::ToNV(c.e);
    case PT::kDate:
      return gen::ToNV(c.d);
    case PT::kRec:
      return gen::ToNV(c.r);
    case PT::kList:
      return c.lok ? gen::Plain(Value::List(c.ld, c.ln)) : NV();
    case PT::kCount:
      return gen::ToNV(c.k);
    case PT::kValue:
      break;
  }
  return gen::Plain(c.v);
}

NT TruthOf(const Cell& c, PT t) { return t == PT::kTruth ? c.t : gen::TruthOf(ToNV(c, t)); }

// The immediate of CmpImm of kind `kind` (program.h) as an NV.
NV ImmNV(uint8_t kind, uint32_t c) {
  const auto imm = static_cast<int32_t>(c);
  switch (kind) {
    case rt::kImmBool:
      return gen::Bool(imm != 0);
    case rt::kImmInt:
      return gen::Int(imm);
    case rt::kImmEnum:
      return gen::Enum(imm);
    default:
      return gen::DateDays(imm);  // verified to lie in rt::Date's range
  }
}

// Comparison `cmp` (kEq + cmp) of two known integers (opcode_info.h) as a truth.
inline NT Holds(uint8_t cmp, int64_t x, int64_t y) {
  return HoldsCode(cmp, x, y) ? NT::kTrue : NT::kFalse;
}

// The immediate y of a comparison of type `type` (0..3, ImmIndex) as the value a prepared slot
// holds (PSlot: a bool as 0/1).
constexpr int64_t ImmValue(int type, uint32_t y) {
  return type == 0 ? (y != 0 ? 1 : 0) : static_cast<int32_t>(y);
}

// f(std::integral_constant<Opcode, kEq + cmp>) for a verified comparison code.
template <typename F>
inline auto ByCmp(uint8_t cmp, F&& f) {
  switch (cmp) {
    case 0:
      return f(std::integral_constant<Opcode, Opcode::kEq>());
    case 1:
      return f(std::integral_constant<Opcode, Opcode::kNe>());
    case 2:
      return f(std::integral_constant<Opcode, Opcode::kLt>());
    case 3:
      return f(std::integral_constant<Opcode, Opcode::kLe>());
    case 4:
      return f(std::integral_constant<Opcode, Opcode::kGt>());
    default:
      return f(std::integral_constant<Opcode, Opcode::kGe>());
  }
}

inline NT CmpTruth(uint8_t cmp, NT a, NT b) {
  if ((a != NT::kTrue && a != NT::kFalse) || (b != NT::kTrue && b != NT::kFalse)) {
    return NT::kUnknown;
  }
  return Holds(cmp, a == NT::kTrue, b == NT::kTrue);
}
inline NT CmpInt(uint8_t cmp, TInt a, TInt b) {
  return a.ok && b.ok ? Holds(cmp, a.v, b.v) : NT::kUnknown;
}
inline NT CmpEnum(uint8_t cmp, TEnum a, TEnum b) {
  return a.v >= 0 && b.v >= 0 ? Holds(cmp, a.v, b.v) : NT::kUnknown;
}
inline NT CmpDate(uint8_t cmp, TDate a, TDate b) {
  return a.v != INT32_MIN && b.v != INT32_MIN ? Holds(cmp, a.v, b.v) : NT::kUnknown;
}
inline NT CmpNV(uint8_t cmp, NV a, const NV& b) {
  ByCmp(cmp, [&](auto op) {
    gen::Compare<decltype(op)::value>(a, b);
    return 0;
  });
  return gen::TruthOf(a);
}

// A field's Value compared with an immediate, by the field's static type (kRootImm + i).
template <int I>
inline NT CmpImmValue(uint8_t cmp, const Value& v, uint32_t y) {
  const auto imm = static_cast<int32_t>(y);
  if constexpr (I == 0) {
    return CmpTruth(cmp, gen::ReadTruth(v), imm != 0 ? NT::kTrue : NT::kFalse);
  } else if constexpr (I == 1) {
    return CmpInt(cmp, gen::ReadInt(v), TInt{imm, true});
  } else if constexpr (I == 2) {
    return CmpEnum(cmp, gen::ReadEnum(v), TEnum{imm});
  } else {
    return CmpDate(cmp, gen::ReadDate(v), TDate{imm});
  }
}

// The state of one open loop: a TLoop of each kind (the plan's op says which one runs).
struct LoopState {
  gen::TLoop<MacroKind::kExists, Elem> exists;
  gen::TLoop<MacroKind::kAll, Elem> all;
  gen::TLoop<MacroKind::kExistsOne, Elem> one;
  gen::TLoop<MacroKind::kCount, Elem> count;

  // The current element (set by kBegin and kNext when the body runs).
  const RecordValue* elem = nullptr;
};

// A comparison of type I (0..3) of the prepared slot p with the immediate y: CmpImmValue on
// the Value the slot was made from (y valid: Builder::FieldImm prepares no others).
template <int I>
inline NT CmpSlot(uint8_t cmp, const PSlot& p, uint32_t y) {
  return p.known != 0 ? Holds(cmp, p.v, ImmValue(I, y)) : NT::kUnknown;
}

// kRootImm + J (J < 12): the field read by source J / 4 (the root, a path from it, a loop's
// element) compared with the immediate as type J % 4.

template <int J, bool kPrepared>
inline NT FieldImmT(const PInstr& in, const RecordValue* root_p, const gen::NativeContext& c,
                    const LoopState* loops, const PSlot* slots) {
  if constexpr (kPrepared && J / 4 < 2) {
    if (in.s != UINT32_MAX) return CmpSlot<J % 4>(in.cmp, slots[in.s], in.y);
  }
  const RecordValue& root = root_p != nullptr ? *root_p : c.facts->root();
  const Value* v;
  if constexpr (J / 4 == 0) {
    v = &gen::FieldOf(&root, in.x);
  } else if constexpr (J / 4 == 1) {
    v = &gen::FieldOf(gen::ReadRecord(gen::FieldOf(&root, in.x)), in.f);
  } else {
    v = &gen::FieldOf(loops[in.u].elem, in.x);
  }
  return CmpImmValue<J % 4>(in.cmp, *v, in.y);
}

// A kLoopConj body on element `rec`: the conjuncts' Kleene and, stopping at the first false
// (the short-circuit of the instructions it replaces).
inline NT ConjTruth(const RecordValue* rec, const Conj* cj, uint32_t n) {
  NT t = NT::kTrue;
  for (uint32_t k = 0; k < n && t != NT::kFalse; ++k) {
    const Value& v = gen::FieldOf(rec, cj[k].field);
    NT x;
    switch (cj[k].type) {
      case 0:
        x = CmpImmValue<0>(cj[k].cmp, v, cj[k].imm);
        break;
      case 1:
        x = CmpImmValue<1>(cj[k].cmp, v, cj[k].imm);
        break;
      case 2:
        x = CmpImmValue<2>(cj[k].cmp, v, cj[k].imm);
        break;
      default:
        x = CmpImmValue<3>(cj[k].cmp, v, cj[k].imm);
        break;
    }
    t = k == 0 ? x : gen::AndT(t, x);
  }
  return t;
}

// ConjTruth on an element's prepared row: false when a known field fails its comparison, else
// unknown when a field is missing, else true (the Kleene and of the conjuncts, in any order:
// slots are never not-due).
inline NT ConjRow(const PSlot* row, const Conj* cj, uint32_t n) {
  bool unknown = false;
  for (uint32_t k = 0; k < n; ++k) {
    const PSlot& p = row[cj[k].col];
    if (p.known == 0) {
      unknown = true;
    } else if (!MaskHolds(cj[k].mask, p.v, cj[k].imm64)) {
      return NT::kFalse;
    }
  }
  return unknown ? NT::kUnknown : NT::kTrue;
}

// The rest of a prepared kLoopConjRoot: the body on each row in turn (`stride` slots apart),
// into `loop`, until it is decided. ConjRow with the conjuncts in locals for up to three of them
// (N, so that the compiler unrolls the test), else ConjRow itself.
template <uint32_t N, typename L, typename R>
PAICHA_NATIVE_INLINE void RunRowsN(L& loop, gen::LoopSteps& steps, const PSlot* row,
                                   uint32_t stride, const Conj* cj, R* out) {
  uint32_t col[N];
  int64_t imm[N];
  uint8_t mask[N];
  for (uint32_t k = 0; k < N; ++k) {
    col[k] = cj[k].col;
    imm[k] = cj[k].imm64;
    mask[k] = cj[k].mask;
  }
  for (;;) {
    NT body = NT::kTrue;
    for (uint32_t k = 0; k < N; ++k) {
      const PSlot& p = row[col[k]];
      if (p.known == 0) {
        body = NT::kUnknown;
      } else if (!MaskHolds(mask[k], p.v, imm[k])) {
        body = NT::kFalse;
        break;
      }
    }
    if (!loop.Next(steps, body, out)) return;
    row += stride;
  }
}
template <typename L, typename R>
PAICHA_NATIVE_INLINE void RunRows(L& loop, gen::LoopSteps& steps, const PSlot* row, uint32_t stride,
                                  const Conj* cj, uint32_t n, R* out) {
  switch (n) {
    case 1:
      return RunRowsN<1>(loop, steps, row, stride, cj, out);
    case 2:
      return RunRowsN<2>(loop, steps, row, stride, cj, out);
    case 3:
      return RunRowsN<3>(loop, steps, row, stride, cj, out);
    default:
      while (loop.Next(steps, ConjRow(row, cj, n), out)) row += stride;
  }
}

// The per-thread registers, loops and let values of Statuses (plans never re-enter).
struct Frame {
  std::vector<Cell> regs;
  LoopState loops[kMaxLoopDepth];
  std::vector<Cell> lets;  // each let's value, as a register of the let's type
};

int SlotType(PT t);

// ---- The translation ------------------------------------------------------------------------

class Builder {
 public:
  Builder(const Program& p, std::vector<PInstr>* code, std::vector<Conj>* conj,
          std::vector<SlotDesc>* slots, std::vector<ListDesc>* lists, std::vector<PT>* let_types)
      : p_(p), code_(*code), conj_(*conj), slots_(*slots), lists_(*lists), let_types_(*let_types) {}

  // Translates segment `seg`; false (code unchanged) when it has no plan.
  // `end` is emitted in place of kRet, with its `t` set to the value's type.
  bool Segment(int32_t seg, const PInstr& end, Plans::SegPlan* out);
  uint32_t max_depth() const { return max_depth_; }

 private:
  struct Open {
    uint32_t pc;
    int kind;      // LoopIndex
    int32_t elem;  // the element record
    size_t begin;  // the plan index of its kBegin
  };
  // After kNext of loop `l` (the last instruction emitted, at bytecode pc `next_pc`): a body that
  // is a conjunction of comparisons of the element's fields with immediates becomes kLoopConj.
  void FuseLoop(const Open& l, uint32_t next_pc);

  bool Translate(const rt::Segment& s, Ty* result);
  Ty FieldType(int32_t rec, uint32_t field) const {
    if (rec < 0 || static_cast<size_t>(rec) >= p_.schema.records.size()) return {};
    const RecordDef& r = p_.schema.records[static_cast<size_t>(rec)];
    return field < r.fields.size() ? TypeOf(r.fields[field].type) : Ty{};
  }
  int Top() const { return static_cast<int>(types_.size()) - 1; }
  PT TopType() const { return types_.back().k; }
  void Emit(uint8_t op, int r, uint32_t x = 0, uint32_t y = 0, uint8_t cmp = 0, uint8_t t = 0,
            uint8_t u = 0, uint16_t f = 0) {
    PInstr in;
    in.op = op;
    in.cmp = cmp;
    in.t = t;
    in.u = u;
    in.r = static_cast<uint16_t>(r);
    in.f = f;
    in.x = x;
    in.y = y;
    code_.push_back(in);
  }
  // The comparison of a field with an immediate (kRootImm + i .. kVarImm + 3) that the bytecode
  // at pc computes, into register r: its length in instructions, 0 when there is none there.
  uint32_t FieldImm(const rt::Segment& s, uint32_t pc, int r, PInstr* out);
  // The last instruction reads root field x (then its field `sub`) as type t: its slot.
  void PrepareRead(uint32_t sub, PT t) {
    const int type = SlotType(t);
    if (type >= 0) code_.back().s = SlotFor(code_.back().x, sub, static_cast<uint8_t>(type));
  }
  // The prepared slot of root field `field` (then its field `sub`) read as type `type` (0..4).
  uint32_t SlotFor(uint32_t field, uint32_t sub, uint8_t type) {
    const auto key = std::make_tuple(field, sub, type);
    if (auto i = slot_of_.find(key); i != slot_of_.end()) return i->second;
    slots_.push_back({field, sub, type});
    return slot_of_[key] = static_cast<uint32_t>(slots_.size() - 1);
  }
  void Push(Ty t) {
    types_.push_back(t);
    max_depth_ = std::max(max_depth_, static_cast<uint32_t>(types_.size()));
  }
  // A jump from here to bytecode `target` with the stack types `at` there.
  bool JumpTo(uint32_t target, const std::vector<Ty>& at) {
    if (auto t = at_.find(target); t != at_.end() && t->second != at) return false;
    // Jumps stay within their loop (they never enter a loop body from outside).
    if (auto d = depth_at_.find(target); d != depth_at_.end() && d->second != open_.size()) {
      return false;
    }
    at_[target] = at;
    depth_at_[target] = open_.size();
    fixups_.emplace_back(code_.size() - 1, target);
    return true;
  }
  // Comparison `cmp` of the two top registers.
  bool Compare(uint8_t cmp);
  // Comparison `cmp` of the top register with immediate `c` of kind `kind`.
  bool CompareImm(uint8_t cmp, uint16_t kind, uint32_t c);

  const Program& p_;
  std::vector<PInstr>& code_;
  std::vector<Conj>& conj_;
  std::vector<SlotDesc>& slots_;
  std::vector<ListDesc>& lists_;
  std::map<std::tuple<uint32_t, uint32_t, uint8_t>, uint32_t> slot_of_;
  std::vector<PT>& let_types_;
  std::vector<Ty> types_;
  std::map<uint32_t, std::vector<Ty>> at_;  // stack types at jump targets
  std::map<uint32_t, size_t> depth_at_;     // open loops at jump targets
  std::set<uint32_t> targets_;              // pcs some jump lands on
  std::map<uint32_t, size_t> index_;        // pc -> plan index
  std::vector<std::pair<size_t, uint32_t>> fixups_;
  std::vector<Open> open_;
  uint32_t max_depth_ = 1;
  PInstr end_;             // what the segment being translated ends with
  size_t code_begin_ = 0;  // where its code starts
};

// Whether a prepared evaluation runs `in` without reading the facts themselves (only the
// prepared block, the lets and the registers).
bool PreparedOnly(const PInstr& in) {
  const int op = in.op;
  const bool slot = in.s != UINT32_MAX;
  if (op <= kReportDate) return true;
  if (op < kRootField + kTypes) return slot;  // kRootField
  if (op < kField + kTypes) return false;     // kField: a record register's field
  if (op < kPath + kTypes) return slot;
  if (op < kVarField + kTypes) return false;
  if (op < kLet + kTypes) return true;
  if (op == kVar) return false;
  if (op < kRootImm) return true;  // logic, jumps, comparisons of registers
  if (op < kVarImm) return slot;   // kRootImm, kPathImm
  if (op < kAndImm) return false;  // kVarImm
  if (op < kOrImm) return op - kAndImm < 8 && slot;
  if (op < kInEnum) return op - kOrImm < 8 && slot;
  if (op <= kSituation) return true;     // on registers
  if (op < kLoopConjRoot) return false;  // elements of a list register
  if (op < kLoopConjRoot + 4) return slot;
  if (op < kSetLetImm) return true;  // ends of segments, kEnd, kNop
  return slot;                       // kSetLetImm, kDecideImm
}

// The prepared slot type of a register type (SlotDesc::type), -1: none.
int SlotType(PT t) {
  switch (t) {
    case PT::kTruth:
      return 0;
    case PT::kInt:
      return 1;
    case PT::kEnum:
      return 2;
    case PT::kDate:
      return 3;
    case PT::kValue:
      return 4;
    default:
      return -1;
  }
}

// Whether immediate `imm` of type `type` (0..3, ImmIndex) is a value of that type (an enum
// member is >= 0; a date is not TDate's unknown): otherwise every comparison with it is unknown,
// which only the unprepared reads compute.
bool ImmValid(int type, uint32_t imm) {
  const auto v = static_cast<int32_t>(imm);
  return !(type == 2 && v < 0) && !(type == 3 && v == INT32_MIN);
}

// The immediate kinds typed compares take directly: the kind that matches each type.
int ImmIndex(PT t, uint16_t kind) {
  if (t == PT::kTruth && kind == rt::kImmBool) return 0;
  if (t == PT::kInt && kind == rt::kImmInt) return 1;
  if (t == PT::kEnum && kind == rt::kImmEnum) return 2;
  if (t == PT::kDate && kind == rt::kImmDate) return 3;
  return -1;
}

bool Builder::Compare(uint8_t cmp) {
  const int b = Top(), a = b - 1;
  const PT x = types_[static_cast<size_t>(a)].k, y = types_[static_cast<size_t>(b)].k;
  uint8_t op = kCmpNV;
  if (x == y && x == PT::kTruth) op = kCmpTruth;
  if (x == y && x == PT::kInt) op = kCmpInt;
  if (x == y && x == PT::kEnum) op = kCmpEnum;
  if (x == y && x == PT::kDate) op = kCmpDate;
  if (x == PT::kCount && y == PT::kInt) op = kCmpCountInt;
  if (x == PT::kInt && y == PT::kCount) op = kCmpIntCount;
  Emit(op, a, 0, 0, cmp, static_cast<uint8_t>(x), static_cast<uint8_t>(y));
  types_.resize(static_cast<size_t>(a));
  Push({PT::kTruth});
  return true;
}

bool Builder::CompareImm(uint8_t cmp, uint16_t kind, uint32_t c) {
  const int r = Top();
  const PT t = TopType();
  const int i = ImmIndex(t, kind);
  if (i >= 0) {
    Emit(static_cast<uint8_t>(kCmpKTruth + i), r, 0, c, cmp);
  } else if (t == PT::kCount && kind == rt::kImmInt) {
    Emit(kCmpKCount, r, 0, c, cmp);
  } else {
    Emit(kCmpKNV, r, 0, c, cmp, static_cast<uint8_t>(t), static_cast<uint8_t>(kind));
  }
  types_.back() = {PT::kTruth};
  return true;
}

void Builder::FuseLoop(const Open& l, uint32_t next_pc) {
  const size_t b = l.begin, next = code_.size() - 1;
  if (next < b + 2) return;
  const PInstr begin = code_[b];
  // The first conjunct: kVarImm + j on this loop's element, into the body's register.
  auto conjunct = [&](const PInstr& in, int base) {
    return in.op >= base && in.op < base + 4 && in.u == begin.u && in.r == begin.r;
  };
  if (!conjunct(code_[b + 1], kVarImm)) return;
  // The others: `JumpIfFalse <IterNext>; kVarImm; And` fused (kAndImm + 8 + j).
  for (size_t k = b + 2; k < next; ++k) {
    if (!conjunct(code_[k], kAndImm + 8)) return;
  }
  for (const auto& [at, target] : fixups_) {
    if (at > b && at < next && target != next_pc) return;
  }
  PInstr& fused = code_[b];
  fused.x = static_cast<uint32_t>(conj_.size());
  fused.y = static_cast<uint32_t>(next - b - 1);
  for (size_t k = b + 1; k < next; ++k) {
    const PInstr& in = code_[k];
    const int j = k == b + 1 ? in.op - kVarImm : in.op - (kAndImm + 8);
    conj_.push_back({static_cast<uint8_t>(j), in.cmp, in.x, in.y});
  }
  fused.op = static_cast<uint8_t>(kLoopConj + (begin.op - kBegin));
  // The body's instructions stay in place as kNop (kLoopConj jumps over them to the exit), so
  // no index moves.
  for (size_t k = b + 1; k <= next; ++k) code_[k].op = kNop;

  // Over a root list loaded just before (no jump lands between): the load and the loop in one
  // instruction (kLoopConjRoot), which a prepared evaluation runs over the list's rows.
  if (b == 0 || code_[b - 1].op != kRootField + static_cast<int>(PT::kList) ||
      code_[b - 1].r != begin.r || code_[b - 1].x > UINT16_MAX || targets_.count(l.pc) != 0) {
    return;
  }
  const uint32_t field = code_[b - 1].x;
  size_t list = 0;
  while (list < lists_.size() && lists_[list].field != field) ++list;
  ListDesc desc = list < lists_.size() ? lists_[list] : ListDesc{field, {}};
  std::vector<uint32_t> cols;
  for (size_t k = fused.x; k < fused.x + fused.y; ++k) {
    const Conj& c = conj_[k];
    if (!ImmValid(c.type, c.imm)) return;
    const std::pair<uint32_t, uint8_t> col{c.field, c.type};
    size_t i = 0;
    while (i < desc.cols.size() && desc.cols[i] != col) ++i;
    if (i == desc.cols.size()) desc.cols.push_back(col);
    cols.push_back(static_cast<uint32_t>(i));
  }
  if (desc.cols.size() > UINT8_MAX) return;
  for (size_t k = 0; k < cols.size(); ++k) {
    Conj& c = conj_[fused.x + k];
    c.col = cols[k];
    c.imm64 = ImmValue(c.type, c.imm);
    c.mask = HoldsMask(c.cmp);
  }
  if (list == lists_.size()) {
    lists_.push_back(desc);
  } else {
    lists_[list] = desc;
  }
  PInstr& root = code_[b - 1];
  root.op = static_cast<uint8_t>(kLoopConjRoot + (begin.op - kBegin));
  root.f = static_cast<uint16_t>(field);
  root.x = fused.x;
  root.y = fused.y;
  root.u = fused.u;
  root.s = static_cast<uint32_t>(list);
  fused.op = kNop;
  // Its exit is the loop's (resolved with the other jumps at the end of Translate).
  for (size_t k = 0, n = fixups_.size(); k < n; ++k) {
    if (fixups_[k].first == b) fixups_.emplace_back(b - 1, fixups_[k].second);
  }
}

uint32_t Builder::FieldImm(const rt::Segment& s, uint32_t pc, int r, PInstr* out) {
  if (pc >= s.end) return 0;
  const Instr& in = p_.code[pc];
  PInstr o;
  o.r = static_cast<uint16_t>(r);
  o.x = in.b;
  o.y = in.c;
  o.cmp = in.a & 7;
  uint32_t len = 1;
  int i = -1;
  switch (in.op) {
    case Opcode::kInputFieldCmp:
      i = ImmIndex(FieldType(p_.schema.root, in.b).k, static_cast<uint16_t>(in.a >> 3));
      o.op = static_cast<uint8_t>(kRootImm + i);
      break;
    case Opcode::kVarFieldCmp: {
      const auto depth = static_cast<uint8_t>(in.a >> 5);
      if (depth >= open_.size()) return 0;
      const Open& l = open_[depth];
      i = ImmIndex(FieldType(l.elem, in.b).k, static_cast<uint16_t>(in.a >> 3 & 3));
      o.op = static_cast<uint8_t>(kVarImm + i);
      o.u = depth;
      break;
    }
    case Opcode::kInputPath: {
      const Ty rec = FieldType(p_.schema.root, in.b);
      if (rec.k != PT::kRec || in.c > UINT16_MAX || pc + 1 >= s.end ||
          p_.code[pc + 1].op != Opcode::kCmpImm || targets_.count(pc + 1) != 0) {
        return 0;
      }
      const Instr& cmp = p_.code[pc + 1];
      i = ImmIndex(FieldType(rec.rec, in.c).k, cmp.b);
      o.op = static_cast<uint8_t>(kPathImm + i);
      o.f = static_cast<uint16_t>(in.c);
      o.y = cmp.c;
      o.cmp = cmp.a;
      len = 2;
      break;
    }
    default:
      return 0;
  }
  if (i < 0) return 0;
  if (in.op != Opcode::kVarFieldCmp && ImmValid(i, o.y)) {
    o.s = SlotFor(o.x, in.op == Opcode::kInputPath ? o.f : UINT32_MAX, static_cast<uint8_t>(i));
  }
  *out = o;
  return len;
}

bool Builder::Segment(int32_t seg, const PInstr& end, Plans::SegPlan* out) {
  if (seg < 0 || static_cast<size_t>(seg) >= p_.segments.size()) return false;
  const rt::Segment& s = p_.segments[static_cast<size_t>(seg)];
  // `Let c; Ret`: the let itself.
  if (s.end - s.begin == 2 && p_.code[s.begin].op == Opcode::kLet &&
      p_.code[s.begin].c < let_types_.size()) {
    out->alias = static_cast<int32_t>(p_.code[s.begin].c);
    out->type = static_cast<uint8_t>(let_types_[p_.code[s.begin].c]);
    return true;
  }
  const size_t begin = code_.size();
  end_ = end;
  code_begin_ = begin;
  Ty result;
  if (!Translate(s, &result)) {
    code_.resize(begin);
    return false;
  }
  out->type = static_cast<uint8_t>(result.k);
  return true;
}

bool Builder::Translate(const rt::Segment& s, Ty* result) {
  types_.clear();
  at_.clear();
  depth_at_.clear();
  targets_.clear();
  index_.clear();
  fixups_.clear();
  open_.clear();
  for (uint32_t pc = s.begin; pc < s.end; ++pc) {
    const Instr& in = p_.code[pc];
    if (in.op == Opcode::kJumpIfFalse || in.op == Opcode::kJumpIfTrue || in.op == Opcode::kJump ||
        in.op == Opcode::kIterBegin) {
      targets_.insert(in.c);
    }
  }
  bool falls = true;
  for (uint32_t pc = s.begin; pc < s.end; ++pc) {
    if (auto t = at_.find(pc); t != at_.end()) {
      if (falls && t->second != types_) return false;  // paths join with different types
      if (depth_at_[pc] != open_.size()) return false;
      types_ = t->second;
    } else if (!falls) {
      return false;  // unreachable code: not produced by the compiler
    }
    falls = true;
    index_[pc] = code_.size();
    const Instr& in = p_.code[pc];
    const int sp = static_cast<int>(types_.size());
    const int top = sp - 1;
    // A field compared with an immediate (one instruction, or InputPath then CmpImm).
    PInstr fi;
    if (const uint32_t len = FieldImm(s, pc, sp, &fi); len > 0) {
      code_.push_back(fi);
      Push({PT::kTruth});
      for (uint32_t k = 1; k < len; ++k) index_[pc + k] = code_.size() - 1;
      pc += len - 1;
      continue;
    }
    switch (in.op) {
      case Opcode::kPushBool:
        Emit(kTruthK, sp, in.a != 0);
        Push({PT::kTruth});
        break;
      case Opcode::kPushInt: {
        const auto v = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(in.c)));
        Emit(kIntK, sp, static_cast<uint32_t>(v), static_cast<uint32_t>(v >> 32));
        Push({PT::kInt});
        break;
      }
      case Opcode::kPushConst: {
        if (in.c >= p_.constants.size()) return false;
        const Constant& k = p_.constants[in.c];
        if (k.kind == Constant::Kind::kInt) {
          const auto v = static_cast<uint64_t>(k.i);
          Emit(kIntK, sp, static_cast<uint32_t>(v), static_cast<uint32_t>(v >> 32));
          Push({PT::kInt});
        } else if (k.kind == Constant::Kind::kDate) {
          Emit(kDateK, sp, static_cast<uint32_t>(k.date.days()));
          Push({PT::kDate});
        } else {
          Emit(kValueK, sp, in.c);
          Push({});
        }
        break;
      }
      case Opcode::kPushEnum:
        Emit(kEnumK, sp, in.c);
        Push({PT::kEnum});
        break;
      case Opcode::kInputField: {
        const Ty t = FieldType(p_.schema.root, in.c);
        Emit(static_cast<uint8_t>(kRootField + static_cast<int>(t.k)), sp, in.c);
        PrepareRead(UINT32_MAX, t.k);
        Push(t);
        break;
      }
      case Opcode::kField: {
        if (top < 0 || TopType() != PT::kRec) return false;
        const Ty t = FieldType(types_.back().rec, in.c);
        Emit(static_cast<uint8_t>(kField + static_cast<int>(t.k)), top, in.c);
        types_.back() = t;
        break;
      }
      case Opcode::kInputPath: {
        const Ty rec = FieldType(p_.schema.root, in.b);
        if (rec.k != PT::kRec) return false;
        const Ty t = FieldType(rec.rec, in.c);
        Emit(static_cast<uint8_t>(kPath + static_cast<int>(t.k)), sp, in.b, in.c);
        PrepareRead(in.c, t.k);
        Push(t);
        break;
      }
      case Opcode::kVar:
      case Opcode::kVarField:
      case Opcode::kVarFieldCmp: {
        const uint8_t depth =
            in.op == Opcode::kVarFieldCmp ? static_cast<uint8_t>(in.a >> 5) : in.a;
        if (depth >= open_.size()) return false;
        const Open& l = open_[depth];
        if (in.op == Opcode::kVar) {
          Emit(kVar, sp, 0, 0, 0, 0, depth);
          Push({PT::kRec, l.elem});
        } else {
          // kVarFieldCmp here compares with an immediate not of the field's type (FieldImm
          // took the others): the field, then the general comparison.
          const uint32_t field = in.op == Opcode::kVarField ? in.c : in.b;
          const Ty t = FieldType(l.elem, field);
          Emit(static_cast<uint8_t>(kVarField + static_cast<int>(t.k)), sp, field, 0, 0, 0, depth);
          Push(t);
          if (in.op == Opcode::kVarFieldCmp &&
              !CompareImm(in.a & 7, static_cast<uint16_t>(in.a >> 3 & 3), in.c)) {
            return false;
          }
        }
        break;
      }
      case Opcode::kInputFieldCmp: {
        // An immediate not of the field's type (FieldImm took the others): the field, then
        // the general comparison.
        const Ty t = FieldType(p_.schema.root, in.b);
        Emit(static_cast<uint8_t>(kRootField + static_cast<int>(t.k)), sp, in.b);
        PrepareRead(UINT32_MAX, t.k);
        Push(t);
        if (!CompareImm(in.a & 7, static_cast<uint16_t>(in.a >> 3), in.c)) return false;
        break;
      }
      case Opcode::kLet:
      case Opcode::kCmpLet: {
        if (in.c >= let_types_.size()) return false;  // a later let: not in a verified image
        const PT t = let_types_[in.c];
        if (t == PT::kRec || t == PT::kList) return false;  // their record type is not kept
        Emit(static_cast<uint8_t>(kLet + static_cast<int>(t)), sp, in.c);
        Push({t});
        if (in.op == Opcode::kCmpLet && (sp < 1 || !Compare(in.a))) return false;
        break;
      }
      case Opcode::kReportDate:
        Emit(kReportDate, sp);
        Push({PT::kDate});
        break;
      case Opcode::kNot:
        if (top < 0 || TopType() != PT::kTruth) return false;
        Emit(kNot, top);
        break;
      case Opcode::kAnd:
      case Opcode::kOr:
        if (sp < 2 || TopType() != PT::kTruth ||
            types_[static_cast<size_t>(top - 1)].k != PT::kTruth) {
          return false;
        }
        Emit(in.op == Opcode::kAnd ? kAnd : kOr, top - 1);
        types_.pop_back();
        break;
      case Opcode::kCond:
        if (sp < 3) return false;
        for (int i = sp - 3; i < sp; ++i) {
          if (types_[static_cast<size_t>(i)].k != PT::kTruth) return false;
        }
        Emit(kCond, sp - 3);
        types_.resize(static_cast<size_t>(sp - 2));
        break;
      case Opcode::kJumpIfFalse:
      case Opcode::kJumpIfTrue: {
        if (top < 0 || TopType() != PT::kTruth) return false;
        const bool is_and = in.op == Opcode::kJumpIfFalse;
        // `JumpIfFalse L; <field cmp immediate>; And` (or JumpIfTrue … Or) in one instruction.
        const uint32_t len = targets_.count(pc + 1) == 0 ? FieldImm(s, pc + 1, sp, &fi) : 0;
        const uint32_t comb = pc + 1 + len;
        if (len > 0 && comb < s.end && targets_.count(comb) == 0 &&
            p_.code[comb].op == (is_and ? Opcode::kAnd : Opcode::kOr)) {
          fi.op = static_cast<uint8_t>((is_and ? kAndImm : kOrImm) + (fi.op - kRootImm));
          fi.r = static_cast<uint16_t>(top);
          code_.push_back(fi);
          if (!JumpTo(in.c, types_)) return false;
          for (uint32_t k = pc + 1; k <= comb; ++k) index_[k] = code_.size() - 1;
          pc = comb;
          break;
        }
        Emit(is_and ? kJumpIfFalse : kJumpIfTrue, top, 0);
        if (!JumpTo(in.c, types_)) return false;
        break;
      }
      case Opcode::kJump:
        Emit(kJump, 0);
        if (!JumpTo(in.c, types_)) return false;
        falls = false;
        break;
      case Opcode::kEq:
      case Opcode::kNe:
      case Opcode::kLt:
      case Opcode::kLe:
      case Opcode::kGt:
      case Opcode::kGe: {
        if (sp < 2) return false;
        const PT x = types_[static_cast<size_t>(top - 1)].k, y = TopType();
        if (x == PT::kList || y == PT::kList || x == PT::kRec || y == PT::kRec) return false;
        Compare(
            static_cast<uint8_t>(static_cast<uint8_t>(in.op) - static_cast<uint8_t>(Opcode::kEq)));
        break;
      }
      case Opcode::kCmpImm:
        if (top < 0) return false;
        CompareImm(in.a, in.b, in.c);
        break;
      case Opcode::kIn:
      case Opcode::kNotIn: {
        const int x = sp - 1 - in.b;
        if (x < 0) return false;
        for (int i = x; i < sp; ++i) {
          if (types_[static_cast<size_t>(i)].k != PT::kEnum) return false;
        }
        Emit(in.op == Opcode::kIn ? kInEnum : kNotInEnum, x, 0, in.b);
        types_.resize(static_cast<size_t>(x));
        Push({PT::kTruth});
        break;
      }
      case Opcode::kMatch: {
        if (top < 0 || TopType() != PT::kValue || in.c >= p_.constants.size()) return false;
        const Constant& k = p_.constants[in.c];
        if (k.re == nullptr) return false;
        Emit(k.dfa != nullptr ? kMatchDfa : kMatchRe, top, in.c);
        types_.back() = {PT::kTruth};
        break;
      }
      case Opcode::kStartsWith:
      case Opcode::kContains:
        if (sp < 2 || TopType() != PT::kValue ||
            types_[static_cast<size_t>(top - 1)].k != PT::kValue) {
          return false;
        }
        Emit(in.op == Opcode::kStartsWith ? kStartsWith : kContains, top - 1);
        types_.pop_back();
        types_.back() = {PT::kTruth};
        break;
      case Opcode::kAdd:
      case Opcode::kSub:
      case Opcode::kMul:
      case Opcode::kDiv:
      case Opcode::kAddDays:
      case Opcode::kAddMonths: {
        if (sp < 2) return false;
        const PT x = types_[static_cast<size_t>(top - 1)].k, y = TopType();
        const bool dates = in.op == Opcode::kAddDays || in.op == Opcode::kAddMonths;
        if (!(x == PT::kValue || (dates ? x == PT::kDate : x == PT::kInt)) ||
            !(y == PT::kValue || y == PT::kInt)) {
          return false;
        }
        uint8_t op = kAddMonths;
        if (in.op == Opcode::kAddDays) {
          op = kAddDays;
        } else if (!dates) {
          op = static_cast<uint8_t>(kArith + static_cast<int>(in.op) -
                                    static_cast<int>(Opcode::kAdd));
        }
        Emit(op, top - 1, 0, 0, 0, static_cast<uint8_t>(x), static_cast<uint8_t>(y));
        types_.pop_back();
        types_.back() = {dates ? PT::kDate : PT::kValue};
        break;
      }
      case Opcode::kNeg:
      case Opcode::kIntToDec:
      case Opcode::kScale:
        if (top < 0 || (TopType() != PT::kValue && TopType() != PT::kInt)) return false;
        if (in.op == Opcode::kScale && in.c >= p_.constants.size()) return false;
        Emit(in.op == Opcode::kNeg        ? kNeg
             : in.op == Opcode::kIntToDec ? kIntToDec
                                          : kScale,
             top, in.c, 0, 0, static_cast<uint8_t>(TopType()));
        types_.back() = {PT::kValue};
        break;
      case Opcode::kSize:
        if (top < 0 || TopType() != PT::kList) return false;
        Emit(kSize, top);
        types_.back() = {PT::kInt};
        break;
      case Opcode::kSituation: {
        const int first = sp - in.b;
        const bool at_least = in.a == static_cast<uint8_t>(SituationKind::kAtLeast);
        const int to = at_least ? first - 1 : first;
        if (in.b == 0 || to < 0 || in.a > static_cast<uint8_t>(SituationKind::kAtLeast)) {
          return false;
        }
        for (int i = first; i < sp; ++i) {
          if (types_[static_cast<size_t>(i)].k != PT::kTruth) return false;
        }
        const PT count = types_[static_cast<size_t>(to)].k;
        if (at_least && (count == PT::kRec || count == PT::kList)) return false;
        Emit(kSituation, to, 0, in.b, in.a, static_cast<uint8_t>(count));
        types_.resize(static_cast<size_t>(to));
        Push({PT::kTruth});
        break;
      }
      case Opcode::kIterBegin: {
        const int kind = LoopIndex(static_cast<MacroKind>(in.a));
        if (kind < 0 || top < 0 || TopType() != PT::kList || open_.size() >= kMaxLoopDepth) {
          return false;
        }
        const int32_t elem = types_.back().rec;
        const size_t begin = code_.size();
        Emit(static_cast<uint8_t>(kBegin + kind), top, 0, 0, 0, 0,
             static_cast<uint8_t>(open_.size()));
        types_.pop_back();
        std::vector<Ty> at_exit = types_;
        at_exit.push_back({kind == 3 ? PT::kCount : PT::kTruth});
        if (!JumpTo(in.c, at_exit)) return false;
        open_.push_back({pc, kind, elem, begin});
        break;
      }
      case Opcode::kIterNext: {
        if (open_.empty() || open_.back().pc != in.c || top < 0 || TopType() != PT::kTruth) {
          return false;
        }
        const Open l = open_.back();
        open_.pop_back();
        const auto body = index_.find(in.c + 1);
        if (body == index_.end()) return false;
        Emit(static_cast<uint8_t>(kNext + l.kind), top, 0, 0, 0, 0,
             static_cast<uint8_t>(open_.size()));
        code_.back().z = static_cast<uint32_t>(body->second);
        types_.back() = {l.kind == 3 ? PT::kCount : PT::kTruth};
        FuseLoop(l, pc);
        break;
      }
      case Opcode::kRet: {
        if (sp != 1) return false;
        *result = types_[0];
        // `<field cmp immediate>; Ret` storing a let or deciding an item: one instruction.
        const PInstr last = code_.back();
        const bool fusable = code_.size() > code_begin_ && targets_.count(pc) == 0 &&
                             last.op >= kRootImm && last.op < kRootImm + 8 && last.r == 0 &&
                             (end_.op == kSetLet || end_.op == kDecide);
        if (fusable) {
          PInstr& f = code_.back();
          f.op = static_cast<uint8_t>((end_.op == kSetLet ? kSetLetImm : kDecideImm) +
                                      (last.op - kRootImm));
          f.z = end_.x;
          f.u = end_.u;
        } else {
          code_.push_back(end_);
          code_.back().r = 0;
          code_.back().t = static_cast<uint8_t>(types_[0].k);
        }
        types_.clear();
        falls = false;
        break;
      }
      default:
        return false;  // no plan: periods, frequency, deadlines, arithmetic, situations …
    }
  }
  if (falls || !open_.empty()) return false;
  // Every jump lands on a translated instruction (verified images jump within their segment).
  return std::all_of(fixups_.begin(), fixups_.end(), [&](const std::pair<size_t, uint32_t>& j) {
    const auto i = index_.find(j.second);
    if (i == index_.end()) return false;
    code_[j.first].z = static_cast<uint32_t>(i->second);
    return true;
  });
}

// ---- The interpreter -----------------------------------------------------------------------

// Runs the plan code[pc..] to its kRet; the value is in regs[0].
// Runs the stream from code[pc] to its kEnd: lets into `lets`, item statuses into `out`.
// Prepared (kPrepared): `slots` holds Plans::Prepare's block and `headers` its list headers.
template <bool kPrepared>
void Run(const PInstr* const code, const Conj* const conj, uint32_t start, gen::NativeContext& c,
         Frame& f, const Value* values, const Program& p, ItemStatus* out, const PSlot* slots,
         const PSlot* headers) {
  Cell* const lets = f.lets.data();
  Cell* const reg = f.regs.data();
  LoopState* const loops = f.loops;
  // The root record (prepared: read from the facts only where an instruction needs it).
  const RecordValue* const root_p = kPrepared ? nullptr : &c.facts->root();
  auto Root = [&]() -> const RecordValue& { return kPrepared ? c.facts->root() : *root_p; };
  gen::LoopSteps steps(c);
  const PInstr* ip = code + start;
  for (;;) {
    const PInstr& in = *ip++;
    Cell& a = reg[in.r];
    switch (in.op) {
      case kTruthK:
        a.t = in.x != 0 ? NT::kTrue : NT::kFalse;
        break;
      case kIntK:
        a.i = TInt{static_cast<int64_t>(uint64_t{in.x} | uint64_t{in.y} << 32), true};
        break;
      case kEnumK:
        a.e = TEnum{static_cast<int32_t>(in.x)};
        break;
      case kDateK:
        a.d = TDate{static_cast<int32_t>(in.x)};
        break;
      case kValueK:
        a.v = values[in.x];
        break;
      case kReportDate:
        a.d = gen::ReportDateT(c);
        break;
#define PAICHA_PLAN_READS(T)                                                       \
  case kRootField + static_cast<int>(T):                                           \
    if (kPrepared && in.s != UINT32_MAX) {                                         \
      PutSlot<T>(a, slots[in.s]);                                                  \
    } else {                                                                       \
      Put<T>(a, gen::FieldOf(&Root(), in.x));                                      \
    }                                                                              \
    break;                                                                         \
  case kField + static_cast<int>(T):                                               \
    Put<T>(a, gen::FieldOf(a.r, in.x));                                            \
    break;                                                                         \
  case kPath + static_cast<int>(T):                                                \
    if (kPrepared && in.s != UINT32_MAX) {                                         \
      PutSlot<T>(a, slots[in.s]);                                                  \
    } else {                                                                       \
      Put<T>(a, gen::FieldOf(gen::ReadRecord(gen::FieldOf(&Root(), in.x)), in.y)); \
    }                                                                              \
    break;                                                                         \
  case kVarField + static_cast<int>(T):                                            \
    Put<T>(a, gen::FieldOf(loops[in.u].elem, in.x));                               \
    break;                                                                         \
  case kLet + static_cast<int>(T):                                                 \
    CopyAs<T>(a, lets[in.x]);                                                      \
    break;
        PAICHA_PLAN_READS(PT::kValue)
        PAICHA_PLAN_READS(PT::kTruth)
        PAICHA_PLAN_READS(PT::kInt)
        PAICHA_PLAN_READS(PT::kEnum)
        PAICHA_PLAN_READS(PT::kDate)
        PAICHA_PLAN_READS(PT::kRec)
        PAICHA_PLAN_READS(PT::kList)
        PAICHA_PLAN_READS(PT::kCount)
#undef PAICHA_PLAN_READS
      case kVar:
        a.r = loops[in.u].elem;
        break;
      case kNot:
        a.t = gen::NotT(a.t);
        break;
      case kAnd:
        a.t = gen::AndT(a.t, (&a)[1].t);
        break;
      case kOr:
        a.t = gen::OrT(a.t, (&a)[1].t);
        break;
      case kCond:
        a.t = gen::CondT(a.t, (&a)[1].t, (&a)[2].t);
        break;
      case kJumpIfFalse:
        if (a.t == NT::kFalse) ip = code + in.z;
        break;
      case kJumpIfTrue:
        if (a.t == NT::kTrue) ip = code + in.z;
        break;
      case kJump:
        ip = code + in.z;
        break;
      case kCmpTruth:
        a.t = CmpTruth(in.cmp, a.t, (&a)[1].t);
        break;
      case kCmpInt:
        a.t = CmpInt(in.cmp, a.i, (&a)[1].i);
        break;
      case kCmpEnum:
        a.t = CmpEnum(in.cmp, a.e, (&a)[1].e);
        break;
      case kCmpDate:
        a.t = CmpDate(in.cmp, a.d, (&a)[1].d);
        break;
      case kCmpCountInt: {
        const TCount k = a.k;
        const TInt i = (&a)[1].i;
        a.t = ByCmp(in.cmp, [&](auto op) { return gen::CompareT<decltype(op)::value>(k, i); });
        break;
      }
      case kCmpIntCount: {
        const TInt i = a.i;
        const TCount k = (&a)[1].k;
        a.t = ByCmp(in.cmp, [&](auto op) { return gen::CompareT<decltype(op)::value>(i, k); });
        break;
      }
      case kCmpNV:
        a.t = CmpNV(in.cmp, ToNV(a, static_cast<PT>(in.t)), ToNV((&a)[1], static_cast<PT>(in.u)));
        break;
      case kCmpKTruth:
        a.t = CmpTruth(in.cmp, a.t, in.y != 0 ? NT::kTrue : NT::kFalse);
        break;
      case kCmpKInt:
        a.t = CmpInt(in.cmp, a.i, TInt{static_cast<int32_t>(in.y), true});
        break;
      case kCmpKEnum:
        a.t = CmpEnum(in.cmp, a.e, TEnum{static_cast<int32_t>(in.y)});
        break;
      case kCmpKDate:
        a.t = CmpDate(in.cmp, a.d, TDate{static_cast<int32_t>(in.y)});
        break;
      case kCmpKCount: {
        const TCount k = a.k;
        const TInt i{static_cast<int32_t>(in.y), true};
        a.t = ByCmp(in.cmp, [&](auto op) { return gen::CompareT<decltype(op)::value>(k, i); });
        break;
      }
      case kCmpKNV:
        a.t = CmpNV(in.cmp, ToNV(a, static_cast<PT>(in.t)), ImmNV(in.u, in.y));
        break;
#define PAICHA_PLAN_IMM(J)                                                        \
  case kRootImm + (J):                                                            \
    a.t = FieldImmT<J, kPrepared>(in, root_p, c, loops, slots);                   \
    break;                                                                        \
  case kAndImm + (J):                                                             \
    if (a.t == NT::kFalse) {                                                      \
      ip = code + in.z;                                                           \
    } else {                                                                      \
      a.t = gen::AndT(a.t, FieldImmT<J, kPrepared>(in, root_p, c, loops, slots)); \
    }                                                                             \
    break;                                                                        \
  case kOrImm + (J):                                                              \
    if (a.t == NT::kTrue) {                                                       \
      ip = code + in.z;                                                           \
    } else {                                                                      \
      a.t = gen::OrT(a.t, FieldImmT<J, kPrepared>(in, root_p, c, loops, slots));  \
    }                                                                             \
    break;
        PAICHA_PLAN_IMM(0)
        PAICHA_PLAN_IMM(1)
        PAICHA_PLAN_IMM(2)
        PAICHA_PLAN_IMM(3)
        PAICHA_PLAN_IMM(4)
        PAICHA_PLAN_IMM(5)
        PAICHA_PLAN_IMM(6)
        PAICHA_PLAN_IMM(7)
        PAICHA_PLAN_IMM(8)
        PAICHA_PLAN_IMM(9)
        PAICHA_PLAN_IMM(10)
        PAICHA_PLAN_IMM(11)
#undef PAICHA_PLAN_IMM
      case kInEnum:
      case kNotInEnum: {
        gen::InEnum q(a.e);
        for (uint32_t i = 1; i <= in.y; ++i) q.Add((&a)[i].e);
        a.t = q.Result(in.op == kInEnum);
        break;
      }
      case kMatchDfa:
        a.t = a.v.kind() != ValueKind::kText                ? NT::kUnknown
              : p.constants[in.x].dfa->Match(a.v.as_text()) ? NT::kTrue
                                                            : NT::kFalse;
        break;
      case kMatchRe: {
        NV n = gen::Plain(a.v);
        gen::Match(c, n, in.x);
        a.t = gen::TruthOf(n);
        break;
      }
      case kStartsWith:
      case kContains: {
        NV n = gen::Plain(a.v);
        if (in.op == kStartsWith) {
          gen::TextTest<true>(n, gen::Plain((&a)[1].v));
        } else {
          gen::TextTest<false>(n, gen::Plain((&a)[1].v));
        }
        a.t = gen::TruthOf(n);
        break;
      }
      case kSize:
        a.i = a.lok ? TInt{a.ln, true} : TInt{};
        break;
#define PAICHA_PLAN_ARITH(I, OP)                                          \
  case kArith + (I): {                                                    \
    NV x = ToNV(a, static_cast<PT>(in.t));                                \
    gen::Arithmetic<Opcode::OP>(x, ToNV((&a)[1], static_cast<PT>(in.u))); \
    a.v = x.v;                                                            \
    break;                                                                \
  }
        PAICHA_PLAN_ARITH(0, kAdd)
        PAICHA_PLAN_ARITH(1, kSub)
        PAICHA_PLAN_ARITH(2, kMul)
        PAICHA_PLAN_ARITH(3, kDiv)
#undef PAICHA_PLAN_ARITH
      case kNeg:
      case kIntToDec:
      case kScale: {
        NV x = ToNV(a, static_cast<PT>(in.t));
        if (in.op == kNeg) {
          gen::Neg(x);
        } else if (in.op == kIntToDec) {
          gen::IntToDec(x);
        } else {
          gen::Scale(c, x, in.x);
        }
        a.v = x.v;
        break;
      }
      case kAddDays:
        a.d = gen::ReadDate(gen::AddToDateNV<false>(ToNV(a, static_cast<PT>(in.t)),
                                                    ToNV((&a)[1], static_cast<PT>(in.u))));
        break;
      case kAddMonths:
        a.d = gen::ReadDate(gen::AddToDateNV<true>(ToNV(a, static_cast<PT>(in.t)),
                                                   ToNV((&a)[1], static_cast<PT>(in.u))));
        break;
      case kSituation: {
        gen::Situations q;
        const bool at_least = in.cmp == static_cast<uint8_t>(SituationKind::kAtLeast);
        const Cell* alt = at_least ? &a + 1 : &a;
        for (uint32_t i = 0; i < in.y; ++i) q.Add(alt[i].t);
        a.t = gen::TruthOf(in.cmp == static_cast<uint8_t>(SituationKind::kAny) ? q.Any()
                           : in.cmp == static_cast<uint8_t>(SituationKind::kAll)
                               ? q.All()
                               : q.ResultAtLeast(ToNV(a, static_cast<PT>(in.t))));
        break;
      }
#define PAICHA_PLAN_LOOP(I, member, out)                                                 \
  case kBegin + (I):                                                                     \
    if (loops[in.u].member.Begin(gen::TListOf<Elem>{a.ld, a.ln, a.lok, a.ld}, &a.out)) { \
      ip = code + in.z;                                                                  \
    } else {                                                                             \
      loops[in.u].elem = *loops[in.u].member.Elem();                                     \
    }                                                                                    \
    break;                                                                               \
  case kNext + (I):                                                                      \
    if (loops[in.u].member.Next(steps, a.t, &a.out)) {                                   \
      ip = code + in.z;                                                                  \
      loops[in.u].elem = *loops[in.u].member.Elem();                                     \
    }                                                                                    \
    break;
        PAICHA_PLAN_LOOP(0, exists, t)
        PAICHA_PLAN_LOOP(1, all, t)
        PAICHA_PLAN_LOOP(2, one, t)
        PAICHA_PLAN_LOOP(3, count, k)
#undef PAICHA_PLAN_LOOP
#define PAICHA_PLAN_LOOP_CONJ(I, member, out)                                 \
  case kLoopConj + (I): {                                                     \
    const RecordValue* const* e = a.ld;                                       \
    auto& loop = loops[in.u].member;                                          \
    if (!loop.Begin(gen::TListOf<Elem>{a.ld, a.ln, a.lok, a.ld}, &a.out)) {   \
      while (loop.Next(steps, ConjTruth(*e, conj + in.x, in.y), &a.out)) ++e; \
    }                                                                         \
    ip = code + in.z;                                                         \
    break;                                                                    \
  }
        PAICHA_PLAN_LOOP_CONJ(0, exists, t)
        PAICHA_PLAN_LOOP_CONJ(1, all, t)
        PAICHA_PLAN_LOOP_CONJ(2, one, t)
        PAICHA_PLAN_LOOP_CONJ(3, count, k)
#undef PAICHA_PLAN_LOOP_CONJ
#define PAICHA_PLAN_LOOP_CONJ_ROOT(I, member, out)                                          \
  case kLoopConjRoot + (I): {                                                               \
    auto& loop = loops[in.u].member;                                                        \
    if (kPrepared && in.s != UINT32_MAX) {                                                  \
      const PSlot& h = headers[in.s];                                                       \
      if (!loop.Begin(gen::TListOf<Elem>{nullptr, h.aux, h.known != 0, nullptr}, &a.out)) { \
        RunRows(loop, steps, slots + h.v, in.t, conj + in.x, in.y, &a.out);                 \
      }                                                                                     \
    } else {                                                                                \
      Put<PT::kList>(a, gen::FieldOf(&Root(), in.f));                                       \
      const RecordValue* const* e = a.ld;                                                   \
      if (!loop.Begin(gen::TListOf<Elem>{a.ld, a.ln, a.lok, a.ld}, &a.out)) {               \
        while (loop.Next(steps, ConjTruth(*e, conj + in.x, in.y), &a.out)) ++e;             \
      }                                                                                     \
    }                                                                                       \
    ip = code + in.z;                                                                       \
    break;                                                                                  \
  }
        PAICHA_PLAN_LOOP_CONJ_ROOT(0, exists, t)
        PAICHA_PLAN_LOOP_CONJ_ROOT(1, all, t)
        PAICHA_PLAN_LOOP_CONJ_ROOT(2, one, t)
        PAICHA_PLAN_LOOP_CONJ_ROOT(3, count, k)
#undef PAICHA_PLAN_LOOP_CONJ_ROOT
      case kSetLet:
        lets[in.x] = reg[0];
        break;
      case kCopyLet:
        lets[in.x] = lets[in.y];
        break;
      case kApplies: {
        const NT t = TruthOf(reg[0], static_cast<PT>(in.t));
        if (t != NT::kTrue) {
          out[in.x] = gen::Unapplied(t);
          ip = code + in.z;
        }
        break;
      }
      case kAppliesLet: {
        const NT t = TruthOf(lets[in.y], static_cast<PT>(in.t));
        if (t != NT::kTrue) {
          const ItemStatus st = gen::Unapplied(t);
          for (uint32_t k = 0; k < in.f; ++k) out[in.x + k] = st;
          ip = code + in.z;
        }
        break;
      }
      case kDecide:
        out[in.x] =
            gen::Decided(TruthOf(reg[0], static_cast<PT>(in.t)), static_cast<ItemStatus>(in.u));
        break;
      case kDecideLet:
        out[in.x] =
            gen::Decided(TruthOf(lets[in.y], static_cast<PT>(in.t)), static_cast<ItemStatus>(in.u));
        break;
      case kEnd:
        return;
      case kNop:
        break;
#define PAICHA_PLAN_END_IMM(J)                                                     \
  case kSetLetImm + (J):                                                           \
    lets[in.z].t = FieldImmT<J, kPrepared>(in, root_p, c, loops, slots);           \
    break;                                                                         \
  case kDecideImm + (J):                                                           \
    out[in.z] = gen::Decided(FieldImmT<J, kPrepared>(in, root_p, c, loops, slots), \
                             static_cast<ItemStatus>(in.u));                       \
    break;
        PAICHA_PLAN_END_IMM(0)
        PAICHA_PLAN_END_IMM(1)
        PAICHA_PLAN_END_IMM(2)
        PAICHA_PLAN_END_IMM(3)
        PAICHA_PLAN_END_IMM(4)
        PAICHA_PLAN_END_IMM(5)
        PAICHA_PLAN_END_IMM(6)
        PAICHA_PLAN_END_IMM(7)
#undef PAICHA_PLAN_END_IMM
      default:
        __builtin_unreachable();  // plans hold the ops above only
    }
  }
}

}  // namespace

std::unique_ptr<const Plans> Plans::Build(const Program& p) {
  if (p.items.empty()) return nullptr;
  std::unique_ptr<Plans> plans(new Plans(p));
  std::vector<PInstr>& code = plans->code_;
  std::vector<PT> let_types;
  Builder b(p, &code, &plans->conj_, &plans->slots_, &plans->lists_, &let_types);
  auto op = [](uint8_t o, size_t x, uint32_t y = 0, uint8_t u = 0) {
    PInstr in;
    in.op = o;
    in.x = static_cast<uint32_t>(x);
    in.y = y;
    in.u = u;
    return in;
  };
  for (size_t i = 0; i < p.lets.size(); ++i) {
    SegPlan s;
    if (!b.Segment(p.lets[i].segment, op(kSetLet, i), &s)) return nullptr;
    if (s.alias >= 0) code.push_back(op(kCopyLet, i, static_cast<uint32_t>(s.alias)));
    let_types.push_back(static_cast<PT>(s.type));
  }
  plans->lets_ = p.lets.size();
  code.push_back(op(kEnd, 0));
  plans->items_begin_ = static_cast<uint32_t>(code.size());
  size_t n = 0;
  // Consecutive items whose applicability is the same let share one kAppliesLet, which decides
  // all of them when the let is not true (its f counts them, its z is the end of the last).
  size_t group = SIZE_MAX;
  int32_t group_let = -1;
  for (; n < p.items.size(); ++n) {
    const ItemDecl& it = p.items[n];
    const size_t start = code.size();
    size_t applies = SIZE_MAX;  // the kApplies to point past the item
    bool grouped = false;       // the item joined the open group
    SegPlan s;
    if (it.applies == kNoSegment) {
      group = SIZE_MAX;
    } else {
      if (!b.Segment(it.applies, op(kApplies, n), &s)) break;
      if (s.alias >= 0 && group != SIZE_MAX && group_let == s.alias && code[group].f < UINT16_MAX) {
        ++code[group].f;
        grouped = true;
      } else if (s.alias >= 0) {
        code.push_back(op(kAppliesLet, n, static_cast<uint32_t>(s.alias)));
        code.back().t = s.type;
        code.back().f = 1;
        group = code.size() - 1;
        group_let = s.alias;
      } else {
        applies = code.size() - 1;
        group = SIZE_MAX;
      }
    }
    const auto finding = static_cast<uint8_t>(FindingOf(it.level));
    SegPlan cond;
    if (!b.Segment(it.condition, op(kDecide, n, 0, finding), &cond)) {
      code.resize(start);
      if (grouped) --code[group].f;
      break;
    }
    if (cond.alias >= 0) {
      code.push_back(op(kDecideLet, n, static_cast<uint32_t>(cond.alias), finding));
      code.back().t = cond.type;
    }
    if (applies != SIZE_MAX) code[applies].z = static_cast<uint32_t>(code.size());
    if (group != SIZE_MAX) code[group].z = static_cast<uint32_t>(code.size());
  }
  code.push_back(op(kEnd, 0));
  if (n == 0) return nullptr;  // the Machine alone, rather than lets twice
  plans->planned_items_ = n;
  // The rows' width, known now that every loop has added its columns.
  for (PInstr& in : code) {
    if (in.op >= kLoopConjRoot && in.op < kLoopConjRoot + 4 && in.s != UINT32_MAX) {
      in.t = static_cast<uint8_t>(plans->lists_[in.s].cols.size());
    }
  }
  plans->prepared_only_ =
      std::all_of(code.begin(), code.end(), [](const PInstr& in) { return PreparedOnly(in); });
  plans->registers_ = b.max_depth() + 1;
  plans->values_.resize(p.constants.size());
  for (size_t k = 0; k < p.constants.size(); ++k) {
    const Constant& c = p.constants[k];
    if (c.kind == Constant::Kind::kDecimal) plans->values_[k] = Value::FromDecimal(c.d);
    if (c.kind == Constant::Kind::kText || c.kind == Constant::Kind::kPattern) {
      plans->values_[k] = Value::Text(c.s);
    }
  }
  return plans;
}

void Plans::Statuses(const Facts& facts, const EvalOptions& options, size_t stack_bound,
                     std::vector<ItemStatus>* statuses) const {
  Eval<false>(facts, nullptr, facts.report_date(), options, stack_bound, statuses);
}

void Plans::Statuses(const Facts& facts, const PSlot* slots, const std::optional<Date>& facts_date,
                     const EvalOptions& options, size_t stack_bound,
                     std::vector<ItemStatus>* statuses) const {
  if (slots == nullptr) {
    Eval<false>(facts, nullptr, facts_date, options, stack_bound, statuses);
  } else {
    Eval<true>(facts, slots, facts_date, options, stack_bound, statuses);
  }
}

namespace {

// A field's Value as a prepared slot of type `type` (0 truth, 1 int, 2 enum, 3 date, 4 the
// Value itself, its text copied into `arena`).
PSlot Encode(const Value& v, uint8_t type, Arena* arena) {
  PSlot p;
  if (type == 4) {
    Value copy = v;
    if (v.kind() == ValueKind::kText) {
      const std::string_view t = v.as_text();
      char* bytes = arena->NewArray<char>(t.size());
      if (!t.empty()) std::memcpy(bytes, t.data(), t.size());
      copy = Value::Text(std::string_view(bytes, t.size()));
    }
    static_assert(sizeof(Value) == sizeof(PSlot) && std::is_trivially_copyable_v<PSlot>);
    std::memcpy(static_cast<void*>(&p), static_cast<const void*>(&copy), sizeof(PSlot));
    return p;
  }
  const ValueKind want = type == 0   ? ValueKind::kBool
                         : type == 1 ? ValueKind::kInt
                         : type == 2 ? ValueKind::kEnum
                                     : ValueKind::kDate;
  if (v.kind() != want) return p;
  p.known = 1;
  p.v = type == 0 ? int64_t{v.as_bool()} : type == 1 ? v.as_int() : int64_t{v.as_enum()};
  return p;  // a date's days are kept where an enum's member is (gen::DaysOf)
}

}  // namespace

const PSlot* Plans::Prepare(const Facts& facts, Arena* arena) const {
  if (slots_.empty() && lists_.empty()) return nullptr;
  const RecordValue& root = facts.root();
  size_t n = slots_.size() + lists_.size();
  for (const ListDesc& l : lists_) {
    const Value& v = gen::FieldOf(&root, l.field);
    if (v.kind() == ValueKind::kList) n += size_t{v.as_list().size} * l.cols.size();
  }
  PSlot* block = arena->NewArray<PSlot>(n);
  size_t i = 0;
  for (const SlotDesc& d : slots_) {
    const Value* v = &gen::FieldOf(&root, d.field);
    if (d.sub != UINT32_MAX) v = &gen::FieldOf(gen::ReadRecord(*v), d.sub);
    block[i++] = Encode(*v, d.type, arena);
  }
  size_t row = slots_.size() + lists_.size();
  for (const ListDesc& l : lists_) {
    PSlot& h = block[i++];
    const Value& v = gen::FieldOf(&root, l.field);
    h = PSlot();
    if (v.kind() != ValueKind::kList) continue;
    h.known = 1;
    h.aux = v.as_list().size;
    h.v = static_cast<int64_t>(row);
    for (const RecordValue* e : v.as_list()) {
      for (const auto& [field, type] : l.cols) {
        block[row++] = Encode(gen::FieldOf(e, field), type, arena);
      }
    }
  }
  return block;
}

template <bool kPrepared>
void Plans::Eval(const Facts& facts, const PSlot* slots, const std::optional<Date>& facts_date,
                 const EvalOptions& options, size_t stack_bound,
                 std::vector<ItemStatus>* statuses) const {
  static thread_local Frame frame;
  Frame& f = frame;
  if (f.regs.size() < registers_) f.regs.resize(registers_);
  if (f.lets.size() < lets_) f.lets.resize(lets_);
  gen::NativeContext c;
  c.program = &p_;
  c.facts = &facts;
  c.report = options.report_date ? options.report_date : facts_date;
  c.max_loop_steps = options.max_loop_steps;
  const size_t n = p_.items.size();
  statuses->resize(n);
  ItemStatus* out = statuses->data();
  const PSlot* headers = kPrepared ? slots + slots_.size() : nullptr;
  Run<kPrepared>(code_.data(), conj_.data(), 0, c, f, values_.data(), p_, out, slots, headers);
  const uint64_t let_steps = c.loop_steps;
  Run<kPrepared>(code_.data(), conj_.data(), items_begin_, c, f, values_.data(), p_, out, slots,
                 headers);
  if (planned_items_ == n) return;

  // The rest through a Machine, under the budget the plans left (as generated.cc's).
  Machine m(p_, facts, c.report, /*trace=*/false, stack_bound);
  m.set_max_loop_steps(options.max_loop_steps);
  m.EvalLets();
  const uint64_t item_steps = c.loop_steps - let_steps;
  m.set_max_loop_steps(options.max_loop_steps >= item_steps ? options.max_loop_steps - item_steps
                                                            : 0);
  for (size_t i = planned_items_; i < n; ++i) {
    const ItemDecl& it = p_.items[i];
    const TV applies = it.applies == kNoSegment ? TV::kTrue : m.RunTruth(it.applies);
    out[i] = applies != TV::kTrue ? gen::Unapplied(applies)
                                  : gen::Decided(m.RunTruth(it.condition), FindingOf(it.level));
  }
}

}  // namespace paicha::rt::vm_internal
