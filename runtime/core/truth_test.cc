#include "paicha/rt/truth.h"

#include <gtest/gtest.h>

namespace paicha::rt {
namespace {

// One-letter names keep the truth tables below readable as tables.
// NOLINTNEXTLINE(readability-identifier-naming)
constexpr Truth F = Truth::kFalse, U = Truth::kUnknown, T = Truth::kTrue;

// Compile-time checks: the functions are constexpr.
static_assert(And(T, U) == U);
static_assert(Or(F, U) == U);
static_assert(Not(U) == U);

TEST(TruthTest, AndTable) {
  const Truth all[] = {F, U, T};
  const Truth expected[3][3] = {{F, F, F}, {F, U, U}, {F, U, T}};
  for (int a = 0; a < 3; ++a) {
    for (int b = 0; b < 3; ++b) {
      EXPECT_EQ(And(all[a], all[b]), expected[a][b]) << TruthName(all[a]) << TruthName(all[b]);
    }
  }
}

TEST(TruthTest, OrTable) {
  const Truth all[] = {F, U, T};
  const Truth expected[3][3] = {{F, U, T}, {U, U, T}, {T, T, T}};
  for (int a = 0; a < 3; ++a) {
    for (int b = 0; b < 3; ++b) {
      EXPECT_EQ(Or(all[a], all[b]), expected[a][b]) << TruthName(all[a]) << TruthName(all[b]);
    }
  }
}

TEST(TruthTest, NotAndDeMorgan) {
  EXPECT_EQ(Not(T), F);
  EXPECT_EQ(Not(F), T);
  EXPECT_EQ(Not(U), U);
  const Truth all[] = {F, U, T};
  for (Truth a : all) {
    for (Truth b : all) {
      EXPECT_EQ(Not(And(a, b)), Or(Not(a), Not(b)));
      EXPECT_EQ(Not(Or(a, b)), And(Not(a), Not(b)));
    }
  }
  EXPECT_EQ(FromBool(true), T);
  EXPECT_EQ(FromBool(false), F);
  EXPECT_TRUE(IsKnown(F));
  EXPECT_FALSE(IsKnown(U));
  EXPECT_EQ(TruthName(U), "unknown");
}

}  // namespace
}  // namespace paicha::rt
