#include "ir/builder.h"

#include <algorithm>
#include <utility>

namespace paicha::compiler::ir {
namespace {

bool IsConstOp(Op op) {
  switch (op) {
    case Op::kConstBool:
    case Op::kConstInt:
    case Op::kConstDecimal:
    case Op::kConstText:
    case Op::kConstDate:
    case Op::kConstEnum:
    case Op::kConstPeriod:
      return true;
    default:
      return false;
  }
}

// Three-way comparison of two constants of the same type; nullopt when not comparable here.
std::optional<int> CompareConst(const Node& a, const Node& b) {
  if (a.op != b.op) return std::nullopt;
  switch (a.op) {
    case Op::kConstBool:
    case Op::kConstInt:
    case Op::kConstDate:
    case Op::kConstEnum:
    case Op::kConstPeriod:
      return (a.ival > b.ival) - (a.ival < b.ival);
    case Op::kConstDecimal:
      return rt::Decimal::Compare(a.dval, b.dval);
    case Op::kConstText:
      return a.sval.compare(b.sval) < 0 ? -1 : (a.sval == b.sval ? 0 : 1);
    default:
      return std::nullopt;
  }
}

bool BindsVar(Op op) {
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
    case Op::kFrequency:
      return true;
    default:
      return false;
  }
}

}  // namespace

Builder::Builder(Program* program) : program_(program) {
  for (NodeId i = 0; i < program_->nodes.size(); ++i) {
    index_.emplace(Key(program_->nodes[i]), i);
  }
}

std::string Builder::Key(const Node& n) {
  std::string k;
  k.reserve(32 + n.sval.size());
  k += std::to_string(static_cast<int>(n.op));
  k += ':';
  k += std::to_string(static_cast<int>(n.type.kind));
  k += ',';
  k += std::to_string(static_cast<int>(n.type.unit));
  k += ',';
  k += std::to_string(n.type.index);
  k += ':';
  k += std::to_string(n.ival);
  k += ':';
  k += n.dval.Normalized().ToString();
  k += ':';
  k += std::to_string(n.sval.size());
  k += '"';
  k += n.sval;
  for (NodeId o : n.operands) {
    k += ',';
    k += std::to_string(o);
  }
  return k;
}

NodeId Builder::Intern(Node node) {
  node.flags = IsConstOp(node.op) ? kFlagConst : 0;
  if (node.op == Op::kLet) node.flags |= kFlagUsesLet;
  uint32_t depth = node.op == Op::kVar ? static_cast<uint32_t>(node.ival) + 1 : 0;
  for (NodeId o : node.operands) {
    node.flags |= program_->nodes[o].flags & kFlagUsesLet;
    depth = std::max<uint32_t>(depth, program_->nodes[o].var_depth);
  }
  if (BindsVar(node.op)) depth = std::min<uint32_t>(depth, static_cast<uint32_t>(node.ival));
  node.var_depth = static_cast<uint16_t>(std::min<uint32_t>(depth, UINT16_MAX));
  if (node.var_depth > 0) node.flags |= kFlagUsesVar;
  std::string key = Key(node);
  auto it = index_.find(key);
  if (it != index_.end()) return it->second;
  NodeId id = static_cast<NodeId>(program_->nodes.size());
  program_->nodes.push_back(std::move(node));
  index_.emplace(std::move(key), id);
  return id;
}

NodeId Builder::Bool(bool v, Span span) {
  Node n;
  n.op = Op::kConstBool;
  n.type = Type::Bool();
  n.ival = v ? 1 : 0;
  n.span = span;
  return Intern(std::move(n));
}

NodeId Builder::Int(int64_t v, Span span) {
  Node n;
  n.op = Op::kConstInt;
  n.type = Type::Int();
  n.ival = v;
  n.span = span;
  return Intern(std::move(n));
}

NodeId Builder::Decimal(const rt::Decimal& v, Type type, Span span) {
  Node n;
  n.op = Op::kConstDecimal;
  n.type = type;
  n.dval = v;
  n.span = span;
  return Intern(std::move(n));
}

NodeId Builder::TryFold(const Node& n) {
  const auto& nodes = program_->nodes;
  auto is_const = [&](size_t i) { return IsConst(nodes[n.operands[i]]); };
  auto all_const = [&]() {
    for (size_t i = 0; i < n.operands.size(); ++i) {
      if (!is_const(i)) return false;
    }
    return !n.operands.empty();
  };
  auto const_bool = [&](size_t i) -> std::optional<bool> {
    const Node& o = nodes[n.operands[i]];
    if (o.op == Op::kConstBool) return o.ival != 0;
    return std::nullopt;
  };
  switch (n.op) {
    case Op::kNot:
      if (auto b = const_bool(0)) return Bool(!*b, n.span);
      return kNoNode;
    case Op::kAnd:
    case Op::kOr: {
      // Kleene: a known false decides 且, a known true decides 或; the other constant is the
      // identity and is dropped.
      const bool decisive = n.op == Op::kOr;
      std::vector<NodeId> rest;
      for (size_t i = 0; i < n.operands.size(); ++i) {
        auto b = const_bool(i);
        if (b && *b == decisive) return Bool(decisive, n.span);
        if (!b) rest.push_back(n.operands[i]);
      }
      if (rest.size() == n.operands.size()) return kNoNode;
      if (rest.empty()) return Bool(!decisive, n.span);
      if (rest.size() == 1 && nodes[rest[0]].type == n.type) return rest[0];
      if (rest.size() == 1) return kNoNode;  // keep the op: the type differs (verdict)
      Node copy = n;
      copy.operands = std::move(rest);
      return Intern(std::move(copy));
    }
    case Op::kCond:
      if (auto b = const_bool(0)) return n.operands[*b ? 1 : 2];
      return kNoNode;
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe: {
      if (!all_const()) return kNoNode;
      auto c = CompareConst(nodes[n.operands[0]], nodes[n.operands[1]]);
      if (!c) return kNoNode;
      bool r = false;
      switch (n.op) {
        case Op::kEq:
          r = *c == 0;
          break;
        case Op::kNe:
          r = *c != 0;
          break;
        case Op::kLt:
          r = *c < 0;
          break;
        case Op::kLe:
          r = *c <= 0;
          break;
        case Op::kGt:
          r = *c > 0;
          break;
        default:
          r = *c >= 0;
          break;
      }
      return Bool(r, n.span);
    }
    case Op::kIn:
    case Op::kNotIn: {
      if (!all_const()) return kNoNode;
      bool found = false;
      for (size_t i = 1; i < n.operands.size(); ++i) {
        auto c = CompareConst(nodes[n.operands[0]], nodes[n.operands[i]]);
        if (!c) return kNoNode;
        if (*c == 0) found = true;
      }
      return Bool(n.op == Op::kIn ? found : !found, n.span);
    }
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
    case Op::kNeg: {
      if (!all_const()) return kNoNode;
      const Node& a = nodes[n.operands[0]];
      if (n.type.kind == TypeKind::kInt) {
        int64_t r = 0;
        bool overflow = false;
        if (n.op == Op::kNeg) {
          overflow = __builtin_sub_overflow(int64_t{0}, a.ival, &r);
        } else {
          const Node& b = nodes[n.operands[1]];
          if (a.op != Op::kConstInt || b.op != Op::kConstInt) return kNoNode;
          if (n.op == Op::kAdd) overflow = __builtin_add_overflow(a.ival, b.ival, &r);
          if (n.op == Op::kSub) overflow = __builtin_sub_overflow(a.ival, b.ival, &r);
          if (n.op == Op::kMul) overflow = __builtin_mul_overflow(a.ival, b.ival, &r);
        }
        if (overflow) return kNoNode;
        return Int(r, n.span);
      }
      auto dec = [&](const Node& x) -> std::optional<rt::Decimal> {
        if (x.op == Op::kConstDecimal) return x.dval;
        if (x.op == Op::kConstInt) return rt::Decimal::FromInt(x.ival);
        return std::nullopt;
      };
      auto da = dec(a);
      if (!da) return kNoNode;
      std::optional<rt::Decimal> r;
      if (n.op == Op::kNeg) {
        r = rt::Decimal::Negate(*da);
      } else {
        auto db = dec(nodes[n.operands[1]]);
        if (!db) return kNoNode;
        if (n.op == Op::kAdd) r = rt::Decimal::Add(*da, *db);
        if (n.op == Op::kSub) r = rt::Decimal::Sub(*da, *db);
        if (n.op == Op::kMul) r = rt::Decimal::Mul(*da, *db);
      }
      if (!r) return kNoNode;
      return Decimal(*r, n.type, n.span);
    }
    case Op::kIntToDecimal:
      if (!all_const()) return kNoNode;
      return Decimal(rt::Decimal::FromInt(nodes[n.operands[0]].ival), n.type, n.span);
    case Op::kConvertUnit: {
      if (!all_const()) return kNoNode;
      const Node& a = nodes[n.operands[0]];
      if (a.op != Op::kConstDecimal) return kNoNode;
      auto r = rt::Decimal::Mul(a.dval, n.dval);
      if (!r) return kNoNode;
      return Decimal(*r, n.type, n.span);
    }
    default:
      return kNoNode;
  }
}

NodeId Builder::Add(Node node) {
  NodeId folded = TryFold(node);
  if (folded != kNoNode) return folded;
  return Intern(std::move(node));
}

}  // namespace paicha::compiler::ir
