// Benchmark: `check` (parse, resolve, type-check, lower) of a generated rulebook with N items.
// Target (issue: foundation): 10,000 items in under 1 s on one core. Run:
//   cmake --build build --target paicha_check_bench && ./build/bench/paicha_check_bench
// and record the figure in docs/performance.md.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

#include "paicha/compiler/compiler.h"

namespace {

// A rulebook shaped like the real ones: a schema with scalars, enums and a list of records, and
// N items spread over sections, each with a clause, a condition mixing comparisons with units, a
// list macro and an 有下列情形之一 block.
std::string GenerateRulebook(int items) {
  std::string s =
      "规则库 \"生成的规则库\" {\n  发布机关 \"测试\"\n  版本 \"1\"\n}\n"
      "枚举 状态 { 正常, 失效, 未设置 }\n"
      "记录 设备 {\n  名称: 文本\n  压力: 小数(kPa)\n  状态: 状态\n  数量: 整数(人)\n}\n"
      "输入 {\n  存在粉尘爆炸危险: 布尔\n  涉粉作业人数: 整数(人)\n  设备清单: 列表 设备\n"
      "  压力: 小数(MPa)\n  启用日期: 日期\n}\n";
  char buf[1024];
  for (int i = 0; i < items; ++i) {
    if (i % 100 == 0) {
      if (i > 0) s += "}\n";
      std::snprintf(buf, sizeof buf, "章节 第%d条 \"第%d部分\" {\n  适用 存在粉尘爆炸危险\n",
                    i / 100 + 1, i / 100 + 1);
      s += buf;
    }
    std::snprintf(buf, sizeof buf,
                  "  隐患 G%d \"第%d项\" {\n"
                  "    依据 \"生成标准 第%d条第（%d）项\"\n"
                  "    等级 重大事故隐患\n"
                  "    当 有下列情形之一 {\n"
                  "      \"压力超限\": 压力 > %d kPa 且 涉粉作业人数 >= %d 人\n"
                  "      \"设备失效\": 设备清单.exists(d, d.状态 != 正常 且 d.压力 >= %d.5 kPa)\n"
                  "      \"过期\": 报告日期 > 启用日期 + %d 个月\n"
                  "    }\n"
                  "    说明 \"生成的说明\"\n    整改 \"生成的整改措施\"\n  }\n",
                  i, i, i / 100 + 1, i % 100 + 1, 100 + i, i % 50, i % 90, i % 36 + 1);
    s += buf;
  }
  s += "}\n";
  return s;
}

void BM_Check(benchmark::State& state) {
  const std::string text = GenerateRulebook(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto result = paicha::compiler::CompileText("generated.rules", text);
    if (!result.ok()) {
      state.SkipWithError("generated rulebook did not compile");
      break;
    }
    benchmark::DoNotOptimize(result.program);
  }
  state.counters["items"] = static_cast<double>(state.range(0));
  state.counters["bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_Check)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
