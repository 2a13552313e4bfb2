#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "paicha/compiler/diagnostic.h"

namespace paicha::compiler {
namespace {

TEST(InfoOfTest, TableMatchesDef) {
  const DiagKindInfo& info = InfoOf(DiagKind::kInvalidUtf8);
  EXPECT_EQ(info.name, "InvalidUtf8");
  EXPECT_EQ(info.code, "E0002");
  EXPECT_EQ(info.key, "invalid_utf8");
  EXPECT_EQ(info.severity, Severity::kError);
  EXPECT_EQ(InfoOf(DiagKind::kTooManyErrors).code, "E0004");
  // Out of range: a visible placeholder, not a read past the table.
  EXPECT_EQ(InfoOf(static_cast<DiagKind>(60000)).code, "E9999");
}

TEST(InfoOfTest, CodesAreUniqueAndWellFormed) {
  std::vector<std::string> codes;
  for (int i = 0; i < kDiagKindCount; ++i) {
    const DiagKindInfo& info = InfoOf(static_cast<DiagKind>(i));
    ASSERT_EQ(info.code.size(), 5u) << info.name;
    EXPECT_TRUE(info.code[0] == 'E' || info.code[0] == 'W') << info.name;
    EXPECT_EQ(info.code[0] == 'W', info.severity == Severity::kWarning) << info.name;
    codes.emplace_back(info.code);
  }
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(std::adjacent_find(codes.begin(), codes.end()), codes.end());
}

TEST(DiagnosticSinkTest, SortsByFileOffsetCode) {
  DiagnosticSink sink;
  sink.Report(DiagKind::kFileTooLarge, Span{1, 0, 1});
  sink.Report(DiagKind::kInvalidUtf8, Span{0, 9, 10});
  sink.Report(DiagKind::kFileTooLarge, Span{0, 9, 10});
  sink.Report(DiagKind::kInvalidUtf8, Span{0, 2, 3});
  sink.Report(DiagKind::kFileNotReadable, Span{}, {{"file", std::string("x")}});
  std::vector<Diagnostic> sorted = sink.Sorted();
  ASSERT_EQ(sorted.size(), 5u);
  EXPECT_EQ(sorted[0].span.begin, 2u);
  EXPECT_EQ(sorted[1].kind, DiagKind::kInvalidUtf8);  // E0002 before E0003 at the same offset
  EXPECT_EQ(sorted[2].kind, DiagKind::kFileTooLarge);
  EXPECT_EQ(sorted[3].span.file, 1u);
  EXPECT_EQ(sorted[4].kind, DiagKind::kFileNotReadable);  // no file: last
  EXPECT_EQ(sink.error_count(), 5u);
  EXPECT_TRUE(sink.has_errors());
}

TEST(DiagnosticSinkTest, RemovesDuplicates) {
  DiagnosticSink sink;
  sink.Report(DiagKind::kInvalidUtf8, Span{0, 4, 5}, {{"n", int64_t{1}}});
  sink.Report(DiagKind::kInvalidUtf8, Span{0, 4, 6});
  sink.Report(DiagKind::kInvalidUtf8, Span{0, 4, 5}, {{"n", int64_t{2}}});
  sink.Report(DiagKind::kFileTooLarge, Span{0, 4, 5});
  std::vector<Diagnostic> sorted = sink.Sorted();
  ASSERT_EQ(sorted.size(), 3u);
  EXPECT_EQ(sorted[0].span.end, 5u);
  // The first report of a duplicate is kept.
  ASSERT_EQ(sorted[0].args.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(sorted[0].args[0].value), 1);
  EXPECT_EQ(sorted[1].span.end, 6u);
  EXPECT_EQ(sorted[2].kind, DiagKind::kFileTooLarge);
}

TEST(DiagnosticSinkTest, CapsErrorsWithOneSummary) {
  DiagnosticSink sink;
  const size_t total = DiagnosticSink::kMaxErrors + 50;
  for (size_t i = 0; i < total; ++i) {
    sink.Report(DiagKind::kInvalidUtf8, Span{0, static_cast<uint32_t>(total - i), 0});
  }
  EXPECT_EQ(sink.error_count(), total);
  std::vector<Diagnostic> sorted = sink.Sorted();
  ASSERT_EQ(sorted.size(), DiagnosticSink::kMaxErrors + 1);
  for (size_t i = 0; i < DiagnosticSink::kMaxErrors; ++i) {
    EXPECT_EQ(sorted[i].kind, DiagKind::kInvalidUtf8);
  }
  // The first kMaxErrors reported are kept (offsets total..51), sorted.
  EXPECT_EQ(sorted.front().span.begin, 51u);
  const Diagnostic& summary = sorted.back();
  EXPECT_EQ(summary.kind, DiagKind::kTooManyErrors);
  EXPECT_FALSE(summary.span.valid());
  ASSERT_EQ(summary.args.size(), 1u);
  EXPECT_EQ(summary.args[0].name, "count");
  EXPECT_EQ(std::get<int64_t>(summary.args[0].value), 50);
}

TEST(DiagnosticSinkTest, CapsWarningsSeparately) {
  DiagnosticSink sink;
  const size_t total = DiagnosticSink::kMaxErrors + 7;
  for (size_t i = 0; i < total; ++i) {
    sink.Report(DiagKind::kConstantCondition, Span{0, static_cast<uint32_t>(i), 0});
  }
  sink.Report(DiagKind::kInvalidUtf8, Span{0, 0, 1});  // errors still kept after many warnings
  EXPECT_EQ(sink.error_count(), 1u);
  std::vector<Diagnostic> sorted = sink.Sorted();
  ASSERT_EQ(sorted.size(), DiagnosticSink::kMaxErrors + 2);
  EXPECT_EQ(sorted.front().kind, DiagKind::kInvalidUtf8);
  EXPECT_EQ(sorted.back().kind, DiagKind::kTooManyErrors);
  EXPECT_EQ(std::get<int64_t>(sorted.back().args[0].value), 7);
}

TEST(DiagnosticSinkTest, EmptySink) {
  DiagnosticSink sink;
  EXPECT_FALSE(sink.has_errors());
  EXPECT_TRUE(sink.Sorted().empty());
}

}  // namespace
}  // namespace paicha::compiler
