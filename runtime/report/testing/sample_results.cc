// Hand-built Results; see sample_results.h. The wording follows the 工贸企业重大事故隐患判定标准
// (粉尘涉爆) and a 安全生产标准化 style checklist, trimmed to what the renderers need.
#include "report/testing/sample_results.h"

#include <utility>

namespace paicha::rt::testing {

namespace {

constexpr char kDustTitle[] = "工贸企业重大事故隐患判定标准（粉尘涉爆节选）";
constexpr char kDustHash[] = "9f2c4e1a7b3d5f60c8e2a4b6d8f0e1c3a5b7d9f1e3c5a7b9d1f3e5a7c9b1d3f5";

Fact MakeFact(std::string path, std::string label, FactValue::Kind kind, std::string text,
              std::string unit = "") {
  Fact f;
  f.path = std::move(path);
  f.label = std::move(label);
  f.value.kind = kind;
  f.value.text = std::move(text);
  f.value.unit = std::move(unit);
  return f;
}

ItemResult MakeItem(std::string id, std::string title, std::string clause, std::string section,
                    ItemStatus status) {
  ItemResult item;
  item.id = std::move(id);
  item.title = std::move(title);
  item.clause = std::move(clause);
  item.section_id = std::move(section);
  item.status = status;
  return item;
}

Result DustBase() {
  Result r;
  r.rulebook_title = kDustTitle;
  r.rulebook_version = "2023";
  r.content_hash = kDustHash;
  r.report_date = "2024-06-30";
  r.subject = "华东某粉末冶金有限公司";
  SectionResult s;
  s.id = "第十一条";
  s.title = "粉尘涉爆";
  r.sections.push_back(s);
  return r;
}

}  // namespace

Result CleanResult() {
  Result r = DustBase();
  r.items.push_back(MakeItem("GM2023_11_1", "粉尘爆炸危险场所设置在非框架结构的多层建构筑物内",
                             "工贸企业重大事故隐患判定标准 第十一条第（一）项", "第十一条",
                             ItemStatus::kCompliant));
  r.items.push_back(MakeItem("GM2023_11_2", "粉尘爆炸危险场所与人员密集场所未隔离",
                             "工贸企业重大事故隐患判定标准 第十一条第（二）项", "第十一条",
                             ItemStatus::kCompliant));
  r.items.push_back(MakeItem("GM2023_11_3", "干式除尘系统未采取泄爆、隔爆、惰化、抑爆等措施",
                             "工贸企业重大事故隐患判定标准 第十一条第（三）项", "第十一条",
                             ItemStatus::kCompliant));
  r.items.push_back(MakeItem("GM2023_11_5", "铝镁等金属粉尘除尘系统采用正压吹送",
                             "工贸企业重大事故隐患判定标准 第十一条第（五）项", "第十一条",
                             ItemStatus::kNotApplicable));
  r.sections[0].findings = 0;
  r.summary.compliant = 3;
  r.summary.not_applicable = 1;
  return r;
}

Result MajorHazardResult() {
  Result r = DustBase();
  ItemResult major =
      MakeItem("GM2023_11_6", "干式除尘系统未设锁气卸灰装置",
               "工贸企业重大事故隐患判定标准 第十一条第（六）项", "第十一条", ItemStatus::kMajor);
  major.facts.push_back(
      MakeFact("除尘系统[2].类型", "除尘系统 第3项 除尘方式", FactValue::Kind::kEnum, "干式"));
  major.facts.push_back(MakeFact("除尘系统[2].锁气卸灰装置", "除尘系统 第3项 锁气卸灰装置",
                                 FactValue::Kind::kEnum, "未设置（缺失）"));
  major.facts.push_back(MakeFact("除尘系统[2].风管压力", "除尘系统 第3项 风管压力",
                                 FactValue::Kind::kQuantity, "0.30", "MPa"));
  major.facts.push_back(
      MakeFact("涉粉作业人数", "涉粉作业人数", FactValue::Kind::kQuantity, "12", "人"));
  major.facts.push_back(
      MakeFact("存在粉尘爆炸危险", "存在粉尘爆炸危险", FactValue::Kind::kBool, "true"));
  major.facts.push_back(MakeFact("除尘系统", "除尘系统", FactValue::Kind::kList, "3"));
  major.facts.push_back(MakeFact("除尘系统[2].投用日期", "除尘系统 第3项 投用日期",
                                 FactValue::Kind::kDate, "2021-03-08"));
  major.facts.push_back(MakeFact("除尘系统[2].名称", "除尘系统 第3项 名称", FactValue::Kind::kText,
                                 "抛光二车间 2# 除尘器"));
  major.situations.push_back({"锁气卸灰装置未设置", Situation::Holds::kYes});
  major.situations.push_back({"锁气卸灰装置失效", Situation::Holds::kNo});
  major.situations.push_back({"卸灰口未保持密闭", Situation::Holds::kUnknown});
  major.explanation = "干式除尘系统的锁气卸灰装置未设置或失效（第十四条：失效视同未设置）。";
  major.remedy = "为干式除尘系统加装锁气卸灰装置并保持完好。";
  major.deadline = "2024-07-30";
  r.items.push_back(major);

  ItemResult general = MakeItem("YB_3_2", "粉尘清扫制度未落实", "粉尘防爆安全规程 第 6.2 条",
                                "第十一条", ItemStatus::kGeneral);
  general.facts.push_back(MakeFact("清扫记录", "清扫记录", FactValue::Kind::kList, "1"));
  general.explanation = "上一季度只有 1 次清扫记录。\n规程要求每班清扫。";
  general.remedy = "建立并落实粉尘清扫制度，做好记录。";
  general.deadline = "2024-07-15";
  general.unverified = true;
  r.items.push_back(general);

  ItemResult nonconforming = MakeItem("BF_1", "除尘器未设置明显的安全警示标志",
                                      "粉尘防爆安全规程 第 4.5 条", "", ItemStatus::kNonconforming);
  nonconforming.facts.push_back(
      MakeFact("除尘系统[0].警示标志", "除尘系统 第1项 警示标志", FactValue::Kind::kBool, "false"));
  nonconforming.remedy = "在除尘器显著位置设置安全警示标志。";
  r.items.push_back(nonconforming);

  r.items.push_back(MakeItem("GM2023_11_1", "粉尘爆炸危险场所设置在非框架结构的多层建构筑物内",
                             "工贸企业重大事故隐患判定标准 第十一条第（一）项", "第十一条",
                             ItemStatus::kCompliant));
  r.sections[0].findings = 2;
  r.summary.major = 1;
  r.summary.general = 1;
  r.summary.nonconforming = 1;
  r.summary.compliant = 1;
  return r;
}

Result MissingDataResult() {
  Result r = DustBase();
  ItemResult a = MakeItem("GM2023_11_6", "干式除尘系统未设锁气卸灰装置",
                          "工贸企业重大事故隐患判定标准 第十一条第（六）项", "第十一条",
                          ItemStatus::kUndetermined);
  a.missing = {"除尘系统[0].类型", "涉粉作业人数"};
  a.situations.push_back({"锁气卸灰装置未设置", Situation::Holds::kUnknown});
  a.situations.push_back({"锁气卸灰装置失效", Situation::Holds::kNo});
  r.items.push_back(a);

  ItemResult b = MakeItem("GM2023_11_4", "除尘系统采用重力沉降室除尘",
                          "工贸企业重大事故隐患判定标准 第十一条第（四）项", "第十一条",
                          ItemStatus::kUndetermined);
  b.missing = {"除尘系统[0].除尘方式", "除尘系统[1].除尘方式", "除尘系统[2].除尘方式"};
  b.facts.push_back(MakeFact("除尘系统", "除尘系统", FactValue::Kind::kList, "3"));
  r.items.push_back(b);

  // An undetermined item whose evaluator recorded no path: shown, with a note, never hidden.
  r.items.push_back(MakeItem("GM2023_11_9", "未按规定安装使用监测预警系统",
                             "工贸企业重大事故隐患判定标准 第十一条第（九）项", "第十一条",
                             ItemStatus::kUndetermined));

  ItemResult due = MakeItem("JC_Q", "主要负责人每季度带队检查", "安全生产法 第二十一条", "",
                            ItemStatus::kNotDue);
  due.not_due_until = "2024-09-30";
  r.items.push_back(due);

  ItemResult ok = MakeItem("GM2023_11_2", "粉尘爆炸危险场所与人员密集场所未隔离",
                           "工贸企业重大事故隐患判定标准 第十一条第（二）项", "第十一条",
                           ItemStatus::kCompliant);
  ok.unverified = true;
  r.items.push_back(ok);
  r.sections[0].undetermined = 3;
  r.summary.undetermined = 3;
  r.summary.not_due = 1;
  r.summary.compliant = 1;
  return r;
}

Result ScoredResult() {
  Result r;
  r.rulebook_title = "冶金企业安全生产标准化评分细则（节选）";
  r.rulebook_version = "2024.1";
  r.content_hash = "0123456789abcdef0123456789abcdef";
  r.report_date = "2024-12-31";
  r.subject = "某钢铁集团第二炼钢厂";
  SectionResult s1;
  s1.id = "一";
  s1.title = "安全管理制度";
  s1.max_points = "20";
  s1.earned_points = "15.5";
  s1.findings = 1;
  SectionResult s2;
  s2.id = "二";
  s2.title = "现场管理";
  s2.max_points = "30.00";
  s2.earned_points = "30.00";
  SectionResult s3;
  s3.title = "加分项";
  s3.max_points = "5";
  s3.earned_points = "0";
  r.sections = {s1, s2, s3};

  ItemResult a = MakeItem("1.3", "安全操作规程未覆盖全部岗位", "评分细则 1.3", "一",
                          ItemStatus::kNonconforming);
  a.facts.push_back(MakeFact("岗位", "岗位", FactValue::Kind::kList, "48"));
  a.facts.push_back(MakeFact("未覆盖岗位数", "未覆盖岗位数", FactValue::Kind::kInt, "3"));
  a.facts.push_back(MakeFact("规程覆盖率", "规程覆盖率", FactValue::Kind::kQuantity, "93.75", "%"));
  a.facts.push_back(MakeFact("年产量", "年产量", FactValue::Kind::kQuantity, "12345678", "t"));
  a.facts.push_back(
      MakeFact("统一编号", "统一编号", FactValue::Kind::kInt, "12345678901234567890123"));
  a.points = "6";
  a.deducted = "4.5";
  a.remedy = "补齐缺失岗位的安全操作规程并组织培训。";
  r.items.push_back(a);

  ItemResult veto = MakeItem("否决1", "发生较大及以上生产安全事故", "评分细则 否决项", "",
                             ItemStatus::kCompliant);
  veto.points = "";
  r.items.push_back(veto);

  r.items.push_back(
      MakeItem("2.1", "作业现场通道畅通", "评分细则 2.1", "二", ItemStatus::kCompliant));
  r.items.push_back(MakeItem("加分1", "获得省级标准化示范企业称号", "评分细则 加分项", "",
                             ItemStatus::kNotApplicable));

  r.summary.nonconforming = 1;
  r.summary.compliant = 2;
  r.summary.not_applicable = 1;
  r.summary.score = "86.5";
  r.summary.grade = "二级";
  r.summary.colour = "黄";
  return r;
}

Result HostileResult() {
  Result r;
  r.rulebook_title = "<script>alert(\"x\")</script> & 'quoted' \"title\"";
  r.rulebook_version = "1<2>";
  r.content_hash = "not-hex\x1b[31m";
  r.report_date = "2024-02-30";  // not a real date: shown as given, never crashes
  r.subject = "Bad \xff\xfe UTF-8 \xe4\xb8";
  ItemResult item =
      MakeItem("X<1>", "Title with \x1b[2J escape", "依据 \"A\" & 'B'", "nope", ItemStatus::kMajor);
  item.facts.push_back(MakeFact("a\"b", "<b>label</b>", FactValue::Kind::kText, "v\r\nw\x01"));
  item.facts.push_back(MakeFact("n", "", FactValue::Kind::kDecimal, "1e5"));
  item.explanation = "line1\r\nline2\rline3";
  item.remedy = "</td><td>";
  item.deadline = "soon";
  r.items.push_back(item);
  ItemResult broken = MakeItem("Y", "bad status", "", "", static_cast<ItemStatus>(200));
  r.items.push_back(broken);
  r.summary.major = 1;
  r.summary.score = "<b>";
  r.summary.colour = "红\" onmouseover=\"x";
  return r;
}

std::vector<NamedResult> GoldenSamples() {
  std::vector<NamedResult> samples;
  samples.push_back({"clean", CleanResult()});
  samples.push_back({"major_hazard", MajorHazardResult()});
  samples.push_back({"missing_data", MissingDataResult()});
  samples.push_back({"scored", ScoredResult()});
  return samples;
}

}  // namespace paicha::rt::testing
