// paicha-ast-dump: a test tool that parses one rulebook file and prints its AST dump.
//
//   paicha-ast-dump [--tree | --antlr] FILE
//
// Prints the canonical AST dump (compiler/ast/dump.h), or with --tree the ANTLR parse tree
// (grammar/examples/*.tree baselines). --antlr parses with ANTLR only (ParserPath::kAntlr), to
// compare with the default path. When the file has errors it prints instead one line per
// diagnostic, sorted: `FILE:LINE:COL: CODE key name=value …` (no rendered message text, so the
// output is independent of the locale catalogs) and exits with status 1. Status 2: usage or an
// unreadable file.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <variant>

#include "ast/dump.h"
#include "paicha/compiler/diagnostic.h"
#include "paicha/compiler/source.h"
#include "parse/parse.h"

namespace {

using paicha::compiler::Diagnostic;
using paicha::compiler::DiagnosticSink;
using paicha::compiler::InfoOf;
using paicha::compiler::Location;
using paicha::compiler::Source;
using paicha::compiler::SourceManager;

void PrintDiagnostics(const SourceManager& sm, const DiagnosticSink& sink) {
  for (const Diagnostic& d : sink.Sorted()) {
    const auto& info = InfoOf(d.kind);
    if (d.span.valid() && d.span.file < sm.size()) {
      const Source& src = sm.Get(d.span.file);
      Location loc = src.LocationOf(d.span.begin);
      std::cout << src.name() << ':' << loc.line << ':' << loc.column << ": ";
    }
    std::cout << info.code << ' ' << info.key;
    for (const auto& a : d.args) {
      std::cout << ' ' << a.name << '=';
      if (const auto* s = std::get_if<std::string>(&a.value)) {
        std::cout << *s;
      } else {
        std::cout << std::get<int64_t>(a.value);
      }
    }
    std::cout << '\n';
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool tree = false;
  paicha::compiler::ParseOptions options;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--tree") {
      tree = true;
    } else if (a == "--antlr") {
      options.path = paicha::compiler::ParserPath::kAntlr;
    } else if (path.empty()) {
      path = a;
    } else {
      path.clear();
      break;
    }
  }
  if (path.empty()) {
    std::cerr << "usage: paicha-ast-dump [--tree | --antlr] FILE\n";
    return 2;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << path << '\n';
    return 2;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  SourceManager sm;
  paicha::compiler::FileId id = sm.Add(path, buf.str());
  const Source& src = sm.Get(id);
  DiagnosticSink sink;
  if (tree) {
    std::string text = paicha::compiler::ParseTreeText(src, id, sink);
    if (sink.has_errors()) {
      PrintDiagnostics(sm, sink);
      return 1;
    }
    std::cout << text;
    return 0;
  }
  auto file = paicha::compiler::ParseFile(src, id, sink, options);
  if (file == nullptr || sink.has_errors()) {
    PrintDiagnostics(sm, sink);
    return 1;
  }
  std::cout << paicha::compiler::ast::DumpFile(*file, src);
  return 0;
}
