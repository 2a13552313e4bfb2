#include "paicha/compiler/source.h"

#include <string>

#include <gtest/gtest.h>

namespace paicha::compiler {
namespace {

TEST(SourceTest, CodePointColumnsWithChinese) {
  //                 0   3   6   9 10
  Source src("a.rules", "当 压力 > 5\n  温度 = 3.5\n");
  EXPECT_EQ(src.line_count(), 3u);
  Location loc = src.LocationOf(0);
  EXPECT_EQ(loc.line, 1u);
  EXPECT_EQ(loc.column, 1u);
  // "压" starts at byte 4 ("当" is 3 bytes, then a space): column 3.
  loc = src.LocationOf(4);
  EXPECT_EQ(loc.line, 1u);
  EXPECT_EQ(loc.column, 3u);
  // An offset inside "压" reports the character's own column.
  EXPECT_EQ(src.LocationOf(5).column, 3u);
  // ">" after "当 压力 ": 3+1+3+3+1 = 11 bytes, column 6.
  EXPECT_EQ(src.text()[11], '>');
  EXPECT_EQ(src.LocationOf(11).column, 6u);
  // Line 2: "  温度 = 3.5"; "温" at column 3 (ANTLR column0 2).
  const uint32_t wen = src.OffsetOf(2, 2);
  EXPECT_EQ(src.text().substr(wen, 3), "温");
  loc = src.LocationOf(wen);
  EXPECT_EQ(loc.line, 2u);
  EXPECT_EQ(loc.column, 3u);
  EXPECT_EQ(src.LineText(1), "当 压力 > 5");
  EXPECT_EQ(src.LineText(2), "  温度 = 3.5");
}

TEST(SourceTest, OffsetOfRoundTripsLocationOf) {
  Source src("a.rules", "甲乙 丙\n\tx「丁」\n");
  for (uint32_t line = 1; line <= src.line_count(); ++line) {
    std::string_view text = src.LineText(line);
    uint32_t col0 = 0;
    for (size_t i = 0; i < text.size();) {
      const uint32_t off = src.OffsetOf(line, col0);
      EXPECT_EQ(off, src.LineStart(line) + i);
      Location loc = src.LocationOf(off);
      EXPECT_EQ(loc.line, line);
      EXPECT_EQ(loc.column, col0 + 1);
      i += (static_cast<unsigned char>(text[i]) < 0x80) ? 1 : 3;
      ++col0;
    }
  }
  // Columns past the end of a line clamp to the line's end (before '\n').
  EXPECT_EQ(src.OffsetOf(1, 99), src.LineStart(1) + 10);
  EXPECT_EQ(src.OffsetOf(99, 0), src.text().size());
}

TEST(SourceTest, CrLf) {
  Source src("a.rules", "甲\r\n乙\r\n");
  EXPECT_EQ(src.line_count(), 3u);
  EXPECT_EQ(src.LineText(1), "甲");
  EXPECT_EQ(src.LineText(2), "乙");
  EXPECT_EQ(src.LineText(3), "");
  EXPECT_EQ(src.LineStart(2), 5u);
  Location loc = src.LocationOf(5);
  EXPECT_EQ(loc.line, 2u);
  EXPECT_EQ(loc.column, 1u);
  // The '\r' is a column (ANTLR counts it) but not part of the line text.
  EXPECT_EQ(src.LocationOf(3).column, 2u);
  EXPECT_EQ(src.OffsetOf(1, 1), 3u);
  EXPECT_EQ(src.OffsetOf(1, 5), 4u);
}

TEST(SourceTest, EmptyFile) {
  Source src("empty.rules", "");
  EXPECT_EQ(src.line_count(), 1u);
  EXPECT_EQ(src.LineText(1), "");
  EXPECT_EQ(src.LineText(0), "");
  EXPECT_EQ(src.LineText(2), "");
  Location loc = src.LocationOf(100);
  EXPECT_EQ(loc.line, 1u);
  EXPECT_EQ(loc.column, 1u);
  EXPECT_EQ(src.OffsetOf(1, 3), 0u);
  EXPECT_EQ(src.LineStart(5), 0u);
}

TEST(SourceTest, NoTrailingNewline) {
  Source src("a.rules", "x\n最后一行");
  EXPECT_EQ(src.line_count(), 2u);
  EXPECT_EQ(src.LineText(2), "最后一行");
  Location end = src.LocationOf(static_cast<uint32_t>(src.text().size()));
  EXPECT_EQ(end.line, 2u);
  EXPECT_EQ(end.column, 5u);
  // Offsets past the end clamp to the end.
  Location past = src.LocationOf(1000);
  EXPECT_EQ(past.line, 2u);
  EXPECT_EQ(past.column, 5u);
}

TEST(SourceTest, InvalidUtf8IsTotal) {
  // A lone continuation byte, a truncated 3-byte sequence and an overlong encoding.
  Source src("bad.rules", std::string("a\x80"
                                      "b\xe5\x8e"
                                      "c\xc0\xaf"
                                      "d\n"));
  EXPECT_EQ(src.line_count(), 2u);
  // Every ill-formed unit counts as one column: a, \x80, b, \xe5\x8e (one maximal subpart), c,
  // \xc0, \xaf, d.
  EXPECT_EQ(src.LocationOf(2).column, 3u);  // b
  EXPECT_EQ(src.LocationOf(5).column, 5u);  // c
  EXPECT_EQ(src.LocationOf(8).column, 8u);  // d
  EXPECT_EQ(src.OffsetOf(1, 7), 8u);
}

TEST(SourceTest, SpanCover) {
  Span a{0, 3, 5}, b{0, 1, 4}, none{};
  Span c = Span::Cover(a, b);
  EXPECT_EQ(c.begin, 1u);
  EXPECT_EQ(c.end, 5u);
  EXPECT_EQ(Span::Cover(none, a).begin, 3u);
  EXPECT_EQ(Span::Cover(a, none).end, 5u);
  EXPECT_FALSE(Span::Cover(none, none).valid());
}

TEST(SourceManagerTest, StableIds) {
  SourceManager sm;
  EXPECT_EQ(sm.Add("a", "x"), 0u);
  const Source* first = &sm.Get(0);
  for (int i = 0; i < 100; ++i) sm.Add("b", "y");
  EXPECT_EQ(&sm.Get(0), first);
  EXPECT_EQ(sm.size(), 101u);
  EXPECT_EQ(sm.Get(0).name(), "a");
}

}  // namespace
}  // namespace paicha::compiler
