#!/usr/bin/env bash
# ctest "paicha_peer_test": paicha-peer against an independent oracle. testdata/sample.jsonl holds
# 145 generator records (seed 20230515: the first 40, 80 that lost fields, and two firing each
# rule); testdata/sample.expected.tsv is the shared harness's hand-written C++ baseline's output on
# that file (cpp/baseline.cpp --mode e2e), not paicha's. Checks eval, e2e with 1 and 2 threads
# (both through EvaluateStatuses and, with --api result, through Evaluate),
# and that a record which does not fit the schema fails the run instead of being skipped.
#   peer_test.sh PAICHA_PEER PAICHA_PEER_IMAGE   (the two built tools: the VM peer)
#   peer_test.sh --gen PAICHA_PEER_GEN           (the generated peer: the rulebook is built in)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if [ "$1" = --gen ]; then
  PEER_CMD=("$2")
  NAME=paicha-gen
else
  "$2" "$HERE/workload.rules" "$TMP/w.pcb"
  PEER_CMD=("$1" "$TMP/w.pcb")
  NAME=paicha
fi
status=0
run() { # name args...
  local name=$1; shift
  if ! "${PEER_CMD[@]}" "$@" --in "$HERE/testdata/sample.jsonl" --out "$TMP/$name.tsv" >"$TMP/$name.json"; then
    echo "FAIL $name: $NAME peer failed"; status=1; return
  fi
  if ! cmp -s "$TMP/$name.tsv" "$HERE/testdata/sample.expected.tsv"; then
    echo "FAIL $name: findings differ from the C++ baseline's:"
    diff "$HERE/testdata/sample.expected.tsv" "$TMP/$name.tsv" | head -20
    status=1; return
  fi
  grep -q "\"peer\":\"$NAME\".*\"n\":145" "$TMP/$name.json" || { echo "FAIL $name: bad JSON line"; cat "$TMP/$name.json"; status=1; return; }
  echo "ok $name"
}
run eval --mode eval --min-seconds 0
run eval-result --mode eval --min-seconds 0 --api result
run e2e1 --mode e2e --threads 1
run e2e2 --mode e2e --threads 2
run e2e-result --mode e2e --api result

# A record with a wrong type (报告年度 is an int) must stop the run with exit status 1.
{ head -3 "$HERE/testdata/sample.jsonl"; echo '{"报告年度":"二〇二四"}'; } >"$TMP/bad.jsonl"
for mode in eval e2e; do
  set +e
  "${PEER_CMD[@]}" --mode "$mode" --min-seconds 0 --in "$TMP/bad.jsonl" --out "$TMP/bad.tsv" >/dev/null 2>"$TMP/bad.err"
  rc=$?
  set -e
  if [ "$rc" != 1 ] || ! grep -q "record 3: facts.bad_int at 报告年度" "$TMP/bad.err"; then
    echo "FAIL bad-$mode: expected exit 1 naming record 3, got $rc:"; cat "$TMP/bad.err"; status=1
  else
    echo "ok bad-$mode"
  fi
done
exit $status
