// Patterns as byte automata for the generated C++ (the native status code's `matches`).
//
// A `t.matches("…")` is RE2::PartialMatch with RE2's default options (UTF-8, case-sensitive,
// ^ and $ at the ends of the text). For the common shapes of identifier checks — literal
// characters (any UTF-8), ASCII classes, \d \s \w, groups, alternation, the repetitions
// ? * + {n} {n,} {n,m} and the anchors ^ $ — the C++ backend translates the pattern into a
// deterministic automaton over bytes (Thompson's construction, then subsets), which the
// generated code runs inline with gen::DfaMatch: one table lookup per byte instead of a call
// into RE2. Anything else (., negated classes, \p{…}, \b, flags, …) or an automaton over the
// size limits keeps RE2. The runtime's VM always uses RE2; native_regex_test checks the
// automata against RE2 on random texts, and the equivalence tests compare the two backends.
#ifndef PAICHA_COMPILER_BACKEND_CPP_NATIVE_REGEX_H_
#define PAICHA_COMPILER_BACKEND_CPP_NATIVE_REGEX_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace paicha::compiler::backend_cpp {

// The tables behind a gen::NativeDfa (paicha/rt/gen_native.h, which gives their meaning).
struct ByteDfa {
  std::array<uint8_t, 256> byte_class{};
  uint32_t classes = 0;
  uint32_t start = 0;
  std::vector<uint16_t> next;  // states × classes
  std::vector<uint8_t> flags;  // per state: gen::kDfaAcceptNow | kDfaAcceptAtEnd | kDfaDead
  size_t states() const { return flags.size(); }
};

// The automaton deciding RE2::PartialMatch(text, pattern) for every byte string `text`, or
// nullopt when the pattern is outside the subset above or the automaton would be too large
// (more than 4096 NFA nodes or 1024 states). `pattern` must be one RE2 accepts.
std::optional<ByteDfa> BuildByteDfa(std::string_view pattern);

}  // namespace paicha::compiler::backend_cpp

#endif  // PAICHA_COMPILER_BACKEND_CPP_NATIVE_REGEX_H_
