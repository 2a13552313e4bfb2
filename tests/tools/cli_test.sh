#!/usr/bin/env bash
# Smoke test of the paicha executable: localised help, language selection, exit codes (0 ok,
# 1 errors in the input, 2 usage), rendered diagnostics on standard error.
# Usage: cli_test.sh PATH_TO_PAICHA
set -u
paicha=${1:?usage: cli_test.sh PATH_TO_PAICHA}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LC_ALL LC_MESSAGES LANG
failures=0

# expect NAME WANT_STATUS PATTERN_IN_OUTPUT -- COMMAND...  (output = stdout + stderr)
expect() {
  local name=$1 want=$2 pattern=$3
  shift 4
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  cat "$tmp/out" "$tmp/err" >"$tmp/all"
  if [[ $got -ne $want ]]; then
    echo "FAIL $name: exit status $got, want $want" >&2
    cat "$tmp/all" >&2
    failures=$((failures + 1))
  elif ! grep -qF -- "$pattern" "$tmp/all"; then
    echo "FAIL $name: output lacks '$pattern'" >&2
    cat "$tmp/all" >&2
    failures=$((failures + 1))
  fi
}

# A rulebook that is valid, one with invalid UTF-8 on line 2, and a missing file.
cat >"$tmp/ok.rules" <<'RULES'
规则库 "冒烟测试" {
  版本 "1"
}

输入 {
  人数: 整数(人)
}

章节 第一条 "测试" {
  隐患 T1 "人数过多" {
    依据 "测试 第一条"
    等级 重大事故隐患
    当 人数 > 10 人
  }
}
RULES
printf '# 说明\n当 压力\xff > 5\n' >"$tmp/bad.rules"

expect help-zh 0 "退出码：" -- "$paicha" --help
expect help-zh-usage 0 "用法：paicha" -- "$paicha" --help
expect help-en 0 "Exit codes:" -- "$paicha" --lang en --help
expect help-env-en 0 "Usage: paicha" -- env LANG=en_US.UTF-8 "$paicha" --help
expect help-explicit-wins 0 "退出码：" -- env LANG=en_US.UTF-8 "$paicha" --lang zh --help
expect check-help-zh 0 "检查规则文件" -- "$paicha" check --help
expect check-help-en 0 "FILE..." -- "$paicha" check --help --lang en
expect version 0 "paicha " -- "$paicha" --version
expect no-command 2 "缺少子命令" -- "$paicha"
expect unknown-command 2 "frob" -- "$paicha" frob
expect bad-color 2 "--color" -- "$paicha" --color purple check "$tmp/ok.rules"
expect bad-lang 2 "fr" -- "$paicha" --lang fr --help
expect unknown-option 2 "--bogus" -- "$paicha" check --bogus "$tmp/ok.rules"
expect check-no-files 2 "缺少要处理的规则文件" -- "$paicha" check
expect check-ok 0 "检查通过" -- "$paicha" check "$tmp/ok.rules"
expect check-bad-zh 1 "错误[E0002]" -- "$paicha" check "$tmp/bad.rules"
expect check-bad-caret 1 "  2 | 当 压力" -- "$paicha" check "$tmp/bad.rules"
expect check-bad-en 1 "error[E0002]" -- "$paicha" --lang en check "$tmp/bad.rules"
expect check-bad-summary 1 "1 error found" -- "$paicha" check --lang en "$tmp/bad.rules"
expect check-missing 1 "E0001" -- "$paicha" check "$tmp/none.rules"
expect check-mixed 1 "检查通过" -- "$paicha" check "$tmp/ok.rules" "$tmp/bad.rules"
expect colour-always 1 $'\x1b[1;31m' -- "$paicha" --color always check "$tmp/bad.rules"
# Diagnostics go to stderr, never stdout; no colour when not a terminal.
"$paicha" check "$tmp/bad.rules" >"$tmp/out" 2>"$tmp/err"
if [[ -s "$tmp/out" ]] || grep -q $'\x1b' "$tmp/err"; then
  echo "FAIL streams: diagnostics on stdout or colour without a terminal" >&2
  failures=$((failures + 1))
fi

if [[ $failures -ne 0 ]]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "cli ok"
