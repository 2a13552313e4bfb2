// Writes the random rulebooks that paicha_diffgen_test compiles through the generated C++
// (tests/differential/CMakeLists.txt): `write_random_rulebooks <dir> <seed> <count>` writes
// RandomRulebook(seed * 1000003 + i).text() to <dir>/r<i>/随机.rules for i in [0, count), the
// seeds differential_test.cc uses for PAICHA_DIFF_SEED=<seed>. A file whose content is unchanged
// is left alone, so that rebuilding the generator recompiles only the rulebooks that changed.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "random_rulebook.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: write_random_rulebooks <dir> <seed> <count>\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const uint64_t seed = std::strtoull(argv[2], nullptr, 10);
  const uint64_t count = std::strtoull(argv[3], nullptr, 10);
  for (uint64_t i = 0; i < count; ++i) {
    const uint32_t rb_seed = static_cast<uint32_t>(seed * 1000003u + i);
    const std::string text = paicha::difftest::RandomRulebook(rb_seed).text();
    const std::filesystem::path sub = dir / ("r" + std::to_string(i));
    const std::filesystem::path file = sub / std::filesystem::u8path("随机.rules");
    std::ifstream in(file, std::ios::binary);
    if (in && std::string(std::istreambuf_iterator<char>(in), {}) == text) continue;
    in.close();
    std::filesystem::create_directories(sub);
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::fprintf(stderr, "write_random_rulebooks: cannot write %s\n", file.string().c_str());
      return 1;
    }
  }
  return 0;
}
