#!/usr/bin/env bash
# Diagnostic coverage (Carbon coverage_test style): every code in
# compiler/diag/diagnostic_kinds.def is produced by at least one golden test under
# tests/golden/check, i.e. appears in an annotation "expect-error E0xxx" or "expect-warning
# W0xxx" (in the DSL's comment syntax, e.g. `# expect-error E0301`), or is listed in
# tests/tools/untested_diagnostics.txt as "<code> <reason>" (the reason is required). A listed
# code that is in fact tested is an error too, so the list stays honest.
# Usage: diagnostic_coverage_test.sh SOURCE_DIR
set -u
root=${1:?usage: diagnostic_coverage_test.sh SOURCE_DIR}
cd "$root" || exit 2
def=compiler/diag/diagnostic_kinds.def
allow=tests/tools/untested_diagnostics.txt
golden=tests/golden/check

codes=$(grep -E '^[[:space:]]*PAICHA_DIAG\(' "$def" | sed -E 's/.*"([EW][0-9]{4})".*/\1/' | sort -u)
if [[ -z "$codes" ]]; then
  echo "no PAICHA_DIAG lines found in $def" >&2
  exit 2
fi
tested=""
if [[ -d $golden ]]; then
  tested=$(grep -rhoE 'expect-(error|warning)[[:space:]:]+[EW][0-9]{4}' "$golden" |
           grep -oE '[EW][0-9]{4}' | sort -u)
fi

status=0
declare -A allowed
if [[ -f $allow ]]; then
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%%#*}
    [[ -z "${line//[[:space:]]/}" ]] && continue
    code=$(awk '{print $1}' <<<"$line")
    reason=$(sed -E 's/^[[:space:]]*[^[:space:]]+[[:space:]]*//' <<<"$line")
    if [[ -z "$reason" ]]; then
      echo "$allow: $code has no reason" >&2
      status=1
    fi
    if ! grep -qx "$code" <<<"$codes"; then
      echo "$allow: $code is not a code in $def" >&2
      status=1
    fi
    allowed[$code]=1
  done <"$allow"
fi

for code in $codes; do
  if grep -qx "$code" <<<"$tested"; then
    if [[ -n "${allowed[$code]:-}" ]]; then
      echo "$code is tested by a golden in $golden: remove it from $allow" >&2
      status=1
    fi
  elif [[ -z "${allowed[$code]:-}" ]]; then
    name=$(grep -E "\"$code\"" "$def" | sed -E 's/.*PAICHA_DIAG\(([A-Za-z0-9_]+).*/\1/')
    word=error
    [[ $code == W* ]] && word=warning
    echo "$code ($name) has no golden test: add one under $golden with an" \
         "'expect-$word $code' annotation, or list it in $allow with a reason" >&2
    status=1
  fi
done
if [[ $status -eq 0 ]]; then echo "every diagnostic code is covered"; fi
exit $status
