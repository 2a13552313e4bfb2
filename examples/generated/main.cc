// A program built on a generated evaluator (examples/generated/CMakeLists.txt): reads a YAML
// submission, evaluates it with the compiled 粉尘涉爆 rulebook and prints the Chinese text report,
// like `paicha eval IMAGE FILE --lang zh --color never`, without an image file or the VM loop.
//
//   paicha_generated_example SUBMISSION.yaml
//
// Exit status as `paicha eval`: 0 no findings, 1 findings, 2 the input could not be used.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "fenchen_rulebook.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/gen_support.h"
#include "paicha/rt/messages.h"
#include "paicha/rt/report.h"

namespace rt = paicha::rt;

int main(int argc, char** argv) {
  std::string error;
  std::unique_ptr<rt::Catalog> catalog = rt::Catalog::Load(rt::Lang::kZh, &error);
  if (!catalog) {
    std::cerr << "cannot load the message catalog: " << error << "\n";
    return 2;
  }
  if (argc != 2) {
    std::cerr << "usage: paicha_generated_example SUBMISSION.yaml\n";
    return 2;
  }
  rt::ImageError image_error;
  std::unique_ptr<rt::CompiledRulebook> rulebook = fenchen::Load(&image_error);
  if (!rulebook) {
    std::cerr << catalog->Format(image_error.MessageKey(), image_error.Args()) << "\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << argv[1] << "\n";
    return 2;
  }
  std::ostringstream text;
  text << in.rdbuf();
  rt::LoadResult facts = rt::LoadFacts(rulebook->schema(), text.str(), rt::FactsFormat::kYaml);
  if (!facts.ok()) {
    for (const rt::FactError& e : facts.errors) {
      std::cerr << catalog->Format(e.key, e.args) << "\n";
    }
    return 2;
  }
  const rt::Result result = rulebook->Evaluate(*facts.facts);
  std::cout << rt::RenderText(result, *catalog);
  const rt::Summary& s = result.summary;
  return s.major + s.general + s.nonconforming > 0 ? 1 : 0;
}
