// The C++ backend: see backend_cpp.h. The emitter walks the segments of the program read back
// from the image and prints each instruction as one PAICHA_OP statement; the only translation
// it does itself is control flow (jumps and loop back-edges become gotos to labels).
#include "backend_cpp/backend_cpp.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <vector>

#include "paicha/rt/image.h"
#include "paicha/rt/program.h"

namespace paicha::compiler::backend_cpp {
namespace {

// Image bytes per string literal: below the 65 536 characters C++ guarantees (-Woverlength-strings
// under -Wpedantic), counting the escapes.
constexpr size_t kChunkBytes = 12000;
constexpr size_t kLineBytes = 48;

bool IsIdentifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// "a::b" with each part an identifier.
bool IsQualifiedName(std::string_view s) {
  size_t start = 0;
  for (;;) {
    const size_t sep = s.find("::", start);
    if (!IsIdentifier(s.substr(start, sep == std::string_view::npos ? sep : sep - start))) {
      return false;
    }
    if (sep == std::string_view::npos) return true;
    start = sep + 2;
  }
}

// Text for a // comment: one line, no trailing backslash (a line continuation).
std::string CommentText(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '\n' || c == '\r') ? ' ' : c;
  while (!out.empty() && (out.back() == '\\' || out.back() == ' ')) out.pop_back();
  return out;
}

void AppendEscaped(std::string* out, std::string_view bytes) {
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"' && c != '?') {
      *out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      *out += buf;
    }
  }
}

// What each segment evaluates, for the comments (a segment may serve several entities).
std::vector<std::vector<std::string>> SegmentRoles(const rt::Program& p) {
  std::vector<std::vector<std::string>> roles(p.segments.size());
  auto add = [&](int32_t seg, std::string role) {
    if (seg >= 0 && static_cast<size_t>(seg) < roles.size()) {
      roles[static_cast<size_t>(seg)].push_back(CommentText(role));
    }
  };
  for (size_t i = 0; i < p.lets.size(); ++i) {
    add(p.lets[i].segment, p.lets[i].name.empty()
                               ? "shared subexpression (let " + std::to_string(i) + ")"
                               : "let " + p.lets[i].name);
  }
  for (const rt::SectionDecl& s : p.sections) {
    add(s.applies, "section " + s.id + " " + s.title + ": applicability");
  }
  for (const rt::ItemDecl& it : p.items) {
    const std::string name =
        "item " + it.id + " " + it.title + (it.clause.empty() ? "" : " (" + it.clause + ")");
    add(it.applies, name + ": applicability");
    add(it.condition, name + ": condition");
    add(it.deduct_per, name + ": deduction count");
  }
  for (const rt::GradeDecl& g : p.grades) add(g.segment, "grade " + g.name);
  for (const rt::GradeDecl& g : p.colours) add(g.segment, "colour " + g.name);
  return roles;
}

std::string Where(const rt::Program& p, uint32_t pc) {
  const rt::LineInfo* li = p.LineFor(pc);
  if (li == nullptr || li->file >= p.files.size()) return "";
  return CommentText(p.files[li->file]) + ":" + std::to_string(li->line);
}

void EmitSegment(const rt::Program& p, size_t index, const std::vector<std::string>& roles,
                 std::string* out) {
  const rt::Segment& seg = p.segments[index];
  *out += "\n// ---- Segment " + std::to_string(index);
  if (const std::string w = Where(p, seg.begin); !w.empty()) *out += " (" + w + ")";
  *out += "\n";
  for (const std::string& r : roles) *out += "// " + r + "\n";
  *out += "void S" + std::to_string(index) + "(Machine& m, Frame& f) {\n";

  // Labels: jump targets and loop re-entry points.
  std::set<uint32_t> labels;
  for (uint32_t pc = seg.begin; pc < seg.end; ++pc) {
    const rt::Instr& in = p.code[pc];
    switch (in.op) {
      case rt::Opcode::kJump:
      case rt::Opcode::kJumpIfFalse:
      case rt::Opcode::kJumpIfTrue:
      case rt::Opcode::kIterBegin:
        labels.insert(in.c);
        break;
      case rt::Opcode::kIterNext:
        labels.insert(in.c + 1);
        break;
      default:
        break;
    }
  }
  auto label = [](uint32_t pc) { return "L" + std::to_string(pc); };

  std::string last_where;
  for (uint32_t pc = seg.begin; pc < seg.end; ++pc) {
    const rt::Instr& in = p.code[pc];
    if (std::string w = Where(p, pc); !w.empty() && w != last_where) {
      *out += "  // " + w + "\n";
      last_where = std::move(w);
    }
    if (labels.count(pc) != 0) *out += label(pc) + ":\n";
    if (in.op == rt::Opcode::kRet) {
      *out += "  return;\n";
      continue;
    }
    if (in.op == rt::Opcode::kJump) {
      *out += "  goto " + label(in.c) + ";\n";
      continue;
    }
    *out += "  PAICHA_OP(" + std::to_string(pc) + ", " + rt::OpcodeName(in.op) + ", " +
            std::to_string(in.a) + ", " + std::to_string(in.b) + ", " + std::to_string(in.c) + ");";
    switch (in.op) {
      case rt::Opcode::kJumpIfFalse:
      case rt::Opcode::kJumpIfTrue:
      case rt::Opcode::kIterBegin:
        *out += " if (f.pc == " + std::to_string(in.c) + "u) goto " + label(in.c) + ";";
        break;
      case rt::Opcode::kIterNext:
        *out += " if (f.pc == " + std::to_string(in.c + 1) + "u) goto " + label(in.c + 1) + ";";
        break;
      default:
        break;
    }
    *out += "\n";
  }
  *out += "}\n";
}

std::string NamespaceOpen(const std::string& ns) { return "namespace " + ns + " {\n"; }
std::string NamespaceClose(const std::string& ns) { return "}  // namespace " + ns + "\n"; }

}  // namespace

std::string EmitCppHeader(const EmitCppOptions& options) {
  if (!IsQualifiedName(options.cpp_namespace)) return "";
  std::string out;
  out += "// Generated by paicha-emit-cpp";
  if (!options.source_name.empty()) out += " from " + CommentText(options.source_name);
  out += ". Do not edit.\n";
  out += "#pragma once\n\n#include <memory>\n\n#include \"paicha/rt/gen_support.h\"\n\n";
  out += NamespaceOpen(options.cpp_namespace);
  out +=
      "// The rulebook's evaluator (see paicha/rt/gen_support.h). Returns nullptr and fills "
      "*error\n// (never null) only if the embedded image is damaged. Thread-safe.\n"
      "std::unique_ptr<::paicha::rt::CompiledRulebook> Load(::paicha::rt::ImageError* error);\n";
  out += NamespaceClose(options.cpp_namespace);
  return out;
}

std::string EmitCpp(std::string_view image, const EmitCppOptions& options, std::string* out) {
  if (!IsQualifiedName(options.cpp_namespace)) {
    return "invalid C++ namespace '" + options.cpp_namespace + "'";
  }
  rt::ImageError error;
  std::shared_ptr<const rt::Program> program = rt::ReadImage(image, &error);
  if (!program) return error.DebugString();
  const rt::Program& p = *program;

  std::string& o = *out;
  o.clear();
  o.reserve(image.size() * 3 + p.code.size() * 48);
  o += "// Generated by paicha-emit-cpp";
  if (!options.source_name.empty()) o += " from " + CommentText(options.source_name);
  o += ". Do not edit.\n";
  o += "// Rulebook: " + CommentText(p.meta.title) + " " + CommentText(p.meta.version) + "\n";
  o += "// Content hash: " + p.content_hash + "\n";
  o += "// " + std::to_string(p.items.size()) + " items, " + std::to_string(p.segments.size()) +
       " segments, " + std::to_string(p.code.size()) + " instructions.\n";
  o += "//\n// Each segment function runs the segment's instructions through the VM's own opcode\n"
       "// implementations (PAICHA_OP, paicha/rt/gen_support.h); the image below holds the data.\n";
  o += "#include <string>\n#include <string_view>\n\n#include \"paicha/rt/gen_support.h\"\n\n";
  o += NamespaceOpen(options.cpp_namespace);
  o += "namespace {\n\nusing ::paicha::rt::gen::Frame;\nusing ::paicha::rt::gen::Machine;\n";

  // Segments.
  const std::vector<std::vector<std::string>> roles = SegmentRoles(p);
  for (size_t i = 0; i < p.segments.size(); ++i) EmitSegment(p, i, roles[i], &o);

  // The table.
  o += "\n// Segment i of the image is run by kSegments[i].\n";
  if (p.segments.empty()) {
    o += "constexpr ::paicha::rt::gen::SegmentFn* kSegments = nullptr;\n";
  } else {
    o += "constexpr ::paicha::rt::gen::SegmentFn kSegments[] = {";
    for (size_t i = 0; i < p.segments.size(); ++i) {
      o += (i % 10 == 0) ? "\n    " : " ";
      o += "S" + std::to_string(i) + ",";
    }
    o += "\n};\n";
  }
  o += "constexpr size_t kSegmentCount = " + std::to_string(p.segments.size()) + ";\n";

  // The image, in chunks (each literal stays below the guaranteed maximum length).
  o += "\n// The rulebook image (" + std::to_string(image.size()) +
       " bytes): schema, metadata, constants, tables, source map.\n";
  o += "constexpr std::string_view kImage[] = {\n";
  for (size_t chunk = 0; chunk < image.size(); chunk += kChunkBytes) {
    const size_t n = std::min(kChunkBytes, image.size() - chunk);
    o += "    std::string_view(\n";
    for (size_t line = 0; line < n; line += kLineBytes) {
      o += "        \"";
      AppendEscaped(&o, image.substr(chunk + line, std::min(kLineBytes, n - line)));
      o += "\"\n";
    }
    o += "        , " + std::to_string(n) + "),\n";
  }
  o += "};\n\n}  // namespace\n\n";

  o += "std::unique_ptr<::paicha::rt::CompiledRulebook> Load(::paicha::rt::ImageError* error) {\n";
  o += "  std::string image;\n  image.reserve(" + std::to_string(image.size()) + ");\n";
  o += "  for (std::string_view part : kImage) image.append(part.data(), part.size());\n";
  o +=
      "  return ::paicha::rt::gen::MakeCompiledRulebook(image, kSegments, kSegmentCount, error);\n";
  o += "}\n\n";
  o += NamespaceClose(options.cpp_namespace);
  return "";
}

}  // namespace paicha::compiler::backend_cpp
