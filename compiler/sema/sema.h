// Semantic analysis: imports, declarations, name resolution, type and unit checking and the
// static checks of a rulebook. Input: the root file's AST; output: a SemaResult that owns every
// loaded file's AST plus side tables (the schema, lets in dependency order, and one ExprInfo per
// expression node) that compiler/lower turns into IR.
//
// The analysis is a named, ordered pass list (OPA compile.go style; see kPassNames in sema.cc):
//   imports       resolve `导入 "path"` relative to the importing file, load + parse each file
//                 once (deduplicated by canonical path), report missing files and cycles;
//   declarations  enums and records (named and inline), merged 输入 blocks, lets, duplicate
//                 names, reserved submission keys; builds rt::Schema;
//   expressions   name resolution and typing of every expression (lets lazily, in dependency
//                 order, with cycle detection), enum members by expected type, units;
//   structure     items and sections: required attributes, duplicate ids and attributes, points,
//                 grades/colours, contradictory enum tests.
// Every error is reported (analysis never stops at the first one); each diagnostic has a precise
// span. Checks that need constant folding (constant conditions, never-true applicability) run in
// compiler/lower over the folded IR and report through the same sink.
//
// Language decisions made here (docs/language.md leaves them open):
//   - date − date is an error (E0308): write `完成日期 > 事件日期 + 5 天`, which says whether
//     days or calendar months are meant. date ± duration and duration + date are dates.
//   - A field typed `时长` without a unit is a duration in 天 (days).
//   - A bare number LITERAL next to a quantity takes its unit (`人数 >= 10`, `浓度 <= 0.3` with
//     浓度 in ‰ means 0.3 ‰). A non-literal plain number meets only ratio quantities (% ‰) as
//     a number in the unit "1" (`l.ratio(x, p) >= 85 %`); anything else is E0303.
//   - `/` of two numbers is decimal; quantity / quantity of one dimension is a plain decimal;
//     quantity × quantity is rejected (no derived units).
//   - Enum members resolve by the other operand's type (==, !=, 属于, 不属于, branches of
//     如果/?:) and win over fields of the same name there. Period words (日 周 月 季度 半年 年)
//     are periods where no field, let or variable has that name.
//   - Lets share one namespace across files and sections (no two lets have the same name), but
//     a let declared in a section is visible only inside that section (and the sections in
//     it); a let may not be named like an input field. 仅当 expressions are checked (bool; names in
//     a record's 仅当 see the record's sibling fields first) but are not part of the IR.
//   - Items, sections and grades of imported files belong to the rulebook too (a rulebook may be
//     split into one file per 条); only the root file's header is the rulebook's header.
//
// Thread safety: one analysis per SemaResult; a finished SemaResult is read-only.
#ifndef PAICHA_COMPILER_SEMA_SEMA_H_
#define PAICHA_COMPILER_SEMA_SEMA_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ast/ast.h"
#include "ir/ir.h"
#include "paicha/compiler/diagnostic.h"
#include "paicha/compiler/source.h"

namespace paicha::compiler::sema {

// What a name or member expression refers to.
enum class RefKind : uint8_t {
  kNone,
  kField,       // NameExpr: root-record field `index`; MemberExpr: field `index` of base's record
  kLet,         // SemaResult::lets[index]
  kVar,         // macro variable with slot `index` (de Bruijn level)
  kEnumMember,  // member `index` of the expression type's enum
  kBuiltin,     // Builtin(index)
  kPeriod,      // rt::PeriodKind(index)
};

enum class Builtin : uint8_t {
  kReportDate,       // 报告日期
  kPeriodStart,      // 统计起始日期
  kScore,            // 得分 (评级/风险色 only)
  kMajorCount,       // 重大隐患数
  kGeneralCount,     // 一般隐患数
  kNonconformCount,  // 不符合数
};

// What sema learned about one expression node. Absent for nodes inside an expression that
// failed to check (lower never runs when there are errors).
struct ExprInfo {
  ir::Type type;
  RefKind ref = RefKind::kNone;
  int32_t index = -1;
  // Binary comparisons/arithmetic, 属于, conditionals: the type both operands (branches,
  // elements) are coerced to before the operation. Lower inserts the conversions.
  ir::Type operand_type;
  // Method calls, calls, unary and binary ops: the IR op chosen (macro, text function, ...).
  ir::Op op = ir::Op::kConstBool;
  // Number literals: the exact value and the literal's unit (written, or adopted from the
  // other operand of a comparison: `人数 >= 10` makes 10 a quantity in 人).
  rt::Decimal number;
  // Date literals: days since 1970-01-01.
  int64_t date_days = 0;
  // Macro / frequency: the slot the variable is bound to.
  int32_t slot = -1;
};

struct LoadedFile {
  FileId id = kNoFile;
  std::string path;  // canonical path ("" for in-memory text without a file)
  std::unique_ptr<ast::File> ast;
};

struct LetInfo {
  std::string name;
  const ast::LetDecl* decl = nullptr;
  ir::Type type;
  int32_t section = -1;  // index into SemaResult::sections, -1 at top level
};

// Sections in pre-order (a parent before its children), across files in load order.
struct SectionInfo {
  const ast::Section* decl = nullptr;
  int32_t parent = -1;
};

// Items in source order across files (imports first), with their innermost section.
struct ItemInfo {
  const ast::Item* decl = nullptr;
  int32_t section = -1;
};

struct SemaResult {
  std::vector<LoadedFile> files;  // imports before importers; the root file last
  const ast::File* root = nullptr;
  rt::Schema schema;
  std::vector<LetInfo> lets;  // dependency order: a let only refers to lets before it
  std::vector<SectionInfo> sections;
  std::vector<ItemInfo> items;
  const ast::GradesDecl* grades = nullptr;
  const ast::GradesDecl* colours = nullptr;
  std::unordered_map<const ast::Expr*, ExprInfo> exprs;
  // (AST expression of the 整改时限 literal → its duration) is in exprs too.

  // The info of `e`; requires that `e` was checked without error.
  const ExprInfo& info(const ast::Expr* e) const { return exprs.at(e); }
  const ExprInfo* find(const ast::Expr* e) const {
    auto it = exprs.find(e);
    return it == exprs.end() ? nullptr : &it->second;
  }
};

struct SemaOptions {
  // Parses a file already added to the SourceManager (the driver passes compiler/parse's
  // ParseFile). Returns nullptr after reporting syntax errors. Required.
  std::function<std::unique_ptr<ast::File>(const Source&, FileId, DiagnosticSink&)> parse;
  // Reads a file; nullopt when it cannot be read. Default (when empty): the file system.
  std::function<std::optional<std::string>(const std::string& path)> read;
};

// The names of the passes, in order (for --verbose output and tests).
const std::vector<std::string>& PassNames();

// Analyses the rulebook whose root file `root_file` (already parsed, added to `sources` as
// `root_id`, with file name `root_path`; imports resolve relative to its directory) and every
// file it imports. Reports every problem to `sink`. The result is usable by lower only when
// sink has no errors.
std::unique_ptr<SemaResult> Analyze(SourceManager& sources, FileId root_id,
                                    const std::string& root_path,
                                    std::unique_ptr<ast::File> root_file,
                                    const SemaOptions& options, DiagnosticSink& sink);

}  // namespace paicha::compiler::sema

#endif  // PAICHA_COMPILER_SEMA_SEMA_H_
