#!/usr/bin/env bash
# End-to-end tests of the runtime-facing subcommands (build, eval, batch, test, schema, template,
# dump): exit codes, located errors, damaged images, languages, round trips.
# Usage: cli_e2e_test.sh PATH_TO_PAICHA SOURCE_DIR
# Each check prints "FAIL <name>: ..." on failure; the script exits 1 when any check failed.
set -u
paicha=${1:?usage: cli_e2e_test.sh PATH_TO_PAICHA SOURCE_DIR}
src=${2:?usage: cli_e2e_test.sh PATH_TO_PAICHA SOURCE_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset LC_ALL LC_MESSAGES LANG
failures=0
fenchen=$src/examples/fenchen
units=$src/tests/golden/eval/units
gm2023=$src/rulebooks/gongmao/2023/工贸2023.rules

fail() {
  echo "FAIL $1" >&2
  [[ -f "$tmp/all" ]] && head -40 "$tmp/all" >&2
  failures=$((failures + 1))
}

# run NAME WANT_STATUS COMMAND... : runs, keeps stdout in $tmp/out, stderr in $tmp/err, both in
# $tmp/all, and checks the exit status.
run() {
  local name=$1 want=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  cat "$tmp/out" "$tmp/err" >"$tmp/all"
  if [[ $got -ne $want ]]; then
    fail "$name: exit status $got, want $want"
    return 1
  fi
  return 0
}
# has NAME TEXT: the last run's output contains TEXT.
has() {
  grep -qF -- "$2" "$tmp/all" || fail "$1: output lacks '$2'"
}

# ---- help and exit codes ----
run help 0 "$paicha" --help
for c in check build eval batch test schema template dump; do has "help lists $c" "  $c "; done
has "help exit 3" "  3  "
run help_en 0 "$paicha" --lang en eval --help
has "eval help en" "--format text|json|html"
has "eval help en exit codes" "the tool itself failed"

# ---- build and eval ----
run build 0 "$paicha" build "$fenchen/粉尘涉爆.rules" -o "$tmp/f.pcb"
[[ -s "$tmp/f.pcb" ]] || fail "build wrote no image"
run eval_image_findings 1 "$paicha" --lang zh eval "$tmp/f.pcb" "$fenchen/重大隐患.yaml" --format json
cp "$tmp/out" "$tmp/image.json"
run eval_source_findings 1 "$paicha" --lang zh eval "$fenchen/粉尘涉爆.rules" "$fenchen/重大隐患.yaml" --format json
cmp -s "$tmp/out" "$tmp/image.json" || fail "eval: image and source give different JSON"
run eval_ok 0 "$paicha" --lang zh eval "$tmp/f.pcb" "$fenchen/合格.yaml"
has "eval text zh" "隐患排查报告"
run eval_en 0 "$paicha" --lang en eval "$tmp/f.pcb" "$fenchen/合格.yaml"
grep -q "隐患排查报告" "$tmp/out" && fail "eval --lang en printed the Chinese heading"
run eval_stdin 1 "$paicha" --lang zh eval "$tmp/f.pcb" - --format json <"$fenchen/重大隐患.yaml"
cmp -s "$tmp/out" "$tmp/image.json" || fail "eval from standard input differs"
run eval_html 0 "$paicha" eval "$tmp/f.pcb" "$fenchen/合格.yaml" --format html -o "$tmp/r.html"
grep -q "<html" "$tmp/r.html" || fail "eval -o html wrote no HTML"
run eval_date 0 "$paicha" --lang zh eval "$tmp/f.pcb" "$fenchen/合格.yaml" --date 2025-01-02
has "eval --date" "2025年1月2日"
run eval_bad_date 2 "$paicha" --lang zh eval "$tmp/f.pcb" "$fenchen/合格.yaml" --date 2025-13-40
has "bad date names the value" "2025-13-40"
run eval_bad_format 2 "$paicha" eval "$tmp/f.pcb" "$fenchen/合格.yaml" --format pdf
run eval_missing_args 2 "$paicha" eval "$tmp/f.pcb"
run eval_unreadable 2 "$paicha" --lang zh eval "$tmp/none.pcb" "$fenchen/合格.yaml"
has "unreadable names the file" "none.pcb"
run eval_rulebook_errors 1 "$paicha" --lang zh eval "$units/bad/格式错误.yaml" "$fenchen/合格.yaml"

# ---- submission errors: located, all listed, exit 2 ----
run yaml_syntax 2 "$paicha" --lang zh eval "$units/单位与枚举.rules" "$units/bad/格式错误.yaml"
has "malformed YAML located" "格式错误.yaml:2:6"
run bad_enum 2 "$paicha" --lang zh eval "$units/单位与枚举.rules" "$units/bad/错误数据.yaml"
has "bad enum path" "储罐[0].介质"
has "bad enum choices" "液氨、氟利昂、其他制冷剂"
has "bad unit path" "储罐[0].设计压力"
has "unknown field warning" "未知字段"
run bad_enum_en 2 "$paicha" --lang en eval "$units/单位与枚举.rules" "$units/bad/错误数据.yaml"
has "bad enum en" "is not one of the choices"
printf '{"使用制冷剂": true, "储罐": [{"介质": "X"}]}' >"$tmp/bad.json"
run bad_json 2 "$paicha" --lang zh eval "$units/单位与枚举.rules" "$tmp/bad.json"
has "json path" "储罐[0].介质"

# ---- damaged images: a clean located error (exit 2), never a crash ----
size=$(stat -c %s "$tmp/f.pcb")
for off in 0 3 8 9 10 12 16 24 28 32 63 64 70 100 $((size / 2)) $((size - 1)); do
  cp "$tmp/f.pcb" "$tmp/bad.pcb"
  printf '\xff' | dd of="$tmp/bad.pcb" bs=1 seek="$off" conv=notrunc status=none
  if cmp -s "$tmp/f.pcb" "$tmp/bad.pcb"; then
    printf '\x00' | dd of="$tmp/bad.pcb" bs=1 seek="$off" conv=notrunc status=none
  fi
  run "corrupt@$off" 2 "$paicha" --lang zh eval "$tmp/bad.pcb" "$fenchen/合格.yaml" && has "corrupt@$off names the file" "bad.pcb："
done
head -c $((size - 10)) "$tmp/f.pcb" >"$tmp/short.pcb"
run truncated 2 "$paicha" --lang zh eval "$tmp/short.pcb" "$fenchen/合格.yaml"
has "truncated message" "不完整"
printf 'PAICHA\x1a\n' >"$tmp/tiny.pcb"
run tiny_image 2 "$paicha" --lang en eval "$tmp/tiny.pcb" "$fenchen/合格.yaml"
cp "$fenchen/合格.yaml" "$tmp/notimage.pcb"
run not_an_image 2 "$paicha" --lang zh eval "$tmp/notimage.pcb" "$fenchen/合格.yaml"
has "not an image" "paicha build"

# ---- batch ----
{
  for i in $(seq 1 150); do
    echo '{"报告日期":"2024-06-30","单位名称":"甲","存在粉尘爆炸危险":true,"除尘系统":[{"除尘方式":"干式","粉尘类别":"木质粉尘","泄爆":"未设置","惰化":"未设置","抑爆":"未设置"}]}'
    echo '{"报告日期":"2024-06-30","存在粉尘爆炸危险":"否"}'
  done
  echo '{"存在粉尘爆炸危险": "也许"}'
  echo ''
  echo '{not json'
} >"$tmp/in.jsonl"
run batch_1 2 "$paicha" --lang zh batch "$tmp/f.pcb" "$tmp/in.jsonl" --threads 1
cp "$tmp/out" "$tmp/batch1.jsonl"
grep "共 302 行" "$tmp/err" >"$tmp/summary_json"
has "batch bad line number" "第 301 行"
has "batch syntax line" "第 303 行"
has "batch summary" "共 302 行"
run batch_2 2 "$paicha" --lang zh batch "$tmp/f.pcb" "$tmp/in.jsonl" --threads 2 -o "$tmp/batch2.jsonl"
cmp -s "$tmp/batch1.jsonl" "$tmp/batch2.jsonl" || fail "batch output depends on the thread count"
[[ $(wc -l <"$tmp/batch1.jsonl") -eq 302 ]] || fail "batch: want 302 output lines"
sed -n 301p "$tmp/batch1.jsonl" | grep -qF '"line":301' || fail "batch: error line lacks its line number"
head -1 "$tmp/batch1.jsonl" >"$tmp/l1.json"
"$paicha" --lang zh eval "$tmp/f.pcb" - --format json <<<"$(sed -n 1p "$tmp/in.jsonl")" | tr -d ' \n' >"$tmp/e1.json"
tr -d ' \n' <"$tmp/l1.json" | cmp -s - "$tmp/e1.json" || fail "batch line differs from eval --format json"
head -2 "$tmp/in.jsonl" >"$tmp/good.jsonl"
run batch_findings 1 "$paicha" batch "$tmp/f.pcb" "$tmp/good.jsonl"
run batch_bad_threads 2 "$paicha" batch "$tmp/f.pcb" "$tmp/good.jsonl" --threads 0
# --format statuses: the same statuses as the whole results, grouped by status per line.
run batch_statuses 2 "$paicha" --lang zh batch "$tmp/f.pcb" "$tmp/in.jsonl" --format statuses
cp "$tmp/out" "$tmp/st.jsonl"
grep "共 302 行" "$tmp/err" | cmp -s - "$tmp/summary_json" ||
  fail "batch --format statuses: summary differs from --format json's"
[[ $(wc -l <"$tmp/st.jsonl") -eq 302 ]] || fail "batch --format statuses: want 302 output lines"
sed -n 301p "$tmp/st.jsonl" | grep -qF '"line":301,"errors":[' ||
  fail "batch --format statuses: error line"
# Line 1 of the whole results, reduced to "status id" pairs, against line 1 of the statuses.
tr -d ' \n' <"$tmp/l1.json" | grep -o '"items":.*' | grep -o '{"id":"[^"]*"[^{}]*"status":"[a-z_]*"' |
  sed 's/{"id":"\([^"]*\)".*"status":"\([a-z_]*\)"/\2 \1/' | sort >"$tmp/want_st"
[[ $(wc -l <"$tmp/want_st") -ge 6 ]] || fail "batch --format statuses: too few items in the json result"
head -1 "$tmp/st.jsonl" | sed 's/^{"line":1,//; s/}$//' | grep -o '"[a-z_]*":\[[^]]*\]' |
  while IFS= read -r group; do
    status=${group%%\":*}
    status=${status#\"}
    ids=${group#*[}
    ids=${ids%]}
    tr ',' '\n' <<<"$ids" | tr -d '"' | sed "s/^/$status /"
  done | sort >"$tmp/got_st"
cmp -s "$tmp/want_st" "$tmp/got_st" || {
  fail "batch --format statuses: line 1 differs from the whole result"
  diff "$tmp/want_st" "$tmp/got_st" >&2
}
run batch_bad_format 2 "$paicha" --lang en batch "$tmp/f.pcb" "$tmp/good.jsonl" --format xml
has "batch bad format" "statuses"

# ---- schema ----
run schema 0 "$paicha" --lang zh schema "$fenchen/粉尘涉爆.rules"
has "schema draft" "https://json-schema.org/draft/2020-12/schema"
has "schema enum labels" "已设置但失效"
has "schema date" '"format": "date"'
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out" || fail "schema is not JSON"
fi

# ---- template: loads back with eval ----
for args in "" "--industry 冶金" "--industry 轻工 --hazard 存在粉尘爆炸危险" "--hazard 使用液氨制冷"; do
  # shellcheck disable=SC2086
  run "template $args" 0 "$paicha" --lang zh template "$gm2023" $args -o "$tmp/t.yaml"
  run "template $args loads back" 0 "$paicha" --lang zh eval "$gm2023" "$tmp/t.yaml" --date 2024-06-30
done
run template_fenchen 0 "$paicha" --lang en template "$fenchen/粉尘涉爆.rules" -o "$tmp/t.yaml"
run template_fenchen_loads 0 "$paicha" eval "$fenchen/粉尘涉爆.rules" "$tmp/t.yaml"
run template_image 0 "$paicha" template "$tmp/f.pcb" -o "$tmp/t.yaml"
run template_image_loads 0 "$paicha" eval "$tmp/f.pcb" "$tmp/t.yaml"
run template_filter_smaller 0 "$paicha" --lang zh template "$gm2023" --industry 冶金 --hazard 存在粉尘爆炸危险
has "template filter note" "已按 --industry 冶金"
grep -q "^所属行业: 冶金" "$tmp/out" || fail "template does not pre-fill the industry"
grep -q "铸造用炉" "$tmp/out" && fail "template --industry 冶金 keeps the 机械 fields"
run template_bad_industry 2 "$paicha" --lang zh template "$gm2023" --industry 火星
has "bad industry lists choices" "冶金"
run template_bad_hazard 2 "$paicha" template "$gm2023" --hazard 不存在
run template_image_filter 2 "$paicha" template "$tmp/f.pcb" --industry 冶金

# ---- test: the case runner can pass and fail ----
mkdir -p "$tmp/rb/cases"
cp "$units/单位与枚举.rules" "$tmp/rb/"
cat >"$tmp/rb/cases/ok.yaml" <<'CASE'
说明: 作业人数 10 人命中，9 人以下符合。
报告日期: 2024-06-30
提交: {使用制冷剂: 是, 作业人数: 10, 储罐: []}
期望:
  U3: 重大事故隐患
  U1: 符合
  U2: 不适用
CASE
run test_pass 0 "$paicha" --lang zh test "$tmp/rb"
has "test summary line" "1 passed, 0 failed"
cat >"$tmp/rb/cases/wrong.yaml" <<'CASE'
说明: 故意写错的期望。
报告日期: 2024-06-30
提交: {使用制冷剂: 是, 作业人数: 9, 检修间隔: 91}
期望:
  U3: 重大事故隐患
  U4: {状态: 不符合, 缺失: [作业人数]}
  U9: 符合
CASE
run test_fail 1 "$paicha" --lang en test "$tmp/rb"
has "test fail summary" "1 passed, 1 failed"
has "test diff status" "U3: expected major accident hazard, got compliant"
has "test decisive fact" "作业人数 = 9"
has "test diff missing" "U4: missing fields expected [作业人数], got []"
has "test unknown item" "U9: no such item"
rm "$tmp/rb/cases/wrong.yaml"
run test_coverage 1 "$paicha" --lang zh test "$tmp/rb" --min-coverage fires,clears
has "coverage gap" "缺少：命中"
printf '# 覆盖例外\nU1 fires 测试：例外须写明原因\nU2 fires 测试\nU4 fires 测试\nU1 clears\n' >"$tmp/rb/coverage-exceptions.txt"
run test_exception_no_reason 1 "$paicha" --lang zh test "$tmp/rb" --min-coverage fires
has "exception without reason" "coverage-exceptions.txt:5"
printf 'U1 fires 测试：例外须写明原因\nU2 fires 测试\nU4 fires 测试\n' >"$tmp/rb/coverage-exceptions.txt"
run test_exceptions 0 "$paicha" --lang zh test "$tmp/rb" --min-coverage fires
printf 'U1 fires 测试\nU2 fires 测试\nU4 fires 测试\nX9 fires 没有这个条目\n' >"$tmp/rb/coverage-exceptions.txt"
run test_exception_unknown_item 1 "$paicha" --lang zh test "$tmp/rb" --min-coverage fires
has "exception unknown item" "coverage-exceptions.txt:4"
rm "$tmp/rb/coverage-exceptions.txt"
cat >"$tmp/rb/cases/typo.yaml" <<'CASE'
说明: 字段名写错必须失败，而不是悄悄变成无法判定。
提交: {作业认数: 10}
期望:
  U3: 无法判定
CASE
run test_typo 1 "$paicha" --lang zh test "$tmp/rb"
has "typo reported" "作业认数"
printf '期望: [1\n' >"$tmp/rb/cases/broken.yaml"
run test_broken_case 1 "$paicha" --lang zh test "$tmp/rb"
has "broken case named" "broken.yaml"
run test_no_dir 2 "$paicha" test "$tmp/nothing"

# ---- dump ----
run dump_ast 0 "$paicha" dump --ast "$fenchen/粉尘涉爆.rules"
has "ast dump" "(file"
run dump_ir 0 "$paicha" dump --ir "$fenchen/粉尘涉爆.rules"
run dump_bytecode_image 0 "$paicha" dump --bytecode "$tmp/f.pcb"
run dump_two_modes 2 "$paicha" dump --ast --ir "$fenchen/粉尘涉爆.rules"
run dump_ir_image 2 "$paicha" dump --ir "$tmp/f.pcb"

if [[ $failures -ne 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all cli end-to-end checks passed"
