// The `paicha` executable: global flags, catalog loading, localised help, dispatch to the
// subcommands of the registry (command.h explains how to add one).
//
// Order of work: (1) a pre-scan of argv finds --lang, so that even a command line CLI11 rejects
// is reported in the user's language; (2) the catalog is loaded (failure: exit 2 with an English
// message, since there is no catalog to speak with); (3) CLI11 parses, with its English help and
// `required` machinery unused; (4) help, version or the command runs.
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "command.h"
#include "paicha/compiler/diag_render.h"
#include "paicha/rt/messages.h"

namespace paicha::cli {
namespace {

// Global options, with their help; kept in one table so parsing and help cannot drift apart.
struct GlobalFlags {
  std::string lang;
  std::string color = "auto";
  bool verbose = false;
  bool help = false;
  bool version = false;
};

const std::vector<OptionHelp>& GlobalHelp() {
  static const std::vector<OptionHelp> help = {
      {"--lang zh|en", "", "cli.help.opt_lang"},
      {"--color auto|always|never", "", "cli.help.opt_color"},
      {"--verbose", "", "cli.help.opt_verbose"},
      {"--version", "", "cli.help.opt_version"},
      {"-h, --help", "", "cli.help.opt_help"},
  };
  return help;
}

// Options that take a separate value ("--lang en"), for the pre-scan.
bool TakesValue(std::string_view arg) { return arg == "--lang" || arg == "--color"; }

// The value of --lang anywhere on the command line ("--lang en" or "--lang=en"), else "".
std::string PreScanLang(int argc, char** argv) {
  std::string lang;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "--lang" && i + 1 < argc) {
      lang = argv[++i];
    } else if (arg.substr(0, 7) == "--lang=") {
      lang = std::string(arg.substr(7));
    }
  }
  return lang;
}

// The first argument that is neither an option nor an option's value: the command name.
std::string PreScanCommand(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") return i + 1 < argc ? argv[i + 1] : "";
    if (TakesValue(arg)) {
      ++i;
      continue;
    }
    if (!arg.empty() && arg[0] == '-') continue;
    return std::string(arg);
  }
  return "";
}

void Write(std::FILE* out, const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), out);
}

// "  <spelling>   <description>" lines, descriptions aligned by display width.
void WriteOptions(std::string* out, const rt::Catalog& catalog,
                  const std::vector<OptionHelp>& options) {
  std::vector<std::string> spellings;
  size_t width = 0;
  for (const OptionHelp& o : options) {
    spellings.push_back(o.spelling_key.empty() ? o.spelling : catalog.Format(o.spelling_key));
    width = std::max(width, compiler::DisplayWidth(spellings.back()));
  }
  for (size_t i = 0; i < options.size(); ++i) {
    *out += "  ";
    *out += spellings[i];
    out->append(width - compiler::DisplayWidth(spellings[i]) + 3, ' ');
    *out += catalog.Format(options[i].key);
    *out += '\n';
  }
}

void WriteExitCodes(std::string* out, const rt::Catalog& catalog) {
  *out += catalog.Format("cli.help.exit_codes");
  *out += '\n';
  for (const char* code : {"0", "1", "2", "3"}) {
    *out += "  ";
    *out += code;
    *out += "  ";
    *out += catalog.Format(std::string("cli.help.exit_") + code);
    *out += '\n';
  }
}

std::string GlobalHelpText(const rt::Catalog& catalog,
                           const std::vector<std::unique_ptr<Command>>& commands) {
  std::string out = catalog.Format("cli.help.about") + "\n\n";
  out += catalog.Format("cli.help.usage", {{"line", catalog.Format("cli.help.usage_line")}});
  out += "\n\n" + catalog.Format("cli.help.commands") + "\n";
  std::vector<OptionHelp> list;
  for (const auto& c : commands) {
    list.push_back({c->name(), "", std::string("cli.") + c->name() + ".summary"});
  }
  WriteOptions(&out, catalog, list);
  out += "\n" + catalog.Format("cli.help.global_options") + "\n";
  WriteOptions(&out, catalog, GlobalHelp());
  out += "\n";
  WriteExitCodes(&out, catalog);
  out += "\n" + catalog.Format("cli.help.more") + "\n";
  return out;
}

std::string CommandHelpText(const rt::Catalog& catalog, const Command& command,
                            std::vector<OptionHelp> options) {
  const std::string prefix = std::string("cli.") + command.name();
  std::string out = catalog.Format(prefix + ".summary") + "\n\n";
  out += catalog.Format("cli.help.usage",
                        {{"line", catalog.Format("cli.help.command_usage_line",
                                                 {{"command", std::string(command.name())},
                                                  {"args", catalog.Format(prefix + ".args")}})}});
  out += "\n\n" + catalog.Format("cli.help.options") + "\n";
  options.push_back({"-h, --help", "", "cli.help.opt_help"});
  WriteOptions(&out, catalog, options);
  out += "\n" + catalog.Format("cli.help.global_options") + "\n";
  WriteOptions(&out, catalog, GlobalHelp());
  out += "\n";
  WriteExitCodes(&out, catalog);
  return out;
}

int UsageError(const rt::Catalog& catalog, const std::string& key,
               const std::vector<rt::MsgArg>& args) {
  PrintMessage(stderr, catalog, key, args);
  PrintMessage(stderr, catalog, "cli.error.see_help");
  return kUsage;
}

bool UseColor(const std::string& mode, std::FILE* stream) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return isatty(fileno(stream)) && (no_color == nullptr || *no_color == '\0') &&
         !(term != nullptr && std::string_view(term) == "dumb");
}

void SetUpLogging(bool verbose) {
  auto logger =
      std::make_shared<spdlog::logger>("paicha", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_pattern("paicha: [%l] %v");
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

int Main(int argc, char** argv) {
  GlobalFlags flags;
  flags.lang = PreScanLang(argc, argv);
  std::string error;
  std::unique_ptr<rt::Catalog> catalog = rt::Catalog::Load(rt::ResolveLang(flags.lang), &error);
  if (catalog == nullptr) {
    std::fprintf(stderr, "paicha: %s\n", error.c_str());
    return kUsage;
  }

  std::vector<std::unique_ptr<Command>> commands = AllCommands();
  const std::string command_name = PreScanCommand(argc, argv);
  if (!command_name.empty()) {
    bool known = false;
    for (const auto& c : commands) known = known || command_name == c->name();
    if (!known)
      return UsageError(*catalog, "cli.error.unknown_command", {{"command", command_name}});
  }

  CLI::App app;
  app.set_help_flag();  // help is ours (localised)
  app.add_option("--lang", flags.lang);
  app.add_option("--color", flags.color);
  app.add_flag("--verbose", flags.verbose);
  app.add_flag("--version", flags.version);
  app.add_flag("-h,--help", flags.help);
  app.require_subcommand(0, 1);

  std::vector<std::vector<OptionHelp>> command_help(commands.size());
  std::vector<char> command_help_flag(commands.size(), 0);
  std::vector<CLI::App*> subapps;
  for (size_t i = 0; i < commands.size(); ++i) {
    CLI::App* sub = app.add_subcommand(commands[i]->name());
    sub->set_help_flag();
    sub->fallthrough();  // global options may follow the command name
    sub->add_flag_callback("-h,--help", [&command_help_flag, i] { command_help_flag[i] = 1; });
    commands[i]->Configure(sub, &command_help[i]);
    subapps.push_back(sub);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return UsageError(*catalog, "cli.error.usage", {{"detail", std::string(e.what())}});
  }

  // Accepted: anything ResolveLang reads as English ("en", "en_US"...) or starting with "zh".
  const std::string lang_lower = [&] {
    std::string l = flags.lang;
    for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return l;
  }();
  if (!flags.lang.empty() && rt::ResolveLang(flags.lang) == rt::Lang::kZh &&
      lang_lower.rfind("zh", 0) != 0) {
    return UsageError(*catalog, "cli.error.bad_lang", {{"value", flags.lang}});
  }
  if (flags.color != "auto" && flags.color != "always" && flags.color != "never") {
    return UsageError(*catalog, "cli.error.bad_color", {{"value", flags.color}});
  }
  SetUpLogging(flags.verbose);

  for (size_t i = 0; i < commands.size(); ++i) {
    if (command_help_flag[i]) {
      Write(stdout, CommandHelpText(*catalog, *commands[i], command_help[i]));
      return kOk;
    }
  }
  if (flags.help) {
    Write(stdout, GlobalHelpText(*catalog, commands));
    return kOk;
  }
  if (flags.version) {
    PrintMessage(stdout, *catalog, "cli.version", {{"version", std::string(PAICHA_VERSION)}});
    return kOk;
  }
  for (size_t i = 0; i < commands.size(); ++i) {
    if (subapps[i]->parsed()) {
      Context context{*catalog, UseColor(flags.color, stdout), UseColor(flags.color, stderr),
                      flags.verbose};
      spdlog::debug("language {}, command {}", catalog->lang() == rt::Lang::kEn ? "en" : "zh",
                    commands[i]->name());
      return commands[i]->Run(context);
    }
  }
  return UsageError(*catalog, "cli.error.no_command", {});
}

}  // namespace
}  // namespace paicha::cli

int main(int argc, char** argv) {
  // Nothing may escape as an exception: a failure of the tool is exit code 3.
  try {
    return paicha::cli::Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "paicha: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "paicha: internal error\n");
  }
  return paicha::cli::kToolFailure;
}
