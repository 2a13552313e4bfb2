// Test helpers: a schema shaped like the 粉尘涉爆 example, facts from YAML, a terse way to build
// programs (one item per expression), and a canonical text dump of a Result for comparisons.
#ifndef PAICHA_RUNTIME_VM_VM_TEST_UTIL_H_
#define PAICHA_RUNTIME_VM_VM_TEST_UTIL_H_

#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "paicha/rt/evaluator.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/image.h"
#include "paicha/rt/program_builder.h"

namespace paicha::rt::testing {

// Root fields (indexes into the root record).
enum RootField : uint32_t {
  kHasDust = 0,  // 存在粉尘爆炸危险: bool
  kWorkers,      // 涉粉作业人数: 整数(人)
  kSystems,      // 除尘系统: list of 除尘系统记录
  kPressure,     // 风压: 小数(kPa)
  kChecks,       // 检查记录: list of 检查记录
  kRatio,        // 比值: 小数
  kDone,         // 完成日期: 日期
  kName,         // 单位名称: 文本
  kFlag,         // 标志: 布尔
  kRootFieldCount,
};
// 除尘系统记录 fields.
enum SystemField : uint32_t { kSysName = 0, kSysType, kSysLock };
// 检查记录 fields.
enum CheckField : uint32_t { kCheckDate = 0, kCheckLeader };
// Members of enum 0 (除尘方式).
enum : uint32_t { kDry = 0, kWet = 1 };

inline Schema TestSchema() {
  Schema s;
  s.enums.push_back(EnumDef{"除尘方式", {{"干式", ""}, {"湿式", ""}}});
  RecordDef root{"输入", {}};
  root.fields.push_back({"存在粉尘爆炸危险", "", "", Type::MakeBool()});
  root.fields.push_back({"涉粉作业人数", "", "", Type::MakeQuantity(UnitId::kPerson, true)});
  root.fields.push_back({"除尘系统", "", "", Type::MakeList(1)});
  root.fields.push_back({"风压", "", "", Type::MakeQuantity(UnitId::kKilopascal)});
  root.fields.push_back({"检查记录", "", "", Type::MakeList(2)});
  root.fields.push_back({"比值", "", "", Type::MakeDecimal()});
  root.fields.push_back({"完成日期", "", "", Type::MakeDate()});
  root.fields.push_back({"单位名称", "", "", Type::MakeText()});
  root.fields.push_back({"标志", "", "", Type::MakeBool()});
  RecordDef sys{"除尘系统记录", {}};
  sys.fields.push_back({"名称", "", "", Type::MakeText()});
  sys.fields.push_back({"类型", "除尘方式", "", Type::MakeEnum(0)});
  sys.fields.push_back({"锁气卸灰装置", "", "", Type::MakeBool()});
  RecordDef chk{"检查记录", {}};
  chk.fields.push_back({"日期", "", "", Type::MakeDate()});
  chk.fields.push_back({"带队人", "", "", Type::MakeText()});
  s.records = {root, sys, chk};
  s.root = 0;
  return s;
}

// Loads YAML facts against `schema`; fails the test on loader errors.
inline std::unique_ptr<Facts> LoadYaml(const Schema& schema, const std::string& yaml) {
  LoadResult r = LoadFacts(schema, yaml, FactsFormat::kYaml);
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].key + " " + r.errors[0].path);
  return std::move(r.facts);
}

// Builds a program whose items each have one condition emitted by a callback.
class TestProgram {
 public:
  TestProgram() {
    b_.program().schema = TestSchema();
    b_.program().meta.title = "测试规则库";
    b_.program().meta.version = "1";
  }
  ProgramBuilder& b() { return b_; }

  // Emits one segment with `body` and returns its index.
  int32_t Segment(const std::function<void(ProgramBuilder&)>& body) {
    b_.BeginSegment();
    body(b_);
    return b_.EndSegment();
  }
  // Adds an item (level 不符合 unless given) whose condition is `cond`.
  ItemDecl& Item(const std::string& id, const std::function<void(ProgramBuilder&)>& cond,
                 Level level = Level::kNonconformity) {
    ItemDecl it;
    it.id = id;
    it.title = id;
    it.clause = "测试条款";
    it.level = level;
    it.condition = Segment(cond);
    b_.program().items.push_back(it);
    return b_.program().items.back();
  }
  // Finishes once; later calls return the same program.
  std::shared_ptr<const Program> Finish() {
    if (finished_) return finished_;
    auto p = std::make_shared<Program>();
    std::string err = b_.Finish(p.get());
    EXPECT_EQ(err, "");
    if (err.empty()) finished_ = p;
    return finished_;
  }

 private:
  ProgramBuilder b_;
  std::shared_ptr<const Program> finished_;
};

// Expression snippets.
inline void Bool(ProgramBuilder& b, bool v) { b.Emit(Opcode::kPushBool, v ? 1 : 0); }
inline void Input(ProgramBuilder& b, uint32_t f) { b.Emit(Opcode::kInputField, 0, 0, f); }
inline void Dec(ProgramBuilder& b, const char* text) {
  b.Emit(Opcode::kPushConst, 0, 0, b.AddConstant(Constant::Dec(*Decimal::Parse(text))));
}
inline void DateC(ProgramBuilder& b, const char* text) {
  b.Emit(Opcode::kPushConst, 0, 0, b.AddConstant(Constant::DateValue(*Date::Parse(text))));
}

inline std::string StatusName(ItemStatus s) {
  switch (s) {
    case ItemStatus::kMajor:
      return "major";
    case ItemStatus::kGeneral:
      return "general";
    case ItemStatus::kNonconforming:
      return "nonconforming";
    case ItemStatus::kCompliant:
      return "compliant";
    case ItemStatus::kNotApplicable:
      return "not_applicable";
    case ItemStatus::kNotDue:
      return "not_due";
    case ItemStatus::kUndetermined:
      return "undetermined";
  }
  return "?";
}

// Canonical dump of everything in a Result.
inline std::string Dump(const Result& r) {
  std::ostringstream o;
  o << r.rulebook_title << "|" << r.rulebook_version << "|" << r.content_hash << "|"
    << r.report_date << "|" << r.subject << "\n";
  for (const SectionResult& s : r.sections) {
    o << "section " << s.id << " " << s.title << " max=" << s.max_points
      << " earned=" << s.earned_points << " f=" << s.findings << " u=" << s.undetermined << "\n";
  }
  for (const ItemResult& i : r.items) {
    o << "item " << i.id << " " << StatusName(i.status) << " points=" << i.points
      << " deducted=" << i.deducted << " veto=" << i.veto << " until=" << i.not_due_until
      << " deadline=" << i.deadline.value_or("") << "\n";
    for (const Fact& f : i.facts) {
      o << "  fact " << f.path << " [" << f.label << "] = " << f.value.text << f.value.unit << "\n";
    }
    for (const Situation& s : i.situations) {
      o << "  situation " << s.label << " " << static_cast<int>(s.holds) << "\n";
    }
    for (const std::string& m : i.missing) o << "  missing " << m << "\n";
  }
  o << "summary M" << r.summary.major << " G" << r.summary.general << " N"
    << r.summary.nonconforming << " C" << r.summary.compliant << " NA" << r.summary.not_applicable
    << " ND" << r.summary.not_due << " U" << r.summary.undetermined << " score=" << r.summary.score
    << " grade=" << r.summary.grade << " colour=" << r.summary.colour << "\n";
  return o.str();
}

}  // namespace paicha::rt::testing

#endif  // PAICHA_RUNTIME_VM_VM_TEST_UTIL_H_
