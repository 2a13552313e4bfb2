// Type rules shared by sema (checking) and lower (inserting the conversions sema decided on).
//
// Numbers: int and decimal mix exactly (int widens to decimal). Quantities of convertible units
// meet in the FINER unit (the one with the smaller factor: 0.03 MPa vs 30 kPa meet in kPa), so
// every conversion multiplies by an exact factor >= 1 and never rounds. A plain number meets a
// ratio quantity (% ‰) as a number in the unit "1" (比例 >= 85 % compares 0.85 with 85 %). Other
// plain numbers meet a quantity only when they are literals (`人数 >= 10`: 10 takes the unit 人);
// sema does that by retyping the literal.
// Durations are quantities of the days or months dimension (天/周 vs 月/季度/半年/年); the two
// never mix. date ± duration is a date; date − date is rejected (write `a > b + N 天`): the
// result would need a days/months choice the author should make explicitly.
#ifndef PAICHA_COMPILER_SEMA_TYPES_H_
#define PAICHA_COMPILER_SEMA_TYPES_H_

#include <optional>
#include <string>

#include "ir/ir.h"
#include "paicha/rt/schema.h"

namespace paicha::compiler::sema {

// The IR type of a schema type.
ir::Type FromSchema(const rt::Type& t);
// The type of a number written with `unit`: a duration for days/months units, else a quantity.
ir::Type TypeOfUnit(rt::UnitId unit);
// True for kDays/kMonths units.
bool IsDurationUnit(rt::UnitId unit);

// The type two numeric operands (int, decimal, quantity, duration) are coerced to before a
// comparison or +/−; nullopt when they do not mix (incompatible units, plain number vs a
// non-ratio quantity). `unit_clash` is set when both had units of different dimensions.
std::optional<ir::Type> CommonNumeric(const ir::Type& a, const ir::Type& b, bool* unit_clash);

// The exact factor converting a value in `from` to `to` (same dimension): factor(from) /
// factor(to). nullopt when not convertible or not exact.
std::optional<rt::Decimal> ConversionFactor(rt::UnitId from, rt::UnitId to);

// A type as shown in diagnostics, in the DSL's Chinese type words: 布尔, 整数, 小数, 数量(kPa),
// 时长(天), 文本, 日期, 枚举 设施状态, 记录 X, 列表 X, 判定结果, 周期.
std::string TypeText(const rt::Schema& schema, const ir::Type& t);

}  // namespace paicha::compiler::sema

#endif  // PAICHA_COMPILER_SEMA_TYPES_H_
