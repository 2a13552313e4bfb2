// The runtime's description of a rulebook's input (the submission form): enums, records and the
// root record of top-level fields. The compiler (compiler/sema) produces it from the rulebook's
// 枚举/记录/输入 declarations, the image stores it, the facts loader (runtime/facts) reads a
// submission against it, and reports use its labels.
//
// Invariants (checked by Validate(); the image reader must call it on untrusted data):
//  - every enum index and record index in a Type is in range; root is a valid record index;
//  - names are unique within an enum's members and within a record's fields (labels need not
//    be unique, but a member label equal to another member's name is rejected);
//  - kQuantity/kDuration types carry a unit of a matching dimension (kDuration: kDays or
//    kMonths dimension; kQuantity: any unit but kNone); other kinds carry UnitId::kNone;
//  - records do not contain themselves by value (kRecord fields form no cycle); a list's
//    elements may be any record.
// Indexes (field index, member index) are the positions in the vectors; Values and the VM use
// them. Plain data: copyable, comparable, no pointers; thread-safe when not mutated.
#ifndef PAICHA_RT_SCHEMA_H_
#define PAICHA_RT_SCHEMA_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "paicha/rt/units.h"

namespace paicha::rt {

enum class TypeKind : uint8_t {
  kBool,
  kInt,
  kDecimal,
  kQuantity,  // a number with a declared unit (整数(人), 小数(kPa)); `unit` says which
  kText,
  kDate,
  kDuration,  // a duration in `unit` (a kDays or kMonths unit, e.g. 天 or 月)
  kEnum,      // `index` is the enum's index in Schema::enums
  kRecord,    // `index` is the record's index in Schema::records
  kList,      // a list of records; `index` is the element record's index
};

// "bool", "int", ... for dumps; never shown to users.
std::string_view TypeKindName(TypeKind k);

struct Type {
  TypeKind kind = TypeKind::kBool;
  UnitId unit = UnitId::kNone;  // kQuantity, kDuration only
  bool integral = false;        // kQuantity only: declared 整数(unit), values must be integers
  int32_t index = -1;           // kEnum, kRecord, kList only

  static Type MakeBool() { return {TypeKind::kBool}; }
  static Type MakeInt() { return {TypeKind::kInt}; }
  static Type MakeDecimal() { return {TypeKind::kDecimal}; }
  static Type MakeText() { return {TypeKind::kText}; }
  static Type MakeDate() { return {TypeKind::kDate}; }
  static Type MakeQuantity(UnitId u, bool integral = false) {
    return {TypeKind::kQuantity, u, integral};
  }
  static Type MakeDuration(UnitId u) { return {TypeKind::kDuration, u}; }
  static Type MakeEnum(int32_t i) { return {TypeKind::kEnum, UnitId::kNone, false, i}; }
  static Type MakeRecord(int32_t i) { return {TypeKind::kRecord, UnitId::kNone, false, i}; }
  static Type MakeList(int32_t element_record) {
    return {TypeKind::kList, UnitId::kNone, false, element_record};
  }

  friend bool operator==(const Type& a, const Type& b) {
    return a.kind == b.kind && a.unit == b.unit && a.integral == b.integral && a.index == b.index;
  }
  friend bool operator!=(const Type& a, const Type& b) { return !(a == b); }
};

struct EnumMember {
  std::string name;   // the member's identifier in the rulebook (干式)
  std::string label;  // display label; a submission may use it too ("" means: same as name)
  friend bool operator==(const EnumMember& a, const EnumMember& b) {
    return a.name == b.name && a.label == b.label;
  }
};

struct EnumDef {
  std::string name;
  std::vector<EnumMember> members;
  // Index of the member whose name or label equals `text` (names first); -1 when none.
  int32_t FindMember(std::string_view text) const;
  // The member's display label (the name when the label is empty). Requires a valid index.
  std::string_view DisplayLabel(int32_t member) const;
  friend bool operator==(const EnumDef& a, const EnumDef& b) {
    return a.name == b.name && a.members == b.members;
  }
};

struct FieldDef {
  std::string name;   // the key in submissions (单位名称)
  std::string label;  // form label ("" means: same as name)
  std::string help;   // form help text (may be "")
  Type type;
  friend bool operator==(const FieldDef& a, const FieldDef& b) {
    return a.name == b.name && a.label == b.label && a.help == b.help && a.type == b.type;
  }
};

struct RecordDef {
  std::string name;  // the record type's name; the root record is conventionally "输入"
  std::vector<FieldDef> fields;
  // Index of the field named `name`; -1 when none. Linear scan: records are small; the facts
  // loader builds its own hash index for large ones.
  int32_t FindField(std::string_view name) const;
  friend bool operator==(const RecordDef& a, const RecordDef& b) {
    return a.name == b.name && a.fields == b.fields;
  }
};

struct Schema {
  std::vector<EnumDef> enums;
  std::vector<RecordDef> records;
  int32_t root = 0;  // index of the root record (the top-level fields)

  const RecordDef& root_record() const { return records[static_cast<size_t>(root)]; }

  // Checks the invariants above. Returns "" when valid, else a short English description of the
  // first violation (for the tool's own errors: a corrupt image). Never crashes on bad indexes.
  std::string Validate() const;

  friend bool operator==(const Schema& a, const Schema& b) {
    return a.enums == b.enums && a.records == b.records && a.root == b.root;
  }
  friend bool operator!=(const Schema& a, const Schema& b) { return !(a == b); }
};

// Reserved top-level submission keys (never schema fields): the report date and the start of the
// counting window (口径 5), with English aliases.
inline constexpr std::string_view kReportDateKey = "报告日期";
inline constexpr std::string_view kReportDateKeyEn = "report_date";
inline constexpr std::string_view kPeriodStartKey = "统计起始日期";
inline constexpr std::string_view kPeriodStartKeyEn = "period_start";

}  // namespace paicha::rt

#endif  // PAICHA_RT_SCHEMA_H_
