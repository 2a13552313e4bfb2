// RenderDiagnostics and DisplayWidth (compiler/include/paicha/compiler/diag_render.h).
//
// Every piece of text comes from the catalog (diag.render.* for the fixed words and layout
// patterns); this file only decides layout: gutter width, caret position and colour escapes.
#include "paicha/compiler/diag_render.h"

#include <algorithm>
#include <string>
#include <utility>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace paicha::compiler {
namespace {

constexpr int kTabStop = 4;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// ANSI styles, used only when colour is asked for.
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kRed = "\x1b[1;31m";
constexpr std::string_view kYellow = "\x1b[1;33m";
constexpr std::string_view kCyan = "\x1b[1;36m";
constexpr std::string_view kBlue = "\x1b[1;34m";

// How one code point of a source line is shown: replaced (controls, invalid bytes, bidi
// overrides) or as is, and how many cells it takes. Tabs are handled by the caller.
struct Glyph {
  bool replace;
  int width;
};

Glyph GlyphOf(UChar32 c) {
  if (c < 0) return {true, 1};                                // ill-formed UTF-8
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return {true, 1};  // C0, DEL, C1 controls
  // Bidirectional embeddings, overrides and isolates reorder what the terminal shows ("Trojan
  // Source"); a diagnostic must show the bytes in their real order.
  if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) return {true, 1};
  const int8_t category = static_cast<int8_t>(u_charType(c));
  if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR) {
    return {false, 0};
  }
  const int eaw = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return {false, (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH) ? 2 : 1};
}

// A source line prepared for display: the text with tabs expanded and unsafe characters
// replaced, and for every code point its byte range in the original line and its cells.
struct DisplayLine {
  std::string text;
  struct Cell {
    uint32_t byte_begin, byte_end;
    size_t cell_begin, cell_end;
  };
  std::vector<Cell> cells;
  size_t width = 0;
};

DisplayLine Prepare(std::string_view line) {
  DisplayLine out;
  out.text.reserve(line.size());
  const int32_t n = static_cast<int32_t>(line.size());
  const char* const bytes = line.data();
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    const size_t cell = out.width;
    if (c == '\t') {
      const size_t w = kTabStop - out.width % kTabStop;
      out.text.append(w, ' ');
      out.width += w;
    } else {
      const Glyph g = GlyphOf(c);
      if (g.replace) {
        out.text.append(kReplacement);
      } else {
        out.text.append(line.substr(start, i - start));
      }
      out.width += g.width;
    }
    out.cells.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(i), cell, out.width});
  }
  return out;
}

// The cell where byte `offset` of the line starts (the end of the line when past it).
size_t CellAt(const DisplayLine& line, uint32_t offset) {
  for (const DisplayLine::Cell& c : line.cells) {
    if (offset < c.byte_end) return c.cell_begin;
  }
  return line.width;
}

// The cell just after the code point containing byte `offset - 1` (the end of a span).
size_t CellEnd(const DisplayLine& line, uint32_t offset) {
  for (const DisplayLine::Cell& c : line.cells) {
    if (offset <= c.byte_begin) return c.cell_begin;
    if (offset <= c.byte_end) return c.cell_end;
  }
  return line.width;
}

std::vector<rt::MsgArg> ToMsgArgs(const std::vector<DiagArg>& args) {
  std::vector<rt::MsgArg> out;
  out.reserve(args.size());
  for (const DiagArg& a : args) {
    if (const auto* s = std::get_if<std::string>(&a.value)) {
      out.push_back({a.name, *s});
    } else {
      out.push_back({a.name, std::get<int64_t>(a.value)});
    }
  }
  return out;
}

size_t Digits(uint32_t n) {
  size_t d = 1;
  while (n >= 10) {
    n /= 10;
    ++d;
  }
  return d;
}

class Renderer {
 public:
  Renderer(const SourceManager& sources, const rt::Catalog& catalog, bool color)
      : sources_(sources), catalog_(catalog), color_(color) {}

  void Render(const Diagnostic& d) {
    const DiagKindInfo& info = InfoOf(d.kind);
    const std::string key = "diag." + std::string(info.key);
    const std::vector<rt::MsgArg> args = ToMsgArgs(d.args);

    // The gutter is as wide as the largest line number shown for this diagnostic.
    gutter_ = 1;
    if (const Source* src = SourceOf(d.span)) {
      gutter_ = std::max(gutter_, Digits(src->LocationOf(d.span.begin).line));
    }
    for (const DiagNote& note : d.notes) {
      if (const Source* src = SourceOf(note.span)) {
        gutter_ = std::max(gutter_, Digits(src->LocationOf(note.span.begin).line));
      }
    }

    const std::string_view severity_style = StyleOf(info.severity);
    const std::string label = catalog_.Format(
        "diag.render.label", {{"severity", catalog_.Format(SeverityKey(info.severity))},
                              {"code", std::string(info.code)}});
    const std::string message = catalog_.Format(key, args);
    Header(d.span, "diag.render.header", "diag.render.header_nofile",
           {{"label", Styled(label, severity_style)}, {"message", Styled(message, kBold)}});
    Snippet(d.span, severity_style);

    for (const DiagNote& note : d.notes) {
      const std::string note_message = catalog_.Format("diag." + note.key, ToMsgArgs(note.args));
      Header(note.span, "diag.render.note_header", "diag.render.note_header_nofile",
             {{"severity", Styled(catalog_.Format("diag.render.note"), kCyan)},
              {"message", note_message}});
      Snippet(note.span, kCyan);
    }

    const std::string hint_key = key + ".hint";
    if (catalog_.Has(hint_key)) {
      out_.append(2 + gutter_ + 1, ' ');
      out_ += catalog_.Format("diag.render.hint_line",
                              {{"label", Styled(catalog_.Format("diag.render.hint"), kBold)},
                               {"message", catalog_.Format(hint_key, args)}});
      out_ += '\n';
    }

    if (info.severity == Severity::kError) ++errors_;
    if (info.severity == Severity::kWarning) ++warnings_;
  }

  std::string Finish() {
    if (errors_ + warnings_ > 0) {
      out_ += Styled(
          catalog_.Format("diag.render.summary", {{"errors", errors_}, {"warnings", warnings_}}),
          kBold);
      out_ += '\n';
    }
    return std::move(out_);
  }

 private:
  const Source* SourceOf(const Span& span) const {
    return span.valid() && span.file < sources_.size() ? &sources_.Get(span.file) : nullptr;
  }

  static const char* SeverityKey(Severity s) {
    switch (s) {
      case Severity::kError:
        return "diag.render.error";
      case Severity::kWarning:
        return "diag.render.warning";
      case Severity::kNote:
        break;
    }
    return "diag.render.note";
  }

  static std::string_view StyleOf(Severity s) {
    switch (s) {
      case Severity::kError:
        return kRed;
      case Severity::kWarning:
        return kYellow;
      case Severity::kNote:
        break;
    }
    return kCyan;
  }

  std::string Styled(std::string text, std::string_view style) const {
    if (!color_) return text;
    std::string s;
    s.reserve(style.size() + text.size() + kReset.size());
    s.append(style).append(text).append(kReset);
    return s;
  }

  // "<location>: <rest>" from `with_file`, or `without_file` when the span has no file.
  void Header(const Span& span, const char* with_file, const char* without_file,
              std::vector<rt::MsgArg> args) {
    if (const Source* src = SourceOf(span)) {
      const Location loc = src->LocationOf(span.begin);
      std::string location =
          catalog_.Format("diag.render.location", {{"file", src->name()},
                                                   {"line", std::to_string(loc.line)},
                                                   {"column", std::to_string(loc.column)}});
      args.push_back({"location", Styled(std::move(location), kBold)});
      out_ += catalog_.Format(with_file, args);
    } else {
      out_ += catalog_.Format(without_file, args);
    }
    out_ += '\n';
  }

  // The source line of the span's start with a gutter, and the caret line under the span.
  void Snippet(const Span& span, std::string_view style) {
    const Source* src = SourceOf(span);
    if (src == nullptr) return;
    const Location loc = src->LocationOf(span.begin);
    const uint32_t line_start = src->LineStart(loc.line);
    const std::string_view text = src->LineText(loc.line);
    const DisplayLine line = Prepare(text);

    const uint32_t begin = std::min<uint32_t>(span.begin - std::min(span.begin, line_start),
                                              static_cast<uint32_t>(text.size()));
    const uint32_t end_abs = std::max(span.end, span.begin);
    const uint32_t end = std::min<uint32_t>(end_abs - std::min(end_abs, line_start),
                                            static_cast<uint32_t>(text.size()));
    const size_t cell_begin = CellAt(line, begin);
    const size_t cell_end = std::max(CellEnd(line, end), cell_begin + 1);

    std::string number = std::to_string(loc.line);
    std::string gutter(2 + gutter_ - number.size(), ' ');
    gutter += number;
    gutter += " |";
    out_ += Styled(std::move(gutter), kBlue);
    if (!line.text.empty()) {
      out_ += ' ';
      out_ += line.text;
    }
    out_ += '\n';

    std::string blank(2 + gutter_, ' ');
    blank += " |";
    out_ += Styled(std::move(blank), kBlue);
    out_ += ' ';
    out_.append(cell_begin, ' ');
    std::string caret = "^";
    caret.append(cell_end - cell_begin - 1, '~');
    out_ += Styled(std::move(caret), style);
    out_ += '\n';
  }

  const SourceManager& sources_;
  const rt::Catalog& catalog_;
  const bool color_;
  std::string out_;
  size_t gutter_ = 1;
  int64_t errors_ = 0;
  int64_t warnings_ = 0;
};

}  // namespace

size_t DisplayWidth(std::string_view text, size_t start_column) {
  size_t width = start_column;
  const int32_t n = static_cast<int32_t>(std::min<size_t>(text.size(), INT32_MAX));
  const char* const bytes = text.data();
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c == '\t') {
      width += kTabStop - width % kTabStop;
    } else {
      width += GlyphOf(c).width;
    }
  }
  return width - start_column;
}

std::string RenderDiagnostics(const SourceManager& sources, const std::vector<Diagnostic>& diags,
                              const rt::Catalog& catalog, bool color) {
  Renderer renderer(sources, catalog, color);
  for (const Diagnostic& d : diags) renderer.Render(d);
  return renderer.Finish();
}

}  // namespace paicha::compiler
