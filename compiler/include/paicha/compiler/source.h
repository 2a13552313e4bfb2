// Source text of rulebook files and positions in it.
//
// A Source owns one file's UTF-8 text and its line table. Positions are byte offsets into the
// text (cheap to store in every AST node); they are turned into a Location (1-based line and
// 1-based column counted in Unicode code points, as a user counts characters) only when a
// diagnostic is rendered. A SourceManager owns every Source of one compilation and gives each a
// stable FileId. Model: cel-cpp common/source.h.
//
// Thread safety: immutable after construction; a SourceManager may be read from many threads once
// no more files are added.
#ifndef PAICHA_COMPILER_SOURCE_H_
#define PAICHA_COMPILER_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace paicha::compiler {

using FileId = uint32_t;
inline constexpr FileId kNoFile = UINT32_MAX;

// A half-open byte range [begin, end) in one file.
struct Span {
  FileId file = kNoFile;
  uint32_t begin = 0;
  uint32_t end = 0;

  bool valid() const { return file != kNoFile; }
  // The smallest span covering both (both must be in the same file, or one invalid).
  static Span Cover(const Span& a, const Span& b);
};

// 1-based line and 1-based code-point column.
struct Location {
  uint32_t line = 0;
  uint32_t column = 0;
};

class Source {
 public:
  // `text` is taken as is; invalid UTF-8 is the lexer's concern (reported as E0002), but every
  // function here is total on arbitrary bytes.
  Source(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }

  // The location of byte `offset` (clamped to the text's size).
  Location LocationOf(uint32_t offset) const;
  // Byte offset of the start of 1-based `line`'s first byte, or text().size() past the end.
  uint32_t LineStart(uint32_t line) const;
  // The text of 1-based `line` without its line terminator; empty past the end.
  std::string_view LineText(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
  // Byte offset of the 0-based code-point `column` on 1-based `line` (used to turn ANTLR token
  // positions, which are code-point based, into byte offsets).
  uint32_t OffsetOf(uint32_t line, uint32_t column0) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<uint32_t> line_starts_;  // byte offset of each line's start
};

class SourceManager {
 public:
  // Adds a file and returns its id. The Source lives as long as the manager.
  FileId Add(std::string name, std::string text);
  const Source& Get(FileId id) const { return *files_.at(id); }
  size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<Source>> files_;
};

}  // namespace paicha::compiler

#endif  // PAICHA_COMPILER_SOURCE_H_
