// Locale coverage (Carbon coverage_test style): the catalogs must say everything the code can
// say, in both languages.
#include <algorithm>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "paicha/compiler/diagnostic.h"
#include "paicha/rt/messages.h"

namespace paicha {
namespace {

class LocaleCoverageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    zh_ = rt::Catalog::Load(rt::Lang::kZh, &error);
    ASSERT_NE(zh_, nullptr) << error;
    en_ = rt::Catalog::Load(rt::Lang::kEn, &error);
    ASSERT_NE(en_, nullptr) << error;
  }
  std::unique_ptr<rt::Catalog> zh_, en_;
};

TEST_F(LocaleCoverageTest, EveryDiagnosticKindHasAMessage) {
  for (int i = 0; i < compiler::kDiagKindCount; ++i) {
    const compiler::DiagKindInfo& info = compiler::InfoOf(static_cast<compiler::DiagKind>(i));
    const std::string key = "diag." + std::string(info.key);
    EXPECT_TRUE(zh_->Has(key)) << info.code << " " << info.name << ": no " << key
                               << " in locales/diag/zh_CN.txt";
    EXPECT_TRUE(en_->Has(key)) << info.code << " " << info.name << ": no " << key
                               << " in locales/diag/en.txt";
  }
}

TEST_F(LocaleCoverageTest, DiagnosticKeysAreUnique) {
  std::vector<std::string> keys;
  for (int i = 0; i < compiler::kDiagKindCount; ++i) {
    keys.emplace_back(compiler::InfoOf(static_cast<compiler::DiagKind>(i)).key);
  }
  std::sort(keys.begin(), keys.end());
  auto dup = std::adjacent_find(keys.begin(), keys.end());
  EXPECT_EQ(dup, keys.end()) << "two kinds share the message key " << *dup;
}

TEST_F(LocaleCoverageTest, ChineseAndEnglishHaveTheSameKeys) {
  const std::vector<std::string> zh = zh_->Keys();
  const std::vector<std::string> en = en_->Keys();
  std::vector<std::string> only_zh, only_en;
  std::set_difference(zh.begin(), zh.end(), en.begin(), en.end(), std::back_inserter(only_zh));
  std::set_difference(en.begin(), en.end(), zh.begin(), zh.end(), std::back_inserter(only_en));
  for (const std::string& k : only_zh) ADD_FAILURE() << k << " is in zh_CN but not in en";
  for (const std::string& k : only_en) ADD_FAILURE() << k << " is in en but not in zh_CN";
  // Both areas this component owns must be present at all.
  EXPECT_TRUE(zh_->Has("diag.render.summary"));
  EXPECT_TRUE(zh_->Has("cli.help.about"));
}

TEST_F(LocaleCoverageTest, EveryPatternParses) {
  // Format returns "⟦key⟧" exactly when the pattern does not parse (missing arguments are
  // left as "{name}" by ICU, which is fine here).
  for (const rt::Catalog* catalog : {zh_.get(), en_.get()}) {
    for (const std::string& key : catalog->Keys()) {
      EXPECT_NE(catalog->Format(key), "⟦" + key + "⟧")
          << key << " (" << (catalog == zh_.get() ? "zh_CN" : "en") << ") is not a valid ICU "
          << "MessageFormat pattern";
    }
  }
}

}  // namespace
}  // namespace paicha
