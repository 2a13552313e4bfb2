#!/usr/bin/env bash
# Every test: install dependencies, build (RelWithDebInfo), run all tests with ctest; then build
# the unit and golden tests again with AddressSanitizer + UndefinedBehaviorSanitizer and run them.
# Idempotent. Set PAICHA_SKIP_SANITIZE=1 to skip the sanitizer pass while iterating.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
jobs=$(nproc)

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAICHA_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

if [ "${PAICHA_SKIP_SANITIZE:-0}" != 1 ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPAICHA_SANITIZE=ON -DPAICHA_WERROR=ON \
        -DPAICHA_BUILD_BENCH=OFF >/dev/null
  cmake --build build-asan -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" -L 'unit|golden'
fi
