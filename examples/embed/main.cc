// Embedding the paicha runtime in an application.
//
// This program links only the runtime library (paicha_runtime): no compiler, no ANTLR. It loads a
// rulebook image built beforehand with `paicha build`, loads one submission against the image's
// schema, evaluates it and prints the Chinese report, then lists the findings through the result
// model, as an application that files hazards into its own ledger would.
//
//   embed_example RULEBOOK.pcb SUBMISSION.yaml
//
// Exit status: 0 no findings, 1 findings, 2 bad input (image or submission), as `paicha eval`.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "paicha/rt/evaluator.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/messages.h"
#include "paicha/rt/report.h"
#include "paicha/rt/result.h"

namespace rt = paicha::rt;

namespace {

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  *out = buf.str();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: embed_example RULEBOOK.pcb SUBMISSION.yaml\n";
    return 2;
  }
  // 1. Messages: the catalog of the user's language (LANG, default Chinese).
  std::string error;
  std::unique_ptr<rt::Catalog> catalog = rt::Catalog::Load(rt::ResolveLang(""), &error);
  if (!catalog) {
    std::cerr << error << "\n";
    return 2;
  }

  // 2. The rulebook image: loaded and verified once; the Evaluator is then immutable and may
  //    evaluate submissions from many threads at once.
  rt::ImageError image_error;
  std::unique_ptr<rt::Evaluator> evaluator = rt::Evaluator::LoadFile(argv[1], &image_error);
  if (!evaluator) {
    std::cerr << catalog->Format(image_error.MessageKey(), image_error.Args()) << "\n";
    return 2;
  }

  // 3. The submission, typed against the rulebook's schema. Every error names its field path.
  std::string text;
  if (!ReadFile(argv[2], &text)) {
    std::cerr << catalog->Format("cli.error.unreadable", {{"file", std::string(argv[2])}})
              << "\n";
    return 2;
  }
  rt::LoadResult facts = rt::LoadFacts(evaluator->schema(), text, rt::FactsFormat::kYaml);
  if (!facts.ok()) {
    for (const rt::FactError& e : facts.errors) std::cerr << catalog->Format(e.key, e.args) << "\n";
    return 2;
  }

  // 4. Evaluate with explanations and render the report.
  rt::Result result = evaluator->Evaluate(*facts.facts);
  std::cout << rt::RenderText(result, *catalog);

  // 5. The result model is plain data: an application can file findings into its own ledger.
  int findings = 0;
  for (const rt::ItemResult& item : result.items) {
    if (rt::IsFinding(item.status)) ++findings;
  }
  return findings > 0 ? 1 : 0;
}
