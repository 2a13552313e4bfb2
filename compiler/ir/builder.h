// The IR builder: the one way nodes enter a Program's arena. It keeps the invariants of ir.h that
// a producer cannot easily keep by hand:
//   - hash-consing: Add returns the existing id for a node equal (op, type, payload, operands)
//     to one already in the arena, so identical subexpressions of different items are shared;
//   - constant folding: pure ops over constant operands become constants (exact decimal
//     arithmetic; a fold that would overflow or be inexact is left as the op), and Kleene
//     identities are applied (`x 且 真` → x, `x 且 假` → 假, `非 非 x` stays as written);
//   - flags (const / uses-var / uses-let) computed from the operands.
// Spans: a shared node keeps the span of its first occurrence.
//
// Not thread-safe; one Builder per Program under construction.
#ifndef PAICHA_COMPILER_IR_BUILDER_H_
#define PAICHA_COMPILER_IR_BUILDER_H_

#include <string>
#include <unordered_map>

#include "ir/ir.h"

namespace paicha::compiler::ir {

class Builder {
 public:
  // `program` must outlive the builder; nodes already in it are indexed for hash-consing.
  explicit Builder(Program* program);

  // Adds `node` (folding and hash-consing it) and returns its id. Requires every operand id to
  // be < the arena size. Never fails.
  NodeId Add(Node node);

  // Shorthands for constants.
  NodeId Bool(bool v, Span span = {});
  NodeId Int(int64_t v, Span span = {});
  NodeId Decimal(const rt::Decimal& v, Type type, Span span = {});

  // The folding step alone: returns the constant (or simpler) node `node` folds to, when it
  // does; kNoNode otherwise.
  NodeId TryFold(const Node& node);

  Program& program() { return *program_; }

 private:
  NodeId Intern(Node node);
  static std::string Key(const Node& node);

  Program* program_;
  std::unordered_map<std::string, NodeId> index_;
};

// True when `node` is a constant op.
inline bool IsConst(const Node& node) { return (node.flags & kFlagConst) != 0; }

}  // namespace paicha::compiler::ir

#endif  // PAICHA_COMPILER_IR_BUILDER_H_
