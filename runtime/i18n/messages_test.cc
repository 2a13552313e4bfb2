#include "paicha/rt/messages.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace paicha::rt {
namespace {

using ::testing::Contains;
using ::testing::Not;

class CatalogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { setenv("PAICHA_LOCALE_DIR", PAICHA_TEST_LOCALE_DIR, 1); }

  static std::unique_ptr<Catalog> LoadOrDie(Lang lang) {
    std::string error;
    auto catalog = Catalog::Load(lang, &error);
    EXPECT_NE(catalog, nullptr) << error;
    return catalog;
  }
};

TEST_F(CatalogTest, FormatsChineseAndEnglish) {
  auto zh = LoadOrDie(Lang::kZh);
  auto en = LoadOrDie(Lang::kEn);
  ASSERT_NE(zh, nullptr);
  ASSERT_NE(en, nullptr);
  EXPECT_EQ(zh->lang(), Lang::kZh);
  EXPECT_EQ(en->lang(), Lang::kEn);
  EXPECT_EQ(zh->Format("demo.hello", {{"name", std::string("压力容器")}}), "你好，压力容器！");
  EXPECT_EQ(en->Format("demo.hello", {{"name", std::string("vessel")}}), "Hello, vessel!");
}

TEST_F(CatalogTest, Plural) {
  auto zh = LoadOrDie(Lang::kZh);
  auto en = LoadOrDie(Lang::kEn);
  ASSERT_NE(zh, nullptr);
  ASSERT_NE(en, nullptr);
  EXPECT_EQ(zh->Format("demo.errors", {{"count", int64_t{3}}}), "发现 3 个错误");
  EXPECT_EQ(en->Format("demo.errors", {{"count", int64_t{1}}}), "1 error found");
  EXPECT_EQ(en->Format("demo.errors", {{"count", int64_t{2}}}), "2 errors found");
  EXPECT_EQ(en->Format("demo.errors", {{"count", int64_t{1200}}}), "1,200 errors found");
  // A decimal drives a plural too.
  EXPECT_EQ(en->Format("demo.items", {{"n", MsgNumber{"1"}}}), "1 item");
  EXPECT_EQ(zh->Format("demo.items", {{"n", MsgNumber{"4"}}}), "共 4 项");
}

TEST_F(CatalogTest, DecimalsAreExact) {
  auto zh = LoadOrDie(Lang::kZh);
  auto en = LoadOrDie(Lang::kEn);
  ASSERT_NE(zh, nullptr);
  ASSERT_NE(en, nullptr);
  // A plain {v} keeps every digit: no three-digit rounding and no binary floating point.
  EXPECT_EQ(en->Format("demo.value", {{"v", MsgNumber{"0.0125"}}}), "value 0.0125");
  EXPECT_EQ(en->Format("demo.value", {{"v", MsgNumber{"0.1"}}}), "value 0.1");
  EXPECT_EQ(en->Format("demo.value", {{"v", MsgNumber{"12345678901234567.891"}}}),
            "value 12,345,678,901,234,567.891");
  EXPECT_EQ(zh->Format("demo.value", {{"v", MsgNumber{"-3.14159265358979323846"}}}),
            "数值 -3.14159265358979323846");
  // {v, number} is the pattern's choice (ICU's default: at most three fraction digits), but the
  // rounding starts from the exact decimal: 0.0125 -> 0.012 (half-even), never 0.013 from a
  // binary approximation above the midpoint.
  EXPECT_EQ(en->Format("demo.value_fmt", {{"v", MsgNumber{"0.0125"}}}), "value 0.012");
  EXPECT_EQ(en->Format("demo.value_fmt", {{"v", MsgNumber{"2.675"}}}), "value 2.675");
  // Integers.
  EXPECT_EQ(en->Format("demo.value", {{"v", int64_t{-9007199254740993}}}),
            "value -9,007,199,254,740,993");
  // Not a number: inserted as text rather than lost.
  EXPECT_EQ(en->Format("demo.value", {{"v", MsgNumber{"abc"}}}), "value abc");
}

TEST_F(CatalogTest, Dates) {
  auto zh = LoadOrDie(Lang::kZh);
  auto en = LoadOrDie(Lang::kEn);
  ASSERT_NE(zh, nullptr);
  ASSERT_NE(en, nullptr);
  EXPECT_EQ(en->Format("demo.day", {{"d", std::string("2024-02-29")}}), "date February 29, 2024");
  EXPECT_EQ(zh->Format("demo.day", {{"d", std::string("2024-02-29")}}), "日期 2024年2月29日");
  // A date-like string in a plain argument stays text.
  EXPECT_EQ(en->Format("demo.hello", {{"name", std::string("2024-02-29")}}), "Hello, 2024-02-29!");
}

TEST_F(CatalogTest, MissingKeyAndBadPattern) {
  auto en = LoadOrDie(Lang::kEn);
  ASSERT_NE(en, nullptr);
  EXPECT_EQ(en->Format("demo.no_such_key"), "⟦demo.no_such_key⟧");
  EXPECT_EQ(en->Format("nosucharea.x"), "⟦nosucharea.x⟧");
  EXPECT_EQ(en->Format(""), "⟦⟧");
  EXPECT_EQ(en->Format("demo.bad", {{"x", int64_t{1}}}), "⟦demo.bad⟧");
  EXPECT_FALSE(en->Has("demo.no_such_key"));
  // A table is not a message.
  EXPECT_FALSE(en->Has("demo.nested"));
}

TEST_F(CatalogTest, NestedDottedAndRootKeys) {
  auto zh = LoadOrDie(Lang::kZh);
  ASSERT_NE(zh, nullptr);
  EXPECT_EQ(zh->Format("demo.nested.inner", {{"a", std::string("甲")}}), "内层 甲");
  EXPECT_EQ(zh->Format("demo.dotted.hint"), "点号键");
  EXPECT_EQ(zh->Format("demo.only_root", {{"x", std::string("y")}}), "root:y");
  EXPECT_TRUE(zh->Has("extra.only_zh"));
  EXPECT_FALSE(zh->Has("extra.only_en"));
}

TEST_F(CatalogTest, KeysAreSortedAndPerLanguage) {
  auto zh = LoadOrDie(Lang::kZh);
  auto en = LoadOrDie(Lang::kEn);
  ASSERT_NE(zh, nullptr);
  ASSERT_NE(en, nullptr);
  std::vector<std::string> keys = zh->Keys();
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_THAT(keys, Contains("demo.nested.inner"));
  EXPECT_THAT(keys, Contains("demo.dotted.hint"));
  EXPECT_THAT(keys, Contains("demo.only_root"));
  EXPECT_THAT(keys, Contains("extra.only_zh"));
  EXPECT_THAT(keys, Not(Contains("extra.only_en")));
  EXPECT_THAT(en->Keys(), Contains("extra.only_en"));
  EXPECT_EQ(keys.size(), 11u);
}

TEST_F(CatalogTest, ConcurrentFormat) {
  auto en = LoadOrDie(Lang::kEn);
  ASSERT_NE(en, nullptr);
  std::vector<std::thread> threads;
  threads.reserve(4);
  std::vector<int> bad(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (en->Format("demo.errors", {{"count", int64_t{2}}}) != "2 errors found") ++bad[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int b : bad) EXPECT_EQ(b, 0);
}

TEST(CatalogLoadTest, MissingDirectoryIsAnError) {
  setenv("PAICHA_LOCALE_DIR", "/nonexistent/paicha/locales", 1);
  // Falls back to the compiled-in build directory, which may exist; point at an empty one.
  std::string error;
  const std::string empty = ::testing::TempDir() + "/paicha_empty_locales";
  std::filesystem::create_directories(empty);
  setenv("PAICHA_LOCALE_DIR", empty.c_str(), 1);
  EXPECT_EQ(Catalog::Load(Lang::kZh, &error), nullptr);
  EXPECT_NE(error.find("no message bundles"), std::string::npos) << error;
}

class ResolveLangTest : public ::testing::Test {
 protected:
  void SetUp() override {
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANG");
  }
};

TEST_F(ResolveLangTest, ExplicitWins) {
  setenv("LANG", "en_US.UTF-8", 1);
  EXPECT_EQ(ResolveLang("zh"), Lang::kZh);
  EXPECT_EQ(ResolveLang("zh_CN"), Lang::kZh);
  EXPECT_EQ(ResolveLang("EN"), Lang::kEn);
  EXPECT_EQ(ResolveLang("en_GB"), Lang::kEn);
}

TEST_F(ResolveLangTest, Environment) {
  EXPECT_EQ(ResolveLang(""), Lang::kZh);
  setenv("LANG", "en_US.UTF-8", 1);
  EXPECT_EQ(ResolveLang(""), Lang::kEn);
  setenv("LC_MESSAGES", "zh_CN.UTF-8", 1);
  EXPECT_EQ(ResolveLang(""), Lang::kZh);
  setenv("LC_ALL", "en", 1);
  EXPECT_EQ(ResolveLang(""), Lang::kEn);
  setenv("LC_ALL", "", 1);  // empty values are skipped
  EXPECT_EQ(ResolveLang(""), Lang::kZh);
  setenv("LC_MESSAGES", "C.UTF-8", 1);
  EXPECT_EQ(ResolveLang(""), Lang::kZh);
}

}  // namespace
}  // namespace paicha::rt
