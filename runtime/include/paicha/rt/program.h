// The in-memory rulebook program: what the VM executes, what the image stores, what
// compiler/backend_vm builds. One Program is the whole compiled rulebook: header (meta), input
// schema, constant pool, bytecode split into segments, the lets, sections, items, grades and
// colours that point at those segments, situation labels, and a source map.
//
// Code model. All bytecode lives in one array `code` of fixed-width instructions (format and
// opcode list: runtime/vm/opcodes.def). It is cut into *segments*: a segment is a contiguous code
// range that evaluates one expression on an empty stack and ends with kRet leaving exactly one
// value. Every expression a rulebook needs (a let, an applicability, a condition, a deduction
// count, a grade rule) is one segment, referred to by its index; kNoSegment means "absent".
//
// Invariants of a verified Program (VerifyProgram() in vm/verify.h checks them all; the image
// Reader runs it on every image before handing the Program out, so the interpreter may rely on
// them without re-checking):
//  - segments tile `code` in order without gaps; each ends with kRet;
//  - every opcode is valid, unused operands are zero, every operand is in range (constant index
//    and kind, let index < the reading let's own index for lets, field index in the record the
//    verifier cannot type statically — checked at run time —, enum member, period kind, label
//    table, loop slot = current loop depth);
//  - jumps go forward inside their segment and never into or out of a macro loop body; kIterNext
//    jumps back only to its own kIterBegin; loops nest at most kMaxLoopDepth deep;
//  - the stack depth at every pc is the same on all paths, never negative, at most
//    kMaxStackDepth, and exactly 1 at kRet;
//  - the schema passes rt::Schema::Validate(); every index into program tables is in range;
//    text is valid UTF-8.
//
// Thread safety: a Program is immutable once built and verified and may be shared by any number
// of threads (compiled RE2 patterns are thread-safe for matching).
#ifndef PAICHA_RT_PROGRAM_H_
#define PAICHA_RT_PROGRAM_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "paicha/rt/byte_dfa.h"
#include "paicha/rt/calendar.h"
#include "paicha/rt/decimal.h"
#include "paicha/rt/schema.h"
#include "paicha/rt/units.h"

namespace re2 {
class RE2;
}

namespace paicha::rt {

// ---- Instructions -----------------------------------------------------------------------------

enum class Opcode : uint8_t {
#define PAICHA_OPCODE(Name, pops, pushes, operands, semantics) k##Name,
#include "../../../vm/opcodes.def"  // runtime/vm/opcodes.def, relative to this header
#undef PAICHA_OPCODE
};
inline constexpr int kOpcodeCount = 0
// NOLINTNEXTLINE(bugprone-macro-parentheses): expands to one term of a sum.
#define PAICHA_OPCODE(Name, pops, pushes, operands, semantics) +1
#include "../../../vm/opcodes.def"
#undef PAICHA_OPCODE
    ;

// Operands of the fused comparisons kCmpImm / kCmpLet (opcodes.def, "Superinstructions"):
// operand a is the comparison, kEq + a (at most kMaxCmpCode); operand b of kCmpImm is the kind
// of the immediate c.
inline constexpr uint8_t kMaxCmpCode = 5;
inline constexpr uint16_t kImmBool = 0, kImmInt = 1, kImmEnum = 2, kImmDate = 3, kMaxImmKind = 3;
// Operand a of kInputFieldCmp / kVarFieldCmp: comparison | kind << 3 | slot << 5.
constexpr uint8_t FieldCmpOperand(uint8_t cmp, uint16_t kind, uint8_t slot) {
  return static_cast<uint8_t>(cmp | kind << 3 | slot << 5);
}
constexpr Opcode CmpOpcode(uint8_t code) {
  return static_cast<Opcode>(static_cast<uint8_t>(Opcode::kEq) + code);
}
static_assert(static_cast<int>(Opcode::kGe) - static_cast<int>(Opcode::kEq) == kMaxCmpCode);

enum class MacroKind : uint8_t {
#define PAICHA_MACRO_KIND(Name, body_values, semantics) k##Name,
#include "../../../vm/opcodes.def"
#undef PAICHA_MACRO_KIND
};
inline constexpr int kMacroKindCount = 0
// NOLINTNEXTLINE(bugprone-macro-parentheses): expands to one term of a sum.
#define PAICHA_MACRO_KIND(Name, body_values, semantics) +1
#include "../../../vm/opcodes.def"
#undef PAICHA_MACRO_KIND
    ;

// The kinds of a kSituation instruction (operand a).
enum class SituationKind : uint8_t { kAny = 0, kAll = 1, kAtLeast = 2 };

// Operand a of kSummary.
enum class SummaryKind : uint8_t { kScore = 0, kMajor = 1, kGeneral = 2, kNonconforming = 3 };

// "PushBool", ... for the disassembler; "?" for a value outside the enum.
const char* OpcodeName(Opcode op);
const char* MacroKindName(MacroKind kind);

struct Instr {
  Opcode op = Opcode::kRet;
  uint8_t a = 0;
  uint16_t b = 0;
  uint32_t c = 0;
  friend bool operator==(const Instr& x, const Instr& y) {
    return x.op == y.op && x.a == y.a && x.b == y.b && x.c == y.c;
  }
};

// ---- Hard limits (each with its reason) ---------------------------------------------------------
// Nested list macros: the standards nest lists at most two deep (a list of buildings with a list
// of floors); 8 leaves room while keeping the loop-state array on the C++ stack.
inline constexpr int kMaxLoopDepth = 8;
// Operand stack per segment: expressions are trees of modest depth; the verifier proves the bound,
// so the interpreter uses a fixed array and never checks for overflow at run time.
inline constexpr int kMaxStackDepth = 256;
// Code size: 16M instructions (128 MiB) is far above any rulebook and keeps pcs in 24 bits of
// headroom below the u32 operand, so pc + 1 never overflows.
inline constexpr uint32_t kMaxCode = 1u << 24;
// Table sizes (constants, lets, items, ...): bounded so that a hostile image cannot make the
// reader allocate unbounded memory before validation fails.
inline constexpr uint32_t kMaxTableSize = 1u << 20;
// Operand n of kIn/kNotIn/kSituation is a u16.
inline constexpr uint32_t kMaxListOperands = 65535;

inline constexpr int32_t kNoSegment = -1;

// ---- Constant pool
// --------------------------------------------------------------------------------

struct Constant {
  enum class Kind : uint8_t { kInt, kDecimal, kText, kDate, kPattern };
  Kind kind = Kind::kInt;
  int64_t i = 0;  // kInt
  Decimal d;      // kDecimal (also durations and quantities, already in the operand's unit)
  Date date;      // kDate
  std::string s;  // kText, kPattern (the RE2 source)
  // kPattern: compiled once when the program is loaded or built (FinishProgram); shared because
  // Constant is copyable. Never null for a kPattern constant of a finished Program.
  std::shared_ptr<const re2::RE2> re;
  // kPattern: the same pattern as a byte automaton (byte_dfa.h) when it has one, else null; the
  // VM matches with it instead of RE2. Built with `re`.
  std::shared_ptr<const ByteDfa> dfa;

  static Constant Int(int64_t v);
  static Constant Dec(const Decimal& v);
  static Constant Text(std::string v);
  static Constant DateValue(Date v);
  static Constant Pattern(std::string v);
  // Equality on the serialised content (not the compiled pattern object).
  friend bool operator==(const Constant& x, const Constant& y);
};

// ---- Declarations -----------------------------------------------------------------------------

struct ProgramMeta {
  std::string title, issuer, docno, version, supersedes;
  std::optional<Date> issued, effective;
  friend bool operator==(const ProgramMeta& a, const ProgramMeta& b) {
    return a.title == b.title && a.issuer == b.issuer && a.docno == b.docno &&
           a.version == b.version && a.supersedes == b.supersedes && a.issued == b.issued &&
           a.effective == b.effective;
  }
};

struct Segment {
  uint32_t begin = 0, end = 0;  // code[begin, end)
  friend bool operator==(const Segment& a, const Segment& b) {
    return a.begin == b.begin && a.end == b.end;
  }
};

struct LetDecl {
  std::string name;  // "" for a shared subexpression hoisted by the backend
  int32_t segment = kNoSegment;
  friend bool operator==(const LetDecl& a, const LetDecl& b) {
    return a.name == b.name && a.segment == b.segment;
  }
};

struct SectionDecl {
  std::string id, title, explain;
  int32_t parent = -1;  // enclosing section, -1 at top level (parent < own index)
  // Full applicability as in the IR: own 适用 ∧ enclosing sections' ∧ the header's. Used for
  // scoring only (a section that does not apply has no applicable maximum).
  int32_t applies = kNoSegment;
  std::optional<Decimal> points;  // 满分
  friend bool operator==(const SectionDecl& a, const SectionDecl& b) {
    return a.id == b.id && a.title == b.title && a.explain == b.explain && a.parent == b.parent &&
           a.applies == b.applies && a.points == b.points;
  }
};

enum class Level : uint8_t { kMajor = 0, kGeneral = 1, kNonconformity = 2 };

struct ItemDecl {
  std::string id, title, clause, explain, remedy, unverified_reason;
  Level level = Level::kNonconformity;
  int32_t section = -1;  // innermost enclosing section, -1 at top level
  // Full applicability as in the IR: own 适用 ∧ every enclosing section's ∧ the header's.
  int32_t applies = kNoSegment;            // kNoSegment: always applies
  int32_t condition = kNoSegment;          // required
  std::optional<Decimal> deadline_amount;  // 整改时限, e.g. 30
  UnitId deadline_unit = UnitId::kNone;    //   in 天 (kDays or kMonths dimension)
  std::optional<Decimal> points;           // 分值
  // 扣分 amount 每 per 上限 cap.
  bool has_deduct = false;
  Decimal deduct_amount;
  int32_t deduct_per = kNoSegment;    // int occurrences; absent: one occurrence
  std::optional<Decimal> deduct_cap;  // default: points
  bool veto = false;
  bool unverified = false;
  friend bool operator==(const ItemDecl& a, const ItemDecl& b);
};

// A grade/colour rule: first rule whose segment is true wins; segment kNoSegment = 否则.
struct GradeDecl {
  std::string name;
  int32_t segment = kNoSegment;
  friend bool operator==(const GradeDecl& a, const GradeDecl& b) {
    return a.name == b.name && a.segment == b.segment;
  }
};

// Source map entry (Lua AbsLineInfo style): instructions from `pc` up to the next entry's pc come
// from file:line:col. Entries are sorted by pc, pcs strictly increasing.
struct LineInfo {
  uint32_t pc = 0;
  uint32_t file = 0;  // index into Program::files
  uint32_t line = 0, column = 0;
  friend bool operator==(const LineInfo& a, const LineInfo& b) {
    return a.pc == b.pc && a.file == b.file && a.line == b.line && a.column == b.column;
  }
};

struct Program {
  ProgramMeta meta;
  Schema schema;
  std::vector<Constant> constants;
  std::vector<Instr> code;
  std::vector<Segment> segments;
  std::vector<LetDecl> lets;  // evaluated in index order; let i may read only lets < i
  std::vector<SectionDecl> sections;
  std::vector<ItemDecl> items;
  std::vector<GradeDecl> grades, colours;
  std::vector<std::vector<std::string>> situation_labels;
  std::vector<std::string> files;
  std::vector<LineInfo> lines;
  // SHA-256 of the canonical image payload: set by the image Writer/Reader (and FinishProgram).
  std::string content_hash;  // 64 lowercase hex digits, "" before serialisation

  // The source position of `pc`, or nullptr when the map has no entry at or before it.
  const LineInfo* LineFor(uint32_t pc) const;
};

// Equality of everything serialised (used by the round-trip test).
bool SameProgram(const Program& a, const Program& b);

}  // namespace paicha::rt

#endif  // PAICHA_RT_PROGRAM_H_
