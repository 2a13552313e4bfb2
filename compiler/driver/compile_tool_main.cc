// paicha-compile-tool: the test tool behind tests/golden/check and tests/golden/ir.
//
//   paicha-compile-tool --ir FILE           prints the IR dump, or the diagnostics (plain form
//                                           "file:line:col: CODE key") when compilation fails
//   paicha-compile-tool --check FILE        prints the rendered Chinese diagnostics (the .err
//                                           golden); exit 0 even when the rulebook has errors
//   paicha-compile-tool --annotations FILE  checks that the diagnostics are exactly the
//                                           `# expect-error E0301` / `# expect-warning W0001`
//                                           annotations (optionally `@col`) at the offending
//                                           lines of every file read; exit 1 with a list of
//                                           mismatches otherwise
#include <charconv>
#include <cstdint>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <tuple>

#include "paicha/compiler/compiler.h"
#include "paicha/compiler/diag_render.h"
#include "paicha/rt/messages.h"

namespace pc = paicha::compiler;

namespace {

std::string Plain(const pc::SourceManager& sources, const std::vector<pc::Diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) {
    if (d.span.valid() && d.span.file < sources.size()) {
      const auto& src = sources.Get(d.span.file);
      auto loc = src.LocationOf(d.span.begin);
      out += src.name() + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column) + ": ";
    }
    const auto& info = pc::InfoOf(d.kind);
    out += std::string(info.code) + " " + std::string(info.key) + "\n";
  }
  return out;
}

// (file, line, code, column or 0)
using Expect = std::tuple<std::string, uint32_t, std::string, uint32_t>;

int CheckAnnotations(const pc::CompileResult& r) {
  static const std::regex kAnn(R"(expect-(error|warning)\s+([EW][0-9]{4})(@([0-9]+))?)");
  std::multiset<Expect> expected;
  for (size_t f = 0; f < r.sources->size(); ++f) {
    const auto& src = r.sources->Get(static_cast<pc::FileId>(f));
    for (uint32_t line = 1; line <= src.line_count(); ++line) {
      std::string text(src.LineText(line));
      for (auto it = std::sregex_iterator(text.begin(), text.end(), kAnn);
           it != std::sregex_iterator(); ++it) {
        uint32_t col = 0;
        if ((*it)[4].matched) {
          // from_chars, not stoul: an over-long `@column` must not throw out of main. It then
          // stays unmatched (UINT32_MAX is no column) and is reported as a missing diagnostic.
          const std::string digits = (*it)[4].str();
          const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), col);
          if (ec != std::errc() || end != digits.data() + digits.size()) col = UINT32_MAX;
        }
        expected.insert({src.name(), line, (*it)[2].str(), col});
      }
    }
  }
  std::multiset<Expect> unmatched_expected = expected;
  std::vector<std::string> unexpected;
  for (const auto& d : r.diagnostics) {
    std::string code(pc::InfoOf(d.kind).code);
    std::string file;
    uint32_t line = 0, col = 0;
    if (d.span.valid() && d.span.file < r.sources->size()) {
      const auto& src = r.sources->Get(d.span.file);
      auto loc = src.LocationOf(d.span.begin);
      file = src.name();
      line = loc.line;
      col = loc.column;
    }
    auto exact = unmatched_expected.find({file, line, code, col});
    if (exact != unmatched_expected.end()) {
      unmatched_expected.erase(exact);
      continue;
    }
    auto any = unmatched_expected.find({file, line, code, 0});
    if (any != unmatched_expected.end()) {
      unmatched_expected.erase(any);
      continue;
    }
    unexpected.push_back(file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " +
                         code + " " + std::string(pc::InfoOf(d.kind).key));
  }
  int status = 0;
  for (const auto& u : unexpected) {
    std::cout << "unexpected diagnostic: " << u << "\n";
    status = 1;
  }
  for (const auto& [file, line, code, col] : unmatched_expected) {
    std::cout << "missing diagnostic: " << file << ":" << line
              << (col ? ":" + std::to_string(col) : "") << ": " << code << "\n";
    status = 1;
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: paicha-compile-tool --ir|--check|--annotations FILE\n";
    return 2;
  }
  std::string mode = argv[1];
  pc::CompileResult r = pc::Compile(argv[2]);
  if (mode == "--ir") {
    if (r.program) {
      std::cout << pc::DumpIr(*r.program);
      std::cout << Plain(*r.sources, r.diagnostics);  // warnings, if any
      return 0;
    }
    std::cout << Plain(*r.sources, r.diagnostics);
    return 1;
  }
  if (mode == "--check") {
    std::string error;
    auto catalog = paicha::rt::Catalog::Load(paicha::rt::Lang::kZh, &error);
    if (!catalog) {
      std::cerr << "cannot load the message catalog: " << error << "\n";
      return 2;
    }
    std::cout << pc::RenderDiagnostics(*r.sources, r.diagnostics, *catalog, false);
    return 0;
  }
  if (mode == "--annotations") return CheckAnnotations(r);
  std::cerr << "unknown mode " << mode << "\n";
  return 2;
}
