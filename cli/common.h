// Shared plumbing of the runtime-facing subcommands (build, eval, batch, schema, template, test,
// dump): reading files, loading a rulebook from source (.rules, compiled in memory) or from an
// image (.pcb, read and verified), loading submissions and printing their errors located.
//
// Every function here prints its own user-facing errors (catalog messages on standard error) and
// returns a value that tells the caller which exit code to use; nothing throws. A rulebook is
// identified as an image by its content (the 8-byte magic "PAICHA\x1a\n") or its .pcb extension,
// so a renamed image still loads and a damaged .pcb still gets the image error, not a parse error.
//
// Thread safety: the functions are reentrant; a LoadedRulebook is immutable after loading and
// its evaluator may be shared by threads (see rt::Evaluator).
#ifndef PAICHA_CLI_COMMON_H_
#define PAICHA_CLI_COMMON_H_

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "command.h"
#include "paicha/compiler/compiler.h"
#include "paicha/rt/calendar.h"
#include "paicha/rt/evaluator.h"
#include "paicha/rt/facts.h"
#include "paicha/rt/report.h"

namespace paicha::cli {

// Reads a whole file ("-" = standard input) into *out. Returns false when it cannot be read
// (the caller prints cli.error.unreadable).
bool ReadFile(const std::string& path, std::string* out);

// Writes `text` to `path` ("" or "-" = standard output). Returns false on failure.
bool WriteOutput(const std::string& path, const std::string& text);

// A rulebook ready to evaluate. `ir` is set only when it was compiled from source (the template
// and dump commands need the sections and the fields they read); `compiled` keeps the compiler's
// sources alive for the IR's spans.
struct LoadedRulebook {
  std::unique_ptr<rt::Evaluator> evaluator;
  std::shared_ptr<const compiler::ir::Program> ir;
  compiler::CompileResult compiled;
  bool from_image = false;
};

// Options of LoadRulebook.
struct LoadOptions {
  bool want_evaluator = true;  // false: compile (or read) only; used by schema/template from IR
};

// Loads `path`: an image is read and verified (errors: report.image_* messages located at the
// file, exit kUsage); a source file is compiled, its diagnostics rendered to standard error
// (errors: exit kErrors), then translated by the VM backend (failure: exit kToolFailure).
// Returns kOk and fills *out on success, else the exit code to return.
int LoadRulebook(const std::string& path, const Context& context, LoadedRulebook* out,
                 const LoadOptions& options = LoadOptions());

// True when `path`'s bytes (or, if unreadable, its name) say it is a rulebook image.
bool LooksLikeImage(const std::string& path, const std::string& bytes);

// The submission format by file name: .json → kJson, anything else (.yaml, .yml, "-") → kYaml.
rt::FactsFormat FormatFor(const std::string& path);

// Prints the loader's errors (and warnings) for the submission `file` to standard error, one a
// line, each "file:line:col: " (when known) followed by the localised message from
// locales/facts, which names the field path. Warnings are prefixed by the localised word for
// warning. Returns the number of errors printed.
size_t PrintFactProblems(const std::string& file, const rt::LoadResult& loaded,
                         const Context& context);

// Parses a --date value (YYYY-MM-DD and the other forms rt::Date::Parse accepts). On failure
// prints cli.error.bad_date and returns false.
bool ParseDateOption(const std::string& text, const Context& context, std::optional<rt::Date>* out);

// Prints a usage error (message + "see help") and returns kUsage.
int UsageError(const Context& context, const std::string& key,
               const std::vector<rt::MsgArg>& args = {});

// JSON string literals: rt::AppendJsonString (paicha/rt/report.h).
using rt::AppendJsonString;

// Lower-cased ASCII extension of `path` without the dot ("rules", "pcb"), "" when none.
std::string Extension(const std::string& path);

}  // namespace paicha::cli

#endif  // PAICHA_CLI_COMMON_H_
