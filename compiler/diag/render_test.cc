// Golden-ish tests of the renderer against the product catalogs (locales/diag): the expected
// strings spell out the exact layout, so a change of wording in locales/diag/*.txt for E000x
// kinds or diag.render.* must be reflected here.
#include "paicha/compiler/diag_render.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace paicha::compiler {
namespace {

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    zh_ = rt::Catalog::Load(rt::Lang::kZh, &error);
    ASSERT_NE(zh_, nullptr) << error;
    en_ = rt::Catalog::Load(rt::Lang::kEn, &error);
    ASSERT_NE(en_, nullptr) << error;
  }

  // A span over the first occurrence of `needle` in file `file`.
  Span SpanOf(FileId file, std::string_view needle) {
    const std::string& text = sources_.Get(file).text();
    const size_t at = text.find(needle);
    EXPECT_NE(at, std::string::npos) << needle;
    return Span{file, static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())};
  }

  static std::vector<DiagArg> SizeArgs() {
    return {{"size", int64_t{33554433}}, {"limit", int64_t{33554432}}};
  }

  SourceManager sources_;
  std::unique_ptr<rt::Catalog> zh_, en_;
};

TEST_F(RenderTest, CaretUnderChineseAlignedByDisplayWidth) {
  FileId f = sources_.Add("规则.rules", "检查项 甲\n当 压力 > 5 m³\n");
  Diagnostic d{DiagKind::kFileTooLarge, SpanOf(f, "压力"), SizeArgs(), {}};
  EXPECT_EQ(RenderDiagnostics(sources_, {d}, *zh_, false),
            "规则.rules:2:3: 错误[E0003]: 文件过大：33,554,433 字节，超过上限 33,554,432 字节\n"
            "  2 | 当 压力 > 5 m³\n"
            "    |    ^~~~\n"
            "发现 1 个错误\n");
}

TEST_F(RenderTest, EnglishVariant) {
  FileId f = sources_.Add("a.rules", "当 压力 > 5 m³\n");
  Diagnostic d{DiagKind::kFileTooLarge, SpanOf(f, "> 5 m³"), SizeArgs(), {}};
  EXPECT_EQ(RenderDiagnostics(sources_, {d}, *en_, false),
            "a.rules:1:6: error[E0003]: file too large: 33,554,433 bytes, the limit is 33,554,432 "
            "bytes\n"
            "  1 | 当 压力 > 5 m³\n"
            "    |         ^~~~~~\n"
            "1 error found\n");
}

TEST_F(RenderTest, FullWidthPunctuationTabsAndClipping) {
  // A tab expands to the next multiple of four cells; full-width "（" is two cells; a span
  // running into the next line is underlined to the end of its first line.
  FileId f = sources_.Add("b.rules", "\t（甲）x\n第二行\n");
  Span span = SpanOf(f, "x");
  span.end = span.end + 4;  // into line 2
  Diagnostic d{DiagKind::kInvalidUtf8, span, {{"byte", std::string("0xFF")}}, {}};
  EXPECT_EQ(RenderDiagnostics(sources_, {d}, *en_, false),
            "b.rules:1:5: error[E0002]: invalid UTF-8 byte 0xFF: rulebook files must be saved as "
            "UTF-8\n"
            "  1 |     （甲）x\n"
            "    |           ^\n"
            "    = help: save the file as UTF-8 in your editor (convert GBK/GB18030 files first)\n"
            "1 error found\n");
}

TEST_F(RenderTest, EmptySpanAtEndOfLineAndGutterWidth) {
  std::string text;
  for (int i = 1; i < 12; ++i) text += "x\n";
  text += "甲乙";
  FileId f = sources_.Add("c.rules", text);
  Span at_end{f, static_cast<uint32_t>(text.size()), static_cast<uint32_t>(text.size())};
  Diagnostic d{DiagKind::kInvalidUtf8, at_end, {{"byte", std::string("0xFF")}}, {}};
  std::string out = RenderDiagnostics(sources_, {d}, *zh_, false);
  EXPECT_EQ(out,
            "c.rules:12:3: 错误[E0002]: 无效的 UTF-8 字节 0xFF：规则文件必须以 UTF-8 编码保存\n"
            "  12 | 甲乙\n"
            "     |     ^\n"
            "     = 提示: 在编辑器中把文件另存为 UTF-8 编码（GBK/GB18030 编码的文件需要先转换）\n"
            "发现 1 个错误\n");
}

TEST_F(RenderTest, NoFileAndNotes) {
  FileId f = sources_.Add("d.rules", "甲\n");
  Diagnostic d{DiagKind::kFileNotReadable, Span{}, {{"file", std::string("缺失.rules")}}, {}};
  // A note whose key is missing renders visibly as ⟦key⟧, with its own location and snippet.
  d.notes.push_back(DiagNote{SpanOf(f, "甲"), "no_such_note", {}});
  EXPECT_EQ(RenderDiagnostics(sources_, {d}, *zh_, false),
            "错误[E0001]: 无法读取文件“缺失.rules”：文件不存在，或没有读取权限\n"
            "d.rules:1:1: 注: ⟦diag.no_such_note⟧\n"
            "  1 | 甲\n"
            "    | ^~\n"
            "    = 提示: 检查文件路径是否写对；导入的文件按导入它的文件所在目录查找\n"
            "发现 1 个错误\n");
}

TEST_F(RenderTest, ControlCharactersAreReplaced) {
  FileId f = sources_.Add("e.rules", std::string("a\x1b[31mb\xff c\n"));
  Diagnostic d{DiagKind::kInvalidUtf8, SpanOf(f, "\xff"), {}, {}};
  std::string out = RenderDiagnostics(sources_, {d}, *en_, false);
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_NE(out.find("  1 | a\xEF\xBF\xBD[31mb\xEF\xBF\xBD c\n    |        ^\n"), std::string::npos)
      << out;
}

TEST_F(RenderTest, ColourOnlyWhenAsked) {
  FileId f = sources_.Add("f.rules", "甲\n");
  Diagnostic d{DiagKind::kInvalidUtf8, SpanOf(f, "甲"), {}, {}};
  std::string plain = RenderDiagnostics(sources_, {d}, *en_, false);
  std::string coloured = RenderDiagnostics(sources_, {d}, *en_, true);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  EXPECT_NE(coloured.find("\x1b[1;31merror[E0002]\x1b[0m"), std::string::npos) << coloured;
  EXPECT_NE(coloured.find("\x1b[1;31m^~\x1b[0m"), std::string::npos) << coloured;
}

TEST_F(RenderTest, SeveralDiagnosticsAndSummary) {
  FileId f = sources_.Add("g.rules", "甲\n乙\n");
  std::vector<Diagnostic> diags = {
      {DiagKind::kInvalidUtf8, SpanOf(f, "甲"), {}, {}},
      {DiagKind::kInvalidUtf8, SpanOf(f, "乙"), {}, {}},
      {DiagKind::kTooManyErrors, Span{}, {{"count", int64_t{1}}}, {}},
  };
  std::string out = RenderDiagnostics(sources_, diags, *en_, false);
  EXPECT_NE(out.find("error[E0004]: too many errors; 1 more diagnostic not shown\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.substr(out.size() - 15), "3 errors found\n");
  EXPECT_EQ(RenderDiagnostics(sources_, {}, *en_, false), "");
}

TEST_F(RenderTest, SummaryPlural) {
  EXPECT_EQ(zh_->Format("diag.render.summary", {{"errors", int64_t{3}}, {"warnings", int64_t{1}}}),
            "发现 3 个错误、1 个警告");
  EXPECT_EQ(zh_->Format("diag.render.summary", {{"errors", int64_t{0}}, {"warnings", int64_t{2}}}),
            "发现 2 个警告");
  EXPECT_EQ(zh_->Format("diag.render.summary", {{"errors", int64_t{1}}, {"warnings", int64_t{0}}}),
            "发现 1 个错误");
  EXPECT_EQ(en_->Format("diag.render.summary", {{"errors", int64_t{1}}, {"warnings", int64_t{1}}}),
            "1 error, 1 warning found");
  EXPECT_EQ(en_->Format("diag.render.summary", {{"errors", int64_t{2}}, {"warnings", int64_t{3}}}),
            "2 errors, 3 warnings found");
  EXPECT_EQ(en_->Format("diag.render.summary", {{"errors", int64_t{0}}, {"warnings", int64_t{1}}}),
            "1 warning found");
}

TEST(DisplayWidthTest, EastAsianWidth) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("压力"), 4u);
  EXPECT_EQ(DisplayWidth("（）"), 4u);       // fullwidth punctuation
  EXPECT_EQ(DisplayWidth("ＡＢ"), 4u);       // fullwidth letters (F)
  EXPECT_EQ(DisplayWidth("ｶ"), 1u);          // halfwidth katakana (H)
  EXPECT_EQ(DisplayWidth("m³"), 2u);         // ambiguous counts as narrow
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1u);  // e + combining acute
  EXPECT_EQ(DisplayWidth("\t"), 4u);
  EXPECT_EQ(DisplayWidth("\t", 1), 3u);
  EXPECT_EQ(DisplayWidth("a\tb"), 5u);
  EXPECT_EQ(DisplayWidth("\xff\xfe"), 2u);  // invalid bytes: one cell each
}

}  // namespace
}  // namespace paicha::compiler
