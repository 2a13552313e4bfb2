// Scoring, images (round trip, corruption), the verifier, concurrency and the disassembly golden.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "gtest/gtest.h"
#include "vm_test_util.h"

namespace paicha::rt::testing {
namespace {

// A small checklist exercising every table of the image: lets, sections with points, deductions,
// veto, grades and colours, situations, a pattern, a frequency rule and a source map.
std::shared_ptr<const Program> Checklist() {
  TestProgram tp;
  ProgramBuilder& b = tp.b();
  b.program().meta.issuer = "应急管理部";
  b.program().meta.docno = "应急管理部令第10号";
  b.program().meta.effective = Date::Parse("2023-05-15");
  const uint32_t file = b.AddFile("测试.rules");
  b.SetPosition(file, 3, 5);
  int32_t dust = tp.Segment([](ProgramBuilder& pb) { Input(pb, kHasDust); });
  b.program().lets.push_back(LetDecl{"粉尘涉爆", dust});
  int32_t sec_applies = tp.Segment([](ProgramBuilder& pb) { pb.Emit(Opcode::kLet, 0, 0, 0); });
  b.program().sections.push_back(
      SectionDecl{"第十一条", "粉尘涉爆", "", -1, sec_applies, Decimal::FromInt(40)});
  b.program().sections.push_back(SectionDecl{"S2", "管理", "", -1, kNoSegment, std::nullopt});
  b.SetPosition(file, 10, 3);
  ItemDecl& a = tp.Item(
      "A",
      [](ProgramBuilder& pb) {
        Input(pb, kSystems);
        uint32_t loop = pb.BeginLoop(MacroKind::kExists, 0);
        pb.Emit(Opcode::kVar, 0);
        pb.Emit(Opcode::kField, 0, 0, kSysLock);
        pb.Emit(Opcode::kNot);
        pb.EndLoop(loop);
      },
      Level::kMajor);
  a.section = 0;
  a.applies = sec_applies;
  a.points = Decimal::FromInt(20);
  a.veto = true;
  a.deadline_amount = Decimal::FromInt(30);
  a.deadline_unit = UnitId::kDay;
  ItemDecl& bi = tp.Item("B", [](ProgramBuilder& pb) {
    pb.EmitInt(1);
    Bool(pb, true);
    Input(pb, kFlag);
    pb.Emit(Opcode::kSituation, 2, 2, pb.AddSituationLabels({"情形一", "情形二"}));
  });
  bi.section = 0;
  bi.applies = sec_applies;
  bi.has_deduct = true;
  bi.deduct_amount = Decimal::FromInt(5);
  bi.deduct_per = tp.Segment([](ProgramBuilder& pb) {
    Input(pb, kSystems);
    pb.Emit(Opcode::kSize);
  });
  bi.deduct_cap = Decimal::FromInt(20);
  ItemDecl& c = tp.Item(
      "C",
      [](ProgramBuilder& pb) {
        pb.Emit(Opcode::kPushPeriod, static_cast<uint8_t>(PeriodKind::kQuarter));
        pb.EmitInt(1);
        Input(pb, kChecks);
        uint32_t loop = pb.BeginLoop(MacroKind::kFrequency, 0);
        pb.Emit(Opcode::kVar, 0);
        pb.Emit(Opcode::kField, 0, 0, kCheckDate);
        Bool(pb, true);
        pb.EndLoop(loop);
        pb.Emit(Opcode::kNot);
      },
      Level::kGeneral);
  c.section = 1;
  c.points = Decimal::FromInt(10);
  ItemDecl& d = tp.Item("D", [](ProgramBuilder& pb) {
    Input(pb, kName);
    pb.Emit(Opcode::kMatch, 0, 0, pb.AddConstant(Constant::Pattern("^[0-9A-Z]{18}$")));
    pb.Emit(Opcode::kNot);
  });
  d.section = 1;
  d.points = Decimal::Parse("7.5");
  int32_t g1 = tp.Segment([](ProgramBuilder& pb) {
    pb.Emit(Opcode::kSummary, 0);
    pb.EmitInt(90);
    pb.Emit(Opcode::kGe);
  });
  int32_t g2 = tp.Segment([](ProgramBuilder& pb) {
    pb.Emit(Opcode::kSummary, 0);
    pb.EmitInt(60);
    pb.Emit(Opcode::kGe);
  });
  b.program().grades = {{"一级", g1}, {"二级", g2}, {"不合格", kNoSegment}};
  int32_t red = tp.Segment([](ProgramBuilder& pb) {
    pb.Emit(Opcode::kSummary, 1);
    pb.EmitInt(1);
    pb.Emit(Opcode::kGe);
  });
  b.program().colours = {{"红", red}, {"蓝", kNoSegment}};
  return tp.Finish();
}

const char* kFacts =
    "报告日期: 2024-07-10\n统计起始日期: 2024-01-01\n存在粉尘爆炸危险: 是\n"
    "单位名称: '91500000MA5U7X8Y9Z'\n"
    "除尘系统:\n  - {锁气卸灰装置: 是}\n  - {锁气卸灰装置: 是}\n"
    "检查记录:\n  - {日期: 2024-02-01}\n  - {日期: 2024-05-01}\n";

TEST(Scoring, SectionsDeductionsGradesColours) {
  auto prog = Checklist();
  ASSERT_NE(prog, nullptr);
  auto ev = Evaluator::FromProgram(prog);
  auto facts = LoadYaml(ev->schema(), kFacts);
  Result r = ev->Evaluate(*facts);
  ASSERT_EQ(r.items.size(), 4u);
  EXPECT_EQ(r.items[0].status, ItemStatus::kCompliant);
  // B fires (情形一 held), 2 systems × 5 = 10 points lost.
  EXPECT_EQ(r.items[1].status, ItemStatus::kNonconforming);
  EXPECT_EQ(r.items[1].deducted, "10");
  EXPECT_EQ(r.items[2].status, ItemStatus::kCompliant);
  EXPECT_EQ(r.items[3].status, ItemStatus::kCompliant);
  // Section 1: 40 − 10 = 30; section 2: 17.5 of 17.5. Score 47.5 / 57.5 = 82.608… → 82.6.
  EXPECT_EQ(r.sections[0].max_points, "40");
  EXPECT_EQ(r.sections[0].earned_points, "30");
  EXPECT_EQ(r.sections[1].max_points, "17.5");
  EXPECT_EQ(r.sections[1].earned_points, "17.5");
  EXPECT_EQ(r.summary.score, "82.6");
  EXPECT_EQ(r.summary.grade, "二级");
  EXPECT_EQ(r.summary.colour, "蓝");
  EXPECT_EQ(r.subject, "91500000MA5U7X8Y9Z");
}

TEST(Scoring, VetoNotApplicableAndDeadline) {
  auto prog = Checklist();
  auto ev = Evaluator::FromProgram(prog);
  // A fires (a system without lock): veto → last grade; 整改时限 30 天 from the report date.
  auto facts = LoadYaml(ev->schema(),
                        "报告日期: 2024-07-10\n存在粉尘爆炸危险: 是\n单位名称: x\n"
                        "除尘系统:\n  - {锁气卸灰装置: 否}\n检查记录: []\n");
  Result r = ev->Evaluate(*facts);
  EXPECT_EQ(r.items[0].status, ItemStatus::kMajor);
  EXPECT_TRUE(r.items[0].veto);
  EXPECT_EQ(r.items[0].deadline, "2024-08-09");
  EXPECT_EQ(r.summary.grade, "不合格");
  EXPECT_EQ(r.summary.colour, "红");
  // Without dust the whole section is not applicable: it leaves the score untouched.
  auto no_dust = LoadYaml(ev->schema(),
                          "报告日期: 2024-07-10\n统计起始日期: 2024-01-01\n存在粉尘爆炸危险: 否\n"
                          "单位名称: '91500000MA5U7X8Y9Z'\n检查记录:\n  - {日期: 2024-02-01}\n"
                          "  - {日期: 2024-05-01}\n");
  Result n = ev->Evaluate(*no_dust);
  EXPECT_EQ(n.items[0].status, ItemStatus::kNotApplicable);
  EXPECT_EQ(n.items[1].status, ItemStatus::kNotApplicable);
  EXPECT_EQ(n.sections[0].max_points, "0");
  EXPECT_EQ(n.summary.score, "100.0");
  EXPECT_EQ(n.summary.grade, "一级");
}

TEST(Image, RoundTripIsCanonical) {
  auto prog = Checklist();
  ASSERT_NE(prog, nullptr);
  const std::string bytes = WriteImage(*prog);
  ImageError err;
  auto back = ReadImage(bytes, &err);
  ASSERT_NE(back, nullptr) << err.DebugString();
  EXPECT_TRUE(SameProgram(*prog, *back));
  EXPECT_EQ(back->content_hash, prog->content_hash);
  EXPECT_EQ(back->content_hash.size(), 64u);
  EXPECT_EQ(ContentHashOf(bytes), prog->content_hash);
  EXPECT_EQ(WriteImage(*back), bytes);
  auto e1 = Evaluator::FromProgram(prog);
  auto e2 = Evaluator::Load(bytes, &err);
  ASSERT_NE(e2, nullptr);
  auto facts = LoadYaml(e1->schema(), kFacts);
  EXPECT_EQ(Dump(e1->Evaluate(*facts)), Dump(e2->Evaluate(*facts)));
}

TEST(Image, HeaderErrors) {
  auto prog = Checklist();
  std::string bytes = WriteImage(*prog);
  ImageError err;
  EXPECT_EQ(ReadImage(bytes.substr(0, 10), &err), nullptr);
  EXPECT_EQ(err.code, ImageErrorCode::kTooShort);
  std::string magic = bytes;
  magic[0] = 'X';
  EXPECT_EQ(ReadImage(magic, &err), nullptr);
  EXPECT_EQ(err.code, ImageErrorCode::kBadMagic);
  EXPECT_EQ(err.MessageKey(), "report.image_bad_magic");
  std::string version = bytes;
  version[8] = 9;
  EXPECT_EQ(ReadImage(version, &err), nullptr);
  EXPECT_EQ(err.code, ImageErrorCode::kVersion);
  EXPECT_EQ(err.found, 9);
  std::string endian = bytes;
  endian[12] ^= 1;
  EXPECT_EQ(ReadImage(endian, &err), nullptr);
  EXPECT_EQ(err.code, ImageErrorCode::kPlatform);
  std::string flipped = bytes;
  flipped[bytes.size() - 3] ^= 0x40;
  EXPECT_EQ(ReadImage(flipped, &err), nullptr);
  EXPECT_EQ(err.code, ImageErrorCode::kChecksum);
  EXPECT_EQ(Evaluator::LoadFile("/nonexistent/x.paicha", &err), nullptr);
  EXPECT_EQ(err.code, ImageErrorCode::kUnreadable);
}

// Recomputes the payload size, CRC-32 and SHA-256 so that a damaged payload reaches the
// structural decoder and the verifier (a plain flip is already caught by the checksum).
std::string Reseal(std::string img) {
  if (img.size() < kImageHeaderSize) return img;
  const std::string payload = img.substr(kImageHeaderSize);
  auto put32 = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) img[at + i] = static_cast<char>(v >> (8 * i));
  };
  put32(24, static_cast<uint32_t>(payload.size()));
  put32(28, Crc32(payload));
  const std::string hex = Sha256Hex(payload);
  for (size_t i = 0; i < 32; ++i) {
    img[32 + i] = static_cast<char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  }
  return img;
}

// Every damaged image either fails to load or evaluates exactly like the original (a flip in a
// string the result does not show, for instance) — never a crash (this test runs under ASan/UBSan).
TEST(Image, CorruptionFuzzFlipAndTruncate) {
  auto prog = Checklist();
  const std::string bytes = WriteImage(*prog);
  auto good = Evaluator::FromProgram(prog);
  auto facts = LoadYaml(good->schema(), kFacts);
  int loaded = 0, rejected = 0;
  auto check = [&](const std::string& img) {
    ImageError err;
    auto ev = Evaluator::Load(img, &err);
    if (!ev) {
      EXPECT_FALSE(err.ok());
      EXPECT_FALSE(err.MessageKey().empty());
      ++rejected;
      return;
    }
    ++loaded;
    // Loaded: evaluation must be well defined (ASan/UBSan watch it). The schema may differ (a
    // flipped label), so evaluate facts loaded against the loaded schema.
    LoadResult lr = LoadFacts(ev->schema(), kFacts, FactsFormat::kYaml);
    if (lr.facts) {
      EvalOptions opt;
      (void)ev->Evaluate(*lr.facts, opt);
    }
  };
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t mask : {0x01, 0x80, 0xFF}) {
      std::string img = bytes;
      img[i] = static_cast<char>(img[i] ^ mask);
      check(img);                                     // caught by the header checks
      if (i >= kImageHeaderSize) check(Reseal(img));  // reaches decoder and verifier
    }
  }
  for (size_t n = 0; n < bytes.size(); ++n) {
    check(bytes.substr(0, n));
    check(Reseal(bytes.substr(0, n)));
  }
  EXPECT_GT(rejected, 0);
  // A resealed flip of e.g. a title byte still loads: both outcomes occur.
  EXPECT_GT(loaded, 0);
}

TEST(Verifier, RejectsBadPrograms) {
  auto build = [](const std::function<void(ProgramBuilder&)>& body) {
    TestProgram tp;
    tp.Item("x", body);
    Program p;
    return tp.b().Finish(&p);
  };
  EXPECT_NE(build([](ProgramBuilder& b) { b.Emit(Opcode::kAnd); }), "");  // underflow
  EXPECT_NE(build([](ProgramBuilder& b) {                                 // two values at Ret
              Bool(b, true);
              Bool(b, true);
            }),
            "");
  EXPECT_NE(build([](ProgramBuilder& b) {  // backward jump
              Bool(b, true);
              b.Emit(Opcode::kJumpIfTrue, 0, 0, 0);
            }),
            "");
  EXPECT_NE(build([](ProgramBuilder& b) { b.Emit(Opcode::kInputField, 0, 0, 99); }), "");
  // Superinstruction operands.
  EXPECT_NE(build([](ProgramBuilder& b) { b.Emit(Opcode::kInputPath, 0, 99, 0); }), "");
  EXPECT_NE(build([](ProgramBuilder& b) { b.Emit(Opcode::kVarField, 0, 0, 0); }), "");  // no loop
  auto cmp_imm = [&](uint8_t a, uint16_t kind, uint32_t c) {
    return build([=](ProgramBuilder& b) {
      Bool(b, true);
      b.Emit(Opcode::kCmpImm, a, kind, c);
    });
  };
  EXPECT_EQ(cmp_imm(0, kImmBool, 1), "");
  EXPECT_NE(cmp_imm(6, kImmBool, 1), "");                   // no comparison 6
  EXPECT_NE(cmp_imm(0, kMaxImmKind + 1, 1), "");            // no such kind
  EXPECT_NE(cmp_imm(0, kImmBool, 2), "");                   // not a bool
  EXPECT_NE(cmp_imm(0, kImmEnum, 99), "");                  // no such member
  EXPECT_NE(cmp_imm(0, kImmDate, Date::kMaxDays + 1), "");  // out of the calendar
  EXPECT_EQ(build([](ProgramBuilder& b) {
              b.Emit(Opcode::kInputFieldCmp, FieldCmpOperand(0, kImmBool, 0), kHasDust, 1);
            }),
            "");
  EXPECT_NE(build([](ProgramBuilder& b) {  // a slot on a root field
              b.Emit(Opcode::kInputFieldCmp, FieldCmpOperand(0, kImmBool, 1), kHasDust, 1);
            }),
            "");
  EXPECT_NE(build([](ProgramBuilder& b) {  // field out of range
              b.Emit(Opcode::kInputFieldCmp, FieldCmpOperand(0, kImmBool, 0), 99, 1);
            }),
            "");
  EXPECT_NE(build([](ProgramBuilder& b) {  // no loop bound
              b.Emit(Opcode::kVarFieldCmp, FieldCmpOperand(0, kImmEnum, 0), kSysType, kDry);
            }),
            "");
  EXPECT_NE(build([](ProgramBuilder& b) {  // no let 0
              Bool(b, true);
              b.Emit(Opcode::kCmpLet, 0, 0, 0);
            }),
            "");
  EXPECT_NE(build([](ProgramBuilder& b) { b.Emit(Opcode::kVar, 0); }), "");          // no loop
  EXPECT_NE(build([](ProgramBuilder& b) { b.Emit(Opcode::kPushBool, 1, 1); }), "");  // operand
  EXPECT_NE(build([](ProgramBuilder& b) {  // jump out of a loop body
              Input(b, kSystems);
              uint32_t loop = b.BeginLoop(MacroKind::kExists, 0);
              Bool(b, true);
              uint32_t j = b.EmitJump(Opcode::kJumpIfTrue);
              b.EndLoop(loop);
              b.Patch(j, b.pc());
            }),
            "");
  EXPECT_NE(build([](ProgramBuilder& b) {  // wrong slot
              Input(b, kSystems);
              uint32_t loop = b.BeginLoop(MacroKind::kExists, 1);
              Bool(b, true);
              b.EndLoop(loop);
            }),
            "");
  // A let may read only earlier lets.
  TestProgram tp;
  int32_t s = tp.Segment([](ProgramBuilder& b) { b.Emit(Opcode::kLet, 0, 0, 0); });
  tp.b().program().lets.push_back(LetDecl{"self", s});
  tp.Item("x", [](ProgramBuilder& b) { Bool(b, true); });
  Program p;
  EXPECT_NE(tp.b().Finish(&p), "");
  // And the good one passes.
  EXPECT_EQ(build([](ProgramBuilder& b) { Bool(b, true); }), "");
}

TEST(Concurrency, EightThreadsGiveIdenticalResults) {
  auto prog = Checklist();
  auto ev = Evaluator::FromProgram(prog);
  auto facts = LoadYaml(ev->schema(), kFacts);
  const std::string want = Dump(ev->Evaluate(*facts));
  std::vector<std::string> got(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      std::string last;
      for (int k = 0; k < 50; ++k) last = Dump(ev->Evaluate(*facts));
      got[t] = last;
    });
  }
  for (auto& th : threads) th.join();
  for (const std::string& g : got) EXPECT_EQ(g, want);
}

// Golden: runtime/vm/testdata/checklist.disasm. PAICHA_UPDATE_GOLDEN=1 (or the test runner's
// --update) rewrites it.
TEST(Disassembler, Golden) {
  auto prog = Checklist();
  const std::string got = Disassemble(*prog);
  const std::string path = std::string(PAICHA_VM_TESTDATA) + "/checklist.disasm";
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
}  // namespace paicha::rt::testing
