// paicha-peer-gen: the generated C++ evaluator of workload.rules (paicha_add_rulebook, at build
// time) as one peer of the shared rule-engine benchmark (peer.h). Takes no image: the rulebook is
// compiled in.
//
//   paicha-peer-gen --mode eval|e2e --in FILE --out FILE [--min-seconds S] [--threads N]
//                   [--api statuses|result]
//
// The generated rulebook's schema is const; records are loaded against a copy with the renamed
// keys (peer.h), whose field indexes are the rulebook's own.
#include <cstdio>

#include "paicha_peer_workload.h"
#include "peer.h"

int main(int argc, char** argv) {
  return paicha_peer::PeerMain(argc, argv, 1, "paicha-gen", [](paicha_peer::Rulebook* out) {
    paicha::rt::ImageError error;
    out->rulebook = paicha_peer_workload::Load(&error);
    if (!out->rulebook) {
      std::fprintf(stderr, "the embedded rulebook is damaged: %s\n", error.DebugString().c_str());
      return false;
    }
    out->schema = out->rulebook->schema();
    paicha_peer::RenameKeys(&out->schema);
    return true;
  });
}
