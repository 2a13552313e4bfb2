// paicha-peer: the VM as one peer of the shared rule-engine benchmark (peer.h).
//
//   paicha-peer IMAGE.pcb --mode eval|e2e --in FILE --out FILE [--min-seconds S] [--threads N]
//               [--api statuses|result]
//   paicha-peer IMAGE.pcb --disassemble      (developer aid: the bytecode, after key renaming)
//
// IMAGE is workload.rules compiled by `paicha build`. The renamed keys (peer.h) are applied to the
// program itself, which is then re-verified (rt::FinishProgram), so the disassembly shows them.
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "paicha/rt/evaluator.h"
#include "paicha/rt/image.h"
#include "paicha/rt/program.h"
#include "paicha/rt/program_builder.h"
#include "peer.h"

namespace {

namespace rt = paicha::rt;

// Loads the image, renames the keys and re-verifies. nullptr (with a message) on failure.
std::unique_ptr<rt::Evaluator> LoadEvaluator(const std::string& path) {
  rt::ImageError error;
  std::shared_ptr<const rt::Program> image = rt::ReadImageFile(path, &error);
  if (!image) {
    std::fprintf(stderr, "cannot load %s: %s\n", path.c_str(), error.DebugString().c_str());
    return nullptr;
  }
  auto program = std::make_shared<rt::Program>(*image);
  paicha_peer::RenameKeys(&program->schema);
  if (std::string why = rt::FinishProgram(program.get()); !why.empty()) {
    std::fprintf(stderr, "%s: after renaming keys: %s\n", path.c_str(), why.c_str());
    return nullptr;
  }
  return rt::Evaluator::FromProgram(std::move(program));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string_view(argv[2]) == "--disassemble") {  // developer aid
    std::unique_ptr<rt::Evaluator> ev = LoadEvaluator(argv[1]);
    if (!ev) return 1;
    std::fputs(rt::Disassemble(ev->program()).c_str(), stdout);
    return 0;
  }
  return paicha_peer::PeerMain(argc, argv, 2, "paicha", [&](paicha_peer::Rulebook* out) {
    std::unique_ptr<rt::Evaluator> ev = LoadEvaluator(argv[1]);
    if (!ev) return false;
    out->schema = ev->schema();
    out->rulebook = rt::VmRulebook(std::move(ev));
    return true;
  });
}
