#!/usr/bin/env bash
# The main job: install dependencies, build, compile a shipped rulebook to an image, evaluate an
# example submission and print the Chinese report. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAICHA_BUILD_TESTS=OFF -DPAICHA_BUILD_BENCH=OFF >/dev/null
cmake --build build -j"$(nproc)" --target paicha
mkdir -p build/out
./build/cli/paicha build examples/fenchen/粉尘涉爆.rules -o build/out/粉尘涉爆.pcb
./build/cli/paicha eval build/out/粉尘涉爆.pcb examples/fenchen/重大隐患.yaml --date 2024-06-30
