#!/usr/bin/env bash
# Rewrites golden expectations from the current outputs.
#
#   tests/tools/update-goldens.sh BUILD_DIR [extra ctest args, e.g. -R golden.parse]
#
# Runs the "golden" ctest label with PAICHA_UPDATE_GOLDENS=1 (see cmake/GoldenTest.cmake); review
# the resulting changes with `git diff` before committing them.
set -eu
if [[ $# -lt 1 ]]; then
  echo "usage: update-goldens.sh BUILD_DIR [ctest args...]" >&2
  exit 2
fi
build=$1
shift
PAICHA_UPDATE_GOLDENS=1 ctest --test-dir "$build" -L golden --output-on-failure "$@"
