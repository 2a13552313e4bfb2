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

// Values popped by kIterBegin of macro `kind`: the list, plus period and count for kFrequency.
constexpr int IterBeginPops(MacroKind kind) { return kind == MacroKind::kFrequency ? 3 : 1; }

}  // namespace paicha::rt::vm_internal

#endif  // PAICHA_RUNTIME_VM_OPCODE_INFO_H_
