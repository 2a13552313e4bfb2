// Schema lookups and validation. Validation never trusts indexes: it is run on schemas read from
// untrusted rulebook images before anything else touches them.
#include "paicha/rt/schema.h"

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace paicha::rt {

std::string_view TypeKindName(TypeKind k) {
  switch (k) {
    case TypeKind::kBool:
      return "bool";
    case TypeKind::kInt:
      return "int";
    case TypeKind::kDecimal:
      return "decimal";
    case TypeKind::kQuantity:
      return "quantity";
    case TypeKind::kText:
      return "text";
    case TypeKind::kDate:
      return "date";
    case TypeKind::kDuration:
      return "duration";
    case TypeKind::kEnum:
      return "enum";
    case TypeKind::kRecord:
      return "record";
    case TypeKind::kList:
      return "list";
  }
  return "?";
}

int32_t EnumDef::FindMember(std::string_view text) const {
  for (size_t i = 0; i < members.size(); ++i) {
    if (members[i].name == text) return static_cast<int32_t>(i);
  }
  for (size_t i = 0; i < members.size(); ++i) {
    if (!members[i].label.empty() && members[i].label == text) return static_cast<int32_t>(i);
  }
  return -1;
}

std::string_view EnumDef::DisplayLabel(int32_t member) const {
  const EnumMember& m = members[static_cast<size_t>(member)];
  return m.label.empty() ? m.name : m.label;
}

int32_t RecordDef::FindField(std::string_view field_name) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field_name) return static_cast<int32_t>(i);
  }
  return -1;
}

std::string Schema::Validate() const {
  const auto n_enums = static_cast<int64_t>(enums.size());
  const auto n_records = static_cast<int64_t>(records.size());
  if (root < 0 || root >= n_records) return "root record index out of range";
  for (const EnumDef& def : enums) {
    std::unordered_set<std::string_view> names;
    for (const EnumMember& m : def.members) {
      if (m.name.empty()) return "enum " + def.name + ": empty member name";
      if (!names.insert(m.name).second) return "enum " + def.name + ": duplicate member " + m.name;
    }
    for (const EnumMember& m : def.members) {
      if (m.label.empty() || m.label == m.name) continue;
      if (names.count(m.label) != 0) {
        return "enum " + def.name + ": label " + m.label + " is another member's name";
      }
    }
  }
  for (const RecordDef& def : records) {
    std::unordered_set<std::string_view> names;
    for (const FieldDef& f : def.fields) {
      if (f.name.empty()) return "record " + def.name + ": empty field name";
      if (!names.insert(f.name).second) return "record " + def.name + ": duplicate field " + f.name;
      const Type& t = f.type;
      if (!IsValidUnitId(static_cast<int>(t.unit))) return "field " + f.name + ": bad unit";
      const Dimension dim = DimensionOf(t.unit);
      switch (t.kind) {
        case TypeKind::kQuantity:
          if (t.unit == UnitId::kNone) return "field " + f.name + ": quantity without unit";
          break;
        case TypeKind::kDuration:
          if (dim != Dimension::kDays && dim != Dimension::kMonths) {
            return "field " + f.name + ": duration unit is not days or months";
          }
          break;
        case TypeKind::kBool:
        case TypeKind::kInt:
        case TypeKind::kDecimal:
        case TypeKind::kText:
        case TypeKind::kDate:
        case TypeKind::kEnum:
        case TypeKind::kRecord:
        case TypeKind::kList:
          if (t.unit != UnitId::kNone) return "field " + f.name + ": unit on a unitless type";
          break;
        default:
          return "field " + f.name + ": bad type kind";
      }
      if (t.integral && t.kind != TypeKind::kQuantity) {
        return "field " + f.name + ": integral flag on a non-quantity";
      }
      if (t.kind == TypeKind::kEnum && (t.index < 0 || t.index >= n_enums)) {
        return "field " + f.name + ": enum index out of range";
      }
      if ((t.kind == TypeKind::kRecord || t.kind == TypeKind::kList) &&
          (t.index < 0 || t.index >= n_records)) {
        return "field " + f.name + ": record index out of range";
      }
      if (t.kind != TypeKind::kEnum && t.kind != TypeKind::kRecord && t.kind != TypeKind::kList &&
          t.index != -1) {
        return "field " + f.name + ": index on a type without one";
      }
    }
  }
  // No record contains itself by value: depth-first search over kRecord edges with colours
  // (iterative, so a hostile image cannot overflow the stack).
  std::vector<int> colour(records.size(), 0);  // 0 new, 1 on stack, 2 done
  for (size_t start = 0; start < records.size(); ++start) {
    if (colour[start] != 0) continue;
    std::vector<std::pair<size_t, size_t>> stack{{start, 0}};
    colour[start] = 1;
    while (!stack.empty()) {
      auto& [rec, next] = stack.back();
      const auto& fields = records[rec].fields;
      if (next == fields.size()) {
        colour[rec] = 2;
        stack.pop_back();
        continue;
      }
      const Type& t = fields[next++].type;
      if (t.kind != TypeKind::kRecord) continue;
      const auto child = static_cast<size_t>(t.index);
      if (colour[child] == 1) return "record " + records[child].name + " contains itself";
      if (colour[child] == 0) {
        colour[child] = 1;
        stack.emplace_back(child, 0);
      }
    }
  }
  return "";
}

}  // namespace paicha::rt
