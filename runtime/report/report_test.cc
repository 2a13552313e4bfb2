// Unit tests of the report renderers: status mapping, exact numbers and dates through ICU, JSON
// determinism and validity, HTML and terminal escaping, and the "never hidden" rules.
#include "paicha/rt/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <memory>
#include <random>
#include <string>

#include "report/report_internal.h"
#include "report/testing/sample_results.h"

namespace paicha::rt {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::unique_ptr<Catalog> LoadOrDie(Lang lang) {
  std::string error;
  std::unique_ptr<Catalog> catalog = Catalog::Load(lang, &error);
  EXPECT_NE(catalog, nullptr) << error;
  return catalog;
}

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    zh_ = LoadOrDie(Lang::kZh);
    en_ = LoadOrDie(Lang::kEn);
    ASSERT_NE(zh_, nullptr);
    ASSERT_NE(en_, nullptr);
  }
  std::unique_ptr<Catalog> zh_;
  std::unique_ptr<Catalog> en_;
};

TEST(StatusTest, CodesAndChineseLabelsAreFixed) {
  EXPECT_EQ(StatusCode(ItemStatus::kMajor), "major");
  EXPECT_EQ(StatusCode(ItemStatus::kGeneral), "general");
  EXPECT_EQ(StatusCode(ItemStatus::kNonconforming), "nonconforming");
  EXPECT_EQ(StatusCode(ItemStatus::kCompliant), "compliant");
  EXPECT_EQ(StatusCode(ItemStatus::kNotApplicable), "not_applicable");
  EXPECT_EQ(StatusCode(ItemStatus::kNotDue), "not_due");
  EXPECT_EQ(StatusCode(ItemStatus::kUndetermined), "undetermined");
  EXPECT_EQ(StatusLabelZh(ItemStatus::kMajor), "重大事故隐患");
  EXPECT_EQ(StatusLabelZh(ItemStatus::kGeneral), "一般隐患");
  EXPECT_EQ(StatusLabelZh(ItemStatus::kNonconforming), "不符合");
  EXPECT_EQ(StatusLabelZh(ItemStatus::kCompliant), "符合");
  EXPECT_EQ(StatusLabelZh(ItemStatus::kNotApplicable), "不适用");
  EXPECT_EQ(StatusLabelZh(ItemStatus::kNotDue), "未到期");
  EXPECT_EQ(StatusLabelZh(ItemStatus::kUndetermined), "无法判定");
  // A corrupted status value is never shown as a pass.
  EXPECT_EQ(StatusCode(static_cast<ItemStatus>(99)), "undetermined");
}

TEST_F(ReportTest, ChineseAndEnglishHaveTheSameReportKeys) {
  auto report_keys = [](const Catalog& c) {
    std::vector<std::string> keys;
    for (const std::string& k : c.Keys()) {
      if (k.rfind("report.", 0) == 0) keys.push_back(k);
    }
    return keys;
  };
  const auto zh = report_keys(*zh_);
  EXPECT_GT(zh.size(), 50u);
  EXPECT_EQ(zh, report_keys(*en_));
}

TEST_F(ReportTest, LocalisedStatusLabels) {
  EXPECT_EQ(StatusLabel(ItemStatus::kMajor, *zh_), "重大事故隐患");
  EXPECT_EQ(StatusLabel(ItemStatus::kUndetermined, *zh_), "无法判定");
  EXPECT_EQ(StatusLabel(ItemStatus::kMajor, *en_), "major accident hazard");
  EXPECT_EQ(StatusLabel(ItemStatus::kNotDue, *en_), "not yet due");
}

TEST_F(ReportTest, DecimalsKeepTheirDigitsAndAreNeverGrouped) {
  for (const Catalog* c : {zh_.get(), en_.get()}) {
    EXPECT_EQ(FormatDecimal("0.30", *c), "0.30");
    EXPECT_EQ(FormatDecimal("0.3", *c), "0.3");
    EXPECT_EQ(FormatDecimal("30", *c), "30");
    EXPECT_EQ(FormatDecimal("-2.50", *c), "-2.50");
    EXPECT_EQ(FormatDecimal("12345", *c), "12345");
    EXPECT_EQ(FormatDecimal("12345678.125", *c), "12345678.125");
    EXPECT_EQ(FormatDecimal("0.000001", *c), "0.000001");
    // Beyond the explicit scales the pattern's "other" branch still keeps significant digits.
    EXPECT_EQ(FormatDecimal("0.12345678", *c), "0.12345678");
    // Larger than int64 and than a double's 53 bits: exact through ICU's decimal path.
    EXPECT_EQ(FormatDecimal("12345678901234567890123", *c), "12345678901234567890123");
    // Not a plain decimal: shown as given.
    EXPECT_EQ(FormatDecimal("1e5", *c), "1e5");
    EXPECT_EQ(FormatDecimal("", *c), "");
    EXPECT_EQ(FormatDecimal(".5", *c), ".5");
    EXPECT_EQ(FormatDecimal("5.", *c), "5.");
  }
}

TEST_F(ReportTest, DatesAreLongAndLocalised) {
  EXPECT_EQ(FormatDate("2024-06-30", *zh_), "2024年6月30日");
  EXPECT_EQ(FormatDate("2024-06-30", *en_), "June 30, 2024");
  EXPECT_EQ(FormatDate("2024-02-29", *zh_), "2024年2月29日");
  EXPECT_EQ(FormatDate("2024-01-01", *en_), "January 1, 2024");
  // Invalid dates are shown as given rather than normalised by a lenient calendar.
  EXPECT_EQ(FormatDate("2023-02-29", *zh_), "2023-02-29");
  EXPECT_EQ(FormatDate("2024-13-01", *zh_), "2024-13-01");
  EXPECT_EQ(FormatDate("soon", *en_), "soon");
}

TEST(ReportInternalTest, SanitizeUtf8) {
  using report_internal::Controls;
  using report_internal::SanitizeUtf8;
  EXPECT_EQ(SanitizeUtf8("干式", Controls::kKeep), "干式");
  EXPECT_EQ(SanitizeUtf8("a\xff"
                         "b",
                         Controls::kKeep),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(SanitizeUtf8("\xe4\xb8", Controls::kKeep), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(SanitizeUtf8("\xc0\xaf", Controls::kKeep), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong
  EXPECT_EQ(SanitizeUtf8("\xed\xa0\x80", Controls::kKeep),
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(SanitizeUtf8("\x1b[1m", Controls::kKeep), "\x1b[1m");
  EXPECT_EQ(SanitizeUtf8("\x1b[1m", Controls::kKeepLineBreaks), "\xEF\xBF\xBD[1m");
  EXPECT_EQ(SanitizeUtf8("a\r\nb\rc\td", Controls::kKeepLineBreaks), "a\nb\nc\td");
}

TEST(ReportInternalTest, GroupingOrdersFindingsByLevelThenRulebookOrder) {
  Result r;
  for (auto [id, status] :
       {std::pair{"n1", ItemStatus::kNonconforming}, std::pair{"g1", ItemStatus::kGeneral},
        std::pair{"m1", ItemStatus::kMajor}, std::pair{"u1", ItemStatus::kUndetermined},
        std::pair{"m2", ItemStatus::kMajor}, std::pair{"c1", ItemStatus::kCompliant}}) {
    ItemResult item;
    item.id = id;
    item.status = status;
    r.items.push_back(item);
  }
  const auto groups = report_internal::GroupItems(r);
  ASSERT_EQ(groups.findings.size(), 4u);
  EXPECT_EQ(groups.findings[0]->id, "m1");
  EXPECT_EQ(groups.findings[1]->id, "m2");
  EXPECT_EQ(groups.findings[2]->id, "g1");
  EXPECT_EQ(groups.findings[3]->id, "n1");
  ASSERT_EQ(groups.undetermined.size(), 1u);
  ASSERT_EQ(groups.compliant.size(), 1u);
}

TEST_F(ReportTest, TextNamesMissingFieldsAndFactsWithIcuLists) {
  const std::string zh = RenderText(testing::MissingDataResult(), *zh_);
  EXPECT_THAT(zh, HasSubstr("缺少：除尘系统[0].类型和涉粉作业人数"));
  EXPECT_THAT(zh,
              HasSubstr("缺少：除尘系统[0].除尘方式、除尘系统[1].除尘方式和除尘系统[2].除尘方式"));
  EXPECT_THAT(zh, HasSubstr("GM2023_11_9"));  // no paths recorded: still listed
  EXPECT_THAT(zh, HasSubstr("到期日：2024年9月30日"));
  EXPECT_THAT(zh, HasSubstr("条文未核对的检查项：GM2023_11_2"));
  const std::string en = RenderText(testing::MissingDataResult(), *en_);
  EXPECT_THAT(en, HasSubstr("Missing: 除尘系统[0].类型 and 涉粉作业人数"));
  EXPECT_THAT(en, HasSubstr("Due on: September 30, 2024"));

  const std::string major = RenderText(testing::MajorHazardResult(), *zh_);
  EXPECT_THAT(major, HasSubstr("除尘系统[2].类型 = 干式（除尘系统 第3项 除尘方式）"));
  EXPECT_THAT(major, HasSubstr("除尘系统[2].风管压力 = 0.30 MPa"));
  EXPECT_THAT(major, HasSubstr("成立的情形：锁气卸灰装置未设置"));
  EXPECT_THAT(major, HasSubstr("无法判定的情形：卸灰口未保持密闭"));
  EXPECT_THAT(major, HasSubstr("整改时限：2024年7月30日"));
  EXPECT_THAT(major, HasSubstr("条文未核对"));
  // Findings come first, major before general before nonconforming.
  const size_t m = major.find("GM2023_11_6"), g = major.find("YB_3_2"), n = major.find("BF_1");
  ASSERT_NE(m, std::string::npos);
  EXPECT_LT(m, g);
  EXPECT_LT(g, n);
}

TEST_F(ReportTest, TextColourOnlyWhenAsked) {
  const Result r = testing::MajorHazardResult();
  EXPECT_THAT(RenderText(r, *zh_), Not(HasSubstr("\x1b[")));
  EXPECT_THAT(RenderText(r, *zh_, TextOptions{/*color=*/true}), HasSubstr("\x1b[1;31m"));
  // Escapes smuggled in data never reach the terminal, coloured or not.
  const Result hostile = testing::HostileResult();
  EXPECT_THAT(RenderText(hostile, *zh_), Not(HasSubstr("\x1b")));
  EXPECT_THAT(RenderText(hostile, *zh_, TextOptions{true}), Not(HasSubstr("\x1b[2J")));
}

TEST_F(ReportTest, TextShowsPointsAndVeto) {
  Result r = testing::ScoredResult();
  r.items[0].veto = true;
  const std::string zh = RenderText(r, *zh_);
  EXPECT_THAT(zh, HasSubstr("扣分：4.5 分（分值 6 分）"));
  EXPECT_THAT(zh, HasSubstr("否决项"));
  EXPECT_THAT(zh, HasSubstr("得分：86.5"));
  EXPECT_THAT(zh, HasSubstr("统一编号 = 12345678901234567890123"));
  EXPECT_THAT(zh, HasSubstr("年产量 = 12345678 t"));
  EXPECT_THAT(zh, HasSubstr("规程覆盖率 = 93.75%"));
  EXPECT_THAT(zh, HasSubstr("二 现场管理：得 30.00 分（满分 30.00 分）"));
  EXPECT_THAT(zh, HasSubstr("加分项：得 0 分（满分 5 分）"));
}

TEST_F(ReportTest, CleanReportSaysNoHazard) {
  const std::string zh = RenderText(testing::CleanResult(), *zh_);
  EXPECT_THAT(zh, HasSubstr("未发现隐患。"));
  EXPECT_THAT(zh, HasSubstr("GM2023_11_1、GM2023_11_2和GM2023_11_3"));
  const std::string en = RenderText(testing::CleanResult(), *en_);
  EXPECT_THAT(en, HasSubstr("No hazards found."));
  EXPECT_THAT(en, HasSubstr("GM2023_11_1, GM2023_11_2, and GM2023_11_3"));
}

// A situation resting on a deadline not yet due is not counted (通用判定口径 3): the text, HTML
// and JSON say so instead of calling it undecidable.
TEST_F(ReportTest, NotDueSituationIsNamedAsNotDue) {
  Result r = testing::MajorHazardResult();
  ItemResult& item = r.items.at(0);
  item.situations = {{"第一批逾期", Situation::Holds::kYes},
                     {"第二批逾期", Situation::Holds::kNotDue}};
  const std::string zh = RenderText(r, *zh_);
  EXPECT_THAT(zh, HasSubstr("成立的情形：第一批逾期"));
  EXPECT_THAT(zh, HasSubstr("未到期的情形（不计）：第二批逾期"));
  EXPECT_THAT(zh, Not(HasSubstr("无法判定的情形")));
  EXPECT_THAT(RenderText(r, *en_), HasSubstr("Situations not yet due (not counted): 第二批逾期"));
  EXPECT_THAT(RenderHtml(r, *zh_), HasSubstr("未到期的情形（不计）：第二批逾期"));
  const std::string json = RenderJson(r);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
  EXPECT_EQ(std::string_view(doc["items"].at(0)["situations"].at(1)["holds"]), "not_due");
  // Only not-due situations besides the false ones: not "none of the situations holds".
  item.situations = {{"第一批逾期", Situation::Holds::kNo},
                     {"第二批逾期", Situation::Holds::kNotDue}};
  EXPECT_THAT(RenderText(r, *zh_), Not(HasSubstr("各情形均不成立")));
}

TEST(ReportJsonTest, DeterministicAndIndependentOfCopies) {
  for (const auto& sample : testing::GoldenSamples()) {
    const std::string a = RenderJson(sample.result);
    const Result copy = sample.result;
    EXPECT_EQ(a, RenderJson(copy)) << sample.name;
    EXPECT_EQ(a, RenderJson(sample.result)) << sample.name;
  }
}

TEST(ReportJsonTest, ParsesAndCarriesExactValues) {
  const std::string json = RenderJson(testing::MajorHazardResult());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
  EXPECT_EQ(std::string_view(doc["format"]), "paicha-report");
  EXPECT_EQ(int64_t(doc["format_version"]), 1);
  EXPECT_EQ(int64_t(doc["summary"]["major"]), 1);
  simdjson::dom::element item = doc["items"].at(0);
  EXPECT_EQ(std::string_view(item["status"]), "major");
  EXPECT_EQ(std::string_view(item["status_label"]), "重大事故隐患");
  EXPECT_EQ(std::string_view(item["facts"].at(2)["value"]), "0.30");
  EXPECT_EQ(std::string_view(item["facts"].at(2)["unit"]), "MPa");
  EXPECT_EQ(std::string_view(item["situations"].at(2)["holds"]), "unknown");
  EXPECT_EQ(std::string_view(item["deadline"]), "2024-07-30");
  EXPECT_TRUE(item["points"].is_null());
  // UTF-8 is written as is, not as \u escapes.
  EXPECT_THAT(json, HasSubstr("\"title\": \"干式除尘系统未设锁气卸灰装置\""));
  // Multi-line text is escaped.
  EXPECT_THAT(json, HasSubstr("上一季度只有 1 次清扫记录。\\n规程要求每班清扫。"));
}

TEST(ReportJsonTest, HostileStringsStayValidJson) {
  const std::string json = RenderJson(testing::HostileResult());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
  EXPECT_EQ(std::string_view(doc["rulebook"]["title"]),
            "<script>alert(\"x\")</script> & 'quoted' \"title\"");
  EXPECT_EQ(std::string_view(doc["subject"]),
            "Bad \xEF\xBF\xBD\xEF\xBF\xBD UTF-8 \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(std::string_view(doc["items"].at(0)["facts"].at(0)["value"]), "v\r\nw\x01");
  EXPECT_EQ(std::string_view(doc["items"].at(1)["status"]), "undetermined");
}

// Arbitrary bytes in every string and arbitrary enum bytes: outputs stay valid UTF-8 and valid
// JSON, and nothing crashes (also run under ASan/UBSan).
TEST_F(ReportTest, RandomInputsNeverBreakOutputs) {
  std::mt19937 rng(20240630);  // fixed seed: the test is reproducible
  auto bytes = [&rng] {
    std::string s(rng() % 12, '\0');
    for (char& c : s) c = static_cast<char>(rng() % 256);
    return s;
  };
  auto valid_utf8 = [](const std::string& s) {
    return report_internal::SanitizeUtf8(s, report_internal::Controls::kKeep) == s;
  };
  simdjson::dom::parser parser;
  for (int round = 0; round < 200; ++round) {
    Result r;
    r.rulebook_title = bytes();
    r.rulebook_version = bytes();
    r.content_hash = bytes();
    r.report_date = bytes();
    r.subject = bytes();
    r.summary.score = bytes();
    r.summary.grade = bytes();
    r.summary.colour = bytes();
    SectionResult section;
    section.id = bytes();
    section.title = bytes();
    section.max_points = bytes();
    section.earned_points = bytes();
    r.sections.push_back(section);
    for (int i = 0; i < 3; ++i) {
      ItemResult item;
      item.id = bytes();
      item.title = bytes();
      item.clause = bytes();
      item.section_id = rng() % 2 ? section.id : bytes();
      item.status = static_cast<ItemStatus>(rng() % 9);
      item.unverified = rng() % 2;
      Fact fact;
      fact.path = bytes();
      fact.label = bytes();
      fact.value.kind = static_cast<FactValue::Kind>(rng() % 10);
      fact.value.text = bytes();
      fact.value.unit = bytes();
      item.facts.push_back(fact);
      item.situations.push_back({bytes(), static_cast<Situation::Holds>(rng() % 4)});
      item.missing = {bytes(), bytes()};
      item.explanation = bytes();
      item.remedy = bytes();
      if (rng() % 2) item.deadline = bytes();
      item.not_due_until = bytes();
      item.points = bytes();
      item.deducted = bytes();
      item.veto = rng() % 2;
      r.items.push_back(item);
    }
    const std::string json = RenderJson(r);
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json;
    ASSERT_TRUE(valid_utf8(json));
    for (const Catalog* c : {zh_.get(), en_.get()}) {
      const std::string text = RenderText(r, *c);
      ASSERT_TRUE(valid_utf8(text));
      ASSERT_EQ(text.find('\x1b'), std::string::npos);
      const std::string html = RenderHtml(r, *c);
      ASSERT_TRUE(valid_utf8(html));
      ASSERT_EQ(html.find("<script"), std::string::npos);
    }
  }
}

TEST_F(ReportTest, HtmlEscapesEverythingFromData) {
  const std::string html = RenderHtml(testing::HostileResult(), *zh_);
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
                              "&#39;quoted&#39; &quot;title&quot;"));
  EXPECT_THAT(html, Not(HasSubstr("<b>label</b>")));
  EXPECT_THAT(html, HasSubstr("&lt;/td&gt;&lt;td&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("onmouseover=\"")));
  EXPECT_THAT(html, Not(HasSubstr("\x1b")));
  EXPECT_THAT(html, Not(HasSubstr("\xff")));
  // Self-contained: no scripts, no external resources.
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  EXPECT_THAT(html, Not(HasSubstr("href=")));
  EXPECT_THAT(html, Not(HasSubstr("@import")));
}

TEST_F(ReportTest, HtmlHasSummaryAndLedger) {
  const std::string html = RenderHtml(testing::MajorHazardResult(), *zh_);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"zh-CN\">", 0), 0u);
  EXPECT_THAT(html, HasSubstr("<table class=\"summary\">"));
  EXPECT_THAT(html, HasSubstr("<table class=\"ledger\">"));
  for (const char* column :
       {"问题隐患", "依据", "整改措施", "整改时限", "责任人", "整改资金", "完成情况"}) {
    EXPECT_THAT(html, HasSubstr(std::string("<th>") + column + "</th>")) << column;
  }
  EXPECT_LT(html.find("class=\"summary\""), html.find("class=\"ledger\""));
  EXPECT_THAT(html, HasSubstr("@media print"));
  const std::string en = RenderHtml(testing::MajorHazardResult(), *en_);
  EXPECT_EQ(en.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  EXPECT_THAT(en, HasSubstr("<th>Responsible person</th>"));
}

TEST_F(ReportTest, NoMissingCatalogKeys) {
  // A missing key would render as ⟦key⟧; every sample in both languages must be complete.
  std::vector<Result> all;
  for (auto& s : testing::GoldenSamples()) all.push_back(s.result);
  all.push_back(testing::HostileResult());
  Result veto = testing::ScoredResult();
  veto.items[0].veto = true;
  veto.items[0].points.clear();
  all.push_back(veto);
  for (const Result& r : all) {
    for (const Catalog* c : {zh_.get(), en_.get()}) {
      EXPECT_THAT(RenderText(r, *c, TextOptions{true}), Not(HasSubstr("⟦")));
      EXPECT_THAT(RenderHtml(r, *c), Not(HasSubstr("⟦")));
    }
  }
}

}  // namespace
}  // namespace paicha::rt
