#include "paicha/rt/facts.h"

#include <algorithm>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

namespace paicha::rt {
namespace {

// enum 方式 {干式, 湿式 "湿法"};
// record 除尘系统 {类型: 方式, 风量: 小数(m³/h), 压力: 小数(kPa), 投用日期: 日期, 有泄爆: 布尔}
// root {单位名称: 文本, 从业人员数: 整数(人), 台数: 整数, 达标率: 小数, 停产时长: 时长(月),
//       整改时限: 时长(天), 除尘系统: 列表 除尘系统, 负责人: 记录 {姓名: 文本}}
Schema MakeSchema() {
  Schema s;
  s.enums.push_back(EnumDef{"方式", {{"干式", ""}, {"湿式", "湿法"}}});
  s.records.push_back(RecordDef{"输入",
                                {{"单位名称", "", "", Type::MakeText()},
                                 {"从业人员数", "", "", Type::MakeQuantity(UnitId::kPerson, true)},
                                 {"台数", "", "", Type::MakeInt()},
                                 {"达标率", "", "", Type::MakeDecimal()},
                                 {"停产时长", "", "", Type::MakeDuration(UnitId::kMonth)},
                                 {"整改时限", "", "", Type::MakeDuration(UnitId::kDay)},
                                 {"除尘系统", "", "", Type::MakeList(1)},
                                 {"负责人", "", "", Type::MakeRecord(2)}}});
  s.records.push_back(RecordDef{"除尘系统",
                                {{"类型", "除尘方式", "", Type::MakeEnum(0)},
                                 {"风量", "", "", Type::MakeQuantity(UnitId::kCubicMPerH)},
                                 {"压力", "", "", Type::MakeQuantity(UnitId::kKilopascal)},
                                 {"投用日期", "", "", Type::MakeDate()},
                                 {"有泄爆", "", "", Type::MakeBool()}}});
  s.records.push_back(RecordDef{"负责人", {{"姓名", "", "", Type::MakeText()}}});
  s.root = 0;
  EXPECT_EQ(s.Validate(), "");
  return s;
}

const Schema& TheSchema() {
  static const Schema* const s = new Schema(MakeSchema());
  return *s;
}

// "path key" lines for compact assertions.
std::vector<std::string> Keys(const std::vector<FactError>& errors) {
  std::vector<std::string> out;
  out.reserve(errors.size());
  for (const auto& e : errors) out.push_back(e.path + " " + e.key);
  return out;
}

std::string ArgText(const FactError& e, const std::string& name) {
  for (const auto& a : e.args) {
    if (a.name != name) continue;
    if (const auto* s = std::get_if<std::string>(&a.value)) return *s;
    if (const auto* i = std::get_if<int64_t>(&a.value)) return std::to_string(*i);
  }
  return "<none>";
}

constexpr char kGoodYaml[] = R"(报告日期: 2024-06-30
统计起始日期: 2023/1/1
单位名称: "甲厂"
从业人员数: 35人
台数: 4
达标率: 85%
停产时长: 1年
整改时限: 2周
除尘系统:
  - 类型: 干式
    风量: 1200.5
    压力: 0.012MPa
    投用日期: 2020年3月5日
    有泄爆: 是
  - 类型: 湿法
    风量: 1 L/s
    压力: ~
    有泄爆: false
负责人:
  姓名: 张三
)";

constexpr char kGoodJson[] = R"({"报告日期": "2024-06-30", "统计起始日期": "2023/1/1",
"单位名称": "甲厂", "从业人员数": "35人", "台数": 4, "达标率": "85%", "停产时长": "1年",
"整改时限": "2周",
"除尘系统": [{"类型": "干式", "风量": 1200.5, "压力": "0.012MPa", "投用日期": "2020年3月5日",
"有泄爆": "是"}, {"类型": "湿法", "风量": "1 L/s", "压力": null, "有泄爆": false}],
"负责人": {"姓名": "张三"}})";

constexpr char kExpectedDump[] = R"(报告日期 = 2024-06-30
统计起始日期 = 2023-01-01
单位名称 = "甲厂"
从业人员数 = 35 人
台数 = 4
达标率 = 0.85
停产时长 = 12 月
整改时限 = 14 天
除尘系统 = list 2
除尘系统[0].类型 = enum 干式
除尘系统[0].风量 = 1200.5 m³/h
除尘系统[0].压力 = 12.000 kPa
除尘系统[0].投用日期 = 2020-03-05
除尘系统[0].有泄爆 = true
除尘系统[1].类型 = enum 湿式
除尘系统[1].风量 = 3.6 m³/h
除尘系统[1].有泄爆 = false
负责人.姓名 = "张三"
)";

std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  return s;
}

TEST(FactsTest, LoadsYamlJsonAndJsonLineIdentically) {
  const LoadResult y = LoadFacts(TheSchema(), kGoodYaml, FactsFormat::kYaml);
  ASSERT_TRUE(y.ok()) << (y.errors.empty() ? "" : y.errors[0].key);
  EXPECT_TRUE(y.warnings.empty());
  EXPECT_EQ(DumpFacts(*y.facts), kExpectedDump);

  const LoadResult j = LoadFacts(TheSchema(), kGoodJson, FactsFormat::kJson);
  ASSERT_TRUE(j.ok()) << (j.errors.empty() ? "" : j.errors[0].key);
  EXPECT_EQ(DumpFacts(*j.facts), kExpectedDump);

  const LoadResult l = LoadJsonLine(TheSchema(), OneLine(kGoodJson));
  ASSERT_TRUE(l.ok()) << (l.errors.empty() ? "" : l.errors[0].key);
  EXPECT_EQ(DumpFacts(*l.facts), kExpectedDump);

  EXPECT_TRUE(DeepEqual(Value::Record(&y.facts->root()), Value::Record(&j.facts->root())));
  EXPECT_TRUE(DeepEqual(Value::Record(&y.facts->root()), Value::Record(&l.facts->root())));
  EXPECT_EQ(y.facts->report_date(), l.facts->report_date());

  // Typed access and paths.
  const Facts& f = *y.facts;
  const ListView systems = f.root().field(6).as_list();
  ASSERT_EQ(systems.size, 2u);
  EXPECT_EQ(systems[1].field(0).as_enum(), 1);
  EXPECT_TRUE(systems[1].field(2).is_missing()) << "explicit null is missing";
  EXPECT_TRUE(systems[1].field(3).is_missing()) << "absent is missing";
  EXPECT_EQ(FieldPath(f.schema(), systems[1], 2), "除尘系统[1].压力");
  EXPECT_EQ(f.root().field(1).as_decimal(), Decimal::FromInt(35));
}

TEST(FactsTest, MissingFieldsAreMissingNotErrors) {
  const LoadResult r = LoadFacts(TheSchema(), "单位名称: 乙厂\n", FactsFormat::kYaml);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.facts->report_date().has_value());
  EXPECT_TRUE(r.facts->root().field(1).is_missing());
  EXPECT_TRUE(r.facts->root().field(6).is_missing());
  EXPECT_EQ(DumpFacts(*r.facts, true).rfind("单位名称 = \"乙厂\"\n从业人员数 = missing\n", 0), 0u);
  // An empty document: every field missing.
  const LoadResult e = LoadFacts(TheSchema(), "", FactsFormat::kYaml);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(DumpFacts(*e.facts), "");
  // An empty list is an empty list (zero records), not missing.
  const LoadResult l = LoadFacts(TheSchema(), "除尘系统: []\n", FactsFormat::kYaml);
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l.facts->root().field(6).kind(), ValueKind::kList);
  EXPECT_EQ(l.facts->root().field(6).as_list().size, 0u);
}

constexpr char kBadYaml[] = R"(报告日期: 2024-13-01
单位名称: [1, 2]
从业人员数: 12.5人
台数: 4.5
达标率: 八成
停产时长: 4天
整改时限: 1.5天
未知字段: 1
除尘系统:
  - 类型: 干法
    风量: 12吨
    压力: 3 furlong
    投用日期: 2023-02-29
    有泄爆: 也许
    备注: x
  - 42
  - 类型: 干式
    风量: abc
负责人: 张三
)";

constexpr char kBadJson[] =
    R"({"报告日期": "2024-13-01", "单位名称": [1, 2], "从业人员数": "12.5人",
"台数": 4.5, "达标率": "八成", "停产时长": "4天", "整改时限": "1.5天", "未知字段": 1,
"除尘系统": [{"类型": "干法", "风量": "12吨", "压力": "3 furlong", "投用日期": "2023-02-29",
"有泄爆": "也许", "备注": "x"}, 42, {"类型": "干式", "风量": "abc"}], "负责人": "张三"})";

const std::vector<std::string> kBadErrors = {
    "报告日期 facts.bad_date",
    "单位名称 facts.not_a_scalar",
    "从业人员数 facts.not_integral",
    "台数 facts.bad_int",
    "达标率 facts.bad_number",
    "停产时长 facts.incompatible_unit",
    "整改时限 facts.not_integral",
    "除尘系统[0].类型 facts.bad_enum",
    "除尘系统[0].风量 facts.incompatible_unit",
    "除尘系统[0].压力 facts.unknown_unit",
    "除尘系统[0].投用日期 facts.bad_date",
    "除尘系统[0].有泄爆 facts.bad_bool",
    "除尘系统[1] facts.not_a_mapping",
    "除尘系统[2].风量 facts.bad_number",
    "负责人 facts.not_a_mapping",
};

TEST(FactsTest, EveryErrorAtOnceWithPaths) {
  for (int variant = 0; variant < 3; ++variant) {
    SCOPED_TRACE(variant);
    const LoadResult r = variant == 0   ? LoadFacts(TheSchema(), kBadYaml, FactsFormat::kYaml)
                         : variant == 1 ? LoadFacts(TheSchema(), kBadJson, FactsFormat::kJson)
                                        : LoadJsonLine(TheSchema(), OneLine(kBadJson));
    EXPECT_FALSE(r.ok());
    ASSERT_NE(r.facts, nullptr);
    EXPECT_EQ(Keys(r.errors), kBadErrors);
    EXPECT_EQ(Keys(r.warnings), (std::vector<std::string>{"未知字段 facts.unknown_field",
                                                          "除尘系统[0].备注 facts.unknown_field"}));
    // Fields with errors are missing; good ones around them are loaded.
    EXPECT_TRUE(r.facts->root().field(0).is_missing());
    const ListView systems = r.facts->root().field(6).as_list();
    ASSERT_EQ(systems.size, 3u);
    EXPECT_EQ(systems[2].field(0).as_enum(), 0);
    // Arguments name the value, the unit and what was expected.
    const FactError& bad_enum = r.errors[7];
    EXPECT_EQ(ArgText(bad_enum, "path"), "除尘系统[0].类型");
    EXPECT_EQ(ArgText(bad_enum, "value"), "干法");
    EXPECT_EQ(ArgText(bad_enum, "choices"), "干式、湿法");
    const FactError& bad_unit = r.errors[8];
    EXPECT_EQ(ArgText(bad_unit, "unit"), "吨");
    EXPECT_EQ(ArgText(bad_unit, "expected"), "m³/h");
    EXPECT_EQ(ArgText(r.errors[9], "unit"), "furlong");
    EXPECT_EQ(ArgText(r.errors[12], "actual"), "scalar");
  }
}

TEST(FactsTest, YamlErrorsCarryPositions) {
  const LoadResult r = LoadFacts(TheSchema(), kBadYaml, FactsFormat::kYaml);
  ASSERT_GE(r.errors.size(), 8u);
  EXPECT_EQ(r.errors[0].line, 1);
  EXPECT_EQ(r.errors[0].column, 7);
  EXPECT_EQ(r.errors[7].line, 10);
}

TEST(FactsTest, SyntaxErrorsHaveLineAndColumn) {
  const LoadResult r =
      LoadFacts(TheSchema(), "单位名称: 甲厂\n除尘系统: [\n  {类型: 干式\n", FactsFormat::kYaml);
  EXPECT_EQ(r.facts, nullptr);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].key, "facts.syntax");
  EXPECT_GT(r.errors[0].line, 0);
  EXPECT_EQ(ArgText(r.errors[0], "line"), std::to_string(r.errors[0].line));

  const LoadResult j = LoadFacts(TheSchema(), "{\"单位名称\": }", FactsFormat::kJson);
  EXPECT_EQ(Keys(j.errors), std::vector<std::string>{" facts.syntax"});
  for (const char* bad : {"{\"单位名称\": }", "{\"台数\": 01}", "", "{", "{\"a\":1} x",
                          "{\"台数\": 1,}", "{\"除尘系统\": [{\"类型\": \"干式\"]}"}) {
    const LoadResult l = LoadJsonLine(TheSchema(), bad);
    EXPECT_EQ(Keys(l.errors), std::vector<std::string>{" facts.syntax"}) << bad;
    EXPECT_EQ(l.facts, nullptr) << bad;
  }
}

TEST(FactsTest, TopLevelMustBeAMapping) {
  for (const char* doc : {"- 1\n- 2\n", "42\n"}) {
    const LoadResult r = LoadFacts(TheSchema(), doc, FactsFormat::kYaml);
    EXPECT_EQ(Keys(r.errors), std::vector<std::string>{" facts.root_not_a_mapping"}) << doc;
    EXPECT_EQ(r.facts, nullptr);
  }
  EXPECT_EQ(Keys(LoadJsonLine(TheSchema(), "[1]").errors),
            std::vector<std::string>{" facts.root_not_a_mapping"});
  EXPECT_EQ(Keys(LoadJsonLine(TheSchema(), "42").errors),
            std::vector<std::string>{" facts.root_not_a_mapping"});
  EXPECT_TRUE(LoadJsonLine(TheSchema(), "null").ok());
}

TEST(FactsTest, DuplicateKeysAndReservedAliases) {
  const LoadResult r =
      LoadFacts(TheSchema(), "report_date: 2024-01-01\n报告日期: 2024-01-02\n台数: 1\n台数: 2\n",
                FactsFormat::kYaml);
  EXPECT_EQ(Keys(r.errors),
            (std::vector<std::string>{"报告日期 facts.duplicate_key", "台数 facts.duplicate_key"}));
  EXPECT_EQ(r.facts->report_date()->ToString(), "2024-01-01");
  const LoadResult l = LoadJsonLine(
      TheSchema(),
      R"({"report_date": "2024-01-01", "period_start": "2023-01-01", "台数": 1, "台数": 2})");
  EXPECT_EQ(Keys(l.errors), std::vector<std::string>{"台数 facts.duplicate_key"});
  EXPECT_EQ(l.facts->period_start()->ToString(), "2023-01-01");
}

TEST(FactsTest, BoolsIntsAndUnits) {
  const char* yaml =
      "除尘系统:\n"
      "  - {有泄爆: 有, 压力: 30kPa}\n"
      "  - {有泄爆: 无, 压力: '0.03 MPa'}\n"
      "  - {有泄爆: TRUE, 压力: 30000 帕}\n"
      "台数: 7.0\n从业人员数: 12\n达标率: 0.3‰\n停产时长: 2个季度\n整改时限: 90天\n";
  const LoadResult r = LoadFacts(TheSchema(), yaml, FactsFormat::kYaml);
  ASSERT_TRUE(r.ok()) << Keys(r.errors)[0];
  const ListView s = r.facts->root().field(6).as_list();
  EXPECT_TRUE(s[0].field(4).as_bool());
  EXPECT_FALSE(s[1].field(4).as_bool());
  EXPECT_TRUE(s[2].field(4).as_bool());
  for (uint32_t i = 0; i < 3; ++i) EXPECT_EQ(s[i].field(2).as_decimal(), Decimal::FromInt(30));
  EXPECT_EQ(r.facts->root().field(2).as_int(), 7);
  EXPECT_EQ(r.facts->root().field(1).as_decimal(), Decimal::FromInt(12));
  EXPECT_EQ(r.facts->root().field(3).as_decimal().ToString(), "0.0003");
  EXPECT_EQ(r.facts->root().field(4).as_decimal(), Decimal::FromInt(6));
  EXPECT_EQ(r.facts->root().field(5).as_decimal(), Decimal::FromInt(90));
}

TEST(FactsTest, Limits) {
  FactsLimits limits;
  limits.max_list_length = 2;
  limits.max_text_bytes = 4;
  const LoadResult r = LoadFacts(
      TheSchema(), "单位名称: 甲乙丙\n除尘系统: [{类型: 干式}, {类型: 干式}, {类型: 干式}]\n",
      FactsFormat::kYaml, limits);
  EXPECT_EQ(Keys(r.errors), (std::vector<std::string>{"单位名称 facts.text_too_long",
                                                      "除尘系统 facts.list_too_long"}));
  limits = FactsLimits();
  limits.max_document_bytes = 10;
  EXPECT_EQ(Keys(LoadFacts(TheSchema(), "单位名称: 甲乙丙\n", FactsFormat::kYaml, limits).errors),
            std::vector<std::string>{" facts.too_large"});
  limits = FactsLimits();
  limits.max_depth = 1;
  EXPECT_EQ(Keys(LoadFacts(TheSchema(), "负责人: {姓名: x}\n", FactsFormat::kYaml, limits).errors),
            std::vector<std::string>{"负责人 facts.too_deep"});
  limits = FactsLimits();
  limits.max_errors = 2;
  const LoadResult many =
      LoadFacts(TheSchema(), "台数: x\n达标率: x\n停产时长: x\n", FactsFormat::kYaml, limits);
  EXPECT_EQ(Keys(many.errors),
            (std::vector<std::string>{"台数 facts.bad_int", "达标率 facts.bad_number",
                                      " facts.too_many_errors"}));
  EXPECT_EQ(Keys(LoadFacts(TheSchema(), "单位名称: \"\xff\"\n", FactsFormat::kYaml).errors),
            std::vector<std::string>{" facts.invalid_utf8"});
}

TEST(FactsTest, AliasExpansionIsBounded) {
  // record 节点 {子: 列表 节点}: each level aliases the previous one ten times, 10^8 nodes in all.
  Schema s;
  s.records.push_back(RecordDef{"输入", {{"根", "", "", Type::MakeRecord(1)}}});
  s.records.push_back(RecordDef{"节点", {{"子", "", "", Type::MakeList(1)}}});
  ASSERT_EQ(s.Validate(), "");
  std::string doc = "x0: &a0 {子: []}\n";
  for (int level = 1; level <= 8; ++level) {
    doc += "x" + std::to_string(level) + ": &a" + std::to_string(level) + " {子: [";
    for (int i = 0; i < 10; ++i) doc += (i ? ", *a" : "*a") + std::to_string(level - 1);
    doc += "]}\n";
  }
  doc += "根: *a8\n";
  const LoadResult r = LoadFacts(s, doc, FactsFormat::kYaml);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_EQ(r.errors[0].key, "facts.too_many_nodes");
}

// Records with more than 16 fields go through the per-thread field-name index, which is kept
// across documents and Schemas. A Schema rebuilt in place (same address, as when one is freed and
// another allocated there) with the fields in another order must still be read correctly.
TEST(FactsTest, LargeRecordFieldIndexFollowsTheSchema) {
  auto make = [](bool reversed) {
    Schema s;
    RecordDef root{"输入", {}};
    for (int i = 0; i < 40; ++i) {
      const int n = reversed ? 39 - i : i;
      root.fields.push_back({"字段" + std::to_string(n), "", "", Type::MakeInt()});
    }
    s.records.push_back(std::move(root));
    s.root = 0;
    return s;
  };
  Schema schema = make(false);
  const std::string line = R"({"字段3": 3, "字段37": 37, "未知": 1})";
  for (int round = 0; round < 2; ++round) {
    const bool reversed = round == 1;
    if (reversed) {  // same Schema and RecordDef objects, fields in the other order
      auto& fields = schema.records[0].fields;
      std::reverse(fields.begin(), fields.end());
      ASSERT_EQ(schema, make(true));
    }
    const LoadResult r = LoadJsonLine(schema, line);
    ASSERT_TRUE(r.ok()) << round;
    const int32_t f3 = schema.root_record().FindField("字段3");
    const int32_t f37 = schema.root_record().FindField("字段37");
    EXPECT_EQ(f3, reversed ? 36 : 3);
    EXPECT_EQ(r.facts->root().fields[f3].as_int(), 3) << round;
    EXPECT_EQ(r.facts->root().fields[f37].as_int(), 37) << round;
    EXPECT_EQ(Keys(r.warnings), std::vector<std::string>{"未知 facts.unknown_field"}) << round;
    // YAML agrees.
    const LoadResult y = LoadFacts(schema, line, FactsFormat::kJson);
    ASSERT_TRUE(y.ok());
    EXPECT_TRUE(DeepEqual(Value::Record(&y.facts->root()), Value::Record(&r.facts->root())));
  }
}

TEST(FactsTest, HostileInputsNeverCrash) {
  // Deep nesting, alias expansion, and garbage: errors, never a crash or a hang.
  std::string deep(100000, '[');
  EXPECT_FALSE(LoadFacts(TheSchema(), deep, FactsFormat::kYaml).ok());
  EXPECT_FALSE(LoadJsonLine(TheSchema(), deep).ok());
  std::string laughs = "a: &a [{类型: 干式}, {类型: 干式}, {类型: 干式}, {类型: 干式}]\n";
  laughs += "除尘系统: *a\n";
  EXPECT_TRUE(LoadFacts(TheSchema(), laughs, FactsFormat::kYaml).facts != nullptr);
  for (const char* junk : {"\t\t", ":", "- - -", "{{{{", "&a *a", "!!binary 123", "? [a]: 1\n"}) {
    (void)LoadFacts(TheSchema(), junk, FactsFormat::kYaml);
    (void)LoadJsonLine(TheSchema(), junk);
  }
}

// LoadJsonLine reads each line once and validates the whole line only when the load met a
// problem, so it must still accept and reject exactly what LoadFacts(kJson) does (strict JSON,
// then the same errors and warnings). Every one-byte deletion, insertion and replacement (with
// JSON's structural characters, quotes, escapes, digits and literal letters) of three documents:
// a clean one, one with every kind of error, and one whose unknown fields hold nested values.
std::string Outcome(const LoadResult& r) {
  std::string out = r.facts == nullptr ? "no facts\n" : DumpFacts(*r.facts);
  for (const auto& k : Keys(r.errors)) out += "E " + k + "\n";
  for (const auto& k : Keys(r.warnings)) out += "W " + k + "\n";
  return out;
}

TEST(FactsTest, JsonLineAcceptsExactlyWhatStrictJsonAccepts) {
  const std::string seeds[] = {
      OneLine(kGoodJson),
      OneLine(kBadJson),
      R"({"未知": {"a": [1, true, null, "x\"y", {"b": -1.5e3}]}, "台数": 4, )"
      R"("负责人": {"姓名": "张\u4e09", "别名": [false]}, "除尘系统": [], "report_date": null})",
  };
  const std::string alphabet = "{}[]:,\"\\ 01-.etnu\t";
  size_t checked = 0, accepted = 0;
  for (const std::string& seed : seeds) {
    std::vector<std::string> docs;
    for (size_t i = 0; i <= seed.size(); ++i) {
      if (i < seed.size()) docs.push_back(seed.substr(0, i) + seed.substr(i + 1));
      for (const char c : alphabet) {
        docs.push_back(seed.substr(0, i) + c + seed.substr(i));
        if (i < seed.size()) docs.push_back(seed.substr(0, i) + c + seed.substr(i + 1));
      }
    }
    for (const std::string& doc : docs) {
      const LoadResult line = LoadJsonLine(TheSchema(), doc);
      const LoadResult json = LoadFacts(TheSchema(), doc, FactsFormat::kJson);
      ASSERT_EQ(Outcome(line), Outcome(json)) << doc;
      ++checked;
      accepted += line.facts != nullptr;
    }
  }
  // The mutations reach both sides: many documents stay loadable, many do not.
  EXPECT_GT(accepted, checked / 20);
  EXPECT_LT(accepted, checked / 2);
}

// Integers: plain digits take a fast path, which must agree with the decimal reading.
TEST(FactsTest, JsonLineIntegers) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"4", "4"},
      {"\"007\"", "7"},
      {"\"+3\"", "3"},
      {"-5", "-5"},
      {"7.0", "7"},
      {"999999999999999999", "999999999999999999"},
      {"9223372036854775807", "9223372036854775807"},
      {"9223372036854775808", ""},
      {"4.5", ""},
      {"\"\"", ""},
      {"\"1 2\"", ""},
  };
  for (const auto& [json, expected] : cases) {
    const std::string doc = "{\"台数\": " + json + "}";
    const LoadResult line = LoadJsonLine(TheSchema(), doc);
    const LoadResult yaml = LoadFacts(TheSchema(), doc, FactsFormat::kJson);
    EXPECT_EQ(Outcome(line), Outcome(yaml)) << doc;
    if (expected.empty()) {
      EXPECT_EQ(Keys(line.errors), std::vector<std::string>{"台数 facts.bad_int"}) << doc;
    } else {
      ASSERT_TRUE(line.ok()) << doc;
      EXPECT_EQ(std::to_string(line.facts->root().field(2).as_int()), expected) << doc;
    }
  }
}

// The cases the one-pass JSON line loader could get wrong, each with what both loaders give.
TEST(FactsTest, JsonLineValidatesWhatItSkips) {
  const std::string deep = std::string(1100, '[') + std::string(1100, ']');
  const std::string shallow = std::string(50, '[') + std::string(50, ']');
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"台数": 4} x)", " facts.syntax"},
      {R"({"台数": 4}})", " facts.syntax"},
      {R"({"台数": 4}{"台数": 5})", " facts.syntax"},
      {R"({"未知": [tru], "台数": 4})", " facts.syntax"},
      {R"({"未知": {"a": nul}, "台数": 4})", " facts.syntax"},
      {R"({"未知": [1 2], "台数": 4})", " facts.syntax"},
      {R"({"未知": {"a" 1}, "台数": 4})", " facts.syntax"},
      {R"({"未知": 01, "台数": 4})", " facts.syntax"},
      {R"({"单位名称": [1, 2,], "台数": 4})", " facts.syntax"},
      {R"({"负责人": [{"姓名": 1}}], "台数": 4})", " facts.syntax"},
      {R"({"台数": 4, "台数": [1,]})", " facts.syntax"},
      {R"({"台数": 4, "台数": [1]})", "台数 facts.duplicate_key"},
      {"{\"未知\": \"\xff\", \"台数\": 4}", " facts.invalid_utf8"},
      {"{\"未知\": \"a\x01\", \"台数\": 4}", " facts.syntax"},
      {R"({"未知": )" + deep + R"(, "台数": 4})", " facts.syntax"},
      {R"({"未知": )" + shallow + R"(, "台数": 4})", ""},
      {R"({"单位名称": )" + shallow + R"(, "台数": 4})", "单位名称 facts.not_a_scalar"},
  };
  for (const auto& [doc, expected] : cases) {
    const LoadResult line = LoadJsonLine(TheSchema(), doc);
    const LoadResult json = LoadFacts(TheSchema(), doc, FactsFormat::kJson);
    EXPECT_EQ(Keys(line.errors), Keys(json.errors)) << doc;
    EXPECT_EQ(Keys(line.warnings), Keys(json.warnings)) << doc;
    EXPECT_EQ(line.facts == nullptr, json.facts == nullptr) << doc;
    EXPECT_EQ(line.errors.empty() ? "" : Keys(line.errors)[0], expected) << doc;
  }
}

}  // namespace
}  // namespace paicha::rt
