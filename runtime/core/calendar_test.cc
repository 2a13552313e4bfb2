#include "paicha/rt/calendar.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace paicha::rt {
namespace {

Date D(const char* s) {
  auto d = Date::Parse(s);
  EXPECT_TRUE(d.has_value()) << s;
  return d.value_or(Date());
}

std::string S(std::optional<Date> d) { return d ? d->ToString() : "none"; }

std::string P(const Period& p) { return p.first.ToString() + ".." + p.last.ToString(); }

TEST(CalendarTest, ParseFormats) {
  EXPECT_EQ(D("2024-02-29").ToString(), "2024-02-29");
  EXPECT_EQ(D("2024/3/5").ToString(), "2024-03-05");
  EXPECT_EQ(D("2024-3-5").ToString(), "2024-03-05");
  EXPECT_EQ(D("2024年3月5日").ToString(), "2024-03-05");
  EXPECT_EQ(D("2024年03月05日").ToString(), "2024-03-05");
  EXPECT_EQ(D("1970-01-01").days(), 0);
  EXPECT_EQ(D("1900-01-01").days(), Date::kMinDays);
  EXPECT_EQ(D("2999-12-31").days(), Date::kMaxDays);
  for (const char* bad : {"",
                          "2023-02-29",
                          "2024-13-01",
                          "2024-00-10",
                          "2024-01-32",
                          "2024-1",
                          "24-01-01",
                          "20240-01-01",
                          "0024-01-01",
                          "1899-12-31",
                          "3000-01-01",
                          "2024-01-01 ",
                          " 2024-01-01",
                          "2024-01/01",
                          "2024年1月1",
                          "2024年1月1号",
                          "2024.01.01",
                          "2024-001-01",
                          "2024-01-001",
                          "2024/01/01/",
                          "２０２４-01-01"}) {
    EXPECT_FALSE(Date::Parse(bad).has_value()) << bad;
  }
}

TEST(CalendarTest, YmdAndWeekday) {
  const Date d = D("2024-02-29");
  EXPECT_EQ(d.year(), 2024);
  EXPECT_EQ(d.month(), 2);
  EXPECT_EQ(d.day(), 29);
  EXPECT_EQ(d.DayOfWeek(), 4);  // Thursday
  EXPECT_EQ(D("1970-01-01").DayOfWeek(), 4);
  EXPECT_EQ(D("2023-12-31").DayOfWeek(), 7);
  EXPECT_EQ(D("2024-12-30").DayOfWeek(), 1);
  EXPECT_EQ(D("1900-01-01").DayOfWeek(), 1);
  EXPECT_EQ(D("1969-12-29").DayOfWeek(), 1);
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(2100));
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_EQ(DaysInMonth(2023, 13), 0);
  // Round trip over the whole range.
  for (int32_t day = Date::kMinDays; day <= Date::kMaxDays; day += 97) {
    const Date x = *Date::FromDays(day);
    EXPECT_EQ(Date::Parse(x.ToString())->days(), day);
  }
}

TEST(CalendarTest, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(S(D("2023-08-31").AddMonths(6)), "2024-02-29");  // 口径 6 example
  EXPECT_EQ(S(D("2024-01-31").AddMonths(1)), "2024-02-29");
  EXPECT_EQ(S(D("2023-01-31").AddMonths(1)), "2023-02-28");
  EXPECT_EQ(S(D("2024-03-31").AddMonths(-1)), "2024-02-29");
  EXPECT_EQ(S(D("2024-02-29").AddMonths(3)), "2024-05-29");  // 口径 7 example
  EXPECT_EQ(S(D("2024-02-29").AddYears(1)), "2025-02-28");
  EXPECT_EQ(S(D("2024-02-29").AddYears(4)), "2028-02-29");
  EXPECT_EQ(S(D("2023-11-30").AddMonths(3)), "2024-02-29");
  EXPECT_EQ(S(D("2023-12-15").AddMonths(1)), "2024-01-15");
  EXPECT_EQ(S(D("2024-01-15").AddMonths(-1)), "2023-12-15");
  EXPECT_EQ(S(D("2024-01-15").AddMonths(-13)), "2022-12-15");
  EXPECT_EQ(S(D("2999-12-01").AddMonths(1)), "none");
  EXPECT_EQ(S(D("1900-01-31").AddMonths(-1)), "none");
  EXPECT_EQ(S(D("2024-01-01").AddMonths(INT64_MAX)), "none");
  EXPECT_EQ(S(D("2024-01-01").AddYears(INT64_MIN)), "none");
}

TEST(CalendarTest, AddDays) {
  EXPECT_EQ(S(D("2024-02-28").AddDays(1)), "2024-02-29");
  EXPECT_EQ(S(D("2023-12-31").AddDays(1)), "2024-01-01");
  EXPECT_EQ(S(D("2024-03-01").AddDays(-1)), "2024-02-29");
  EXPECT_EQ(S(D("2999-12-31").AddDays(1)), "none");
  EXPECT_EQ(S(D("2024-01-01").AddDays(INT64_MIN)), "none");
  EXPECT_EQ(S(D("2024-01-01").AddDays(INT64_MAX)), "none");
}

TEST(CalendarTest, AddDuration) {
  const Decimal three = Decimal::FromInt(3);
  EXPECT_EQ(S(AddDuration(D("2024-02-29"), three, UnitId::kMonth)), "2024-05-29");
  EXPECT_EQ(S(AddDuration(D("2024-01-31"), Decimal::FromInt(1), UnitId::kQuarter)), "2024-04-30");
  EXPECT_EQ(S(AddDuration(D("2024-02-29"), Decimal::FromInt(1), UnitId::kYear)), "2025-02-28");
  EXPECT_EQ(S(AddDuration(D("2024-02-29"), Decimal::FromInt(1), UnitId::kHalfYear)), "2024-08-29");
  EXPECT_EQ(S(AddDuration(D("2024-12-30"), Decimal::FromInt(5), UnitId::kDay)), "2025-01-04");
  EXPECT_EQ(S(AddDuration(D("2024-12-30"), Decimal::FromInt(2), UnitId::kWeek)), "2025-01-13");
  EXPECT_EQ(S(AddDuration(D("2024-12-30"), *Decimal::Parse("0.5"), UnitId::kDay)), "none");
  EXPECT_EQ(S(AddDuration(D("2024-12-30"), *Decimal::Parse("0.5"), UnitId::kYear)), "2025-06-30");
  EXPECT_EQ(S(AddDuration(D("2024-12-30"), *Decimal::Parse("2.0"), UnitId::kDay)), "2025-01-01");
  EXPECT_EQ(S(AddDuration(D("2024-12-30"), three, UnitId::kHour)), "none");
  EXPECT_EQ(S(AddDuration(D("2024-12-30"), three, UnitId::kMetre)), "none");
}

TEST(CalendarTest, PeriodOf) {
  EXPECT_EQ(P(PeriodOf(D("2024-02-29"), PeriodKind::kDay)), "2024-02-29..2024-02-29");
  EXPECT_EQ(P(PeriodOf(D("2024-02-29"), PeriodKind::kWeek)), "2024-02-26..2024-03-03");
  EXPECT_EQ(P(PeriodOf(D("2025-01-01"), PeriodKind::kWeek)), "2024-12-30..2025-01-05");
  EXPECT_EQ(P(PeriodOf(D("2024-02-29"), PeriodKind::kMonth)), "2024-02-01..2024-02-29");
  EXPECT_EQ(P(PeriodOf(D("2023-02-15"), PeriodKind::kMonth)), "2023-02-01..2023-02-28");
  EXPECT_EQ(P(PeriodOf(D("2024-02-29"), PeriodKind::kQuarter)), "2024-01-01..2024-03-31");
  EXPECT_EQ(P(PeriodOf(D("2024-06-30"), PeriodKind::kQuarter)), "2024-04-01..2024-06-30");
  EXPECT_EQ(P(PeriodOf(D("2024-07-01"), PeriodKind::kQuarter)), "2024-07-01..2024-09-30");
  EXPECT_EQ(P(PeriodOf(D("2024-12-31"), PeriodKind::kQuarter)), "2024-10-01..2024-12-31");
  EXPECT_EQ(P(PeriodOf(D("2024-06-30"), PeriodKind::kHalfYear)), "2024-01-01..2024-06-30");
  EXPECT_EQ(P(PeriodOf(D("2024-07-01"), PeriodKind::kHalfYear)), "2024-07-01..2024-12-31");
  EXPECT_EQ(P(PeriodOf(D("2024-07-01"), PeriodKind::kYear)), "2024-01-01..2024-12-31");
  EXPECT_EQ(P(PeriodOf(D("1969-12-31"), PeriodKind::kWeek)), "1969-12-29..1970-01-04");
  EXPECT_EQ(P(PeriodOf(D("1960-03-31"), PeriodKind::kQuarter)), "1960-01-01..1960-03-31");
  EXPECT_EQ(P(PeriodOf(D("2999-12-31"), PeriodKind::kWeek)), "2999-12-30..2999-12-31")
      << "clipped at the range end";
  // Consecutive indexes are consecutive periods, around year ends and before 1970.
  for (PeriodKind k : {PeriodKind::kDay, PeriodKind::kWeek, PeriodKind::kMonth,
                       PeriodKind::kQuarter, PeriodKind::kHalfYear, PeriodKind::kYear}) {
    for (const char* s : {"1950-12-31", "2023-12-31", "2024-02-29", "2024-06-30", "1969-12-31"}) {
      const Date d = D(s);
      const int64_t i = PeriodIndex(d, k);
      const Period p = *PeriodAt(i, k);
      EXPECT_EQ(p, PeriodOf(d, k));
      EXPECT_LE(p.first, d);
      EXPECT_GE(p.last, d);
      const Period next = *PeriodAt(i + 1, k);
      EXPECT_EQ(next.first, *p.last.AddDays(1)) << s;
      EXPECT_EQ(PeriodIndex(next.first, k), i + 1);
    }
  }
  EXPECT_FALSE(PeriodAt(INT64_MAX, PeriodKind::kMonth).has_value());
  EXPECT_FALSE(PeriodAt(-1000000, PeriodKind::kYear).has_value());
}

std::vector<std::string> Judged(PeriodKind k, const char* start, const char* report,
                                std::string* running) {
  const JudgedPeriods j = ComputeJudgedPeriods(k, D(start), D(report));
  std::vector<std::string> out;
  for (const Period& p : j.judged) out.push_back(P(p));
  *running = j.running ? P(*j.running) : "none";
  // The index form agrees with the list form.
  const JudgedRange r = JudgedPeriodRange(k, D(start), D(report));
  EXPECT_EQ(static_cast<size_t>(r.count()), out.size());
  return out;
}

using V = std::vector<std::string>;

TEST(CalendarTest, JudgedPeriodsQuarters) {
  std::string running;
  // Start 2023-01-01, report 2024-05-15: quarters 2023Q1..2024Q1 judged, 2024Q2 running.
  EXPECT_EQ(Judged(PeriodKind::kQuarter, "2023-01-01", "2024-05-15", &running),
            (V{"2023-01-01..2023-03-31", "2023-04-01..2023-06-30", "2023-07-01..2023-09-30",
               "2023-10-01..2023-12-31", "2024-01-01..2024-03-31"}));
  EXPECT_EQ(running, "2024-04-01..2024-06-30");
  // A quarter ending exactly on the report date is judged; nothing is running.
  EXPECT_EQ(Judged(PeriodKind::kQuarter, "2024-01-01", "2024-06-30", &running),
            (V{"2024-01-01..2024-03-31", "2024-04-01..2024-06-30"}));
  EXPECT_EQ(running, "none");
  // A start in mid-quarter skips that quarter (first day must be >= start).
  EXPECT_EQ(Judged(PeriodKind::kQuarter, "2024-01-02", "2024-06-30", &running),
            (V{"2024-04-01..2024-06-30"}));
  // No judged period at all (未到期): start and report inside one quarter.
  EXPECT_EQ(Judged(PeriodKind::kQuarter, "2024-04-01", "2024-06-29", &running), V{});
  EXPECT_EQ(running, "2024-04-01..2024-06-30");
  // Start after the report: nothing judged.
  EXPECT_EQ(Judged(PeriodKind::kQuarter, "2025-01-01", "2024-06-30", &running), V{});
  // Year end: report 2023-12-31 judges Q4 2023.
  EXPECT_EQ(Judged(PeriodKind::kQuarter, "2023-10-01", "2023-12-31", &running),
            (V{"2023-10-01..2023-12-31"}));
  EXPECT_EQ(Judged(PeriodKind::kQuarter, "2023-10-01", "2023-12-30", &running), V{});
  EXPECT_EQ(running, "2023-10-01..2023-12-31");
}

TEST(CalendarTest, JudgedPeriodsMonthsWeeksLeapDays) {
  std::string running;
  EXPECT_EQ(Judged(PeriodKind::kMonth, "2024-01-01", "2024-02-29", &running),
            (V{"2024-01-01..2024-01-31", "2024-02-01..2024-02-29"}));
  EXPECT_EQ(running, "none");
  EXPECT_EQ(Judged(PeriodKind::kMonth, "2024-01-01", "2024-02-28", &running),
            (V{"2024-01-01..2024-01-31"}));
  EXPECT_EQ(running, "2024-02-01..2024-02-29");
  EXPECT_EQ(Judged(PeriodKind::kMonth, "2023-01-15", "2023-03-01", &running),
            (V{"2023-02-01..2023-02-28"}));
  // Weeks across a year end: Monday 2024-12-30 to Sunday 2025-01-05 is one week.
  EXPECT_EQ(Judged(PeriodKind::kWeek, "2024-12-23", "2025-01-05", &running),
            (V{"2024-12-23..2024-12-29", "2024-12-30..2025-01-05"}));
  EXPECT_EQ(Judged(PeriodKind::kWeek, "2024-12-24", "2025-01-04", &running), V{});
  EXPECT_EQ(running, "2024-12-30..2025-01-05");
  // Days: every day in [start, report], report day included.
  EXPECT_EQ(Judged(PeriodKind::kDay, "2024-02-28", "2024-03-01", &running),
            (V{"2024-02-28..2024-02-28", "2024-02-29..2024-02-29", "2024-03-01..2024-03-01"}));
  EXPECT_EQ(running, "none");
  // Half years and years.
  EXPECT_EQ(Judged(PeriodKind::kHalfYear, "2023-01-01", "2024-12-30", &running),
            (V{"2023-01-01..2023-06-30", "2023-07-01..2023-12-31", "2024-01-01..2024-06-30"}));
  EXPECT_EQ(running, "2024-07-01..2024-12-31");
  EXPECT_EQ(Judged(PeriodKind::kYear, "2023-01-01", "2024-12-31", &running),
            (V{"2023-01-01..2023-12-31", "2024-01-01..2024-12-31"}));
  EXPECT_EQ(Judged(PeriodKind::kYear, "2023-01-02", "2024-12-31", &running),
            (V{"2024-01-01..2024-12-31"}));
}

TEST(CalendarTest, DefaultPeriodStart) {
  EXPECT_EQ(DefaultPeriodStart(D("2024-05-15"), std::nullopt).ToString(), "2023-01-01");
  EXPECT_EQ(DefaultPeriodStart(D("2024-05-15"), D("2023-05-15")).ToString(), "2023-05-15");
  EXPECT_EQ(DefaultPeriodStart(D("2024-05-15"), D("2020-01-01")).ToString(), "2023-01-01");
  EXPECT_EQ(DefaultPeriodStart(D("1900-05-15"), std::nullopt).ToString(), "1900-01-01");
}

}  // namespace
}  // namespace paicha::rt
