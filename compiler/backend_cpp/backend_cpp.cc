// The C++ backend: see backend_cpp.h. The emitter walks the segments of the program read back
// from the image and prints each instruction as one PAICHA_OP statement; the only translation
// it does itself is control flow (jumps and loop back-edges become gotos to labels). For
// EvaluateStatuses it also translates the status segments into native code (NativeEmitter).
#include "backend_cpp/backend_cpp.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "paicha/rt/byte_dfa.h"
#include "paicha/rt/gen_native.h"
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

// The tables of pattern constant k's automaton as constexpr arrays and a gen::NativeDfa kDfa<k>.
std::string DfaTables(uint32_t k, std::string_view pattern, const rt::ByteDfa& d) {
  const std::string id = std::to_string(k);
  std::string o = "\n// Pattern constant " + id + " as a byte automaton (" +
                  std::to_string(d.states()) + " states, " + std::to_string(d.classes()) +
                  " byte classes): " + CommentText(pattern) + "\n";
  auto list = [&o](const char* type, const std::string& name, auto begin, auto end) {
    o += "constexpr " + std::string(type) + " " + name + "[] = {";
    size_t n = 0;
    for (auto it = begin; it != end; ++it, ++n) {
      o += (n % 16 == 0) ? "\n    " : " ";
      o += std::to_string(static_cast<unsigned>(*it)) + ",";
    }
    o += "\n};\n";
  };
  list("uint8_t", "kDfaClass" + id, d.byte_class.begin(), d.byte_class.end());
  list("uint16_t", "kDfaTable" + id, d.table.begin(), d.table.end());
  o += "constexpr NativeDfa kDfa" + id + "{kDfaClass" + id + ", kDfaTable" + id + ", " +
       std::to_string(d.width) + "u, " + std::to_string(d.start) + "u};\n";
  return o;
}

// Whether every instruction of the segment has a native operation.
// Operand a of the pseudo-instruction "push the date immediate c" (opcode kCmpImm, which never
// has a comparison code this large): what Unfused writes for a date immediate, which has no plain
// instruction of its own (dates are constant-pool entries in unfused code).
constexpr uint8_t kPushDateImm = 0xFF;

// The plain instructions a superinstruction stands for (opcodes.def, "Superinstructions"), so
// that the native emitter needs no case of its own for them; any other instruction is itself.
struct Unfused {
  rt::Instr instrs[4];
  size_t size = 0;

  explicit Unfused(const rt::Instr& in) {
    switch (in.op) {
      case rt::Opcode::kInputPath:
        Add(rt::Opcode::kInputField, 0, 0, in.b);
        Add(rt::Opcode::kField, 0, 0, in.c);
        break;
      case rt::Opcode::kVarField:
        Add(rt::Opcode::kVar, in.a, 0, 0);
        Add(rt::Opcode::kField, 0, 0, in.c);
        break;
      case rt::Opcode::kCmpImm:
        Imm(in.b, in.c);
        Add(rt::CmpOpcode(in.a), 0, 0, 0);
        break;
      case rt::Opcode::kCmpLet:
        Add(rt::Opcode::kLet, 0, 0, in.c);
        Add(rt::CmpOpcode(in.a), 0, 0, 0);
        break;
      case rt::Opcode::kInputFieldCmp:
        Add(rt::Opcode::kInputField, 0, 0, in.b);
        Imm(static_cast<uint16_t>(in.a >> 3 & 3), in.c);
        Add(rt::CmpOpcode(in.a & 7), 0, 0, 0);
        break;
      case rt::Opcode::kVarFieldCmp:
        Add(rt::Opcode::kVar, static_cast<uint8_t>(in.a >> 5), 0, 0);
        Add(rt::Opcode::kField, 0, 0, in.b);
        Imm(static_cast<uint16_t>(in.a >> 3 & 3), in.c);
        Add(rt::CmpOpcode(in.a & 7), 0, 0, 0);
        break;
      default:
        instrs[size++] = in;
        break;
    }
  }

 private:
  void Add(rt::Opcode op, uint8_t a, uint16_t b, uint32_t c) {
    rt::Instr& i = instrs[size++];
    i.op = op;
    i.a = a;
    i.b = b;
    i.c = c;
  }
  void Imm(uint16_t kind, uint32_t c) {
    switch (kind) {
      case rt::kImmBool:
        Add(rt::Opcode::kPushBool, static_cast<uint8_t>(c != 0), 0, 0);
        break;
      case rt::kImmInt:
        Add(rt::Opcode::kPushInt, 0, 0, c);
        break;
      case rt::kImmEnum:
        Add(rt::Opcode::kPushEnum, 0, 0, c);
        break;
      default:  // kImmDate
        Add(rt::Opcode::kCmpImm, kPushDateImm, 0, c);
        break;
    }
  }
};

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
    case rt::Opcode::kCmpImm:  // Unfused's date immediate; other superinstructions never get here
      *pops = in.a == kPushDateImm ? 0 : 1;
      return;
    default:  // binary operators
      *pops = 2;
      return;
  }
}

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

// Static types of stack positions (gen_native.h, "Typed values"): kDyn is an NV of any kind.
enum class TK : uint8_t { kDyn, kTruth, kInt, kEnum, kDate, kRecord, kList, kCount };

struct Ty {
  TK k = TK::kDyn;
  int32_t rec = -1;  // kRecord, kList: the record's index in the schema
  friend bool operator==(const Ty& a, const Ty& b) { return a.k == b.k && a.rec == b.rec; }
  friend bool operator!=(const Ty& a, const Ty& b) { return !(a == b); }
};

const char* VarPrefix(TK k) {
  static const char* const kPrefix[] = {"n", "t", "i", "e", "d", "r", "l", "k"};
  return kPrefix[static_cast<int>(k)];
}
// The struct of record `rec` in the shaped layout (gen_native.h, "Shaped records").
std::string ShapeStruct(int32_t rec) { return "R" + std::to_string(rec); }
std::string CppType(Ty t) {
  static const char* const kType[] = {"NV", "NT", "TInt", "TEnum", "TDate", "", "", "TCount"};
  if (t.k == TK::kRecord) return "const " + ShapeStruct(t.rec) + "*";
  if (t.k == TK::kList) return "TListOf<" + ShapeStruct(t.rec) + ">";
  return kType[static_cast<int>(t.k)];
}
// The typed read of a scalar Value (not a record or a list: those are shaped).
const char* ReadFn(TK k) {
  static const char* const kRead[] = {"",         "ReadTruth", "ReadInt", "ReadEnum",
                                      "ReadDate", "",          "",        "ReadCount"};
  return kRead[static_cast<int>(k)];
}

// What the native code reads of each record type (gen_native.h, "Shaped records"): the fields
// it reads, and whether it uses a record of the type as a value (ToNV, StoreNV: the struct then
// keeps `rv`). Every record type the code reads appears; the root always does.
struct RecordShape {
  std::set<uint32_t> fields;
  bool rv = false;
};
using ShapeFields = std::map<int32_t, RecordShape>;

// The static type of a value of schema type `t`.
Ty TypeOf(const rt::Type& t) {
  switch (t.kind) {
    case rt::TypeKind::kBool:
      return {TK::kTruth, -1};
    case rt::TypeKind::kInt:
      return {TK::kInt, -1};
    case rt::TypeKind::kEnum:
      return {TK::kEnum, -1};
    case rt::TypeKind::kDate:
      return {TK::kDate, -1};
    case rt::TypeKind::kRecord:
      return {TK::kRecord, t.index};
    case rt::TypeKind::kList:
      return {TK::kList, t.index};
    default:
      return {};
  }
}

// Translates one segment into a native function (see gen_native.h). With `typed`, stack
// positions whose type is known statically are typed locals; without, every position is an NV
// (the form any segment with native operations has; used when the typed form does not fit, e.g.
// two paths joining with different types).
class NativeEmitter {
 public:
  // `dfas`: the pattern constants that have a byte automaton (kDfa<k>, paicha/rt/byte_dfa.h).
  // `shapes` collects the fields typed code reads (typed form only).
  NativeEmitter(const rt::Program& p, const std::vector<Ty>& let_types,
                const std::set<uint32_t>& dfas, bool typed, ShapeFields* shapes)
      : p_(p), let_types_(let_types), dfas_(dfas), typed_(typed), shapes_(shapes) {}

  // Writes N<index> to *out and its value's type to *result; false (nothing written) when the
  // segment has an operation without a native form or does not fit the typed form.
  bool Emit(size_t index, std::set<uint32_t>* date_consts, std::string* out, Ty* result);
  // The automata the last successful Emit refers to.
  const std::set<uint32_t>& dfas_used() const { return dfas_used_; }

 private:
  struct LoopInfo {
    uint32_t pc;
    rt::MacroKind kind;
    bool typed;    // TLoop (typed list, truth body) rather than Loop
    int32_t elem;  // the element record's index, -1 when unknown
    Ty result;     // the macro's value
  };

  // The local holding stack position `pos` as a value of static type `t` (records and lists are
  // named after their record too: one position may hold records of different types).
  static std::string VarName(int pos, Ty t) {
    std::string name = VarPrefix(t.k) + std::to_string(pos);
    if (t.k == TK::kRecord || t.k == TK::kList) name += "_" + std::to_string(t.rec);
    return name;
  }
  std::string Var(int pos, Ty t) {
    vars_.insert({pos, t});
    return VarName(pos, t);
  }
  std::string Var(int pos, TK k) { return Var(pos, Ty{k, -1}); }
  std::string Var(int pos) { return Var(pos, types_[static_cast<size_t>(pos)]); }
  // A read of field `field` (static type `t`) of shaped record `rec`, written `of` ("root" or a
  // record local): the member (a Value as an NV when t is kDyn), or its address for a nested
  // record.
  std::string ShapedRead(int32_t rec, uint32_t field, Ty t, const std::string& of) {
    (*shapes_)[rec].fields.insert(field);
    if (t.k == TK::kRecord || t.k == TK::kList) (*shapes_)[t.rec];
    const std::string member = of + "->f" + std::to_string(field);
    if (t.k == TK::kDyn) return "Plain(" + member + ")";
    if (t.k == TK::kInt) return "TInt{" + member + ", " + of + "->k" + std::to_string(field) + "}";
    return t.k == TK::kRecord ? "&" + member : member;
  }
  // Stack position `pos` as an NV expression / as a truth expression.
  std::string AsNV(int pos) {
    UsedAsValue(pos);
    return types_[static_cast<size_t>(pos)].k == TK::kDyn ? Var(pos) : "ToNV(" + Var(pos) + ")";
  }
  std::string AsTruth(int pos) {
    UsedAsValue(pos);
    return types_[static_cast<size_t>(pos)].k == TK::kTruth ? Var(pos)
                                                            : "TruthOf(" + Var(pos) + ")";
  }
  // A shaped record at `pos` converted to an NV (through its `rv`).
  void UsedAsValue(int pos) {
    const Ty t = types_[static_cast<size_t>(pos)];
    if (t.k == TK::kRecord) (*shapes_)[t.rec].rv = true;
  }
  // Makes position `pos` an NV holding its value (converting a typed one); returns its name.
  std::string ToDyn(int pos, std::string* line) {
    UsedAsValue(pos);
    if (types_[static_cast<size_t>(pos)].k != TK::kDyn) {
      *line += Var(pos, TK::kDyn) + " = ToNV(" + Var(pos) + ");\n  ";
      types_[static_cast<size_t>(pos)] = Ty{};
    }
    return Var(pos, TK::kDyn);
  }
  void Set(int pos, Ty t) { types_[static_cast<size_t>(pos)] = t; }
  Ty TypeAt(int pos) const { return types_[static_cast<size_t>(pos)]; }
  Ty FieldType(int32_t record, uint32_t field) const {
    if (!typed_ || record < 0 || static_cast<size_t>(record) >= p_.schema.records.size()) return {};
    const rt::RecordDef& r = p_.schema.records[static_cast<size_t>(record)];
    return field < r.fields.size() ? TypeOf(r.fields[field].type) : Ty{};
  }

  const rt::Program& p_;
  const std::vector<Ty>& let_types_;
  const std::set<uint32_t>& dfas_;
  std::set<uint32_t> dfas_used_;
  const bool typed_;
  ShapeFields* shapes_;
  bool reads_root_ = false;  // the function reads the shaped root (`root`)
  std::vector<Ty> types_;    // the static type of each stack position
  struct TyLess {
    bool operator()(const std::pair<int, Ty>& a, const std::pair<int, Ty>& b) const {
      return std::tie(a.first, a.second.k, a.second.rec) <
             std::tie(b.first, b.second.k, b.second.rec);
    }
  };
  std::set<std::pair<int, Ty>, TyLess> vars_;
  std::map<uint32_t, std::string> let_reads_;  // let index -> its declaration
};

bool NativeEmitter::Emit(size_t index, std::set<uint32_t>* date_consts, std::string* out,
                         Ty* result) {
  const rt::Segment& seg = p_.segments[index];
  if (!NativeSupported(p_, seg)) return false;

  std::string body;
  std::map<uint32_t, std::vector<Ty>> target_types;  // stack types at jump targets
  std::set<uint32_t> labels;
  std::vector<size_t> open_loops;  // indexes in `loops` of the enclosing loops
  std::vector<LoopInfo> loops;
  types_.clear();
  vars_.clear();
  let_reads_.clear();
  reads_root_ = false;
  bool falls = true;
  for (uint32_t pc = seg.begin; pc < seg.end; ++pc) {
    if (auto t = target_types.find(pc); t != target_types.end()) {
      if (falls && t->second != types_) return false;  // paths join with different types
      types_ = t->second;
    } else if (!falls) {
      return false;  // unreachable code: not produced by the compiler
    }
    falls = true;
    if (labels.count(pc) != 0) body += "L" + std::to_string(pc) + ":\n";
    // A superinstruction is emitted as the plain instructions it stands for (opcodes.def gives
    // each one's expansion); no jump lands inside the expansion.
    const Unfused parts(p_.code[pc]);
    for (size_t part = 0; part < parts.size; ++part) {
      const rt::Instr& in = parts.instrs[part];
      const int sp = static_cast<int>(types_.size());
      int pops = 0, pushes = 0;
      StackEffect(in, &pops, &pushes);
      if (pops > sp) return false;
      const int top = sp - 1, below = sp - 2;
      // The typed form of an operation whose value is a truth computed through NVs.
      const bool truth_result = typed_;
      std::string line;
      // Pushes of a value of static type `t` computed by `expr` (a typed expression, or an NV one
      // when t is kDyn).
      auto push = [&](Ty t, const std::string& expr) {
        const int pos = static_cast<int>(types_.size());
        types_.push_back(t);
        line += Var(pos, t) + " = " + expr + ";";
      };
      switch (in.op) {
        case rt::Opcode::kPushBool:
          if (typed_) {
            push({TK::kTruth}, in.a != 0 ? "NT::kTrue" : "NT::kFalse");
          } else {
            push({}, std::string("Bool(") + (in.a != 0 ? "true" : "false") + ")");
          }
          break;
        case rt::Opcode::kPushInt: {
          const std::string v = std::to_string(static_cast<int32_t>(in.c));
          if (typed_) {
            push({TK::kInt}, "TInt{" + v + ", true}");
          } else {
            push({}, "Int(" + v + ")");
          }
          break;
        }
        case rt::Opcode::kPushConst: {
          const rt::Constant& k = p_.constants[in.c];
          switch (k.kind) {
            case rt::Constant::Kind::kInt: {
              const std::string v =
                  k.i == INT64_MIN ? "INT64_MIN" : "INT64_C(" + std::to_string(k.i) + ")";
              if (typed_) {
                push({TK::kInt}, "TInt{" + v + ", true}");
              } else {
                push({}, "Int(" + v + ")");
              }
              break;
            }
            case rt::Constant::Kind::kDecimal: {
              const std::string v = k.d.coefficient() == INT64_MIN
                                        ? "INT64_MIN"
                                        : "INT64_C(" + std::to_string(k.d.coefficient()) + ")";
              push({}, "Dec(" + v + ", " + std::to_string(k.d.scale()) + ")");
              break;
            }
            case rt::Constant::Kind::kDate:
              if (typed_) {
                push({TK::kDate}, "TDate{" + std::to_string(k.date.days()) + "}");
              } else {
                push({}, "kConst" + std::to_string(in.c));
                date_consts->insert(in.c);
              }
              line += "  // " + k.date.ToString();
              break;
            case rt::Constant::Kind::kText:
            case rt::Constant::Kind::kPattern:
              push({}, "TextConst(c, " + std::to_string(in.c) + "u)");
              break;
          }
          break;
        }
        case rt::Opcode::kPushEnum:
          if (typed_) {
            push({TK::kEnum}, "TEnum{" + std::to_string(in.c) + "}");
          } else {
            push({}, "Enum(" + std::to_string(in.c) + ")");
          }
          break;
        case rt::Opcode::kInputField: {
          const Ty t = FieldType(p_.schema.root, in.c);
          const std::string f = std::to_string(in.c) + "u";
          if (typed_) {
            reads_root_ = true;
            push(t, ShapedRead(p_.schema.root, in.c, t, "root"));
          } else {  // the untyped form reads the submission's Values
            push({}, "InputField(c, " + f + ")");
          }
          break;
        }
        case rt::Opcode::kField: {
          const std::string f = std::to_string(in.c) + "u";
          if (TypeAt(top).k == TK::kRecord) {
            const int32_t of = TypeAt(top).rec;
            const Ty t = FieldType(of, in.c);
            const std::string rec = Var(top);
            types_.pop_back();
            push(t, ShapedRead(of, in.c, t, rec));
          } else {
            const std::string v = ToDyn(top, &line);
            line += "Field(" + v + ", " + f + ");";
          }
          break;
        }
        case rt::Opcode::kIndex: {
          const std::string b = AsNV(top);
          types_.pop_back();
          const std::string a = ToDyn(below, &line);
          line += "Index(" + a + ", " + b + ");";
          break;
        }
        case rt::Opcode::kVar: {
          if (in.a >= open_loops.size()) return false;
          const LoopInfo& l = loops[open_loops[in.a]];
          const std::string loop = "loop" + std::to_string(l.pc);
          if (l.typed) {  // an element of a shaped list (Loop's elements are Values)
            push({TK::kRecord, l.elem}, loop + ".Elem()");
          } else {
            push({}, loop + ".Var()");
          }
          break;
        }
        case rt::Opcode::kLet: {
          // Records and lists are shaped only as read from the submission: a let holding one
          // is read as an NV.
          Ty t = typed_ && in.c < let_types_.size() ? let_types_[in.c] : Ty{};
          if (t.k == TK::kRecord || t.k == TK::kList) t = Ty{};
          const std::string let = "c.lets[" + std::to_string(in.c) + "]";
          if (t.k == TK::kDyn) {
            push(t, let);
          } else {  // read once, at the top (lets do not change during an evaluation)
            const std::string name = "let" + std::to_string(in.c);
            let_reads_[in.c] =
                "  const " + CppType(t) + " " + name + " = " + ReadFn(t.k) + "(" + let + ");\n";
            push(t, name);
          }
          break;
        }
        case rt::Opcode::kReportDate:
          if (typed_) {
            push({TK::kDate}, "ReportDateT(c)");
          } else {
            push({}, "ReportDate(c)");
          }
          break;
        case rt::Opcode::kPeriodStart:
          push({}, "PeriodStart(c)");
          break;
        case rt::Opcode::kNot:
          if (typed_) {
            const std::string a = AsTruth(top);
            Set(top, {TK::kTruth});
            line = Var(top) + " = NotT(" + a + ");";
          } else {
            line = "Not(" + Var(top) + ");";
          }
          break;
        case rt::Opcode::kAnd:
        case rt::Opcode::kOr: {
          const char* fn = in.op == rt::Opcode::kAnd ? "And" : "Or";
          if (typed_) {
            const std::string a = AsTruth(below), b = AsTruth(top);
            types_.pop_back();
            Set(below, {TK::kTruth});
            line = Var(below) + " = " + fn + "T(" + a + ", " + b + ");";
          } else {
            line = std::string(fn) + "(" + Var(below) + ", " + Var(top) + ");";
            types_.pop_back();
          }
          break;
        }
        case rt::Opcode::kJumpIfFalse:
        case rt::Opcode::kJumpIfTrue: {
          const char* when = in.op == rt::Opcode::kJumpIfFalse ? "NT::kFalse" : "NT::kTrue";
          const std::string target = "L" + std::to_string(in.c);
          std::vector<Ty> at_target = types_;
          if (!typed_) {
            line = "if (TruthOf(" + Var(top) + ") == " + when + ") goto " + target + ";";
          } else if (TypeAt(top).k == TK::kTruth) {
            line = "if (" + Var(top) + " == " + when + ") goto " + target + ";";
          } else {
            // The value kept is then a bool: the same value as a truth.
            line = "if (" + AsTruth(top) + " == " + when + ") {\n    " + Var(top, TK::kTruth) +
                   " = " + when + ";\n    goto " + target + ";\n  }";
            at_target.back() = Ty{TK::kTruth};
          }
          labels.insert(in.c);
          if (auto t = target_types.find(in.c); t != target_types.end() && t->second != at_target) {
            return false;
          }
          target_types[in.c] = at_target;
          break;
        }
        case rt::Opcode::kJump:
          line = "goto L" + std::to_string(in.c) + ";";
          labels.insert(in.c);
          if (auto t = target_types.find(in.c); t != target_types.end() && t->second != types_) {
            return false;
          }
          target_types[in.c] = types_;
          falls = false;
          break;
        case rt::Opcode::kCond: {
          const int a = sp - 3;
          if (typed_ && TypeAt(below).k == TK::kTruth && TypeAt(top).k == TK::kTruth) {
            const std::string x = AsTruth(a), y = Var(below), z = Var(top);
            types_.resize(static_cast<size_t>(a));
            push({TK::kTruth}, "CondT(" + x + ", " + y + ", " + z + ")");
          } else {
            const std::string e = AsNV(top), t = AsNV(below);
            const std::string x = ToDyn(a, &line);
            line += "Cond(" + x + ", " + t + ", " + e + ");";
            types_.resize(static_cast<size_t>(a + 1));
          }
          break;
        }
        case rt::Opcode::kEq:
        case rt::Opcode::kNe:
        case rt::Opcode::kLt:
        case rt::Opcode::kLe:
        case rt::Opcode::kGt:
        case rt::Opcode::kGe: {
          const std::string op = std::string("<Opcode::k") + rt::OpcodeName(in.op) + ">";
          const TK x = TypeAt(below).k, y = TypeAt(top).k;
          const bool same =
              x == y && (x == TK::kTruth || x == TK::kInt || x == TK::kEnum || x == TK::kDate);
          const bool count =
              (x == TK::kCount && y == TK::kInt) || (x == TK::kInt && y == TK::kCount);
          if (typed_ && (same || count)) {
            const std::string a = Var(below), b = Var(top);
            types_.resize(static_cast<size_t>(below));
            push({TK::kTruth}, "CompareT" + op + "(" + a + ", " + b + ")");
          } else if (truth_result) {
            const std::string a = AsNV(below), b = AsNV(top);
            types_.resize(static_cast<size_t>(below));
            push({TK::kTruth}, "TruthOf(CompareNV" + op + "(" + a + ", " + b + "))");
          } else {
            line = "Compare" + op + "(" + Var(below) + ", " + Var(top) + ");";
            types_.pop_back();
          }
          break;
        }
        case rt::Opcode::kIn:
        case rt::Opcode::kNotIn: {
          const int x = sp - 1 - in.b;
          const char* in_or_not = in.op == rt::Opcode::kIn ? "true" : "false";
          bool enums = typed_;
          for (int i = x; i < sp; ++i) enums = enums && TypeAt(i).k == TK::kEnum;
          std::string q = enums ? "InEnum q(" + Var(x) + ");\n" : "InList q(" + AsNV(x) + ");\n";
          for (int i = x + 1; i < sp; ++i) {
            q += "    q.Add(" + (enums ? Var(i) : AsNV(i)) + ");\n";
          }
          types_.resize(static_cast<size_t>(x));
          line = "{\n    " + q + "    ";
          if (enums) {
            types_.push_back({TK::kTruth});
            line += Var(x, TK::kTruth) + " = q.Result(" + in_or_not + ");";
          } else if (truth_result) {
            types_.push_back({TK::kTruth});
            line += Var(x, TK::kTruth) + " = TruthOf(q.Result(" + in_or_not + "));";
          } else {
            types_.push_back({});
            line += Var(x, TK::kDyn) + " = q.Result(" + in_or_not + ");";
          }
          line += "\n  }";
          break;
        }
        case rt::Opcode::kAdd:
        case rt::Opcode::kSub:
        case rt::Opcode::kMul:
        case rt::Opcode::kDiv: {
          const std::string b = AsNV(top);
          types_.pop_back();
          const std::string a = ToDyn(below, &line);
          line += std::string("Arithmetic<Opcode::k") + rt::OpcodeName(in.op) + ">(" + a + ", " +
                  b + ");";
          break;
        }
        case rt::Opcode::kNeg:
          line += "Neg(" + ToDyn(top, &line) + ");";
          break;
        case rt::Opcode::kIntToDec:
          line += "IntToDec(" + ToDyn(top, &line) + ");";
          break;
        case rt::Opcode::kScale:
          line += "Scale(c, " + ToDyn(top, &line) + ", " + std::to_string(in.c) + "u);";
          break;
        case rt::Opcode::kAddDays:
        case rt::Opcode::kAddMonths: {
          const std::string months = in.op == rt::Opcode::kAddMonths ? "true" : "false";
          const std::string b = AsNV(top);
          types_.pop_back();
          if (typed_) {  // a date or unknown
            const std::string a = AsNV(below);
            types_.pop_back();
            push({TK::kDate}, "ReadDate(AddToDateNV<" + months + ">(" + a + ", " + b + "))");
          } else {
            const std::string a = ToDyn(below, &line);
            line += "AddToDate<" + months + ">(" + a + ", " + b + ");";
          }
          break;
        }
        case rt::Opcode::kMatch: {
          const std::string a = ToDyn(top, &line);
          if (dfas_.count(in.c) != 0) {
            dfas_used_.insert(in.c);
            line += "MatchDfa(" + a + ", kDfa" + std::to_string(in.c) + ");";
          } else {
            line += "Match(c, " + a + ", " + std::to_string(in.c) + "u);";
          }
          if (truth_result) {
            line += "\n  " + Var(top, TK::kTruth) + " = TruthOf(" + a + ");";
            Set(top, {TK::kTruth});
          }
          break;
        }
        case rt::Opcode::kStartsWith:
        case rt::Opcode::kContains: {
          const std::string b = AsNV(top);
          types_.pop_back();
          const std::string a = ToDyn(below, &line);
          line += std::string("TextTest<") + (in.op == rt::Opcode::kStartsWith ? "true" : "false") +
                  ">(" + a + ", " + b + ");";
          if (truth_result) {
            line += "\n  " + Var(below, TK::kTruth) + " = TruthOf(" + a + ");";
            Set(below, {TK::kTruth});
          }
          break;
        }
        case rt::Opcode::kIterBegin: {
          const auto kind = static_cast<rt::MacroKind>(in.a);
          const Ty list = TypeAt(top);
          LoopInfo l{pc, kind, false, list.k == TK::kList ? list.rec : -1, Ty{}};
          l.typed = typed_ && list.k == TK::kList &&
                    (kind == rt::MacroKind::kExists || kind == rt::MacroKind::kAll ||
                     kind == rt::MacroKind::kExistsOne || kind == rt::MacroKind::kCount);
          const std::string loop = "loop" + std::to_string(pc);
          std::string begin;
          if (l.typed) {
            l.result = Ty{kind == rt::MacroKind::kCount ? TK::kCount : TK::kTruth};
            begin = loop + ".Begin(" + Var(top) + ", &" + Var(top, l.result.k) + ")";
          } else {
            begin = loop + ".Begin(" + ToDyn(top, &line) + ")";
          }
          line += "if (" + begin + ") goto L" + std::to_string(in.c) + ";";
          types_.pop_back();
          std::vector<Ty> at_exit = types_;
          at_exit.push_back(l.result);
          target_types[in.c] = at_exit;
          labels.insert(in.c);
          labels.insert(pc + 1);
          open_loops.push_back(loops.size());
          loops.push_back(l);
          break;
        }
        case rt::Opcode::kIterNext: {
          if (open_loops.empty() || loops[open_loops.back()].pc != in.c) return false;
          const LoopInfo& l = loops[open_loops.back()];
          open_loops.pop_back();
          const std::string loop = "loop" + std::to_string(in.c);
          const std::string back = "goto L" + std::to_string(in.c + 1) + ";";
          if (l.typed) {
            const std::string b = AsTruth(top);
            line =
                "if (" + loop + ".Next(steps, " + b + ", &" + Var(top, l.result.k) + ")) " + back;
            Set(top, l.result);
          } else {
            const std::string b = ToDyn(top, &line);
            line += "if (" + loop + ".Next(c, steps, " + b + ")) " + back;
          }
          break;
        }
        case rt::Opcode::kSize:
          if (typed_ && TypeAt(top).k == TK::kList) {
            const std::string l = Var(top);
            types_.pop_back();
            push({TK::kInt}, "SizeT(" + l + ")");
          } else {
            line += "Size(" + ToDyn(top, &line) + ");";
          }
          break;
        case rt::Opcode::kSituation: {
          const int first = sp - in.b;
          const bool at_least = in.a == static_cast<uint8_t>(rt::SituationKind::kAtLeast);
          const int to = at_least ? first - 1 : first;
          line = "{\n    Situations q;\n";
          for (int i = first; i < sp; ++i) {
            line += "    q.Add(" + (typed_ ? AsTruth(i) : Var(i)) + ");\n";
          }
          std::string r;
          switch (static_cast<rt::SituationKind>(in.a)) {
            case rt::SituationKind::kAny:
              r = "q.Any()";
              break;
            case rt::SituationKind::kAll:
              r = "q.All()";
              break;
            case rt::SituationKind::kAtLeast:
              r = "q.ResultAtLeast(" + AsNV(to) + ")";
              break;
          }
          types_.resize(static_cast<size_t>(to));
          if (truth_result) {
            types_.push_back({TK::kTruth});
            line += "    " + Var(to, TK::kTruth) + " = TruthOf(" + r + ");\n  }";
          } else {
            types_.push_back({});
            line += "    " + Var(to, TK::kDyn) + " = " + r + ";\n  }";
          }
          break;
        }
        case rt::Opcode::kDeadline: {
          const std::string b = AsNV(top);
          types_.pop_back();
          const std::string a = ToDyn(below, &line);
          line += "Deadline(c, " + a + ", " + b + ");";
          if (truth_result) {
            line += "\n  " + Var(below, TK::kTruth) + " = TruthOf(" + a + ");";
            Set(below, {TK::kTruth});
          }
          break;
        }
        case rt::Opcode::kRet:
          if (sp != 1) return false;
          UsedAsValue(0);
          line =
              "if (value != nullptr) StoreNV(value, " + Var(0) + ");\n  return " + AsTruth(0) + ";";
          *result = TypeAt(0);
          types_.clear();
          falls = false;
          break;
        case rt::Opcode::kCmpImm:  // only as Unfused's date immediate (a == kPushDateImm)
          if (in.a != kPushDateImm) return false;
          if (typed_) {
            push({TK::kDate}, "TDate{" + std::to_string(static_cast<int32_t>(in.c)) + "}");
          } else {
            push({}, "DateDays(" + std::to_string(static_cast<int32_t>(in.c)) + ")");
          }
          break;
        case rt::Opcode::kInputPath:
        case rt::Opcode::kVarField:
        case rt::Opcode::kCmpLet:
        case rt::Opcode::kInputFieldCmp:
        case rt::Opcode::kVarFieldCmp:
          return false;  // expanded by Unfused
        case rt::Opcode::kPushPeriod:
        case rt::Opcode::kSummary:
          return false;
      }
      body += "  " + line + "\n";
      // The stack depth follows the verifier's stack effects (a check on the cases above).
      if (in.op != rt::Opcode::kRet && static_cast<int>(types_.size()) != sp - pops + pushes) {
        return false;
      }
    }  // parts
  }

  *out += "NT N" + std::to_string(index) + "(NativeContext& c, NV* value) {\n  (void)c;\n";
  if (reads_root_) {
    const std::string root = ShapeStruct(p_.schema.root);
    *out += "  const " + root + "* root = static_cast<const " + root + "*>(c.shaped);\n";
  }
  for (const auto& [pos, t] : vars_) {
    *out += "  " + CppType(t) + " " + VarName(pos, t) + (t.k == TK::kRecord ? " = nullptr" : "") +
            ";\n";
  }
  for (const auto& [let, decl] : let_reads_) *out += decl;
  for (const LoopInfo& l : loops) {
    *out += std::string("  ") + (l.typed ? "TLoop" : "Loop") +
            "<MacroKind::" + MacroKindEnum(l.kind) + (l.typed ? ", " + ShapeStruct(l.elem) : "") +
            "> loop" + std::to_string(l.pc) + ";\n";
  }
  // The loops' step count in a local, written back to the context on return (gen_native.h).
  if (!loops.empty()) *out += "  LoopSteps steps(c);\n";
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

// The structs and Shape functions of the shaped layout (gen_native.h, "Shaped records"): one
// struct per record in `shapes`, members for the fields listed there, nested records before the
// records that hold them (Schema::Validate: records hold no cycle by value).
std::string EmitShapes(const rt::Program& p, const ShapeFields& shapes) {
  std::vector<int32_t> order;  // nested records first
  std::set<int32_t> done;
  auto member_type = [&](int32_t rec, uint32_t f) {
    return TypeOf(p.schema.records[static_cast<size_t>(rec)].fields[f].type);
  };
  std::function<void(int32_t)> visit = [&](int32_t rec) {
    if (!done.insert(rec).second) return;
    for (uint32_t f : shapes.at(rec).fields) {
      const Ty t = member_type(rec, f);
      if (t.k == TK::kRecord) visit(t.rec);
    }
    order.push_back(rec);
  };
  for (const auto& [rec, shape] : shapes) visit(rec);

  std::string o =
      "\n// The submission in the typed layout the code below reads (gen_native.h, \"Shaped "
      "records\"):\n// R<k> holds the fields of record k that it reads with a static type (an "
      "int as its value\n// f<i> and whether it is known, k<i>), and the record itself (rv) "
      "where the code needs it.\n";
  for (int32_t rec : order) o += "struct " + ShapeStruct(rec) + ";\n";
  for (int32_t rec : order) {
    const rt::RecordDef& def = p.schema.records[static_cast<size_t>(rec)];
    const RecordShape& shape = shapes.at(rec);
    o += "\n// " + CommentText(def.name) + "\nstruct " + ShapeStruct(rec) + " {\n";
    // Members by size (8-byte ones, then 4, then 1), so that no padding sits between them.
    std::string wide, mid, narrow;
    if (shape.rv) wide += "  const RecordValue* rv = nullptr;\n";
    for (uint32_t f : shape.fields) {
      const Ty t = member_type(rec, f);
      const std::string name =
          std::to_string(f) + ";  // " + CommentText(def.fields[f].name) + "\n";
      switch (t.k) {
        case TK::kRecord:
          wide += "  " + ShapeStruct(t.rec) + " f" + name;
          break;
        case TK::kDyn:
          wide += "  Value f" + name;
          break;
        case TK::kList:
          wide += "  " + CppType(t) + " f" + name;
          break;
        case TK::kInt:
          wide += "  int64_t f" + std::to_string(f) + " = 0;  // " +
                  CommentText(def.fields[f].name) + "\n";
          narrow += "  bool k" + std::to_string(f) + " = false;\n";
          break;
        case TK::kEnum:
        case TK::kDate:
          mid += "  " + CppType(t) + " f" + name;
          break;
        default:
          narrow += "  " + CppType(t) + " f" + name;
          break;
      }
    }
    o += wide + mid + narrow + "};\n";
  }
  o += "\n";
  auto signature = [](int32_t rec) {
    return "void Shape" + std::to_string(rec) + "(Arena& a, const RecordValue* rv, " +
           ShapeStruct(rec) + "* o)";
  };
  for (int32_t rec : order) o += signature(rec) + ";\n";
  for (int32_t rec : order) {
    o += signature(rec) + " {\n  (void)a;\n  (void)o;\n";
    o += shapes.at(rec).rv ? "  o->rv = rv;\n" : "  (void)rv;\n";
    for (uint32_t f : shapes.at(rec).fields) {
      const Ty t = member_type(rec, f);
      const std::string index = std::to_string(f);
      const std::string field = "FieldOf(rv, " + index + "u)";
      const std::string member = "o->f" + index;
      if (t.k == TK::kRecord) {
        o += "  Shape" + std::to_string(t.rec) + "(a, ReadRecord(" + field + "), &" + member +
             ");\n";
      } else if (t.k == TK::kList) {
        o += "  " + member + " = ShapeList<" + ShapeStruct(t.rec) + ">(a, " + field + ", Shape" +
             std::to_string(t.rec) + ");\n";
      } else if (t.k == TK::kDyn) {
        o += "  " + member + " = ShapeValue(a, " + field + ");\n";
      } else if (t.k == TK::kInt) {
        o += "  ShapeInt(" + field + ", &" + member + ", &o->k" + index + ");\n";
      } else {
        o += "  " + member + " = " + ReadFn(t.k) + "(" + field + ");\n";
      }
    }
    o += "}\n";
  }
  const std::string root = ShapeStruct(p.schema.root);
  o += "\n// NativeSegments::shape.\nconst void* Shape(Arena& a, const Facts& facts) {\n  " + root +
       "* root = a.NewArray<" + root + ">(1);\n  Shape" + std::to_string(p.schema.root) +
       "(a, &facts.root(), root);\n  return root;\n}\n";
  return o;
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
  // Patterns as byte automata where the image loader built one (Constant::dfa); the others call
  // RE2.
  std::set<uint32_t> dfa_consts, dfas_used;
  for (size_t k = 0; k < p.constants.size(); ++k) {
    if (p.constants[k].dfa != nullptr) dfa_consts.insert(static_cast<uint32_t>(k));
  }
  // Typed where it fits, else the NV form; the lets first, in order, for their types.
  std::vector<Ty> let_types(p.lets.size());
  ShapeFields shapes;
  shapes[p.schema.root];
  auto emit = [&](size_t seg, std::string* text, Ty* type) {
    std::set<uint32_t> dates;
    for (bool typed : {true, false}) {
      std::string fn;
      dates.clear();
      NativeEmitter emitter(p, let_types, dfa_consts, typed, &shapes);
      if (emitter.Emit(seg, &dates, &fn, type)) {
        *text += std::string(typed ? "typed" : "untyped") + "\n" + fn;
        date_consts.insert(dates.begin(), dates.end());
        dfas_used.insert(emitter.dfas_used().begin(), emitter.dfas_used().end());
        return true;
      }
    }
    return false;
  };
  for (size_t i = 0; i < p.lets.size(); ++i) {
    std::string ignored;
    const auto seg = static_cast<size_t>(p.lets[i].segment);
    if (!emit(seg, &ignored, &let_types[i])) let_types[i] = Ty{};
  }
  date_consts.clear();
  dfas_used.clear();
  for (size_t i = 0; i < p.segments.size(); ++i) {
    if (!status_segments[i]) continue;
    std::string fn =
        "\n// Segment " + std::to_string(i) + ", native, ";  // + "typed\n" or "untyped\n"
    Ty type;
    if (emit(i, &fn, &type)) {
      native[i] = true;
      native_code += fn;
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
       "using ::paicha::rt::ItemStatus;\nusing ::paicha::rt::MacroKind;\n"
       "using ::paicha::rt::Arena;\nusing ::paicha::rt::Facts;\n"
       "using ::paicha::rt::Opcode;\nusing ::paicha::rt::RecordValue;\n"
       "using ::paicha::rt::Value;\n";
  if (!date_consts.empty()) o += "\n";
  for (uint32_t k : date_consts) {
    o += "const NV kConst" + std::to_string(k) + " = DateDays(" +
         std::to_string(p.constants[k].date.days()) + ");  // " + p.constants[k].date.ToString() +
         "\n";
  }
  for (uint32_t k : dfas_used) o += DfaTables(k, p.constants[k].s, *p.constants[k].dfa);
  o += EmitShapes(p, shapes);
  o += native_code;
  // The lets that are not constant, in order (when every let has native code).
  bool all_lets = true;
  for (const rt::LetDecl& l : p.lets) all_lets = all_lets && native[static_cast<size_t>(l.segment)];
  if (all_lets) {
    o += "\n// The lets that are not constant (gen::IsConstantSegment), in order.\n";
    o += "PAICHA_NATIVE_FLATTEN void Lets(NativeContext& c, NV* lets) {\n  (void)c;\n  "
         "(void)lets;\n";
    std::vector<bool> constant(p.lets.size(), false);
    for (size_t i = 0; i < p.lets.size(); ++i) {
      constant[i] = rt::gen::IsConstantSegment(p, p.lets[i].segment, constant);
      if (constant[i]) continue;
      o += "  N" + std::to_string(p.lets[i].segment) + "(c, &lets[" + std::to_string(i) + "]);";
      if (!p.lets[i].name.empty()) o += "  // " + CommentText(p.lets[i].name);
      o += "\n";
    }
    o += "}\n";
  }

  // Every item in order, up to the first without native code.
  o += "\n// Items 0.." + std::to_string(p.items.size()) +
       " in order, until the first whose segments are not all native.\n";
  o += "PAICHA_NATIVE_FLATTEN size_t Statuses(NativeContext& c, ItemStatus* out) {\n  (void)c;\n"
       "  (void)out;\n  NT applies;\n  (void)applies;\n";
  size_t decided = 0;
  for (const rt::ItemDecl& it : p.items) {
    const bool applies_native = it.applies == rt::kNoSegment ||
                                (it.applies >= 0 && native[static_cast<size_t>(it.applies)]);
    if (!applies_native || it.condition < 0 || !native[static_cast<size_t>(it.condition)]) break;
    const char* finding = it.level == rt::Level::kMajor     ? "ItemStatus::kMajor"
                          : it.level == rt::Level::kGeneral ? "ItemStatus::kGeneral"
                                                            : "ItemStatus::kNonconforming";
    const std::string store = "  out[" + std::to_string(decided) + "] = ";
    const std::string decide =
        "Decided(N" + std::to_string(it.condition) + "(c, nullptr), " + finding + ");";
    if (it.applies == rt::kNoSegment) {
      o += store + decide;
    } else {
      o += "  applies = N" + std::to_string(it.applies) + "(c, nullptr);\n" + store +
           "applies == NT::kTrue ? " + decide.substr(0, decide.size() - 1) +
           " : Unapplied(applies);";
    }
    o += "  // " + CommentText(it.id) + "\n";
    ++decided;
  }
  o += "  return " + std::to_string(decided) + ";\n}\n";
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
       "kSegmentCount, native::Statuses, " +
       std::string(all_lets ? "native::Lets" : "nullptr") + ", native::Shape}, error);\n";
  o += "}\n\n";
  o += NamespaceClose(options.cpp_namespace);
  return "";
}

}  // namespace paicha::compiler::backend_cpp
