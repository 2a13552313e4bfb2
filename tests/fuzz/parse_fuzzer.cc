// libFuzzer entry point: the parser on arbitrary bytes (RE2 re2_fuzzer.cc style).
//
// Invariants checked: no crash, no sanitizer report, no hang; an AST is returned exactly when no
// error was reported, and then its dump is computable. Build with -DPAICHA_FUZZ=ON using clang:
//   CXX=clang++ cmake -S . -B build-fuzz -DPAICHA_FUZZ=ON && cmake --build build-fuzz --target
//   parse_fuzzer build-fuzz/tests/fuzz/parse_fuzzer -max_len=4096 tests/golden/parse
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ast/dump.h"
#include "parse/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace paicha::compiler;
  SourceManager sm;
  FileId id = sm.Add("fuzz.rules", std::string(reinterpret_cast<const char*>(data), size));
  DiagnosticSink sink;
  std::unique_ptr<ast::File> file = ParseFile(sm.Get(id), id, sink);
  if ((file != nullptr) == sink.has_errors()) std::abort();
  if (file != nullptr) {
    std::string dump = ast::DumpFile(*file, sm.Get(id));
    if (dump.empty()) std::abort();
  }
  return 0;
}
