// Exact decimal arithmetic. All intermediate values are __int128, which holds any int64
// coefficient multiplied by 10^18 (|x| < 9.3e36 < 1.7e38), so aligning two scales never
// overflows; results are then narrowed back to int64 with an explicit range check.
#include "paicha/rt/decimal.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "wide_decimal.h"

namespace paicha::rt {
namespace {

using core_internal::CompareWide;
using core_internal::i128;
using core_internal::Pow10Wide;
using core_internal::u128;

constexpr int64_t kPow10[19] = {1,
                                10,
                                100,
                                1000,
                                10000,
                                100000,
                                1000000,
                                10000000,
                                100000000,
                                1000000000,
                                10000000000LL,
                                100000000000LL,
                                1000000000000LL,
                                10000000000000LL,
                                100000000000000LL,
                                1000000000000000LL,
                                10000000000000000LL,
                                100000000000000000LL,
                                1000000000000000000LL};

bool FitsInt64(i128 v) {
  return v >= static_cast<i128>(std::numeric_limits<int64_t>::min()) &&
         v <= static_cast<i128>(std::numeric_limits<int64_t>::max());
}

// Brings an exact wide value (coefficient c, scale s >= 0) into a Decimal: drops trailing
// fractional zeros only while the coefficient does not fit or the scale is too large.
std::optional<Decimal> Narrow(i128 c, int s) {
  while ((s > Decimal::kMaxScale || !FitsInt64(c)) && s > 0 && c % 10 == 0) {
    c /= 10;
    --s;
  }
  if (s > Decimal::kMaxScale || !FitsInt64(c)) return std::nullopt;
  return Decimal::Make(static_cast<int64_t>(c), s);
}

void AppendUnsigned(u128 v, std::string* out) {
  char buf[48];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  while (n > 0) out->push_back(buf[--n]);
}

}  // namespace

std::optional<Decimal> Decimal::Parse(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    ++i;
  }
  i128 coefficient = 0;
  int scale = 0;
  int digits = 0;
  bool point = false;
  // The magnitude is accumulated up to 10^19 before the int64 check: an early exit keeps
  // 40-digit inputs from overflowing __int128.
  const i128 kCap = static_cast<i128>(kPow10[18]) * 100;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.') {
      if (point) return std::nullopt;
      point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    ++digits;
    coefficient = coefficient * 10 + (c - '0');
    if (coefficient > kCap) return std::nullopt;
    if (point) {
      if (++scale > kMaxScale) return std::nullopt;
    }
  }
  if (digits == 0) return std::nullopt;
  if (negative) coefficient = -coefficient;
  if (!FitsInt64(coefficient)) return std::nullopt;
  return Decimal(static_cast<int64_t>(coefficient), static_cast<uint8_t>(scale));
}

std::string Decimal::ToString() const {
  std::string out;
  const i128 c = coefficient_;
  u128 mag = static_cast<u128>(c < 0 ? -c : c);
  if (c < 0) out.push_back('-');
  if (scale_ == 0) {
    AppendUnsigned(mag, &out);
    return out;
  }
  std::string digits;
  AppendUnsigned(mag, &digits);
  if (digits.size() <= scale_) digits.insert(0, scale_ + 1 - digits.size(), '0');
  out.append(digits, 0, digits.size() - scale_);
  out.push_back('.');
  out.append(digits, digits.size() - scale_, scale_);
  return out;
}

bool Decimal::IsInteger() const { return coefficient_ % kPow10[scale_] == 0; }

std::optional<int64_t> Decimal::ToInt64() const {
  if (!IsInteger()) return std::nullopt;
  return coefficient_ / kPow10[scale_];
}

Decimal Decimal::Normalized() const {
  int64_t c = coefficient_;
  int s = scale_;
  while (s > 0 && c % 10 == 0) {
    c /= 10;
    --s;
  }
  if (c == 0) s = 0;
  return Decimal(c, static_cast<uint8_t>(s));
}

std::optional<Decimal> Decimal::WithScale(int scale) const {
  if (scale < 0 || scale > kMaxScale) return std::nullopt;
  if (scale >= scale_) {
    const i128 c = static_cast<i128>(coefficient_) * kPow10[scale - scale_];
    if (!FitsInt64(c)) return std::nullopt;
    return Decimal(static_cast<int64_t>(c), static_cast<uint8_t>(scale));
  }
  const int64_t p = kPow10[scale_ - scale];
  if (coefficient_ % p != 0) return std::nullopt;
  return Decimal(coefficient_ / p, static_cast<uint8_t>(scale));
}

Decimal Decimal::RoundHalfEven(int scale) const {
  if (scale < 0) scale = 0;
  if (scale >= scale_) return *this;
  const int64_t p = kPow10[scale_ - scale];
  int64_t q = coefficient_ / p;  // truncated toward zero
  const int64_t r = coefficient_ % p;
  // 2|r| compared with p in __int128, so doubling cannot overflow.
  const i128 mag2 = (r < 0 ? -static_cast<i128>(r) : static_cast<i128>(r)) * 2;
  const int dir = (r > 0) - (r < 0);
  if (mag2 > p || (mag2 == p && (q % 2 != 0))) q += dir;
  return Decimal(q, static_cast<uint8_t>(scale));
}

int Decimal::Compare(const Decimal& a, const Decimal& b) {
  return CompareWide(a.coefficient_, a.scale_, b.coefficient_, b.scale_);
}

std::optional<Decimal> Decimal::Add(const Decimal& a, const Decimal& b) {
  const int s = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
  const i128 c = static_cast<i128>(a.coefficient_) * kPow10[s - a.scale_] +
                 static_cast<i128>(b.coefficient_) * kPow10[s - b.scale_];
  return Narrow(c, s);
}

std::optional<Decimal> Decimal::Sub(const Decimal& a, const Decimal& b) {
  const int s = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
  const i128 c = static_cast<i128>(a.coefficient_) * kPow10[s - a.scale_] -
                 static_cast<i128>(b.coefficient_) * kPow10[s - b.scale_];
  return Narrow(c, s);
}

std::optional<Decimal> Decimal::Mul(const Decimal& a, const Decimal& b) {
  const i128 c = static_cast<i128>(a.coefficient_) * b.coefficient_;
  return Narrow(c, a.scale_ + b.scale_);
}

std::optional<Decimal> Decimal::Negate(const Decimal& a) {
  if (a.coefficient_ == std::numeric_limits<int64_t>::min()) return std::nullopt;
  return Decimal(-a.coefficient_, a.scale_);
}

std::optional<Decimal> Decimal::Div(const Decimal& a, const Decimal& b, int scale) {
  if (b.coefficient_ == 0 || scale < 0 || scale > kMaxScale) return std::nullopt;
  // q = a/b × 10^scale = (ca × 10^(scale + sb - sa)) / cb.
  int shift = scale + b.scale_ - a.scale_;
  i128 num = a.coefficient_;
  i128 den = b.coefficient_;
  // shift is in [-18, 36]; scaling num by up to 10^36 could overflow, so split the factor
  // between the numerator and (for negative shifts) the denominator.
  if (shift >= 0) {
    // |ca| < 9.3e18; 10^19 more keeps |num| < 9.3e37 < 1.7e38.
    if (shift > 19) {
      // Only possible with a.scale small and b.scale large: then the quotient is huge unless
      // |ca| is small. Reduce the denominator first where it has trailing zeros.
      while (shift > 19 && den % 10 == 0) {
        den /= 10;
        --shift;
      }
      if (shift > 19) {
        // |num| × 10^shift may still fit when |num| is small.
        const i128 limit = Pow10Wide(37 - shift);
        if (num >= limit || num <= -limit) return std::nullopt;
      }
    }
    num *= Pow10Wide(shift);
  } else {
    den *= Pow10Wide(-shift);
  }
  i128 q = num / den;
  const i128 r = num % den;
  if (r != 0) {
    const i128 abs_r2 = (r < 0 ? -r : r) * 2;
    const i128 abs_den = den < 0 ? -den : den;
    const int sign = ((num < 0) != (den < 0)) ? -1 : 1;
    if (abs_r2 > abs_den || (abs_r2 == abs_den && q % 2 != 0)) q += sign;
  }
  if (!FitsInt64(q)) return std::nullopt;
  return Decimal(static_cast<int64_t>(q), static_cast<uint8_t>(scale));
}

std::optional<Decimal> Decimal::DivExact(const Decimal& a, const Decimal& b) {
  if (b.coefficient_ == 0) return std::nullopt;
  // Try increasing scales; the first exact one is the smallest. Numerators up to
  // |ca| × 10^(18 + sb) would overflow, so Div's overflow checks bound the loop.
  const Decimal an = a.Normalized();
  const Decimal bn = b.Normalized();
  for (int s = 0; s <= kMaxScale; ++s) {
    int shift = s + bn.scale_ - an.scale_;
    i128 num = an.coefficient_;
    i128 den = bn.coefficient_;
    if (shift >= 0) {
      if (shift > 19) continue;
      num *= Pow10Wide(shift);
    } else {
      den *= Pow10Wide(-shift);
    }
    if (num % den != 0) continue;
    const i128 q = num / den;
    if (!FitsInt64(q)) return std::nullopt;
    return Decimal(static_cast<int64_t>(q), static_cast<uint8_t>(s));
  }
  return std::nullopt;
}

size_t Decimal::Hash() const {
  const Decimal n = Normalized();
  uint64_t h = static_cast<uint64_t>(n.coefficient_) * 0x9E3779B97F4A7C15ULL;
  h ^= (static_cast<uint64_t>(n.scale_) + 0x7F4A7C15ULL) * 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 31;
  return static_cast<size_t>(h);
}

}  // namespace paicha::rt
