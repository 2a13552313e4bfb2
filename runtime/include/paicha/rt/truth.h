// Kleene's strong three-valued logic: the truth values of every paicha condition.
//
// Missing data is never a pass: a condition over a missing fact is kUnknown, and an item whose
// condition is kUnknown is 无法判定. And/Or decide as soon as a known operand decides (a known
// false decides And, a known true decides Or), so an unknown never hides a known violation.
// The numeric encoding (kFalse = 0, kUnknown = 1, kTrue = 2) makes And = min and Or = max and
// Not = 2 - x; it is stored in rulebook images and must not change.
//
// All functions are constexpr and total; thread-safe.
#ifndef PAICHA_RT_TRUTH_H_
#define PAICHA_RT_TRUTH_H_

#include <cstdint>
#include <string_view>

namespace paicha::rt {

enum class Truth : uint8_t { kFalse = 0, kUnknown = 1, kTrue = 2 };

constexpr Truth FromBool(bool b) { return b ? Truth::kTrue : Truth::kFalse; }

// Kleene conjunction: min(a, b). F∧x = F, T∧T = T, otherwise U.
constexpr Truth And(Truth a, Truth b) {
  return static_cast<uint8_t>(a) < static_cast<uint8_t>(b) ? a : b;
}
// Kleene disjunction: max(a, b). T∨x = T, F∨F = F, otherwise U.
constexpr Truth Or(Truth a, Truth b) {
  return static_cast<uint8_t>(a) > static_cast<uint8_t>(b) ? a : b;
}
// Kleene negation: ¬T = F, ¬F = T, ¬U = U.
constexpr Truth Not(Truth a) { return static_cast<Truth>(2 - static_cast<uint8_t>(a)); }

constexpr bool IsKnown(Truth t) { return t != Truth::kUnknown; }
constexpr bool IsTrue(Truth t) { return t == Truth::kTrue; }
constexpr bool IsFalse(Truth t) { return t == Truth::kFalse; }

// "false", "unknown", "true": for dumps and tests, never shown to users.
constexpr std::string_view TruthName(Truth t) {
  return t == Truth::kTrue ? "true" : t == Truth::kFalse ? "false" : "unknown";
}

// ---- Truth while a condition is evaluated: Kleene plus 未到期 ---------------------------------
//
// The interpreter (vm/machine.h TV), the generated code (gen_native.h NT) and their item
// statuses use five truth classes: known false and true; unknown (missing data: 无法判定, the
// missing fields named); and *not due* — a deadline not yet passed and not done, or a frequency
// rule with no judged period yet (通用判定口径 3 and 5) — carrying its value so far: kNotDue holds
// so far (what 截止 and 每 … give), kNotDueFalse fails so far (非 of kNotDue). An item whose
// applicability or condition is not due is 未到期.
//
// A not-due operand is not counted (口径 3: "已到期的节点全部符合、未到期节点不计 ⇒ 符合；
// 任一已到期节点不符合 ⇒ 不符合；全部节点未到期 ⇒ 未到期"). A combination (且, 或, 下列全部,
// 有下列情形之一, 至少 N 项, exists, all, exists_one) is decided on its counted operands (known or
// unknown) with the usual Kleene rules; that value stands when the not-due operands, read as their
// value so far, would give the same. It is not due (with the value so far of the whole) when every
// operand is not due, or when the not-due operands would change it; and unknown when missing data
// could change it under either reading (missing data is never hidden by a not-due operand). So
//   截止 2023-12-31 完成于 甲 且 截止 2099-12-31 完成于 乙  with 甲 in time   ⇒ true (符合)
//   非 (截止 …) 或 非 (截止 …) likewise                                        ⇒ false
//   下列全部 { 非 甲; 非 (截止 2099-12-31 …) }  with 甲 false  ⇒ not due: the only violation
//       the item describes is not due yet (a guard with 且 never turns a not-due rule into a
//       violation).
// Not-due is thus the neutral operand of 且 and 或 whenever its value so far agrees with the
// counted operands' value.
enum class DueTruth : uint8_t { kFalse, kTrue, kUnknown, kNotDue, kNotDueFalse };

constexpr bool IsNotDue(DueTruth t) {
  return t == DueTruth::kNotDue || t == DueTruth::kNotDueFalse;
}
// Not due with the value so far `holds`.
constexpr DueTruth NotDueSoFar(bool holds) {
  return holds ? DueTruth::kNotDue : DueTruth::kNotDueFalse;
}
// 非: swaps true and false, and the value so far of not-due; unknown stays unknown.
constexpr DueTruth DueNot(DueTruth t) {
  switch (t) {
    case DueTruth::kFalse:
      return DueTruth::kTrue;
    case DueTruth::kTrue:
      return DueTruth::kFalse;
    case DueTruth::kNotDue:
      return DueTruth::kNotDueFalse;
    case DueTruth::kNotDueFalse:
      return DueTruth::kNotDue;
    case DueTruth::kUnknown:
      break;
  }
  return DueTruth::kUnknown;
}

// The operands of one combination, counted by class; Add each, then ask for the result.
struct DueTally {
  int64_t trues = 0, falses = 0, unknowns = 0, due_true = 0, due_false = 0;

  // From counts kept in a loop: `operands` in all, `trues` true, `undecided` neither true nor
  // false, of which `due_t` / `due_f` not due holding / failing so far.
  static constexpr DueTally Of(int64_t operands, int64_t trues, int64_t undecided, int64_t due_t,
                               int64_t due_f) {
    DueTally t;
    t.trues = trues;
    t.falses = operands - trues - undecided;
    t.unknowns = undecided - due_t - due_f;
    t.due_true = due_t;
    t.due_false = due_f;
    return t;
  }

  constexpr void Add(DueTruth t) {
    switch (t) {
      case DueTruth::kFalse:
        ++falses;
        break;
      case DueTruth::kTrue:
        ++trues;
        break;
      case DueTruth::kUnknown:
        ++unknowns;
        break;
      case DueTruth::kNotDue:
        ++due_true;
        break;
      case DueTruth::kNotDueFalse:
        ++due_false;
        break;
    }
  }
  // 至少 `need` 项 (and 或 / 有下列情形之一 / exists with need 1): true when `need` operands hold.
  constexpr DueTruth AtLeast(int64_t need) const {
    return Settle(AtLeastOf(trues, unknowns, need), AtLeastOf(trues + due_true, unknowns, need));
  }
  constexpr DueTruth Any() const { return AtLeast(1); }
  // 且 / 下列全部 / all: every operand holds (every counted one; every one so far).
  constexpr DueTruth All() const {
    const int64_t counted = trues + falses + unknowns;
    return Settle(AtLeastOf(trues, unknowns, counted),
                  AtLeastOf(trues + due_true, unknowns, counted + due_true + due_false));
  }
  // exists_one: exactly one operand holds.
  constexpr DueTruth ExactlyOne() const {
    return Settle(ExactlyOneOf(trues, unknowns), ExactlyOneOf(trues + due_true, unknowns));
  }

 private:
  static constexpr DueTruth AtLeastOf(int64_t t, int64_t u, int64_t need) {
    return t >= need ? DueTruth::kTrue : t + u < need ? DueTruth::kFalse : DueTruth::kUnknown;
  }
  static constexpr DueTruth ExactlyOneOf(int64_t t, int64_t u) {
    return t >= 2  ? DueTruth::kFalse
           : u > 0 ? DueTruth::kUnknown
                   : (t == 1 ? DueTruth::kTrue : DueTruth::kFalse);
  }
  // `counted`: the value over the counted operands alone; `so_far`: with the not-due ones read
  // as their value so far.
  constexpr DueTruth Settle(DueTruth counted, DueTruth so_far) const {
    if (due_true + due_false == 0) return counted;
    if (counted == DueTruth::kUnknown || so_far == DueTruth::kUnknown) return DueTruth::kUnknown;
    if (trues + falses + unknowns == 0 || counted != so_far) {
      return NotDueSoFar(so_far == DueTruth::kTrue);
    }
    return counted;
  }
};

// 且 and 或 of two operands (DueTally::All / Any).
constexpr DueTruth DueAnd(DueTruth a, DueTruth b) {
  DueTally t;
  t.Add(a);
  t.Add(b);
  return t.All();
}
constexpr DueTruth DueOr(DueTruth a, DueTruth b) {
  DueTally t;
  t.Add(a);
  t.Add(b);
  return t.Any();
}

// 如果 c 则 … 否则 … whose condition is not due: not due, with the value so far of the branch
// the condition's value so far picks (`picked`: its truth class; a branch that is not a truth, or
// unknown, counts as holding so far, as before this rule).
constexpr DueTruth DueCondSoFar(DueTruth picked) {
  return NotDueSoFar(!(picked == DueTruth::kFalse || picked == DueTruth::kNotDueFalse));
}

}  // namespace paicha::rt

#endif  // PAICHA_RT_TRUTH_H_
