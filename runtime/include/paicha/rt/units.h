// Units of measure and exact conversion between them.
//
// Every unit paicha knows is one line of runtime/core/units.def (X-macro): an id, a canonical
// symbol, a dimension and an exact decimal factor to the dimension's base unit. Units of the same
// dimension convert exactly (30 kPa == 0.03 MPa); units of different dimensions never do, and
// the compiler rejects such comparisons. Conversions never round: a value that is not exactly
// representable in the target unit (4 个月 in 季度) fails instead.
//
// Dimension decisions (see units.def): durations are two dimensions that never mix, calendar days
// (天, 周 = 7 天) and calendar months (月, 季度 = 3, 半年 = 6, 年 = 12), because a calendar
// month is not 30 days; hours/minutes/seconds are a third, clock-time dimension that is never
// added to dates. Ratios are dimensionless with base unit "1": 85 % == 0.85.
//
// UnitId numbers are stored in rulebook images: units.def lines are append-only.
// Thread safety: everything here is immutable static data; all functions are thread-safe.
#ifndef PAICHA_RT_UNITS_H_
#define PAICHA_RT_UNITS_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "paicha/rt/decimal.h"

namespace paicha::rt {

enum class Dimension : uint8_t {
  kNone,         // no dimension: the pseudo unit UnitId::kNone
  kRatio,        // dimensionless: 1, %, ‰
  kLength,       // m
  kArea,         // m²
  kVolume,       // m³
  kMass,         // kg
  kPressure,     // Pa
  kTemperature,  // °C (no offset units)
  kPersons,      // 人
  kCount,        // 个 (台, 处, 次, ...)
  kDays,         // calendar days: 天, 周
  kMonths,       // calendar months: 月, 季度, 半年, 年
  kClock,        // clock time: s, min, h
  kVoltage,      // V
  kCurrent,      // A
  kPower,        // W
  kVolumeFlow,   // m³/h
  kSpeed,        // km/h
  kMoney,        // 元
};

// A short English name for dumps and debugging ("length", "days", ...). Never for users.
std::string_view DimensionName(Dimension d);

enum class UnitId : uint8_t {
  kNone = 0,  // "no unit": plain numbers, and the unit of non-quantity types
#define PAICHA_UNIT(Id, Symbol, Dim, Factor, Aliases) k##Id,
#include "../../../core/units.def"  // runtime/core/units.def, relative to this header
#undef PAICHA_UNIT
};

// Number of UnitId values including kNone; valid ids are [0, kUnitCount).
inline constexpr int kUnitCount = 0
// NOLINTNEXTLINE(bugprone-macro-parentheses): expands to one term of a sum.
#define PAICHA_UNIT(Id, Symbol, Dim, Factor, Aliases) +1
#include "../../../core/units.def"  // runtime/core/units.def, relative to this header
#undef PAICHA_UNIT
                                  + 1;

struct UnitInfo {
  std::string_view symbol;   // canonical symbol ("kPa"); "" for kNone
  Dimension dimension;       // Dimension::kNone for kNone
  Decimal factor;            // size in the dimension's base unit; 1 for kNone
  std::string_view aliases;  // '|'-separated alternative spellings
};

// True when `raw` (e.g. a byte read from an image) names a unit (kNone included).
inline bool IsValidUnitId(int raw) { return raw >= 0 && raw < kUnitCount; }

// The unit's data. Requires a valid id (every enumerator is).
const UnitInfo& Info(UnitId id);
inline Dimension DimensionOf(UnitId id) { return Info(id).dimension; }
inline std::string_view Symbol(UnitId id) { return Info(id).symbol; }

// Finds a unit by canonical symbol or alias, exactly (case-sensitive, no trimming): "kPa",
// "千帕", "个月", "%". Returns nullopt for unknown text and for "" (kNone is never found).
std::optional<UnitId> FindUnit(std::string_view symbol_or_alias);

// True when both units have the same dimension (and it is not kNone).
bool Convertible(UnitId a, UnitId b);

// The base unit of a dimension (the unit with factor 1): kMetre for kLength, kDay for kDays,
// kMonth for kMonths, kOne for kRatio, ... UnitId::kNone for Dimension::kNone.
UnitId BaseUnit(Dimension d);

// Converts `v` in unit `from` to unit `to`, exactly: 1 m -> 0.001 km, 0.03 MPa -> 30 kPa,
// 2 年 -> 24 月, 6 月 -> 2 季度. Returns nullopt when the units are not convertible or the result
// is not exactly representable (4 月 -> 季度 is 1.333...; overflow). Same unit returns v as is.
std::optional<Decimal> Convert(const Decimal& v, UnitId from, UnitId to);

// A number with a unit. Plain data; comparison converts exactly.
struct Quantity {
  Decimal value;
  UnitId unit = UnitId::kNone;
};

// Three-way numeric comparison of two quantities of compatible units (30 kPa vs 0.03 MPa -> 0).
// Exact for all values, including ones whose conversion would overflow. nullopt when the units
// are not convertible. kNone compares only with kNone.
std::optional<int> CompareQuantities(const Quantity& a, const Quantity& b);

// Splits submission text like "12 kPa", "0.012MPa", "30%", "3个月", "-1.5 m" into a number and
// a unit: the longest leading plain decimal (Decimal::Parse syntax), optional ASCII spaces or
// U+3000, then a unit symbol or alias (FindUnit) up to the end (trailing spaces allowed). A bare
// number gives unit kNone. Returns nullopt when the number or the unit is malformed/unknown;
// `*bad_unit` (when non-null) is then set to the unit text that was not recognised ("" when the
// number itself was bad).
std::optional<Quantity> ParseQuantity(std::string_view text, std::string_view* bad_unit = nullptr);

}  // namespace paicha::rt

#endif  // PAICHA_RT_UNITS_H_
