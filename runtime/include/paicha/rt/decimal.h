// Exact decimal numbers: the only numeric representation paicha uses for non-integral values.
//
// Work-safety thresholds are written in decimal ("0.3‰", "1.5 m", "6.0 MPa") and must compare
// exactly, so binary floating point is never used anywhere in paicha. A Decimal is a signed 64-bit
// coefficient and a decimal scale in [0, kMaxScale]: value = coefficient × 10^-scale. 0.3 is
// {3, 1}; 0.30 is {30, 2}. The scale is kept as written so that ToString() reproduces the
// submitted text ("0.30"), but every comparison, equality and hash is on the numeric value
// (0.3 == 0.30, and Hash(0.3) == Hash(0.30)), so Decimals can be used as keys for CSE.
//
// Arithmetic never overflows silently and never rounds silently: Add/Sub/Mul return std::nullopt
// when the exact result does not fit (coefficient outside int64 after removing trailing zeros, or
// scale above kMaxScale). Division is the only inexact operation and says how it rounds.
// Intermediate arithmetic uses __int128, so alignment of scales can never overflow.
//
// Decimal is trivially copyable, 16 bytes, and has no invariants beyond 0 <= scale <= kMaxScale
// (constructors enforce it). Thread safety: a value type; no shared state.
#ifndef PAICHA_RT_DECIMAL_H_
#define PAICHA_RT_DECIMAL_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace paicha::rt {

class Decimal {
 public:
  // Largest scale (digits after the point). 18 because 10^18 is the largest power of ten that
  // fits in int64, so any Decimal's fractional part can be aligned exactly inside __int128.
  static constexpr int kMaxScale = 18;
  // Scale of Div() results: 12 places is far finer than any ratio a standard states (‰ of ‰)
  // while leaving 6 integer digits of headroom in int64 for ratios up to ~9.2 million.
  static constexpr int kDivScale = 12;

  // Zero, scale 0.
  constexpr Decimal() = default;

  // The integer `v` (scale 0). Exact for every int64.
  static constexpr Decimal FromInt(int64_t v) { return Decimal(v, 0); }
  // coefficient × 10^-scale. Returns nullopt when scale is outside [0, kMaxScale].
  static constexpr std::optional<Decimal> Make(int64_t coefficient, int scale) {
    if (scale < 0 || scale > kMaxScale) return std::nullopt;
    return Decimal(coefficient, static_cast<uint8_t>(scale));
  }

  // Parses plain decimal text: optional sign ('+' or '-'), digits, optionally '.' and digits
  // ("12", "0.30", "-1.5", "+7", ".5" and "5." are accepted; "1e3", "0x10", "1,000", " 1",
  // "" and "." are not). Leading zeros are allowed. The scale is the number of digits written
  // after the point. Returns nullopt on bad syntax, more than kMaxScale fractional digits, or a
  // coefficient that does not fit in int64. Never throws; no locale dependence.
  static std::optional<Decimal> Parse(std::string_view text);

  // The value with its scale kept: {30, 2} -> "0.30", {-15, 1} -> "-1.5", {12, 0} -> "12".
  // Parse(d.ToString()) reproduces d exactly (same coefficient and scale).
  std::string ToString() const;

  int64_t coefficient() const { return coefficient_; }
  int scale() const { return scale_; }

  // -1, 0 or 1.
  int Sign() const { return (coefficient_ > 0) - (coefficient_ < 0); }
  bool IsZero() const { return coefficient_ == 0; }
  // True when the value has no fractional part (1.00 is an integer).
  bool IsInteger() const;
  // The value as int64 when it is an integer (1.00 -> 1); nullopt otherwise.
  std::optional<int64_t> ToInt64() const;

  // The same value with trailing fractional zeros removed (1.500 -> 1.5, 2.00 -> 2, 0.0 -> 0).
  Decimal Normalized() const;
  // The same value at a larger scale (1.5 at scale 3 -> 1.500). Returns nullopt when `scale` is
  // smaller than scale() and digits would be lost, or the coefficient would overflow.
  std::optional<Decimal> WithScale(int scale) const;
  // Rounds to `scale` digits, half to even (2.345 -> 2.34, 2.355 -> 2.36). Never fails when
  // scale <= scale(); returns *this unchanged when scale >= scale(). `scale` is clamped to >= 0.
  Decimal RoundHalfEven(int scale) const;

  // Numeric three-way comparison: <0, 0, >0. Exact for all values (no overflow).
  static int Compare(const Decimal& a, const Decimal& b);

  // Exact arithmetic. The result's scale is max(a.scale, b.scale) for Add/Sub and
  // a.scale + b.scale for Mul, reduced (trailing zeros dropped) only as far as needed to fit.
  // nullopt means the exact result is not representable.
  static std::optional<Decimal> Add(const Decimal& a, const Decimal& b);
  static std::optional<Decimal> Sub(const Decimal& a, const Decimal& b);
  static std::optional<Decimal> Mul(const Decimal& a, const Decimal& b);
  // -a; nullopt only for the coefficient INT64_MIN.
  static std::optional<Decimal> Negate(const Decimal& a);
  // a / b rounded half to even to exactly `scale` places (default kDivScale). nullopt when b is
  // zero or the result does not fit. Used for ratios; thresholds never need it.
  static std::optional<Decimal> Div(const Decimal& a, const Decimal& b, int scale = kDivScale);
  // a / b when the quotient is an exactly representable Decimal (6 / 3 = 2, 1 / 8 = 0.125),
  // at the smallest scale that holds it; nullopt when b is zero or the quotient is not a
  // terminating decimal within kMaxScale places (1 / 3). Used by unit conversion.
  static std::optional<Decimal> DivExact(const Decimal& a, const Decimal& b);

  // A hash consistent with ==: equal values (0.3, 0.30) hash equally.
  size_t Hash() const;

  friend bool operator==(const Decimal& a, const Decimal& b) { return Compare(a, b) == 0; }
  friend bool operator!=(const Decimal& a, const Decimal& b) { return Compare(a, b) != 0; }
  friend bool operator<(const Decimal& a, const Decimal& b) { return Compare(a, b) < 0; }
  friend bool operator<=(const Decimal& a, const Decimal& b) { return Compare(a, b) <= 0; }
  friend bool operator>(const Decimal& a, const Decimal& b) { return Compare(a, b) > 0; }
  friend bool operator>=(const Decimal& a, const Decimal& b) { return Compare(a, b) >= 0; }

  // Same coefficient and same scale (0.3 and 0.30 are == but not Identical).
  bool Identical(const Decimal& o) const {
    return coefficient_ == o.coefficient_ && scale_ == o.scale_;
  }

 private:
  constexpr Decimal(int64_t c, uint8_t s) : coefficient_(c), scale_(s) {}
  int64_t coefficient_ = 0;
  uint8_t scale_ = 0;
};

// For std::unordered_map<Decimal, ...>.
struct DecimalHash {
  size_t operator()(const Decimal& d) const { return d.Hash(); }
};

}  // namespace paicha::rt

#endif  // PAICHA_RT_DECIMAL_H_
