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

// ---- DueTruth: Kleene plus not-due (通用判定口径 3) ------------------------------------------

// N: not due, holds so far (a deadline not yet passed); M: not due, fails so far (非 N).
// NOLINTBEGIN(readability-identifier-naming)
constexpr DueTruth DF = DueTruth::kFalse, DT = DueTruth::kTrue, DU = DueTruth::kUnknown,
                   N = DueTruth::kNotDue, M = DueTruth::kNotDueFalse;
// NOLINTEND(readability-identifier-naming)
constexpr DueTruth kAllDue[] = {DF, DT, DU, N, M};

// The rule's own example: node 1 done in time, node 2 not due ⇒ 符合 (true, not 未到期).
static_assert(DueAnd(DT, N) == DT);
static_assert(DueNot(DueAnd(DT, N)) == DF);
static_assert(DueOr(DF, M) == DF);

TEST(DueTruthTest, AndTable) {
  // Rows a, columns b: F, T, U, N, M.
  const DueTruth expected[5][5] = {{DF, DF, DF, DF, DF},
                                   {DF, DT, DU, DT, M},
                                   {DF, DU, DU, DU, DU},
                                   {DF, DT, DU, N, M},
                                   {DF, M, DU, M, M}};
  for (int a = 0; a < 5; ++a) {
    for (int b = 0; b < 5; ++b) {
      EXPECT_EQ(DueAnd(kAllDue[a], kAllDue[b]), expected[a][b]) << a << " " << b;
    }
  }
}

TEST(DueTruthTest, OrTable) {
  const DueTruth expected[5][5] = {{DF, DT, DU, N, DF},
                                   {DT, DT, DT, DT, DT},
                                   {DU, DT, DU, DU, DU},
                                   {N, DT, DU, N, N},
                                   {DF, DT, DU, N, M}};
  for (int a = 0; a < 5; ++a) {
    for (int b = 0; b < 5; ++b) {
      EXPECT_EQ(DueOr(kAllDue[a], kAllDue[b]), expected[a][b]) << a << " " << b;
    }
  }
}

TEST(DueTruthTest, NotDeMorganAndKleeneAgreement) {
  const DueTruth nots[5] = {DT, DF, DU, M, N};
  for (int a = 0; a < 5; ++a) EXPECT_EQ(DueNot(kAllDue[a]), nots[a]) << a;
  for (DueTruth a : kAllDue) {
    EXPECT_EQ(DueNot(DueNot(a)), a);
    EXPECT_EQ(IsNotDue(a), a == N || a == M);
    for (DueTruth b : kAllDue) {
      EXPECT_EQ(DueNot(DueAnd(a, b)), DueOr(DueNot(a), DueNot(b)));
      EXPECT_EQ(DueNot(DueOr(a, b)), DueAnd(DueNot(a), DueNot(b)));
      EXPECT_EQ(DueAnd(a, b), DueAnd(b, a));
      EXPECT_EQ(DueOr(a, b), DueOr(b, a));
    }
  }
  // Without not-due operands: exactly Kleene (And/Or/Not above).
  const Truth three[] = {F, U, T};
  auto to_due = [](Truth t) { return t == T ? DT : t == F ? DF : DU; };
  for (Truth a : three) {
    for (Truth b : three) {
      EXPECT_EQ(DueAnd(to_due(a), to_due(b)), to_due(And(a, b)));
      EXPECT_EQ(DueOr(to_due(a), to_due(b)), to_due(Or(a, b)));
    }
  }
}

DueTally TallyOf(std::initializer_list<DueTruth> ts) {
  DueTally t;
  for (DueTruth x : ts) t.Add(x);
  return t;
}

TEST(DueTruthTest, TallyAllAnyAsAndOr) {
  // Every sequence of up to three operands: All folds like 且, Any like 或.
  for (DueTruth a : kAllDue) {
    for (DueTruth b : kAllDue) {
      for (DueTruth c : kAllDue) {
        const DueTally t = TallyOf({a, b, c});
        EXPECT_EQ(t.All(), DueAnd(DueAnd(a, b), c));
        EXPECT_EQ(t.Any(), DueOr(DueOr(a, b), c));
        EXPECT_EQ(t.All(), DueAnd(a, DueAnd(b, c)));  // associative
      }
    }
  }
  EXPECT_EQ(DueTally().All(), DT);  // all of nothing
  EXPECT_EQ(DueTally().Any(), DF);
}

TEST(DueTruthTest, TallyAtLeastAndExactlyOne) {
  // 至少 2 项: a not-due alternative does not count towards N.
  EXPECT_EQ(TallyOf({DT, M, DF}).AtLeast(2), DF);
  EXPECT_EQ(TallyOf({DT, DT, M}).AtLeast(2), DT);
  EXPECT_EQ(TallyOf({DT, N, DF}).AtLeast(2), N);   // would hold with N: not due
  EXPECT_EQ(TallyOf({M, M}).AtLeast(1), M);        // every one not due
  EXPECT_EQ(TallyOf({DU, N, DF}).AtLeast(2), DU);  // missing data may decide
  EXPECT_EQ(TallyOf({DU, M, DT}).AtLeast(2), DU);
  // exists_one.
  EXPECT_EQ(TallyOf({DT, M}).ExactlyOne(), DT);
  EXPECT_EQ(TallyOf({DF, M}).ExactlyOne(), DF);
  EXPECT_EQ(TallyOf({DF, N}).ExactlyOne(), N);
  EXPECT_EQ(TallyOf({DT, N}).ExactlyOne(), M);
  EXPECT_EQ(TallyOf({DT, DT, N}).ExactlyOne(), DF);
  EXPECT_EQ(TallyOf({N, M}).ExactlyOne(), N);
  EXPECT_EQ(TallyOf({DU, N}).ExactlyOne(), DU);
  // Of: the counts a loop keeps (3 bodies: 1 true, 1 not due holding, 1 false).
  const DueTally of = DueTally::Of(3, 1, 1, 1, 0);
  EXPECT_EQ(of.trues, 1);
  EXPECT_EQ(of.falses, 1);
  EXPECT_EQ(of.unknowns, 0);
  EXPECT_EQ(of.due_true, 1);
  EXPECT_EQ(of.All(), DF);
}

TEST(DueTruthTest, CondSoFar) {
  EXPECT_EQ(DueCondSoFar(DT), N);
  EXPECT_EQ(DueCondSoFar(N), N);
  EXPECT_EQ(DueCondSoFar(DF), M);
  EXPECT_EQ(DueCondSoFar(M), M);
  EXPECT_EQ(DueCondSoFar(DU), N);
}

}  // namespace
}  // namespace paicha::rt
