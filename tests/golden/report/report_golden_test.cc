// Render goldens: every sample Result × {text zh, text en, JSON, HTML zh, HTML en} compared with
// the committed file tests/golden/report/<sample>.<suffix>, byte for byte. With --update (or
// PAICHA_UPDATE_GOLDENS=1 / PAICHA_UPDATE_GOLDEN=1) the files are rewritten instead and the test
// passes; review the diff before committing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "paicha/rt/report.h"
#include "report/testing/sample_results.h"

namespace paicha::rt {
namespace {

bool g_update = false;

bool EnvSet(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && std::strcmp(v, "1") == 0;
}

std::string ReadFile(const std::string& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  *ok = static_cast<bool>(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Compares `actual` with the golden file, or rewrites it in update mode. Prints the first
// differing line on mismatch (the whole files are easy to diff with the update mode and git).
void CheckGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(PAICHA_REPORT_GOLDEN_DIR) + "/" + name;
  bool ok = false;
  const std::string expected = ReadFile(path, &ok);
  if (g_update) {
    if (!ok || expected != actual) {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << actual;
      ASSERT_TRUE(static_cast<bool>(out)) << "cannot write " << path;
      std::printf("updated %s\n", path.c_str());
    }
    return;
  }
  ASSERT_TRUE(ok) << "golden file missing: " << path << " (run with --update to create it)";
  if (expected == actual) return;
  std::istringstream e(expected), a(actual);
  std::string el, al;
  int line = 0;
  while (true) {
    ++line;
    const bool has_e = static_cast<bool>(std::getline(e, el));
    const bool has_a = static_cast<bool>(std::getline(a, al));
    if (!has_e && !has_a) break;
    if (!has_e || !has_a || el != al) {
      ADD_FAILURE() << name << ":" << line << ": golden mismatch\n  expected: " << el
                    << "\n  actual:   " << al;
      return;
    }
  }
  ADD_FAILURE() << name << ": golden mismatch (line endings or trailing bytes)";
}

class ReportGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    zh_ = Catalog::Load(Lang::kZh, &error);
    ASSERT_NE(zh_, nullptr) << error;
    en_ = Catalog::Load(Lang::kEn, &error);
    ASSERT_NE(en_, nullptr) << error;
  }
  std::unique_ptr<Catalog> zh_, en_;
};

TEST_F(ReportGolden, AllSamples) {
  for (const auto& sample : testing::GoldenSamples()) {
    SCOPED_TRACE(sample.name);
    CheckGolden(sample.name + ".zh.txt", RenderText(sample.result, *zh_));
    CheckGolden(sample.name + ".en.txt", RenderText(sample.result, *en_));
    CheckGolden(sample.name + ".json", RenderJson(sample.result));
    CheckGolden(sample.name + ".zh.html", RenderHtml(sample.result, *zh_));
    CheckGolden(sample.name + ".en.html", RenderHtml(sample.result, *en_));
  }
}

// The coloured text of the major-hazard sample: the ANSI layout is part of the contract too.
TEST_F(ReportGolden, ColouredText) {
  CheckGolden("major_hazard.zh.color.txt",
              RenderText(testing::MajorHazardResult(), *zh_, TextOptions{/*color=*/true}));
}

}  // namespace
}  // namespace paicha::rt

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--update") == 0) paicha::rt::g_update = true;
  }
  if (paicha::rt::EnvSet("PAICHA_UPDATE_GOLDENS") || paicha::rt::EnvSet("PAICHA_UPDATE_GOLDEN")) {
    paicha::rt::g_update = true;
  }
  return RUN_ALL_TESTS();
}
