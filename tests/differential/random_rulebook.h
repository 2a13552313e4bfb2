// Random rulebooks and submissions for the differential tests (tests/differential).
//
// Role: the input side of the re2/testing/tester.h model. RandomRulebook(seed) writes a small
// rulebook as source text — a fixed-shape input form (bool, int, 整数(人), decimal, a pressure
// quantity in a per-rulebook unit, dates, an enum, text, a list of records with the same kinds)
// and 3–10 items (some in sections, some with 适用) whose conditions are random expressions over
// and/or/not, comparisons, arithmetic, if/then/else, exists/all/exists_one/count/filter/size/
// sum/min/max/ratio, any_of/all_of/at_least situations, date ± duration, deadlines and lets.
// Constants are drawn near the values the submissions use (equal, ±1 unit, the same amount in
// another unit, dates at month/quarter/year ends and leap days) so that boundaries are hit.
// Submission() writes one random YAML submission for it: each field present, missing or null;
// lists missing, empty or with members whose fields are missing; numbers at the boundaries;
// quantities and ratios in other compatible units ("0.03 MPa", "30%"); dates in every accepted
// spelling.
//
// Determinism: the same seed gives the same rulebook, and the same rng state the same
// submission, on every platform (only std::mt19937 is used, never std::*_distribution, whose
// results are implementation-defined).
//
// Every generated rulebook is meant to compile without errors and every submission to load
// without errors; the tester treats anything else as a generator or compiler bug.
#ifndef PAICHA_TESTS_DIFFERENTIAL_RANDOM_RULEBOOK_H_
#define PAICHA_TESTS_DIFFERENTIAL_RANDOM_RULEBOOK_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace paicha::difftest {

class RandomRulebook {
 public:
  // Generates the rulebook for `seed`.
  explicit RandomRulebook(uint32_t seed);

  // The rulebook source text.
  const std::string& text() const { return text_; }

  // A random submission (YAML) for this rulebook, drawn from `rng`. `with_report_date`: include
  // 报告日期 (drawn from the rulebook's date pool).
  std::string Submission(std::mt19937* rng, bool with_report_date) const;

  // A date from the boundary pool ("2024-02-29"), for report dates given outside the document.
  std::string PoolDate(std::mt19937* rng) const;

 private:
  struct Scope;                // macro variables in scope while generating an expression
  uint32_t Below(uint32_t n);  // uniform-ish in [0, n) from rng_
  bool OneIn(uint32_t n) { return Below(n) == 0; }

  std::string BoolExpr(int depth, const Scope& scope);
  std::string Atom();  // a leaf over the top-level inputs
  std::string ElementAtom(const std::string& var, const Scope& scope);
  std::string MacroExpr(int depth, const Scope& scope);
  std::string Situations(int depth, const Scope& scope);
  std::string RelOp();
  std::string IntConst();
  std::string PersonsConst();
  std::string RateConst();
  std::string PressureConst();
  std::string CountConst();
  std::string DateConst();
  std::string Duration(bool days_only);
  std::string Item(int index);

  std::mt19937 rng_;
  std::string text_;
  // Per-rulebook data the constants and submissions are drawn near.
  int int_base_ = 0;       // 数 / 设备.数量
  int persons_base_ = 0;   // 人数 (人)
  int rate_base_ = 0;      // 率 in hundredths (30 = 0.30)
  int pressure_base_ = 0;  // 压 / 设备.压力 in kPa
  int pressure_unit_ = 0;  // declared unit of the pressure fields: 0 Pa, 1 kPa, 2 MPa
  int let_count_ = 0;      // lets 条件1.. declared so far (bool)
};

}  // namespace paicha::difftest

#endif  // PAICHA_TESTS_DIFFERENTIAL_RANDOM_RULEBOOK_H_
