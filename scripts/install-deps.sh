#!/usr/bin/env bash
# Installs paicha's build and test dependencies from Debian 12 packages. Idempotent: packages
# already present are skipped, and nothing is fetched when all are installed. Run as root (or with
# sudo available). Nothing else is downloaded.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git
  antlr4 libantlr4-runtime-dev          # the ANTLR tool 4.7.2 and C++ runtime 4.9 (a working pair)
  libicu-dev icu-devtools               # ICU MessageFormat, East Asian Width; genrb for locales/
  libre2-dev                            # linear-time regular expressions
  libyaml-cpp-dev                       # YAML and JSON submissions
  libsimdjson-dev                       # fast JSON Lines batches
  libspdlog-dev                         # --verbose logging
  libcli11-dev                          # command-line parsing
  googletest libgtest-dev libgmock-dev  # unit tests
  libbenchmark-dev                      # benchmarks
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
