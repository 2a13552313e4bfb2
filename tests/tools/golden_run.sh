#!/usr/bin/env bash
# Generic golden runner (see cmake/GoldenTest.cmake).
#
#   golden_run.sh [--update] EXPECTED -- COMMAND [ARGS...]
#
# Runs COMMAND, captures stdout then stderr (then "[exit code N]" when N != 0) and compares the
# result byte for byte with the file EXPECTED. Exit status: 0 on match, 1 on mismatch (a unified
# diff is printed, expected first), 2 on usage errors. With --update, or PAICHA_UPDATE_GOLDENS=1 in
# the environment, EXPECTED is rewritten with the actual output instead and the status is 0.
set -u
update=0
if [[ "${1:-}" == "--update" ]]; then update=1; shift; fi
if [[ "${PAICHA_UPDATE_GOLDENS:-0}" == "1" ]]; then update=1; fi
if [[ $# -lt 3 || "$2" != "--" ]]; then
  echo "usage: golden_run.sh [--update] EXPECTED -- COMMAND [ARGS...]" >&2
  exit 2
fi
expected=$1
shift 2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$@" >"$tmp/out" 2>"$tmp/err"
status=$?
cat "$tmp/out" "$tmp/err" >"$tmp/actual"
if [[ $status -ne 0 ]]; then
  echo "[exit code $status]" >>"$tmp/actual"
fi

if [[ $update -eq 1 ]]; then
  if [[ ! -f "$expected" ]] || ! cmp -s "$tmp/actual" "$expected"; then
    cp "$tmp/actual" "$expected"
    echo "updated $expected"
  fi
  exit 0
fi
if [[ ! -f "$expected" ]]; then
  echo "golden file $expected is missing; actual output:" >&2
  cat "$tmp/actual"
  echo "(run with PAICHA_UPDATE_GOLDENS=1 or tests/tools/update-goldens.sh to create it)" >&2
  exit 1
fi
if ! cmp -s "$expected" "$tmp/actual"; then
  echo "golden mismatch: $expected (--- expected, +++ actual)"
  diff -u --label "$expected" --label actual "$expected" "$tmp/actual"
  exit 1
fi
exit 0
