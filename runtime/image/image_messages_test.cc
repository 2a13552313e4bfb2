// Every image error has a message in both catalogs, and its arguments fill the pattern.
#include "gtest/gtest.h"
#include "paicha/rt/image.h"
#include "paicha/rt/messages.h"

namespace paicha::rt {
namespace {

TEST(ImageMessages, EveryErrorCodeHasZhAndEnText) {
  for (Lang lang : {Lang::kZh, Lang::kEn}) {
    std::string why;
    auto catalog = Catalog::Load(lang, &why);
    ASSERT_NE(catalog, nullptr) << why;
    for (int c = static_cast<int>(ImageErrorCode::kUnreadable);
         c <= static_cast<int>(ImageErrorCode::kInvalid); ++c) {
      ImageError e;
      e.code = static_cast<ImageErrorCode>(c);
      e.detail = "items: bad segment";
      e.path = "/tmp/x.paicha";
      e.found = 7;
      const std::string key(e.MessageKey());
      EXPECT_TRUE(catalog->Has(key)) << key;
      const std::string text = catalog->Format(key, e.Args());
      EXPECT_EQ(text.find("⟦"), std::string::npos) << text;
      EXPECT_EQ(text.find('{'), std::string::npos) << text;  // every argument substituted
    }
  }
}

}  // namespace
}  // namespace paicha::rt
