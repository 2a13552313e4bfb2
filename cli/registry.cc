// The list of subcommands (see command.h for how to add one).
#include "command.h"

namespace paicha::cli {

std::vector<std::unique_ptr<Command>> AllCommands() {
  std::vector<std::unique_ptr<Command>> commands;
  commands.push_back(NewCheckCommand());
  commands.push_back(NewBuildCommand());
  commands.push_back(NewEvalCommand());
  commands.push_back(NewBatchCommand());
  commands.push_back(NewTestCommand());
  commands.push_back(NewSchemaCommand());
  commands.push_back(NewTemplateCommand());
  commands.push_back(NewDumpCommand());
  return commands;
}

void PrintMessage(std::FILE* out, const rt::Catalog& catalog, const std::string& key,
                  const std::vector<rt::MsgArg>& args) {
  std::string text = catalog.Format(key, args);
  text += '\n';
  std::fwrite(text.data(), 1, text.size(), out);
}

}  // namespace paicha::cli
