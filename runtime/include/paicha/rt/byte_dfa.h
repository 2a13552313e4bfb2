// Patterns as byte automata: the fast path of `matches` in the VM and in generated C++.
//
// A `t.matches("…")` is RE2::PartialMatch with RE2's default options (UTF-8, case-sensitive,
// ^ and $ at the ends of the text). For the common shapes of identifier checks — literal
// characters (any UTF-8), ASCII classes, \d \s \w, groups, alternation, the repetitions
// ? * + {n} {n,} {n,m} and the anchors ^ $ — BuildByteDfa translates the pattern into a
// deterministic automaton over bytes (Thompson's construction, then subsets): the image loader
// builds one for every pattern constant (Constant::dfa) and the VM runs it, and the C++ backend
// emits its tables as constexpr arrays that the generated code runs inline; either way one table
// lookup per byte instead of a call into RE2. Anything else (., negated classes, \p{…}, \b,
// flags, …) or an automaton over the size limits keeps RE2. byte_dfa_test checks the automata
// against RE2 on random texts; the equivalence tests compare the two backends.
#ifndef PAICHA_RT_BYTE_DFA_H_
#define PAICHA_RT_BYTE_DFA_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace paicha::rt {

// A view of an automaton's tables (static arrays in generated code, a ByteDfa's vectors in the
// VM). State s goes to next[s * classes + byte_class[b]] on byte b; flags[s] says whether the
// text matches once s is reached (kDfaAcceptNow), whether it matches if the text ends in s
// (kDfaAcceptAtEnd) and whether no match can follow (kDfaDead).
inline constexpr uint8_t kDfaAcceptNow = 1;
inline constexpr uint8_t kDfaAcceptAtEnd = 2;
inline constexpr uint8_t kDfaDead = 4;
struct DfaView {
  const uint8_t* byte_class;  // 256 entries
  const uint16_t* next;
  const uint8_t* flags;
  uint32_t classes;
  uint32_t start;
};

// RE2::PartialMatch(text, pattern) for the pattern the automaton was built from.
inline bool DfaMatch(const DfaView& d, std::string_view text) {
  uint32_t s = d.start;
  uint8_t f = d.flags[s];
  for (const char ch : text) {
    if (f & (kDfaAcceptNow | kDfaDead)) break;
    s = d.next[s * d.classes + d.byte_class[static_cast<unsigned char>(ch)]];
    f = d.flags[s];
  }
  return (f & kDfaAcceptAtEnd) != 0;
}

// An automaton with its own tables.
struct ByteDfa {
  std::array<uint8_t, 256> byte_class{};
  uint32_t classes = 0;
  uint32_t start = 0;
  std::vector<uint16_t> next;  // states × classes
  std::vector<uint8_t> flags;  // per state: kDfaAcceptNow | kDfaAcceptAtEnd | kDfaDead
  size_t states() const { return flags.size(); }
  DfaView view() const {
    return DfaView{byte_class.data(), next.data(), flags.data(), classes, start};
  }
  bool Match(std::string_view text) const { return DfaMatch(view(), text); }
};

// The automaton deciding RE2::PartialMatch(text, pattern) for every byte string `text`, or
// nullopt when the pattern is outside the subset above or the automaton would be too large
// (more than 4096 NFA nodes or 1024 states, or too much work to build: a
// hostile image cannot make loading slow). `pattern` must be one RE2 accepts.
std::optional<ByteDfa> BuildByteDfa(std::string_view pattern);

}  // namespace paicha::rt

#endif  // PAICHA_RT_BYTE_DFA_H_
