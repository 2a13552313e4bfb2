#!/usr/bin/env bash
# Runs paicha as one peer of the shared rule-engine benchmark and prints the harness's summary.
#
#   bench/peers/compare.sh                        # N=100000 REPS=5, default peers, eval + e2e
#   N=20000 REPS=1 bench/peers/compare.sh         # quick run
#   PEERS="cpp paicha" MODES=e2e bench/peers/compare.sh
#
# Steps: (1) configure (Release) and build the `paicha` CLI and `paicha-peer` in BUILD;
# (2) compile workload.rules to an image with `paicha build` (while the CLI has no `build`
# subcommand, the fallback tool paicha-peer-image from this folder does the same thing:
# compiler driver + VM backend); (3) run the harness's run.sh from a private copy
# (WORK=$(mktemp -d) unless WORK is set) with PEER_CMD_paicha="paicha-peer IMAGE" (the VM) and
# PEER_CMD_paicha_gen="paicha-peer-gen" (workload.rules compiled to C++ at build time, peer
# `paicha-gen`); run.sh checks that every peer's findings are identical (it fails otherwise) and
# prints the medians table.
#
# Environment (passed through to run.sh): N, SEED, REPS, MIN_SECONDS, PEERS, MODES, SKIP_INSTALL,
# KEEP_DATA, APPEND, WORK. Own knobs: BUILD (build dir, default <repo>/build-peers),
# HARNESS (the harness folder, default: ../shared/bench/peers beside the repo, else
# /work/shared/bench/peers), JOBS (build parallelism, default 2).
set -euo pipefail

log() { printf '[compare.sh] %s\n' "$*" >&2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-$REPO/build-peers}
JOBS=${JOBS:-2}

# ---- the harness folder: explicit, beside the repo, or the team's shared copy
if [ -z "${HARNESS:-}" ]; then
  for cand in "$REPO/../shared/bench/peers" "/work/shared/bench/peers"; do
    if [ -x "$cand/run.sh" ]; then HARNESS=$(cd "$cand" && pwd); break; fi
  done
fi
if [ -z "${HARNESS:-}" ] || [ ! -x "$HARNESS/run.sh" ]; then
  log "cannot find the harness (run.sh); set HARNESS=/path/to/shared/bench/peers"; exit 2
fi

# ---- build
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  log "configuring $BUILD (Release)"
  cmake -S "$REPO" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DPAICHA_BUILD_BENCH=ON >/dev/null
fi
build_type=$(awk -F= '/^CMAKE_BUILD_TYPE:/ {print $2}' "$BUILD/CMakeCache.txt")
[ "$build_type" = Release ] || log "warning: $BUILD is a '$build_type' build; figures want Release"
bench_on=$(awk -F= '/^PAICHA_BUILD_BENCH:/ {print $2}' "$BUILD/CMakeCache.txt")
if [ "$bench_on" != ON ]; then
  log "enabling PAICHA_BUILD_BENCH in $BUILD (bench/peers lives under bench/)"
  cmake -S "$REPO" -B "$BUILD" -DPAICHA_BUILD_BENCH=ON >/dev/null
fi
log "building paicha, paicha-peer, paicha-peer-gen, paicha-peer-image in $BUILD"
cmake --build "$BUILD" -j"$JOBS" --target paicha paicha-peer paicha-peer-gen paicha-peer-image \
  >/dev/null

PAICHA="$BUILD/cli/paicha"
PEER="$BUILD/bench/peers/paicha-peer"
PEER_GEN="$BUILD/bench/peers/paicha-peer-gen"
FALLBACK="$BUILD/bench/peers/paicha-peer-image"

# ---- image
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK/paicha"
IMAGE="$WORK/paicha/workload.pcb"
RULES="$HERE/workload.rules"
rm -f "$IMAGE"
if "$PAICHA" build --help >/dev/null 2>&1; then
  log "paicha build $RULES -o $IMAGE"
  "$PAICHA" build "$RULES" -o "$IMAGE"
else
  log "warning: this paicha has no 'build' subcommand yet; using $FALLBACK (same compiler + backend)"
  "$FALLBACK" "$RULES" "$IMAGE"
fi
[ -s "$IMAGE" ] || { log "no image was written"; exit 1; }

# ---- harness
export WORK
export PEER_CMD_paicha="$PEER $IMAGE"
export PEER_CMD_paicha_gen="$PEER_GEN"
export PEERS=${PEERS:-"cpp cel-marc json-logic luajit lua5.4 paicha paicha-gen"}
export N=${N:-100000} REPS=${REPS:-5}
for v in SEED MIN_SECONDS MODES SKIP_INSTALL KEEP_DATA APPEND; do
  if [ -n "${!v:-}" ]; then export "${v?}"; fi
done
log "WORK=$WORK N=$N REPS=$REPS PEERS=\"$PEERS\" harness $HARNESS"
"$HARNESS/run.sh"
log "summary: $WORK/results/summary.md; agreement: $WORK/results/check.txt"
