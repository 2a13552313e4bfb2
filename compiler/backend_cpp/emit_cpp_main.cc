// paicha-emit-cpp: compiles a rulebook and writes its generated C++ evaluator (backend_cpp.h).
// A build tool (used by cmake/PaichaRulebook.cmake) until `paicha build --emit cpp` wraps
// GenerateCpp below; the rulebook's diagnostics are rendered in Chinese like `paicha check`.
//
//   paicha-emit-cpp RULEBOOK.rules -o OUT.cc [--header OUT.h] [--namespace NS] [--depfile D]
//
// --depfile writes a Makefile-style dependency file naming every rulebook file read (imports
// included), for CMake's DEPFILE.
//
// Exit status: 0 written; 1 the rulebook has errors (diagnostics on stderr); 2 usage or I/O
// error. Outputs are always rewritten (the build system compares their time stamps with the
// rulebook's files).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "backend_cpp/backend_cpp.h"
#include "backend_vm/backend_vm.h"
#include "paicha/compiler/compiler.h"
#include "paicha/compiler/diag_render.h"
#include "paicha/rt/messages.h"

namespace pc = paicha::compiler;

namespace {

bool Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out.flush());
}

int Usage() {
  std::cerr << "usage: paicha-emit-cpp RULEBOOK.rules -o OUT.cc [--header OUT.h] "
               "[--namespace NS] [--depfile D]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string input, output, header, depfile;
  pc::backend_cpp::EmitCppOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if ((arg == "-o" || arg == "--output") && has_value) {
      output = argv[++i];
    } else if (arg == "--header" && has_value) {
      header = argv[++i];
    } else if (arg == "--depfile" && has_value) {
      depfile = argv[++i];
    } else if (arg == "--namespace" && has_value) {
      options.cpp_namespace = argv[++i];
    } else if (!arg.empty() && arg[0] != '-' && input.empty()) {
      input = arg;
    } else {
      return Usage();
    }
  }
  if (input.empty() || output.empty()) return Usage();
  options.source_name = input;

  pc::CompileResult r = pc::Compile(input);
  if (!r.diagnostics.empty()) {
    std::string error;
    auto catalog = paicha::rt::Catalog::Load(paicha::rt::Lang::kZh, &error);
    if (!catalog) {
      std::cerr << "cannot load the message catalog: " << error << "\n";
      return 2;
    }
    std::cerr << pc::RenderDiagnostics(*r.sources, r.diagnostics, *catalog, false);
  }
  if (!r.ok() || !r.program) return 1;

  std::string image;
  if (std::string err = pc::backend_vm::CompileImage(*r.program, r.sources.get(), &image);
      !err.empty()) {
    std::cerr << "paicha-emit-cpp: internal error: " << err << "\n";
    return 2;
  }
  std::string code;
  if (std::string err = pc::backend_cpp::EmitCpp(image, options, &code); !err.empty()) {
    std::cerr << "paicha-emit-cpp: " << err << "\n";
    return 2;
  }
  if (!Write(output, code)) {
    std::cerr << "paicha-emit-cpp: cannot write " << output << "\n";
    return 2;
  }
  if (!header.empty() && !Write(header, pc::backend_cpp::EmitCppHeader(options))) {
    std::cerr << "paicha-emit-cpp: cannot write " << header << "\n";
    return 2;
  }
  if (!depfile.empty()) {
    // Paths with spaces are escaped the Make way; rulebook names are Chinese, never spaces, but
    // a checkout directory may have them.
    auto escape = [](const std::string& path) {
      std::string e;
      for (char c : path) {
        if (c == ' ') e += '\\';
        e += c;
      }
      return e;
    };
    std::string d = escape(output) + ":";
    for (size_t i = 0; i < r.sources->size(); ++i) {
      std::error_code ec;
      const std::string name = r.sources->Get(static_cast<pc::FileId>(i)).name();
      const std::filesystem::path abs = std::filesystem::absolute(name, ec);
      d += " \\\n  " + escape(ec ? name : abs.string());
    }
    d += "\n";
    if (!Write(depfile, d)) {
      std::cerr << "paicha-emit-cpp: cannot write " << depfile << "\n";
      return 2;
    }
  }
  return 0;
}
