#include "paicha/rt/units.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace paicha::rt {
namespace {

Decimal D(const char* s) { return Decimal::Parse(s).value(); }

std::string Conv(const char* v, UnitId from, UnitId to) {
  auto r = Convert(D(v), from, to);
  return r ? r->ToString() : "FAIL";
}

TEST(UnitsTest, FindBySymbolAndAlias) {
  EXPECT_EQ(FindUnit("kPa"), UnitId::kKilopascal);
  EXPECT_EQ(FindUnit("千帕"), UnitId::kKilopascal);
  EXPECT_EQ(FindUnit("兆帕"), UnitId::kMegapascal);
  EXPECT_EQ(FindUnit("米"), UnitId::kMetre);
  EXPECT_EQ(FindUnit("公里"), UnitId::kKilometre);
  EXPECT_EQ(FindUnit("m3"), UnitId::kCubicMetre);
  EXPECT_EQ(FindUnit("立方米"), UnitId::kCubicMetre);
  EXPECT_EQ(FindUnit("升"), UnitId::kLitre);
  EXPECT_EQ(FindUnit("公斤"), UnitId::kKilogram);
  EXPECT_EQ(FindUnit("吨"), UnitId::kTonne);
  EXPECT_EQ(FindUnit("℃"), UnitId::kCelsius);
  EXPECT_EQ(FindUnit("°C"), UnitId::kCelsius);
  EXPECT_EQ(FindUnit("%"), UnitId::kPercent);
  EXPECT_EQ(FindUnit("‰"), UnitId::kPermille);
  EXPECT_EQ(FindUnit("名"), UnitId::kPerson);
  EXPECT_EQ(FindUnit("台"), UnitId::kPiece);
  EXPECT_EQ(FindUnit("次"), UnitId::kPiece);
  EXPECT_EQ(FindUnit("日"), UnitId::kDay);
  EXPECT_EQ(FindUnit("个月"), UnitId::kMonth);
  EXPECT_EQ(FindUnit("个季度"), UnitId::kQuarter);
  EXPECT_EQ(FindUnit("半年"), UnitId::kHalfYear);
  EXPECT_EQ(FindUnit("年"), UnitId::kYear);
  EXPECT_EQ(FindUnit("小时"), UnitId::kHour);
  EXPECT_EQ(FindUnit("m³/h"), UnitId::kCubicMPerH);
  EXPECT_EQ(FindUnit("kV"), UnitId::kKilovolt);
  EXPECT_FALSE(FindUnit("").has_value());
  EXPECT_FALSE(FindUnit("KPA").has_value()) << "case-sensitive";
  EXPECT_FALSE(FindUnit("分").has_value()) << "分 is points";
  EXPECT_FALSE(FindUnit("furlong").has_value());
}

TEST(UnitsTest, TableIsConsistent) {
  std::set<std::string_view> names;
  for (int i = 1; i < kUnitCount; ++i) {
    const UnitInfo& u = Info(static_cast<UnitId>(i));
    EXPECT_FALSE(u.symbol.empty());
    EXPECT_NE(u.dimension, Dimension::kNone);
    EXPECT_GT(u.factor.Sign(), 0);
    // CompareQuantities relies on small factor coefficients (wide products stay in range).
    EXPECT_LE(u.factor.coefficient(), 1000000000) << u.symbol;
    EXPECT_TRUE(names.insert(u.symbol).second) << "duplicate " << u.symbol;
    EXPECT_EQ(FindUnit(u.symbol), static_cast<UnitId>(i)) << u.symbol;
    // Every alias maps back to this unit (no alias shared by two units).
    std::string_view rest = u.aliases;
    while (!rest.empty()) {
      const size_t bar = rest.find('|');
      const std::string_view a = rest.substr(0, bar);
      EXPECT_EQ(FindUnit(a), static_cast<UnitId>(i)) << a;
      EXPECT_TRUE(names.insert(a).second) << "duplicate alias " << a;
      if (bar == std::string_view::npos) break;
      rest.remove_prefix(bar + 1);
    }
    EXPECT_NE(BaseUnit(u.dimension), UnitId::kNone) << DimensionName(u.dimension);
    EXPECT_EQ(Info(BaseUnit(u.dimension)).factor, Decimal::FromInt(1));
  }
  EXPECT_EQ(BaseUnit(Dimension::kDays), UnitId::kDay);
  EXPECT_EQ(BaseUnit(Dimension::kMonths), UnitId::kMonth);
  EXPECT_EQ(BaseUnit(Dimension::kRatio), UnitId::kOne);
  EXPECT_EQ(Symbol(UnitId::kNone), "");
}

TEST(UnitsTest, ExactConversion) {
  EXPECT_EQ(Conv("1", UnitId::kMetre, UnitId::kKilometre), "0.001");
  EXPECT_EQ(Conv("0.03", UnitId::kMegapascal, UnitId::kKilopascal), "30.00");
  EXPECT_EQ(Conv("12", UnitId::kKilopascal, UnitId::kMegapascal), "0.012");
  EXPECT_EQ(Conv("0.012", UnitId::kMegapascal, UnitId::kKilopascal), "12.000");
  EXPECT_EQ(Conv("2", UnitId::kYear, UnitId::kMonth), "24");
  EXPECT_EQ(Conv("6", UnitId::kMonth, UnitId::kQuarter), "2");
  EXPECT_EQ(Conv("4", UnitId::kMonth, UnitId::kQuarter), "FAIL") << "1.333… is inexact";
  EXPECT_EQ(Conv("14", UnitId::kDay, UnitId::kWeek), "2");
  EXPECT_EQ(Conv("10", UnitId::kDay, UnitId::kWeek), "FAIL");
  EXPECT_EQ(Conv("85", UnitId::kPercent, UnitId::kOne), "0.85");
  EXPECT_EQ(Conv("0.3", UnitId::kPermille, UnitId::kPercent), "0.03");
  EXPECT_EQ(Conv("1", UnitId::kCubicMPerS, UnitId::kLitrePerS), "1000");
  EXPECT_EQ(Conv("1", UnitId::kLitrePerS, UnitId::kCubicMPerH), "3.6");
  EXPECT_EQ(Conv("1", UnitId::kCubicMPerH, UnitId::kLitrePerS), "FAIL") << "1/3.6 inexact";
  EXPECT_EQ(Conv("1.5", UnitId::kMetre, UnitId::kMetre), "1.5");
  EXPECT_EQ(Conv("1", UnitId::kHour, UnitId::kMinute), "60");
  EXPECT_EQ(Conv("9223372036854775807", UnitId::kKilometre, UnitId::kMetre), "FAIL") << "overflow";
}

TEST(UnitsTest, IncompatibleUnits) {
  EXPECT_FALSE(Convertible(UnitId::kTonne, UnitId::kCubicMetre));
  EXPECT_FALSE(Convertible(UnitId::kDay, UnitId::kMonth)) << "calendar months are not 30 days";
  EXPECT_FALSE(Convertible(UnitId::kDay, UnitId::kHour));
  EXPECT_FALSE(Convertible(UnitId::kNone, UnitId::kNone));
  EXPECT_FALSE(Convertible(UnitId::kPerson, UnitId::kPiece));
  EXPECT_TRUE(Convertible(UnitId::kKilopascal, UnitId::kMegapascal));
  EXPECT_EQ(Conv("1", UnitId::kTonne, UnitId::kCubicMetre), "FAIL");
  EXPECT_EQ(Conv("1", UnitId::kYear, UnitId::kDay), "FAIL");
  EXPECT_FALSE(CompareQuantities({D("1"), UnitId::kDay}, {D("1"), UnitId::kMonth}).has_value());
}

TEST(UnitsTest, CompareQuantitiesExactly) {
  EXPECT_EQ(CompareQuantities({D("30"), UnitId::kKilopascal}, {D("0.03"), UnitId::kMegapascal}), 0);
  EXPECT_EQ(CompareQuantities({D("30.001"), UnitId::kKilopascal}, {D("0.03"), UnitId::kMegapascal}),
            1);
  EXPECT_EQ(CompareQuantities({D("0.85"), UnitId::kOne}, {D("85"), UnitId::kPercent}), 0);
  EXPECT_EQ(CompareQuantities({D("0.3"), UnitId::kPermille}, {D("0.03"), UnitId::kPercent}), 0);
  EXPECT_EQ(CompareQuantities({D("1"), UnitId::kWeek}, {D("8"), UnitId::kDay}), -1);
  EXPECT_EQ(CompareQuantities({D("1"), UnitId::kYear}, {D("4"), UnitId::kQuarter}), 0);
  // Conversions that would overflow still compare exactly.
  EXPECT_EQ(CompareQuantities({D("9223372036854775807"), UnitId::kMegapascal},
                              {D("9223372036854775807"), UnitId::kPascal}),
            1);
  EXPECT_EQ(CompareQuantities({D("-9223372036854775807"), UnitId::kMegapascal},
                              {D("1"), UnitId::kPascal}),
            -1);
  EXPECT_EQ(CompareQuantities({D("2.562047788015215502"), UnitId::kMetrePerS},
                              {D("9.223372036854775807"), UnitId::kKmPerH}),
            1)
      << "a converts to 9.2233720368547758072 (scale 19), still compared exactly";
  EXPECT_EQ(CompareQuantities({D("1"), UnitId::kMetrePerS}, {D("3.6"), UnitId::kKmPerH}), 0);
}

TEST(UnitsTest, ParseQuantity) {
  auto q = ParseQuantity("12 kPa");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->value.ToString(), "12");
  EXPECT_EQ(q->unit, UnitId::kKilopascal);
  q = ParseQuantity("0.012MPa");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->unit, UnitId::kMegapascal);
  EXPECT_EQ(q->value.ToString(), "0.012");
  q = ParseQuantity("30%");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->unit, UnitId::kPercent);
  q = ParseQuantity("3个月");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->unit, UnitId::kMonth);
  q = ParseQuantity(" -1.5\xE3\x80\x80米 ");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->value.ToString(), "-1.5");
  EXPECT_EQ(q->unit, UnitId::kMetre);
  q = ParseQuantity("42");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->unit, UnitId::kNone);
  std::string_view bad;
  EXPECT_FALSE(ParseQuantity("12 furlong", &bad));
  EXPECT_EQ(bad, "furlong");
  EXPECT_FALSE(ParseQuantity("abc", &bad));
  EXPECT_EQ(bad, "");
  EXPECT_FALSE(ParseQuantity("", &bad));
  EXPECT_FALSE(ParseQuantity("kPa", &bad));
  EXPECT_FALSE(ParseQuantity("1.2.3 kPa", &bad));
}

}  // namespace
}  // namespace paicha::rt
