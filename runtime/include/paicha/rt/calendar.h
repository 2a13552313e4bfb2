// Calendar dates, calendar arithmetic and the natural periods of the inspection standards.
//
// These functions are the normative reading rules ("通用判定口径", items 4–8, of
// shared/standards/seeds-checklists.md):
//  - 4. Natural periods are calendar periods: 日, 周 (Monday–Sunday), 月, 季度 (1–3, 4–6, 7–9,
//       10–12), 半年 (1–6, 7–12), 年; never 30/90-day approximations.
//  - 5. The periods judged are those wholly inside [统计起始日期, 报告日期]: first day ≥ start and
//       last day ≤ report date (a period ending exactly on the report date is judged). The period
//       that contains the report date and has not ended is reported separately ("running"): it
//       never fails. When the submission gives no start, it is
//       max(the requirement's effective date, 1 January of the year before the report date).
//  - 6/7. Month addition is calendar addition clamped to the month's last day:
//       2023-08-31 + 6 个月 = 2024-02-29; years are 12 months.
//  - 8. "N日内": deadline = event date + N days (the event day itself is not counted).
//
// Date is the number of days since 1970-01-01 (proleptic Gregorian) in an int32. The valid range
// is 1900-01-01 .. 2999-12-31: it covers every date a standard, an enterprise record or a
// certificate can carry, rejects typos such as "20240-01-01" or "0024-01-01" as errors rather
// than plausible dates, and keeps all arithmetic far from int32 overflow. Every operation that
// would leave the range returns nullopt. Date is trivially copyable (4 bytes); thread-safe.
#ifndef PAICHA_RT_CALENDAR_H_
#define PAICHA_RT_CALENDAR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paicha/rt/decimal.h"
#include "paicha/rt/units.h"

namespace paicha::rt {

bool IsLeapYear(int year);
// Days in `month` (1–12) of `year`; 0 for a month outside 1–12.
int DaysInMonth(int year, int month);

struct YearMonthDay {
  int year;
  int month;  // 1–12
  int day;    // 1–31
};

class Date {
 public:
  // 1900-01-01 and 2999-12-31 as days since 1970-01-01.
  static constexpr int32_t kMinDays = -25567;
  static constexpr int32_t kMaxDays = 376199;

  // 1970-01-01.
  constexpr Date() = default;

  // nullopt outside [kMinDays, kMaxDays].
  // Inline: Value::as_date() calls it on every date the evaluator reads.
  static std::optional<Date> FromDays(int64_t days) {
    if (days < kMinDays || days > kMaxDays) return std::nullopt;
    return Date(static_cast<int32_t>(days));
  }
  // nullopt for an invalid calendar date (2023-02-29, month 13) or one outside the range.
  static std::optional<Date> FromYmd(int year, int month, int day);
  // Accepts "YYYY-MM-DD", "YYYY/MM/DD" (month and day may have 1 or 2 digits in these two forms:
  // "2024-3-5") and "YYYY年M月D日" (also with leading zeros, "2024年03月05日"). The year has
  // exactly 4 digits. No surrounding spaces. nullopt when malformed or not a valid date.
  static std::optional<Date> Parse(std::string_view text);

  int32_t days() const { return days_; }
  YearMonthDay ToYmd() const;
  int year() const { return ToYmd().year; }
  int month() const { return ToYmd().month; }
  int day() const { return ToYmd().day; }
  // "YYYY-MM-DD".
  std::string ToString() const;
  // ISO day of week: Monday = 1 … Sunday = 7.
  int DayOfWeek() const;

  // Calendar arithmetic; nullopt when the result leaves the valid range.
  std::optional<Date> AddDays(int64_t n) const;
  // Adds n calendar months (n may be negative); the day is clamped to the target month's last
  // day: 2023-08-31 + 6 = 2024-02-29, 2024-01-31 + 1 = 2024-02-29, 2024-03-31 - 1 = 2024-02-29.
  std::optional<Date> AddMonths(int64_t n) const;
  // AddMonths(12 * n): 2024-02-29 + 1 年 = 2025-02-28.
  std::optional<Date> AddYears(int64_t n) const;

  friend bool operator==(Date a, Date b) { return a.days_ == b.days_; }
  friend bool operator!=(Date a, Date b) { return a.days_ != b.days_; }
  friend bool operator<(Date a, Date b) { return a.days_ < b.days_; }
  friend bool operator<=(Date a, Date b) { return a.days_ <= b.days_; }
  friend bool operator>(Date a, Date b) { return a.days_ > b.days_; }
  friend bool operator>=(Date a, Date b) { return a.days_ >= b.days_; }

 private:
  explicit constexpr Date(int32_t d) : days_(d) {}
  int32_t days_ = 0;
};

// date + amount × unit for a duration unit: kDays-dimension units add days (周 = 7 天),
// kMonths-dimension units add calendar months (季度 = 3, 年 = 12; clamped as AddMonths).
// nullopt when the unit is not a duration unit, the amount × factor is not an integer
// (0.5 天, 1.5 月), or the result leaves the valid range.
std::optional<Date> AddDuration(Date date, const Decimal& amount, UnitId unit);

// ---- Natural periods (口径 4, 5) ----

enum class PeriodKind : uint8_t { kDay, kWeek, kMonth, kQuarter, kHalfYear, kYear };

// A closed interval of days [first, last].
struct Period {
  Date first;
  Date last;
  friend bool operator==(const Period& a, const Period& b) {
    return a.first == b.first && a.last == b.last;
  }
  friend bool operator!=(const Period& a, const Period& b) { return !(a == b); }
};

// The period of `kind` containing `date`. Periods that would cross the valid range's ends (only
// the week of 2999-12-31) are clipped to the range.
Period PeriodOf(Date date, PeriodKind kind);

// Allocation-free period arithmetic for hot loops. Every period of a kind has an ordinal
// ("index"), consecutive periods have consecutive indexes:
//   kDay: days since 1970-01-01; kWeek: weeks since the week of Monday 1969-12-29;
//   kMonth: year*12 + (month-1); kQuarter: year*4 + (month-1)/3; kHalfYear: year*2 + (month-1)/6;
//   kYear: year.
int64_t PeriodIndex(Date date, PeriodKind kind);
// The period with that index (clipped as PeriodOf); nullopt when it lies wholly outside the range.
std::optional<Period> PeriodAt(int64_t index, PeriodKind kind);

// The judged periods of 口径 5 as an index range, plus the running period.
struct JudgedRange {
  int64_t first_index = 0;  // judged periods are [first_index, last_index] (inclusive);
  int64_t last_index = -1;  // empty when last_index < first_index
  // The period containing the report date when it ends after the report date (not yet over),
  // as an index; nullopt when the report date is that period's last day (then it is judged,
  // provided it starts on or after `start`).
  std::optional<int64_t> running_index;

  bool empty() const { return last_index < first_index; }
  int64_t count() const { return empty() ? 0 : last_index - first_index + 1; }
};
// Judged periods of `kind` for [start, report]: every period with first day ≥ start and last
// day ≤ report. When start > report, the range is empty (running_index is still set when the
// report date's period is unfinished).
JudgedRange JudgedPeriodRange(PeriodKind kind, Date start, Date report);

// The same as a list of periods, in order (convenience for tests and reports; allocates).
struct JudgedPeriods {
  std::vector<Period> judged;
  std::optional<Period> running;
};
JudgedPeriods ComputeJudgedPeriods(PeriodKind kind, Date start, Date report);

// 口径 5 default for 统计起始日期 when the submission gives none:
// max(effective, January 1 of the year before the report date's year). `effective` may be
// absent (no effective date known): then January 1 of the previous year.
Date DefaultPeriodStart(Date report, std::optional<Date> effective);

}  // namespace paicha::rt

#endif  // PAICHA_RT_CALENDAR_H_
