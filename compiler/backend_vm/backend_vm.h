// The VM backend: typed IR (compiler/ir) → verified rt::Program → rulebook image bytes.
//
// Translation (one segment per expression root; runtime/vm/opcodes.def is the target):
//   - every let, section/item applicability, item condition, deduction count and grade/colour
//     rule becomes one segment; expressions are emitted in post-order (operands first);
//   - n-ary kAnd/kOr become chains with forward short-circuit jumps (a known false/true skips the
//     rest, exactly what Kleene logic allows, and the skipped operands cannot change the result
//     or its explanation);
//   - a shared subexpression (an IR node referenced from two or more places, macro-variable
//     free, not reading 得分/counts, not containing a situation block whose alternatives an item
//     must report) is hoisted into an anonymous let and evaluated once per submission;
//   - user lets and hoisted nodes are ordered topologically so that a let reads only earlier
//     lets (the VM evaluates lets in index order);
//   - macros become IterBegin/IterNext loops; the IR's de Bruijn slot is the loop depth;
//   - node spans become the source map (pc → file:line:col) when a SourceManager is given.
//
// Errors: the IR is verified before it gets here, so failures are compiler bugs or limits
// (expression too deep for the VM stack, over 65535 operands); they are returned as English text
// for the tool's own error report, never thrown.
//
// Thread safety: reentrant; the IR is only read.
#ifndef PAICHA_COMPILER_BACKEND_VM_BACKEND_VM_H_
#define PAICHA_COMPILER_BACKEND_VM_BACKEND_VM_H_

#include <string>

#include "ir/ir.h"
#include "paicha/compiler/source.h"
#include "paicha/rt/program.h"

namespace paicha::compiler::backend_vm {

// Translates `program` into *out (verified, patterns compiled, content hash set). `sources` may
// be null (then the source map is empty). Returns "" on success, else a description of the
// failure (*out is then unspecified).
std::string CompileProgram(const ir::Program& program, const SourceManager* sources,
                           rt::Program* out);

// CompileProgram followed by rt::WriteImage: the bytes `paicha build` writes.
std::string CompileImage(const ir::Program& program, const SourceManager* sources,
                         std::string* image);

}  // namespace paicha::compiler::backend_vm

#endif  // PAICHA_COMPILER_BACKEND_VM_BACKEND_VM_H_
