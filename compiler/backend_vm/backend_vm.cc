// IR → bytecode. See backend_vm.h for the translation scheme.
#include "backend_vm/backend_vm.h"

#include <algorithm>
#include <optional>
#include <queue>
#include <vector>

#include "paicha/rt/image.h"
#include "paicha/rt/program_builder.h"

namespace paicha::compiler::backend_vm {
namespace {

using ir::Node;
using ir::NodeId;
using ir::Op;
using rt::Opcode;

// Recursion guard for expression emission: deeper expressions could not run anyway (the VM's
// operand stack holds rt::kMaxStackDepth values), and the guard keeps the C++ stack bounded.
constexpr int kMaxEmitDepth = 2 * rt::kMaxStackDepth;

rt::MacroKind MacroOf(Op op) {
  switch (op) {
    case Op::kExists:
      return rt::MacroKind::kExists;
    case Op::kAll:
      return rt::MacroKind::kAll;
    case Op::kExistsOne:
      return rt::MacroKind::kExistsOne;
    case Op::kFilter:
      return rt::MacroKind::kFilter;
    case Op::kCount:
      return rt::MacroKind::kCount;
    case Op::kSum:
      return rt::MacroKind::kSum;
    case Op::kMin:
      return rt::MacroKind::kMin;
    case Op::kMax:
      return rt::MacroKind::kMax;
    case Op::kRatio:
      return rt::MacroKind::kRatio;
    default:
      return rt::MacroKind::kFrequency;
  }
}

bool IsMacro(Op op) {
  switch (op) {
    case Op::kExists:
    case Op::kAll:
    case Op::kExistsOne:
    case Op::kFilter:
    case Op::kCount:
    case Op::kSum:
    case Op::kMin:
    case Op::kMax:
    case Op::kRatio:
      return true;
    default:
      return false;
  }
}

class Translator {
 public:
  Translator(const ir::Program& p, const SourceManager* sources) : p_(p), sources_(sources) {}

  std::string Run(rt::Program* out);

 private:
  void Analyse();
  int32_t EmitSegment(NodeId root);
  void Emit(NodeId id, int depth);
  uint32_t Labels(int64_t ir_index);
  // The value of `id` when it is a date known at compile time: a date constant, a let bound to
  // one, or such a date plus a constant number of days/months (folded with the same rt::Date
  // arithmetic kAddDays/kAddMonths use). Emitted as a constant instead of computed per submission.
  std::optional<rt::Date> ConstDate(NodeId id, int depth = 0) const;
  // An operand that CmpImm can take as its immediate: bool, int32, enum member or a date known
  // at compile time (never a hoisted node: that is a Let).
  struct Immediate {
    uint16_t kind;
    uint32_t c;
  };
  std::optional<Immediate> ImmediateOf(NodeId id) const;
  // Marks the next instructions as coming from `n`'s source position (when sources are known).
  void SetPosition(const Node& n);
  // True when `id` is emitted as a single Let instruction (a user let or a hoisted node); *slot
  // receives the let slot.
  bool LetSlot(NodeId id, uint32_t* slot) const;

  const ir::Program& p_;
  const SourceManager* sources_;
  rt::ProgramBuilder b_;
  std::string error_;
  std::vector<uint8_t> no_hoist_;    // uses a macro var, 得分/counts, or holds a situation
  std::vector<uint32_t> refs_;       // references from parents and roots
  std::vector<int32_t> hoisted_;     // node → let slot, -1 when not hoisted
  std::vector<int32_t> user_let_;    // IR let index → let slot
  std::vector<int64_t> labels_map_;  // IR situation label index → rt index (-1: not yet)
  NodeId unit_root_ = ir::kNoNode;   // the let being emitted (not replaced by its own Let)
  int loop_depth_ = 0;
};

void Translator::Analyse() {
  const size_t n = p_.nodes.size();
  no_hoist_.assign(n, 0);
  refs_.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const Node& node = p_.nodes[i];
    uint8_t nh = (node.flags & ir::kFlagUsesVar) != 0;
    switch (node.op) {
      case Op::kScore:
      case Op::kMajorCount:
      case Op::kGeneralCount:
      case Op::kNonconformCount:
      case Op::kAnyOf:
      case Op::kAllOf:
      case Op::kAtLeast:
      case Op::kVar:
        nh = 1;
        break;
      default:
        break;
    }
    for (NodeId o : node.operands) {
      if (o < n) nh |= no_hoist_[o];
    }
    no_hoist_[i] = nh;
  }
  std::vector<uint8_t> reachable(n, 0);
  auto root = [&](NodeId id) {
    if (id < n) {
      reachable[id] = 1;
      ++refs_[id];
    }
  };
  for (const ir::Let& l : p_.lets) root(l.value);
  for (const ir::Section& s : p_.sections) root(s.applies);
  for (const ir::Item& it : p_.items) {
    root(it.applies);
    root(it.condition);
    if (it.deduct) root(it.deduct->per);
  }
  for (const auto* rules : {&p_.grades, &p_.colours}) {
    for (const ir::GradeRule& g : *rules) root(g.when);
  }
  for (size_t i = n; i-- > 0;) {
    if (!reachable[i]) continue;
    for (NodeId o : p_.nodes[i].operands) {
      if (o < n) {
        reachable[o] = 1;
        ++refs_[o];
      }
    }
  }
  hoisted_.assign(n, -1);
  // Candidates (slots assigned after ordering).
  for (size_t i = 0; i < n; ++i) {
    const Node& node = p_.nodes[i];
    if (!reachable[i] || refs_[i] < 2 || no_hoist_[i] || (node.flags & ir::kFlagConst)) continue;
    if (ConstDate(static_cast<NodeId>(i))) continue;  // emitted as a constant
    switch (node.op) {
      case Op::kInput:
      case Op::kLet:
      case Op::kReportDate:
      case Op::kPeriodStart:
        continue;  // one instruction already
      case Op::kField:
        if (!node.operands.empty() && p_.nodes[node.operands[0]].op == Op::kInput) continue;
        break;
      default:
        break;
    }
    hoisted_[i] = -2;  // candidate
  }
}

uint32_t Translator::Labels(int64_t ir_index) {
  if (ir_index < 0 || static_cast<size_t>(ir_index) >= p_.situation_labels.size()) {
    error_ = "situation label index out of range";
    return 0;
  }
  auto& slot = labels_map_[static_cast<size_t>(ir_index)];
  if (slot < 0) slot = b_.AddSituationLabels(p_.situation_labels[static_cast<size_t>(ir_index)]);
  return static_cast<uint32_t>(slot);
}

std::optional<rt::Date> Translator::ConstDate(NodeId id, int depth) const {
  if (id >= p_.nodes.size() || depth > kMaxEmitDepth) return std::nullopt;
  const Node& n = p_.nodes[id];
  switch (n.op) {
    case Op::kConstDate:
      return rt::Date::FromDays(n.ival);
    case Op::kLet:
      if (n.ival < 0 || static_cast<size_t>(n.ival) >= p_.lets.size()) return std::nullopt;
      return ConstDate(p_.lets[static_cast<size_t>(n.ival)].value, depth + 1);
    case Op::kAddDays:
    case Op::kAddMonths: {
      if (n.operands.size() != 2 || n.operands[1] >= p_.nodes.size()) return std::nullopt;
      const auto d = ConstDate(n.operands[0], depth + 1);
      if (!d) return std::nullopt;
      // The VM's conversion of the duration operand: Value::as_number().ToInt64().
      const Node& k = p_.nodes[n.operands[1]];
      std::optional<int64_t> amount;
      if (k.op == Op::kConstInt) amount = k.ival;
      if (k.op == Op::kConstDecimal) amount = k.dval.ToInt64();
      if (!amount) return std::nullopt;
      return n.op == Op::kAddDays ? d->AddDays(*amount) : d->AddMonths(*amount);
    }
    default:
      return std::nullopt;
  }
}

std::optional<Translator::Immediate> Translator::ImmediateOf(NodeId id) const {
  if (id >= p_.nodes.size() || hoisted_[id] >= 0) return std::nullopt;
  const Node& n = p_.nodes[id];
  switch (n.op) {
    case Op::kConstBool:
      return Immediate{rt::kImmBool, n.ival != 0 ? 1u : 0u};
    case Op::kConstEnum:
      return Immediate{rt::kImmEnum, static_cast<uint32_t>(n.ival)};
    case Op::kConstInt:
      if (n.ival < INT32_MIN || n.ival > INT32_MAX) return std::nullopt;
      return Immediate{rt::kImmInt, static_cast<uint32_t>(n.ival)};
    default:
      if (const auto d = ConstDate(id)) {
        return Immediate{rt::kImmDate, static_cast<uint32_t>(d->days())};
      }
      return std::nullopt;
  }
}

void Translator::SetPosition(const Node& n) {
  if (sources_ && n.span.valid() && n.span.file < p_.files.size() &&
      n.span.file < sources_->size()) {
    const Location loc = sources_->Get(n.span.file).LocationOf(n.span.begin);
    b_.SetPosition(b_.AddFile(p_.files[n.span.file]), loc.line, loc.column);
  }
}

bool Translator::LetSlot(NodeId id, uint32_t* slot) const {
  if (hoisted_[id] >= 0 && id != unit_root_) {
    *slot = static_cast<uint32_t>(hoisted_[id]);
    return true;
  }
  const Node& n = p_.nodes[id];
  if (n.op != Op::kLet || n.ival < 0 || static_cast<size_t>(n.ival) >= user_let_.size()) {
    return false;
  }
  *slot = static_cast<uint32_t>(user_let_[static_cast<size_t>(n.ival)]);
  return true;
}

void Translator::Emit(NodeId id, int depth) {
  if (!error_.empty()) return;
  if (id >= p_.nodes.size()) {
    error_ = "node id out of range";
    return;
  }
  if (depth > kMaxEmitDepth) {
    error_ = "expression too deep for the VM";
    return;
  }
  if (hoisted_[id] >= 0 && id != unit_root_) {
    b_.Emit(Opcode::kLet, 0, 0, static_cast<uint32_t>(hoisted_[id]));
    return;
  }
  const Node& n = p_.nodes[id];
  SetPosition(n);
  if (n.op == Op::kLet || n.op == Op::kAddDays || n.op == Op::kAddMonths) {
    if (const auto d = ConstDate(id)) {
      b_.Emit(Opcode::kPushConst, 0, 0, b_.AddConstant(rt::Constant::DateValue(*d)));
      return;
    }
  }
  auto operand = [&](size_t k) { Emit(n.operands[k], depth + 1); };
  auto all_operands = [&] {
    for (size_t k = 0; k < n.operands.size(); ++k) operand(k);
  };
  auto need = [&](size_t count) {
    if (n.operands.size() < count) {
      error_ = std::string("too few operands for ") + ir::OpName(n.op);
      return false;
    }
    return true;
  };
  switch (n.op) {
    case Op::kConstBool:
      b_.Emit(Opcode::kPushBool, n.ival != 0 ? 1 : 0);
      break;
    case Op::kConstInt:
      b_.EmitInt(n.ival);
      break;
    case Op::kConstDecimal:
      b_.Emit(Opcode::kPushConst, 0, 0, b_.AddConstant(rt::Constant::Dec(n.dval)));
      break;
    case Op::kConstText:
      b_.Emit(Opcode::kPushConst, 0, 0, b_.AddConstant(rt::Constant::Text(n.sval)));
      break;
    case Op::kConstDate: {
      auto d = rt::Date::FromDays(n.ival);
      if (!d) {
        error_ = "date constant out of range";
        return;
      }
      b_.Emit(Opcode::kPushConst, 0, 0, b_.AddConstant(rt::Constant::DateValue(*d)));
      break;
    }
    case Op::kConstEnum:
      b_.Emit(Opcode::kPushEnum, 0, 0, static_cast<uint32_t>(n.ival));
      break;
    case Op::kConstPeriod:
      b_.Emit(Opcode::kPushPeriod, static_cast<uint8_t>(n.ival));
      break;
    case Op::kInput:
      error_ = "the input record used as a value";
      break;
    case Op::kVar:
      b_.Emit(Opcode::kVar, static_cast<uint8_t>(n.ival));
      break;
    case Op::kField: {
      if (!need(1)) return;
      const Node& base = p_.nodes[n.operands[0]];
      if (base.op == Op::kInput) {
        b_.Emit(Opcode::kInputField, 0, 0, static_cast<uint32_t>(n.ival));
      } else if (base.op == Op::kVar && hoisted_[n.operands[0]] < 0) {
        // Var + Field fused (the pc takes the variable's position, as the unfused Var did).
        SetPosition(base);
        b_.Emit(Opcode::kVarField, static_cast<uint8_t>(base.ival), 0,
                static_cast<uint32_t>(n.ival));
      } else if (base.op == Op::kField && hoisted_[n.operands[0]] < 0 && !base.operands.empty() &&
                 base.operands[0] < p_.nodes.size() &&
                 p_.nodes[base.operands[0]].op == Op::kInput && base.ival >= 0 &&
                 base.ival <= UINT16_MAX) {
        // InputField + Field fused.
        SetPosition(base);
        b_.Emit(Opcode::kInputPath, 0, static_cast<uint16_t>(base.ival),
                static_cast<uint32_t>(n.ival));
      } else {
        operand(0);
        b_.Emit(Opcode::kField, 0, 0, static_cast<uint32_t>(n.ival));
      }
      break;
    }
    case Op::kIndex:
      if (!need(2)) return;
      all_operands();
      b_.Emit(Opcode::kIndex);
      break;
    case Op::kLet:
      if (n.ival < 0 || static_cast<size_t>(n.ival) >= user_let_.size()) {
        error_ = "let index out of range";
        return;
      }
      b_.Emit(Opcode::kLet, 0, 0, static_cast<uint32_t>(user_let_[static_cast<size_t>(n.ival)]));
      break;
    case Op::kReportDate:
      b_.Emit(Opcode::kReportDate);
      break;
    case Op::kPeriodStart:
      b_.Emit(Opcode::kPeriodStart);
      break;
    case Op::kScore:
      b_.Emit(Opcode::kSummary, static_cast<uint8_t>(rt::SummaryKind::kScore));
      break;
    case Op::kMajorCount:
      b_.Emit(Opcode::kSummary, static_cast<uint8_t>(rt::SummaryKind::kMajor));
      break;
    case Op::kGeneralCount:
      b_.Emit(Opcode::kSummary, static_cast<uint8_t>(rt::SummaryKind::kGeneral));
      break;
    case Op::kNonconformCount:
      b_.Emit(Opcode::kSummary, static_cast<uint8_t>(rt::SummaryKind::kNonconforming));
      break;
    case Op::kNot:
      if (!need(1)) return;
      operand(0);
      b_.Emit(Opcode::kNot);
      break;
    case Op::kAnd:
    case Op::kOr: {
      if (!need(1)) return;
      const bool is_and = n.op == Op::kAnd;
      std::vector<uint32_t> jumps;
      operand(0);
      for (size_t k = 1; k < n.operands.size(); ++k) {
        jumps.push_back(b_.EmitJump(is_and ? Opcode::kJumpIfFalse : Opcode::kJumpIfTrue));
        operand(k);
        b_.Emit(is_and ? Opcode::kAnd : Opcode::kOr);
      }
      for (uint32_t j : jumps) b_.Patch(j, b_.pc());
      break;
    }
    case Op::kCond:
      if (!need(3)) return;
      all_operands();
      b_.Emit(Opcode::kCond);
      break;
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe: {
      if (!need(2)) return;
      const auto code = static_cast<uint8_t>(static_cast<int>(n.op) - static_cast<int>(Op::kEq));
      const NodeId lhs_id = n.operands[0], rhs_id = n.operands[1];
      if (lhs_id >= p_.nodes.size() || rhs_id >= p_.nodes.size()) {
        error_ = "node id out of range";
        return;
      }
      const Node& lhs = p_.nodes[lhs_id];
      const Node& rhs = p_.nodes[rhs_id];
      const std::optional<Immediate> imm = ImmediateOf(rhs_id);
      // A field of the root or of a macro variable compared with an immediate: one instruction
      // (the pc takes the field's position, where the unfused sequence starts).
      if (imm && lhs.op == Op::kField && hoisted_[lhs_id] < 0 && !lhs.operands.empty() &&
          lhs.operands[0] < p_.nodes.size() && lhs.ival >= 0 && lhs.ival <= UINT16_MAX) {
        const NodeId base_id = lhs.operands[0];
        const Node& base = p_.nodes[base_id];
        if (base.op == Op::kInput || (base.op == Op::kVar && hoisted_[base_id] < 0 &&
                                      base.ival >= 0 && base.ival < rt::kMaxLoopDepth)) {
          SetPosition(lhs);
          const bool input = base.op == Op::kInput;
          if (!input) SetPosition(base);
          b_.Emit(input ? Opcode::kInputFieldCmp : Opcode::kVarFieldCmp,
                  rt::FieldCmpOperand(code, imm->kind, input ? 0 : static_cast<uint8_t>(base.ival)),
                  static_cast<uint16_t>(lhs.ival), imm->c);
          break;
        }
      }
      operand(0);
      // A constant or let right operand is fused into the comparison (CmpImm / CmpLet); the pc
      // takes the operand's position, as its unfused push did.
      uint32_t let_slot = 0;
      if (imm) {
        SetPosition(rhs);
        b_.Emit(Opcode::kCmpImm, code, imm->kind, imm->c);
      } else if (LetSlot(rhs_id, &let_slot)) {
        if (hoisted_[rhs_id] < 0) SetPosition(rhs);  // a hoisted node's Let has no position
        b_.Emit(Opcode::kCmpLet, code, 0, let_slot);
      } else {
        operand(1);
        static const Opcode kOps[] = {Opcode::kEq, Opcode::kNe, Opcode::kLt,
                                      Opcode::kLe, Opcode::kGt, Opcode::kGe};
        b_.Emit(kOps[code]);
      }
      break;
    }
    case Op::kIn:
    case Op::kNotIn:
      if (!need(2)) return;
      if (n.operands.size() - 1 > rt::kMaxListOperands) {
        error_ = "too many values in an 'in' list";
        return;
      }
      all_operands();
      b_.Emit(n.op == Op::kIn ? Opcode::kIn : Opcode::kNotIn, 0,
              static_cast<uint16_t>(n.operands.size() - 1));
      break;
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
    case Op::kDiv: {
      if (!need(2)) return;
      all_operands();
      static const Opcode kOps[] = {Opcode::kAdd, Opcode::kSub, Opcode::kMul, Opcode::kDiv};
      b_.Emit(kOps[static_cast<int>(n.op) - static_cast<int>(Op::kAdd)]);
      break;
    }
    case Op::kNeg:
      if (!need(1)) return;
      operand(0);
      b_.Emit(Opcode::kNeg);
      break;
    case Op::kIntToDecimal:
      if (!need(1)) return;
      operand(0);
      b_.Emit(Opcode::kIntToDec);
      break;
    case Op::kConvertUnit:
      if (!need(1)) return;
      operand(0);
      b_.Emit(Opcode::kScale, 0, 0, b_.AddConstant(rt::Constant::Dec(n.dval)));
      break;
    case Op::kAddDays:
    case Op::kAddMonths:
      if (!need(2)) return;
      all_operands();
      b_.Emit(n.op == Op::kAddDays ? Opcode::kAddDays : Opcode::kAddMonths);
      break;
    case Op::kMatches:
      if (!need(1)) return;
      operand(0);
      b_.Emit(Opcode::kMatch, 0, 0, b_.AddConstant(rt::Constant::Pattern(n.sval)));
      break;
    case Op::kStartsWith:
    case Op::kContains:
      if (!need(2)) return;
      all_operands();
      b_.Emit(n.op == Op::kStartsWith ? Opcode::kStartsWith : Opcode::kContains);
      break;
    case Op::kSize:
      if (!need(1)) return;
      operand(0);
      b_.Emit(Opcode::kSize);
      break;
    case Op::kAnyOf:
    case Op::kAllOf:
    case Op::kAtLeast: {
      const size_t first = n.op == Op::kAtLeast ? 1 : 0;
      if (!need(first + 1)) return;
      const size_t alts = n.operands.size() - first;
      if (alts > rt::kMaxListOperands) {
        error_ = "too many situations";
        return;
      }
      all_operands();
      const auto kind = n.op == Op::kAnyOf   ? rt::SituationKind::kAny
                        : n.op == Op::kAllOf ? rt::SituationKind::kAll
                                             : rt::SituationKind::kAtLeast;
      b_.Emit(Opcode::kSituation, static_cast<uint8_t>(kind), static_cast<uint16_t>(alts),
              Labels(n.ival));
      break;
    }
    case Op::kFrequency: {
      if (!need(4)) return;
      if (n.ival != loop_depth_) {
        error_ = "macro slot is not the loop depth";
        return;
      }
      operand(0);
      operand(1);
      operand(2);
      const uint32_t loop = b_.BeginLoop(rt::MacroKind::kFrequency, static_cast<uint8_t>(n.ival));
      ++loop_depth_;
      operand(3);
      if (n.operands.size() >= 5) {
        operand(4);
      } else {
        b_.Emit(Opcode::kPushBool, 1);
      }
      --loop_depth_;
      b_.EndLoop(loop);
      break;
    }
    case Op::kDeadline:
      if (!need(2)) return;
      all_operands();
      b_.Emit(Opcode::kDeadline);
      break;
    default:
      if (IsMacro(n.op)) {
        if (!need(2)) return;
        if (n.ival != loop_depth_) {
          error_ = "macro slot is not the loop depth";
          return;
        }
        operand(0);
        const uint32_t loop = b_.BeginLoop(MacroOf(n.op), static_cast<uint8_t>(n.ival));
        ++loop_depth_;
        operand(1);
        --loop_depth_;
        b_.EndLoop(loop);
        break;
      }
      error_ = std::string("unsupported IR op ") + ir::OpName(n.op);
  }
}

int32_t Translator::EmitSegment(NodeId root) {
  if (root == ir::kNoNode) return rt::kNoSegment;
  b_.BeginSegment();
  loop_depth_ = 0;
  Emit(root, 0);
  return b_.EndSegment();
}

std::string Translator::Run(rt::Program* out) {
  Analyse();
  labels_map_.assign(p_.situation_labels.size(), -1);
  rt::Program& prog = b_.program();

  // Units to evaluate as lets: user lets (by index) and hoisted nodes; order them so that each
  // reads only earlier ones (Kahn's algorithm, ties broken by root node id then let index, so the
  // order is deterministic).
  struct Unit {
    NodeId root;
    int32_t user_let;  // -1 for a hoisted node
    std::string name;
  };
  std::vector<Unit> units;
  for (size_t i = 0; i < p_.lets.size(); ++i) {
    units.push_back(Unit{p_.lets[i].value, static_cast<int32_t>(i), p_.lets[i].name});
  }
  std::vector<int32_t> unit_of_node(p_.nodes.size(), -1);
  // A candidate that is a user let's value is evaluated as that let (no second copy).
  for (size_t i = 0; i < p_.lets.size(); ++i) {
    const NodeId v = p_.lets[i].value;
    if (v < p_.nodes.size() && hoisted_[v] == -2) unit_of_node[v] = static_cast<int32_t>(i);
  }
  for (size_t i = 0; i < p_.nodes.size(); ++i) {
    if (hoisted_[i] == -2 && unit_of_node[i] < 0) {
      unit_of_node[i] = static_cast<int32_t>(units.size());
      units.push_back(Unit{static_cast<NodeId>(i), -1, ""});
    }
  }
  // Dependencies of each unit: walk its expression, stopping at other units.
  std::vector<std::vector<int32_t>> deps(units.size());
  {
    std::vector<uint32_t> seen(p_.nodes.size(), UINT32_MAX);
    for (size_t u = 0; u < units.size(); ++u) {
      if (units[u].root >= p_.nodes.size()) return "let value out of range";
      std::vector<NodeId> work = {units[u].root};
      while (!work.empty()) {
        const NodeId id = work.back();
        work.pop_back();
        if (seen[id] == u) continue;
        seen[id] = static_cast<uint32_t>(u);
        const Node& node = p_.nodes[id];
        if (id != units[u].root && unit_of_node[id] >= 0) {
          deps[u].push_back(unit_of_node[id]);
          continue;
        }
        if (node.op == Op::kLet) {
          if (node.ival < 0 || static_cast<size_t>(node.ival) >= p_.lets.size())
            return "let index out of range";
          deps[u].push_back(static_cast<int32_t>(node.ival));
          continue;
        }
        for (NodeId o : node.operands) {
          if (o < p_.nodes.size()) work.push_back(o);
        }
      }
    }
  }
  std::vector<std::vector<int32_t>> users(units.size());
  std::vector<size_t> pending(units.size(), 0);
  for (size_t u = 0; u < units.size(); ++u) {
    std::sort(deps[u].begin(), deps[u].end());
    deps[u].erase(std::unique(deps[u].begin(), deps[u].end()), deps[u].end());
    pending[u] = deps[u].size();
    for (int32_t d : deps[u]) users[static_cast<size_t>(d)].push_back(static_cast<int32_t>(u));
  }
  auto later = [&](int32_t a, int32_t b) {
    const Unit& x = units[static_cast<size_t>(a)];
    const Unit& y = units[static_cast<size_t>(b)];
    return x.root != y.root ? x.root > y.root : a > b;
  };
  std::priority_queue<int32_t, std::vector<int32_t>, decltype(later)> ready(later);
  for (size_t u = 0; u < units.size(); ++u) {
    if (pending[u] == 0) ready.push(static_cast<int32_t>(u));
  }
  std::vector<int32_t> order;
  while (!ready.empty()) {
    const int32_t u = ready.top();
    ready.pop();
    order.push_back(u);
    for (int32_t v : users[static_cast<size_t>(u)]) {
      if (--pending[static_cast<size_t>(v)] == 0) ready.push(v);
    }
  }
  if (order.size() != units.size()) return "lets form a cycle";
  // Slots follow the order; assign them all before emitting (a unit reads earlier slots only).
  user_let_.assign(p_.lets.size(), -1);
  for (size_t k = 0; k < order.size(); ++k) {
    const Unit& unit = units[static_cast<size_t>(order[k])];
    if (unit.user_let >= 0) {
      user_let_[static_cast<size_t>(unit.user_let)] = static_cast<int32_t>(k);
      if (hoisted_[unit.root] == -2) hoisted_[unit.root] = static_cast<int32_t>(k);
    } else {
      hoisted_[unit.root] = static_cast<int32_t>(k);
    }
  }
  for (auto& h : hoisted_) {
    if (h == -2) h = -1;  // never happens: every candidate is a unit
  }
  for (int32_t u : order) {
    const Unit& unit = units[static_cast<size_t>(u)];
    unit_root_ = unit.root;
    const int32_t seg = EmitSegment(unit.root);
    unit_root_ = ir::kNoNode;
    prog.lets.push_back(rt::LetDecl{unit.name, seg});
  }

  // Header.
  prog.meta.title = p_.meta.title;
  prog.meta.issuer = p_.meta.issuer;
  prog.meta.docno = p_.meta.docno;
  prog.meta.version = p_.meta.version;
  prog.meta.supersedes = p_.meta.supersedes;
  prog.meta.issued = p_.meta.issued;
  prog.meta.effective = p_.meta.effective;
  prog.schema = p_.schema;

  for (const ir::Section& s : p_.sections) {
    rt::SectionDecl sd;
    sd.id = s.id;
    sd.title = s.title;
    sd.explain = s.explain;
    sd.parent = s.parent;
    sd.applies = EmitSegment(s.applies);
    sd.points = s.points;
    prog.sections.push_back(std::move(sd));
  }
  for (const ir::Item& it : p_.items) {
    rt::ItemDecl d;
    d.id = it.id;
    d.title = it.title;
    d.clause = it.clause;
    d.explain = it.explain;
    d.remedy = it.remedy;
    d.unverified = it.unverified;
    d.unverified_reason = it.unverified_reason;
    d.level = it.level == ir::Level::kMajor     ? rt::Level::kMajor
              : it.level == ir::Level::kGeneral ? rt::Level::kGeneral
                                                : rt::Level::kNonconformity;
    d.section = it.section;
    if (sources_ && !it.pos.file.empty()) {
      b_.SetPosition(b_.AddFile(it.pos.file), it.pos.line, it.pos.column);
    }
    d.applies = EmitSegment(it.applies);
    d.condition = EmitSegment(it.condition);
    if (it.condition == ir::kNoNode) return "item " + it.id + " has no condition";
    d.deadline_amount = it.deadline_amount;
    d.deadline_unit = it.deadline_unit;
    d.points = it.points;
    d.veto = it.veto;
    if (it.deduct) {
      d.has_deduct = true;
      d.deduct_amount = it.deduct->amount;
      d.deduct_per = EmitSegment(it.deduct->per);
      d.deduct_cap = it.deduct->cap;
    }
    prog.items.push_back(std::move(d));
  }
  for (const auto* rules : {&p_.grades, &p_.colours}) {
    auto& target = rules == &p_.grades ? prog.grades : prog.colours;
    for (const ir::GradeRule& g : *rules)
      target.push_back(rt::GradeDecl{g.name, EmitSegment(g.when)});
  }
  if (!error_.empty()) return error_;
  return b_.Finish(out);
}

}  // namespace

std::string CompileProgram(const ir::Program& program, const SourceManager* sources,
                           rt::Program* out) {
  Translator t(program, sources);
  return t.Run(out);
}

std::string CompileImage(const ir::Program& program, const SourceManager* sources,
                         std::string* image) {
  rt::Program p;
  std::string err = CompileProgram(program, sources, &p);
  if (!err.empty()) return err;
  *image = rt::WriteImage(p);
  return "";
}

}  // namespace paicha::compiler::backend_vm
