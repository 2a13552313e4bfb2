// Hand-written recursive-descent parser; see fast_parser.h. One method per rule of
// grammar/RulebookParser.g4, in its order, each building what ast_builder.cc builds from the
// corresponding parse-tree context (same spans, same flags, same duplicate handling).
//
// Spans: a rule context's span in ast_builder is [first token's begin, last token's end), so
// here every rule remembers the index of its first token and ends at `last_end_`, the end of
// the last token consumed.
#include "parse/fast_parser.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "RulebookParser.h"
#include "parse/ast_builder.h"

namespace paicha::compiler::parse_internal {
namespace {

using P = paicha_grammar::RulebookParser;

// Thrown at the first token the parser does not expect (and on E0103); caught in FastParse.
struct Decline {};

// Recursion guard on nested expressions, unary operators and sections. The nesting pre-scan
// (parse.cc) already bounds each of them by kMaxNestingDepth (200) levels, since each is one
// level of ANTLR's recursion too; this only keeps the stack bounded if the two ever disagree.
constexpr uint32_t kMaxDepth = 1000;

// ident : ID | BOOL_T | … | UNVERIFIED   (keywords that are also names)
bool IsIdent(uint32_t t) {
  switch (t) {
    case P::ID:
    case P::BOOL_T:
    case P::INT_T:
    case P::DECIMAL_T:
    case P::TEXT_T:
    case P::DATE_T:
    case P::DURATION_T:
    case P::LABEL:
    case P::HELP:
    case P::LEVEL:
    case P::CLAUSE:
    case P::EXPLAIN:
    case P::REMEDY:
    case P::DEADLINE:
    case P::POINTS:
    case P::DEDUCT:
    case P::CAP:
    case P::VERSION:
    case P::ISSUER:
    case P::DOCNO:
    case P::ISSUED:
    case P::EFFECTIVE:
    case P::GRADES:
    case P::COLOURS:
    case P::VETO:
    case P::UNVERIFIED:
      return true;
    default:
      return false;
  }
}

class Parser {
 public:
  Parser(const std::vector<RawToken>& tokens, const Source& source, FileId file)
      : tok_(tokens.data()), last_(tokens.size() - 1), text_(source.text()), file_(file) {}

  // file : header? decl* EOF
  std::unique_ptr<ast::File> File() {
    auto f = std::make_unique<ast::File>();
    f->file = file_;
    f->span = Span{file_, 0, static_cast<uint32_t>(text_.size())};
    if (At(P::RULEBOOK) || At(P::MODULE)) f->header = Header();
    while (!At(kEofType)) {
      if (At(P::IMPORT)) {
        // decl : IMPORT STRING SEMI?   # importDecl
        size_t start = pos_;
        bool zh = ZhAt(pos_);
        Next();
        ast::StringLit path = Str(Expect(P::STRING));
        Accept(P::SEMI);
        f->imports.push_back(ast::Import{std::move(path), SpanFrom(start), zh});
        continue;
      }
      f->decls.push_back(Decl());
    }
    return f;
  }

 private:
  // ---- tokens ---------------------------------------------------------------------------------
  uint32_t Type(size_t k = 0) const { return tok_[std::min(pos_ + k, last_)].type; }
  bool At(uint32_t t) const { return Type() == t; }
  // Consumes the current token (never the EOF token) and returns its index.
  size_t Next() {
    if (pos_ >= last_) throw Decline{};
    last_end_ = tok_[pos_].end;
    return pos_++;
  }
  size_t Expect(uint32_t t) {
    if (!At(t)) throw Decline{};
    return Next();
  }
  bool Accept(uint32_t t) {
    if (!At(t)) return false;
    Next();
    return true;
  }
  size_t ExpectIdent() {
    if (!IsIdent(Type())) throw Decline{};
    return Next();
  }

  Span SpanAt(size_t i) const { return Span{file_, tok_[i].begin, tok_[i].end}; }
  // The span of the rule that started at token `start` and has consumed up to now.
  Span SpanFrom(size_t start) const {
    uint32_t b = tok_[start].begin;
    return Span{file_, b, std::max(b, last_end_)};
  }
  Span Cover(Span a, uint32_t end) const { return Span{file_, a.begin, std::max(a.begin, end)}; }
  std::string_view Text(size_t i) const {
    return std::string_view{text_}.substr(tok_[i].begin, tok_[i].end - tok_[i].begin);
  }
  bool ZhAt(size_t i) const { return static_cast<unsigned char>(text_[tok_[i].begin]) >= 0x80; }

  ast::StringLit Str(size_t i) const { return ast::StringLit{Unescape(Text(i)), SpanAt(i)}; }
  ast::Ident Id(size_t i) const { return ast::Ident{std::string(Text(i)), SpanAt(i)}; }
  // number : INT | DECIMAL
  ast::Number Num() {
    if (!At(P::INT) && !At(P::DECIMAL)) throw Decline{};
    bool decimal = At(P::DECIMAL);
    size_t i = Next();
    ast::Number n;
    n.text = std::string(Text(i));
    n.is_decimal = decimal;
    n.span = SpanAt(i);
    return n;
  }

  template <typename T>
  static void SetOnce(std::optional<T>& slot, T value, uint8_t kind,
                      std::vector<ast::DuplicateAttr>& dups, Span span) {
    if (slot) {
      dups.push_back(ast::DuplicateAttr{kind, span, slot->span});
      return;
    }
    slot = std::move(value);
  }

  static uint32_t HeightOf(const ast::ExprPtr& e) { return e ? e->height : 0; }
  static uint32_t MaxHeight(const std::vector<ast::ExprPtr>& es) {
    uint32_t h = 0;
    for (const auto& e : es) h = std::max(h, HeightOf(e));
    return h;
  }
  // Sets e's height from its children's; past ast::kMaxExprHeight the ANTLR path reports E0103.
  static void Finish(ast::Expr& e, std::initializer_list<uint32_t> child_heights) {
    uint32_t h = 0;
    for (uint32_t c : child_heights) h = std::max(h, c);
    e.height = h + 1;
    if (e.height > ast::kMaxExprHeight) throw Decline{};
  }

  struct DepthGuard {
    explicit DepthGuard(uint32_t& d) : depth(d) {
      if (++depth > kMaxDepth) throw Decline{};
    }
    ~DepthGuard() { --depth; }
    uint32_t& depth;
  };

  // ---- header ---------------------------------------------------------------------------------
  // header : RULEBOOK STRING LBRACE meta* RBRACE  # rulebookHeader
  //        | MODULE STRING SEMI?                  # moduleHeader
  ast::Header Header() {
    ast::Header h;
    size_t start = pos_;
    h.zh = ZhAt(pos_);
    if (Accept(P::MODULE)) {
      h.is_module = true;
      h.title = Str(Expect(P::STRING));
      Accept(P::SEMI);
      h.span = SpanFrom(start);
      return h;
    }
    Expect(P::RULEBOOK);
    h.title = Str(Expect(P::STRING));
    Expect(P::LBRACE);
    while (!At(P::RBRACE)) Meta(h);
    Next();
    h.span = SpanFrom(start);
    return h;
  }

  // meta : ISSUER STRING | DOCNO STRING | ISSUED DATE | EFFECTIVE DATE | VERSION STRING
  //      | SUPERSEDES STRING | APPLIES expr   (each SEMI?)
  void Meta(ast::Header& h) {
    size_t start = pos_;
    uint32_t kw = Type();
    bool zh = ZhAt(pos_);
    auto str_attr = [&](std::optional<ast::StringAttr>& slot, ast::MetaKind kind) {
      ast::StringLit value = Str(Expect(P::STRING));
      Accept(P::SEMI);
      SetOnce(slot, ast::StringAttr{std::move(value), SpanFrom(start), zh},
              static_cast<uint8_t>(kind), h.duplicates, SpanFrom(start));
    };
    auto date_attr = [&](std::optional<ast::DateAttr>& slot, ast::MetaKind kind) {
      size_t v = Expect(P::DATE);
      Accept(P::SEMI);
      SetOnce(slot, ast::DateAttr{std::string(Text(v)), SpanAt(v), SpanFrom(start), zh},
              static_cast<uint8_t>(kind), h.duplicates, SpanFrom(start));
    };
    Next();
    switch (kw) {
      case P::ISSUER:
        return str_attr(h.issuer, ast::MetaKind::kIssuer);
      case P::DOCNO:
        return str_attr(h.docno, ast::MetaKind::kDocNo);
      case P::ISSUED:
        return date_attr(h.issued, ast::MetaKind::kIssued);
      case P::EFFECTIVE:
        return date_attr(h.effective, ast::MetaKind::kEffective);
      case P::VERSION:
        return str_attr(h.version, ast::MetaKind::kVersion);
      case P::SUPERSEDES:
        return str_attr(h.supersedes, ast::MetaKind::kSupersedes);
      case P::APPLIES: {
        ast::ExprPtr e = Expr();
        Accept(P::SEMI);
        SetOnce(h.applies, ast::ExprAttr{std::move(e), SpanFrom(start), zh},
                static_cast<uint8_t>(ast::MetaKind::kApplies), h.duplicates, SpanFrom(start));
        return;
      }
      default:
        throw Decline{};
    }
  }

  // ---- declarations ---------------------------------------------------------------------------
  // decl : INPUT LBRACE field* RBRACE | RECORD ident LBRACE field* RBRACE | ENUM ident enumBody
  //      | LET ident ASSIGN expr SEMI? | section | item | GRADES LBRACE gradeRule* RBRACE
  //      | COLOURS LBRACE gradeRule* RBRACE          (IMPORT is handled in File)
  ast::DeclPtr Decl() {
    size_t start = pos_;
    bool zh = ZhAt(pos_);
    switch (Type()) {
      case P::INPUT: {
        auto d = std::make_unique<ast::InputDecl>();
        d->zh = zh;
        Next();
        FieldBlock(d->fields);
        d->span = SpanFrom(start);
        return d;
      }
      case P::RECORD: {
        auto d = std::make_unique<ast::RecordDecl>();
        d->zh = zh;
        Next();
        d->name = Id(ExpectIdent());
        FieldBlock(d->fields);
        d->span = SpanFrom(start);
        return d;
      }
      case P::ENUM: {
        auto d = std::make_unique<ast::EnumDecl>();
        d->zh = zh;
        Next();
        d->name = Id(ExpectIdent());
        EnumBody(d->members);
        d->span = SpanFrom(start);
        return d;
      }
      case P::LET:
        return Let();
      case P::SECTION:
        return Section();
      case P::ITEM:
        return Item();
      case P::GRADES:
      case P::COLOURS:
        return Grades();
      default:
        throw Decline{};
    }
  }

  // LBRACE field* RBRACE
  void FieldBlock(std::vector<ast::Field>& out) {
    Expect(P::LBRACE);
    while (!At(P::RBRACE)) out.push_back(Field());
    Next();
  }

  // enumBody : LBRACE enumMember (COMMA? enumMember)* COMMA? RBRACE ;  enumMember : ident STRING?
  void EnumBody(std::vector<ast::EnumMember>& out) {
    Expect(P::LBRACE);
    for (;;) {
      ast::EnumMember m;
      size_t start = pos_;
      m.name = Id(ExpectIdent());
      if (At(P::STRING)) m.label = Str(Next());
      m.span = SpanFrom(start);
      out.push_back(std::move(m));
      if (Accept(P::COMMA) && At(P::RBRACE)) break;
      if (At(P::RBRACE)) break;
    }
    Next();
  }

  // LET ident ASSIGN expr SEMI?   (# letDecl and # sectionLet)
  std::unique_ptr<ast::LetDecl> Let() {
    size_t start = pos_;
    auto d = std::make_unique<ast::LetDecl>();
    d->zh = ZhAt(pos_);
    Expect(P::LET);
    d->name = Id(ExpectIdent());
    Expect(P::ASSIGN);
    d->expr = Expr();
    Accept(P::SEMI);
    d->span = SpanFrom(start);
    return d;
  }

  // field : ident COLON type fieldAttr* (SEMI | COMMA)?
  // fieldAttr : LABEL STRING | HELP STRING | RELEVANT expr
  ast::Field Field() {
    ast::Field f;
    size_t start = pos_;
    f.name = Id(ExpectIdent());
    Expect(P::COLON);
    f.type = Type_();
    for (;;) {
      size_t attr = pos_;
      // 标签/提示 followed by anything but a string starts the next field (named 标签/提示).
      if ((At(P::LABEL) || At(P::HELP)) && Type(1) == P::STRING) {
        bool label = At(P::LABEL);
        Next();
        ast::StringLit s = Str(Next());
        Span span = SpanFrom(attr);
        if (label) {
          SetOnce(f.label, std::move(s), static_cast<uint8_t>(ast::FieldAttrKind::kLabel),
                  f.duplicates, span);
        } else {
          SetOnce(f.help, std::move(s), static_cast<uint8_t>(ast::FieldAttrKind::kHelp),
                  f.duplicates, span);
        }
      } else if (At(P::RELEVANT)) {
        Next();
        ast::ExprPtr e = Expr();
        Span span = SpanFrom(attr);
        if (f.relevant) {
          f.duplicates.push_back(ast::DuplicateAttr{
              static_cast<uint8_t>(ast::FieldAttrKind::kRelevant), span, f.relevant_span});
        } else {
          f.relevant = std::move(e);
          f.relevant_span = span;
        }
      } else {
        break;
      }
    }
    if (!Accept(P::SEMI)) Accept(P::COMMA);
    f.span = SpanFrom(start);
    return f;
  }

  // type : BOOL_T | INT_T (LPAREN unit RPAREN)? | DECIMAL_T (…)? | TEXT_T | DATE_T | DURATION_T
  //      | ENUM enumBody | RECORD LBRACE field* RBRACE | LIST LBRACE field* RBRACE | LIST ID | ID
  // unit : ID | UNIT_SYM
  ast::TypeExpr Type_() {
    ast::TypeExpr t;
    size_t start = pos_;
    t.zh = ZhAt(pos_);
    switch (Type()) {
      case P::BOOL_T:
        t.kind = ast::TypeKind::kBool;
        Next();
        break;
      case P::INT_T:
      case P::DECIMAL_T:
        t.kind = At(P::INT_T) ? ast::TypeKind::kInt : ast::TypeKind::kDecimal;
        Next();
        if (Accept(P::LPAREN)) {
          if (!At(P::ID) && !At(P::UNIT_SYM)) throw Decline{};
          t.unit = Id(Next());
          Expect(P::RPAREN);
        }
        break;
      case P::TEXT_T:
        t.kind = ast::TypeKind::kText;
        Next();
        break;
      case P::DATE_T:
        t.kind = ast::TypeKind::kDate;
        Next();
        break;
      case P::DURATION_T:
        t.kind = ast::TypeKind::kDuration;
        Next();
        break;
      case P::ENUM:
        t.kind = ast::TypeKind::kEnum;
        Next();
        EnumBody(t.members);
        break;
      case P::RECORD:
        t.kind = ast::TypeKind::kRecord;
        Next();
        FieldBlock(t.fields);
        break;
      case P::LIST:
        Next();
        if (At(P::ID)) {
          t.kind = ast::TypeKind::kListOf;
          t.name = Id(Next());
        } else {
          t.kind = ast::TypeKind::kList;
          FieldBlock(t.fields);
        }
        break;
      case P::ID:
        t.kind = ast::TypeKind::kNamed;
        t.name = Id(Next());
        break;
      default:
        throw Decline{};
    }
    t.span = SpanFrom(start);
    return t;
  }

  // section : SECTION ident? STRING LBRACE sectionPart* RBRACE
  // sectionPart : APPLIES expr SEMI? | POINTS number SEMI? | EXPLAIN STRING SEMI?
  //             | LET ident ASSIGN expr SEMI? | section | item
  std::unique_ptr<ast::Section> Section() {
    DepthGuard guard(depth_);
    size_t start = pos_;
    auto s = std::make_unique<ast::Section>();
    s->zh = ZhAt(pos_);
    Expect(P::SECTION);
    if (IsIdent(Type())) s->number = Id(Next());
    s->title = Str(Expect(P::STRING));
    Expect(P::LBRACE);
    while (!At(P::RBRACE)) {
      size_t part = pos_;
      bool zh = ZhAt(pos_);
      switch (Type()) {
        case P::APPLIES: {
          Next();
          ast::ExprPtr e = Expr();
          Accept(P::SEMI);
          Span span = SpanFrom(part);
          SetOnce(s->applies, ast::ExprAttr{std::move(e), span, zh},
                  static_cast<uint8_t>(ast::SectionAttrKind::kApplies), s->duplicates, span);
          break;
        }
        case P::POINTS: {
          Next();
          ast::Number n = Num();
          Accept(P::SEMI);
          Span span = SpanFrom(part);
          SetOnce(s->points, ast::NumberAttr{std::move(n), span, zh},
                  static_cast<uint8_t>(ast::SectionAttrKind::kPoints), s->duplicates, span);
          break;
        }
        case P::EXPLAIN: {
          Next();
          ast::StringLit v = Str(Expect(P::STRING));
          Accept(P::SEMI);
          Span span = SpanFrom(part);
          SetOnce(s->explain, ast::StringAttr{std::move(v), span, zh},
                  static_cast<uint8_t>(ast::SectionAttrKind::kExplain), s->duplicates, span);
          break;
        }
        case P::LET:
          s->lets.push_back(Let());
          break;
        case P::SECTION:
          s->children.push_back(Section());
          break;
        case P::ITEM:
          s->children.push_back(Item());
          break;
        default:
          throw Decline{};
      }
    }
    Next();
    s->span = SpanFrom(start);
    return s;
  }

  // item : ITEM itemId STRING LBRACE itemAttr* RBRACE ;  itemId : ident | STRING
  std::unique_ptr<ast::Item> Item() {
    size_t start = pos_;
    auto it = std::make_unique<ast::Item>();
    it->zh = ZhAt(pos_);
    Expect(P::ITEM);
    if (At(P::STRING)) {
      it->id_is_string = true;
      ast::StringLit s = Str(Next());
      it->id = ast::Ident{std::move(s.value), s.span};
    } else {
      it->id = Id(ExpectIdent());
    }
    it->title = Str(Expect(P::STRING));
    Expect(P::LBRACE);
    while (!At(P::RBRACE)) ItemAttr(*it);
    Next();
    it->span = SpanFrom(start);
    return it;
  }

  // itemAttr : CLAUSE STRING | LEVEL level | APPLIES expr | WHEN expr | EXPLAIN STRING
  //          | REMEDY STRING | DEADLINE literal | POINTS number
  //          | DEDUCT number (PER expr)? (CAP number)? | VETO | UNVERIFIED STRING?   (each SEMI?)
  void ItemAttr(ast::Item& it) {
    size_t start = pos_;
    uint32_t kw = Type();
    bool zh = ZhAt(pos_);
    Next();
    auto once = [&](auto& slot, auto value, ast::ItemAttrKind kind) {
      Accept(P::SEMI);
      Span span = SpanFrom(start);
      value.span = span;
      SetOnce(slot, std::move(value), static_cast<uint8_t>(kind), it.duplicates, span);
    };
    auto str_attr = [&](std::optional<ast::StringAttr>& slot, ast::ItemAttrKind kind) {
      ast::StringLit v = Str(Expect(P::STRING));
      once(slot, ast::StringAttr{std::move(v), Span{}, zh}, kind);
    };
    auto expr_attr = [&](std::optional<ast::ExprAttr>& slot, ast::ItemAttrKind kind) {
      ast::ExprPtr e = Expr();
      once(slot, ast::ExprAttr{std::move(e), Span{}, zh}, kind);
    };
    switch (kw) {
      case P::CLAUSE:
        return str_attr(it.clause, ast::ItemAttrKind::kClause);
      case P::LEVEL: {
        // level : MAJOR | GENERAL | NONCONFORM
        ast::LevelAttr l;
        switch (Type()) {
          case P::MAJOR:
            l.value = ast::Level::kMajor;
            break;
          case P::GENERAL:
            l.value = ast::Level::kGeneral;
            break;
          case P::NONCONFORM:
            l.value = ast::Level::kNonconformity;
            break;
          default:
            throw Decline{};
        }
        l.value_zh = ZhAt(pos_);
        l.value_span = SpanAt(Next());
        l.zh = zh;
        return once(it.level, l, ast::ItemAttrKind::kLevel);
      }
      case P::APPLIES:
        return expr_attr(it.applies, ast::ItemAttrKind::kApplies);
      case P::WHEN:
        return expr_attr(it.when, ast::ItemAttrKind::kWhen);
      case P::EXPLAIN:
        return str_attr(it.explain, ast::ItemAttrKind::kExplain);
      case P::REMEDY:
        return str_attr(it.remedy, ast::ItemAttrKind::kRemedy);
      case P::DEADLINE: {
        ast::DeadlineAttr d;
        d.value = Literal();
        d.zh = zh;
        return once(it.deadline, std::move(d), ast::ItemAttrKind::kDeadline);
      }
      case P::POINTS: {
        ast::Number n = Num();
        return once(it.points, ast::NumberAttr{std::move(n), Span{}, zh},
                    ast::ItemAttrKind::kPoints);
      }
      case P::DEDUCT: {
        ast::DeductAttr d;
        d.amount = Num();
        if (Accept(P::PER)) d.per = Expr();
        if (Accept(P::CAP)) d.cap = Num();
        d.zh = zh;
        return once(it.deduct, std::move(d), ast::ItemAttrKind::kDeduct);
      }
      case P::VETO:
        return once(it.veto, ast::FlagAttr{Span{}, zh}, ast::ItemAttrKind::kVeto);
      case P::UNVERIFIED: {
        ast::UnverifiedAttr u;
        if (At(P::STRING)) u.reason = Str(Next());
        u.zh = zh;
        return once(it.unverified, std::move(u), ast::ItemAttrKind::kUnverified);
      }
      default:
        throw Decline{};
    }
  }

  // decl : GRADES LBRACE gradeRule* RBRACE | COLOURS LBRACE gradeRule* RBRACE
  // gradeRule : STRING COLON (expr | OTHERWISE) (SEMI | COMMA)?
  ast::DeclPtr Grades() {
    size_t start = pos_;
    auto g = std::make_unique<ast::GradesDecl>();
    g->zh = ZhAt(pos_);
    g->colours = At(P::COLOURS);
    Next();
    Expect(P::LBRACE);
    while (!At(P::RBRACE)) {
      size_t rule_start = pos_;
      ast::GradeRule rule;
      rule.name = Str(Expect(P::STRING));
      Expect(P::COLON);
      if (At(P::OTHERWISE)) {
        rule.otherwise = true;
        rule.otherwise_zh = ZhAt(pos_);
        rule.otherwise_span = SpanAt(Next());
      } else {
        rule.expr = Expr();
      }
      if (!Accept(P::SEMI)) Accept(P::COMMA);
      rule.span = SpanFrom(rule_start);
      g->rules.push_back(std::move(rule));
    }
    Next();
    g->span = SpanFrom(start);
    return g;
  }

  // ---- expressions ----------------------------------------------------------------------------
  // expr : IF expr THEN expr OTHERWISE expr              # ifExpr
  //      | cond=orExpr (QUESTION t=expr COLON f=expr)?   # condExpr
  ast::ExprPtr Expr() {
    DepthGuard guard(depth_);
    size_t start = pos_;
    if (At(P::IF)) {
      auto e = std::make_unique<ast::ConditionalExpr>();
      e->zh = ZhAt(pos_);
      Next();
      e->cond = Expr();
      Expect(P::THEN);
      e->then_expr = Expr();
      Expect(P::OTHERWISE);
      e->else_expr = Expr();
      e->span = SpanFrom(start);
      Finish(*e, {HeightOf(e->cond), HeightOf(e->then_expr), HeightOf(e->else_expr)});
      return e;
    }
    ast::ExprPtr cond = OrExpr();
    if (!At(P::QUESTION)) return cond;
    Next();
    auto e = std::make_unique<ast::ConditionalExpr>();
    e->ternary = true;
    e->cond = std::move(cond);
    e->then_expr = Expr();
    Expect(P::COLON);
    e->else_expr = Expr();
    e->span = SpanFrom(start);
    Finish(*e, {HeightOf(e->cond), HeightOf(e->then_expr), HeightOf(e->else_expr)});
    return e;
  }

  // Binary operator of `t` at one precedence level (orExpr, andExpr, addExpr, mulExpr), or
  // false when `t` is not one of that level.
  static bool OrOp(uint32_t t, ast::BinaryOp& op) {
    op = ast::BinaryOp::kOr;
    return t == P::OR;
  }
  static bool AndOp(uint32_t t, ast::BinaryOp& op) {
    op = ast::BinaryOp::kAnd;
    return t == P::AND;
  }
  static bool AddOp(uint32_t t, ast::BinaryOp& op) {
    op = t == P::PLUS ? ast::BinaryOp::kAdd : ast::BinaryOp::kSub;
    return t == P::PLUS || t == P::MINUS;
  }
  static bool MulOp(uint32_t t, ast::BinaryOp& op) {
    op = t == P::STAR ? ast::BinaryOp::kMul : ast::BinaryOp::kDiv;
    return t == P::STAR || t == P::SLASH;
  }
  static bool RelOp(uint32_t t, ast::BinaryOp& op) {
    switch (t) {
      case P::EQ:
        op = ast::BinaryOp::kEq;
        return true;
      case P::NE:
        op = ast::BinaryOp::kNe;
        return true;
      case P::LT:
        op = ast::BinaryOp::kLt;
        return true;
      case P::LE:
        op = ast::BinaryOp::kLe;
        return true;
      case P::GT:
        op = ast::BinaryOp::kGt;
        return true;
      case P::GE:
        op = ast::BinaryOp::kGe;
        return true;
      case P::IN:
        op = ast::BinaryOp::kIn;
        return true;
      case P::NOT_IN:
        op = ast::BinaryOp::kNotIn;
        return true;
      default:
        return false;
    }
  }

  // The binary node `lhs op rhs` whose operator is token `op_tok` and whose span starts at
  // token `start` and ends here.
  ast::ExprPtr Binary(ast::BinaryOp op, size_t op_tok, size_t start, ast::ExprPtr lhs,
                      ast::ExprPtr rhs) {
    auto e = std::make_unique<ast::BinaryExpr>();
    e->op = op;
    e->op_span = SpanAt(op_tok);
    e->zh = ZhAt(op_tok);
    e->span = SpanFrom(start);
    e->lhs = std::move(lhs);
    e->rhs = std::move(rhs);
    Finish(*e, {HeightOf(e->lhs), HeightOf(e->rhs)});
    return e;
  }

  // A left-associative chain `operand (op operand)*` (orExpr, andExpr, addExpr, mulExpr).
  template <bool (*IsOp)(uint32_t, ast::BinaryOp&)>
  ast::ExprPtr Chain(ast::ExprPtr (Parser::*operand)()) {
    size_t start = pos_;
    ast::ExprPtr lhs = (this->*operand)();
    ast::BinaryOp op = ast::BinaryOp::kOr;
    while (IsOp(Type(), op)) {
      size_t op_tok = Next();
      ast::ExprPtr rhs = (this->*operand)();
      lhs = Binary(op, op_tok, start, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  // orExpr : andExpr (OR andExpr)* ;  andExpr : relExpr (AND relExpr)*
  ast::ExprPtr OrExpr() { return Chain<OrOp>(&Parser::AndExpr); }
  ast::ExprPtr AndExpr() { return Chain<AndOp>(&Parser::RelExpr); }
  // relExpr : addExpr (relOp addExpr)?
  ast::ExprPtr RelExpr() {
    size_t start = pos_;
    ast::ExprPtr lhs = AddExpr();
    ast::BinaryOp op = ast::BinaryOp::kOr;
    if (!RelOp(Type(), op)) return lhs;
    size_t op_tok = Next();
    ast::ExprPtr rhs = AddExpr();
    return Binary(op, op_tok, start, std::move(lhs), std::move(rhs));
  }
  // addExpr : mulExpr ((PLUS | MINUS) mulExpr)* ;  mulExpr : unaryExpr ((STAR | SLASH) unaryExpr)*
  ast::ExprPtr AddExpr() { return Chain<AddOp>(&Parser::MulExpr); }
  ast::ExprPtr MulExpr() { return Chain<MulOp>(&Parser::UnaryExpr); }

  // unaryExpr : NOT unaryExpr | MINUS unaryExpr | postfixExpr
  ast::ExprPtr UnaryExpr() {
    if (!At(P::NOT) && !At(P::MINUS)) return PostfixExpr();
    DepthGuard guard(depth_);
    size_t start = pos_;
    auto e = std::make_unique<ast::UnaryExpr>();
    if (At(P::NOT)) {
      e->op = ast::UnaryOp::kNot;
      e->zh = ZhAt(pos_);
    } else {
      e->op = ast::UnaryOp::kNeg;
    }
    e->op_span = SpanAt(Next());
    e->operand = UnaryExpr();
    e->span = SpanFrom(start);
    Finish(*e, {HeightOf(e->operand)});
    return e;
  }

  // postfixExpr : primary postfixOp*
  // postfixOp : DOT ident LPAREN args? RPAREN | DOT ident | LBRACKET expr RBRACKET
  ast::ExprPtr PostfixExpr() {
    size_t start = pos_;
    ast::ExprPtr base = Primary();
    for (;;) {
      if (Accept(P::DOT)) {
        ast::Ident name = Id(ExpectIdent());
        if (Accept(P::LPAREN)) {
          auto e = std::make_unique<ast::MethodCallExpr>();
          e->name = std::move(name);
          e->receiver = std::move(base);
          Args(e->args);
          e->span = SpanFrom(start);
          Finish(*e, {HeightOf(e->receiver), MaxHeight(e->args)});
          base = std::move(e);
        } else {
          auto e = std::make_unique<ast::MemberExpr>();
          e->name = std::move(name);
          e->base = std::move(base);
          e->span = SpanFrom(start);
          Finish(*e, {HeightOf(e->base)});
          base = std::move(e);
        }
      } else if (Accept(P::LBRACKET)) {
        auto e = std::make_unique<ast::IndexExpr>();
        e->base = std::move(base);
        e->index = Expr();
        Expect(P::RBRACKET);
        e->span = SpanFrom(start);
        Finish(*e, {HeightOf(e->base), HeightOf(e->index)});
        base = std::move(e);
      } else {
        return base;
      }
    }
  }

  // args? RPAREN, after LPAREN ;  args : expr (COMMA expr)*
  void Args(std::vector<ast::ExprPtr>& out) {
    if (Accept(P::RPAREN)) return;
    out.push_back(Expr());
    while (Accept(P::COMMA)) out.push_back(Expr());
    Expect(P::RPAREN);
  }

  // LBRACE alternative+ RBRACE ;  alternative : (STRING COLON)? expr (SEMI | COMMA)?
  void Alternatives(ast::SituationsExpr& s) {
    Expect(P::LBRACE);
    do {
      ast::Alternative alt;
      size_t start = pos_;
      if (At(P::STRING) && Type(1) == P::COLON) {
        alt.label = Str(Next());
        Next();
      }
      alt.expr = Expr();
      alt.span = SpanFrom(start);
      if (!Accept(P::SEMI)) Accept(P::COMMA);
      s.alternatives.push_back(std::move(alt));
    } while (!At(P::RBRACE));
    Next();
  }
  static uint32_t AlternativesHeight(const ast::SituationsExpr& s) {
    uint32_t h = 0;
    for (const auto& a : s.alternatives) h = std::max(h, HeightOf(a.expr));
    return h;
  }

  ast::ExprPtr Situations(ast::SituationsKind kind) {
    size_t start = pos_;
    auto e = std::make_unique<ast::SituationsExpr>();
    e->situations_kind = kind;
    e->zh = ZhAt(pos_);
    Next();
    if (kind == ast::SituationsKind::kAtLeast) {
      e->count = AddExpr();
      Expect(P::OF);
    }
    Alternatives(*e);
    e->span = SpanFrom(start);
    Finish(*e, {HeightOf(e->count), AlternativesHeight(*e)});
    return e;
  }

  // primary : literal | ident LPAREN args? RPAREN | ident | LPAREN expr RPAREN
  //         | LBRACKET (expr (COMMA expr)* COMMA?)? RBRACKET | ANY_OF LBRACE alternative+ RBRACE
  //         | ALL_OF LBRACE alternative+ RBRACE | AT_LEAST addExpr OF LBRACE alternative+ RBRACE
  //         | PER postfixExpr AT_LEAST addExpr TIMES postfixExpr AS ident DATED addExpr
  //           (WHERE orExpr)?
  //         | BY addExpr DONE addExpr
  ast::ExprPtr Primary() {
    size_t start = pos_;
    uint32_t t = Type();
    switch (t) {
      case P::INT:
      case P::DECIMAL:
      case P::DATE:
      case P::STRING:
      case P::TRUE:
      case P::FALSE:
        return Literal();
      case P::LPAREN: {
        Next();
        ast::ExprPtr e = Expr();
        Expect(P::RPAREN);
        return e;
      }
      case P::LBRACKET: {
        Next();
        auto e = std::make_unique<ast::ListExpr>();
        if (!At(P::RBRACKET)) {
          e->elements.push_back(Expr());
          while (Accept(P::COMMA) && !At(P::RBRACKET)) e->elements.push_back(Expr());
        }
        Expect(P::RBRACKET);
        e->span = SpanFrom(start);
        Finish(*e, {MaxHeight(e->elements)});
        return e;
      }
      case P::ANY_OF:
        return Situations(ast::SituationsKind::kAny);
      case P::ALL_OF:
        return Situations(ast::SituationsKind::kAll);
      case P::AT_LEAST:
        return Situations(ast::SituationsKind::kAtLeast);
      case P::PER: {
        auto e = std::make_unique<ast::FrequencyExpr>();
        e->zh = ZhAt(pos_);
        Next();
        e->period = PostfixExpr();
        Expect(P::AT_LEAST);
        e->count = AddExpr();
        Expect(P::TIMES);
        e->list = PostfixExpr();
        Expect(P::AS);
        e->var = Id(ExpectIdent());
        Expect(P::DATED);
        e->date = AddExpr();
        if (Accept(P::WHERE)) e->filter = OrExpr();
        e->span = SpanFrom(start);
        Finish(*e, {HeightOf(e->period), HeightOf(e->count), HeightOf(e->list), HeightOf(e->date),
                    HeightOf(e->filter)});
        return e;
      }
      case P::BY: {
        auto e = std::make_unique<ast::DeadlineExpr>();
        e->zh = ZhAt(pos_);
        Next();
        e->deadline = AddExpr();
        Expect(P::DONE);
        e->done = AddExpr();
        e->span = SpanFrom(start);
        Finish(*e, {HeightOf(e->deadline), HeightOf(e->done)});
        return e;
      }
      default:
        break;
    }
    size_t name = ExpectIdent();
    if (Accept(P::LPAREN)) {
      auto e = std::make_unique<ast::CallExpr>();
      e->name = Id(name);
      Args(e->args);
      e->span = SpanFrom(start);
      Finish(*e, {MaxHeight(e->args)});
      return e;
    }
    auto e = std::make_unique<ast::NameExpr>();
    e->span = SpanAt(name);
    e->name = std::string(Text(name));
    return e;
  }

  // literal : number unit? | DATE | STRING | TRUE | FALSE ;  unit : ID | UNIT_SYM
  std::unique_ptr<ast::LiteralExpr> Literal() {
    size_t start = pos_;
    auto e = std::make_unique<ast::LiteralExpr>();
    switch (Type()) {
      case P::INT:
      case P::DECIMAL:
        e->literal_kind = At(P::DECIMAL) ? ast::LiteralKind::kDecimal : ast::LiteralKind::kInt;
        e->text = std::string(Text(Next()));
        if (At(P::ID) || At(P::UNIT_SYM)) {
          size_t u = Next();
          e->unit = std::string(Text(u));
          e->unit_span = SpanAt(u);
        }
        break;
      case P::DATE:
        e->literal_kind = ast::LiteralKind::kDate;
        e->text = std::string(Text(Next()));
        break;
      case P::STRING:
        e->literal_kind = ast::LiteralKind::kString;
        e->text = Unescape(Text(Next()));
        break;
      case P::TRUE:
      case P::FALSE:
        e->literal_kind = ast::LiteralKind::kBool;
        e->bool_value = At(P::TRUE);
        e->zh = ZhAt(pos_);
        Next();
        break;
      default:
        throw Decline{};
    }
    e->span = SpanFrom(start);
    return e;
  }

  const RawToken* tok_;
  size_t last_;  // index of the EOF token
  size_t pos_ = 0;
  uint32_t last_end_ = 0;
  uint32_t depth_ = 0;
  const std::string& text_;
  FileId file_;
};

}  // namespace

std::unique_ptr<ast::File> FastParse(const std::vector<RawToken>& tokens, const Source& source,
                                     FileId file) {
  if (tokens.empty() || tokens.back().type != kEofType) return nullptr;
  try {
    return Parser(tokens, source, file).File();
  } catch (const Decline&) {
    return nullptr;
  }
}

}  // namespace paicha::compiler::parse_internal
