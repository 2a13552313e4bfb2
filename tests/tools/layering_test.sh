#!/usr/bin/env bash
# Layering check (architecture.md): runtime/ is the bottom layer and never includes compiler/,
# grammar or ANTLR headers, nor links compiler targets; ANTLR appears only in compiler/parse and
# grammar/. Usage: layering_test.sh SOURCE_DIR. Exit 1 and list the offending lines on failure.
set -u
root=${1:?usage: layering_test.sh SOURCE_DIR}
cd "$root" || exit 2
status=0

report() {  # report TITLE; reads offending lines on stdin
  local lines
  lines=$(cat)
  if [[ -n "$lines" ]]; then
    echo "layering violation: $1" >&2
    echo "$lines" >&2
    status=1
  fi
}

src='--include=*.h --include=*.cc --include=*.cpp --include=*.hpp --include=*.inc --include=*.def'

# 1. runtime/ includes nothing from the compiler, the grammar or ANTLR.
grep -rnE $src '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](paicha/compiler/|compiler/|diag/|parse/|sema/|ast/|ir/|grammar/|antlr4-runtime|antlr4/|Rulebook(Lexer|Parser))' \
  runtime/ | report "runtime/ includes a compiler, grammar or ANTLR header"

# 2. runtime/ CMake files do not link compiler targets, the grammar or ANTLR.
grep -rnE --include=CMakeLists.txt --include=*.cmake \
  'paicha_(source|diag|ast|parse|sema|ir|lower|backend_[a-z]+|driver|grammar)\b|antlr4' \
  runtime/ | grep -vE '^[^:]+:[0-9]+:[[:space:]]*#' |
  report "runtime/ links a compiler target or ANTLR"

# 3. ANTLR headers only in compiler/parse (and the generated grammar).
grep -rlE $src '#[[:space:]]*include[[:space:]]*[<"](antlr4-runtime\.h|antlr4-runtime/|Rulebook(Lexer|Parser)[A-Za-z]*\.h)' \
  --exclude-dir=build --exclude-dir='build-*' --exclude-dir=.git . |
  grep -vE '^\./(compiler/parse|grammar)/' | report "ANTLR header outside compiler/parse"

# 4. Public compiler headers expose no ANTLR types.
grep -rnE 'antlr4::|antlr4-runtime' compiler/include/ | report "ANTLR in a public compiler header"

if [[ $status -eq 0 ]]; then echo "layering ok"; fi
exit $status
