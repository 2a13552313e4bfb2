// Program model helpers: opcode names, constant factories, equality for round-trip tests and the
// source-map lookup.
#include "paicha/rt/program.h"

#include <algorithm>

namespace paicha::rt {

const char* OpcodeName(Opcode op) {
  switch (op) {
#define PAICHA_OPCODE(Name, pops, pushes, operands, semantics) \
  case Opcode::k##Name:                                        \
    return #Name;
#include "../vm/opcodes.def"
#undef PAICHA_OPCODE
  }
  return "?";
}

const char* MacroKindName(MacroKind kind) {
  switch (kind) {
#define PAICHA_MACRO_KIND(Name, body_values, semantics) \
  case MacroKind::k##Name:                              \
    return #Name;
#include "../vm/opcodes.def"
#undef PAICHA_MACRO_KIND
  }
  return "?";
}

Constant Constant::Int(int64_t v) {
  Constant c;
  c.kind = Kind::kInt;
  c.i = v;
  return c;
}
Constant Constant::Dec(const Decimal& v) {
  Constant c;
  c.kind = Kind::kDecimal;
  c.d = v;
  return c;
}
Constant Constant::Text(std::string v) {
  Constant c;
  c.kind = Kind::kText;
  c.s = std::move(v);
  return c;
}
Constant Constant::DateValue(Date v) {
  Constant c;
  c.kind = Kind::kDate;
  c.date = v;
  return c;
}
Constant Constant::Pattern(std::string v) {
  Constant c;
  c.kind = Kind::kPattern;
  c.s = std::move(v);
  return c;
}

bool operator==(const Constant& x, const Constant& y) {
  if (x.kind != y.kind) return false;
  switch (x.kind) {
    case Constant::Kind::kInt:
      return x.i == y.i;
    case Constant::Kind::kDecimal:
      return x.d.Identical(y.d);
    case Constant::Kind::kDate:
      return x.date == y.date;
    case Constant::Kind::kText:
    case Constant::Kind::kPattern:
      return x.s == y.s;
  }
  return false;
}

namespace {
bool SameOptDecimal(const std::optional<Decimal>& a, const std::optional<Decimal>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || a->Identical(*b);
}
}  // namespace

bool operator==(const ItemDecl& a, const ItemDecl& b) {
  return a.id == b.id && a.title == b.title && a.clause == b.clause && a.explain == b.explain &&
         a.remedy == b.remedy && a.unverified_reason == b.unverified_reason && a.level == b.level &&
         a.section == b.section && a.applies == b.applies && a.condition == b.condition &&
         SameOptDecimal(a.deadline_amount, b.deadline_amount) &&
         a.deadline_unit == b.deadline_unit && SameOptDecimal(a.points, b.points) &&
         a.has_deduct == b.has_deduct && a.deduct_amount.Identical(b.deduct_amount) &&
         a.deduct_per == b.deduct_per && SameOptDecimal(a.deduct_cap, b.deduct_cap) &&
         a.veto == b.veto && a.unverified == b.unverified;
}

const LineInfo* Program::LineFor(uint32_t pc) const {
  // The last entry with entry.pc <= pc (Lua luaG_getfuncline over abslineinfo).
  auto it = std::upper_bound(lines.begin(), lines.end(), pc,
                             [](uint32_t v, const LineInfo& e) { return v < e.pc; });
  if (it == lines.begin()) return nullptr;
  return &*(it - 1);
}

bool SameProgram(const Program& a, const Program& b) {
  if (!(a.meta == b.meta) || a.schema != b.schema || a.constants != b.constants ||
      a.code != b.code || a.segments != b.segments || a.lets != b.lets || a.items != b.items ||
      a.grades != b.grades || a.colours != b.colours || a.situation_labels != b.situation_labels ||
      a.files != b.files || a.lines != b.lines) {
    return false;
  }
  if (a.sections.size() != b.sections.size()) return false;
  for (size_t i = 0; i < a.sections.size(); ++i) {
    const SectionDecl& x = a.sections[i];
    const SectionDecl& y = b.sections[i];
    if (!(x == y) || !SameOptDecimal(x.points, y.points)) return false;
  }
  return true;
}

}  // namespace paicha::rt
