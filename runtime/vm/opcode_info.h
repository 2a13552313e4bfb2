// Static facts about opcodes derived from opcodes.def: stack effects and which operands an
// opcode uses. Header-only and constexpr, shared by the verifier (runtime/image), the
// interpreter and the disassembler (runtime/vm). Internal: not part of the public headers.
#ifndef PAICHA_RUNTIME_VM_OPCODE_INFO_H_
#define PAICHA_RUNTIME_VM_OPCODE_INFO_H_

#include <cstdint>
#include <string_view>

#include "paicha/rt/program.h"

namespace paicha::rt::vm_internal {

struct OpInfo {
  const char* name;
  int pops;    // -1: depends on operands (see OperandPops)
  int pushes;  // -1: depends on operands
  bool uses_a, uses_b, uses_c;
  const char* operands;
  const char* semantics;
};

constexpr bool Mentions(std::string_view operands, char which) {
  for (size_t i = 0; i + 1 < operands.size(); ++i) {
    if (operands[i] == which && operands[i + 1] == '=') return true;
  }
  return false;
}

inline constexpr OpInfo kOpInfo[] = {
#define PAICHA_OPCODE(Name, pops, pushes, operands, semantics) \
  {#Name,                                                      \
   pops,                                                       \
   pushes,                                                     \
   Mentions(operands, 'a'),                                    \
   Mentions(operands, 'b'),                                    \
   Mentions(operands, 'c'),                                    \
   operands,                                                   \
   semantics},
#include "opcodes.def"
#undef PAICHA_OPCODE
};
static_assert(sizeof(kOpInfo) / sizeof(kOpInfo[0]) == static_cast<size_t>(kOpcodeCount));

inline constexpr int kMacroBodyValues[] = {
#define PAICHA_MACRO_KIND(Name, body_values, semantics) body_values,
#include "opcodes.def"
#undef PAICHA_MACRO_KIND
};

inline const OpInfo& Info(Opcode op) { return kOpInfo[static_cast<uint8_t>(op)]; }

// Whether comparison kEq + row holds, by the sign of the three-way result (column 0: <, 1: ==,
// 2: >): a table, so the hot comparisons branch on nothing.
inline constexpr bool kHolds[kMaxCmpCode + 1][3] = {
    {false, true, false},  // kEq
    {true, false, true},   // kNe
    {true, false, false},  // kLt
    {true, true, false},   // kLe
    {false, false, true},  // kGt
    {false, true, true},   // kGe
};

// Whether x (cmp) y holds; `cmp` is a verified comparison code (<= kMaxCmpCode).
inline bool HoldsCode(uint8_t cmp, int64_t x, int64_t y) {
  return kHolds[cmp][(x > y) - (x < y) + 1];
}

// Row `cmp` of kHolds as a bit mask for MaskHolds: bit 0 for x < y, bit 1 for ==, bit 2 for >.
constexpr uint8_t HoldsMask(uint8_t cmp) {
  return static_cast<uint8_t>(kHolds[cmp][0] | kHolds[cmp][1] << 1 | kHolds[cmp][2] << 2);
}
// HoldsCode by HoldsMask(cmp): the same answer with no table load.
inline bool MaskHolds(uint8_t mask, int64_t x, int64_t y) {
  return ((mask >> ((x > y) + (x >= y))) & 1) != 0;
}

// Values popped by kIterBegin of macro `kind`: the list, plus period and count for kFrequency.
constexpr int IterBeginPops(MacroKind kind) { return kind == MacroKind::kFrequency ? 3 : 1; }

}  // namespace paicha::rt::vm_internal

#endif  // PAICHA_RUNTIME_VM_OPCODE_INFO_H_
