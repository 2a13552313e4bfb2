#include "paicha/rt/decimal.h"

#include <cstdint>
#include <limits>
#include <string>
#include <unordered_set>

#include <gtest/gtest.h>

namespace paicha::rt {
namespace {

Decimal D(const char* s) {
  auto d = Decimal::Parse(s);
  EXPECT_TRUE(d.has_value()) << s;
  return d.value_or(Decimal());
}

TEST(DecimalTest, ParseAndFormatKeepScale) {
  for (const char* s : {"12", "0.30", "-1.5", "0", "0.000", "-0.001", "123456789.123456789",
                        "9223372036854775807", "-9223372036854775808", "0.000000000000000001"}) {
    auto d = Decimal::Parse(s);
    ASSERT_TRUE(d.has_value()) << s;
    EXPECT_EQ(d->ToString(), s);
  }
  EXPECT_EQ(D("+7").ToString(), "7");
  EXPECT_EQ(D(".5").ToString(), "0.5");
  EXPECT_EQ(D("5.").ToString(), "5");
  EXPECT_EQ(D("007.50").ToString(), "7.50");
  EXPECT_EQ(D("0.30").coefficient(), 30);
  EXPECT_EQ(D("0.30").scale(), 2);
}

TEST(DecimalTest, ParseRejects) {
  for (const char* s : {"",
                        ".",
                        "-",
                        "+",
                        "1e3",
                        "1E3",
                        "0x10",
                        "1,000",
                        " 1",
                        "1 ",
                        "1.2.3",
                        "--1",
                        "1-",
                        "NaN",
                        "inf",
                        "１２",
                        "9223372036854775808",
                        "-9223372036854775809",
                        "0.0000000000000000001",
                        "100000000000000000000000000000000000000000000"}) {
    EXPECT_FALSE(Decimal::Parse(s).has_value()) << s;
  }
}

TEST(DecimalTest, CompareIsNumeric) {
  EXPECT_EQ(D("0.3"), D("0.30"));
  EXPECT_EQ(D("0"), D("-0.00"));
  EXPECT_LT(D("0.3"), D("0.31"));
  EXPECT_GT(D("-0.3"), D("-0.31"));
  EXPECT_LT(D("-1"), D("0.0001"));
  EXPECT_LT(D("922337203685477580"), D("922337203685477580.7"));
  EXPECT_GT(D("9223372036854775807"), D("9223372036854775.807")) << "different scales";
  EXPECT_LT(D("-0.000000000000000001"), D("0"));
  EXPECT_GT(D("9223372036854775807"), D("922337203685477580.7"));
  EXPECT_GT(D("0.999999999999999999"), D("0.99999999999999999"));
  EXPECT_LT(D("-9223372036854775808"), D("-922337203685477580.7"));
  EXPECT_EQ(Decimal::Compare(D("1.5"), D("1.50")), 0);
  EXPECT_NE(D("1.5"), D("1.51"));
  EXPECT_FALSE(D("0.3").Identical(D("0.30")));
  EXPECT_TRUE(D("0.3").Identical(D("0.3")));
}

TEST(DecimalTest, HashConsistentWithEquality) {
  EXPECT_EQ(D("0.3").Hash(), D("0.30").Hash());
  EXPECT_EQ(D("0").Hash(), D("0.000").Hash());
  EXPECT_EQ(D("100").Hash(), D("100.00").Hash());
  std::unordered_set<Decimal, DecimalHash> set{D("0.3"), D("0.30"), D("1"), D("1.0")};
  EXPECT_EQ(set.size(), 2u);
}

TEST(DecimalTest, Arithmetic) {
  EXPECT_EQ(Decimal::Add(D("0.1"), D("0.2"))->ToString(), "0.3");
  EXPECT_EQ(Decimal::Add(D("1.50"), D("2"))->ToString(), "3.50");
  EXPECT_EQ(Decimal::Sub(D("1"), D("0.001"))->ToString(), "0.999");
  EXPECT_EQ(Decimal::Sub(D("-1.5"), D("-1.5"))->ToString(), "0.0");
  EXPECT_EQ(Decimal::Mul(D("1.5"), D("0.2"))->ToString(), "0.30");
  EXPECT_EQ(Decimal::Mul(D("-3"), D("7"))->ToString(), "-21");
  EXPECT_EQ(Decimal::Negate(D("1.50"))->ToString(), "-1.50");
  EXPECT_EQ(Decimal::FromInt(-42).ToString(), "-42");
}

TEST(DecimalTest, OverflowIsDetected) {
  const Decimal max = Decimal::FromInt(std::numeric_limits<int64_t>::max());
  const Decimal min = Decimal::FromInt(std::numeric_limits<int64_t>::min());
  EXPECT_FALSE(Decimal::Add(max, D("1")).has_value());
  EXPECT_FALSE(Decimal::Sub(min, D("1")).has_value());
  EXPECT_FALSE(Decimal::Mul(max, D("2")).has_value());
  EXPECT_FALSE(Decimal::Negate(min).has_value());
  EXPECT_TRUE(Decimal::Add(max, D("-1")).has_value());
  // The exact sum fits only after dropping scale: 0.5 + 0.5 at scale 18 keeps scale.
  EXPECT_EQ(Decimal::Add(D("0.500000000000000000"), D("0.5"))->ToString(), "1.000000000000000000");
  // Product scale 36 reduced because trailing zeros exist.
  EXPECT_EQ(Decimal::Mul(D("0.100000000000000000"), D("0.100000000000000000"))->ToString(),
            "0.010000000000000000");
  // Product scale 36 without trailing zeros: not representable.
  EXPECT_FALSE(Decimal::Mul(D("0.000000000000000001"), D("0.000000000000000003")).has_value());
  // Scale alignment in Add for a huge and a tiny value.
  EXPECT_FALSE(Decimal::Add(max, D("0.000000000000000001")).has_value());
}

TEST(DecimalTest, IntegerConversions) {
  EXPECT_TRUE(D("1.00").IsInteger());
  EXPECT_EQ(D("1.00").ToInt64(), 1);
  EXPECT_EQ(D("-12").ToInt64(), -12);
  EXPECT_FALSE(D("1.5").IsInteger());
  EXPECT_FALSE(D("1.5").ToInt64().has_value());
  EXPECT_EQ(D("1.500").Normalized().ToString(), "1.5");
  EXPECT_EQ(D("2.00").Normalized().ToString(), "2");
  EXPECT_EQ(D("0.000").Normalized().ToString(), "0");
  EXPECT_EQ(D("1.5").WithScale(3)->ToString(), "1.500");
  EXPECT_EQ(D("1.500").WithScale(1)->ToString(), "1.5");
  EXPECT_FALSE(D("1.55").WithScale(1).has_value());
}

TEST(DecimalTest, RoundHalfEven) {
  EXPECT_EQ(D("2.345").RoundHalfEven(2).ToString(), "2.34");
  EXPECT_EQ(D("2.355").RoundHalfEven(2).ToString(), "2.36");
  EXPECT_EQ(D("2.3451").RoundHalfEven(2).ToString(), "2.35");
  EXPECT_EQ(D("-2.345").RoundHalfEven(2).ToString(), "-2.34");
  EXPECT_EQ(D("-2.355").RoundHalfEven(2).ToString(), "-2.36");
  EXPECT_EQ(D("0.5").RoundHalfEven(0).ToString(), "0");
  EXPECT_EQ(D("1.5").RoundHalfEven(0).ToString(), "2");
  EXPECT_EQ(D("1.5").RoundHalfEven(3).ToString(), "1.5");
}

TEST(DecimalTest, Div) {
  EXPECT_EQ(Decimal::Div(D("1"), D("3"))->ToString(), "0.333333333333");
  EXPECT_EQ(Decimal::Div(D("2"), D("3"))->ToString(), "0.666666666667");
  EXPECT_EQ(Decimal::Div(D("1"), D("8"), 2)->ToString(), "0.12") << "half even";
  EXPECT_EQ(Decimal::Div(D("3"), D("8"), 2)->ToString(), "0.38");
  EXPECT_EQ(Decimal::Div(D("-1"), D("8"), 2)->ToString(), "-0.12");
  EXPECT_EQ(Decimal::Div(D("17"), D("20"), 4)->ToString(), "0.8500");
  EXPECT_EQ(Decimal::Div(D("0.3"), D("0.001"), 0)->ToString(), "300");
  EXPECT_FALSE(Decimal::Div(D("1"), D("0")).has_value());
  EXPECT_FALSE(Decimal::Div(D("9223372036854775807"), D("0.000000000000000001")).has_value());
  EXPECT_EQ(Decimal::Div(D("1"), D("0.000000000000000001"), 0)->ToString(), "1000000000000000000");
}

TEST(DecimalTest, DivExact) {
  EXPECT_EQ(Decimal::DivExact(D("6"), D("3"))->ToString(), "2");
  EXPECT_EQ(Decimal::DivExact(D("1"), D("8"))->ToString(), "0.125");
  EXPECT_EQ(Decimal::DivExact(D("0.001"), D("1000"))->ToString(), "0.000001");
  EXPECT_EQ(Decimal::DivExact(D("1000000"), D("0.001"))->ToString(), "1000000000");
  EXPECT_FALSE(Decimal::DivExact(D("1"), D("3")).has_value());
  EXPECT_FALSE(Decimal::DivExact(D("4"), D("0")).has_value());
}

}  // namespace
}  // namespace paicha::rt
