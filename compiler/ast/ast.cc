// Names of AST enums, for dumps and debugging. Keep in sync with the enums in ast.h.
#include "ast/ast.h"

namespace paicha::compiler::ast {

std::string_view ExprKindName(ExprKind kind) {
  switch (kind) {
    case ExprKind::kLiteral:
      return "Literal";
    case ExprKind::kName:
      return "Name";
    case ExprKind::kMember:
      return "Member";
    case ExprKind::kCall:
      return "Call";
    case ExprKind::kMethodCall:
      return "MethodCall";
    case ExprKind::kIndex:
      return "Index";
    case ExprKind::kUnary:
      return "Unary";
    case ExprKind::kBinary:
      return "Binary";
    case ExprKind::kConditional:
      return "Conditional";
    case ExprKind::kList:
      return "List";
    case ExprKind::kSituations:
      return "Situations";
    case ExprKind::kFrequency:
      return "Frequency";
    case ExprKind::kDeadline:
      return "Deadline";
  }
  return "?";
}

std::string_view BinaryOpName(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr:
      return "||";
    case BinaryOp::kAnd:
      return "&&";
    case BinaryOp::kEq:
      return "==";
    case BinaryOp::kNe:
      return "!=";
    case BinaryOp::kLt:
      return "<";
    case BinaryOp::kLe:
      return "<=";
    case BinaryOp::kGt:
      return ">";
    case BinaryOp::kGe:
      return ">=";
    case BinaryOp::kIn:
      return "in";
    case BinaryOp::kNotIn:
      return "not_in";
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSub:
      return "-";
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
  }
  return "?";
}

std::string_view TypeKindName(TypeKind kind) {
  switch (kind) {
    case TypeKind::kBool:
      return "bool";
    case TypeKind::kInt:
      return "int";
    case TypeKind::kDecimal:
      return "decimal";
    case TypeKind::kText:
      return "text";
    case TypeKind::kDate:
      return "date";
    case TypeKind::kDuration:
      return "duration";
    case TypeKind::kEnum:
      return "enum";
    case TypeKind::kRecord:
      return "record";
    case TypeKind::kList:
      return "list";
    case TypeKind::kListOf:
      return "list-of";
    case TypeKind::kNamed:
      return "named";
  }
  return "?";
}

std::string_view DeclKindName(DeclKind kind) {
  switch (kind) {
    case DeclKind::kInput:
      return "Input";
    case DeclKind::kRecord:
      return "Record";
    case DeclKind::kEnum:
      return "Enum";
    case DeclKind::kLet:
      return "Let";
    case DeclKind::kSection:
      return "Section";
    case DeclKind::kItem:
      return "Item";
    case DeclKind::kGrades:
      return "Grades";
  }
  return "?";
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kMajor:
      return "major";
    case Level::kGeneral:
      return "general";
    case Level::kNonconformity:
      return "nonconformity";
  }
  return "?";
}

std::string_view ItemAttrKindName(ItemAttrKind kind) {
  switch (kind) {
    case ItemAttrKind::kClause:
      return "clause";
    case ItemAttrKind::kLevel:
      return "level";
    case ItemAttrKind::kApplies:
      return "applies";
    case ItemAttrKind::kWhen:
      return "when";
    case ItemAttrKind::kExplain:
      return "explain";
    case ItemAttrKind::kRemedy:
      return "remedy";
    case ItemAttrKind::kDeadline:
      return "deadline";
    case ItemAttrKind::kPoints:
      return "points";
    case ItemAttrKind::kDeduct:
      return "deduct";
    case ItemAttrKind::kVeto:
      return "veto";
    case ItemAttrKind::kUnverified:
      return "unverified";
  }
  return "?";
}

}  // namespace paicha::compiler::ast
