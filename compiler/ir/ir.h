// The IR: a typed, desugared, checked rulebook, the one input of every backend (the VM image
// writer in compiler/backend_vm, the C++ generator, schema/template generation, diff).
//
// Shape (OPA ir.go, Soufflé RAM): a Program owns
//   - meta (header), the input Schema (rt::Schema, exactly what the runtime loads facts against),
//   - one arena of expression Nodes (`nodes`), addressed by NodeId,
//   - lets, sections, items, grades and colours that refer to root nodes in the arena.
// Surface syntax is gone: keyword aliases, `如果…则…否则` vs `?:`, macro spellings (任一/exists),
// bare enum members and bare numbers next to quantities are all resolved by compiler/lower.
//
// Invariants (checked by Verify in verify.h; every producer must keep them):
//   1. Topological order: every operand id of node N is < N. A backend can evaluate nodes in
//      increasing id order, and a node's operands are always ready.
//   2. Hash-consed: no two nodes have the same (op, type, payload, operands). An identical
//      subexpression used by several items is ONE node referenced from several places; a backend
//      may evaluate such a node once per submission when it is var-free (flag kUsesVar unset).
//   3. Typed: every node has a Type; operands have the types their op requires (table in the
//      comments of Op below). Binary comparisons and arithmetic have operands of the SAME type
//      (same unit for quantities and durations): lowering inserts explicit kConvertUnit /
//      kIntToDecimal nodes, and folds them into constants when the operand is constant.
//   4. Three-valued: every node may evaluate to "unknown" (missing data); the Kleene operators are
//      explicit (kAnd/kOr/kNot); no other op decides anything when an operand is unknown, except
//      the macros (exists with one true element is true) and kCond (unknown condition → unknown).
//   5. Macro variables are numbered by nesting depth (de Bruijn levels): the outermost macro in an
//      expression binds slot 0, a macro inside its body slot 1, ... so equal bodies in different
//      items hash-cons to the same nodes. A kVar node appears only inside the body of a macro
//      binding its slot.
//   6. Constant folding is done: no node whose operands are all constants remains, except when
//      folding would need run-time data (report date) or would be inexact.
//
// Dump (dump.h): a canonical, deterministic text form (Soufflé --show style) used by
// tests/golden/ir.
//
// Thread safety: a Program is immutable once built and may be read from many threads.
#ifndef PAICHA_COMPILER_IR_IR_H_
#define PAICHA_COMPILER_IR_IR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "paicha/compiler/source.h"
#include "paicha/rt/calendar.h"
#include "paicha/rt/decimal.h"
#include "paicha/rt/schema.h"
#include "paicha/rt/units.h"

namespace paicha::compiler::ir {

using NodeId = uint32_t;
inline constexpr NodeId kNoNode = UINT32_MAX;

// ---- Types ----------------------------------------------------------------------------------

enum class TypeKind : uint8_t {
  kBool,      // true / false / unknown
  kVerdict,   // result of frequency and deadline rules: true / false / unknown / not-due.
              // Usable wherever kBool is; kNot/kAnd/kOr over a verdict give a verdict (a not-due
              // operand is not counted, rt::DueTruth; reported as 未到期 when it decides).
  kInt,       // int64
  kDecimal,   // exact rt::Decimal, dimensionless
  kQuantity,  // rt::Decimal expressed in `unit` (e.g. kPa); dimension = unit's dimension
  kText,
  kDate,
  kDuration,  // rt::Decimal expressed in `unit`, whose dimension is days or months
  kPeriod,    // a calendar period kind (日/周/月/季度/半年/年) of a frequency rule
  kEnum,      // a member index of enum `index` (into schema.enums)
  kRecord,    // a record `index` (into schema.records)
  kList,      // a list of records `index`
  kError,     // only inside sema after an error; never in a verified Program
};

struct Type {
  TypeKind kind = TypeKind::kError;
  rt::UnitId unit = rt::UnitId::kNone;  // kQuantity, kDuration: the unit of the value
  int32_t index = -1;                   // kEnum, kRecord, kList: schema index

  bool operator==(const Type& o) const {
    return kind == o.kind && unit == o.unit && index == o.index;
  }
  bool operator!=(const Type& o) const { return !(*this == o); }
  // True for kBool and kVerdict.
  bool is_truth() const { return kind == TypeKind::kBool || kind == TypeKind::kVerdict; }
  bool is_numeric() const {
    return kind == TypeKind::kInt || kind == TypeKind::kDecimal || kind == TypeKind::kQuantity;
  }

  static Type Make(TypeKind k) { return {k, rt::UnitId::kNone, -1}; }
  static Type Bool() { return {TypeKind::kBool, {}, -1}; }
  static Type Verdict() { return {TypeKind::kVerdict, {}, -1}; }
  static Type Int() { return {TypeKind::kInt, {}, -1}; }
  static Type Dec() { return {TypeKind::kDecimal, {}, -1}; }
  static Type Text() { return {TypeKind::kText, {}, -1}; }
  static Type Date() { return {TypeKind::kDate, {}, -1}; }
  static Type Period() { return {TypeKind::kPeriod, {}, -1}; }
  static Type Error() { return {TypeKind::kError, {}, -1}; }
  static Type Quantity(rt::UnitId u) { return {TypeKind::kQuantity, u, -1}; }
  static Type Duration(rt::UnitId u) { return {TypeKind::kDuration, u, -1}; }
  static Type Enum(int32_t i) { return {TypeKind::kEnum, {}, i}; }
  static Type Record(int32_t i) { return {TypeKind::kRecord, {}, i}; }
  static Type List(int32_t i) { return {TypeKind::kList, {}, i}; }
};

// ---- Nodes ----------------------------------------------------------------------------------

// Operations. Operand lists are in `Node::operands`; payload fields are named per op.
// "T" below is the node's own type.
enum class Op : uint8_t {
  // Constants (no operands). Payload: kConstBool/kConstInt/kConstEnum/kConstDate/kConstPeriod use
  // `ival` (bool 0/1, int64, member index, days since 1970-01-01, rt::PeriodKind);
  // kConstDecimal (T = decimal, quantity or duration) uses `dval`; kConstText uses `sval`.
  kConstBool,
  kConstInt,
  kConstDecimal,
  kConstText,
  kConstDate,
  kConstEnum,
  kConstPeriod,

  // Data.
  kInput,       // the submission's root record; T = record(schema.root). No operands.
  kVar,         // macro variable, slot `ival`; T = record(element).
  kField,       // operands [record]; field index `ival` of that record; `sval` = field name.
  kIndex,       // operands [list, int]; the element (0-based); unknown when out of range.
  kLet,         // reference to program.lets[ival]; T = the let's type. No operands. Lets are
                // in dependency order (a let's value only reads lets with a smaller index), so
                // a backend evaluates them first, in order, once per submission.
  kReportDate,  // 报告日期 (date).
  kPeriodStart,  // 统计起始日期 (date): submitted, else max(effective date, Jan 1 of report year −
                 // 1).
  kScore,  // 得分 (decimal 0–100), only in grades/colours.
  kMajorCount,
  kGeneralCount,
  kNonconformCount,  // 重大隐患数 / 一般隐患数 / 不符合数 (int)

  // Kleene logic. kNot [x]; kAnd / kOr n-ary (≥ 2 operands); operands bool or verdict.
  kNot,
  kAnd,
  kOr,
  // kCond [cond, then, else]: unknown cond → unknown.
  kCond,

  // Comparisons (T = bool), both operands of the SAME type: int, decimal, quantity (same unit),
  // duration (same unit), date, text (code-point order), enum (eq/ne only), bool (eq/ne only).
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  // kIn [x, e1, ..., en] (T = bool): x equals one of e_i (all of x's type). kNotIn likewise.
  kIn,
  kNotIn,

  // Arithmetic, operands and result of the same numeric type (int, decimal, quantity in one
  // unit, duration in one unit), except kMul/kDiv, whose second operand may be a dimensionless
  // int/decimal scaling a quantity or duration (T = the first operand's type); kDiv of two
  // decimals rounds as rt::Decimal::Div. Overflow and division by zero give unknown.
  kAdd,
  kSub,
  kMul,
  kDiv,
  kNeg,
  // kIntToDecimal [int] → decimal (exact).
  kIntToDecimal,
  // kConvertUnit [x] → x expressed in T.unit: multiplies by the exact factor `dval`
  // (= factor(from) / factor(to), always exact); `ival` = source UnitId as integer. A plain
  // decimal next to a ratio quantity (% ‰) is typed quantity(1) (UnitId::kOne) by lowering, so
  // `比例 >= 85 %` converts 85 % to 0.85 (1) here.
  kConvertUnit,

  // Dates. kAddDays [date, duration in 天] → date; kAddMonths [date, duration in 月] → date
  // (calendar, clamped to the month's end). Subtraction is addition of kNeg.
  kAddDays,
  kAddMonths,

  // Text. kMatches [text] with the RE2 pattern `sval` (validated at compile time). CEL
  // semantics: the pattern may match anywhere (RE2::PartialMatch); authors anchor with ^…$.
  // kStartsWith / kContains [text, text].
  kMatches,
  kStartsWith,
  kContains,

  // List macros: operands [list, body]; the body sees the element as kVar slot `ival`.
  // exists/all/exists_one/ratio: body bool; filter: body bool, T = the list type;
  // count: body bool, T = int; sum/min/max: body numeric, T = its type (sum of int is int);
  // ratio: T = decimal in [0,1] (unknown members give bounds; see runtime).
  kExists,
  kAll,
  kExistsOne,
  kFilter,
  kCount,
  kSum,
  kMin,
  kMax,
  kRatio,
  // kSize [list] → int.
  kSize,

  // Situations: "有下列情形之一 / 下列全部 / 至少 N 项". kAnyOf/kAllOf [alt1..altn];
  // kAtLeast [count(int), alt1..altn]. `ival` indexes program.situation_labels (the labels, "" for
  // unlabelled ones, in operand order). T = bool.
  kAnyOf,
  kAllOf,
  kAtLeast,

  // Frequency rule: operands [period, count(int), list, date-body, filter-body or absent];
  // slot `ival` binds the element in the bodies; T = verdict. Judged periods per the 通用判定口径
  // (rt::ComputeJudgedPeriods). The filter-body is absent when operands.size() == 4.
  kFrequency,
  // Deadline rule: [deadline date, done date]; T = verdict.
  kDeadline,
};
const char* OpName(Op op);

// Node flags.
inline constexpr uint8_t kFlagConst = 1;    // a constant op
inline constexpr uint8_t kFlagUsesVar = 2;  // var_depth > 0: not cacheable per submission
inline constexpr uint8_t kFlagUsesLet = 4;  // reads a let (directly or below)

struct Node {
  Op op = Op::kConstBool;
  uint8_t flags = 0;
  Type type;
  std::vector<NodeId> operands;
  int64_t ival = 0;
  rt::Decimal dval{};
  std::string sval;
  Span span;  // where the node was written first (file id into Program::files)
  // How many enclosing macro variables the node reads: 1 + the highest slot it reads that is
  // not bound inside it, 0 when it reads none. A node with var_depth 0 has one value per
  // submission (a backend may cache it); a macro binding slot s has var_depth <= s.
  uint16_t var_depth = 0;
};

// ---- Declarations ---------------------------------------------------------------------------

enum class Level : uint8_t { kMajor, kGeneral, kNonconformity };

struct Meta {
  bool is_module = false;
  std::string title;
  std::string issuer, docno, version, supersedes;
  std::optional<rt::Date> issued, effective;
  NodeId applies = kNoNode;  // the header's 适用, also folded into every item's `applies`
};

struct Let {
  std::string name;
  NodeId value = kNoNode;
  Type type;
  Span span;
  int32_t section = -1;  // declaring section, -1 at top level
};

struct SourcePos {
  std::string file;  // as given to the compiler (not canonicalised)
  uint32_t line = 0, column = 0;
};

struct Section {
  std::string id;  // "" when the section has no id
  std::string title;
  int32_t parent = -1;       // enclosing section index, -1 at top level
  NodeId applies = kNoNode;  // own 适用 ∧ enclosing sections' ∧ header's; kNoNode = always
  std::optional<rt::Decimal> points;  // 满分
  std::string explain;
  SourcePos pos;
};

struct Deduct {
  rt::Decimal amount;              // points per occurrence
  NodeId per = kNoNode;            // int occurrences; kNoNode = one occurrence when the item fires
  std::optional<rt::Decimal> cap;  // default: the item's points
};

struct Item {
  std::string id;
  std::string title;
  std::string clause;
  Level level = Level::kNonconformity;
  NodeId applies = kNoNode;  // own 适用 ∧ every enclosing section's ∧ header's; kNoNode = always
  NodeId condition = kNoNode;  // bool or verdict; never kNoNode in a verified program
  std::string explain, remedy;
  std::optional<rt::Decimal> deadline_amount;    // 整改时限, with its unit:
  rt::UnitId deadline_unit = rt::UnitId::kNone;  //   e.g. 30 天
  std::optional<rt::Decimal> points;
  std::optional<Deduct> deduct;
  bool veto = false;
  bool unverified = false;
  std::string unverified_reason;
  int32_t section = -1;  // innermost enclosing section, -1 at top level
  Span span;
  SourcePos pos;
};

// A grade or colour rule; `when` == kNoNode means 否则.
struct GradeRule {
  std::string name;
  NodeId when = kNoNode;
};

struct Program {
  Meta meta;
  rt::Schema schema;
  std::vector<Node> nodes;
  std::vector<Let> lets;
  std::vector<Section> sections;
  std::vector<Item> items;
  std::vector<GradeRule> grades, colours;
  std::vector<std::vector<std::string>> situation_labels;  // see kAnyOf
  std::vector<std::string> files;                          // FileId → file name (spans)

  const Node& node(NodeId id) const { return nodes[id]; }
};

}  // namespace paicha::compiler::ir

#endif  // PAICHA_COMPILER_IR_IR_H_
