// The program verifier: the image reader's last line of defence and the builder's self-check.
// Everything the interpreter relies on without checking at run time is proved here (see the
// invariants in paicha/rt/program.h). Runs in time linear in the program size.
//
// Bytecode verification is a single forward pass per segment. It works because every jump is
// forward except kIterNext, whose target is fixed (its own kIterBegin) and whose stack depth is
// checked against the depth recorded when the loop was opened; so the depth at each pc is known
// when the pass reaches it, Wren/Lua-style without a worklist.
#include <cstring>
#include <string>
#include <vector>

#include "../vm/opcode_info.h"
#include "paicha/rt/image.h"
#include "paicha/rt/program.h"

namespace paicha::rt {
namespace {

using vm_internal::Info;
using vm_internal::IterBeginPops;
using vm_internal::kMacroBodyValues;

bool ValidUtf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    uint8_t c = static_cast<uint8_t>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (n - i < static_cast<size_t>(len)) return false;
    for (int k = 1; k < len; ++k) {
      uint8_t cc = static_cast<uint8_t>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += static_cast<size_t>(len);
  }
  return true;
}

struct Ctx {
  const Program& p;
  uint32_t max_fields = 0;       // largest record field count (kField is type-checked at run time)
  uint32_t max_members = 0;      // largest enum member count
  std::vector<int32_t> max_let;  // per segment: the largest let index it reads, -1 for none
};

// Why immediate `c` of kind `kind` (kImmBool..kImmDate) is invalid, or nullptr.
const char* BadImmediate(const Ctx& ctx, uint16_t kind, uint32_t c) {
  if (kind == kImmBool && c > 1) return "bad bool operand";
  if (kind == kImmEnum && c >= ctx.max_members) return "enum member out of range";
  if (kind == kImmDate && !Date::FromDays(static_cast<int32_t>(c))) return "date out of range";
  return nullptr;
}

std::string Where(uint32_t pc, const char* what) {
  return "code pc " + std::to_string(pc) + ": " + what;
}

// Verifies segment `s`; on success records the largest let it reads.
std::string VerifySegment(Ctx& ctx, size_t s) {
  const Program& p = ctx.p;
  const Segment seg = p.segments[s];
  const uint32_t begin = seg.begin, end = seg.end;
  const size_t len = end - begin;
  // Incoming depth at each pc from earlier jumps (-1: none) and the loop that jump came from.
  std::vector<int> in_depth(len, -1);
  std::vector<uint32_t> in_owner(len, UINT32_MAX);
  struct Loop {
    uint32_t begin_pc;
    uint32_t exit_pc;
    int body_depth;  // depth at the first body instruction
    int body_values;
  };
  Loop loops[kMaxLoopDepth];
  int nloops = 0;
  int depth = 0;
  bool falls = true;  // control can reach the next pc by falling through
  int32_t max_let = -1;

  for (uint32_t pc = begin; pc < end; ++pc) {
    const size_t k = pc - begin;
    const uint32_t owner = nloops ? loops[nloops - 1].begin_pc : UINT32_MAX;
    if (in_depth[k] >= 0) {
      if (in_owner[k] != owner) return Where(pc, "jump crosses a loop boundary");
      if (falls && in_depth[k] != depth) return Where(pc, "stack depth differs between paths");
      depth = in_depth[k];
    } else if (!falls) {
      return Where(pc, "unreachable instruction");
    }
    falls = true;
    const Instr& in = p.code[pc];
    const uint8_t raw = static_cast<uint8_t>(in.op);
    if (raw >= kOpcodeCount) return Where(pc, "invalid opcode");
    const auto& info = Info(in.op);
    if ((!info.uses_a && in.a != 0) || (!info.uses_b && in.b != 0) || (!info.uses_c && in.c != 0)) {
      return Where(pc, "unused operand is not zero");
    }
    int pops = info.pops, pushes = info.pushes;
    auto forward = [&](uint32_t target, int target_depth, uint32_t target_owner) -> std::string {
      if (target <= pc || target >= end) return Where(pc, "jump target outside the segment");
      size_t t = target - begin;
      if (in_depth[t] >= 0 && (in_depth[t] != target_depth || in_owner[t] != target_owner)) {
        return Where(pc, "jump target reached with different stack depths");
      }
      in_depth[t] = target_depth;
      in_owner[t] = target_owner;
      return "";
    };
    switch (in.op) {
      case Opcode::kPushBool:
        if (in.a > 1) return Where(pc, "bad bool operand");
        break;
      case Opcode::kPushConst: {
        if (in.c >= p.constants.size()) return Where(pc, "constant index out of range");
        if (p.constants[in.c].kind == Constant::Kind::kPattern)
          return Where(pc, "pattern constant pushed as a value");
        break;
      }
      case Opcode::kPushEnum:
        if (in.c >= ctx.max_members) return Where(pc, "enum member out of range");
        break;
      case Opcode::kPushPeriod:
        if (in.a > static_cast<uint8_t>(PeriodKind::kYear)) return Where(pc, "bad period kind");
        break;
      case Opcode::kInputField:
        if (in.c >= p.schema.root_record().fields.size())
          return Where(pc, "input field out of range");
        break;
      case Opcode::kField:
        if (in.c >= ctx.max_fields) return Where(pc, "field index out of range");
        break;
      case Opcode::kVar:
        if (in.a >= nloops) return Where(pc, "macro variable slot not bound");
        break;
      case Opcode::kLet:
        if (in.c >= p.lets.size()) return Where(pc, "let index out of range");
        if (static_cast<int32_t>(in.c) > max_let) max_let = static_cast<int32_t>(in.c);
        break;
      case Opcode::kInputPath:
        if (in.b >= p.schema.root_record().fields.size())
          return Where(pc, "input field out of range");
        if (in.c >= ctx.max_fields) return Where(pc, "field index out of range");
        break;
      case Opcode::kVarField:
        if (in.a >= nloops) return Where(pc, "macro variable slot not bound");
        if (in.c >= ctx.max_fields) return Where(pc, "field index out of range");
        break;
      case Opcode::kCmpImm:
        if (in.a > kMaxCmpCode) return Where(pc, "bad comparison");
        if (in.b > kMaxImmKind) return Where(pc, "bad immediate kind");
        if (const char* e = BadImmediate(ctx, in.b, in.c)) return Where(pc, e);
        break;
      case Opcode::kInputFieldCmp:
      case Opcode::kVarFieldCmp: {
        const int slot = in.a >> 5;
        if ((in.a & 7) > kMaxCmpCode) return Where(pc, "bad comparison");
        if (const char* e = BadImmediate(ctx, (in.a >> 3) & 3, in.c)) return Where(pc, e);
        if (in.op == Opcode::kInputFieldCmp) {
          if (slot != 0) return Where(pc, "unused operand is not zero");
          if (in.b >= p.schema.root_record().fields.size())
            return Where(pc, "input field out of range");
        } else {
          if (slot >= nloops) return Where(pc, "macro variable slot not bound");
          if (in.b >= ctx.max_fields) return Where(pc, "field index out of range");
        }
        break;
      }
      case Opcode::kCmpLet:
        if (in.a > kMaxCmpCode) return Where(pc, "bad comparison");
        if (in.c >= p.lets.size()) return Where(pc, "let index out of range");
        if (static_cast<int32_t>(in.c) > max_let) max_let = static_cast<int32_t>(in.c);
        break;
      case Opcode::kSummary:
        if (in.a > static_cast<uint8_t>(SummaryKind::kNonconforming))
          return Where(pc, "bad summary operand");
        break;
      case Opcode::kIn:
      case Opcode::kNotIn:
        if (in.b == 0) return Where(pc, "empty 'in' list");
        pops = in.b + 1;
        break;
      case Opcode::kScale:
        if (in.c >= p.constants.size() || p.constants[in.c].kind != Constant::Kind::kDecimal)
          return Where(pc, "scale factor is not a decimal constant");
        break;
      case Opcode::kMatch:
        if (in.c >= p.constants.size() || p.constants[in.c].kind != Constant::Kind::kPattern)
          return Where(pc, "match operand is not a pattern constant");
        break;
      case Opcode::kJumpIfFalse:
      case Opcode::kJumpIfTrue: {
        if (depth < 1) return Where(pc, "stack underflow");
        std::string e = forward(in.c, depth, owner);
        if (!e.empty()) return e;
        break;
      }
      case Opcode::kJump: {
        std::string e = forward(in.c, depth, owner);
        if (!e.empty()) return e;
        falls = false;
        break;
      }
      case Opcode::kCond:
        break;
      case Opcode::kSituation: {
        if (in.a > static_cast<uint8_t>(SituationKind::kAtLeast))
          return Where(pc, "bad situation kind");
        if (in.b == 0) return Where(pc, "situation without alternatives");
        if (in.c >= p.situation_labels.size() || p.situation_labels[in.c].size() != in.b)
          return Where(pc, "situation label table mismatch");
        pops = in.b + (in.a == static_cast<uint8_t>(SituationKind::kAtLeast) ? 1 : 0);
        break;
      }
      case Opcode::kIterBegin: {
        if (in.a >= kMacroKindCount) return Where(pc, "bad macro kind");
        if (nloops >= kMaxLoopDepth) return Where(pc, "loops nested too deep");
        if (in.b != nloops) return Where(pc, "macro slot is not the loop depth");
        const auto kind = static_cast<MacroKind>(in.a);
        pops = IterBeginPops(kind);
        if (depth < pops) return Where(pc, "stack underflow");
        // The exit receives the macro's result when the list is empty or unknown.
        std::string e = forward(in.c, depth - pops + 1, owner);
        if (!e.empty()) return e;
        depth -= pops;
        loops[nloops++] = Loop{pc, in.c, depth, kMacroBodyValues[in.a]};
        continue;  // depth already adjusted
      }
      case Opcode::kIterNext: {
        if (nloops == 0) return Where(pc, "loop end without a loop");
        const Loop& l = loops[nloops - 1];
        if (in.c != l.begin_pc) return Where(pc, "loop end does not match its begin");
        if (l.exit_pc != pc + 1) return Where(pc, "loop exit is not after its end");
        if (depth != l.body_depth + l.body_values) return Where(pc, "loop body stack mismatch");
        depth = l.body_depth + 1;
        --nloops;
        continue;
      }
      case Opcode::kRet:
        if (pc != end - 1) return Where(pc, "return before the end of the segment");
        if (depth != 1) return Where(pc, "segment does not leave exactly one value");
        if (nloops != 0) return Where(pc, "return inside a loop");
        ctx.max_let[s] = max_let;
        return "";
      default:
        break;
    }
    if (pops < 0 || pushes < 0) return Where(pc, "internal: unhandled stack effect");
    if (depth < pops) return Where(pc, "stack underflow");
    depth = depth - pops + pushes;
    if (depth > kMaxStackDepth) return Where(pc, "stack too deep");
  }
  return "segment " + std::to_string(s) + " does not end with Ret";
}

bool SegOk(const Program& p, int32_t s, bool optional) {
  if (s == kNoSegment) return optional;
  return s >= 0 && static_cast<size_t>(s) < p.segments.size();
}

std::string CheckText(const std::string& s, const char* what) {
  if (!ValidUtf8(s)) return std::string(what) + ": text is not valid UTF-8";
  return "";
}

}  // namespace

bool IsValidUtf8ForImage(std::string_view s) { return ValidUtf8(s); }

std::string VerifyProgram(const Program& p) {
  std::string e = p.schema.Validate();
  if (!e.empty()) return "schema: " + e;
  if (p.schema.records.empty()) return "schema: no root record";
  if (p.code.size() > kMaxCode) return "code too large";
  const size_t tables[] = {
      p.constants.size(), p.segments.size(), p.lets.size(),    p.sections.size(),
      p.items.size(),     p.grades.size(),   p.colours.size(), p.situation_labels.size(),
      p.files.size(),     p.lines.size()};
  for (size_t t : tables) {
    if (t > kMaxTableSize) return "table too large";
  }
  for (const std::string* s :
       {&p.meta.title, &p.meta.issuer, &p.meta.docno, &p.meta.version, &p.meta.supersedes}) {
    if (!(e = CheckText(*s, "meta")).empty()) return e;
  }
  for (const Constant& c : p.constants) {
    if (c.kind == Constant::Kind::kText || c.kind == Constant::Kind::kPattern) {
      if (!(e = CheckText(c.s, "constant")).empty()) return e;
    }
  }
  Ctx ctx{p, 0, 0, {}};
  for (const RecordDef& r : p.schema.records) {
    if (r.fields.size() > ctx.max_fields) ctx.max_fields = static_cast<uint32_t>(r.fields.size());
  }
  for (const EnumDef& en : p.schema.enums) {
    if (en.members.size() > ctx.max_members)
      ctx.max_members = static_cast<uint32_t>(en.members.size());
  }
  // Segments tile the code.
  uint32_t expect = 0;
  for (const Segment& s : p.segments) {
    if (s.begin != expect || s.end <= s.begin || s.end > p.code.size())
      return "segments do not tile the code";
    expect = s.end;
  }
  if (expect != p.code.size()) return "segments do not tile the code";
  ctx.max_let.assign(p.segments.size(), -1);
  for (size_t s = 0; s < p.segments.size(); ++s) {
    if (!(e = VerifySegment(ctx, s)).empty()) return e;
  }
  for (size_t i = 0; i < p.lets.size(); ++i) {
    const LetDecl& l = p.lets[i];
    if (!SegOk(p, l.segment, false)) return "let " + std::to_string(i) + ": bad segment";
    if (ctx.max_let[static_cast<size_t>(l.segment)] >= static_cast<int32_t>(i))
      return "let " + std::to_string(i) + ": reads a let that is not evaluated before it";
    if (!(e = CheckText(l.name, "let")).empty()) return e;
  }
  for (size_t i = 0; i < p.sections.size(); ++i) {
    const SectionDecl& s = p.sections[i];
    if (s.parent < -1 || s.parent >= static_cast<int32_t>(i))
      return "section " + std::to_string(i) + ": bad parent";
    if (!SegOk(p, s.applies, true)) return "section " + std::to_string(i) + ": bad segment";
    for (const std::string* t : {&s.id, &s.title, &s.explain}) {
      if (!(e = CheckText(*t, "section")).empty()) return e;
    }
  }
  for (size_t i = 0; i < p.items.size(); ++i) {
    const ItemDecl& it = p.items[i];
    const std::string where = "item " + std::to_string(i);
    if (it.section < -1 || it.section >= static_cast<int32_t>(p.sections.size()))
      return where + ": bad section";
    if (!SegOk(p, it.applies, true) || !SegOk(p, it.condition, false) ||
        !SegOk(p, it.deduct_per, true))
      return where + ": bad segment";
    if (static_cast<uint8_t>(it.level) > static_cast<uint8_t>(Level::kNonconformity))
      return where + ": bad level";
    if (!IsValidUnitId(static_cast<int>(it.deadline_unit))) return where + ": bad unit";
    if (it.deadline_amount) {
      Dimension d = DimensionOf(it.deadline_unit);
      if (d != Dimension::kDays && d != Dimension::kMonths) return where + ": bad deadline unit";
    }
    if (!it.has_deduct && (it.deduct_per != kNoSegment || it.deduct_cap))
      return where + ": deduction parts without a deduction";
    for (const std::string* t :
         {&it.id, &it.title, &it.clause, &it.explain, &it.remedy, &it.unverified_reason}) {
      if (!(e = CheckText(*t, "item")).empty()) return e;
    }
  }
  for (const auto* rules : {&p.grades, &p.colours}) {
    for (const GradeDecl& g : *rules) {
      if (!SegOk(p, g.segment, true)) return "grade rule: bad segment";
      if (!(e = CheckText(g.name, "grade")).empty()) return e;
    }
  }
  for (const auto& labels : p.situation_labels) {
    if (labels.empty() || labels.size() > kMaxListOperands) return "situation labels: bad count";
    for (const std::string& l : labels) {
      if (!(e = CheckText(l, "situation label")).empty()) return e;
    }
  }
  for (const std::string& f : p.files) {
    if (!(e = CheckText(f, "file name")).empty()) return e;
  }
  for (size_t i = 0; i < p.lines.size(); ++i) {
    const LineInfo& l = p.lines[i];
    if (l.pc >= p.code.size() || l.file >= p.files.size() || (i > 0 && l.pc <= p.lines[i - 1].pc))
      return "source map: bad entry";
  }
  return "";
}

}  // namespace paicha::rt
