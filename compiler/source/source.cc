// Source and SourceManager (compiler/include/paicha/compiler/source.h).
//
// Lines are terminated by '\n' only, exactly as ANTLR counts them, so that a token's (line,
// column) maps back to the byte it came from; a '\r' before the '\n' belongs to no line's text.
// Code points are decoded with ICU's U8_NEXT, which consumes one byte for every ill-formed
// sequence: on invalid UTF-8 every function stays total and a stray byte counts as one column.
#include "paicha/compiler/source.h"

#include <algorithm>
#include <utility>

#include <unicode/utf8.h>

namespace paicha::compiler {
namespace {

// Byte length of the code point (or ill-formed unit) starting at text[i]; i < text.size().
inline uint32_t CodePointLength(std::string_view text, uint32_t i) {
  int32_t j = static_cast<int32_t>(i);
  UChar32 c;
  const char* const bytes = text.data();
  U8_NEXT(bytes, j, static_cast<int32_t>(text.size()), c);
  (void)c;
  return static_cast<uint32_t>(j) - i;
}

}  // namespace

Span Span::Cover(const Span& a, const Span& b) {
  if (!a.valid()) return b;
  if (!b.valid() || a.file != b.file) return a;
  return Span{a.file, std::min(a.begin, b.begin), std::max(a.end, b.end)};
}

Source::Source(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  // Offsets are 32-bit: the driver rejects files over its size limit (E0003) long before 4 GiB;
  // here we only make sure nothing overflows if a caller does not.
  if (text_.size() > UINT32_MAX - 1) text_.resize(UINT32_MAX - 1);
  line_starts_.push_back(0);
  for (uint32_t i = 0, n = static_cast<uint32_t>(text_.size()); i < n; ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

Location Source::LocationOf(uint32_t offset) const {
  const uint32_t size = static_cast<uint32_t>(text_.size());
  offset = std::min(offset, size);
  // The last line start <= offset.
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());  // >= 1
  uint32_t column = 1;
  // Count the code points that end at or before `offset`: an offset inside a multi-byte
  // character reports that character's column.
  for (uint32_t i = line_starts_[line - 1]; i < offset; ++column) {
    i += CodePointLength(text_, i);
    if (i > offset) break;
  }
  return Location{line, column};
}

uint32_t Source::LineStart(uint32_t line) const {
  if (line == 0) return 0;
  if (line > line_starts_.size()) return static_cast<uint32_t>(text_.size());
  return line_starts_[line - 1];
}

std::string_view Source::LineText(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  const uint32_t begin = line_starts_[line - 1];
  uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1  // at the '\n'
                                            : static_cast<uint32_t>(text_.size());
  if (end > begin && text_[end - 1] == '\r' && line < line_starts_.size()) --end;  // CRLF
  return std::string_view{text_}.substr(begin, end - begin);
}

uint32_t Source::OffsetOf(uint32_t line, uint32_t column0) const {
  if (line == 0) line = 1;
  if (line > line_starts_.size()) return static_cast<uint32_t>(text_.size());
  uint32_t i = line_starts_[line - 1];
  // The end of the line's text including a '\r' (ANTLR counts it as a column), excluding '\n'.
  const uint32_t end =
      line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<uint32_t>(text_.size());
  for (; column0 > 0 && i < end; --column0) i += CodePointLength(text_, i);
  return std::min(i, end);
}

FileId SourceManager::Add(std::string name, std::string text) {
  files_.push_back(std::make_unique<Source>(std::move(name), std::move(text)));
  return static_cast<FileId>(files_.size() - 1);
}

}  // namespace paicha::compiler
