// S-expression dump of the AST (see dump.h for the format).
#include "ast/dump.h"

#include <string_view>

namespace paicha::compiler::ast {
namespace {

class Printer {
 public:
  explicit Printer(const Source& source) : source_(source) {}

  std::string Take() {
    out_ += '\n';
    return std::move(out_);
  }

  // Starts a node "(tag" on a new line; the caller adds attributes with Add*, then children,
  // then Close().
  void Open(std::string_view tag) {
    if (!out_.empty()) out_ += '\n';
    out_.append(2 * depth_, ' ');
    out_ += '(';
    out_ += tag;
    ++depth_;
  }
  void Close() {
    out_ += ')';
    --depth_;
  }
  void Word(std::string_view w) {
    out_ += ' ';
    out_ += w;
  }
  void Str(std::string_view s) {
    out_ += " \"";
    for (char c : s) {
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\t':
          out_ += "\\t";
          break;
        default:
          out_ += c;
      }
    }
    out_ += '"';
  }
  void Pos(const Span& span) {
    Location loc = source_.LocationOf(span.begin);
    out_ += " @";
    out_ += std::to_string(loc.line);
    out_ += ':';
    out_ += std::to_string(loc.column);
  }
  void Zh(bool zh) {
    if (zh) out_ += " zh";
  }

  // ---- expressions ----
  void Expression(const Expr& e);
  void Exprs(const std::vector<ExprPtr>& es) {
    for (const ExprPtr& e : es) Expression(*e);
  }
  void Literal(const LiteralExpr& e) {
    switch (e.literal_kind) {
      case LiteralKind::kInt:
        Open("int");
        Word(e.text);
        break;
      case LiteralKind::kDecimal:
        Open("decimal");
        Word(e.text);
        break;
      case LiteralKind::kDate:
        Open("date");
        Word(e.text);
        break;
      case LiteralKind::kString:
        Open("string");
        Str(e.text);
        break;
      case LiteralKind::kBool:
        Open("bool");
        Word(e.bool_value ? "true" : "false");
        break;
    }
    if (!e.unit.empty()) {
      Word("unit");
      Str(e.unit);
    }
    Pos(e.span);
    Zh(e.zh);
    Close();
  }

  // ---- declarations ----
  void Header(const ast::Header& h);
  void Declaration(const Decl& d);
  void FieldNode(const Field& f);
  void Type(const TypeExpr& t);
  void Members(const std::vector<EnumMember>& members);
  void Duplicates(const std::vector<DuplicateAttr>& dups, std::string_view (*name)(uint8_t)) {
    for (const DuplicateAttr& d : dups) {
      Open("duplicate");
      Word(name(d.kind));
      Pos(d.span);
      Word("first");
      Pos(d.first);
      Close();
    }
  }
  void ExprAttribute(std::string_view tag, const ExprAttr& a) {
    Open(tag);
    Pos(a.span);
    Zh(a.zh);
    Expression(*a.expr);
    Close();
  }
  void StringAttribute(std::string_view tag, const StringAttr& a) {
    Open(tag);
    Str(a.value.value);
    Pos(a.span);
    Zh(a.zh);
    Close();
  }
  void NumberAttribute(std::string_view tag, const NumberAttr& a) {
    Open(tag);
    Word(a.value.text);
    Pos(a.span);
    Zh(a.zh);
    Close();
  }

 private:
  const Source& source_;
  std::string out_;
  size_t depth_ = 0;
};

std::string_view UnaryName(UnaryOp op) { return op == UnaryOp::kNot ? "!" : "neg"; }

std::string_view SituationsName(SituationsKind k) {
  switch (k) {
    case SituationsKind::kAny:
      return "any_of";
    case SituationsKind::kAll:
      return "all_of";
    case SituationsKind::kAtLeast:
      return "at_least";
  }
  return "?";
}

void Printer::Expression(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLiteral:
      Literal(e.Cast<LiteralExpr>());
      return;
    case ExprKind::kName: {
      Open("name");
      Word(e.Cast<NameExpr>().name);
      Pos(e.span);
      break;
    }
    case ExprKind::kMember: {
      const auto& m = e.Cast<MemberExpr>();
      Open("member");
      Word(m.name.name);
      Pos(e.span);
      Expression(*m.base);
      break;
    }
    case ExprKind::kCall: {
      const auto& c = e.Cast<CallExpr>();
      Open("call");
      Word(c.name.name);
      Pos(e.span);
      Exprs(c.args);
      break;
    }
    case ExprKind::kMethodCall: {
      const auto& c = e.Cast<MethodCallExpr>();
      Open("method");
      Word(c.name.name);
      Pos(e.span);
      Expression(*c.receiver);
      Exprs(c.args);
      break;
    }
    case ExprKind::kIndex: {
      const auto& i = e.Cast<IndexExpr>();
      Open("index");
      Pos(e.span);
      Expression(*i.base);
      Expression(*i.index);
      break;
    }
    case ExprKind::kUnary: {
      const auto& u = e.Cast<UnaryExpr>();
      Open(UnaryName(u.op));
      Pos(e.span);
      Zh(u.zh);
      Expression(*u.operand);
      break;
    }
    case ExprKind::kBinary: {
      const auto& b = e.Cast<BinaryExpr>();
      Open(BinaryOpName(b.op));
      Pos(e.span);
      Zh(b.zh);
      Expression(*b.lhs);
      Expression(*b.rhs);
      break;
    }
    case ExprKind::kConditional: {
      const auto& c = e.Cast<ConditionalExpr>();
      Open(c.ternary ? "?:" : "if");
      Pos(e.span);
      Zh(c.zh);
      Expression(*c.cond);
      Expression(*c.then_expr);
      Expression(*c.else_expr);
      break;
    }
    case ExprKind::kList: {
      Open("list");
      Pos(e.span);
      Exprs(e.Cast<ListExpr>().elements);
      break;
    }
    case ExprKind::kSituations: {
      const auto& s = e.Cast<SituationsExpr>();
      Open(SituationsName(s.situations_kind));
      Pos(e.span);
      Zh(s.zh);
      if (s.count) {
        Open("count");
        Expression(*s.count);
        Close();
      }
      for (const Alternative& a : s.alternatives) {
        Open("situation");
        if (a.label) Str(a.label->value);
        Pos(a.span);
        Expression(*a.expr);
        Close();
      }
      break;
    }
    case ExprKind::kFrequency: {
      const auto& f = e.Cast<FrequencyExpr>();
      Open("frequency");
      Word("var");
      Word(f.var.name);
      Pos(e.span);
      Zh(f.zh);
      Open("period");
      Expression(*f.period);
      Close();
      Open("count");
      Expression(*f.count);
      Close();
      Open("list");
      Expression(*f.list);
      Close();
      Open("date");
      Expression(*f.date);
      Close();
      if (f.filter) {
        Open("where");
        Expression(*f.filter);
        Close();
      }
      break;
    }
    case ExprKind::kDeadline: {
      const auto& d = e.Cast<DeadlineExpr>();
      Open("deadline");
      Pos(e.span);
      Zh(d.zh);
      Expression(*d.deadline);
      Expression(*d.done);
      break;
    }
  }
  Close();
}

std::string_view MetaName(uint8_t k) {
  switch (static_cast<MetaKind>(k)) {
    case MetaKind::kIssuer:
      return "issuer";
    case MetaKind::kDocNo:
      return "docno";
    case MetaKind::kIssued:
      return "issued";
    case MetaKind::kEffective:
      return "effective";
    case MetaKind::kVersion:
      return "version";
    case MetaKind::kSupersedes:
      return "supersedes";
    case MetaKind::kApplies:
      return "applies";
  }
  return "?";
}
std::string_view FieldAttrName(uint8_t k) {
  switch (static_cast<FieldAttrKind>(k)) {
    case FieldAttrKind::kLabel:
      return "label";
    case FieldAttrKind::kHelp:
      return "help";
    case FieldAttrKind::kRelevant:
      return "relevant";
  }
  return "?";
}
std::string_view SectionAttrName(uint8_t k) {
  switch (static_cast<SectionAttrKind>(k)) {
    case SectionAttrKind::kApplies:
      return "applies";
    case SectionAttrKind::kPoints:
      return "points";
    case SectionAttrKind::kExplain:
      return "explain";
  }
  return "?";
}
std::string_view ItemAttrName(uint8_t k) { return ItemAttrKindName(static_cast<ItemAttrKind>(k)); }

void Printer::Header(const ast::Header& h) {
  Open(h.is_module ? "module" : "rulebook");
  Str(h.title.value);
  Pos(h.span);
  Zh(h.zh);
  if (h.issuer) StringAttribute("issuer", *h.issuer);
  if (h.docno) StringAttribute("docno", *h.docno);
  for (auto [tag, d] : {std::pair{"issued", &h.issued}, std::pair{"effective", &h.effective}}) {
    if (!*d) continue;
    Open(tag);
    Word((*d)->text);
    Pos((*d)->span);
    Zh((*d)->zh);
    Close();
  }
  if (h.version) StringAttribute("version", *h.version);
  if (h.supersedes) StringAttribute("supersedes", *h.supersedes);
  if (h.applies) ExprAttribute("applies", *h.applies);
  Duplicates(h.duplicates, MetaName);
  Close();
}

void Printer::Members(const std::vector<EnumMember>& members) {
  for (const EnumMember& m : members) {
    Open("member");
    Word(m.name.name);
    if (m.label) {
      Word("label");
      Str(m.label->value);
    }
    Pos(m.span);
    Close();
  }
}

void Printer::Type(const TypeExpr& t) {
  Open("type");
  Word(TypeKindName(t.kind));
  if (t.kind == TypeKind::kListOf || t.kind == TypeKind::kNamed) Word(t.name.name);
  if (t.unit) {
    Word("unit");
    Str(t.unit->name);
  }
  Pos(t.span);
  Zh(t.zh);
  Members(t.members);
  for (const Field& f : t.fields) FieldNode(f);
  Close();
}

void Printer::FieldNode(const Field& f) {
  Open("field");
  Word(f.name.name);
  Pos(f.span);
  Type(f.type);
  if (f.label) {
    Open("label");
    Str(f.label->value);
    Pos(f.label->span);
    Close();
  }
  if (f.help) {
    Open("help");
    Str(f.help->value);
    Pos(f.help->span);
    Close();
  }
  if (f.relevant) {
    Open("relevant");
    Pos(f.relevant_span);
    Expression(*f.relevant);
    Close();
  }
  Duplicates(f.duplicates, FieldAttrName);
  Close();
}

void Printer::Declaration(const Decl& d) {
  switch (d.kind) {
    case DeclKind::kInput: {
      Open("input");
      Pos(d.span);
      Zh(d.zh);
      for (const Field& f : d.Cast<InputDecl>().fields) FieldNode(f);
      break;
    }
    case DeclKind::kRecord: {
      const auto& r = d.Cast<RecordDecl>();
      Open("record");
      Word(r.name.name);
      Pos(d.span);
      Zh(d.zh);
      for (const Field& f : r.fields) FieldNode(f);
      break;
    }
    case DeclKind::kEnum: {
      const auto& e = d.Cast<EnumDecl>();
      Open("enum");
      Word(e.name.name);
      Pos(d.span);
      Zh(d.zh);
      Members(e.members);
      break;
    }
    case DeclKind::kLet: {
      const auto& l = d.Cast<LetDecl>();
      Open("let");
      Word(l.name.name);
      Pos(d.span);
      Zh(d.zh);
      Expression(*l.expr);
      break;
    }
    case DeclKind::kSection: {
      const auto& s = d.Cast<Section>();
      Open("section");
      if (s.number) Word(s.number->name);
      Str(s.title.value);
      Pos(d.span);
      Zh(d.zh);
      if (s.applies) ExprAttribute("applies", *s.applies);
      if (s.points) NumberAttribute("points", *s.points);
      if (s.explain) StringAttribute("explain", *s.explain);
      for (const auto& l : s.lets) Declaration(*l);
      for (const DeclPtr& c : s.children) Declaration(*c);
      Duplicates(s.duplicates, SectionAttrName);
      break;
    }
    case DeclKind::kItem: {
      const auto& it = d.Cast<Item>();
      Open("item");
      if (it.id_is_string) {
        Str(it.id.name);
      } else {
        Word(it.id.name);
      }
      Str(it.title.value);
      Pos(d.span);
      Zh(d.zh);
      if (it.clause) StringAttribute("clause", *it.clause);
      if (it.level) {
        Open("level");
        Word(LevelName(it.level->value));
        Pos(it.level->span);
        Zh(it.level->zh);
        if (it.level->value_zh) Word("value-zh");
        Close();
      }
      if (it.applies) ExprAttribute("applies", *it.applies);
      if (it.when) ExprAttribute("when", *it.when);
      if (it.explain) StringAttribute("explain", *it.explain);
      if (it.remedy) StringAttribute("remedy", *it.remedy);
      if (it.deadline) {
        Open("deadline");
        Pos(it.deadline->span);
        Zh(it.deadline->zh);
        Literal(*it.deadline->value);
        Close();
      }
      if (it.points) NumberAttribute("points", *it.points);
      if (it.deduct) {
        const DeductAttr& de = *it.deduct;
        Open("deduct");
        Word(de.amount.text);
        if (de.cap) {
          Word("cap");
          Word(de.cap->text);
        }
        Pos(de.span);
        Zh(de.zh);
        if (de.per) {
          Open("per");
          Expression(*de.per);
          Close();
        }
        Close();
      }
      if (it.veto) {
        Open("veto");
        Pos(it.veto->span);
        Zh(it.veto->zh);
        Close();
      }
      if (it.unverified) {
        Open("unverified");
        if (it.unverified->reason) Str(it.unverified->reason->value);
        Pos(it.unverified->span);
        Zh(it.unverified->zh);
        Close();
      }
      Duplicates(it.duplicates, ItemAttrName);
      break;
    }
    case DeclKind::kGrades: {
      const auto& g = d.Cast<GradesDecl>();
      Open(g.colours ? "colours" : "grades");
      Pos(d.span);
      Zh(d.zh);
      for (const GradeRule& r : g.rules) {
        Open("rule");
        Str(r.name.value);
        Pos(r.span);
        if (r.otherwise) {
          Word("otherwise");
          Zh(r.otherwise_zh);
        } else {
          Expression(*r.expr);
        }
        Close();
      }
      break;
    }
  }
  Close();
}

}  // namespace

std::string DumpFile(const File& file, const Source& source) {
  Printer p(source);
  p.Open("file");
  p.Pos(file.span);
  if (file.header) p.Header(*file.header);
  for (const Import& i : file.imports) {
    p.Open("import");
    p.Str(i.path.value);
    p.Pos(i.span);
    p.Zh(i.zh);
    p.Close();
  }
  for (const DeclPtr& d : file.decls) p.Declaration(*d);
  if (!file.comments.empty()) {
    p.Open("comments");
    for (const Span& c : file.comments) p.Pos(c);
    p.Close();
  }
  p.Close();
  return p.Take();
}

std::string DumpExpr(const Expr& expr, const Source& source) {
  Printer p(source);
  p.Expression(expr);
  return p.Take();
}

}  // namespace paicha::compiler::ast
