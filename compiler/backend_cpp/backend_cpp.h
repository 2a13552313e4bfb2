// The C++ backend (Soufflé synthesiser model): a rulebook image → one standalone C++17 translation
// unit that evaluates the rulebook without the interpreter loop.
//
// What it consumes. Both backends consume ONE lowered form: the verified rt::Program that
// compiler/backend_vm produces from the IR (segments of bytecode per let, applicability,
// condition, deduction count and grade rule; Soufflé's RAM plays this role for its interpreter
// and synthesiser). The C++ backend reads it back from the image bytes, so the generated code and
// the embedded image are by construction the same program; it therefore depends on
// runtime/image only, never on backend_vm (the caller — the tool, or `paicha build --emit cpp` —
// runs backend_vm first).
//
// What it produces (runtime/include/paicha/rt/gen_support.h describes the contract):
//   - the image as data (metadata, schema, constants, RE2 patterns, tables, source map);
//   - one function per segment, grouped and commented by the rulebook entity that uses it (item
//     id, title, clause, file:line), whose body is the segment's instructions unrolled into
//     PAICHA_OP statements (each runs the VM's own implementation of that opcode) with jumps and
//     macro loops as `goto`s; source line comments where the line changes;
//   - native status code for EvaluateStatuses (paicha/rt/gen_native.h): for every let,
//     applicability and condition segment with a native form, a function N<i> over typed locals
//     (the stack positions, typed where the schema and the operations fix the type), plus Lets()
//     and Statuses() that run them in order; the file's comments say which segments are native;
//   - `std::unique_ptr<paicha::rt::CompiledRulebook> <namespace>::Load(paicha::rt::ImageError*)`.
// The generated code includes only paicha/rt/gen_support.h and gen_native.h, compiles warning-free
// under the project's flags (-Wall -Wextra -Wpedantic), and is deterministic: the same image always
// gives the same text.
//
// Thread safety: reentrant.
#ifndef PAICHA_COMPILER_BACKEND_CPP_BACKEND_CPP_H_
#define PAICHA_COMPILER_BACKEND_CPP_BACKEND_CPP_H_

#include <string>
#include <string_view>

namespace paicha::compiler::backend_cpp {

struct EmitCppOptions {
  // C++ namespace of the generated Load function (may be nested, "a::b"). Must be a valid C++
  // qualified name; EmitCpp rejects anything else.
  std::string cpp_namespace = "paicha_rulebook";
  // The rulebook's root file as the user named it, for the header comment only.
  std::string source_name;
};

// Generates the translation unit for `image` (bytes as written by rt::WriteImage /
// backend_vm::CompileImage). Returns "" and sets *out on success; otherwise returns an English
// description of the failure (an invalid image or namespace: a tool error, not a user's
// mistake) and leaves *out unspecified. `out` must not be null.
std::string EmitCpp(std::string_view image, const EmitCppOptions& options, std::string* out);

// The matching header: declares <namespace>::Load. Deterministic; "" when the namespace is
// invalid.
std::string EmitCppHeader(const EmitCppOptions& options);

}  // namespace paicha::compiler::backend_cpp

#endif  // PAICHA_COMPILER_BACKEND_CPP_BACKEND_CPP_H_
