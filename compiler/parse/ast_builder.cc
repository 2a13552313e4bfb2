// AST builder: one method per labelled alternative of grammar/RulebookParser.g4, each named after
// the production it handles. Dispatch on labelled alternatives is by dynamic_cast (the generated
// visitor's antlrcpp::Any cannot carry unique_ptr results).
//
// Long operator chains (a 且 b 且 c …, a.b.c …) are loops in the grammar but left-deep trees in
// the AST; the builder tracks each node's height and stops at ast::kMaxExprHeight so that no
// later recursive walker can overflow the stack. Everything else is bounded by the nesting
// pre-scan in parse.cc.
#include "parse/ast_builder.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

namespace paicha::compiler::parse_internal {
namespace {

using P = paicha_grammar::RulebookParser;
using antlr4::ParserRuleContext;
using antlr4::Token;
using antlr4::tree::ParseTree;
using antlr4::tree::TerminalNode;

bool IsZhText(std::string_view text) {
  return !text.empty() && static_cast<unsigned char>(text[0]) >= 0x80;
}

}  // namespace

std::string Unescape(std::string_view raw) {
  size_t q = (!raw.empty() && raw[0] == '"') ? 1 : 3;
  if (raw.size() < 2 * q) return std::string();
  std::string_view body = raw.substr(q, raw.size() - 2 * q);
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    char n = body[++i];
    switch (n) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      default:
        out += n;  // \\, \", or the lead byte of “/” (its other bytes follow as is)
    }
  }
  return out;
}

namespace {

class Builder {
 public:
  Builder(const Source& source, FileId file, DiagnosticSink& sink)
      : source_(source), file_(file), sink_(sink) {}

  bool failed() const { return failed_; }

  // file : header? decl* EOF
  std::unique_ptr<ast::File> File(P::FileContext* ctx) {
    auto f = std::make_unique<ast::File>();
    f->file = file_;
    f->span = Span{file_, 0, static_cast<uint32_t>(source_.text().size())};
    if (ctx == nullptr) return Broken<ast::File>();
    if (auto* h = ctx->header()) Header(h, *f);
    for (ParseTree* child : ctx->children) {
      auto* d = dynamic_cast<P::DeclContext*>(child);
      if (d == nullptr) continue;
      if (auto* imp = dynamic_cast<P::ImportDeclContext*>(d)) {
        // decl : IMPORT STRING SEMI?   # importDecl
        f->imports.push_back(ast::Import{Str(imp->STRING()), SpanOf(imp), Zh(imp->IMPORT())});
        continue;
      }
      if (ast::DeclPtr decl = Decl(d)) f->decls.push_back(std::move(decl));
      if (failed_) return nullptr;
    }
    if (failed_) return nullptr;
    return f;
  }

 private:
  // ---- helpers --------------------------------------------------------------------------------
  template <typename T>
  std::unique_ptr<T> Broken() {
    if (!failed_) sink_.Report(DiagKind::kParserFailure, Span{file_, 0, 0});
    failed_ = true;
    return nullptr;
  }

  Span SpanOf(Token* t) const {
    if (t == nullptr) return Span{file_, 0, 0};
    uint32_t b = static_cast<uint32_t>(t->getStartIndex());
    uint32_t e = t->getType() == Token::EOF ? b : static_cast<uint32_t>(t->getStopIndex() + 1);
    return Span{file_, b, std::max(b, e)};
  }
  Span SpanOf(TerminalNode* n) const { return SpanOf(n ? n->getSymbol() : nullptr); }
  Span SpanOf(ParserRuleContext* ctx) const {
    if (ctx == nullptr) return Span{file_, 0, 0};
    Span b = SpanOf(ctx->getStart());
    Span e = ctx->getStop() ? SpanOf(ctx->getStop()) : b;
    return Span{file_, b.begin, std::max(b.begin, e.end)};
  }
  Span Cover(Span a, Span b) const { return Span{file_, a.begin, std::max(a.begin, b.end)}; }

  std::string_view Text(Token* t) const {
    Span s = SpanOf(t);
    return std::string_view{source_.text()}.substr(s.begin, s.end - s.begin);
  }
  std::string_view Text(TerminalNode* n) const { return n ? Text(n->getSymbol()) : ""; }
  bool Zh(TerminalNode* n) const { return IsZhText(Text(n)); }
  bool Zh(Token* t) const { return IsZhText(Text(t)); }

  ast::StringLit Str(TerminalNode* n) const { return ast::StringLit{Unescape(Text(n)), SpanOf(n)}; }
  ast::Ident Id(P::IdentContext* ctx) const {
    if (ctx == nullptr) return ast::Ident{};
    return ast::Ident{std::string(Text(ctx->getStart())), SpanOf(ctx)};
  }
  ast::Number Num(P::NumberContext* ctx) const {
    ast::Number n;
    if (ctx == nullptr) return n;
    n.text = std::string(Text(ctx->getStart()));
    n.is_decimal = ctx->DECIMAL() != nullptr;
    n.span = SpanOf(ctx);
    return n;
  }

  template <typename T>
  void SetOnce(std::optional<T>& slot, T value, uint8_t kind, std::vector<ast::DuplicateAttr>& dups,
               Span span, Span first) {
    if (slot) {
      dups.push_back(ast::DuplicateAttr{kind, span, first});
      return;
    }
    slot = std::move(value);
  }

  static uint32_t HeightOf(const ast::ExprPtr& e) { return e ? e->height : 0; }
  // Sets e's height from its children's and reports E0103 (once) past the limit.
  void Finish(ast::Expr& e, std::initializer_list<uint32_t> child_heights) {
    uint32_t h = 0;
    for (uint32_t c : child_heights) h = std::max(h, c);
    e.height = h + 1;
    if (e.height > ast::kMaxExprHeight && !failed_) {
      failed_ = true;
      sink_.Report(DiagKind::kExprTooComplex, e.span,
                   {DiagArg{"limit", static_cast<int64_t>(ast::kMaxExprHeight)}});
    }
  }
  uint32_t MaxHeight(const std::vector<ast::ExprPtr>& es) const {
    uint32_t h = 0;
    for (const auto& e : es) h = std::max(h, HeightOf(e));
    return h;
  }

  // ---- header ---------------------------------------------------------------------------------
  // header : RULEBOOK STRING LBRACE meta* RBRACE  # rulebookHeader
  //        | MODULE STRING SEMI?                  # moduleHeader
  void Header(P::HeaderContext* ctx, ast::File& f) {
    ast::Header h;
    h.span = SpanOf(ctx);
    if (auto* m = dynamic_cast<P::ModuleHeaderContext*>(ctx)) {
      h.is_module = true;
      h.title = Str(m->STRING());
      h.zh = Zh(m->MODULE());
      f.header = std::move(h);
      return;
    }
    auto* r = dynamic_cast<P::RulebookHeaderContext*>(ctx);
    if (r == nullptr) return (void)Broken<ast::File>();
    h.title = Str(r->STRING());
    h.zh = Zh(r->RULEBOOK());
    for (ParseTree* child : r->children) {
      if (auto* m = dynamic_cast<P::MetaContext*>(child)) Meta(m, h);
    }
    f.header = std::move(h);
  }

  // meta : ISSUER STRING | DOCNO STRING | ISSUED DATE | EFFECTIVE DATE | VERSION STRING
  //      | SUPERSEDES STRING | APPLIES expr   (each SEMI?)
  void Meta(P::MetaContext* ctx, ast::Header& h) {
    Span span = SpanOf(ctx);
    auto str_attr = [&](TerminalNode* kw, TerminalNode* value) {
      return ast::StringAttr{Str(value), span, Zh(kw)};
    };
    auto date_attr = [&](TerminalNode* kw, TerminalNode* value) {
      return ast::DateAttr{std::string(Text(value)), SpanOf(value), span, Zh(kw)};
    };
    auto dup = [&](auto& slot, auto value, ast::MetaKind kind) {
      Span first = slot ? slot->span : span;
      SetOnce(slot, std::move(value), static_cast<uint8_t>(kind), h.duplicates, span, first);
    };
    if (auto* m1 = dynamic_cast<P::MetaIssuerContext*>(ctx)) {
      dup(h.issuer, str_attr(m1->ISSUER(), m1->STRING()), ast::MetaKind::kIssuer);
    } else if (auto* m2 = dynamic_cast<P::MetaDocNoContext*>(ctx)) {
      dup(h.docno, str_attr(m2->DOCNO(), m2->STRING()), ast::MetaKind::kDocNo);
    } else if (auto* m3 = dynamic_cast<P::MetaIssuedContext*>(ctx)) {
      dup(h.issued, date_attr(m3->ISSUED(), m3->DATE()), ast::MetaKind::kIssued);
    } else if (auto* m4 = dynamic_cast<P::MetaEffectiveContext*>(ctx)) {
      dup(h.effective, date_attr(m4->EFFECTIVE(), m4->DATE()), ast::MetaKind::kEffective);
    } else if (auto* m5 = dynamic_cast<P::MetaVersionContext*>(ctx)) {
      dup(h.version, str_attr(m5->VERSION(), m5->STRING()), ast::MetaKind::kVersion);
    } else if (auto* m6 = dynamic_cast<P::MetaSupersedesContext*>(ctx)) {
      dup(h.supersedes, str_attr(m6->SUPERSEDES(), m6->STRING()), ast::MetaKind::kSupersedes);
    } else if (auto* m7 = dynamic_cast<P::MetaAppliesContext*>(ctx)) {
      dup(h.applies, ast::ExprAttr{Expr(m7->expr()), span, Zh(m7->APPLIES())},
          ast::MetaKind::kApplies);
    } else {
      Broken<ast::File>();
    }
  }

  // ---- declarations ---------------------------------------------------------------------------
  ast::DeclPtr Decl(P::DeclContext* ctx) {
    if (auto* d = dynamic_cast<P::InputDeclContext*>(ctx)) return InputDecl(d);
    if (auto* d = dynamic_cast<P::RecordDeclContext*>(ctx)) return RecordDecl(d);
    if (auto* d = dynamic_cast<P::EnumDeclContext*>(ctx)) return EnumDecl(d);
    if (auto* d = dynamic_cast<P::LetDeclContext*>(ctx)) {
      return Let(d->LET(), d->ident(), d->expr(), SpanOf(d));
    }
    if (auto* d = dynamic_cast<P::SectionDeclContext*>(ctx)) return Section(d->section());
    if (auto* d = dynamic_cast<P::ItemDeclContext*>(ctx)) return Item(d->item());
    if (auto* d = dynamic_cast<P::GradesDeclContext*>(ctx)) {
      return Grades(d, false, d->GRADES(), d->children);
    }
    if (auto* d = dynamic_cast<P::ColoursDeclContext*>(ctx)) {
      return Grades(d, true, d->COLOURS(), d->children);
    }
    return Broken<ast::Decl>();
  }

  // decl : INPUT LBRACE field* RBRACE   # inputDecl
  ast::DeclPtr InputDecl(P::InputDeclContext* ctx) {
    auto d = std::make_unique<ast::InputDecl>();
    d->span = SpanOf(ctx);
    d->zh = Zh(ctx->INPUT());
    Fields(ctx->children, d->fields);
    return d;
  }

  // decl : RECORD ident LBRACE field* RBRACE   # recordDecl
  ast::DeclPtr RecordDecl(P::RecordDeclContext* ctx) {
    auto d = std::make_unique<ast::RecordDecl>();
    d->span = SpanOf(ctx);
    d->zh = Zh(ctx->RECORD());
    d->name = Id(ctx->ident());
    Fields(ctx->children, d->fields);
    return d;
  }

  // decl : ENUM ident enumBody   # enumDecl
  ast::DeclPtr EnumDecl(P::EnumDeclContext* ctx) {
    auto d = std::make_unique<ast::EnumDecl>();
    d->span = SpanOf(ctx);
    d->zh = Zh(ctx->ENUM());
    d->name = Id(ctx->ident());
    EnumBody(ctx->enumBody(), d->members);
    return d;
  }

  // enumBody : LBRACE enumMember (COMMA? enumMember)* COMMA? RBRACE
  // enumMember : ident STRING?
  void EnumBody(P::EnumBodyContext* ctx, std::vector<ast::EnumMember>& out) {
    if (ctx == nullptr) return (void)Broken<ast::Decl>();
    for (ParseTree* child : ctx->children) {
      auto* m = dynamic_cast<P::EnumMemberContext*>(child);
      if (m == nullptr) continue;
      ast::EnumMember member;
      member.name = Id(m->ident());
      if (m->STRING()) member.label = Str(m->STRING());
      member.span = SpanOf(m);
      out.push_back(std::move(member));
    }
  }

  // LET ident ASSIGN expr SEMI?   (# letDecl and # sectionLet)
  std::unique_ptr<ast::LetDecl> Let(TerminalNode* kw, P::IdentContext* name, P::ExprContext* e,
                                    Span span) {
    auto d = std::make_unique<ast::LetDecl>();
    d->span = span;
    d->zh = Zh(kw);
    d->name = Id(name);
    d->expr = Expr(e);
    return d;
  }

  // field : ident COLON type fieldAttr* (SEMI | COMMA)?
  void Fields(const std::vector<ParseTree*>& children, std::vector<ast::Field>& out) {
    for (ParseTree* child : children) {
      if (auto* f = dynamic_cast<P::FieldContext*>(child)) out.push_back(Field(f));
    }
  }
  ast::Field Field(P::FieldContext* ctx) {
    ast::Field f;
    f.span = SpanOf(ctx);
    f.name = Id(ctx->ident());
    f.type = Type(ctx->type());
    for (ParseTree* child : ctx->children) {
      auto* a = dynamic_cast<P::FieldAttrContext*>(child);
      if (a == nullptr) continue;
      Span span = SpanOf(a);
      if (auto* l = dynamic_cast<P::FieldLabelContext*>(a)) {
        // fieldAttr : LABEL STRING   # fieldLabel
        Span first = f.label ? f.label->span : span;
        SetOnce(f.label, Str(l->STRING()), static_cast<uint8_t>(ast::FieldAttrKind::kLabel),
                f.duplicates, span, first);
      } else if (auto* h = dynamic_cast<P::FieldHelpContext*>(a)) {
        // fieldAttr : HELP STRING   # fieldHelp
        Span first = f.help ? f.help->span : span;
        SetOnce(f.help, Str(h->STRING()), static_cast<uint8_t>(ast::FieldAttrKind::kHelp),
                f.duplicates, span, first);
      } else if (auto* r = dynamic_cast<P::FieldRelevantContext*>(a)) {
        // fieldAttr : RELEVANT expr   # fieldRelevant
        if (f.relevant) {
          f.duplicates.push_back(ast::DuplicateAttr{
              static_cast<uint8_t>(ast::FieldAttrKind::kRelevant), span, f.relevant_span});
        } else {
          f.relevant = Expr(r->expr());
          f.relevant_span = span;
        }
      }
    }
    return f;
  }

  // type : BOOL_T | INT_T (LPAREN unit RPAREN)? | DECIMAL_T (…)? | TEXT_T | DATE_T | DURATION_T
  //      | ENUM enumBody | RECORD LBRACE field* RBRACE | LIST LBRACE field* RBRACE | LIST ID | ID
  ast::TypeExpr Type(P::TypeContext* ctx) {
    ast::TypeExpr t;
    if (ctx == nullptr) {
      Broken<ast::Decl>();
      return t;
    }
    t.span = SpanOf(ctx);
    t.zh = Zh(ctx->getStart());
    auto unit = [&](P::UnitContext* u) {
      if (u != nullptr) t.unit = ast::Ident{std::string(Text(u->getStart())), SpanOf(u)};
    };
    if (dynamic_cast<P::BoolTypeContext*>(ctx)) {
      t.kind = ast::TypeKind::kBool;
    } else if (auto* i = dynamic_cast<P::IntTypeContext*>(ctx)) {
      t.kind = ast::TypeKind::kInt;
      unit(i->unit());
    } else if (auto* d = dynamic_cast<P::DecimalTypeContext*>(ctx)) {
      t.kind = ast::TypeKind::kDecimal;
      unit(d->unit());
    } else if (dynamic_cast<P::TextTypeContext*>(ctx)) {
      t.kind = ast::TypeKind::kText;
    } else if (dynamic_cast<P::DateTypeContext*>(ctx)) {
      t.kind = ast::TypeKind::kDate;
    } else if (dynamic_cast<P::DurationTypeContext*>(ctx)) {
      t.kind = ast::TypeKind::kDuration;
    } else if (auto* e = dynamic_cast<P::InlineEnumTypeContext*>(ctx)) {
      t.kind = ast::TypeKind::kEnum;
      EnumBody(e->enumBody(), t.members);
    } else if (auto* r = dynamic_cast<P::InlineRecordTypeContext*>(ctx)) {
      t.kind = ast::TypeKind::kRecord;
      Fields(r->children, t.fields);
    } else if (auto* l = dynamic_cast<P::InlineListTypeContext*>(ctx)) {
      t.kind = ast::TypeKind::kList;
      Fields(l->children, t.fields);
    } else if (auto* nl = dynamic_cast<P::NamedListTypeContext*>(ctx)) {
      t.kind = ast::TypeKind::kListOf;
      t.name = ast::Ident{std::string(Text(nl->ID())), SpanOf(nl->ID())};
    } else if (auto* n = dynamic_cast<P::NamedTypeContext*>(ctx)) {
      t.kind = ast::TypeKind::kNamed;
      t.name = ast::Ident{std::string(Text(n->ID())), SpanOf(n->ID())};
    } else {
      Broken<ast::Decl>();
    }
    return t;
  }

  // section : SECTION ident? STRING LBRACE sectionPart* RBRACE
  std::unique_ptr<ast::Section> Section(P::SectionContext* ctx) {
    if (ctx == nullptr) return Broken<ast::Section>();
    auto s = std::make_unique<ast::Section>();
    s->span = SpanOf(ctx);
    s->zh = Zh(ctx->SECTION());
    if (ctx->ident()) s->number = Id(ctx->ident());
    s->title = Str(ctx->STRING());
    for (ParseTree* child : ctx->children) {
      auto* part = dynamic_cast<P::SectionPartContext*>(child);
      if (part == nullptr) continue;
      if (failed_) return nullptr;
      Span span = SpanOf(part);
      if (auto* a = dynamic_cast<P::SectionAppliesContext*>(part)) {
        // sectionPart : APPLIES expr SEMI?   # sectionApplies
        Span first = s->applies ? s->applies->span : span;
        SetOnce(s->applies, ast::ExprAttr{Expr(a->expr()), span, Zh(a->APPLIES())},
                static_cast<uint8_t>(ast::SectionAttrKind::kApplies), s->duplicates, span, first);
      } else if (auto* p = dynamic_cast<P::SectionPointsContext*>(part)) {
        // sectionPart : POINTS number SEMI?   # sectionPoints
        Span first = s->points ? s->points->span : span;
        SetOnce(s->points, ast::NumberAttr{Num(p->number()), span, Zh(p->POINTS())},
                static_cast<uint8_t>(ast::SectionAttrKind::kPoints), s->duplicates, span, first);
      } else if (auto* e = dynamic_cast<P::SectionExplainContext*>(part)) {
        // sectionPart : EXPLAIN STRING SEMI?   # sectionExplain
        Span first = s->explain ? s->explain->span : span;
        SetOnce(s->explain, ast::StringAttr{Str(e->STRING()), span, Zh(e->EXPLAIN())},
                static_cast<uint8_t>(ast::SectionAttrKind::kExplain), s->duplicates, span, first);
      } else if (auto* l = dynamic_cast<P::SectionLetContext*>(part)) {
        // sectionPart : LET ident ASSIGN expr SEMI?   # sectionLet
        s->lets.push_back(Let(l->LET(), l->ident(), l->expr(), span));
      } else if (auto* n = dynamic_cast<P::NestedSectionContext*>(part)) {
        // sectionPart : section   # nestedSection
        if (auto child_section = Section(n->section()))
          s->children.push_back(std::move(child_section));
      } else if (auto* i = dynamic_cast<P::SectionItemContext*>(part)) {
        // sectionPart : item   # sectionItem
        if (auto item = Item(i->item())) s->children.push_back(std::move(item));
      } else {
        return Broken<ast::Section>();
      }
    }
    return s;
  }

  // item : ITEM itemId STRING LBRACE itemAttr* RBRACE ;  itemId : ident | STRING
  std::unique_ptr<ast::Item> Item(P::ItemContext* ctx) {
    if (ctx == nullptr || ctx->itemId() == nullptr) return Broken<ast::Item>();
    auto it = std::make_unique<ast::Item>();
    it->span = SpanOf(ctx);
    it->zh = Zh(ctx->ITEM());
    P::ItemIdContext* id = ctx->itemId();
    if (id->STRING()) {
      it->id_is_string = true;
      ast::StringLit s = Str(id->STRING());
      it->id = ast::Ident{std::move(s.value), s.span};
    } else {
      it->id = Id(id->ident());
    }
    it->title = Str(ctx->STRING());
    for (ParseTree* child : ctx->children) {
      if (auto* a = dynamic_cast<P::ItemAttrContext*>(child)) ItemAttr(a, *it);
      if (failed_) return nullptr;
    }
    return it;
  }

  void ItemAttr(P::ItemAttrContext* ctx, ast::Item& it) {
    Span span = SpanOf(ctx);
    auto once = [&](auto& slot, auto value, ast::ItemAttrKind kind) {
      Span first = slot ? slot->span : span;
      SetOnce(slot, std::move(value), static_cast<uint8_t>(kind), it.duplicates, span, first);
    };
    if (auto* a1 = dynamic_cast<P::ItemClauseContext*>(ctx)) {
      // itemAttr : CLAUSE STRING SEMI?   # itemClause
      once(it.clause, ast::StringAttr{Str(a1->STRING()), span, Zh(a1->CLAUSE())},
           ast::ItemAttrKind::kClause);
    } else if (auto* a2 = dynamic_cast<P::ItemLevelContext*>(ctx)) {
      // itemAttr : LEVEL level SEMI?   # itemLevel ;  level : MAJOR | GENERAL | NONCONFORM
      ast::LevelAttr l;
      P::LevelContext* lv = a2->level();
      if (lv == nullptr) return (void)Broken<ast::Item>();
      l.value = lv->MAJOR()     ? ast::Level::kMajor
                : lv->GENERAL() ? ast::Level::kGeneral
                                : ast::Level::kNonconformity;
      l.value_span = SpanOf(lv);
      l.value_zh = Zh(lv->getStart());
      l.span = span;
      l.zh = Zh(a2->LEVEL());
      once(it.level, l, ast::ItemAttrKind::kLevel);
    } else if (auto* a3 = dynamic_cast<P::ItemAppliesContext*>(ctx)) {
      // itemAttr : APPLIES expr SEMI?   # itemApplies
      once(it.applies, ast::ExprAttr{Expr(a3->expr()), span, Zh(a3->APPLIES())},
           ast::ItemAttrKind::kApplies);
    } else if (auto* a4 = dynamic_cast<P::ItemWhenContext*>(ctx)) {
      // itemAttr : WHEN expr SEMI?   # itemWhen
      once(it.when, ast::ExprAttr{Expr(a4->expr()), span, Zh(a4->WHEN())},
           ast::ItemAttrKind::kWhen);
    } else if (auto* a5 = dynamic_cast<P::ItemExplainContext*>(ctx)) {
      // itemAttr : EXPLAIN STRING SEMI?   # itemExplain
      once(it.explain, ast::StringAttr{Str(a5->STRING()), span, Zh(a5->EXPLAIN())},
           ast::ItemAttrKind::kExplain);
    } else if (auto* a6 = dynamic_cast<P::ItemRemedyContext*>(ctx)) {
      // itemAttr : REMEDY STRING SEMI?   # itemRemedy
      once(it.remedy, ast::StringAttr{Str(a6->STRING()), span, Zh(a6->REMEDY())},
           ast::ItemAttrKind::kRemedy);
    } else if (auto* a7 = dynamic_cast<P::ItemDeadlineContext*>(ctx)) {
      // itemAttr : DEADLINE literal SEMI?   # itemDeadline
      ast::DeadlineAttr d;
      d.value = Literal(a7->literal());
      if (d.value == nullptr) return (void)Broken<ast::Item>();
      d.span = span;
      d.zh = Zh(a7->DEADLINE());
      once(it.deadline, std::move(d), ast::ItemAttrKind::kDeadline);
    } else if (auto* a8 = dynamic_cast<P::ItemPointsContext*>(ctx)) {
      // itemAttr : POINTS number SEMI?   # itemPoints
      once(it.points, ast::NumberAttr{Num(a8->number()), span, Zh(a8->POINTS())},
           ast::ItemAttrKind::kPoints);
    } else if (auto* a9 = dynamic_cast<P::ItemDeductContext*>(ctx)) {
      // itemAttr : DEDUCT number (PER expr)? (CAP number)? SEMI?   # itemDeduct
      ast::DeductAttr d;
      std::vector<P::NumberContext*> nums = a9->number();
      if (nums.empty()) return (void)Broken<ast::Item>();
      d.amount = Num(nums[0]);
      if (a9->PER()) d.per = Expr(a9->expr());
      if (a9->CAP() && nums.size() > 1) d.cap = Num(nums[1]);
      d.span = span;
      d.zh = Zh(a9->DEDUCT());
      once(it.deduct, std::move(d), ast::ItemAttrKind::kDeduct);
    } else if (auto* a10 = dynamic_cast<P::ItemVetoContext*>(ctx)) {
      // itemAttr : VETO SEMI?   # itemVeto
      once(it.veto, ast::FlagAttr{span, Zh(a10->VETO())}, ast::ItemAttrKind::kVeto);
    } else if (auto* a11 = dynamic_cast<P::ItemUnverifiedContext*>(ctx)) {
      // itemAttr : UNVERIFIED STRING? SEMI?   # itemUnverified
      ast::UnverifiedAttr u;
      if (a11->STRING()) u.reason = Str(a11->STRING());
      u.span = span;
      u.zh = Zh(a11->UNVERIFIED());
      once(it.unverified, std::move(u), ast::ItemAttrKind::kUnverified);
    } else {
      Broken<ast::Item>();
    }
  }

  // decl : GRADES LBRACE gradeRule* RBRACE  # gradesDecl | COLOURS … # coloursDecl
  // gradeRule : STRING COLON (expr | OTHERWISE) (SEMI | COMMA)?
  ast::DeclPtr Grades(ParserRuleContext* ctx, bool colours, TerminalNode* kw,
                      const std::vector<ParseTree*>& children) {
    auto g = std::make_unique<ast::GradesDecl>();
    g->span = SpanOf(ctx);
    g->zh = Zh(kw);
    g->colours = colours;
    for (ParseTree* child : children) {
      auto* r = dynamic_cast<P::GradeRuleContext*>(child);
      if (r == nullptr) continue;
      ast::GradeRule rule;
      rule.name = Str(r->STRING());
      rule.span = SpanOf(r);
      if (r->OTHERWISE()) {
        rule.otherwise = true;
        rule.otherwise_span = SpanOf(r->OTHERWISE());
        rule.otherwise_zh = Zh(r->OTHERWISE());
      } else {
        rule.expr = Expr(r->expr());
      }
      g->rules.push_back(std::move(rule));
    }
    return g;
  }

  // ---- expressions ----------------------------------------------------------------------------
  // expr : IF expr THEN expr OTHERWISE expr              # ifExpr
  //      | cond=orExpr (QUESTION t=expr COLON f=expr)?   # condExpr
  ast::ExprPtr Expr(P::ExprContext* ctx) {
    if (ctx == nullptr) return Broken<ast::Expr>();
    if (auto* c = dynamic_cast<P::CondExprContext*>(ctx)) {
      ast::ExprPtr cond = OrExpr(c->cond);
      if (c->QUESTION() == nullptr) return cond;
      auto e = std::make_unique<ast::ConditionalExpr>();
      e->span = SpanOf(ctx);
      e->ternary = true;
      e->cond = std::move(cond);
      e->then_expr = Expr(c->t);
      e->else_expr = Expr(c->f);
      Finish(*e, {HeightOf(e->cond), HeightOf(e->then_expr), HeightOf(e->else_expr)});
      return e;
    }
    if (auto* i = dynamic_cast<P::IfExprContext*>(ctx)) {
      auto e = std::make_unique<ast::ConditionalExpr>();
      e->span = SpanOf(ctx);
      e->zh = Zh(i->IF());
      e->cond = Expr(i->expr(0));
      e->then_expr = Expr(i->expr(1));
      e->else_expr = Expr(i->expr(2));
      Finish(*e, {HeightOf(e->cond), HeightOf(e->then_expr), HeightOf(e->else_expr)});
      return e;
    }
    return Broken<ast::Expr>();
  }

  // A left-associative chain `operand (op operand)*`: children alternate operand, op, operand.
  template <typename OperandCtx, typename OperandFn, typename OpFn>
  ast::ExprPtr Chain(ParserRuleContext* ctx, OperandFn operand, OpFn op_of) {
    const std::vector<ParseTree*>& ch = ctx->children;
    if (ch.empty()) return Broken<ast::Expr>();
    auto* first = dynamic_cast<OperandCtx*>(ch[0]);
    ast::ExprPtr lhs = (this->*operand)(first);
    Span begin = SpanOf(first);
    for (size_t i = 1; i + 1 < ch.size() && !failed_; i += 2) {
      auto* op = dynamic_cast<TerminalNode*>(ch[i]);
      auto* rhs_ctx = dynamic_cast<OperandCtx*>(ch[i + 1]);
      if (op == nullptr || rhs_ctx == nullptr) return Broken<ast::Expr>();
      auto e = std::make_unique<ast::BinaryExpr>();
      e->op = op_of(op->getSymbol()->getType());
      e->op_span = SpanOf(op);
      e->zh = Zh(op);
      e->span = Cover(begin, SpanOf(rhs_ctx));
      e->lhs = std::move(lhs);
      e->rhs = (this->*operand)(rhs_ctx);
      Finish(*e, {HeightOf(e->lhs), HeightOf(e->rhs)});
      lhs = std::move(e);
    }
    return lhs;
  }

  // orExpr : andExpr (OR andExpr)*
  ast::ExprPtr OrExpr(P::OrExprContext* ctx) {
    if (ctx == nullptr) return Broken<ast::Expr>();
    return Chain<P::AndExprContext>(ctx, &Builder::AndExpr,
                                    [](size_t) { return ast::BinaryOp::kOr; });
  }
  // andExpr : relExpr (AND relExpr)*
  ast::ExprPtr AndExpr(P::AndExprContext* ctx) {
    if (ctx == nullptr) return Broken<ast::Expr>();
    return Chain<P::RelExprContext>(ctx, &Builder::RelExpr,
                                    [](size_t) { return ast::BinaryOp::kAnd; });
  }
  // relExpr : addExpr (relOp addExpr)? ;  relOp : EQ | NE | LT | LE | GT | GE | IN | NOT_IN
  ast::ExprPtr RelExpr(P::RelExprContext* ctx) {
    if (ctx == nullptr) return Broken<ast::Expr>();
    P::RelOpContext* op = ctx->relOp();
    if (op == nullptr) return AddExpr(dynamic_cast<P::AddExprContext*>(ctx->children.at(0)));
    auto e = std::make_unique<ast::BinaryExpr>();
    switch (op->getStart()->getType()) {
      case P::EQ:
        e->op = ast::BinaryOp::kEq;
        break;
      case P::NE:
        e->op = ast::BinaryOp::kNe;
        break;
      case P::LT:
        e->op = ast::BinaryOp::kLt;
        break;
      case P::LE:
        e->op = ast::BinaryOp::kLe;
        break;
      case P::GT:
        e->op = ast::BinaryOp::kGt;
        break;
      case P::GE:
        e->op = ast::BinaryOp::kGe;
        break;
      case P::IN:
        e->op = ast::BinaryOp::kIn;
        break;
      case P::NOT_IN:
        e->op = ast::BinaryOp::kNotIn;
        break;
      default:
        return Broken<ast::Expr>();
    }
    e->op_span = SpanOf(op);
    e->zh = Zh(op->getStart());
    e->span = SpanOf(ctx);
    if (ctx->children.size() != 3) return Broken<ast::Expr>();
    e->lhs = AddExpr(dynamic_cast<P::AddExprContext*>(ctx->children[0]));
    e->rhs = AddExpr(dynamic_cast<P::AddExprContext*>(ctx->children[2]));
    Finish(*e, {HeightOf(e->lhs), HeightOf(e->rhs)});
    return e;
  }
  // addExpr : mulExpr ((PLUS | MINUS) mulExpr)*
  ast::ExprPtr AddExpr(P::AddExprContext* ctx) {
    if (ctx == nullptr) return Broken<ast::Expr>();
    return Chain<P::MulExprContext>(ctx, &Builder::MulExpr, [](size_t t) {
      return t == P::PLUS ? ast::BinaryOp::kAdd : ast::BinaryOp::kSub;
    });
  }
  // mulExpr : unaryExpr ((STAR | SLASH) unaryExpr)*
  ast::ExprPtr MulExpr(P::MulExprContext* ctx) {
    if (ctx == nullptr) return Broken<ast::Expr>();
    return Chain<P::UnaryExprContext>(ctx, &Builder::UnaryExpr, [](size_t t) {
      return t == P::STAR ? ast::BinaryOp::kMul : ast::BinaryOp::kDiv;
    });
  }

  // unaryExpr : NOT unaryExpr  # notExpr | MINUS unaryExpr  # negExpr | postfixExpr  # postfix
  ast::ExprPtr UnaryExpr(P::UnaryExprContext* ctx) {
    if (auto* p = dynamic_cast<P::PostfixContext*>(ctx)) return PostfixExpr(p->postfixExpr());
    auto e = std::make_unique<ast::UnaryExpr>();
    e->span = SpanOf(ctx);
    if (auto* n = dynamic_cast<P::NotExprContext*>(ctx)) {
      e->op = ast::UnaryOp::kNot;
      e->op_span = SpanOf(n->NOT());
      e->zh = Zh(n->NOT());
      e->operand = UnaryExpr(n->unaryExpr());
    } else if (auto* m = dynamic_cast<P::NegExprContext*>(ctx)) {
      e->op = ast::UnaryOp::kNeg;
      e->op_span = SpanOf(m->MINUS());
      e->operand = UnaryExpr(m->unaryExpr());
    } else {
      return Broken<ast::Expr>();
    }
    Finish(*e, {HeightOf(e->operand)});
    return e;
  }

  // postfixExpr : primary postfixOp*
  // postfixOp : DOT ident LPAREN args? RPAREN  # methodCall | DOT ident  # memberAccess
  //           | LBRACKET expr RBRACKET          # indexAccess
  ast::ExprPtr PostfixExpr(P::PostfixExprContext* ctx) {
    if (ctx == nullptr || ctx->children.empty()) return Broken<ast::Expr>();
    ast::ExprPtr base = Primary(dynamic_cast<P::PrimaryContext*>(ctx->children[0]));
    Span begin = SpanOf(ctx->getStart());
    for (size_t i = 1; i < ctx->children.size() && !failed_; ++i) {
      auto* op = dynamic_cast<P::PostfixOpContext*>(ctx->children[i]);
      if (op == nullptr) return Broken<ast::Expr>();
      Span span = Cover(begin, SpanOf(op));
      if (auto* m = dynamic_cast<P::MethodCallContext*>(op)) {
        auto e = std::make_unique<ast::MethodCallExpr>();
        e->span = span;
        e->name = Id(m->ident());
        e->receiver = std::move(base);
        Args(m->args(), e->args);
        Finish(*e, {HeightOf(e->receiver), MaxHeight(e->args)});
        base = std::move(e);
      } else if (auto* a = dynamic_cast<P::MemberAccessContext*>(op)) {
        auto e = std::make_unique<ast::MemberExpr>();
        e->span = span;
        e->name = Id(a->ident());
        e->base = std::move(base);
        Finish(*e, {HeightOf(e->base)});
        base = std::move(e);
      } else if (auto* x = dynamic_cast<P::IndexAccessContext*>(op)) {
        auto e = std::make_unique<ast::IndexExpr>();
        e->span = span;
        e->base = std::move(base);
        e->index = Expr(x->expr());
        Finish(*e, {HeightOf(e->base), HeightOf(e->index)});
        base = std::move(e);
      } else {
        return Broken<ast::Expr>();
      }
    }
    return base;
  }

  // args : expr (COMMA expr)*
  void Args(P::ArgsContext* ctx, std::vector<ast::ExprPtr>& out) {
    if (ctx == nullptr) return;
    for (ParseTree* child : ctx->children) {
      if (auto* e = dynamic_cast<P::ExprContext*>(child)) out.push_back(Expr(e));
    }
  }

  // alternative : (STRING COLON)? expr (SEMI | COMMA)?
  void Alternatives(const std::vector<ParseTree*>& children, ast::SituationsExpr& s) {
    for (ParseTree* child : children) {
      auto* a = dynamic_cast<P::AlternativeContext*>(child);
      if (a == nullptr) continue;
      ast::Alternative alt;
      if (a->STRING()) alt.label = Str(a->STRING());
      alt.expr = Expr(a->expr());
      alt.span = Cover(SpanOf(a->getStart()), SpanOf(a->expr()));
      s.alternatives.push_back(std::move(alt));
    }
  }
  uint32_t AlternativesHeight(const ast::SituationsExpr& s) const {
    uint32_t h = 0;
    for (const auto& a : s.alternatives) h = std::max(h, HeightOf(a.expr));
    return h;
  }

  ast::ExprPtr Primary(P::PrimaryContext* ctx) {
    if (ctx == nullptr) return Broken<ast::Expr>();
    Span span = SpanOf(ctx);
    // primary : literal   # literalExpr
    if (auto* l = dynamic_cast<P::LiteralExprContext*>(ctx)) return Literal(l->literal());
    // primary : ident   # nameExpr
    if (dynamic_cast<P::NameExprContext*>(ctx) != nullptr) {
      auto e = std::make_unique<ast::NameExpr>();
      e->span = span;
      e->name = std::string(Text(ctx->getStart()));
      return e;
    }
    // primary : ident LPAREN args? RPAREN   # callExpr
    if (auto* c = dynamic_cast<P::CallExprContext*>(ctx)) {
      auto e = std::make_unique<ast::CallExpr>();
      e->span = span;
      e->name = Id(c->ident());
      Args(c->args(), e->args);
      Finish(*e, {MaxHeight(e->args)});
      return e;
    }
    // primary : LPAREN expr RPAREN   # parenExpr (no node: the formatter re-derives parentheses)
    if (auto* p = dynamic_cast<P::ParenExprContext*>(ctx)) return Expr(p->expr());
    // primary : LBRACKET (expr (COMMA expr)* COMMA?)? RBRACKET   # listExpr
    if (auto* l = dynamic_cast<P::ListExprContext*>(ctx)) {
      auto e = std::make_unique<ast::ListExpr>();
      e->span = span;
      for (ParseTree* child : l->children) {
        if (auto* x = dynamic_cast<P::ExprContext*>(child)) e->elements.push_back(Expr(x));
      }
      Finish(*e, {MaxHeight(e->elements)});
      return e;
    }
    // primary : ANY_OF LBRACE alternative+ RBRACE   # anyOfExpr
    if (auto* a = dynamic_cast<P::AnyOfExprContext*>(ctx)) {
      auto e = std::make_unique<ast::SituationsExpr>();
      e->span = span;
      e->situations_kind = ast::SituationsKind::kAny;
      e->zh = Zh(a->ANY_OF());
      Alternatives(a->children, *e);
      Finish(*e, {AlternativesHeight(*e)});
      return e;
    }
    // primary : ALL_OF LBRACE alternative+ RBRACE   # allOfExpr
    if (auto* a = dynamic_cast<P::AllOfExprContext*>(ctx)) {
      auto e = std::make_unique<ast::SituationsExpr>();
      e->span = span;
      e->situations_kind = ast::SituationsKind::kAll;
      e->zh = Zh(a->ALL_OF());
      Alternatives(a->children, *e);
      Finish(*e, {AlternativesHeight(*e)});
      return e;
    }
    // primary : AT_LEAST addExpr OF LBRACE alternative+ RBRACE   # atLeastExpr
    if (auto* a = dynamic_cast<P::AtLeastExprContext*>(ctx)) {
      auto e = std::make_unique<ast::SituationsExpr>();
      e->span = span;
      e->situations_kind = ast::SituationsKind::kAtLeast;
      e->zh = Zh(a->AT_LEAST());
      e->count = AddExpr(a->addExpr());
      Alternatives(a->children, *e);
      Finish(*e, {HeightOf(e->count), AlternativesHeight(*e)});
      return e;
    }
    // primary : PER period=postfixExpr AT_LEAST count=addExpr TIMES list=postfixExpr
    //           AS var=ident DATED date=addExpr (WHERE filter=orExpr)?   # frequencyExpr
    if (auto* f = dynamic_cast<P::FrequencyExprContext*>(ctx)) {
      auto e = std::make_unique<ast::FrequencyExpr>();
      e->span = span;
      e->zh = Zh(f->PER());
      e->period = PostfixExpr(f->period);
      e->count = AddExpr(f->count);
      e->list = PostfixExpr(f->list);
      e->var = Id(f->var);
      e->date = AddExpr(f->date);
      if (f->filter) e->filter = OrExpr(f->filter);
      Finish(*e, {HeightOf(e->period), HeightOf(e->count), HeightOf(e->list), HeightOf(e->date),
                  HeightOf(e->filter)});
      return e;
    }
    // primary : BY deadline=addExpr DONE done=addExpr   # deadlineExpr
    if (auto* d = dynamic_cast<P::DeadlineExprContext*>(ctx)) {
      auto e = std::make_unique<ast::DeadlineExpr>();
      e->span = span;
      e->zh = Zh(d->BY());
      e->deadline = AddExpr(d->deadline);
      e->done = AddExpr(d->done);
      Finish(*e, {HeightOf(e->deadline), HeightOf(e->done)});
      return e;
    }
    return Broken<ast::Expr>();
  }

  // literal : number unit?  # numberLit | DATE  # dateLit | STRING  # stringLit
  //         | TRUE  # trueLit | FALSE  # falseLit
  std::unique_ptr<ast::LiteralExpr> Literal(P::LiteralContext* ctx) {
    if (ctx == nullptr) return Broken<ast::LiteralExpr>();
    auto e = std::make_unique<ast::LiteralExpr>();
    e->span = SpanOf(ctx);
    if (auto* n = dynamic_cast<P::NumberLitContext*>(ctx)) {
      ast::Number num = Num(n->number());
      e->literal_kind = num.is_decimal ? ast::LiteralKind::kDecimal : ast::LiteralKind::kInt;
      e->text = std::move(num.text);
      if (P::UnitContext* u = n->unit()) {
        e->unit = std::string(Text(u->getStart()));
        e->unit_span = SpanOf(u);
      }
    } else if (auto* d = dynamic_cast<P::DateLitContext*>(ctx)) {
      e->literal_kind = ast::LiteralKind::kDate;
      e->text = std::string(Text(d->DATE()));
    } else if (auto* s = dynamic_cast<P::StringLitContext*>(ctx)) {
      e->literal_kind = ast::LiteralKind::kString;
      e->text = Unescape(Text(s->STRING()));
    } else if (auto* t = dynamic_cast<P::TrueLitContext*>(ctx)) {
      e->literal_kind = ast::LiteralKind::kBool;
      e->bool_value = true;
      e->zh = Zh(t->TRUE());
    } else if (auto* f = dynamic_cast<P::FalseLitContext*>(ctx)) {
      e->literal_kind = ast::LiteralKind::kBool;
      e->bool_value = false;
      e->zh = Zh(f->FALSE());
    } else {
      return Broken<ast::LiteralExpr>();
    }
    return e;
  }

  const Source& source_;
  FileId file_;
  DiagnosticSink& sink_;
  bool failed_ = false;
};

}  // namespace

std::unique_ptr<ast::File> BuildAst(paicha_grammar::RulebookParser::FileContext* tree,
                                    const Source& source, FileId file, DiagnosticSink& sink,
                                    std::vector<Span> comments) {
  Builder b(source, file, sink);
  std::unique_ptr<ast::File> f = b.File(tree);
  if (b.failed() || f == nullptr) return nullptr;
  f->comments = std::move(comments);
  return f;
}

}  // namespace paicha::compiler::parse_internal
