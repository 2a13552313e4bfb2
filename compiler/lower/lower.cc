#include "lower/lower.h"

#include <filesystem>
#include <map>
#include <utility>

#include "ir/builder.h"
#include "paicha/rt/calendar.h"
#include "sema/types.h"

namespace paicha::compiler {
namespace {

using ir::Node;
using ir::NodeId;
using ir::Op;
using ir::Type;
using ir::TypeKind;
using sema::ExprInfo;
using sema::RefKind;

class Lowerer {
 public:
  Lowerer(const sema::SemaResult& r, const SourceManager& sources, DiagnosticSink& sink,
          ir::Program* p)
      : r_(r), sources_(sources), sink_(sink), p_(p), b_(p) {}

  void Run();

 private:
  NodeId L(const ast::Expr* e);
  NodeId Coerce(NodeId n, const Type& to, Span span);
  NodeId Make(Op op, Type t, std::vector<NodeId> operands, Span span, int64_t ival = 0) {
    Node n;
    n.op = op;
    n.type = t;
    n.operands = std::move(operands);
    n.ival = ival;
    n.span = span;
    return b_.Add(std::move(n));
  }
  NodeId And(NodeId a, NodeId b, Span span) {
    if (a == ir::kNoNode) return b;
    if (b == ir::kNoNode) return a;
    Type t =
        p_->nodes[a].type.kind == TypeKind::kVerdict || p_->nodes[b].type.kind == TypeKind::kVerdict
            ? Type::Verdict()
            : Type::Bool();
    return Make(Op::kAnd, t, {a, b}, span);
  }
  void Flatten(const ast::Expr* e, ast::BinaryOp op, std::vector<NodeId>* out);
  ir::SourcePos Pos(Span span) const;
  // Reports W0001/W0002 when `n` folded to a constant.
  void CheckConstant(NodeId n, Span span, bool applicability);
  std::optional<rt::Decimal> Number(const ast::Number& n) const {
    return rt::Decimal::Parse(n.text);
  }

  const sema::SemaResult& r_;
  const SourceManager& sources_;
  DiagnosticSink& sink_;
  ir::Program* p_;
  ir::Builder b_;
  std::map<std::vector<std::string>, int64_t> label_sets_;
};

ir::SourcePos Lowerer::Pos(Span span) const {
  ir::SourcePos pos;
  if (!span.valid() || span.file >= sources_.size()) return pos;
  const Source& src = sources_.Get(span.file);
  Location loc = src.LocationOf(span.begin);
  pos.file = src.name();
  pos.line = loc.line;
  pos.column = loc.column;
  return pos;
}

void Lowerer::CheckConstant(NodeId n, Span span, bool applicability) {
  if (n == ir::kNoNode) return;
  const Node& node = p_->nodes[n];
  if (node.op != Op::kConstBool) return;
  if (applicability && node.ival == 0) {
    sink_.Report(DiagKind::kNeverApplies, span);
    return;
  }
  sink_.Report(DiagKind::kConstantCondition, span,
               {DiagArg{"value", std::string(node.ival ? "true" : "false")}});
}

NodeId Lowerer::Coerce(NodeId n, const Type& to, Span span) {
  const Type from = p_->nodes[n].type;
  if (from == to || to.kind == TypeKind::kError) return n;
  if (from.is_truth() && to.is_truth()) return n;  // bool is a subset of verdict
  if (from.kind == TypeKind::kInt && to.kind == TypeKind::kDecimal) {
    return Make(Op::kIntToDecimal, Type::Dec(), {n}, span);
  }
  const bool to_unit = to.kind == TypeKind::kQuantity || to.kind == TypeKind::kDuration;
  if (!to_unit) return n;  // sema guarantees no other coercion is needed
  rt::UnitId from_unit = from.unit;
  if (from.kind == TypeKind::kInt) {
    n = Make(Op::kIntToDecimal, Type::Dec(), {n}, span);
    from_unit = rt::UnitId::kOne;
  } else if (from.kind == TypeKind::kDecimal) {
    from_unit = rt::UnitId::kOne;
  }
  auto factor = sema::ConversionFactor(from_unit, to.unit);
  Node c;
  c.op = Op::kConvertUnit;
  c.type = to;
  c.operands = {n};
  c.ival = static_cast<int64_t>(from_unit);
  c.dval = factor ? *factor : rt::Decimal::FromInt(1);
  c.span = span;
  return b_.Add(std::move(c));
}

void Lowerer::Flatten(const ast::Expr* e, ast::BinaryOp op, std::vector<NodeId>* out) {
  // Iterative over the left spine (a 且 b 且 c parses as ((a 且 b) 且 c)).
  std::vector<const ast::Expr*> rights;
  const ast::Expr* cur = e;
  while (true) {
    const auto* b = cur->As<ast::BinaryExpr>();
    if (!b || b->op != op) break;
    rights.push_back(b->rhs.get());
    cur = b->lhs.get();
  }
  out->push_back(L(cur));
  for (size_t i = rights.size(); i-- > 0;) {
    const auto* b = rights[i]->As<ast::BinaryExpr>();
    if (b && b->op == op) {
      Flatten(rights[i], op, out);
    } else {
      out->push_back(L(rights[i]));
    }
  }
}

NodeId Lowerer::L(const ast::Expr* e) {
  const ExprInfo& info = r_.info(e);
  const Span span = e->span;
  switch (e->kind) {
    case ast::ExprKind::kLiteral: {
      const auto& lit = e->Cast<ast::LiteralExpr>();
      Node n;
      n.type = info.type;
      n.span = span;
      switch (lit.literal_kind) {
        case ast::LiteralKind::kInt:
        case ast::LiteralKind::kDecimal:
          if (info.type.kind == TypeKind::kInt) {
            n.op = Op::kConstInt;
            n.ival = info.number.ToInt64().value_or(0);
          } else {
            n.op = Op::kConstDecimal;
            n.dval = info.number;
          }
          break;
        case ast::LiteralKind::kDate:
          n.op = Op::kConstDate;
          n.ival = info.date_days;
          break;
        case ast::LiteralKind::kString:
          n.op = Op::kConstText;
          n.sval = lit.text;
          break;
        case ast::LiteralKind::kBool:
          n.op = Op::kConstBool;
          n.ival = lit.bool_value ? 1 : 0;
          break;
      }
      return b_.Add(std::move(n));
    }
    case ast::ExprKind::kName: {
      const auto& name = e->Cast<ast::NameExpr>();
      Node n;
      n.type = info.type;
      n.span = span;
      n.ival = info.index;
      switch (info.ref) {
        case RefKind::kField: {
          NodeId in = Make(Op::kInput, Type::Record(r_.schema.root), {}, span);
          n.op = Op::kField;
          n.operands = {in};
          n.sval = name.name;
          break;
        }
        case RefKind::kLet:
          n.op = Op::kLet;
          break;
        case RefKind::kVar:
          n.op = Op::kVar;
          break;
        case RefKind::kEnumMember:
          n.op = Op::kConstEnum;
          break;
        case RefKind::kPeriod:
          n.op = Op::kConstPeriod;
          break;
        case RefKind::kBuiltin: {
          static const Op kOps[] = {Op::kReportDate, Op::kPeriodStart,  Op::kScore,
                                    Op::kMajorCount, Op::kGeneralCount, Op::kNonconformCount};
          n.op = kOps[info.index];
          n.ival = 0;
          break;
        }
        case RefKind::kNone:
          break;
      }
      return b_.Add(std::move(n));
    }
    case ast::ExprKind::kMember: {
      const auto& m = e->Cast<ast::MemberExpr>();
      Node n;
      n.op = Op::kField;
      n.type = info.type;
      n.operands = {L(m.base.get())};
      n.ival = info.index;
      n.sval = m.name.name;
      n.span = span;
      return b_.Add(std::move(n));
    }
    case ast::ExprKind::kCall: {
      const auto& c = e->Cast<ast::CallExpr>();
      return Make(Op::kSize, info.type, {L(c.args[0].get())}, span);
    }
    case ast::ExprKind::kMethodCall: {
      const auto& m = e->Cast<ast::MethodCallExpr>();
      NodeId recv = L(m.receiver.get());
      if (info.op == Op::kSize) return Make(Op::kSize, info.type, {recv}, span);
      if (info.op == Op::kMatches) {
        Node n;
        n.op = Op::kMatches;
        n.type = info.type;
        n.operands = {recv};
        n.sval = m.args[0]->Cast<ast::LiteralExpr>().text;
        n.span = span;
        return b_.Add(std::move(n));
      }
      if (info.op == Op::kStartsWith || info.op == Op::kContains) {
        return Make(info.op, info.type, {recv, L(m.args[0].get())}, span);
      }
      return Make(info.op, info.type, {recv, L(m.args[1].get())}, span, info.slot);
    }
    case ast::ExprKind::kIndex: {
      const auto& ix = e->Cast<ast::IndexExpr>();
      return Make(Op::kIndex, info.type, {L(ix.base.get()), L(ix.index.get())}, span);
    }
    case ast::ExprKind::kUnary: {
      const auto& u = e->Cast<ast::UnaryExpr>();
      return Make(info.op, info.type, {L(u.operand.get())}, span);
    }
    case ast::ExprKind::kBinary: {
      const auto& b = e->Cast<ast::BinaryExpr>();
      switch (b.op) {
        case ast::BinaryOp::kAnd:
        case ast::BinaryOp::kOr: {
          std::vector<NodeId> ops;
          Flatten(e, b.op, &ops);
          return Make(info.op, info.type, std::move(ops), span);
        }
        case ast::BinaryOp::kIn:
        case ast::BinaryOp::kNotIn: {
          std::vector<NodeId> ops = {Coerce(L(b.lhs.get()), info.operand_type, b.lhs->span)};
          for (const auto& el : b.rhs->Cast<ast::ListExpr>().elements) {
            ops.push_back(Coerce(L(el.get()), info.operand_type, el->span));
          }
          return Make(info.op, info.type, std::move(ops), span);
        }
        case ast::BinaryOp::kAdd:
        case ast::BinaryOp::kSub:
          if (info.type.kind == TypeKind::kDate) {
            const ast::Expr* date = info.index == 1 ? b.rhs.get() : b.lhs.get();
            const ast::Expr* dur = info.index == 1 ? b.lhs.get() : b.rhs.get();
            rt::UnitId base = rt::BaseUnit(rt::DimensionOf(info.operand_type.unit));
            NodeId d = Coerce(L(dur), Type::Duration(base), dur->span);
            if (b.op == ast::BinaryOp::kSub) d = Make(Op::kNeg, Type::Duration(base), {d}, span);
            Op op = base == rt::UnitId::kDay ? Op::kAddDays : Op::kAddMonths;
            return Make(op, Type::Date(), {L(date), d}, span);
          }
          [[fallthrough]];
        default: {
          if (b.op == ast::BinaryOp::kMul || b.op == ast::BinaryOp::kDiv) {
            const bool plain_result =
                info.type.kind == TypeKind::kInt || info.type.kind == TypeKind::kDecimal;
            if (!plain_result) {
              // A quantity scaled by a plain number: the quantity first, the number decimal.
              const ast::Expr* q = info.index == 1 ? b.rhs.get() : b.lhs.get();
              const ast::Expr* k = info.index == 1 ? b.lhs.get() : b.rhs.get();
              return Make(info.op, info.type, {L(q), Coerce(L(k), Type::Dec(), k->span)}, span);
            }
          }
          NodeId l = Coerce(L(b.lhs.get()), info.operand_type, b.lhs->span);
          NodeId rr = Coerce(L(b.rhs.get()), info.operand_type, b.rhs->span);
          return Make(info.op, info.type, {l, rr}, span);
        }
      }
    }
    case ast::ExprKind::kConditional: {
      const auto& c = e->Cast<ast::ConditionalExpr>();
      NodeId cond = L(c.cond.get());
      NodeId t = Coerce(L(c.then_expr.get()), info.operand_type, c.then_expr->span);
      NodeId f = Coerce(L(c.else_expr.get()), info.operand_type, c.else_expr->span);
      return Make(Op::kCond, info.type, {cond, t, f}, span);
    }
    case ast::ExprKind::kList:
      return b_.Bool(false, span);  // unreachable: sema rejects lists outside 属于
    case ast::ExprKind::kSituations: {
      const auto& s = e->Cast<ast::SituationsExpr>();
      std::vector<NodeId> ops;
      if (s.count) ops.push_back(L(s.count.get()));
      std::vector<std::string> labels;
      for (const auto& alt : s.alternatives) {
        ops.push_back(L(alt.expr.get()));
        labels.push_back(alt.label ? alt.label->value : "");
      }
      auto [it, fresh] =
          label_sets_.emplace(labels, static_cast<int64_t>(p_->situation_labels.size()));
      if (fresh) p_->situation_labels.push_back(labels);
      // Situations are not folded: the report names which ones held.
      Node n;
      n.op = info.op;
      n.type = info.type;
      n.operands = std::move(ops);
      n.ival = it->second;
      n.span = span;
      return b_.Add(std::move(n));
    }
    case ast::ExprKind::kFrequency: {
      const auto& f = e->Cast<ast::FrequencyExpr>();
      std::vector<NodeId> ops = {L(f.period.get()), L(f.count.get()), L(f.list.get()),
                                 L(f.date.get())};
      if (f.filter) ops.push_back(L(f.filter.get()));
      return Make(Op::kFrequency, info.type, std::move(ops), span, info.slot);
    }
    case ast::ExprKind::kDeadline: {
      const auto& d = e->Cast<ast::DeadlineExpr>();
      return Make(Op::kDeadline, info.type, {L(d.deadline.get()), L(d.done.get())}, span);
    }
  }
  return b_.Bool(false, span);
}

void Lowerer::Run() {
  p_->schema = r_.schema;
  // File names are kept relative to the root file's directory, so the image (and its content
  // hash) does not depend on the directory the compiler was run from.
  const std::filesystem::path root_dir =
      sources_.size() > 0 ? std::filesystem::path(sources_.Get(0).name()).parent_path()
                          : std::filesystem::path();
  for (size_t i = 0; i < sources_.size(); ++i) {
    const std::filesystem::path name(sources_.Get(static_cast<FileId>(i)).name());
    std::filesystem::path rel = name.lexically_relative(root_dir);
    if (rel.empty()) rel = name;
    p_->files.push_back(rel.generic_string());
  }
  // Meta.
  if (r_.root && r_.root->header) {
    const ast::Header& h = *r_.root->header;
    ir::Meta& m = p_->meta;
    m.is_module = h.is_module;
    m.title = h.title.value;
    if (h.issuer) m.issuer = h.issuer->value.value;
    if (h.docno) m.docno = h.docno->value.value;
    if (h.version) m.version = h.version->value.value;
    if (h.supersedes) m.supersedes = h.supersedes->value.value;
    if (h.issued) m.issued = rt::Date::Parse(h.issued->text);
    if (h.effective) m.effective = rt::Date::Parse(h.effective->text);
    if (h.applies) {
      m.applies = L(h.applies->expr.get());
      CheckConstant(m.applies, h.applies->span, true);
    }
  } else {
    p_->meta.is_module = true;
  }
  // Lets, in dependency order.
  for (const sema::LetInfo& l : r_.lets) {
    ir::Let let;
    let.name = l.name;
    let.type = l.type;
    let.span = l.decl->name.span;
    let.section = l.section;
    let.value = L(l.decl->expr.get());
    p_->lets.push_back(std::move(let));
  }
  // Sections: combined applicability (header ∧ parents ∧ own).
  std::vector<NodeId> combined(r_.sections.size(), ir::kNoNode);
  for (size_t i = 0; i < r_.sections.size(); ++i) {
    const sema::SectionInfo& si = r_.sections[i];
    const ast::Section& s = *si.decl;
    ir::Section sec;
    sec.id = s.number ? s.number->name : "";
    sec.title = s.title.value;
    sec.parent = si.parent;
    sec.explain = s.explain ? s.explain->value.value : "";
    if (s.points) sec.points = Number(s.points->value);
    sec.pos = Pos(s.span);
    NodeId outer = si.parent >= 0 ? combined[si.parent] : p_->meta.applies;
    NodeId own = ir::kNoNode;
    if (s.applies) {
      own = L(s.applies->expr.get());
      CheckConstant(own, s.applies->span, true);
    }
    combined[i] = And(outer, own, s.span);
    sec.applies = combined[i];
    p_->sections.push_back(std::move(sec));
  }
  for (const sema::ItemInfo& ii : r_.items) {
    const ast::Item& it = *ii.decl;
    ir::Item item;
    item.id = it.id.name;
    item.title = it.title.value;
    item.clause = it.clause ? it.clause->value.value : "";
    if (it.level) {
      item.level = it.level->value == ast::Level::kMajor     ? ir::Level::kMajor
                   : it.level->value == ast::Level::kGeneral ? ir::Level::kGeneral
                                                             : ir::Level::kNonconformity;
    }
    NodeId outer = ii.section >= 0 ? combined[ii.section] : p_->meta.applies;
    NodeId own = ir::kNoNode;
    if (it.applies) {
      own = L(it.applies->expr.get());
      CheckConstant(own, it.applies->span, true);
    }
    item.applies = And(outer, own, it.span);
    if (it.when) {
      item.condition = L(it.when->expr.get());
      CheckConstant(item.condition, it.when->span, false);
    }
    item.explain = it.explain ? it.explain->value.value : "";
    item.remedy = it.remedy ? it.remedy->value.value : "";
    if (it.deadline && it.deadline->value) {
      const ExprInfo* di = r_.find(it.deadline->value.get());
      if (di && di->type.kind == TypeKind::kDuration) {
        item.deadline_amount = di->number;
        item.deadline_unit = di->type.unit;
      }
    }
    if (it.points) item.points = Number(it.points->value);
    if (it.deduct) {
      ir::Deduct d;
      d.amount = Number(it.deduct->amount).value_or(rt::Decimal());
      if (it.deduct->per) d.per = L(it.deduct->per.get());
      if (it.deduct->cap) d.cap = Number(*it.deduct->cap);
      item.deduct = d;
    }
    item.veto = it.veto.has_value();
    if (it.unverified) {
      item.unverified = true;
      item.unverified_reason = it.unverified->reason ? it.unverified->reason->value : "";
    }
    item.section = ii.section;
    item.span = it.span;
    item.pos = Pos(it.span);
    p_->items.push_back(std::move(item));
  }
  for (const ast::GradesDecl* g : {r_.grades, r_.colours}) {
    if (!g) continue;
    auto& out = g->colours ? p_->colours : p_->grades;
    for (const auto& rule : g->rules) {
      ir::GradeRule gr;
      gr.name = rule.name.value;
      if (rule.expr) gr.when = L(rule.expr.get());
      out.push_back(std::move(gr));
    }
  }
}

}  // namespace

std::shared_ptr<ir::Program> Lower(const sema::SemaResult& checked, const SourceManager& sources,
                                   DiagnosticSink& sink) {
  auto program = std::make_shared<ir::Program>();
  Lowerer lowerer(checked, sources, sink, program.get());
  lowerer.Run();
  return program;
}

}  // namespace paicha::compiler
