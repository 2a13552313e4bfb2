#include "ir/verify.h"

#include <set>
#include <string>
#include <tuple>

namespace paicha::compiler::ir {

std::vector<std::string> Verify(const Program& p) {
  std::vector<std::string> errors;
  const size_t n = p.nodes.size();
  auto err = [&](size_t id, const std::string& what) {
    errors.push_back("%" + std::to_string(id) + " (" + OpName(p.nodes[id].op) + "): " + what);
  };
  auto is_truth = [&](NodeId id) { return id < n && p.nodes[id].type.is_truth(); };
  for (size_t i = 0; i < n; ++i) {
    const Node& node = p.nodes[i];
    if (node.type.kind == TypeKind::kError) err(i, "error type");
    bool ok_ops = true;
    for (NodeId o : node.operands) {
      if (o >= i) {
        err(i, "operand %" + std::to_string(o) + " is not before the node");
        ok_ops = false;
      }
    }
    if (!ok_ops) continue;
    const auto& ops = node.operands;
    auto type_of = [&](size_t k) { return p.nodes[ops[k]].type; };
    switch (node.op) {
      case Op::kNot:
      case Op::kAnd:
      case Op::kOr:
        if (ops.empty() || (node.op != Op::kNot && ops.size() < 2)) err(i, "arity");
        for (NodeId o : ops) {
          if (!is_truth(o)) err(i, "operand not bool/verdict");
        }
        break;
      case Op::kCond:
        if (ops.size() != 3 || !is_truth(ops[0]))
          err(i, "cond shape");
        else if (type_of(1) != type_of(2) && !(type_of(1).is_truth() && type_of(2).is_truth()))
          err(i, "branch types differ");
        break;
      case Op::kEq:
      case Op::kNe:
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe:
        if (ops.size() != 2)
          err(i, "arity");
        else if (type_of(0) != type_of(1) && !(type_of(0).is_truth() && type_of(1).is_truth()))
          err(i, "operand types differ");
        if (node.type.kind != TypeKind::kBool) err(i, "comparison not bool");
        break;
      case Op::kIn:
      case Op::kNotIn:
        if (ops.empty()) err(i, "arity");
        for (size_t k = 1; k < ops.size(); ++k) {
          if (type_of(k) != type_of(0)) err(i, "element type differs");
        }
        break;
      case Op::kAdd:
      case Op::kSub:
        if (ops.size() != 2 || type_of(0) != type_of(1) || type_of(0) != node.type) {
          if (!(node.type.kind == TypeKind::kDuration || node.type.kind == TypeKind::kQuantity) ||
              ops.size() != 2 || type_of(0) != type_of(1)) {
            err(i, "arithmetic operand types");
          }
        }
        break;
      case Op::kField:
        if (ops.size() != 1 || type_of(0).kind != TypeKind::kRecord) {
          err(i, "field of a non-record");
        } else {
          int32_t r = type_of(0).index;
          if (r < 0 || static_cast<size_t>(r) >= p.schema.records.size() || node.ival < 0 ||
              static_cast<size_t>(node.ival) >= p.schema.records[r].fields.size()) {
            err(i, "field index out of range");
          }
        }
        break;
      case Op::kLet:
        if (node.ival < 0 || static_cast<size_t>(node.ival) >= p.lets.size()) err(i, "let index");
        break;
      case Op::kExists:
      case Op::kAll:
      case Op::kExistsOne:
      case Op::kFilter:
      case Op::kCount:
      case Op::kRatio:
        if (ops.size() != 2 || type_of(0).kind != TypeKind::kList || !is_truth(ops[1])) {
          err(i, "macro shape");
        }
        break;
      case Op::kSum:
      case Op::kMin:
      case Op::kMax:
        if (ops.size() != 2 || type_of(0).kind != TypeKind::kList) err(i, "macro shape");
        break;
      case Op::kAnyOf:
      case Op::kAllOf:
      case Op::kAtLeast:
        if (node.ival < 0 || static_cast<size_t>(node.ival) >= p.situation_labels.size()) {
          err(i, "situation labels index");
        }
        break;
      case Op::kFrequency:
        if (ops.size() != 4 && ops.size() != 5) err(i, "frequency arity");
        break;
      default:
        break;
    }
  }
  // Hash-consing: no two structurally equal nodes.
  std::set<std::tuple<int, int, int, int, int64_t, std::string, std::string, std::vector<NodeId>>>
      seen;
  for (size_t i = 0; i < n; ++i) {
    const Node& x = p.nodes[i];
    auto key = std::make_tuple(static_cast<int>(x.op), static_cast<int>(x.type.kind),
                               static_cast<int>(x.type.unit), x.type.index, x.ival,
                               x.dval.Normalized().ToString(), x.sval, x.operands);
    if (!seen.insert(key).second) err(i, "duplicate node (hash-consing broken)");
  }
  auto check_root = [&](NodeId id, const std::string& what, bool truth) {
    if (id == kNoNode) return;
    if (id >= n) {
      errors.push_back(what + ": node out of range");
    } else if (truth && !is_truth(id)) {
      errors.push_back(what + ": not bool/verdict");
    } else if (p.nodes[id].var_depth != 0) {
      errors.push_back(what + ": reads a macro variable outside its macro");
    }
  };
  check_root(p.meta.applies, "meta.applies", true);
  for (const auto& l : p.lets) check_root(l.value, "let " + l.name, false);
  for (const auto& s : p.sections) check_root(s.applies, "section " + s.title, true);
  for (const auto& it : p.items) {
    check_root(it.applies, "item " + it.id + " applies", true);
    if (it.condition == kNoNode) errors.push_back("item " + it.id + ": no condition");
    check_root(it.condition, "item " + it.id + " condition", true);
    if (it.section >= static_cast<int32_t>(p.sections.size())) {
      errors.push_back("item " + it.id + ": section index");
    }
  }
  for (const auto& g : p.grades) check_root(g.when, "grade " + g.name, true);
  for (const auto& g : p.colours) check_root(g.when, "colour " + g.name, true);
  std::string schema_error = p.schema.Validate();
  if (!schema_error.empty()) errors.push_back("schema: " + schema_error);
  return errors;
}

}  // namespace paicha::compiler::ir
