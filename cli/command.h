// The paicha command line: the contract between main.cc and one subcommand.
//
// Layout (OPA cmd/ style): main.cc parses global flags, loads the message catalog and dispatches;
// each subcommand lives in its own file cli/<name>.cc and is listed once in the registry
// (registry.cc). To add a subcommand `foo`:
//   1. write cli/foo.cc with a class FooCommand : public Command and
//      `std::unique_ptr<Command> NewFooCommand()`;
//   2. declare NewFooCommand below and add it to AllCommands() in registry.cc;
//   3. add foo.cc to cli/CMakeLists.txt and the keys cli.foo.summary, cli.foo.args and the help
//      texts of its options to locales/cli/{zh_CN,en}.txt.
//
// Text rules: everything a user reads comes from the catalog (locales/cli, locales/diag, ...).
// CLI11's own help and error texts are English, so its help flag is disabled and main.cc prints
// help from OptionHelp entries; a command must not mark anything `required()` in CLI11 (CLI11
// would then report the error in English): it checks its arguments in Run and returns kUsage.
//
// Exit codes (documented in --help and README.md):
//   kOk (0)          success: no diagnostics with errors, no findings, every test passed;
//   kErrors (1)      the input has errors (rulebook diagnostics printed), the submission has
//                    findings (重大事故隐患/一般隐患/不符合), or a rulebook test case failed;
//   kUsage (2)       bad command line, or an input that cannot be used: an unreadable file, a
//                    damaged or foreign rulebook image, a submission with errors;
//   kToolFailure (3) the tool itself failed: the VM backend rejected a checked program, an
//                    output file could not be written, an internal error (exception) escaped.
#ifndef PAICHA_CLI_COMMAND_H_
#define PAICHA_CLI_COMMAND_H_

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "paicha/rt/messages.h"

namespace paicha::cli {

enum ExitCode : int { kOk = 0, kErrors = 1, kUsage = 2, kToolFailure = 3 };

// One line of a command's help: the option's spelling (literal, e.g. "-o, --output FILE", or a
// catalog key when it needs translating, e.g. a positional's placeholder) and the catalog key of
// its description.
struct OptionHelp {
  std::string spelling;      // literal spelling; used when spelling_key is empty
  std::string spelling_key;  // catalog key of a translated spelling ("cli.check.args")
  std::string key;           // catalog key of the description
};

// What a running command may use. The catalog outlives the command.
struct Context {
  const rt::Catalog& catalog;
  bool color_stdout = false;
  bool color_stderr = false;
  bool verbose = false;
};

class Command {
 public:
  virtual ~Command() = default;
  // The subcommand's name as typed ("check").
  virtual const char* name() const = 0;
  // Adds the command's positionals and options to `app` (a CLI11 subcommand whose help flag is
  // already handled by main.cc) and describes them in `help`, in display order. Values are
  // stored in the command object; Run reads them after parsing.
  virtual void Configure(CLI::App* app, std::vector<OptionHelp>* help) = 0;
  // Runs after a successful parse; returns an ExitCode. Must not throw.
  virtual int Run(const Context& context) = 0;
};

// Prints catalog message `key` with `args` and a newline to `out`.
void PrintMessage(std::FILE* out, const rt::Catalog& catalog, const std::string& key,
                  const std::vector<rt::MsgArg>& args = {});

// The registry: every subcommand, in the order help lists them (registry.cc).
std::vector<std::unique_ptr<Command>> AllCommands();

std::unique_ptr<Command> NewCheckCommand();
std::unique_ptr<Command> NewBuildCommand();
std::unique_ptr<Command> NewEvalCommand();
std::unique_ptr<Command> NewBatchCommand();
std::unique_ptr<Command> NewTestCommand();
std::unique_ptr<Command> NewSchemaCommand();
std::unique_ptr<Command> NewTemplateCommand();
std::unique_ptr<Command> NewDumpCommand();

}  // namespace paicha::cli

#endif  // PAICHA_CLI_COMMAND_H_
