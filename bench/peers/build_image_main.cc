// paicha-peer-image: compiles a rulebook to an image (compiler driver + VM backend), for
// compare.sh while `paicha build` is not available in a build tree. Developer tool: English
// messages, diagnostics printed in their plain form. Prefer `paicha build` (compare.sh does).
//
//   paicha-peer-image RULEBOOK.rules OUT.pcb
#include <cstdio>
#include <string>

#include "backend_vm/backend_vm.h"
#include "paicha/compiler/compiler.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: paicha-peer-image RULEBOOK.rules OUT.pcb\n");
    return 2;
  }
  namespace pc = paicha::compiler;
  pc::CompileResult r = pc::Compile(argv[1]);
  if (!r.ok() || !r.program) {
    std::fprintf(stderr, "%s: %zu diagnostics; run `paicha check` for details\n", argv[1],
                 r.diagnostics.size());
    return 1;
  }
  std::string image;
  if (std::string why = pc::backend_vm::CompileImage(*r.program, r.sources.get(), &image);
      !why.empty()) {
    std::fprintf(stderr, "%s: backend: %s\n", argv[1], why.c_str());
    return 1;
  }
  FILE* f = std::fopen(argv[2], "wb");
  if (!f) {
    std::fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  const bool ok = std::fwrite(image.data(), 1, image.size(), f) == image.size();
  if (std::fclose(f) != 0 || !ok) {
    std::fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  return 0;
}
