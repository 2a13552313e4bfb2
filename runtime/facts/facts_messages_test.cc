// Every facts.* error the loader produces formats through the real catalogs (zh_CN and en)
// without a missing key or a broken pattern, and names the path and the offending value.
#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "paicha/rt/facts.h"
#include "paicha/rt/messages.h"

namespace paicha::rt {
namespace {

Schema MakeSchema() {
  Schema s;
  s.enums.push_back(EnumDef{"方式", {{"干式", ""}, {"湿式", ""}}});
  s.records.push_back(RecordDef{"输入",
                                {{"除尘系统", "", "", Type::MakeList(1)},
                                 {"日期", "", "", Type::MakeDate()},
                                 {"人数", "", "", Type::MakeQuantity(UnitId::kPerson, true)},
                                 {"时长", "", "", Type::MakeDuration(UnitId::kQuarter)}}});
  s.records.push_back(RecordDef{"除尘系统",
                                {{"类型", "", "", Type::MakeEnum(0)},
                                 {"容积", "", "", Type::MakeQuantity(UnitId::kCubicMetre)},
                                 {"有", "", "", Type::MakeBool()},
                                 {"数", "", "", Type::MakeInt()},
                                 {"率", "", "", Type::MakeDecimal()}}});
  return s;
}

std::string Value(const FactError& e, const char* name) {
  for (const auto& a : e.args) {
    if (a.name == name) {
      if (const auto* s = std::get_if<std::string>(&a.value)) return *s;
    }
  }
  return "";
}

TEST(FactsMessagesTest, EveryErrorFormatsInBothLanguages) {
  const Schema schema = MakeSchema();
  const char* doc =
      "除尘系统:\n"
      "  - {类型: 干法, 容积: 12吨, 有: 也许, 数: 1.5, 率: 八成, 多余: 1}\n"
      "  - {容积: 3 furlong}\n"
      "  - 7\n"
      "  - {类型: [1]}\n"
      "日期: 2023-02-29\n人数: 2.5\n时长: 4个月\n";
  const LoadResult r = LoadFacts(schema, doc, FactsFormat::kYaml);
  ASSERT_GE(r.errors.size(), 10u);
  const LoadResult syntax = LoadFacts(schema, "a: [1,\n", FactsFormat::kYaml);
  ASSERT_EQ(syntax.errors.size(), 1u);
  const LoadResult root = LoadFacts(schema, "- 1\n", FactsFormat::kYaml);
  for (Lang lang : {Lang::kZh, Lang::kEn}) {
    std::string error;
    auto catalog = Catalog::Load(lang, &error);
    ASSERT_NE(catalog, nullptr) << error;
    std::vector<FactError> all = r.errors;
    all.insert(all.end(), r.warnings.begin(), r.warnings.end());
    all.insert(all.end(), syntax.errors.begin(), syntax.errors.end());
    all.insert(all.end(), root.errors.begin(), root.errors.end());
    for (const FactError& e : all) {
      const std::string text = catalog->Format(e.key, e.args);
      SCOPED_TRACE(e.key + ": " + text);
      EXPECT_TRUE(catalog->Has(e.key));
      EXPECT_EQ(text.find("⟦"), std::string::npos);
      EXPECT_EQ(text.find('{'), std::string::npos);
      if (!e.path.empty()) {
        EXPECT_NE(text.find(e.path), std::string::npos);
      }
      const std::string value = Value(e, "value");
      if (!value.empty()) {
        EXPECT_NE(text.find(value), std::string::npos);
      }
    }
    const std::string enum_text = catalog->Format(r.errors[0].key, r.errors[0].args);
    if (lang == Lang::kZh) {
      EXPECT_EQ(enum_text, "除尘系统[0].类型：“干法”不是可选值（可选：干式、湿式）");
    }
  }
}

}  // namespace
}  // namespace paicha::rt
