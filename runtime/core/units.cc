// The unit table, built once from units.def, and exact conversion.
#include "paicha/rt/units.h"

#include <array>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "wide_decimal.h"

namespace paicha::rt {
namespace {

struct Table {
  std::array<UnitInfo, kUnitCount> info;
  std::array<UnitId, 32> base{};  // by Dimension
  std::unordered_map<std::string_view, UnitId> by_name;
};

const Table& GetTable() {
  // Function-local static: built once, thread-safe (magic statics), never destroyed order issues
  // because it is leaked deliberately (no destructor runs at exit).
  static const Table* const table = [] {
    auto* t = new Table();
    t->info[0] = UnitInfo{"", Dimension::kNone, Decimal::FromInt(1), ""};
    int i = 1;
#define PAICHA_UNIT(Id, Symbol, Dim, Factor, Aliases)                                 \
  t->info[i] = UnitInfo{Symbol, Dimension::k##Dim, *Decimal::Parse(Factor), Aliases}; \
  ++i;
#include "units.def"
#undef PAICHA_UNIT
    for (int u = 1; u < kUnitCount; ++u) {
      const UnitInfo& info = t->info[u];
      const UnitId id = static_cast<UnitId>(u);
      if (info.factor == Decimal::FromInt(1)) {
        UnitId& b = t->base[static_cast<size_t>(info.dimension)];
        if (b == UnitId::kNone) b = id;
      }
      t->by_name.emplace(info.symbol, id);
      std::string_view rest = info.aliases;
      while (!rest.empty()) {
        const size_t bar = rest.find('|');
        const std::string_view alias = rest.substr(0, bar);
        if (!alias.empty()) t->by_name.emplace(alias, id);
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
      }
    }
    return t;
  }();
  return *table;
}

// Skips ASCII spaces and U+3000 (ideographic space, E3 80 80) from the front.
std::string_view TrimLeft(std::string_view s) {
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
      s.remove_prefix(1);
    } else if (s.size() >= 3 && s.substr(0, 3) == "\xE3\x80\x80") {
      s.remove_prefix(3);
    } else {
      return s;
    }
  }
}

std::string_view TrimRight(std::string_view s) {
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
      s.remove_suffix(1);
    } else if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") {
      s.remove_suffix(3);
    } else {
      return s;
    }
  }
}

}  // namespace

std::string_view DimensionName(Dimension d) {
  switch (d) {
    case Dimension::kNone:
      return "none";
    case Dimension::kRatio:
      return "ratio";
    case Dimension::kLength:
      return "length";
    case Dimension::kArea:
      return "area";
    case Dimension::kVolume:
      return "volume";
    case Dimension::kMass:
      return "mass";
    case Dimension::kPressure:
      return "pressure";
    case Dimension::kTemperature:
      return "temperature";
    case Dimension::kPersons:
      return "persons";
    case Dimension::kCount:
      return "count";
    case Dimension::kDays:
      return "days";
    case Dimension::kMonths:
      return "months";
    case Dimension::kClock:
      return "clock";
    case Dimension::kVoltage:
      return "voltage";
    case Dimension::kCurrent:
      return "current";
    case Dimension::kPower:
      return "power";
    case Dimension::kVolumeFlow:
      return "volume_flow";
    case Dimension::kSpeed:
      return "speed";
    case Dimension::kMoney:
      return "money";
  }
  return "?";
}

const UnitInfo& Info(UnitId id) {
  const auto& t = GetTable();
  const auto i = static_cast<size_t>(id);
  return i < t.info.size() ? t.info[i] : t.info[0];
}

std::optional<UnitId> FindUnit(std::string_view symbol_or_alias) {
  if (symbol_or_alias.empty()) return std::nullopt;
  const auto& m = GetTable().by_name;
  const auto it = m.find(symbol_or_alias);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

bool Convertible(UnitId a, UnitId b) {
  const Dimension da = DimensionOf(a);
  return da != Dimension::kNone && da == DimensionOf(b);
}

UnitId BaseUnit(Dimension d) {
  const auto i = static_cast<size_t>(d);
  const auto& base = GetTable().base;
  return i < base.size() ? base[i] : UnitId::kNone;
}

std::optional<Decimal> Convert(const Decimal& v, UnitId from, UnitId to) {
  if (from == to) return v;
  if (!Convertible(from, to)) return std::nullopt;
  const Decimal& ff = Info(from).factor;
  const Decimal& ft = Info(to).factor;
  // v × ff / ft. When ft divides ff exactly (MPa -> kPa: ×1000) multiply by the ratio, so that
  // large values do not overflow in the intermediate product; otherwise multiply then divide.
  if (const auto ratio = Decimal::DivExact(ff, ft)) {
    return Decimal::Mul(v, *ratio);
  }
  const auto product = Decimal::Mul(v, ff);
  if (!product) return std::nullopt;
  return Decimal::DivExact(*product, ft);
}

std::optional<int> CompareQuantities(const Quantity& a, const Quantity& b) {
  if (a.unit == b.unit) return Decimal::Compare(a.value, b.value);
  if (!Convertible(a.unit, b.unit)) return std::nullopt;
  // Compare a×fa with b×fb exactly as wide decimals: coefficients stay below
  // 9.3e18 × 10^9 (factor coefficients are small) and scales below 36, within CompareWide's range.
  const Decimal& fa = Info(a.unit).factor;
  const Decimal& fb = Info(b.unit).factor;
  return core_internal::CompareWide(
      static_cast<core_internal::i128>(a.value.coefficient()) * fa.coefficient(),
      a.value.scale() + fa.scale(),
      static_cast<core_internal::i128>(b.value.coefficient()) * fb.coefficient(),
      b.value.scale() + fb.scale());
}

std::optional<Quantity> ParseQuantity(std::string_view text, std::string_view* bad_unit) {
  if (bad_unit != nullptr) *bad_unit = std::string_view();
  std::string_view s = TrimRight(TrimLeft(text));
  // The longest prefix of sign, digits and '.'.
  size_t n = 0;
  if (n < s.size() && (s[n] == '+' || s[n] == '-')) ++n;
  while (n < s.size() && ((s[n] >= '0' && s[n] <= '9') || s[n] == '.')) ++n;
  const auto value = Decimal::Parse(s.substr(0, n));
  if (!value) return std::nullopt;
  const std::string_view unit_text = TrimLeft(s.substr(n));
  if (unit_text.empty()) return Quantity{*value, UnitId::kNone};
  const auto unit = FindUnit(unit_text);
  if (!unit) {
    if (bad_unit != nullptr) *bad_unit = unit_text;
    return std::nullopt;
  }
  return Quantity{*value, *unit};
}

}  // namespace paicha::rt
