// Benchmark: the shipped rulebooks as a user meets them. Three figures (issue: generated C++ and
// the performance race):
//   BM_CheckShipped/<i>   `paicha check` of shipped rulebook i (parse, imports, types, lowering);
//   BM_CheckAllShipped    all of them, one after the other (what CI's `paicha check` costs);
//   BM_LoadImage/<i>      Evaluator::Load of its image: header, checksum, SHA-256, decoding, the
//                         bytecode verifier and RE2 compilation — the per-process start-up cost.
// Before the benchmarks run, main() prints the memory that all shipped rulebooks take when loaded
// at once: the heap bytes in use after loading them minus before (glibc mallinfo2: small
// allocations plus mmapped blocks; resident-set deltas would hide loads that land in pages the
// compiler already touched), and the process's peak resident set (VmHWM, which includes having
// compiled them).
//
// A shipped rulebook is a .rules file under rulebooks/ or examples/ whose first declaration is a
// `规则库` header (module files, `模块`, are compiled through their importers). Run:
//   cmake --build build --target paicha_rulebooks_bench && build/bench/paicha_rulebooks_bench
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "backend_vm/backend_vm.h"
#include "paicha/compiler/compiler.h"
#include "paicha/rt/evaluator.h"
#include "paicha/rt/image.h"

#ifndef PAICHA_SOURCE_DIR
#error "PAICHA_SOURCE_DIR must name the repository root"
#endif

namespace {

namespace fs = std::filesystem;
using paicha::compiler::Compile;
using paicha::compiler::CompileOptions;

struct Shipped {
  std::string path;   // absolute
  std::string name;   // relative to the repository root
  std::string image;  // `paicha build` bytes
  size_t items = 0;
};

std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// True when the first line that is neither blank nor a comment opens a rulebook header.
bool IsRootRulebook(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos || line[b] == '#') continue;
    return line.compare(b, 9, "规则库") == 0 || line.compare(b, 8, "rulebook") == 0;
  }
  return false;
}

std::vector<Shipped>& ShippedRulebooks() {
  static std::vector<Shipped>* all = [] {
    auto* v = new std::vector<Shipped>;
    const fs::path root(PAICHA_SOURCE_DIR);
    for (const char* dir : {"rulebooks", "examples"}) {
      for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
        if (!e.is_regular_file() || e.path().extension() != ".rules") continue;
        if (!IsRootRulebook(ReadText(e.path()))) continue;
        v->push_back({e.path().string(), fs::relative(e.path(), root).string(), "", 0});
      }
    }
    std::sort(v->begin(), v->end(),
              [](const Shipped& a, const Shipped& b) { return a.name < b.name; });
    for (Shipped& s : *v) {
      auto r = Compile(s.path);
      if (!r.ok() || !r.program) {
        std::fprintf(stderr, "%s does not compile\n", s.name.c_str());
        std::exit(1);
      }
      const std::string err =
          paicha::compiler::backend_vm::CompileImage(*r.program, r.sources.get(), &s.image);
      if (!err.empty()) {
        std::fprintf(stderr, "%s: %s\n", s.name.c_str(), err.c_str());
        std::exit(1);
      }
      paicha::rt::ImageError ie;
      auto ev = paicha::rt::Evaluator::Load(s.image, &ie);
      s.items = ev ? ev->program().items.size() : 0;
    }
    return v;
  }();
  return *all;
}

void BM_CheckShipped(benchmark::State& state) {
  const Shipped& s = ShippedRulebooks()[static_cast<size_t>(state.range(0))];
  state.SetLabel(s.name);
  CompileOptions opt;
  opt.stop = CompileOptions::Stop::kCheck;
  for (auto _ : state) {
    auto r = Compile(s.path, opt);
    if (!r.ok()) state.SkipWithError("rulebook has errors");
    benchmark::DoNotOptimize(r.diagnostics.data());
  }
  state.counters["items"] = static_cast<double>(s.items);
}

void BM_CheckAllShipped(benchmark::State& state) {
  CompileOptions opt;
  opt.stop = CompileOptions::Stop::kCheck;
  size_t items = 0;
  for (const Shipped& s : ShippedRulebooks()) items += s.items;
  for (auto _ : state) {
    for (const Shipped& s : ShippedRulebooks()) {
      auto r = Compile(s.path, opt);
      if (!r.ok()) state.SkipWithError("rulebook has errors");
      benchmark::DoNotOptimize(r.diagnostics.data());
    }
  }
  state.counters["rulebooks"] = static_cast<double>(ShippedRulebooks().size());
  state.counters["items"] = static_cast<double>(items);
}

void BM_LoadImage(benchmark::State& state) {
  const Shipped& s = ShippedRulebooks()[static_cast<size_t>(state.range(0))];
  state.SetLabel(s.name);
  for (auto _ : state) {
    paicha::rt::ImageError err;
    auto ev = paicha::rt::Evaluator::Load(s.image, &err);
    if (!ev) state.SkipWithError("image does not load");
    benchmark::DoNotOptimize(ev.get());
  }
  state.counters["image_bytes"] = static_cast<double>(s.image.size());
  state.counters["items"] = static_cast<double>(s.items);
}

// VmRSS or VmHWM of this process in KiB, from /proc/self/status (0 when unavailable).
int64_t StatusKib(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(key) + ":";
  while (std::getline(in, line)) {
    if (line.compare(0, prefix.size(), prefix) == 0)
      return std::strtoll(line.c_str() + prefix.size(), nullptr, 10);
  }
  return 0;
}

void PrintResidentMemory() {
  const auto& all = ShippedRulebooks();
  const struct mallinfo2 m0 = mallinfo2();
  std::vector<std::unique_ptr<paicha::rt::Evaluator>> loaded;
  size_t bytes = 0, items = 0;
  for (const Shipped& s : all) {
    paicha::rt::ImageError err;
    loaded.push_back(paicha::rt::Evaluator::Load(s.image, &err));
    bytes += s.image.size();
    items += s.items;
  }
  const struct mallinfo2 m1 = mallinfo2();
  const double heap = static_cast<double>((m1.uordblks + m1.hblkhd) - (m0.uordblks + m0.hblkhd));
  std::printf(
      "shipped rulebooks: %zu (%zu items, %zu image bytes); heap in use with all loaded: %.0f "
      "KiB; process peak resident set (VmHWM, includes compiling them): %" PRId64 " KiB\n",
      all.size(), items, bytes, heap / 1024, StatusKib("VmHWM"));
  for (const Shipped& s : all) {
    std::printf("  %s: %zu items, image %zu bytes\n", s.name.c_str(), s.items, s.image.size());
  }
}

void RegisterAll() {
  const int n = static_cast<int>(ShippedRulebooks().size());
  benchmark::RegisterBenchmark("BM_CheckAllShipped", BM_CheckAllShipped)
      ->Unit(benchmark::kMillisecond);
  for (int i = 0; i < n; ++i) {
    benchmark::RegisterBenchmark("BM_CheckShipped", BM_CheckShipped)
        ->Arg(i)
        ->Unit(benchmark::kMillisecond);
  }
  for (int i = 0; i < n; ++i) {
    benchmark::RegisterBenchmark("BM_LoadImage", BM_LoadImage)
        ->Arg(i)
        ->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  PrintResidentMemory();
  RegisterAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
