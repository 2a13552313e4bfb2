// paicha as a peer of the shared rule-engine benchmark (/work/shared/bench/peers): the program
// both paicha peers share (peer_main.cc), written against rt::CompiledRulebook.
//
//   paicha-peer IMAGE.pcb --mode eval|e2e --in FILE --out FILE [--min-seconds S] [--threads N]
//               [--api statuses|result]          (the VM; paicha_peer.cc)
//   paicha-peer-gen --mode eval|e2e ...           (workload.rules compiled to C++ at build time by
//                                                  paicha_add_rulebook; paicha_peer_gen.cc)
//
// The harness's protocol (its README and js/harness.mjs), followed exactly:
//  - eval: every JSON line is loaded into rt::Facts first (untimed; reported as load_seconds),
//    the first min(n, 10000) records are evaluated as a warm-up, then whole passes over all
//    records are timed until at least S seconds have elapsed; records_per_s = n × passes / time.
//    Single-threaded, like every other peer's eval.
//  - e2e: one cold pass timed from opening the file to the findings file written: read, JSON
//    parse + typed load (rt::LoadJsonLine, simdjson), evaluate, format, write. The file is cut into
//    chunks at line boundaries and `--threads` workers (default: 2, or 1 on a one-core machine)
//    take chunks in turn, the way `paicha batch` would; findings are written in input order.
//  - output: one line per non-empty input line, "index<TAB>R01,R07" (0-based index, the fired
//    item ids in ascending order, nothing after the tab when none fired), and one JSON line on
//    stdout {"peer","mode","n","passes","seconds","records_per_s",...}.
// A rule "fires" iff its item's status is a finding (IsFinding): the rulebook encodes the
// harness's missing-field semantics so that unknown never fires (see workload.rules).
//
// Evaluation uses EvalOptions.trace = false and, by default, CompiledRulebook::EvaluateStatuses
// (the status-only throughput API: no Result, no strings); `--api result` goes through Evaluate
// and builds the whole Result per record instead, as `paicha eval` does.
//
// Field-key aliases: rulebook field names are identifiers and cannot start with a digit, but the
// workload's records use the key "20区电气防爆". workload.rules declares `二十区电气防爆`; the
// peers load records against a copy of the rulebook's schema in which that field is renamed to the
// submission's key (RenameKeys). Field indexes are unchanged, so the rulebook evaluates the facts
// as they are. This is a language gap, not a benchmark trick: the renaming happens once, before
// any timer starts.
//
// Failure: any record that does not load without errors (schema mismatch) stops the run with exit
// status 1 and the first error on stderr; a wrong schema must not look like a fast peer. These
// tools' own messages are English developer output for the harness, not user-facing text.
#ifndef PAICHA_BENCH_PEERS_PEER_H_
#define PAICHA_BENCH_PEERS_PEER_H_

#include <functional>
#include <memory>

#include "paicha/rt/gen_support.h"
#include "paicha/rt/schema.h"

namespace paicha_peer {

namespace rt = paicha::rt;

// What a peer evaluates with, and the schema records are loaded against.
struct Rulebook {
  std::unique_ptr<rt::CompiledRulebook> rulebook;
  rt::Schema schema;
};

// Fills *out, or prints why not on stderr and returns false.
using Loader = std::function<bool(Rulebook* out)>;

// Renames the schema fields listed in the key aliases to the submission's keys.
void RenameKeys(rt::Schema* schema);

// The whole peer: options from argv[first_option] on, `peer` is the name in the JSON line.
// Returns the exit status.
int PeerMain(int argc, char** argv, int first_option, const char* peer, const Loader& load);

}  // namespace paicha_peer

#endif  // PAICHA_BENCH_PEERS_PEER_H_
