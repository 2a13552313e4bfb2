// The emitter's own contract: deterministic text, one function per segment with its entity
// named, the image embedded, bad inputs rejected. Whether the generated code computes the VM's
// results is tested by compiling it: tests/differential (every rulebook case, byte for byte).
#include "backend_cpp/backend_cpp.h"

#include <string>

#include "backend_vm/backend_vm.h"
#include "gtest/gtest.h"
#include "paicha/compiler/compiler.h"
#include "paicha/rt/gen_support.h"
#include "paicha/rt/image.h"

namespace paicha::compiler::backend_cpp {
namespace {

const char* kRulebook = R"(规则库 "测试" {
  版本 "1"
}

输入 {
  人数: 整数(人)
  设备: 列表 设备记录
}

记录 设备记录 {
  名称: 文本
  完好: 布尔
}

隐患 T1 "人数过多" {
  依据 "第一条"
  等级 一般隐患
  当 人数 > 10 人 且 设备.exists(d, 非 d.完好)
}
)";

std::string Image() {
  CompileResult c = CompileText("测试.rules", kRulebook);
  EXPECT_TRUE(c.ok());
  if (!c.program) return "";
  std::string image;
  EXPECT_EQ(backend_vm::CompileImage(*c.program, c.sources.get(), &image), "");
  return image;
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

TEST(BackendCpp, OneFunctionPerSegmentNamedByItsItem) {
  const std::string image = Image();
  ASSERT_FALSE(image.empty());
  rt::ImageError err;
  auto program = rt::ReadImage(image, &err);
  ASSERT_NE(program, nullptr) << err.DebugString();

  EmitCppOptions options;
  options.cpp_namespace = "gen_test::rb";
  options.source_name = "测试.rules";
  std::string code;
  ASSERT_EQ(EmitCpp(image, options, &code), "");
  EXPECT_EQ(Count(code, "(Machine& m, Frame& f) {"), program->segments.size());
  EXPECT_NE(code.find("kSegmentCount = " + std::to_string(program->segments.size()) + ";"),
            std::string::npos);
  EXPECT_NE(code.find("// item T1 人数过多 (第一条): condition"), std::string::npos) << code;
  EXPECT_NE(code.find("// 测试.rules:"), std::string::npos) << code;
  EXPECT_NE(code.find("namespace gen_test::rb {"), std::string::npos);
  EXPECT_NE(code.find("PAICHA_OP("), std::string::npos);
  // The loop of exists: a back-edge to the loop body.
  EXPECT_NE(code.find("IterNext"), std::string::npos);
  EXPECT_NE(code.find("goto L"), std::string::npos);
  // Only the runtime's public headers for generated code.
  EXPECT_EQ(Count(code, "#include \"paicha/"), 2u);
  EXPECT_NE(code.find("#include \"paicha/rt/gen_support.h\""), std::string::npos);
  EXPECT_NE(code.find("#include \"paicha/rt/gen_native.h\""), std::string::npos);
  // Native status code for the item's condition (the only status segment here), with the
  // exists macro as a native loop, and in the table passed to MakeCompiledRulebook.
  EXPECT_EQ(Count(code, "(NativeContext& c, NV* value) {"), 1u) << code;
  EXPECT_NE(code.find("1 of the 1 segments it needs are native."), std::string::npos) << code;
  EXPECT_NE(code.find("TLoop<MacroKind::kExists, R1> loop"), std::string::npos) << code;
  // ... over the shaped list (gen_native.h, "Shaped records"): the root holds the list and
  // 人数 (a quantity: a Value, its text copied if it were text), the elements the field read.
  EXPECT_NE(code.find("TListOf<R1> f1;  // 设备"), std::string::npos) << code;
  EXPECT_NE(code.find("Value f0;  // 人数"), std::string::npos) << code;
  EXPECT_NE(code.find("NT f1;  // 完好"), std::string::npos) << code;
  EXPECT_NE(code.find("o->f0 = ShapeValue(a, FieldOf(rv, 0u));"), std::string::npos) << code;
  EXPECT_NE(code.find("o->f1 = ShapeList<R1>(a, FieldOf(rv, 1u), Shape1);"), std::string::npos)
      << code;
  EXPECT_NE(code.find("Plain(root->f0)"), std::string::npos) << code;
  EXPECT_EQ(code.find("InputField(c, "), std::string::npos) << code;  // no Value read
  EXPECT_NE(code.find("LoopSteps steps(c);"), std::string::npos) << code;
  EXPECT_NE(code.find(".Next(steps, "), std::string::npos) << code;
  EXPECT_NE(code.find("native::N"), std::string::npos) << code;
  EXPECT_NE(code.find("NativeSegments{kNative, kSegmentCount, native::Statuses, native::Lets, "
                      "native::Shape}"),
            std::string::npos)
      << code;

  std::string again;
  ASSERT_EQ(EmitCpp(image, options, &again), "");
  EXPECT_EQ(code, again);

  const std::string header = EmitCppHeader(options);
  EXPECT_NE(header.find("std::unique_ptr<::paicha::rt::CompiledRulebook> Load("),
            std::string::npos);
}

TEST(BackendCpp, RejectsBadNamespaceAndBadImage) {
  const std::string image = Image();
  std::string code;
  EmitCppOptions bad;
  bad.cpp_namespace = "a::1b";
  EXPECT_NE(EmitCpp(image, bad, &code), "");
  bad.cpp_namespace = "a:b";
  EXPECT_NE(EmitCpp(image, bad, &code), "");
  EXPECT_EQ(EmitCppHeader(bad), "");
  EXPECT_NE(EmitCpp("not an image", EmitCppOptions(), &code), "");
}

TEST(BackendCpp, MakeCompiledRulebookChecksTheSegmentTable) {
  const std::string image = Image();
  rt::ImageError err;
  EXPECT_EQ(rt::gen::MakeCompiledRulebook(image, nullptr, 3, &err), nullptr);
  EXPECT_EQ(err.code, rt::ImageErrorCode::kInvalid);
  rt::ImageError err2;
  EXPECT_EQ(rt::gen::MakeCompiledRulebook("garbage", nullptr, 0, &err2), nullptr);
  EXPECT_FALSE(err2.ok());
}

}  // namespace
}  // namespace paicha::compiler::backend_cpp
