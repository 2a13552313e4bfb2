// Dates and natural periods. Day counting uses Howard Hinnant's days_from_civil /
// civil_from_days algorithms (proleptic Gregorian, exact for the whole int32 range we allow).
#include "paicha/rt/calendar.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace paicha::rt {
namespace {

int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                                   // [0, 399]
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           // [0, 146096]
  return era * 146097 + doe - 719468;
}

YearMonthDay CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return YearMonthDay{static_cast<int>(y + (m <= 2)), m, d};
}

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2999;

// Reads 1..max_digits ASCII digits at *pos; advances *pos. -1 when none.
int ReadNumber(std::string_view s, size_t* pos, int min_digits, int max_digits) {
  int v = 0;
  int n = 0;
  while (*pos < s.size() && n < max_digits && s[*pos] >= '0' && s[*pos] <= '9') {
    v = v * 10 + (s[*pos] - '0');
    ++*pos;
    ++n;
  }
  if (n < min_digits) return -1;
  // More digits than allowed: reject rather than stop silently ("2024-001-01").
  if (*pos < s.size() && s[*pos] >= '0' && s[*pos] <= '9') return -1;
  return v;
}

bool Consume(std::string_view s, size_t* pos, std::string_view lit) {
  if (s.substr(*pos, lit.size()) != lit) return false;
  *pos += lit.size();
  return true;
}

int MonthsIn(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kQuarter:
      return 3;
    case PeriodKind::kHalfYear:
      return 6;
    case PeriodKind::kYear:
      return 12;
    default:
      return 1;
  }
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The unclipped period with that index as day numbers [first, last].
void PeriodDays(int64_t index, PeriodKind kind, int64_t* first, int64_t* last) {
  switch (kind) {
    case PeriodKind::kDay:
      *first = *last = index;
      return;
    case PeriodKind::kWeek:
      // Week 0 starts on Monday 1969-12-29 (day -3).
      *first = index * 7 - 3;
      *last = *first + 6;
      return;
    default: {
      const int months = MonthsIn(kind);
      const int64_t month_index = index * months;  // year*12 + (month-1)
      const int64_t y = FloorDiv(month_index, 12);
      const int m = static_cast<int>(month_index - y * 12) + 1;
      *first = DaysFromCivil(y, m, 1);
      const int64_t end_index = month_index + months - 1;
      const int64_t ey = FloorDiv(end_index, 12);
      const int em = static_cast<int>(end_index - ey * 12) + 1;
      // DaysInMonth only for in-range years; any year works for the formula.
      const bool leap = (ey % 4 == 0 && ey % 100 != 0) || ey % 400 == 0;
      static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      const int dim = em == 2 && leap ? 29 : kDays[em - 1];
      *last = DaysFromCivil(ey, em, dim);
      return;
    }
  }
}

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

std::optional<Date> Date::FromYmd(int year, int month, int day) {
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  return Date(static_cast<int32_t>(DaysFromCivil(year, month, day)));
}

std::optional<Date> Date::Parse(std::string_view text) {
  size_t pos = 0;
  const int year = ReadNumber(text, &pos, 4, 4);
  if (year < 0) return std::nullopt;
  int month = -1, day = -1;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '/')) {
    const char sep = text[pos++];
    month = ReadNumber(text, &pos, 1, 2);
    if (month < 0 || pos >= text.size() || text[pos] != sep) return std::nullopt;
    ++pos;
    day = ReadNumber(text, &pos, 1, 2);
  } else if (Consume(text, &pos, "年")) {
    month = ReadNumber(text, &pos, 1, 2);
    if (month < 0 || !Consume(text, &pos, "月")) return std::nullopt;
    day = ReadNumber(text, &pos, 1, 2);
    if (day < 0 || !Consume(text, &pos, "日")) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (day < 0 || pos != text.size()) return std::nullopt;
  return FromYmd(year, month, day);
}

YearMonthDay Date::ToYmd() const { return CivilFromDays(days_); }

std::string Date::ToString() const {
  const YearMonthDay ymd = ToYmd();
  char buf[11];
  // Years are 1900..2999 by construction: exactly four digits.
  buf[0] = static_cast<char>('0' + ymd.year / 1000);
  buf[1] = static_cast<char>('0' + ymd.year / 100 % 10);
  buf[2] = static_cast<char>('0' + ymd.year / 10 % 10);
  buf[3] = static_cast<char>('0' + ymd.year % 10);
  buf[4] = '-';
  buf[5] = static_cast<char>('0' + ymd.month / 10);
  buf[6] = static_cast<char>('0' + ymd.month % 10);
  buf[7] = '-';
  buf[8] = static_cast<char>('0' + ymd.day / 10);
  buf[9] = static_cast<char>('0' + ymd.day % 10);
  buf[10] = '\0';
  return std::string(buf, 10);
}

int Date::DayOfWeek() const {
  // 1970-01-01 was a Thursday (ISO 4).
  const int64_t r = ((static_cast<int64_t>(days_) + 3) % 7 + 7) % 7;  // 0 = Monday
  return static_cast<int>(r) + 1;
}

std::optional<Date> Date::AddDays(int64_t n) const {
  // Guard the sum itself: |n| beyond the range's width can never land inside it.
  if (n > kMaxDays - kMinDays || n < kMinDays - kMaxDays) return std::nullopt;
  return FromDays(static_cast<int64_t>(days_) + n);
}

std::optional<Date> Date::AddMonths(int64_t n) const {
  constexpr int64_t kSpan = (int64_t{kMaxYear} - kMinYear + 1) * 12;
  if (n > kSpan || n < -kSpan) return std::nullopt;
  const YearMonthDay ymd = ToYmd();
  const int64_t total = static_cast<int64_t>(ymd.year) * 12 + (ymd.month - 1) + n;
  const int64_t y = FloorDiv(total, 12);
  const int m = static_cast<int>(total - y * 12) + 1;
  if (y < kMinYear || y > kMaxYear) return std::nullopt;
  const int d = std::min(ymd.day, DaysInMonth(static_cast<int>(y), m));
  return FromYmd(static_cast<int>(y), m, d);
}

std::optional<Date> Date::AddYears(int64_t n) const {
  constexpr int64_t kSpan = kMaxYear - kMinYear + 1;
  if (n > kSpan || n < -kSpan) return std::nullopt;
  return AddMonths(n * 12);
}

std::optional<Date> AddDuration(Date date, const Decimal& amount, UnitId unit) {
  const Dimension dim = DimensionOf(unit);
  if (dim != Dimension::kDays && dim != Dimension::kMonths) return std::nullopt;
  const auto base = Decimal::Mul(amount, Info(unit).factor);
  if (!base) return std::nullopt;
  const auto n = base->ToInt64();
  if (!n) return std::nullopt;
  return dim == Dimension::kDays ? date.AddDays(*n) : date.AddMonths(*n);
}

int64_t PeriodIndex(Date date, PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kDay:
      return date.days();
    case PeriodKind::kWeek:
      return FloorDiv(static_cast<int64_t>(date.days()) + 3, 7);
    default: {
      const YearMonthDay ymd = date.ToYmd();
      const int64_t month_index = static_cast<int64_t>(ymd.year) * 12 + (ymd.month - 1);
      return FloorDiv(month_index, MonthsIn(kind));
    }
  }
}

std::optional<Period> PeriodAt(int64_t index, PeriodKind kind) {
  // Bound the index so the arithmetic below cannot overflow: no in-range period has an index
  // beyond these.
  if (index < -(int64_t{1} << 40) || index > (int64_t{1} << 40)) return std::nullopt;
  int64_t first = 0, last = 0;
  PeriodDays(index, kind, &first, &last);
  if (last < Date::kMinDays || first > Date::kMaxDays) return std::nullopt;
  first = std::max<int64_t>(first, Date::kMinDays);
  last = std::min<int64_t>(last, Date::kMaxDays);
  return Period{*Date::FromDays(first), *Date::FromDays(last)};
}

Period PeriodOf(Date date, PeriodKind kind) {
  // The date itself is in range, so its period intersects the range.
  return *PeriodAt(PeriodIndex(date, kind), kind);
}

JudgedRange JudgedPeriodRange(PeriodKind kind, Date start, Date report) {
  JudgedRange r;
  // First judged period: the one containing `start` if it starts exactly there, else the next.
  const int64_t start_index = PeriodIndex(start, kind);
  r.first_index = PeriodOf(start, kind).first == start ? start_index : start_index + 1;
  // Last judged period: the one containing `report` if it ends exactly there, else the previous.
  const int64_t report_index = PeriodIndex(report, kind);
  const Period report_period = PeriodOf(report, kind);
  if (report_period.last == report) {
    r.last_index = report_index;
  } else {
    r.last_index = report_index - 1;
    r.running_index = report_index;
  }
  if (r.last_index < r.first_index) {
    // Normalise the empty range so that count() is 0 and comparisons are simple.
    r.last_index = r.first_index - 1;
  }
  return r;
}

JudgedPeriods ComputeJudgedPeriods(PeriodKind kind, Date start, Date report) {
  JudgedPeriods out;
  const JudgedRange r = JudgedPeriodRange(kind, start, report);
  for (int64_t i = r.first_index; i <= r.last_index; ++i) {
    if (const auto p = PeriodAt(i, kind)) out.judged.push_back(*p);
  }
  if (r.running_index) out.running = PeriodAt(*r.running_index, kind);
  return out;
}

Date DefaultPeriodStart(Date report, std::optional<Date> effective) {
  // January 1 of the previous year; 1900 reports have no previous year in range: use 1900-01-01.
  const int year = std::max(report.year() - 1, kMinYear);
  const Date jan1 = *Date::FromYmd(year, 1, 1);
  if (effective && *effective > jan1) return *effective;
  return jan1;
}

}  // namespace paicha::rt
