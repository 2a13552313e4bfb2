#include "sema/types.h"

namespace paicha::compiler::sema {

using ir::Type;
using ir::TypeKind;

ir::Type FromSchema(const rt::Type& t) {
  switch (t.kind) {
    case rt::TypeKind::kBool:
      return Type::Bool();
    case rt::TypeKind::kInt:
      return Type::Int();
    case rt::TypeKind::kDecimal:
      return Type::Dec();
    case rt::TypeKind::kQuantity:
      return Type::Quantity(t.unit);
    case rt::TypeKind::kText:
      return Type::Text();
    case rt::TypeKind::kDate:
      return Type::Date();
    case rt::TypeKind::kDuration:
      return Type::Duration(t.unit);
    case rt::TypeKind::kEnum:
      return Type::Enum(t.index);
    case rt::TypeKind::kRecord:
      return Type::Record(t.index);
    case rt::TypeKind::kList:
      return Type::List(t.index);
  }
  return Type::Error();
}

bool IsDurationUnit(rt::UnitId unit) {
  rt::Dimension d = rt::DimensionOf(unit);
  return d == rt::Dimension::kDays || d == rt::Dimension::kMonths;
}

ir::Type TypeOfUnit(rt::UnitId unit) {
  return IsDurationUnit(unit) ? Type::Duration(unit) : Type::Quantity(unit);
}

std::optional<rt::Decimal> ConversionFactor(rt::UnitId from, rt::UnitId to) {
  if (from == to) return rt::Decimal::FromInt(1);
  if (!rt::Convertible(from, to)) return std::nullopt;
  return rt::Decimal::DivExact(rt::Info(from).factor, rt::Info(to).factor);
}

namespace {

bool Plain(const Type& t) { return t.kind == TypeKind::kInt || t.kind == TypeKind::kDecimal; }
bool WithUnit(const Type& t) {
  return t.kind == TypeKind::kQuantity || t.kind == TypeKind::kDuration;
}

// The finer of two convertible units (ties: `a`).
rt::UnitId Finer(rt::UnitId a, rt::UnitId b) {
  return rt::Info(b).factor < rt::Info(a).factor ? b : a;
}

}  // namespace

std::optional<ir::Type> CommonNumeric(const Type& a, const Type& b, bool* unit_clash) {
  if (unit_clash) *unit_clash = false;
  if (Plain(a) && Plain(b)) {
    return a.kind == TypeKind::kInt && b.kind == TypeKind::kInt ? Type::Int() : Type::Dec();
  }
  if (WithUnit(a) && WithUnit(b)) {
    if (a.unit == b.unit) return a;
    if (!rt::Convertible(a.unit, b.unit)) {
      if (unit_clash) *unit_clash = true;
      return std::nullopt;
    }
    rt::UnitId u = Finer(a.unit, b.unit);
    if (!ConversionFactor(a.unit, u) || !ConversionFactor(b.unit, u)) return std::nullopt;
    return TypeOfUnit(u);
  }
  // A plain number next to a ratio quantity is a number in the unit "1".
  const Type& q = WithUnit(a) ? a : b;
  const Type& p = WithUnit(a) ? b : a;
  if (WithUnit(q) && Plain(p) && rt::DimensionOf(q.unit) == rt::Dimension::kRatio) {
    return Type::Quantity(Finer(q.unit, rt::UnitId::kOne));
  }
  return std::nullopt;
}

std::string TypeText(const rt::Schema& s, const Type& t) {
  auto rec = [&](int32_t i) {
    return i >= 0 && static_cast<size_t>(i) < s.records.size() ? s.records[i].name
                                                               : std::string("?");
  };
  switch (t.kind) {
    case TypeKind::kBool:
      return "布尔";
    case TypeKind::kVerdict:
      return "判定结果";
    case TypeKind::kInt:
      return "整数";
    case TypeKind::kDecimal:
      return "小数";
    case TypeKind::kQuantity:
      return "数量(" + std::string(rt::Symbol(t.unit)) + ")";
    case TypeKind::kText:
      return "文本";
    case TypeKind::kDate:
      return "日期";
    case TypeKind::kDuration:
      return "时长(" + std::string(rt::Symbol(t.unit)) + ")";
    case TypeKind::kPeriod:
      return "周期";
    case TypeKind::kEnum:
      return "枚举 " + (t.index >= 0 && static_cast<size_t>(t.index) < s.enums.size()
                            ? s.enums[t.index].name
                            : std::string("?"));
    case TypeKind::kRecord:
      return "记录 " + rec(t.index);
    case TypeKind::kList:
      return "列表 " + rec(t.index);
    case TypeKind::kError:
      return "?";
  }
  return "?";
}

}  // namespace paicha::compiler::sema
