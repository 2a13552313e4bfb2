#include "sema/sema.h"

#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "paicha/rt/calendar.h"
#include "sema/types.h"

namespace paicha::compiler::sema {
namespace {

namespace fs = std::filesystem;
using ir::Type;
using ir::TypeKind;

const std::vector<std::string> kPassNames = {"imports", "declarations", "expressions", "structure"};

// ---- Small helpers ----------------------------------------------------------------------------

std::vector<char32_t> CodePoints(std::string_view s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    char32_t cp = len == 1 ? c : (c & (0x7F >> len));
    for (int k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    out.push_back(cp);
    i += static_cast<size_t>(len);
  }
  return out;
}

// Levenshtein distance over code points (names are short; quadratic is fine).
size_t EditDistance(std::string_view a, std::string_view b) {
  auto x = CodePoints(a), y = CodePoints(b);
  std::vector<size_t> prev(y.size() + 1), cur(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= x.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= y.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] != y[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

// The closest candidate within a distance that scales with the name's length; "" when none.
std::string Suggest(std::string_view name, const std::vector<std::string>& candidates) {
  size_t len = CodePoints(name).size();
  size_t limit = len <= 2 ? 1 : (len <= 6 ? 2 : 3);
  std::string best;
  size_t best_d = limit + 1;
  for (const auto& c : candidates) {
    if (c.empty() || c == name) continue;
    size_t d = EditDistance(name, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

// Chinese keywords that, glued to Chinese letters, become part of a name.
const std::vector<std::string>& GluedKeywords() {
  static const std::vector<std::string> k = {"并且",   "或者",   "不属于", "属于", "不等于", "等于",
                                             "不大于", "不小于", "大于",   "小于", "且",     "或",
                                             "非",     "如果",   "则",     "否则"};
  return k;
}

std::optional<rt::PeriodKind> PeriodOfName(std::string_view name) {
  if (name == "日" || name == "天") return rt::PeriodKind::kDay;
  auto u = rt::FindUnit(name);
  if (!u) return std::nullopt;
  switch (*u) {
    case rt::UnitId::kDay:
      return rt::PeriodKind::kDay;
    case rt::UnitId::kWeek:
      return rt::PeriodKind::kWeek;
    case rt::UnitId::kMonth:
      return rt::PeriodKind::kMonth;
    case rt::UnitId::kQuarter:
      return rt::PeriodKind::kQuarter;
    case rt::UnitId::kHalfYear:
      return rt::PeriodKind::kHalfYear;
    case rt::UnitId::kYear:
      return rt::PeriodKind::kYear;
    default:
      return std::nullopt;
  }
}

std::optional<ir::Op> MethodOp(std::string_view n) {
  static const std::unordered_map<std::string_view, ir::Op> kOps = {
      {"exists", ir::Op::kExists},
      {"任一", ir::Op::kExists},
      {"存在", ir::Op::kExists},
      {"all", ir::Op::kAll},
      {"全部", ir::Op::kAll},
      {"均", ir::Op::kAll},
      {"exists_one", ir::Op::kExistsOne},
      {"恰有一个", ir::Op::kExistsOne},
      {"filter", ir::Op::kFilter},
      {"筛选", ir::Op::kFilter},
      {"count", ir::Op::kCount},
      {"计数", ir::Op::kCount},
      {"sum", ir::Op::kSum},
      {"求和", ir::Op::kSum},
      {"min", ir::Op::kMin},
      {"最小", ir::Op::kMin},
      {"max", ir::Op::kMax},
      {"最大", ir::Op::kMax},
      {"ratio", ir::Op::kRatio},
      {"比例", ir::Op::kRatio},
      {"size", ir::Op::kSize},
      {"个数", ir::Op::kSize},
      {"matches", ir::Op::kMatches},
      {"匹配", ir::Op::kMatches},
      {"startsWith", ir::Op::kStartsWith},
      {"开头是", ir::Op::kStartsWith},
      {"contains", ir::Op::kContains},
      {"包含", ir::Op::kContains},
  };
  auto it = kOps.find(n);
  if (it == kOps.end()) return std::nullopt;
  return it->second;
}

bool IsMacro(ir::Op op) {
  switch (op) {
    case ir::Op::kExists:
    case ir::Op::kAll:
    case ir::Op::kExistsOne:
    case ir::Op::kFilter:
    case ir::Op::kCount:
    case ir::Op::kSum:
    case ir::Op::kMin:
    case ir::Op::kMax:
    case ir::Op::kRatio:
      return true;
    default:
      return false;
  }
}

bool IsNumeric(const Type& t) {
  return t.kind == TypeKind::kInt || t.kind == TypeKind::kDecimal ||
         t.kind == TypeKind::kQuantity || t.kind == TypeKind::kDuration;
}
bool IsPlain(const Type& t) { return t.kind == TypeKind::kInt || t.kind == TypeKind::kDecimal; }
bool HasUnit(const Type& t) {
  return t.kind == TypeKind::kQuantity || t.kind == TypeKind::kDuration;
}

const char* ItemAttrZh(uint8_t k) {
  static const char* kNames[] = {"依据",     "等级", "适用", "当",   "说明", "整改",
                                 "整改时限", "分值", "扣分", "否决", "未核"};
  return k < 11 ? kNames[k] : "?";
}
const char* SectionAttrZh(uint8_t k) {
  static const char* kNames[] = {"适用", "满分", "说明"};
  return k < 3 ? kNames[k] : "?";
}
const char* MetaAttrZh(uint8_t k) {
  static const char* kNames[] = {"发布机关", "文号", "发布日期", "施行日期",
                                 "版本",     "取代", "适用"};
  return k < 7 ? kNames[k] : "?";
}
const char* FieldAttrZh(uint8_t k) {
  static const char* kNames[] = {"标签", "提示", "仅当"};
  return k < 3 ? kNames[k] : "?";
}

DiagArg Arg(std::string name, std::string value) { return DiagArg{std::move(name), value}; }
DiagArg Arg(std::string name, int64_t value) { return DiagArg{std::move(name), value}; }

// ---- The checker ------------------------------------------------------------------------------

class Checker {
 public:
  Checker(SourceManager& sources, const SemaOptions& options, DiagnosticSink& sink,
          SemaResult& result)
      : sources_(sources), options_(options), sink_(sink), r_(result) {}

  // Pass "imports".
  void Imports(FileId root_id, const std::string& root_path, std::unique_ptr<ast::File> root);
  // Pass "declarations".
  void Declarations();
  // Pass "expressions".
  void Expressions();
  // Pass "structure".
  void Structure();

 private:
  struct Var {
    std::string name;
    int32_t slot;
    int32_t record;
  };
  enum class LetState : uint8_t { kUnchecked, kChecking, kDone };
  // One import on the path from the root file to the file being loaded.
  struct ChainLink {
    std::string canonical;  // the imported file
    std::string written;    // the path as written in the import
    Span span;
  };
  struct LetSlot {
    const ast::LetDecl* decl;
    int32_t section;
    LetState state = LetState::kUnchecked;
    int32_t final_index = -1;
  };
  struct TypeName {
    bool is_enum;
    int32_t index;
    Span span;
  };

  void Error(DiagKind kind, Span span, std::vector<DiagArg> args = {},
             std::vector<DiagNote> notes = {}) {
    sink_.Report(Diagnostic{kind, span, std::move(args), std::move(notes)});
  }

  void LoadImports(LoadedFile file, std::vector<ChainLink>& chain);
  std::optional<std::string> Read(const std::string& path);

  int32_t AddRecord(std::string name);
  void BuildFields(int32_t record, const std::vector<ast::Field>& fields,
                   std::map<std::string, Span>& seen, bool root);
  rt::Type ConvertType(const ast::TypeExpr& t, const std::string& owner, const std::string& field);
  std::optional<rt::UnitId> ResolveUnit(const std::string& text, Span span);
  void CollectSection(const ast::Section& s, int32_t parent);
  void CheckRecordCycles();

  // Expressions.
  Type Check(const ast::Expr* e, const Type* expected = nullptr);
  Type CheckTruth(const ast::Expr* e, const char* context);
  Type Record(const ast::Expr* e, ExprInfo info) {
    Type t = info.type;
    r_.exprs[e] = info;
    return t;
  }
  Type CheckLiteral(const ast::LiteralExpr& e);
  Type CheckName(const ast::NameExpr& e, const Type* expected);
  Type CheckMember(const ast::MemberExpr& e);
  Type CheckCall(const ast::CallExpr& e);
  Type CheckMethod(const ast::MethodCallExpr& e);
  Type CheckUnary(const ast::UnaryExpr& e);
  Type CheckBinary(const ast::BinaryExpr& e);
  Type CheckConditional(const ast::ConditionalExpr& e, const Type* expected);
  Type CheckSituations(const ast::SituationsExpr& e);
  Type CheckFrequency(const ast::FrequencyExpr& e);
  Type CheckDeadline(const ast::DeadlineExpr& e);
  // Unifies two checked operands of a comparison/+−/branches; adopts units for bare literals.
  std::optional<Type> Unify(const ast::Expr* l, Type ltype, const ast::Expr* r, Type rtype,
                            const char* op, Span span, bool ordering);
  // Retypes a bare number literal (or its negation) as `t` (a quantity/duration).
  bool AdoptUnit(const ast::Expr* e, const Type& t);
  bool IsUnresolvedName(const ast::Expr* e) const;
  std::optional<Type> PeekName(const ast::Expr* e) const;
  bool CheckRhsFirst(const ast::Expr* lhs, const ast::Expr* rhs) const;
  Type EnsureLet(int32_t slot_index, Span use);
  void ReportUnknownName(const std::string& name, Span span, const Type* expected);
  void ReportMismatch(const char* op, Span span, const Type& a, const Type& b);
  void ExpectTypeError(Span span, const std::string& expected, const Type& actual);
  std::string T(const Type& t) const { return TypeText(r_.schema, t); }

  void CheckContradictions(const ast::Expr* root);
  bool PathKey(const ast::Expr* e, std::string* key) const;

  SourceManager& sources_;
  const SemaOptions& options_;
  DiagnosticSink& sink_;
  SemaResult& r_;

  // imports
  std::map<std::string, int> file_state_;  // canonical path → 1 loading, 2 done

  // declarations
  std::map<std::string, TypeName> type_names_;
  std::vector<std::pair<const ast::RecordDecl*, int32_t>> record_decls_;
  std::vector<Span> record_spans_;  // per schema record, where it was declared
  std::vector<std::pair<const ast::Field*, int32_t>> relevant_;  // field, owning record
  std::vector<LetSlot> let_slots_;
  std::map<std::string, int32_t> let_by_name_;
  std::map<std::string, Span> root_field_spans_;

  // expressions
  std::vector<Var> vars_;
  int32_t implicit_record_ = -1;
  bool in_grades_ = false;
  int32_t current_section_ = -1;  // the section whose expressions are being checked

  // A let declared in section `s` is visible in that section and the sections inside it.
  bool LetVisible(int32_t s) const {
    for (int32_t c = current_section_; s >= 0; c = r_.sections[c].parent) {
      if (c < 0) return false;
      if (c == s) return true;
    }
    return true;
  }
};

// ---- Pass: imports ----------------------------------------------------------------------------

std::optional<std::string> Checker::Read(const std::string& path) {
  if (options_.read) return options_.read(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::error_code ec;
  if (fs::is_directory(path, ec)) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

std::string Canonical(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(fs::path(path), ec), ec);
  if (ec) return fs::path(path).lexically_normal().string();
  return p.string();
}

void Checker::Imports(FileId root_id, const std::string& root_path,
                      std::unique_ptr<ast::File> root) {
  LoadedFile lf;
  lf.id = root_id;
  lf.path = Canonical(root_path);
  lf.ast = std::move(root);
  std::vector<ChainLink> chain;
  LoadImports(std::move(lf), chain);
  r_.root = r_.files.empty() ? nullptr : r_.files.back().ast.get();
}

void Checker::LoadImports(LoadedFile file, std::vector<ChainLink>& chain) {
  file_state_[file.path] = 1;
  const fs::path dir = fs::path(file.path).parent_path();
  const ast::File* ast = file.ast.get();
  for (const ast::Import& imp : ast->imports) {
    fs::path target = dir / fs::path(imp.path.value);
    std::string canon = Canonical(target.string());
    auto st = file_state_.find(canon);
    if (st != file_state_.end()) {
      if (st->second == 1) {
        // A cycle: name every import on the way back to `canon`.
        std::vector<DiagNote> notes;
        bool on = false;
        for (const ChainLink& link : chain) {
          if (link.canonical == canon) on = true;
          if (on) {
            notes.push_back(DiagNote{link.span, "note_import_chain", {Arg("path", link.written)}});
          }
        }
        Error(DiagKind::kImportCycle, imp.path.span, {Arg("path", imp.path.value)},
              std::move(notes));
      }
      continue;  // importing one file twice is harmless
    }
    std::optional<std::string> text = Read(canon);
    if (!text) {
      Error(DiagKind::kImportNotFound, imp.path.span, {Arg("path", imp.path.value)});
      file_state_[canon] = 2;
      continue;
    }
    // Display name: the importing file's directory joined with the path as written.
    std::string display =
        (fs::path(sources_.Get(file.id).name()).parent_path() / fs::path(imp.path.value))
            .lexically_normal()
            .string();
    FileId id = sources_.Add(display, std::move(*text));
    std::unique_ptr<ast::File> parsed =
        options_.parse ? options_.parse(sources_.Get(id), id, sink_) : nullptr;
    if (!parsed) {
      file_state_[canon] = 2;
      continue;
    }
    LoadedFile child;
    child.id = id;
    child.path = canon;
    child.ast = std::move(parsed);
    chain.push_back(ChainLink{canon, imp.path.value, imp.path.span});
    LoadImports(std::move(child), chain);
    chain.pop_back();
  }
  file_state_[file.path] = 2;
  r_.files.push_back(std::move(file));
}

// ---- Pass: declarations -----------------------------------------------------------------------

int32_t Checker::AddRecord(std::string name) {
  rt::RecordDef rec;
  rec.name = std::move(name);
  r_.schema.records.push_back(std::move(rec));
  record_spans_.push_back(Span{});
  return static_cast<int32_t>(r_.schema.records.size() - 1);
}

std::optional<rt::UnitId> Checker::ResolveUnit(const std::string& text, Span span) {
  auto u = rt::FindUnit(text);
  if (!u) Error(DiagKind::kUnknownUnit, span, {Arg("unit", text)});
  return u;
}

rt::Type Checker::ConvertType(const ast::TypeExpr& t, const std::string& owner,
                              const std::string& field) {
  switch (t.kind) {
    case ast::TypeKind::kBool:
      return rt::Type::MakeBool();
    case ast::TypeKind::kText:
      return rt::Type::MakeText();
    case ast::TypeKind::kDate:
      return rt::Type::MakeDate();
    case ast::TypeKind::kDuration:
      return rt::Type::MakeDuration(rt::UnitId::kDay);
    case ast::TypeKind::kInt:
    case ast::TypeKind::kDecimal: {
      const bool integral = t.kind == ast::TypeKind::kInt;
      if (!t.unit) return integral ? rt::Type::MakeInt() : rt::Type::MakeDecimal();
      auto u = ResolveUnit(t.unit->name, t.unit->span);
      if (!u) return integral ? rt::Type::MakeInt() : rt::Type::MakeDecimal();
      if (IsDurationUnit(*u)) return rt::Type::MakeDuration(*u);
      return rt::Type::MakeQuantity(*u, integral);
    }
    case ast::TypeKind::kEnum: {
      rt::EnumDef def;
      def.name = owner + "." + field;
      std::map<std::string, Span> seen;
      for (const auto& m : t.members) {
        auto [it, fresh] = seen.emplace(m.name.name, m.name.span);
        if (!fresh) {
          Error(DiagKind::kDuplicateName, m.name.span, {Arg("name", m.name.name)},
                {DiagNote{it->second, "note_first_declared", {}}});
          continue;
        }
        def.members.push_back({m.name.name, m.label ? m.label->value : ""});
      }
      r_.schema.enums.push_back(std::move(def));
      return rt::Type::MakeEnum(static_cast<int32_t>(r_.schema.enums.size() - 1));
    }
    case ast::TypeKind::kRecord:
    case ast::TypeKind::kList: {
      int32_t idx = AddRecord(owner + "." + field);
      record_spans_[idx] = t.span;
      std::map<std::string, Span> seen;
      BuildFields(idx, t.fields, seen, false);
      return t.kind == ast::TypeKind::kRecord ? rt::Type::MakeRecord(idx) : rt::Type::MakeList(idx);
    }
    case ast::TypeKind::kListOf:
    case ast::TypeKind::kNamed: {
      auto it = type_names_.find(t.name.name);
      if (it == type_names_.end() || (t.kind == ast::TypeKind::kListOf && it->second.is_enum)) {
        std::vector<std::string> cands;
        for (const auto& [n, tn] : type_names_) cands.push_back(n);
        std::string s = Suggest(t.name.name, cands);
        Error(DiagKind::kUnknownType, t.name.span,
              {Arg("name", t.name.name), Arg("suggestion", s),
               Arg("reason", std::string(s.empty() ? "none" : "similar"))});
        return rt::Type::MakeText();  // placeholder; errors stop lowering
      }
      if (t.kind == ast::TypeKind::kListOf) return rt::Type::MakeList(it->second.index);
      return it->second.is_enum ? rt::Type::MakeEnum(it->second.index)
                                : rt::Type::MakeRecord(it->second.index);
    }
  }
  return rt::Type::MakeText();
}

void Checker::BuildFields(int32_t record, const std::vector<ast::Field>& fields,
                          std::map<std::string, Span>& seen, bool root) {
  for (const ast::Field& f : fields) {
    for (const auto& d : f.duplicates) {
      Error(DiagKind::kDuplicateAttribute, d.span, {Arg("attr", std::string(FieldAttrZh(d.kind)))},
            {DiagNote{d.first, "note_first_declared", {}}});
    }
    if (root && (f.name.name == rt::kReportDateKey || f.name.name == rt::kPeriodStartKey ||
                 f.name.name == rt::kReportDateKeyEn || f.name.name == rt::kPeriodStartKeyEn)) {
      Error(DiagKind::kReservedFieldName, f.name.span, {Arg("name", f.name.name)});
      continue;
    }
    auto [it, fresh] = seen.emplace(f.name.name, f.name.span);
    if (!fresh) {
      Error(DiagKind::kDuplicateName, f.name.span, {Arg("name", f.name.name)},
            {DiagNote{it->second, "note_first_declared", {}}});
      continue;
    }
    rt::FieldDef def;
    def.name = f.name.name;
    def.label = f.label ? f.label->value : "";
    def.help = f.help ? f.help->value : "";
    def.type = ConvertType(f.type, r_.schema.records[record].name, f.name.name);
    r_.schema.records[record].fields.push_back(std::move(def));
    if (f.relevant) relevant_.emplace_back(&f, record);
  }
}

void Checker::CollectSection(const ast::Section& s, int32_t parent) {
  int32_t idx = static_cast<int32_t>(r_.sections.size());
  r_.sections.push_back(SectionInfo{&s, parent});
  for (const auto& l : s.lets) {
    auto [it, fresh] = let_by_name_.emplace(l->name.name, static_cast<int32_t>(let_slots_.size()));
    if (!fresh) {
      Error(DiagKind::kDuplicateName, l->name.span, {Arg("name", l->name.name)},
            {DiagNote{let_slots_[it->second].decl->name.span, "note_first_declared", {}}});
      continue;
    }
    let_slots_.push_back(LetSlot{l.get(), idx});
  }
  for (const auto& c : s.children) {
    if (const auto* sub = c->As<ast::Section>()) {
      CollectSection(*sub, idx);
    } else if (const auto* item = c->As<ast::Item>()) {
      r_.items.push_back(ItemInfo{item, idx});
    }
  }
}

void Checker::Declarations() {
  // The root record first, so that schema.root == 0.
  AddRecord("输入");
  r_.schema.root = 0;
  // Named enums and records of every file, so that types may be used before their declaration.
  for (const LoadedFile& f : r_.files) {
    for (const auto& d : f.ast->decls) {
      const ast::Ident* name = nullptr;
      if (const auto* e = d->As<ast::EnumDecl>()) name = &e->name;
      if (const auto* rd = d->As<ast::RecordDecl>()) name = &rd->name;
      if (!name) continue;
      auto it = type_names_.find(name->name);
      if (it != type_names_.end()) {
        Error(DiagKind::kDuplicateName, name->span, {Arg("name", name->name)},
              {DiagNote{it->second.span, "note_first_declared", {}}});
        continue;
      }
      if (const auto* e = d->As<ast::EnumDecl>()) {
        rt::EnumDef def;
        def.name = e->name.name;
        std::map<std::string, Span> seen;
        for (const auto& m : e->members) {
          auto [mit, fresh] = seen.emplace(m.name.name, m.name.span);
          if (!fresh) {
            Error(DiagKind::kDuplicateName, m.name.span, {Arg("name", m.name.name)},
                  {DiagNote{mit->second, "note_first_declared", {}}});
            continue;
          }
          def.members.push_back({m.name.name, m.label ? m.label->value : ""});
        }
        r_.schema.enums.push_back(std::move(def));
        type_names_[name->name] =
            TypeName{true, static_cast<int32_t>(r_.schema.enums.size() - 1), name->span};
      } else {
        const auto* rd = d->As<ast::RecordDecl>();
        int32_t idx = AddRecord(rd->name.name);
        record_spans_[idx] = rd->name.span;
        record_decls_.emplace_back(rd, idx);
        type_names_[name->name] = TypeName{false, idx, name->span};
      }
    }
  }
  for (const auto& [rd, idx] : record_decls_) {
    std::map<std::string, Span> seen;
    BuildFields(idx, rd->fields, seen, false);
  }
  for (const LoadedFile& f : r_.files) {
    for (const auto& d : f.ast->decls) {
      if (const auto* in = d->As<ast::InputDecl>())
        BuildFields(0, in->fields, root_field_spans_, true);
    }
  }
  CheckRecordCycles();
  // Lets, sections, items, grades.
  for (const LoadedFile& f : r_.files) {
    for (const auto& d : f.ast->decls) {
      if (const auto* l = d->As<ast::LetDecl>()) {
        auto [it, fresh] =
            let_by_name_.emplace(l->name.name, static_cast<int32_t>(let_slots_.size()));
        if (!fresh) {
          Error(DiagKind::kDuplicateName, l->name.span, {Arg("name", l->name.name)},
                {DiagNote{let_slots_[it->second].decl->name.span, "note_first_declared", {}}});
          continue;
        }
        let_slots_.push_back(LetSlot{l, -1});
      } else if (const auto* s = d->As<ast::Section>()) {
        CollectSection(*s, -1);
      } else if (const auto* item = d->As<ast::Item>()) {
        r_.items.push_back(ItemInfo{item, -1});
      } else if (const auto* g = d->As<ast::GradesDecl>()) {
        const ast::GradesDecl*& slot = g->colours ? r_.colours : r_.grades;
        if (slot) {
          Error(DiagKind::kDuplicateGrades, g->span, {},
                {DiagNote{slot->span, "note_first_declared", {}}});
        } else {
          slot = g;
        }
      }
    }
  }
  // A let named like an input field would make the name ambiguous.
  for (const LetSlot& ls : let_slots_) {
    auto it = root_field_spans_.find(ls.decl->name.name);
    if (it != root_field_spans_.end()) {
      Error(DiagKind::kDuplicateName, ls.decl->name.span, {Arg("name", ls.decl->name.name)},
            {DiagNote{it->second, "note_first_declared", {}}});
    }
  }
}

void Checker::CheckRecordCycles() {
  // Colour DFS over by-value record fields (lists are fine: they may be empty).
  const auto& recs = r_.schema.records;
  std::vector<int> colour(recs.size(), 0);
  std::vector<bool> reported(recs.size(), false);
  for (size_t start = 0; start < recs.size(); ++start) {
    if (colour[start]) continue;
    std::vector<std::pair<size_t, size_t>> stack = {{start, 0}};
    colour[start] = 1;
    while (!stack.empty()) {
      auto& [rec, next] = stack.back();
      if (next >= recs[rec].fields.size()) {
        colour[rec] = 2;
        stack.pop_back();
        continue;
      }
      const rt::Type& t = recs[rec].fields[next++].type;
      if (t.kind != rt::TypeKind::kRecord || t.index < 0) continue;
      size_t to = static_cast<size_t>(t.index);
      if (colour[to] == 1) {
        if (!reported[to]) {
          reported[to] = true;
          Error(DiagKind::kRecordCycle, record_spans_[to], {Arg("name", recs[to].name)});
        }
        // Break the cycle so the schema stays valid for later passes.
        r_.schema.records[rec].fields[next - 1].type = rt::Type::MakeList(t.index);
      } else if (colour[to] == 0) {
        colour[to] = 1;
        stack.emplace_back(to, 0);
      }
    }
  }
}

// ---- Pass: expressions ------------------------------------------------------------------------

void Checker::ReportUnknownName(const std::string& name, Span span, const Type* expected) {
  for (const std::string& k : GluedKeywords()) {
    size_t pos = name.find(k);
    if (pos == std::string::npos) continue;
    std::string example = name.substr(0, pos) + " " + k + " " + name.substr(pos + k.size());
    Error(DiagKind::kUnknownName, span,
          {Arg("name", name), Arg("reason", std::string("keyword")), Arg("keyword", k),
           Arg("example", example), Arg("suggestion", std::string())});
    return;
  }
  std::vector<std::string> cands;
  for (const Var& v : vars_) cands.push_back(v.name);
  for (const auto& [n, i] : let_by_name_) cands.push_back(n);
  for (const auto& f : r_.schema.root_record().fields) cands.push_back(f.name);
  cands.emplace_back(rt::kReportDateKey);
  cands.emplace_back(rt::kPeriodStartKey);
  if (expected && expected->kind == TypeKind::kEnum) {
    for (const auto& m : r_.schema.enums[expected->index].members) cands.push_back(m.name);
  }
  std::string s = Suggest(name, cands);
  Error(DiagKind::kUnknownName, span,
        {Arg("name", name), Arg("reason", std::string(s.empty() ? "none" : "similar")),
         Arg("keyword", std::string()), Arg("example", std::string()), Arg("suggestion", s)});
}

void Checker::ReportMismatch(const char* op, Span span, const Type& a, const Type& b) {
  Error(DiagKind::kTypeMismatch, span,
        {Arg("op", std::string(op)), Arg("left", T(a)), Arg("right", T(b))});
}

void Checker::ExpectTypeError(Span span, const std::string& expected, const Type& actual) {
  Error(DiagKind::kExpectedType, span, {Arg("expected", expected), Arg("actual", T(actual))});
}

Type Checker::CheckTruth(const ast::Expr* e, const char* context) {
  Type t = Check(e);
  if (t.kind == TypeKind::kError) return t;
  if (!t.is_truth()) {
    Error(DiagKind::kExpectedType, e->span,
          {Arg("expected", std::string("布尔")), Arg("actual", T(t)),
           Arg("context", std::string(context))});
    return Type::Error();
  }
  return t;
}

std::optional<Type> Checker::PeekName(const ast::Expr* e) const {
  const auto* n = e->As<ast::NameExpr>();
  if (!n) return std::nullopt;
  for (size_t i = vars_.size(); i-- > 0;) {
    if (vars_[i].name == n->name) return Type::Record(vars_[i].record);
  }
  auto let = let_by_name_.find(n->name);
  if (let != let_by_name_.end() && LetVisible(let_slots_[let->second].section)) {
    int32_t fi = let_slots_[let->second].final_index;
    if (fi >= 0) return r_.lets[fi].type;
    return std::nullopt;
  }
  int32_t f = r_.schema.root_record().FindField(n->name);
  if (f >= 0) return FromSchema(r_.schema.root_record().fields[f].type);
  return std::nullopt;
}

bool Checker::CheckRhsFirst(const ast::Expr* lhs, const ast::Expr* rhs) const {
  // A bare name on the left may be an enum member of the right side's type: check the right
  // side first when it is not a bare name, or when it is a name of enum type and the left
  // one is not (`冶金 == 所属行业` with a bool field also called 冶金 compares the member).
  if (!lhs->As<ast::NameExpr>()) return false;
  if (!rhs->As<ast::NameExpr>()) return true;
  auto ltype = PeekName(lhs);
  auto rtype = PeekName(rhs);
  if (rtype && rtype->kind == TypeKind::kEnum && !(ltype && ltype->kind == TypeKind::kEnum))
    return true;
  return IsUnresolvedName(lhs) && !IsUnresolvedName(rhs);
}

bool Checker::IsUnresolvedName(const ast::Expr* e) const {
  const auto* n = e->As<ast::NameExpr>();
  if (!n) return false;
  for (const Var& v : vars_) {
    if (v.name == n->name) return false;
  }
  auto let = let_by_name_.find(n->name);
  if (let != let_by_name_.end() && LetVisible(let_slots_[let->second].section)) return false;
  if (r_.schema.root_record().FindField(n->name) >= 0) return false;
  if (implicit_record_ >= 0 && r_.schema.records[implicit_record_].FindField(n->name) >= 0) {
    return false;
  }
  return true;
}

Type Checker::EnsureLet(int32_t slot_index, Span use) {
  LetSlot& ls = let_slots_[slot_index];
  if (ls.state == LetState::kChecking) {
    Error(DiagKind::kLetCycle, use, {Arg("name", ls.decl->name.name)},
          {DiagNote{ls.decl->name.span, "note_declared_here", {}}});
    return Type::Error();
  }
  if (ls.state == LetState::kUnchecked) {
    ls.state = LetState::kChecking;
    auto saved_vars = std::move(vars_);
    vars_.clear();
    int32_t saved_implicit = implicit_record_;
    bool saved_grades = in_grades_;
    int32_t saved_section = current_section_;
    implicit_record_ = -1;
    in_grades_ = false;
    current_section_ = ls.section;
    Type t = Check(ls.decl->expr.get());
    vars_ = std::move(saved_vars);
    implicit_record_ = saved_implicit;
    in_grades_ = saved_grades;
    current_section_ = saved_section;
    LetSlot& again = let_slots_[slot_index];
    again.state = LetState::kDone;
    if (t.kind != TypeKind::kError) {
      again.final_index = static_cast<int32_t>(r_.lets.size());
      r_.lets.push_back(LetInfo{again.decl->name.name, again.decl, t, again.section});
    }
  }
  const LetSlot& done = let_slots_[slot_index];
  if (done.final_index < 0) return Type::Error();
  return r_.lets[done.final_index].type;
}

Type Checker::Check(const ast::Expr* e, const Type* expected) {
  switch (e->kind) {
    case ast::ExprKind::kLiteral:
      return CheckLiteral(e->Cast<ast::LiteralExpr>());
    case ast::ExprKind::kName:
      return CheckName(e->Cast<ast::NameExpr>(), expected);
    case ast::ExprKind::kMember:
      return CheckMember(e->Cast<ast::MemberExpr>());
    case ast::ExprKind::kCall:
      return CheckCall(e->Cast<ast::CallExpr>());
    case ast::ExprKind::kMethodCall:
      return CheckMethod(e->Cast<ast::MethodCallExpr>());
    case ast::ExprKind::kIndex: {
      const auto& ix = e->Cast<ast::IndexExpr>();
      Type b = Check(ix.base.get());
      Type i = Check(ix.index.get());
      if (b.kind == TypeKind::kError || i.kind == TypeKind::kError) return Type::Error();
      if (b.kind != TypeKind::kList) {
        Error(DiagKind::kNotAList, ix.base->span, {Arg("type", T(b))});
        return Type::Error();
      }
      if (i.kind != TypeKind::kInt) {
        ExpectTypeError(ix.index->span, "整数", i);
        return Type::Error();
      }
      ExprInfo info;
      info.type = Type::Record(b.index);
      info.op = ir::Op::kIndex;
      return Record(e, info);
    }
    case ast::ExprKind::kUnary:
      return CheckUnary(e->Cast<ast::UnaryExpr>());
    case ast::ExprKind::kBinary:
      return CheckBinary(e->Cast<ast::BinaryExpr>());
    case ast::ExprKind::kConditional:
      return CheckConditional(e->Cast<ast::ConditionalExpr>(), expected);
    case ast::ExprKind::kList:
      Error(DiagKind::kListLiteralContext, e->span);
      return Type::Error();
    case ast::ExprKind::kSituations:
      return CheckSituations(e->Cast<ast::SituationsExpr>());
    case ast::ExprKind::kFrequency:
      return CheckFrequency(e->Cast<ast::FrequencyExpr>());
    case ast::ExprKind::kDeadline:
      return CheckDeadline(e->Cast<ast::DeadlineExpr>());
  }
  return Type::Error();
}

Type Checker::CheckLiteral(const ast::LiteralExpr& e) {
  ExprInfo info;
  switch (e.literal_kind) {
    case ast::LiteralKind::kInt:
    case ast::LiteralKind::kDecimal: {
      auto v = rt::Decimal::Parse(e.text);
      if (!v) {
        Error(DiagKind::kNumberOutOfRange, e.span, {Arg("text", e.text)});
        return Type::Error();
      }
      info.number = *v;
      if (!e.unit.empty()) {
        auto u = rt::FindUnit(e.unit);
        if (!u) {
          Error(DiagKind::kUnknownUnit, e.unit_span, {Arg("unit", e.unit)});
          return Type::Error();
        }
        info.type = TypeOfUnit(*u);
      } else {
        info.type = e.literal_kind == ast::LiteralKind::kInt ? Type::Int() : Type::Dec();
      }
      return Record(&e, info);
    }
    case ast::LiteralKind::kDate: {
      auto d = rt::Date::Parse(e.text);
      if (!d) {
        Error(DiagKind::kBadDateLiteral, e.span, {Arg("text", e.text)});
        return Type::Error();
      }
      info.type = Type::Date();
      info.date_days = d->days();
      return Record(&e, info);
    }
    case ast::LiteralKind::kString:
      info.type = Type::Text();
      return Record(&e, info);
    case ast::LiteralKind::kBool:
      info.type = Type::Bool();
      return Record(&e, info);
  }
  return Type::Error();
}

Type Checker::CheckName(const ast::NameExpr& e, const Type* expected) {
  ExprInfo info;
  // Enum members and period names by expected type win over other meanings: `类型 == 干式`.
  if (expected && expected->kind == TypeKind::kEnum && expected->index >= 0) {
    int32_t m = -1;
    const auto& members = r_.schema.enums[expected->index].members;
    for (size_t i = 0; i < members.size(); ++i) {
      if (members[i].name == e.name) m = static_cast<int32_t>(i);
    }
    if (m >= 0) {
      info.type = *expected;
      info.ref = RefKind::kEnumMember;
      info.index = m;
      return Record(&e, info);
    }
  }
  if (expected && expected->kind == TypeKind::kPeriod) {
    if (auto p = PeriodOfName(e.name)) {
      info.type = Type::Period();
      info.ref = RefKind::kPeriod;
      info.index = static_cast<int32_t>(*p);
      return Record(&e, info);
    }
  }
  for (size_t i = vars_.size(); i-- > 0;) {
    if (vars_[i].name == e.name) {
      info.type = Type::Record(vars_[i].record);
      info.ref = RefKind::kVar;
      info.index = vars_[i].slot;
      return Record(&e, info);
    }
  }
  if (implicit_record_ >= 0) {
    int32_t f = r_.schema.records[implicit_record_].FindField(e.name);
    if (f >= 0) {
      info.type = FromSchema(r_.schema.records[implicit_record_].fields[f].type);
      info.ref = RefKind::kField;
      info.index = f;
      return Record(&e, info);
    }
  }
  auto let = let_by_name_.find(e.name);
  if (let != let_by_name_.end() && LetVisible(let_slots_[let->second].section)) {
    Type t = EnsureLet(let->second, e.span);
    if (t.kind == TypeKind::kError) return t;
    info.type = t;
    info.ref = RefKind::kLet;
    info.index = let_slots_[let->second].final_index;
    return Record(&e, info);
  }
  int32_t f = r_.schema.root_record().FindField(e.name);
  if (f >= 0) {
    info.type = FromSchema(r_.schema.root_record().fields[f].type);
    info.ref = RefKind::kField;
    info.index = f;
    return Record(&e, info);
  }
  struct B {
    const char* zh;
    const char* en;
    Builtin b;
    Type t;
    bool grades_only;
  };
  static const B kBuiltins[] = {
      {"报告日期", "report_date", Builtin::kReportDate, Type::Date(), false},
      {"统计起始日期", "period_start", Builtin::kPeriodStart, Type::Date(), false},
      {"得分", "score", Builtin::kScore, Type::Dec(), true},
      {"重大隐患数", "major_count", Builtin::kMajorCount, Type::Int(), true},
      {"一般隐患数", "general_count", Builtin::kGeneralCount, Type::Int(), true},
      {"不符合数", "nonconformity_count", Builtin::kNonconformCount, Type::Int(), true},
  };
  for (const B& b : kBuiltins) {
    if (e.name != b.zh && e.name != b.en) continue;
    if (b.grades_only && !in_grades_) {
      Error(DiagKind::kBuiltinOutsideGrades, e.span, {Arg("name", e.name)});
      return Type::Error();
    }
    info.type = b.t;
    info.ref = RefKind::kBuiltin;
    info.index = static_cast<int32_t>(b.b);
    return Record(&e, info);
  }
  // Period names (月, 季度, …) mean periods where nothing else does: `定义 周期 = 如果 a 则 月 否则
  // 季度`.
  if (auto p = PeriodOfName(e.name)) {
    info.type = Type::Period();
    info.ref = RefKind::kPeriod;
    info.index = static_cast<int32_t>(*p);
    return Record(&e, info);
  }
  if (expected && expected->kind == TypeKind::kEnum && expected->index >= 0) {
    std::vector<std::string> cands;
    for (const auto& m : r_.schema.enums[expected->index].members) cands.push_back(m.name);
    std::string s = Suggest(e.name, cands);
    Error(DiagKind::kUnknownEnumMember, e.span,
          {Arg("name", e.name), Arg("enum", r_.schema.enums[expected->index].name),
           Arg("suggestion", s), Arg("reason", std::string(s.empty() ? "none" : "similar"))});
    return Type::Error();
  }
  ReportUnknownName(e.name, e.span, expected);
  return Type::Error();
}

Type Checker::CheckMember(const ast::MemberExpr& e) {
  Type b = Check(e.base.get());
  if (b.kind == TypeKind::kError) return b;
  if (b.kind != TypeKind::kRecord) {
    Error(DiagKind::kNotARecord, e.name.span, {Arg("name", e.name.name), Arg("type", T(b))});
    return Type::Error();
  }
  const rt::RecordDef& rec = r_.schema.records[b.index];
  int32_t f = rec.FindField(e.name.name);
  if (f < 0) {
    std::vector<std::string> cands;
    for (const auto& fd : rec.fields) cands.push_back(fd.name);
    std::string s = Suggest(e.name.name, cands);
    Error(DiagKind::kUnknownField, e.name.span,
          {Arg("field", e.name.name), Arg("record", rec.name), Arg("suggestion", s),
           Arg("reason", std::string(s.empty() ? "none" : "similar"))});
    return Type::Error();
  }
  ExprInfo info;
  info.type = FromSchema(rec.fields[f].type);
  info.ref = RefKind::kField;
  info.index = f;
  return Record(&e, info);
}

Type Checker::CheckCall(const ast::CallExpr& e) {
  auto op = MethodOp(e.name.name);
  if (!op || *op != ir::Op::kSize) {
    for (const auto& a : e.args) Check(a.get());
    Error(DiagKind::kUnknownFunction, e.name.span, {Arg("name", e.name.name)});
    return Type::Error();
  }
  if (e.args.size() != 1) {
    Error(DiagKind::kWrongArgCount, e.span,
          {Arg("name", e.name.name), Arg("expected", int64_t{1}),
           Arg("actual", static_cast<int64_t>(e.args.size()))});
    return Type::Error();
  }
  Type l = Check(e.args[0].get());
  if (l.kind == TypeKind::kError) return l;
  if (l.kind != TypeKind::kList) {
    Error(DiagKind::kNotAList, e.args[0]->span, {Arg("type", T(l))});
    return Type::Error();
  }
  ExprInfo info;
  info.type = Type::Int();
  info.op = ir::Op::kSize;
  return Record(&e, info);
}

Type Checker::CheckMethod(const ast::MethodCallExpr& e) {
  auto op = MethodOp(e.name.name);
  Type recv = Check(e.receiver.get());
  if (!op) {
    Error(DiagKind::kUnknownFunction, e.name.span, {Arg("name", e.name.name)});
    return Type::Error();
  }
  if (recv.kind == TypeKind::kError) return recv;
  auto arity = [&](size_t n) {
    if (e.args.size() == n) return true;
    Error(DiagKind::kWrongArgCount, e.span,
          {Arg("name", e.name.name), Arg("expected", static_cast<int64_t>(n)),
           Arg("actual", static_cast<int64_t>(e.args.size()))});
    return false;
  };
  ExprInfo info;
  info.op = *op;
  if (IsMacro(*op) || *op == ir::Op::kSize) {
    if (recv.kind != TypeKind::kList) {
      Error(DiagKind::kNotAList, e.receiver->span, {Arg("type", T(recv))});
      return Type::Error();
    }
    if (*op == ir::Op::kSize) {
      if (!arity(0)) return Type::Error();
      info.type = Type::Int();
      return Record(&e, info);
    }
    if (!arity(2)) return Type::Error();
    const auto* var = e.args[0]->As<ast::NameExpr>();
    if (!var) {
      Error(DiagKind::kMacroVarNotName, e.args[0]->span, {Arg("name", e.name.name)});
      return Type::Error();
    }
    int32_t slot = static_cast<int32_t>(vars_.size());
    vars_.push_back(Var{var->name, slot, recv.index});
    Type body = Check(e.args[1].get());
    vars_.pop_back();
    if (body.kind == TypeKind::kError) return body;
    info.slot = slot;
    switch (*op) {
      case ir::Op::kSum:
      case ir::Op::kMin:
      case ir::Op::kMax:
        if (!IsNumeric(body)) {
          ExpectTypeError(e.args[1]->span, "数值", body);
          return Type::Error();
        }
        info.type = body;
        break;
      default:
        if (!body.is_truth()) {
          Error(DiagKind::kExpectedType, e.args[1]->span,
                {Arg("expected", std::string("布尔")), Arg("actual", T(body)),
                 Arg("context", e.name.name)});
          return Type::Error();
        }
        if (*op == ir::Op::kFilter) {
          info.type = recv;
        } else if (*op == ir::Op::kCount) {
          info.type = Type::Int();
        } else if (*op == ir::Op::kRatio) {
          info.type = Type::Dec();
        } else {
          info.type = Type::Bool();
        }
    }
    return Record(&e, info);
  }
  // Text functions.
  if (recv.kind != TypeKind::kText) {
    ExpectTypeError(e.receiver->span, "文本", recv);
    return Type::Error();
  }
  if (!arity(1)) return Type::Error();
  if (*op == ir::Op::kMatches) {
    const auto* lit = e.args[0]->As<ast::LiteralExpr>();
    if (!lit || lit->literal_kind != ast::LiteralKind::kString) {
      Error(DiagKind::kPatternNotLiteral, e.args[0]->span);
      return Type::Error();
    }
    RE2::Options opts;
    opts.set_log_errors(false);
    RE2 re(lit->text, opts);
    if (!re.ok()) {
      Error(DiagKind::kBadRegex, e.args[0]->span,
            {Arg("pattern", lit->text), Arg("error", re.error())});
      return Type::Error();
    }
    Check(lit);
  } else {
    Type a = Check(e.args[0].get());
    if (a.kind == TypeKind::kError) return a;
    if (a.kind != TypeKind::kText) {
      ExpectTypeError(e.args[0]->span, "文本", a);
      return Type::Error();
    }
  }
  info.type = Type::Bool();
  return Record(&e, info);
}

Type Checker::CheckUnary(const ast::UnaryExpr& e) {
  ExprInfo info;
  if (e.op == ast::UnaryOp::kNot) {
    Type t = CheckTruth(e.operand.get(), "非");
    if (t.kind == TypeKind::kError) return t;
    info.type = t;
    info.op = ir::Op::kNot;
    return Record(&e, info);
  }
  Type t = Check(e.operand.get());
  if (t.kind == TypeKind::kError) return t;
  if (!IsNumeric(t)) {
    ExpectTypeError(e.operand->span, "数值", t);
    return Type::Error();
  }
  info.type = t;
  info.op = ir::Op::kNeg;
  return Record(&e, info);
}

bool Checker::AdoptUnit(const ast::Expr* e, const Type& t) {
  if (const auto* u = e->As<ast::UnaryExpr>()) {
    if (u->op != ast::UnaryOp::kNeg || !AdoptUnit(u->operand.get(), t)) return false;
    r_.exprs[e].type = t;
    return true;
  }
  const auto* lit = e->As<ast::LiteralExpr>();
  if (!lit || !lit->unit.empty() ||
      (lit->literal_kind != ast::LiteralKind::kInt &&
       lit->literal_kind != ast::LiteralKind::kDecimal)) {
    return false;
  }
  auto it = r_.exprs.find(e);
  if (it == r_.exprs.end()) return false;
  it->second.type = t;
  return true;
}

std::optional<Type> Checker::Unify(const ast::Expr* l, Type ltype, const ast::Expr* r, Type rtype,
                                   const char* op, Span span, bool ordering) {
  if (ltype.kind == TypeKind::kError || rtype.kind == TypeKind::kError) return std::nullopt;
  // A bare number next to a quantity takes its unit.
  if (HasUnit(ltype) && IsPlain(rtype) && AdoptUnit(r, ltype)) rtype = ltype;
  if (HasUnit(rtype) && IsPlain(ltype) && AdoptUnit(l, rtype)) ltype = rtype;
  if (IsNumeric(ltype) && IsNumeric(rtype)) {
    bool clash = false;
    auto c = CommonNumeric(ltype, rtype, &clash);
    if (c) return c;
    if (clash) {
      Error(DiagKind::kUnitMismatch, span,
            {Arg("left", std::string(rt::Symbol(ltype.unit))),
             Arg("right", std::string(rt::Symbol(rtype.unit)))});
    } else {
      ReportMismatch(op, span, ltype, rtype);
    }
    return std::nullopt;
  }
  if (ltype.is_truth() && rtype.is_truth()) {
    if (ordering) {
      ReportMismatch(op, span, ltype, rtype);
      return std::nullopt;
    }
    return ltype.kind == TypeKind::kVerdict || rtype.kind == TypeKind::kVerdict ? Type::Verdict()
                                                                                : Type::Bool();
  }
  if (ltype == rtype && (ltype.kind == TypeKind::kDate || ltype.kind == TypeKind::kText))
    return ltype;
  if (ltype == rtype && (ltype.kind == TypeKind::kEnum || ltype.kind == TypeKind::kPeriod) &&
      !ordering) {
    return ltype;
  }
  ReportMismatch(op, span, ltype, rtype);
  return std::nullopt;
}

Type Checker::CheckBinary(const ast::BinaryExpr& e) {
  const char* opname = ast::BinaryOpName(e.op).data();
  ExprInfo info;
  switch (e.op) {
    case ast::BinaryOp::kAnd:
    case ast::BinaryOp::kOr: {
      const char* ctx = e.op == ast::BinaryOp::kAnd ? "且" : "或";
      Type a = CheckTruth(e.lhs.get(), ctx);
      Type b = CheckTruth(e.rhs.get(), ctx);
      if (a.kind == TypeKind::kError || b.kind == TypeKind::kError) return Type::Error();
      info.type = a.kind == TypeKind::kVerdict || b.kind == TypeKind::kVerdict ? Type::Verdict()
                                                                               : Type::Bool();
      info.op = e.op == ast::BinaryOp::kAnd ? ir::Op::kAnd : ir::Op::kOr;
      return Record(&e, info);
    }
    case ast::BinaryOp::kIn:
    case ast::BinaryOp::kNotIn: {
      Type x = Check(e.lhs.get());
      const auto* list = e.rhs->As<ast::ListExpr>();
      if (!list) {
        if (x.kind != TypeKind::kError) Check(e.rhs.get());
        Error(DiagKind::kListLiteralContext, e.rhs->span);
        return Type::Error();
      }
      if (x.kind == TypeKind::kError) return x;
      Type common = x;
      bool ok = true;
      for (const auto& el : list->elements) {
        Type t = Check(el.get(), &x);
        auto c = Unify(e.lhs.get(), common, el.get(), t, opname, el->span, false);
        if (!c) {
          ok = false;
          continue;
        }
        common = *c;
      }
      if (!ok) return Type::Error();
      info.type = Type::Bool();
      info.operand_type = common;
      info.op = e.op == ast::BinaryOp::kIn ? ir::Op::kIn : ir::Op::kNotIn;
      return Record(&e, info);
    }
    case ast::BinaryOp::kEq:
    case ast::BinaryOp::kNe:
    case ast::BinaryOp::kLt:
    case ast::BinaryOp::kLe:
    case ast::BinaryOp::kGt:
    case ast::BinaryOp::kGe: {
      Type a, b;
      // Resolve a bare enum member against the other operand's type.
      if (CheckRhsFirst(e.lhs.get(), e.rhs.get())) {
        b = Check(e.rhs.get());
        a = Check(e.lhs.get(), b.kind == TypeKind::kError ? nullptr : &b);
      } else {
        a = Check(e.lhs.get());
        b = Check(e.rhs.get(), a.kind == TypeKind::kError ? nullptr : &a);
      }
      const bool ordering = e.op != ast::BinaryOp::kEq && e.op != ast::BinaryOp::kNe;
      auto c = Unify(e.lhs.get(), a, e.rhs.get(), b, opname, e.op_span, ordering);
      if (!c) return Type::Error();
      static const ir::Op kOps[] = {ir::Op::kEq, ir::Op::kNe, ir::Op::kLt,
                                    ir::Op::kLe, ir::Op::kGt, ir::Op::kGe};
      info.op = kOps[static_cast<int>(e.op) - static_cast<int>(ast::BinaryOp::kEq)];
      info.type = Type::Bool();
      info.operand_type = *c;
      return Record(&e, info);
    }
    case ast::BinaryOp::kAdd:
    case ast::BinaryOp::kSub: {
      Type a = Check(e.lhs.get());
      Type b = Check(e.rhs.get());
      if (a.kind == TypeKind::kError || b.kind == TypeKind::kError) return Type::Error();
      info.op = e.op == ast::BinaryOp::kAdd ? ir::Op::kAdd : ir::Op::kSub;
      if (a.kind == TypeKind::kDate && b.kind == TypeKind::kDate && e.op == ast::BinaryOp::kSub) {
        Error(DiagKind::kDateMinusDate, e.op_span);
        return Type::Error();
      }
      // date ± duration, duration + date.
      if (a.kind == TypeKind::kDate && b.kind == TypeKind::kDuration) {
        info.type = Type::Date();
        info.operand_type = b;
        return Record(&e, info);
      }
      if (b.kind == TypeKind::kDate && a.kind == TypeKind::kDuration &&
          e.op == ast::BinaryOp::kAdd) {
        info.type = Type::Date();
        info.operand_type = a;
        info.index = 1;  // swapped: the date is the right operand
        return Record(&e, info);
      }
      if (a.kind == TypeKind::kDate || b.kind == TypeKind::kDate || !IsNumeric(a) ||
          !IsNumeric(b)) {
        ReportMismatch(opname, e.op_span, a, b);
        return Type::Error();
      }
      auto c = Unify(e.lhs.get(), a, e.rhs.get(), b, opname, e.op_span, false);
      if (!c) return Type::Error();
      info.type = *c;
      info.operand_type = *c;
      return Record(&e, info);
    }
    case ast::BinaryOp::kMul:
    case ast::BinaryOp::kDiv: {
      Type a = Check(e.lhs.get());
      Type b = Check(e.rhs.get());
      if (a.kind == TypeKind::kError || b.kind == TypeKind::kError) return Type::Error();
      info.op = e.op == ast::BinaryOp::kMul ? ir::Op::kMul : ir::Op::kDiv;
      if (!IsNumeric(a) || !IsNumeric(b)) {
        ReportMismatch(opname, e.op_span, a, b);
        return Type::Error();
      }
      const bool mul = e.op == ast::BinaryOp::kMul;
      if (IsPlain(a) && IsPlain(b)) {
        info.type = mul ? *CommonNumeric(a, b, nullptr) : Type::Dec();
        info.operand_type = info.type;
        return Record(&e, info);
      }
      if (HasUnit(a) && IsPlain(b)) {
        info.type = a;
        return Record(&e, info);
      }
      if (mul && IsPlain(a) && HasUnit(b)) {
        info.type = b;
        info.index = 1;  // swapped: the quantity is the right operand
        return Record(&e, info);
      }
      if (!mul && HasUnit(a) && HasUnit(b)) {
        bool clash = false;
        auto c = CommonNumeric(a, b, &clash);
        if (c) {
          info.type = Type::Dec();
          info.operand_type = *c;
          return Record(&e, info);
        }
        if (clash) {
          Error(DiagKind::kUnitMismatch, e.op_span,
                {Arg("left", std::string(rt::Symbol(a.unit))),
                 Arg("right", std::string(rt::Symbol(b.unit)))});
          return Type::Error();
        }
      }
      ReportMismatch(opname, e.op_span, a, b);
      return Type::Error();
    }
  }
  return Type::Error();
}

Type Checker::CheckConditional(const ast::ConditionalExpr& e, const Type* expected) {
  Type c = CheckTruth(e.cond.get(), "如果");
  Type a = Check(e.then_expr.get(), expected);
  Type b = Check(e.else_expr.get(), a.kind == TypeKind::kError ? expected : &a);
  if (c.kind == TypeKind::kError) return c;
  auto u = Unify(e.then_expr.get(), a, e.else_expr.get(), b, "?:", e.else_expr->span, false);
  if (!u) return Type::Error();
  ExprInfo info;
  info.type = *u;
  info.operand_type = *u;
  info.op = ir::Op::kCond;
  return Record(&e, info);
}

Type Checker::CheckSituations(const ast::SituationsExpr& e) {
  bool ok = true;
  if (e.count) {
    Type c = Check(e.count.get());
    if (c.kind != TypeKind::kError && c.kind != TypeKind::kInt) {
      ExpectTypeError(e.count->span, "整数", c);
      ok = false;
    }
    ok = ok && c.kind != TypeKind::kError;
  }
  bool verdict = false;
  for (const auto& alt : e.alternatives) {
    Type t = CheckTruth(alt.expr.get(), "情形");
    if (t.kind == TypeKind::kError) ok = false;
    if (t.kind == TypeKind::kVerdict) verdict = true;
  }
  if (!ok) return Type::Error();
  ExprInfo info;
  info.type = verdict ? Type::Verdict() : Type::Bool();
  info.op = e.situations_kind == ast::SituationsKind::kAny   ? ir::Op::kAnyOf
            : e.situations_kind == ast::SituationsKind::kAll ? ir::Op::kAllOf
                                                             : ir::Op::kAtLeast;
  return Record(&e, info);
}

Type Checker::CheckFrequency(const ast::FrequencyExpr& e) {
  bool ok = true;
  Type period_expected = Type::Period();
  Type p = Check(e.period.get(), &period_expected);
  if (p.kind != TypeKind::kError && p.kind != TypeKind::kPeriod) {
    ExpectTypeError(e.period->span, "周期", p);
    ok = false;
  }
  ok = ok && p.kind != TypeKind::kError;
  Type c = Check(e.count.get());
  if (c.kind != TypeKind::kError && c.kind != TypeKind::kInt) {
    ExpectTypeError(e.count->span, "整数", c);
    ok = false;
  }
  ok = ok && c.kind != TypeKind::kError;
  Type l = Check(e.list.get());
  if (l.kind == TypeKind::kError) return Type::Error();
  if (l.kind != TypeKind::kList) {
    Error(DiagKind::kNotAList, e.list->span, {Arg("type", T(l))});
    return Type::Error();
  }
  int32_t slot = static_cast<int32_t>(vars_.size());
  vars_.push_back(Var{e.var.name, slot, l.index});
  Type d = Check(e.date.get());
  if (d.kind != TypeKind::kError && d.kind != TypeKind::kDate) {
    ExpectTypeError(e.date->span, "日期", d);
    ok = false;
  }
  ok = ok && d.kind != TypeKind::kError;
  if (e.filter) {
    Type f = CheckTruth(e.filter.get(), "满足");
    ok = ok && f.kind != TypeKind::kError;
  }
  vars_.pop_back();
  if (!ok) return Type::Error();
  ExprInfo info;
  info.type = Type::Verdict();
  info.op = ir::Op::kFrequency;
  info.slot = slot;
  return Record(&e, info);
}

Type Checker::CheckDeadline(const ast::DeadlineExpr& e) {
  Type a = Check(e.deadline.get());
  Type b = Check(e.done.get());
  bool ok = a.kind != TypeKind::kError && b.kind != TypeKind::kError;
  if (a.kind != TypeKind::kError && a.kind != TypeKind::kDate) {
    ExpectTypeError(e.deadline->span, "日期", a);
    ok = false;
  }
  if (b.kind != TypeKind::kError && b.kind != TypeKind::kDate) {
    ExpectTypeError(e.done->span, "日期", b);
    ok = false;
  }
  if (!ok) return Type::Error();
  ExprInfo info;
  info.type = Type::Verdict();
  info.op = ir::Op::kDeadline;
  return Record(&e, info);
}

void Checker::Expressions() {
  if (r_.root && r_.root->header && r_.root->header->applies) {
    CheckTruth(r_.root->header->applies->expr.get(), "适用");
  }
  for (int32_t i = 0; i < static_cast<int32_t>(let_slots_.size()); ++i) {
    EnsureLet(i, let_slots_[i].decl->name.span);
  }
  for (const auto& [field, record] : relevant_) {
    implicit_record_ = record == 0 ? -1 : record;
    CheckTruth(field->relevant.get(), "仅当");
  }
  implicit_record_ = -1;
  for (size_t i = 0; i < r_.sections.size(); ++i) {
    current_section_ = static_cast<int32_t>(i);
    const SectionInfo& s = r_.sections[i];
    if (s.decl->applies) CheckTruth(s.decl->applies->expr.get(), "适用");
  }
  for (const ItemInfo& it : r_.items) {
    current_section_ = it.section;
    const ast::Item& item = *it.decl;
    if (item.applies) CheckTruth(item.applies->expr.get(), "适用");
    if (item.when) CheckTruth(item.when->expr.get(), "当");
    if (item.deduct && item.deduct->per) {
      Type t = Check(item.deduct->per.get());
      if (t.kind != TypeKind::kError && t.kind != TypeKind::kInt) {
        ExpectTypeError(item.deduct->per->span, "整数", t);
      }
    }
    if (item.deadline && item.deadline->value) {
      Type t = Check(item.deadline->value.get());
      if (t.kind != TypeKind::kError && t.kind != TypeKind::kDuration) {
        ExpectTypeError(item.deadline->value->span, "时长", t);
      }
    }
  }
  current_section_ = -1;
  in_grades_ = true;
  for (const ast::GradesDecl* g : {r_.grades, r_.colours}) {
    if (!g) continue;
    for (const auto& rule : g->rules) {
      if (rule.expr) CheckTruth(rule.expr.get(), g->colours ? "风险色" : "评级");
    }
  }
  in_grades_ = false;
}

// ---- Pass: structure --------------------------------------------------------------------------

bool Checker::PathKey(const ast::Expr* e, std::string* key) const {
  if (const auto* n = e->As<ast::NameExpr>()) {
    const ExprInfo* info = r_.find(e);
    if (!info || (info->ref != RefKind::kField && info->ref != RefKind::kLet)) return false;
    *key = n->name;
    return true;
  }
  if (const auto* m = e->As<ast::MemberExpr>()) {
    if (!PathKey(m->base.get(), key)) return false;
    *key += "." + m->name.name;
    return true;
  }
  return false;
}

void Checker::CheckContradictions(const ast::Expr* root) {
  // Flatten the conjunction, then look for `p == a` and `p == b` (a ≠ b) on one enum path.
  std::vector<const ast::Expr*> conj, work = {root};
  while (!work.empty()) {
    const ast::Expr* e = work.back();
    work.pop_back();
    const auto* b = e->As<ast::BinaryExpr>();
    if (b && b->op == ast::BinaryOp::kAnd) {
      work.push_back(b->rhs.get());
      work.push_back(b->lhs.get());
    } else {
      conj.push_back(e);
    }
  }
  std::map<std::string, std::pair<int32_t, const ast::Expr*>> seen;
  for (const ast::Expr* e : conj) {
    const auto* b = e->As<ast::BinaryExpr>();
    if (!b || b->op != ast::BinaryOp::kEq) continue;
    const ast::Expr* path = b->lhs.get();
    const ast::Expr* member = b->rhs.get();
    const ExprInfo* mi = r_.find(member);
    if (!mi || mi->ref != RefKind::kEnumMember) {
      std::swap(path, member);
      mi = r_.find(member);
    }
    if (!mi || mi->ref != RefKind::kEnumMember) continue;
    std::string key;
    if (!PathKey(path, &key)) continue;
    auto [it, fresh] = seen.emplace(key, std::make_pair(mi->index, e));
    if (!fresh && it->second.first != mi->index) {
      const auto& members = r_.schema.enums[mi->type.index].members;
      Error(DiagKind::kContradictoryTest, e->span,
            {Arg("path", key), Arg("first", members[it->second.first].name),
             Arg("second", members[mi->index].name)},
            {DiagNote{it->second.second->span, "note_other_test", {}}});
    }
  }
}

std::optional<rt::Decimal> ParsePoints(const ast::Number& n, DiagnosticSink& sink) {
  auto v = rt::Decimal::Parse(n.text);
  if (!v || v->Sign() < 0) {
    sink.Report(DiagKind::kBadPoints, n.span, {Arg("text", n.text)});
    return std::nullopt;
  }
  return v;
}

void Checker::Structure() {
  if (r_.root && r_.root->header) {
    for (const auto& d : r_.root->header->duplicates) {
      Error(DiagKind::kDuplicateAttribute, d.span, {Arg("attr", std::string(MetaAttrZh(d.kind)))},
            {DiagNote{d.first, "note_first_declared", {}}});
    }
  }
  // Points per section: sum of every item's points below it.
  std::vector<std::optional<rt::Decimal>> section_sum(r_.sections.size());
  std::map<std::string, Span> ids;
  for (const ItemInfo& info : r_.items) {
    const ast::Item& it = *info.decl;
    auto [pos, fresh] = ids.emplace(it.id.name, it.id.span);
    if (!fresh) {
      Error(DiagKind::kDuplicateItemId, it.id.span, {Arg("id", it.id.name)},
            {DiagNote{pos->second, "note_first_declared", {}}});
    }
    if (!it.clause) Error(DiagKind::kMissingClause, it.id.span, {Arg("id", it.id.name)});
    if (!it.when) Error(DiagKind::kMissingWhen, it.id.span, {Arg("id", it.id.name)});
    for (const auto& d : it.duplicates) {
      Error(DiagKind::kDuplicateAttribute, d.span, {Arg("attr", std::string(ItemAttrZh(d.kind)))},
            {DiagNote{d.first, "note_first_declared", {}}});
    }
    if (it.applies) CheckContradictions(it.applies->expr.get());
    if (it.when) CheckContradictions(it.when->expr.get());
    std::optional<rt::Decimal> pts;
    if (it.points) pts = ParsePoints(it.points->value, sink_);
    if (it.deduct) {
      ParsePoints(it.deduct->amount, sink_);
      if (it.deduct->cap) ParsePoints(*it.deduct->cap, sink_);
    }
    if (pts) {
      for (int32_t s = info.section; s >= 0; s = r_.sections[s].parent) {
        auto sum = section_sum[s] ? rt::Decimal::Add(*section_sum[s], *pts) : pts;
        if (sum) section_sum[s] = sum;
      }
    }
  }
  for (size_t i = 0; i < r_.sections.size(); ++i) {
    const ast::Section& s = *r_.sections[i].decl;
    for (const auto& d : s.duplicates) {
      Error(DiagKind::kDuplicateAttribute, d.span,
            {Arg("attr", std::string(SectionAttrZh(d.kind)))},
            {DiagNote{d.first, "note_first_declared", {}}});
    }
    if (s.applies) CheckContradictions(s.applies->expr.get());
    if (!s.points) continue;
    auto max = ParsePoints(s.points->value, sink_);
    if (max && section_sum[i] && *max < *section_sum[i]) {
      Error(DiagKind::kSectionPointsTooFew, s.points->span,
            {Arg("section", s.title.value), Arg("points", max->ToString()),
             Arg("items", section_sum[i]->ToString())});
    }
  }
  for (const ast::GradesDecl* g : {r_.grades, r_.colours}) {
    if (!g) continue;
    for (size_t i = 0; i + 1 < g->rules.size(); ++i) {
      if (g->rules[i].otherwise) {
        Error(DiagKind::kOtherwiseNotLast, g->rules[i].span, {Arg("name", g->rules[i].name.value)});
      }
    }
  }
}

}  // namespace

const std::vector<std::string>& PassNames() { return kPassNames; }

std::unique_ptr<SemaResult> Analyze(SourceManager& sources, FileId root_id,
                                    const std::string& root_path,
                                    std::unique_ptr<ast::File> root_file,
                                    const SemaOptions& options, DiagnosticSink& sink) {
  auto result = std::make_unique<SemaResult>();
  Checker checker(sources, options, sink, *result);
  // The pass list, in order (names in kPassNames). Each pass reports every problem it finds;
  // later passes tolerate earlier errors (unknown types become placeholders, failed
  // expressions have no ExprInfo).
  checker.Imports(root_id, root_path, std::move(root_file));
  checker.Declarations();
  checker.Expressions();
  checker.Structure();
  return result;
}

}  // namespace paicha::compiler::sema
