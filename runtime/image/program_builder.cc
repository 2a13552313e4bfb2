// ProgramBuilder and the disassembler.
#include "paicha/rt/program_builder.h"

#include <sstream>

#include "../vm/opcode_info.h"
#include "paicha/rt/image.h"

namespace paicha::rt {

int32_t ProgramBuilder::BeginSegment() {
  open_segment_ = static_cast<int32_t>(program_.segments.size());
  program_.segments.push_back(Segment{pc(), pc()});
  return open_segment_;
}

int32_t ProgramBuilder::EndSegment() {
  Emit(Opcode::kRet);
  const int32_t s = open_segment_;
  if (s >= 0) program_.segments[static_cast<size_t>(s)].end = pc();
  open_segment_ = -1;
  return s;
}

uint32_t ProgramBuilder::Emit(Opcode op, uint8_t a, uint16_t b, uint32_t c) {
  if (pos_dirty_) {
    program_.lines.push_back(LineInfo{pc(), pos_file_, pos_line_, pos_col_});
    pos_dirty_ = false;
  }
  program_.code.push_back(Instr{op, a, b, c});
  return pc() - 1;
}

uint32_t ProgramBuilder::EmitInt(int64_t v) {
  if (v >= INT32_MIN && v <= INT32_MAX) {
    return Emit(Opcode::kPushInt, 0, 0, static_cast<uint32_t>(static_cast<int32_t>(v)));
  }
  return Emit(Opcode::kPushConst, 0, 0, AddConstant(Constant::Int(v)));
}

uint32_t ProgramBuilder::BeginLoop(MacroKind kind, uint8_t slot) {
  return Emit(Opcode::kIterBegin, static_cast<uint8_t>(kind), slot, 0);
}

void ProgramBuilder::EndLoop(uint32_t begin_pc) {
  Emit(Opcode::kIterNext, 0, 0, begin_pc);
  Patch(begin_pc, pc());
}

namespace {
std::string ConstantKey(const Constant& c) {
  std::string k(1, static_cast<char>(c.kind));
  switch (c.kind) {
    case Constant::Kind::kInt:
      k += std::to_string(c.i);
      break;
    case Constant::Kind::kDecimal:
      k += c.d.ToString();  // keeps the scale: 0.3 and 0.30 stay distinct (canonical text)
      break;
    case Constant::Kind::kDate:
      k += std::to_string(c.date.days());
      break;
    case Constant::Kind::kText:
    case Constant::Kind::kPattern:
      k += c.s;
      break;
  }
  return k;
}
}  // namespace

uint32_t ProgramBuilder::AddConstant(const Constant& c) {
  const std::string key = ConstantKey(c);
  auto it = constant_index_.find(key);
  if (it != constant_index_.end()) return it->second;
  const auto index = static_cast<uint32_t>(program_.constants.size());
  program_.constants.push_back(c);
  constant_index_.emplace(key, index);
  return index;
}

uint32_t ProgramBuilder::AddSituationLabels(std::vector<std::string> labels) {
  program_.situation_labels.push_back(std::move(labels));
  return static_cast<uint32_t>(program_.situation_labels.size() - 1);
}

uint32_t ProgramBuilder::AddFile(const std::string& name) {
  auto it = file_index_.find(name);
  if (it != file_index_.end()) return it->second;
  const auto index = static_cast<uint32_t>(program_.files.size());
  program_.files.push_back(name);
  file_index_.emplace(name, index);
  return index;
}

void ProgramBuilder::SetPosition(uint32_t file, uint32_t line, uint32_t column) {
  if (have_pos_ && file == pos_file_ && line == pos_line_ && column == pos_col_) return;
  have_pos_ = true;
  pos_file_ = file;
  pos_line_ = line;
  pos_col_ = column;
  pos_dirty_ = true;
  // Two positions for the same pc: the later one wins.
  if (!program_.lines.empty() && program_.lines.back().pc == pc()) program_.lines.pop_back();
}

std::string ProgramBuilder::Finish(Program* out) {
  std::string why = FinishProgram(&program_);
  if (!why.empty()) return why;
  *out = std::move(program_);
  *this = ProgramBuilder();
  return "";
}

// ---- Disassembler -------------------------------------------------------------------------------

namespace {

std::string ConstText(const Constant& c) {
  switch (c.kind) {
    case Constant::Kind::kInt:
      return "int " + std::to_string(c.i);
    case Constant::Kind::kDecimal:
      return "dec " + c.d.ToString();
    case Constant::Kind::kDate:
      return "date " + c.date.ToString();
    case Constant::Kind::kText:
      return "text \"" + c.s + "\"";
    case Constant::Kind::kPattern:
      return "re \"" + c.s + "\"";
  }
  return "?";
}

const char* PeriodName(uint8_t k) {
  static const char* const kNames[] = {"day", "week", "month", "quarter", "half_year", "year"};
  return k < 6 ? kNames[k] : "?";
}

// "Eq bool 1", "Lt date 2024-04-01": a comparison with an immediate (kCmpImm and the fused forms).
std::string CmpImmText(uint8_t cmp, uint16_t kind, uint32_t c) {
  std::string out = cmp <= kMaxCmpCode ? OpcodeName(CmpOpcode(cmp)) : "?";
  const auto v = static_cast<int32_t>(c);
  switch (kind) {
    case kImmBool:
      return out + " bool " + std::to_string(c);
    case kImmInt:
      return out + " int " + std::to_string(v);
    case kImmEnum:
      return out + " enum " + std::to_string(c);
    case kImmDate: {
      const auto d = Date::FromDays(v);
      return out + " date " + (d ? d->ToString() : "?");
    }
    default:
      return out + " ? " + std::to_string(c);
  }
}

std::string Seg(int32_t s) { return s == kNoSegment ? "-" : "#" + std::to_string(s); }

}  // namespace

std::string Disassemble(const Program& p) {
  std::ostringstream o;
  o << "rulebook \"" << p.meta.title << "\" version \"" << p.meta.version << "\"\n";
  o << "constants " << p.constants.size() << "\n";
  for (size_t i = 0; i < p.constants.size(); ++i) {
    o << "  k" << i << " = " << ConstText(p.constants[i]) << "\n";
  }
  o << "lets " << p.lets.size() << "\n";
  for (size_t i = 0; i < p.lets.size(); ++i) {
    o << "  let" << i << " " << (p.lets[i].name.empty() ? "<shared>" : p.lets[i].name) << " "
      << Seg(p.lets[i].segment) << "\n";
  }
  o << "sections " << p.sections.size() << "\n";
  for (size_t i = 0; i < p.sections.size(); ++i) {
    const SectionDecl& s = p.sections[i];
    o << "  sec" << i << " " << s.id << " \"" << s.title << "\" parent " << s.parent << " applies "
      << Seg(s.applies);
    if (s.points) o << " points " << s.points->ToString();
    o << "\n";
  }
  o << "items " << p.items.size() << "\n";
  for (size_t i = 0; i < p.items.size(); ++i) {
    const ItemDecl& it = p.items[i];
    o << "  item" << i << " " << it.id << " level " << static_cast<int>(it.level) << " section "
      << it.section << " applies " << Seg(it.applies) << " when " << Seg(it.condition);
    if (it.points) o << " points " << it.points->ToString();
    if (it.has_deduct) {
      o << " deduct " << it.deduct_amount.ToString() << " per " << Seg(it.deduct_per);
      if (it.deduct_cap) o << " cap " << it.deduct_cap->ToString();
    }
    if (it.veto) o << " veto";
    o << "\n";
  }
  for (const auto* rules : {&p.grades, &p.colours}) {
    o << (rules == &p.grades ? "grades " : "colours ") << rules->size() << "\n";
    for (const GradeDecl& g : *rules) o << "  \"" << g.name << "\" " << Seg(g.segment) << "\n";
  }
  for (size_t s = 0; s < p.segments.size(); ++s) {
    const Segment& seg = p.segments[s];
    o << "segment #" << s << " [" << seg.begin << ", " << seg.end << ")\n";
    for (uint32_t pc = seg.begin; pc < seg.end && pc < p.code.size(); ++pc) {
      const Instr& in = p.code[pc];
      const uint8_t raw = static_cast<uint8_t>(in.op);
      o << "  " << pc << "\t";
      if (raw >= kOpcodeCount) {
        o << "<bad opcode " << static_cast<int>(raw) << ">\n";
        continue;
      }
      const auto& info = vm_internal::Info(in.op);
      o << info.name;
      switch (in.op) {
        case Opcode::kPushInt:
          o << " " << static_cast<int32_t>(in.c);
          break;
        case Opcode::kPushConst:
        case Opcode::kScale:
        case Opcode::kMatch:
          o << " k" << in.c;
          if (in.c < p.constants.size()) o << "\t; " << ConstText(p.constants[in.c]);
          break;
        case Opcode::kInputField: {
          o << " " << in.c;
          const RecordDef* root =
              p.schema.records.empty() || p.schema.root < 0 ||
                      static_cast<size_t>(p.schema.root) >= p.schema.records.size()
                  ? nullptr
                  : &p.schema.root_record();
          if (root && in.c < root->fields.size()) o << "\t; " << root->fields[in.c].name;
          break;
        }
        case Opcode::kInputPath: {
          o << " " << in.b << " " << in.c;
          const RecordDef* root =
              p.schema.records.empty() || p.schema.root < 0 ||
                      static_cast<size_t>(p.schema.root) >= p.schema.records.size()
                  ? nullptr
                  : &p.schema.root_record();
          if (root && in.b < root->fields.size()) {
            const FieldDef& f = root->fields[in.b];
            o << "\t; " << f.name;
            const int32_t r = f.type.index;
            if (f.type.kind == TypeKind::kRecord && r >= 0 &&
                static_cast<size_t>(r) < p.schema.records.size() &&
                in.c < p.schema.records[static_cast<size_t>(r)].fields.size()) {
              o << "." << p.schema.records[static_cast<size_t>(r)].fields[in.c].name;
            }
          }
          break;
        }
        case Opcode::kCmpLet:
          o << " " << (in.a <= kMaxCmpCode ? OpcodeName(CmpOpcode(in.a)) : "?") << " let " << in.c;
          break;
        case Opcode::kCmpImm:
          o << " " << CmpImmText(in.a, in.b, in.c);
          break;
        case Opcode::kInputFieldCmp: {
          o << " " << in.b << " " << CmpImmText(in.a & 7, (in.a >> 3) & 3, in.c);
          const RecordDef* root =
              p.schema.records.empty() || p.schema.root < 0 ||
                      static_cast<size_t>(p.schema.root) >= p.schema.records.size()
                  ? nullptr
                  : &p.schema.root_record();
          if (root && in.b < root->fields.size()) o << "\t; " << root->fields[in.b].name;
          break;
        }
        case Opcode::kVarFieldCmp:
          o << " " << (in.a >> 5) << " " << in.b << " "
            << CmpImmText(in.a & 7, (in.a >> 3) & 3, in.c);
          break;
        case Opcode::kPushPeriod:
          o << " " << PeriodName(in.a);
          break;
        case Opcode::kIterBegin:
          o << " " << (in.a < kMacroKindCount ? MacroKindName(static_cast<MacroKind>(in.a)) : "?")
            << " slot " << in.b << " exit " << in.c;
          break;
        case Opcode::kIterNext:
          o << " begin " << in.c;
          break;
        case Opcode::kSituation:
          o << " "
            << (in.a == 0   ? "any"
                : in.a == 1 ? "all"
                            : "at_least")
            << " n " << in.b << " labels " << in.c;
          break;
        default:
          if (info.uses_a) o << " " << static_cast<int>(in.a);
          if (info.uses_b) o << " " << in.b;
          if (info.uses_c) o << " " << in.c;
      }
      if (const LineInfo* li = p.LineFor(pc); li && li->pc == pc && li->file < p.files.size()) {
        o << "\t@ " << p.files[li->file] << ":" << li->line << ":" << li->column;
      }
      o << "\n";
    }
  }
  return o.str();
}

}  // namespace paicha::rt
