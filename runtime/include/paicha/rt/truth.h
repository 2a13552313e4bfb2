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

}  // namespace paicha::rt

#endif  // PAICHA_RT_TRUTH_H_
