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
// VM). `table` has one row of `width` entries per state: entry c < width - 1 is the row offset
// (state × width) of the state that byte class c leads to, the last entry the state's flags:
// whether the text matches once the state is reached (kDfaAcceptNow), whether it matches if the
// text ends there (kDfaAcceptAtEnd), whether no match can follow (kDfaDead). `start` is the
// first state's row offset.
inline constexpr uint16_t kDfaAcceptNow = 1;
inline constexpr uint16_t kDfaAcceptAtEnd = 2;
inline constexpr uint16_t kDfaDead = 4;
struct DfaView {
  const uint8_t* byte_class;  // 256 entries
  const uint16_t* table;
  uint32_t width;  // byte classes + 1
  uint32_t start;
};

// RE2::PartialMatch(text, pattern) for the pattern the automaton was built from. A state that
// accepts now or is dead leads only to itself, so the flags need not be read at every byte: one
// table lookup per byte, and a look at the flags every 16 bytes to stop early in long texts.
inline bool DfaMatch(const DfaView& d, std::string_view text) {
  const uint16_t* t = d.table;
  const uint32_t flags = d.width - 1;
  uint32_t s = d.start;
  // Indexes, not pointer steps: an empty text may have a null data().
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  for (; n - i >= 16; i += 16) {
    if (t[s + flags] & (kDfaAcceptNow | kDfaDead)) return (t[s + flags] & kDfaAcceptNow) != 0;
    for (size_t k = i; k < i + 16; ++k) s = t[s + d.byte_class[p[k]]];
  }
  for (; i < n; ++i) s = t[s + d.byte_class[p[i]]];
  return (t[s + flags] & kDfaAcceptAtEnd) != 0;
}

// An automaton with its own tables.
struct ByteDfa {
  std::array<uint8_t, 256> byte_class{};
  uint32_t width = 0;           // byte classes + 1
  uint32_t start = 0;           // row offset
  std::vector<uint16_t> table;  // states × width (DfaView)
  size_t states() const { return width == 0 ? 0 : table.size() / width; }
  size_t classes() const { return width - 1; }
  DfaView view() const { return DfaView{byte_class.data(), table.data(), width, start}; }
  bool Match(std::string_view text) const { return DfaMatch(view(), text); }
};

// The automaton deciding RE2::PartialMatch(text, pattern) for every byte string `text`, or
// nullopt when the pattern is outside the subset above or the automaton would be too large
// (more than 4096 NFA nodes or 1024 states, or too much work to build: a
// hostile image cannot make loading slow). `pattern` must be one RE2 accepts.
std::optional<ByteDfa> BuildByteDfa(std::string_view pattern);

}  // namespace paicha::rt

#endif  // PAICHA_RT_BYTE_DFA_H_
