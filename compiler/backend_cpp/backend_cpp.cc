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

// ---- Native status code (gen_native.h) ----------------------------------------------------------
//
// Why from the bytecode and not from the IR: the bytecode is the one lowered form both backends
// already share (see backend_cpp.h), read back from the very image that is embedded, so the
// native code, the Exec path and the VM cannot drift apart in what they evaluate (lets hoisted by
// the backend, short-circuit order, macro layout); the translation is local (one instruction, one
// inline operation on static stack positions) and its semantics are the interpreter's, operation
// for operation, which is what tests/differential checks.

// Whether every instruction of the segment has a native operation.
bool NativeSupported(const rt::Program& p, const rt::Segment& seg) {
  for (uint32_t pc = seg.begin; pc < seg.end; ++pc) {
    const rt::Instr& in = p.code[pc];
    switch (in.op) {
      case rt::Opcode::kPushPeriod:
      case rt::Opcode::kSummary:
        return false;
      case rt::Opcode::kIterBegin:
        if (static_cast<rt::MacroKind>(in.a) == rt::MacroKind::kFrequency) return false;
        break;
      default:
        break;
    }
  }
  return true;
}

// Values popped and pushed by `in` on the fall-through path (the verifier's stack effects).
void StackEffect(const rt::Instr& in, int* pops, int* pushes) {
  *pops = 0;
  *pushes = 1;
  switch (in.op) {
    case rt::Opcode::kPushBool:
    case rt::Opcode::kPushInt:
    case rt::Opcode::kPushConst:
    case rt::Opcode::kPushEnum:
    case rt::Opcode::kPushPeriod:
    case rt::Opcode::kInputField:
    case rt::Opcode::kVar:
    case rt::Opcode::kLet:
    case rt::Opcode::kReportDate:
    case rt::Opcode::kPeriodStart:
    case rt::Opcode::kSummary:
      return;
    case rt::Opcode::kField:
    case rt::Opcode::kNot:
    case rt::Opcode::kNeg:
    case rt::Opcode::kIntToDec:
    case rt::Opcode::kScale:
    case rt::Opcode::kMatch:
    case rt::Opcode::kSize:
      *pops = 1;
      return;
    case rt::Opcode::kJumpIfFalse:
    case rt::Opcode::kJumpIfTrue:
    case rt::Opcode::kJump:
      *pushes = 0;
      return;
    case rt::Opcode::kCond:
      *pops = 3;
      return;
    case rt::Opcode::kIn:
    case rt::Opcode::kNotIn:
      *pops = in.b + 1;
      return;
    case rt::Opcode::kSituation:
      *pops = in.b + (in.a == static_cast<uint8_t>(rt::SituationKind::kAtLeast) ? 1 : 0);
      return;
    case rt::Opcode::kIterBegin:  // entering the body; the exit gets the result
      *pops = 1;
      *pushes = 0;
      return;
    case rt::Opcode::kIterNext:  // the body's value in, the macro's value out
      *pops = 1;
      return;
    case rt::Opcode::kRet:
      *pops = 1;
      *pushes = 0;
      return;
    default:  // binary operators
      *pops = 2;
      return;
  }
}

std::string Slot(int i) { return "s" + std::to_string(i); }

const char* MacroKindEnum(rt::MacroKind k) {
  switch (k) {
    case rt::MacroKind::kExists:
      return "kExists";
    case rt::MacroKind::kAll:
      return "kAll";
    case rt::MacroKind::kExistsOne:
      return "kExistsOne";
    case rt::MacroKind::kFilter:
      return "kFilter";
    case rt::MacroKind::kCount:
      return "kCount";
    case rt::MacroKind::kSum:
      return "kSum";
    case rt::MacroKind::kMin:
      return "kMin";
    case rt::MacroKind::kMax:
      return "kMax";
    case rt::MacroKind::kRatio:
      return "kRatio";
    case rt::MacroKind::kFrequency:
      break;
  }
  return "";
}

// The native function N<index> of a segment (see gen_native.h), or false (nothing written) when
// the segment has an operation without a native form.
// Date constants it reads (as kConst<k>, defined once by the caller) are added to *date_consts.
bool EmitNativeSegment(const rt::Program& p, size_t index, std::set<uint32_t>* date_consts,
                       std::string* out) {
  const rt::Segment& seg = p.segments[index];
  if (!NativeSupported(p, seg)) return false;

  std::string body;
  std::map<uint32_t, int> target_sp;  // stack depth at jump targets
  std::set<uint32_t> labels;
  std::vector<uint32_t> open_loops;  // IterBegin pcs of the enclosing loops
  std::vector<std::pair<uint32_t, rt::MacroKind>> loops;
  int sp = 0, max_sp = 1;
  bool falls = true;
  for (uint32_t pc = seg.begin; pc < seg.end; ++pc) {
    const rt::Instr& in = p.code[pc];
    if (auto t = target_sp.find(pc); t != target_sp.end()) {
      if (falls && t->second != sp) return false;  // cannot happen in a verified image
      sp = t->second;
    } else if (!falls) {
      return false;  // unreachable code: not produced by the compiler
    }
    falls = true;
    if (labels.count(pc) != 0) body += "L" + std::to_string(pc) + ":\n";
    const std::string top = sp >= 1 ? Slot(sp - 1) : "";
    const std::string below = sp >= 2 ? Slot(sp - 2) : "";
    const std::string push = Slot(sp);
    std::string line;
    switch (in.op) {
      case rt::Opcode::kPushBool:
        line = push + " = Bool(" + (in.a != 0 ? "true" : "false") + ");";
        break;
      case rt::Opcode::kPushInt:
        line = push + " = Int(" + std::to_string(static_cast<int32_t>(in.c)) + ");";
        break;
      case rt::Opcode::kPushConst: {
        const rt::Constant& k = p.constants[in.c];
        switch (k.kind) {
          case rt::Constant::Kind::kInt:
            line = push + " = Int(INT64_C(" + std::to_string(k.i) + "));";
            if (k.i == INT64_MIN) line = push + " = Int(INT64_MIN);";
            break;
          case rt::Constant::Kind::kDecimal:
            line = push + " = Dec(INT64_C(" + std::to_string(k.d.coefficient()) + "), " +
                   std::to_string(k.d.scale()) + ");";
            if (k.d.coefficient() == INT64_MIN) {
              line = push + " = Dec(INT64_MIN, " + std::to_string(k.d.scale()) + ");";
            }
            break;
          case rt::Constant::Kind::kDate:  // made once (Date::FromDays is out of line)
            line = push + " = kConst" + std::to_string(in.c) + ";  // " + k.date.ToString();
            date_consts->insert(in.c);
            break;
          case rt::Constant::Kind::kText:
          case rt::Constant::Kind::kPattern:
            line = push + " = TextConst(c, " + std::to_string(in.c) + "u);";
            break;
        }
        break;
      }
      case rt::Opcode::kPushEnum:
        line = push + " = Enum(" + std::to_string(in.c) + ");";
        break;
      case rt::Opcode::kInputField:
        line = push + " = InputField(c, " + std::to_string(in.c) + "u);";
        break;
      case rt::Opcode::kField:
        line = "Field(" + top + ", " + std::to_string(in.c) + "u);";
        break;
      case rt::Opcode::kIndex:
        line = "Index(" + below + ", " + top + ");";
        break;
      case rt::Opcode::kVar:
        if (in.a >= open_loops.size()) return false;
        line = push + " = loop" + std::to_string(open_loops[in.a]) + ".Var();";
        break;
      case rt::Opcode::kLet:
        line = push + " = c.lets[" + std::to_string(in.c) + "];";
        break;
      case rt::Opcode::kReportDate:
        line = push + " = ReportDate(c);";
        break;
      case rt::Opcode::kPeriodStart:
        line = push + " = PeriodStart(c);";
        break;
      case rt::Opcode::kNot:
        line = "Not(" + top + ");";
        break;
      case rt::Opcode::kAnd:
        line = "And(" + below + ", " + top + ");";
        break;
      case rt::Opcode::kOr:
        line = "Or(" + below + ", " + top + ");";
        break;
      case rt::Opcode::kJumpIfFalse:
      case rt::Opcode::kJumpIfTrue:
        line = std::string("if (") + (in.op == rt::Opcode::kJumpIfFalse ? "IsFalse" : "IsTrue") +
               "(" + top + ")) goto L" + std::to_string(in.c) + ";";
        labels.insert(in.c);
        target_sp[in.c] = sp;
        break;
      case rt::Opcode::kJump:
        line = "goto L" + std::to_string(in.c) + ";";
        labels.insert(in.c);
        target_sp[in.c] = sp;
        falls = false;
        break;
      case rt::Opcode::kCond:
        line = "Cond(" + Slot(sp - 3) + ", " + below + ", " + top + ");";
        break;
      case rt::Opcode::kEq:
      case rt::Opcode::kNe:
      case rt::Opcode::kLt:
      case rt::Opcode::kLe:
      case rt::Opcode::kGt:
      case rt::Opcode::kGe:
      case rt::Opcode::kAdd:
      case rt::Opcode::kSub:
      case rt::Opcode::kMul:
      case rt::Opcode::kDiv: {
        const bool cmp = in.op != rt::Opcode::kAdd && in.op != rt::Opcode::kSub &&
                         in.op != rt::Opcode::kMul && in.op != rt::Opcode::kDiv;
        line = std::string(cmp ? "Compare" : "Arithmetic") + "<Opcode::k" + rt::OpcodeName(in.op) +
               ">(" + below + ", " + top + ");";
        break;
      }
      case rt::Opcode::kIn:
      case rt::Opcode::kNotIn: {
        const int x = sp - 1 - in.b;
        line = "{\n    InList q(" + Slot(x) + ");\n";
        for (int i = x + 1; i < sp; ++i) line += "    q.Add(" + Slot(i) + ");\n";
        line += "    " + Slot(x) + " = q.Result(" + (in.op == rt::Opcode::kIn ? "true" : "false") +
                ");\n  }";
        break;
      }
      case rt::Opcode::kNeg:
        line = "Neg(" + top + ");";
        break;
      case rt::Opcode::kIntToDec:
        line = "IntToDec(" + top + ");";
        break;
      case rt::Opcode::kScale:
        line = "Scale(c, " + top + ", " + std::to_string(in.c) + "u);";
        break;
      case rt::Opcode::kAddDays:
      case rt::Opcode::kAddMonths:
        line = std::string("AddToDate<") + (in.op == rt::Opcode::kAddMonths ? "true" : "false") +
               ">(" + below + ", " + top + ");";
        break;
      case rt::Opcode::kMatch:
        line = "Match(c, " + top + ", " + std::to_string(in.c) + "u);";
        break;
      case rt::Opcode::kStartsWith:
      case rt::Opcode::kContains:
        line = std::string("TextTest<") + (in.op == rt::Opcode::kStartsWith ? "true" : "false") +
               ">(" + below + ", " + top + ");";
        break;
      case rt::Opcode::kIterBegin: {
        const auto kind = static_cast<rt::MacroKind>(in.a);
        loops.emplace_back(pc, kind);
        open_loops.push_back(pc);
        line = "if (loop" + std::to_string(pc) + ".Begin(" + top + ")) goto L" +
               std::to_string(in.c) + ";";
        labels.insert(in.c);
        labels.insert(pc + 1);
        target_sp[in.c] = sp;  // the list's place receives the result
        break;
      }
      case rt::Opcode::kIterNext:
        if (open_loops.empty() || open_loops.back() != in.c) return false;
        open_loops.pop_back();
        line = "if (loop" + std::to_string(in.c) + ".Next(c, " + top + ")) goto L" +
               std::to_string(in.c + 1) + ";";
        break;
      case rt::Opcode::kSize:
        line = "Size(" + top + ");";
        break;
      case rt::Opcode::kSituation: {
        const int first = sp - in.b;
        line = "{\n    Situations q;\n";
        for (int i = first; i < sp; ++i) line += "    q.Add(" + Slot(i) + ");\n";
        switch (static_cast<rt::SituationKind>(in.a)) {
          case rt::SituationKind::kAny:
            line += "    " + Slot(first) + " = q.Result(1);\n  }";
            break;
          case rt::SituationKind::kAll:
            line += "    " + Slot(first) + " = q.Result(" + std::to_string(in.b) + ");\n  }";
            break;
          case rt::SituationKind::kAtLeast:
            line += "    " + Slot(first - 1) + " = q.ResultAtLeast(" + Slot(first - 1) + ");\n  }";
            break;
        }
        break;
      }
      case rt::Opcode::kDeadline:
        line = "Deadline(c, " + below + ", " + top + ");";
        break;
      case rt::Opcode::kRet:
        line = "return s0;";
        falls = false;
        break;
      case rt::Opcode::kPushPeriod:
      case rt::Opcode::kSummary:
        return false;
    }
    body += "  " + line + "\n";
    int pops = 0, pushes = 0;
    StackEffect(in, &pops, &pushes);
    if (pops > sp) return false;
    sp = sp - pops + pushes;
    max_sp = std::max(max_sp, sp);
  }

  *out += "NV N" + std::to_string(index) + "(NativeContext& c) {\n  (void)c;\n  NV";
  for (int i = 0; i < max_sp; ++i) *out += (i == 0 ? " " : ", ") + Slot(i);
  *out += ";\n";
  for (const auto& [pc, kind] : loops) {
    *out += std::string("  Loop<MacroKind::") + MacroKindEnum(kind) + "> loop" +
            std::to_string(pc) + ";\n";
  }
  *out += body + "}\n";
  return true;
}

// The segments EvaluateStatuses needs: lets, item applicability and conditions.
std::vector<bool> StatusSegments(const rt::Program& p) {
  std::vector<bool> used(p.segments.size(), false);
  auto mark = [&](int32_t s) {
    if (s >= 0 && static_cast<size_t>(s) < used.size()) used[static_cast<size_t>(s)] = true;
  };
  for (const rt::LetDecl& l : p.lets) mark(l.segment);
  for (const rt::ItemDecl& it : p.items) {
    mark(it.applies);
    mark(it.condition);
  }
  return used;
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
  o += "//\n// Each segment function S<i> runs the segment's instructions through the VM's own "
       "opcode\n"
       "// implementations (PAICHA_OP, paicha/rt/gen_support.h): Evaluate uses them. "
       "EvaluateStatuses\n"
       "// uses the native functions native::N<i> (paicha/rt/gen_native.h) where they exist. The\n"
       "// image below holds the data.\n";
  o += "#include <cstdint>\n#include <string>\n#include <string_view>\n\n"
       "#include \"paicha/rt/gen_native.h\"\n#include \"paicha/rt/gen_support.h\"\n\n";
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

  // Native status code: the segments EvaluateStatuses needs, where every operation has a native
  // form; the others run through the Exec path.
  const std::vector<bool> status_segments = StatusSegments(p);
  std::vector<bool> native(p.segments.size(), false);
  std::string native_code;
  std::set<uint32_t> date_consts;
  for (size_t i = 0; i < p.segments.size(); ++i) {
    if (!status_segments[i]) continue;
    std::string fn = "\n// Segment " + std::to_string(i) + ", native\n";
    std::set<uint32_t> dates;
    if (EmitNativeSegment(p, i, &dates, &fn)) {
      native[i] = true;
      native_code += fn;
      date_consts.insert(dates.begin(), dates.end());
    }
  }
  size_t native_count = 0, status_count = 0;
  std::string fallback;
  for (size_t i = 0; i < p.segments.size(); ++i) {
    native_count += native[i] ? 1 : 0;
    status_count += status_segments[i] ? 1 : 0;
    if (status_segments[i] && !native[i]) fallback += " " + std::to_string(i);
  }
  o += "\n// ---- Native status code (paicha/rt/gen_native.h) for EvaluateStatuses: " +
       std::to_string(native_count) + " of the " + std::to_string(status_count) +
       " segments it needs are native";
  o += fallback.empty() ? ".\n" : "; through PAICHA_OP (no native form):" + fallback + ".\n";
  o += "namespace native {\n\nusing namespace ::paicha::rt::gen;  // NOLINT(build/namespaces)\n"
       "using ::paicha::rt::MacroKind;\nusing ::paicha::rt::Opcode;\n";
  if (!date_consts.empty()) o += "\n";
  for (uint32_t k : date_consts) {
    o += "const NV kConst" + std::to_string(k) + " = DateDays(" +
         std::to_string(p.constants[k].date.days()) + ");  // " + p.constants[k].date.ToString() +
         "\n";
  }
  o += native_code;
  o += "\n}  // namespace native\n\n";
  o += "// kNative[i] computes segment i natively; nullptr: through kSegments[i].\n";
  if (p.segments.empty()) {
    o += "constexpr ::paicha::rt::gen::NativeFn* kNative = nullptr;\n";
  } else {
    o += "constexpr ::paicha::rt::gen::NativeFn kNative[] = {";
    for (size_t i = 0; i < p.segments.size(); ++i) {
      o += (i % 8 == 0) ? "\n    " : " ";
      o += native[i] ? "native::N" + std::to_string(i) + "," : "nullptr,";
    }
    o += "\n};\n";
  }

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
  o += "  return ::paicha::rt::gen::MakeCompiledRulebook(\n"
       "      image, kSegments, kSegmentCount, ::paicha::rt::gen::NativeSegments{kNative, "
       "kSegmentCount}, error);\n";
  o += "}\n\n";
  o += NamespaceClose(options.cpp_namespace);
  return "";
}

}  // namespace paicha::compiler::backend_cpp
