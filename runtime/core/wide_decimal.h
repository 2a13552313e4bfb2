// Internal to runtime/core: exact comparison of wide decimals (an __int128 coefficient and a
// scale), shared by Decimal::Compare and CompareQuantities. Not a public header.
#ifndef PAICHA_RT_CORE_WIDE_DECIMAL_H_
#define PAICHA_RT_CORE_WIDE_DECIMAL_H_

namespace paicha::rt::core_internal {

// __extension__: __int128 is a GCC/Clang extension; -Wpedantic would flag each use otherwise.
__extension__ using i128 = __int128;
__extension__ using u128 = unsigned __int128;

// 10^n for 0 <= n <= 38.
inline i128 Pow10Wide(int n) {
  i128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

// Three-way comparison of c1×10^-s1 and c2×10^-s2. Requires 0 <= s1, s2 <= 36 (any |c| that
// fits in __int128). Integer parts are compared first; the fractional parts (each < 10^s <=
// 10^36) are then aligned to the common scale, which cannot overflow since 10^36 < 2^127.
inline int CompareWide(i128 c1, int s1, i128 c2, int s2) {
  if (s1 == s2) return (c1 > c2) - (c1 < c2);
  const i128 p1 = Pow10Wide(s1), p2 = Pow10Wide(s2);
  // Truncating division: integer parts round toward zero and the remainders keep the sign of
  // their value, so (integer part, fraction) orders lexicographically.
  const i128 int1 = c1 / p1, int2 = c2 / p2;
  if (int1 != int2) return (int1 > int2) - (int1 < int2);
  i128 f1 = c1 % p1, f2 = c2 % p2;
  const int s = s1 > s2 ? s1 : s2;
  f1 *= Pow10Wide(s - s1);
  f2 *= Pow10Wide(s - s2);
  return (f1 > f2) - (f1 < f2);
}

}  // namespace paicha::rt::core_internal

#endif  // PAICHA_RT_CORE_WIDE_DECIMAL_H_
