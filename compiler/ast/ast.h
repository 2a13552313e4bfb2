// The abstract syntax tree of a rulebook file: what the parser (compiler/parse) produces and what
// sema, the formatter and lowering consume.
//
// Role and invariants:
// - The tree is owning: every child is held by std::unique_ptr or by value; a File owns all of
//   its nodes. Nodes are plain structs (no behaviour beyond small accessors), movable, not
//   copyable.
// - Every node has a `Span span` (byte range in its file, see paicha/compiler/source.h) covering
//   the whole construct; names, labels and attribute values carry their own spans where a
//   diagnostic may want to point at them.
// - ParseFile returns a File only when no syntax error was reported. Then every "required" child
//   pointer is non-null (documented per field); children documented as "null when absent" may
//   be null.
// - Expression height (the longest path from a node down to a leaf, Expr::height) is at most
//   kMaxExprHeight, and section nesting is bounded by the parser's nesting limit, so recursive
//   walkers (sema, lower, dump) cannot overflow the stack.
// - Literal text is kept exactly as written (numbers are never converted to binary floating
//   point here; sema parses them as exact decimals and rejects out-of-range values). Strings are
//   stored unescaped (the quotes and `\"` escapes removed).
// - Keyword language: nodes that start with a keyword (or whose operator can be spelled in
//   Chinese) record `zh` = true when the author wrote the Chinese spelling, so the formatter can
//   keep the file's style. The exact alias (e.g. 隐患 vs 检查项) is recoverable from the source
//   text at the node's span.
// - Attributes of items, sections and the header that may appear at most once keep the FIRST
//   occurrence; every later occurrence is recorded in `duplicates` (with the first one's span)
//   so sema can report it.
//
// Thread safety: a tree is immutable after parsing and may be read from many threads.
#ifndef PAICHA_COMPILER_AST_AST_H_
#define PAICHA_COMPILER_AST_AST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paicha/compiler/source.h"

namespace paicha::compiler::ast {

// Hard limit on Expr::height. Reason: sema, lowering and the dump walk expressions recursively;
// 1,000 levels keep their stacks well under 1 MB even under ASan, and no real standard has a
// condition nested that deeply (long disjunctions are written as 有下列情形之一 blocks, which are
// flat). The parser reports E0103 (ExprTooComplex) beyond it.
inline constexpr uint32_t kMaxExprHeight = 1000;

// A name with its location: field names, enum members, section numbers, macro variables.
struct Ident {
  std::string name;
  Span span;
};

// A number as written in an attribute (分值 10, 扣分 2.5): the exact text, never converted here.
struct Number {
  std::string text;  // "10", "2.5"
  bool is_decimal = false;
  Span span;
};

// A string literal used as a value (titles, labels, clause text): unescaped text + its span
// (the span includes the quotes).
struct StringLit {
  std::string value;
  Span span;
};

// ================================================================================================
// Expressions
// ================================================================================================

enum class ExprKind : uint8_t {
  kLiteral,      // 12, 0.3, 30 kPa, 2023-05-15, "文本", 是
  kName,         // 存在粉尘爆炸危险
  kMember,       // s.类型
  kCall,         // size(l)
  kMethodCall,   // l.exists(x, p)
  kIndex,        // l[0]
  kUnary,        // 非 a, -a
  kBinary,       // a 且 b, a + b, a 属于 [x, y]
  kConditional,  // 如果 a 则 b 否则 c / a ? b : c
  kList,         // [a, b]
  kSituations,   // 有下列情形之一 {…} / 下列全部 {…} / 至少 N 项 {…}
  kFrequency,    // 每 季度 至少 1 次 记录 作为 r 按 r.日期 满足 …
  kDeadline,     // 截止 2022-06-30 完成于 任务.完成日期
};

// Name of a kind for dumps and debugging ("Literal", "Binary", ...).
std::string_view ExprKindName(ExprKind kind);

// Base of all expression nodes. Downcast with As<T>() (checked) or Cast<T>() (asserting).
struct Expr {
  explicit Expr(ExprKind k) : kind(k) {}
  virtual ~Expr() = default;
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

  const ExprKind kind;
  Span span;
  // 1 for leaves, 1 + max(children's height) otherwise. Set by the parser; <= kMaxExprHeight.
  uint32_t height = 1;

  // Returns this node as T when kind == T::kKind, else nullptr.
  template <typename T>
  const T* As() const {
    return kind == T::kKind ? static_cast<const T*>(this) : nullptr;
  }
  template <typename T>
  T* As() {
    return kind == T::kKind ? static_cast<T*>(this) : nullptr;
  }
  // Returns this node as T; requires kind == T::kKind.
  template <typename T>
  const T& Cast() const {
    return *static_cast<const T*>(this);
  }
};
using ExprPtr = std::unique_ptr<Expr>;

enum class LiteralKind : uint8_t {
  kInt,      // text: "12"
  kDecimal,  // text: "0.3"
  kDate,     // text: "2023-05-15"
  kString,   // text: the unescaped value
  kBool,     // bool_value; text empty
};

// Literal{int|decimal|date|string|bool} with an optional unit after a number.
// Production: literal (numberLit, dateLit, stringLit, trueLit, falseLit).
struct LiteralExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kLiteral;
  LiteralExpr() : Expr(kKind) {}

  LiteralKind literal_kind = LiteralKind::kInt;
  std::string text;  // exact number/date text, or the unescaped string
  bool bool_value = false;
  // Unit after a number (`30 kPa`, `0.3‰`, `6 个月`): its text, or empty. Only numbers have units.
  std::string unit;
  Span unit_span;   // invalid when unit is empty
  bool zh = false;  // bool literal written 是/真/否/假
};

// A bare name: field, let, enum member, macro variable or built-in (resolved by sema).
struct NameExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kName;
  NameExpr() : Expr(kKind) {}

  std::string name;
};

// base.name
struct MemberExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kMember;
  MemberExpr() : Expr(kKind) {}

  ExprPtr base;  // required
  Ident name;
};

// name(args): a global function such as size(l) / 个数(l).
struct CallExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kCall;
  CallExpr() : Expr(kKind) {}

  Ident name;
  std::vector<ExprPtr> args;  // each required
};

// receiver.name(args): macros (exists, 任一, …) and text methods (matches, 包含, …).
struct MethodCallExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kMethodCall;
  MethodCallExpr() : Expr(kKind) {}

  ExprPtr receiver;  // required
  Ident name;
  std::vector<ExprPtr> args;  // each required
};

// base[index]
struct IndexExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kIndex;
  IndexExpr() : Expr(kKind) {}

  ExprPtr base;   // required
  ExprPtr index;  // required
};

enum class UnaryOp : uint8_t { kNot, kNeg };

// 非 a / not a / !a ; -a
struct UnaryExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kUnary;
  UnaryExpr() : Expr(kKind) {}

  UnaryOp op = UnaryOp::kNot;
  ExprPtr operand;  // required
  Span op_span;
  bool zh = false;  // 非
};

enum class BinaryOp : uint8_t {
  kOr,
  kAnd,  // || or 或 或者 ; && and 且 并且
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,  // == 等于 ; != 不等于 ; < 小于 ; <= ≤ 不大于 ; ...
  kIn,
  kNotIn,  // in 属于 ; not_in 不属于
  kAdd,
  kSub,
  kMul,
  kDiv,  // + - * × /
};

// Canonical ASCII/English spelling of an operator ("||", "&&", "==", "in", "not_in", "+", …).
std::string_view BinaryOpName(BinaryOp op);

// lhs op rhs. Chains are left-associative: a + b + c is (a + b) + c. Relations do not chain.
struct BinaryExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kBinary;
  BinaryExpr() : Expr(kKind) {}

  BinaryOp op = BinaryOp::kAnd;
  ExprPtr lhs;  // required
  ExprPtr rhs;  // required
  Span op_span;
  bool zh = false;  // operator written in Chinese (且, 大于, 属于, …; × counts as not zh)
};

// 如果 cond 则 then 否则 else  /  cond ? then : else
struct ConditionalExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kConditional;
  ConditionalExpr() : Expr(kKind) {}

  ExprPtr cond;          // required
  ExprPtr then_expr;     // required
  ExprPtr else_expr;     // required
  bool ternary = false;  // written `?:` (else 如果/if … 则/then … 否则/otherwise)
  bool zh = false;       // 如果 … 则 … 否则 (only meaningful when !ternary)
};

// [a, b, c]
struct ListExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kList;
  ListExpr() : Expr(kKind) {}

  std::vector<ExprPtr> elements;  // each required; may be empty
};

enum class SituationsKind : uint8_t { kAny, kAll, kAtLeast };

// One situation of a situations block: `"标签": expr` or just `expr`.
struct Alternative {
  std::optional<StringLit> label;
  ExprPtr expr;  // required
  Span span;     // label (if any) through expr
};

// 有下列情形之一 { … } / 下列全部 { … } / 至少 count 项 { … }
struct SituationsExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kSituations;
  SituationsExpr() : Expr(kKind) {}

  SituationsKind situations_kind = SituationsKind::kAny;
  ExprPtr count;                          // required for kAtLeast, null otherwise
  std::vector<Alternative> alternatives;  // at least one
  bool zh = false;
};

// 每 period 至少 count 次 list 作为 var 按 date (满足 filter)?
struct FrequencyExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kFrequency;
  FrequencyExpr() : Expr(kKind) {}

  ExprPtr period;  // required (a name such as 季度, or an expression)
  ExprPtr count;   // required
  ExprPtr list;    // required
  Ident var;
  ExprPtr date;    // required
  ExprPtr filter;  // null when absent
  bool zh = false;
};

// 截止 deadline 完成于 done
struct DeadlineExpr final : Expr {
  static constexpr ExprKind kKind = ExprKind::kDeadline;
  DeadlineExpr() : Expr(kKind) {}

  ExprPtr deadline;  // required
  ExprPtr done;      // required
  bool zh = false;
};

// ================================================================================================
// Types and fields
// ================================================================================================

enum class TypeKind : uint8_t {
  kBool,
  kInt,
  kDecimal,
  kText,
  kDate,
  kDuration,
  kEnum,    // 枚举 { … } inline members
  kRecord,  // 记录 { … } inline fields
  kList,    // 列表 { … } list of an inline record
  kListOf,  // 列表 记录名
  kNamed,   // 记录名 / 枚举名
};

std::string_view TypeKindName(TypeKind kind);

struct EnumMember {
  Ident name;
  std::optional<StringLit> label;  // display label, also accepted in submissions
  Span span;
};

struct Field;

struct TypeExpr {
  TypeKind kind = TypeKind::kBool;
  Span span;
  bool zh = false;            // the type keyword in Chinese (for kListOf: 列表)
  std::optional<Ident> unit;  // kInt / kDecimal: 整数(人), 小数(kPa); unit symbols like % too
  std::vector<EnumMember> members;  // kEnum
  std::vector<Field> fields;        // kRecord, kList
  Ident name;                       // kListOf, kNamed
};

enum class FieldAttrKind : uint8_t { kLabel, kHelp, kRelevant };

struct DuplicateAttr {
  uint8_t kind;  // FieldAttrKind / ItemAttrKind / SectionAttrKind / MetaKind, per owner
  Span span;     // the repeated attribute
  Span first;    // the first occurrence (the one kept)
};

// name: type 标签 "…" 提示 "…" 仅当 expr
struct Field {
  Ident name;
  TypeExpr type;
  std::optional<StringLit> label;
  std::optional<StringLit> help;
  ExprPtr relevant;                       // null when absent
  Span relevant_span;                     // keyword through expr; invalid when absent
  std::vector<DuplicateAttr> duplicates;  // kind: FieldAttrKind
  Span span;
};

// ================================================================================================
// Declarations
// ================================================================================================

enum class DeclKind : uint8_t { kInput, kRecord, kEnum, kLet, kSection, kItem, kGrades };

std::string_view DeclKindName(DeclKind kind);

struct Decl {
  explicit Decl(DeclKind k) : kind(k) {}
  virtual ~Decl() = default;
  Decl(const Decl&) = delete;
  Decl& operator=(const Decl&) = delete;

  const DeclKind kind;
  Span span;
  bool zh = false;  // the leading keyword in Chinese

  template <typename T>
  const T* As() const {
    return kind == T::kKind ? static_cast<const T*>(this) : nullptr;
  }
  template <typename T>
  T* As() {
    return kind == T::kKind ? static_cast<T*>(this) : nullptr;
  }
  template <typename T>
  const T& Cast() const {
    return *static_cast<const T*>(this);
  }
};
using DeclPtr = std::unique_ptr<Decl>;

// 输入 { fields }
struct InputDecl final : Decl {
  static constexpr DeclKind kKind = DeclKind::kInput;
  InputDecl() : Decl(kKind) {}
  std::vector<Field> fields;
};

// 记录 name { fields }
struct RecordDecl final : Decl {
  static constexpr DeclKind kKind = DeclKind::kRecord;
  RecordDecl() : Decl(kKind) {}
  Ident name;
  std::vector<Field> fields;
};

// 枚举 name { members }
struct EnumDecl final : Decl {
  static constexpr DeclKind kKind = DeclKind::kEnum;
  EnumDecl() : Decl(kKind) {}
  Ident name;
  std::vector<EnumMember> members;  // at least one
};

// 定义 name = expr (top level or inside a section)
struct LetDecl final : Decl {
  static constexpr DeclKind kKind = DeclKind::kLet;
  LetDecl() : Decl(kKind) {}
  Ident name;
  ExprPtr expr;  // required
};

// An attribute whose value is an expression (适用, 当).
struct ExprAttr {
  ExprPtr expr;  // required
  Span span;     // keyword through expr
  bool zh = false;
};

// An attribute whose value is a string (依据, 说明, 整改, 发布机关, …).
struct StringAttr {
  StringLit value;
  Span span;  // keyword through value
  bool zh = false;
};

// An attribute whose value is a number (分值/满分).
struct NumberAttr {
  Number value;
  Span span;
  bool zh = false;
};

enum class SectionAttrKind : uint8_t { kApplies, kPoints, kExplain };

// 章节 number? "title" { 适用 …; 满分 …; 说明 …; 定义 …; 章节 …; 条目 … }
struct Section final : Decl {
  static constexpr DeclKind kKind = DeclKind::kSection;
  Section() : Decl(kKind) {}
  std::optional<Ident> number;  // 第十一条
  StringLit title;
  std::optional<ExprAttr> applies;
  std::optional<NumberAttr> points;
  std::optional<StringAttr> explain;
  std::vector<std::unique_ptr<LetDecl>> lets;  // in order
  std::vector<DeclPtr> children;               // Section and Item nodes only, in source order
  std::vector<DuplicateAttr> duplicates;       // kind: SectionAttrKind
};

enum class Level : uint8_t { kMajor, kGeneral, kNonconformity };
std::string_view LevelName(Level level);  // "major", "general", "nonconformity"

struct LevelAttr {
  Level value = Level::kNonconformity;
  Span value_span;
  Span span;
  bool zh = false;        // 等级
  bool value_zh = false;  // 重大事故隐患 / 一般隐患 / 不符合
};

// 扣分 amount (每 per)? (上限 cap)?
struct DeductAttr {
  Number amount;
  ExprPtr per;  // null when absent
  std::optional<Number> cap;
  Span span;
  bool zh = false;
};

// 整改时限 literal (a quantity such as 30 天; sema checks it is a duration)
struct DeadlineAttr {
  std::unique_ptr<LiteralExpr> value;  // required
  Span span;
  bool zh = false;
};

// 否决
struct FlagAttr {
  Span span;
  bool zh = false;
};

// 未核 "reason"?
struct UnverifiedAttr {
  std::optional<StringLit> reason;
  Span span;
  bool zh = false;
};

enum class ItemAttrKind : uint8_t {
  kClause,
  kLevel,
  kApplies,
  kWhen,
  kExplain,
  kRemedy,
  kDeadline,
  kPoints,
  kDeduct,
  kVeto,
  kUnverified,
};
std::string_view ItemAttrKindName(ItemAttrKind kind);  // "clause", "level", …

// 条目/隐患/检查项 id "title" { attributes }
struct Item final : Decl {
  static constexpr DeclKind kKind = DeclKind::kItem;
  Item() : Decl(kKind) {}
  Ident id;  // an identifier, or the unescaped string when written as a string
  bool id_is_string = false;
  StringLit title;
  std::optional<StringAttr> clause;
  std::optional<LevelAttr> level;
  std::optional<ExprAttr> applies;
  std::optional<ExprAttr> when;
  std::optional<StringAttr> explain;
  std::optional<StringAttr> remedy;
  std::optional<DeadlineAttr> deadline;
  std::optional<NumberAttr> points;
  std::optional<DeductAttr> deduct;
  std::optional<FlagAttr> veto;
  std::optional<UnverifiedAttr> unverified;
  std::vector<DuplicateAttr> duplicates;  // kind: ItemAttrKind
};

// One rule of 评级/风险色: "name": expr  or  "name": 否则
struct GradeRule {
  StringLit name;
  ExprPtr expr;  // null when otherwise
  bool otherwise = false;
  Span otherwise_span;  // valid when otherwise
  bool otherwise_zh = false;
  Span span;
};

// 评级 { rules } / 风险色 { rules }
struct GradesDecl final : Decl {
  static constexpr DeclKind kKind = DeclKind::kGrades;
  GradesDecl() : Decl(kKind) {}
  bool colours = false;  // 风险色 / colours; else 评级 / grades
  std::vector<GradeRule> rules;
};

// ================================================================================================
// File
// ================================================================================================

enum class MetaKind : uint8_t {
  kIssuer,
  kDocNo,
  kIssued,
  kEffective,
  kVersion,
  kSupersedes,
  kApplies,
};

// A date attribute of the header (发布日期 2023-04-14): exact text.
struct DateAttr {
  std::string text;
  Span value_span;
  Span span;
  bool zh = false;
};

// 规则库 "title" { meta } or 模块 "name"
struct Header {
  bool is_module = false;
  StringLit title;  // rulebook title or module name
  std::optional<StringAttr> issuer;
  std::optional<StringAttr> docno;
  std::optional<DateAttr> issued;
  std::optional<DateAttr> effective;
  std::optional<StringAttr> version;
  std::optional<StringAttr> supersedes;
  std::optional<ExprAttr> applies;
  std::vector<DuplicateAttr> duplicates;  // kind: MetaKind
  Span span;
  bool zh = false;
};

// 导入 "path"
struct Import {
  StringLit path;  // unescaped, as written (relative to the importing file)
  Span span;
  bool zh = false;
};

struct File {
  FileId file = kNoFile;
  std::optional<Header> header;  // absent: the file is a module without a name
  std::vector<Import> imports;   // in order
  std::vector<DeclPtr> decls;    // in order (imports excluded)
  // Every comment (`#`, `//`, `/* */`) in source order, for the formatter.
  std::vector<Span> comments;
  Span span;  // the whole file
};

}  // namespace paicha::compiler::ast

#endif  // PAICHA_COMPILER_AST_AST_H_
