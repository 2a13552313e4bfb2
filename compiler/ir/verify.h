// The IR verifier: checks the invariants documented in ir.h on a Program, so a bug in lowering
// is caught before a backend trusts the IR. Used by the driver after lowering (debug and test
// builds always; it is cheap: linear in the arena) and by tests.
#ifndef PAICHA_COMPILER_IR_VERIFY_H_
#define PAICHA_COMPILER_IR_VERIFY_H_

#include <string>
#include <vector>

#include "ir/ir.h"

namespace paicha::compiler::ir {

// Returns one English line per violated invariant (empty when the program is well formed).
// These are the tool's own failures, never the user's; they are not localised.
std::vector<std::string> Verify(const Program& program);

}  // namespace paicha::compiler::ir

#endif  // PAICHA_COMPILER_IR_VERIFY_H_
