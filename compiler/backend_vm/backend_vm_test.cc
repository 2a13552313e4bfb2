// End to end through the real compiler: rulebook text → IR → bytecode → image → VM results.
#include "backend_vm/backend_vm.h"

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "paicha/compiler/compiler.h"
#include "paicha/rt/evaluator.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/image.h"
#include "paicha/rt/program_builder.h"

namespace paicha::compiler::backend_vm {
namespace {

const char* kRulebook = R"(规则库 "粉尘涉爆节选" {
  发布机关 "应急管理部"
  文号 "应急管理部令第10号"
  发布日期 2023-04-14
  施行日期 2023-05-15
  版本 "2023"
}

枚举 设施状态 { 正常, 失效, 未设置 "未设置（缺失）" }

记录 除尘系统记录 {
  名称: 文本
  类型: 枚举 { 干式, 湿式 }  标签 "除尘方式"
  锁气卸灰装置: 设施状态
}

输入 {
  存在粉尘爆炸危险: 布尔
  涉粉作业人数: 整数(人)
  除尘系统: 列表 除尘系统记录
}

定义 粉尘涉爆 = 存在粉尘爆炸危险 且 涉粉作业人数 >= 1 人

章节 第十一条 "粉尘涉爆" {
  适用 粉尘涉爆

  隐患 GM2023_11_6 "干式除尘系统未设锁气卸灰装置" {
    依据 "工贸企业重大事故隐患判定标准 第十一条第（六）项"
    等级 重大事故隐患
    当 除尘系统.exists(s, s.类型 == 干式 且 s.锁气卸灰装置 != 正常)
    说明 "干式除尘系统的锁气卸灰装置未设置或失效。"
    整改 "为干式除尘系统加装锁气卸灰装置并保持完好。"
    整改时限 30 天
  }

  隐患 GM2023_11_X "涉粉人数较多且无除尘系统" {
    依据 "测试"
    当 涉粉作业人数 >= 10 人 且 size(除尘系统) == 0
  }
}
)";

struct Compiled {
  CompileResult compile;
  std::unique_ptr<rt::Evaluator> evaluator;
  std::string image;
};

Compiled Build(const std::string& text) {
  Compiled c;
  c.compile = CompileText("test.rules", text);
  for (const auto& d : c.compile.diagnostics) {
    ADD_FAILURE() << "diagnostic " << static_cast<int>(d.kind) << " at " << d.span.begin;
  }
  if (!c.compile.program) {
    ADD_FAILURE() << "no program";
    return c;
  }
  std::string err = CompileImage(*c.compile.program, c.compile.sources.get(), &c.image);
  EXPECT_EQ(err, "");
  rt::ImageError ierr;
  c.evaluator = rt::Evaluator::Load(c.image, &ierr);
  EXPECT_NE(c.evaluator, nullptr) << ierr.DebugString();
  return c;
}

rt::Result Eval(const rt::Evaluator& ev, const std::string& yaml) {
  rt::LoadResult lr = rt::LoadFacts(ev.schema(), yaml, rt::FactsFormat::kYaml);
  EXPECT_TRUE(lr.ok()) << (lr.errors.empty() ? "" : lr.errors[0].key + " " + lr.errors[0].path);
  if (!lr.facts) return {};
  return ev.Evaluate(*lr.facts);
}

TEST(BackendVm, DustRulebookEndToEnd) {
  Compiled c = Build(kRulebook);
  ASSERT_NE(c.evaluator, nullptr);
  EXPECT_EQ(c.evaluator->meta().docno, "应急管理部令第10号");
  rt::Result r = Eval(*c.evaluator,
                      "报告日期: 2024-06-30\n存在粉尘爆炸危险: 是\n涉粉作业人数: 12\n除尘系统:\n"
                      "  - {名称: 1号, 类型: 湿式, 锁气卸灰装置: 失效}\n"
                      "  - {名称: 2号, 类型: 干式, 锁气卸灰装置: 未设置}\n");
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(r.items[0].status, rt::ItemStatus::kMajor);
  EXPECT_EQ(r.items[0].deadline, "2024-07-30");
  ASSERT_GE(r.items[0].facts.size(), 1u);
  EXPECT_EQ(r.items[0].facts[0].path, "除尘系统[1].类型");
  EXPECT_EQ(r.items[1].status, rt::ItemStatus::kCompliant);

  // Missing data: the dry system's device is not given → 无法判定 naming it.
  rt::Result u = Eval(*c.evaluator,
                      "报告日期: 2024-06-30\n存在粉尘爆炸危险: 是\n涉粉作业人数: 12\n除尘系统:\n"
                      "  - {名称: 1号, 类型: 干式}\n");
  EXPECT_EQ(u.items[0].status, rt::ItemStatus::kUndetermined);
  EXPECT_EQ(u.items[0].missing, std::vector<std::string>{"除尘系统[0].锁气卸灰装置"});

  // Not dust-exposed: both items are not applicable.
  rt::Result na =
      Eval(*c.evaluator, "报告日期: 2024-06-30\n存在粉尘爆炸危险: 否\n涉粉作业人数: 12\n");
  EXPECT_EQ(na.items[0].status, rt::ItemStatus::kNotApplicable);
  EXPECT_EQ(na.items[1].status, rt::ItemStatus::kNotApplicable);
}

TEST(BackendVm, SharedSubexpressionsAreHoistedAndImagesAreDeterministic) {
  Compiled a = Build(kRulebook);
  Compiled b = Build(kRulebook);
  ASSERT_NE(a.evaluator, nullptr);
  EXPECT_EQ(a.image, b.image);
  EXPECT_EQ(a.evaluator->content_hash(), b.evaluator->content_hash());
  const rt::Program& p = a.evaluator->program();
  // The user let 粉尘涉爆 is a let; the section applicability (shared by the section and both
  // items) is evaluated once as well.
  ASSERT_GE(p.lets.size(), 1u);
  bool named = false;
  for (const rt::LetDecl& l : p.lets) named |= l.name == "粉尘涉爆";
  EXPECT_TRUE(named);
  EXPECT_EQ(p.items[0].applies, p.items[0].applies);  // segments exist
  const std::string listing = rt::Disassemble(p);
  EXPECT_NE(listing.find("IterBegin Exists slot 0"), std::string::npos) << listing;
  EXPECT_NE(listing.find("@ test.rules:"), std::string::npos) << listing;
}

// Golden bytecode listing of the dust rulebook (testdata/dust.disasm); PAICHA_UPDATE_GOLDEN=1
// rewrites it. Shows the code shape: hoisted lets, short-circuit jumps, loops, source positions.
TEST(BackendVm, DisassemblyGolden) {
  Compiled c = Build(kRulebook);
  ASSERT_NE(c.evaluator, nullptr);
  const std::string got = rt::Disassemble(c.evaluator->program());
  const std::string path = std::string(PAICHA_BACKEND_TESTDATA) + "/dust.disasm";
  const char* update = std::getenv("PAICHA_UPDATE_GOLDEN");
  if (update && *update == '1') {
    std::ofstream(path, std::ios::binary) << got;
    GTEST_SKIP() << "updated " << path;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden " << path << " (run with PAICHA_UPDATE_GOLDEN=1)";
  std::stringstream want;
  want << in.rdbuf();
  EXPECT_EQ(got, want.str());
}

}  // namespace
}  // namespace paicha::compiler::backend_vm
