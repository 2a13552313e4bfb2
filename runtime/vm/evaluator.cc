// Evaluator: loads images and turns one Machine run per submission into an rt::Result (item
// statuses, explanations, scores, grades). Scoring rules are documented in evaluator.h.
#include "paicha/rt/evaluator.h"

#include <algorithm>

#include "machine.h"
#include "paicha/rt/gen_support.h"
#include "plan.h"

namespace paicha::rt {

using vm_internal::Ext;
using vm_internal::Machine;
using vm_internal::Slot;
using vm_internal::TV;

Evaluator::Evaluator(std::shared_ptr<const Program> p)
    : program_(std::move(p)),
      stack_bound_(Machine::StackBound(*program_)),
      plans_(vm_internal::Plans::Build(*program_)),
      id_(vm_internal::NewRulebookId()) {}

std::unique_ptr<Evaluator> Evaluator::Load(std::string_view image_bytes, ImageError* error) {
  auto p = ReadImage(image_bytes, error);
  if (!p) return nullptr;
  return std::unique_ptr<Evaluator>(new Evaluator(std::move(p)));
}

std::unique_ptr<Evaluator> Evaluator::LoadFile(const std::string& path, ImageError* error) {
  auto p = ReadImageFile(path, error);
  if (!p) return nullptr;
  return std::unique_ptr<Evaluator>(new Evaluator(std::move(p)));
}

std::unique_ptr<Evaluator> Evaluator::FromProgram(std::shared_ptr<const Program> program) {
  if (!program) return nullptr;
  return std::unique_ptr<Evaluator>(new Evaluator(std::move(program)));
}

namespace {

std::string Text(const Decimal& d) { return d.ToString(); }

Decimal AddOr(const Decimal& a, const Decimal& b) {
  // Points are small (a checklist totals a few hundred); an overflow would need a corrupt image,
  // and then saturating keeps the result defined.
  auto r = Decimal::Add(a, b);
  return r ? *r : a;
}
Decimal SubFloor0(const Decimal& a, const Decimal& b) {
  auto r = Decimal::Sub(a, b);
  if (!r || r->Sign() < 0) return Decimal();
  return *r;
}

// earned / max × 100 rounded half up to 1 place, exactly (no double rounding): computes
// round(earned × 1000 / max) / 10 in 128-bit integers.
std::optional<Decimal> Score(const Decimal& earned, const Decimal& max) {
  if (max.Sign() <= 0 || earned.Sign() < 0) return std::nullopt;
  const int s = std::max(earned.scale(), max.scale());
  __extension__ typedef __int128 i128;
  i128 a = earned.coefficient(), b = max.coefficient();
  for (int i = earned.scale(); i < s; ++i) a *= 10;
  for (int i = max.scale(); i < s; ++i) b *= 10;
  // a, b < 2^63 * 10^18 < 2^123: a * 2000 would overflow only for absurd point totals.
  if (a > (static_cast<i128>(1) << 115)) return std::nullopt;
  const i128 q = (a * 2000 + b) / (2 * b);  // round half up
  if (q > INT64_MAX) return std::nullopt;
  return Decimal::Make(static_cast<int64_t>(q), 1);
}

struct ItemScore {
  bool scored = false;
  bool counted = false;  // applicable for scoring (not 不适用 / 未到期)
  Decimal max, lost;
};

// The status of an item whose applicability `t` is not true.
ItemStatus StatusNotApplying(TV t) {
  return t == TV::kFalse ? ItemStatus::kNotApplicable
         : IsNotDue(t)   ? ItemStatus::kNotDue
                         : ItemStatus::kUndetermined;
}

// The status of an applicable item whose condition is `t`.
ItemStatus StatusOfCondition(TV t, Level level) {
  switch (t) {
    case TV::kTrue:
      return vm_internal::FindingOf(level);
    case TV::kFalse:
      return ItemStatus::kCompliant;
    case TV::kNotDue:
    case TV::kNotDueFalse:
      return ItemStatus::kNotDue;
    case TV::kUnknown:
      break;
  }
  return ItemStatus::kUndetermined;
}

// The status of one item (applicability, then condition); *decided receives the value that
// decided it (for explanations). Situations recorded by the condition are left in m.situations().
ItemStatus DecideItem(Machine& m, const ItemDecl& it, Slot* decided) {
  m.situations().clear();
  if (it.applies != kNoSegment) {
    *decided = m.Run(it.applies);
    const TV t = Machine::TruthOf(*decided);
    if (t != TV::kTrue) {
      m.situations().clear();  // only the condition's situations are reported
      return StatusNotApplying(t);
    }
    m.situations().clear();
  }
  *decided = m.Run(it.condition);
  return StatusOfCondition(Machine::TruthOf(*decided), it.level);
}

}  // namespace

void Evaluator::EvaluateStatuses(const Facts& facts, const EvalOptions& options,
                                 std::vector<ItemStatus>* statuses) const {
  if (plans_ != nullptr) {
    plans_->Statuses(facts, options, stack_bound_, statuses);
    return;
  }
  vm_internal::EvaluateProgramStatuses(*program_, nullptr, stack_bound_, facts, options, statuses);
}

PreparedFacts Evaluator::Prepare(const Facts& facts) const {
  if (plans_ == nullptr) return PreparedFacts(facts);
  const vm_internal::PSlot* slots = nullptr;
  Arena arena =
      vm_internal::PrepareInOneBlock([&](Arena& a) { return plans_->Prepare(facts, &a); }, &slots);
  if (slots == nullptr) return PreparedFacts(facts);
  return PreparedFacts(facts, id_, std::move(arena), slots, !plans_->prepared_only());
}

void Evaluator::EvaluateStatuses(const PreparedFacts& prepared, const EvalOptions& options,
                                 std::vector<ItemStatus>* statuses) const {
  if (plans_ == nullptr || prepared.owner() != id_) {
    EvaluateStatuses(prepared.facts(), options, statuses);
    return;
  }
  plans_->Statuses(prepared.facts(), static_cast<const vm_internal::PSlot*>(prepared.shaped()),
                   prepared.report_date(), options, stack_bound_, statuses);
}

Result Evaluator::Evaluate(const Facts& facts, const EvalOptions& options) const {
  return vm_internal::EvaluateProgram(*program_, nullptr, stack_bound_, facts, options);
}

namespace vm_internal {

void EvaluateProgramStatuses(const Program& p, const gen::SegmentFn* compiled, size_t stack_bound,
                             const Facts& facts, const EvalOptions& options,
                             std::vector<ItemStatus>* statuses) {
  const std::optional<Date> report =
      options.report_date ? options.report_date : facts.report_date();
  Machine m(p, facts, report, /*trace=*/false, stack_bound);
  m.set_compiled(compiled);
  m.set_max_loop_steps(options.max_loop_steps);
  m.EvalLets();
  statuses->resize(p.items.size());
  // DecideItem without explanations (trace is off, so no situations): only truth classes, no
  // Slot copies.
  for (size_t i = 0; i < p.items.size(); ++i) {
    const ItemDecl& it = p.items[i];
    const TV applies = it.applies != kNoSegment ? m.RunTruth(it.applies) : TV::kTrue;
    (*statuses)[i] = applies != TV::kTrue ? StatusNotApplying(applies)
                                          : StatusOfCondition(m.RunTruth(it.condition), it.level);
  }
}

Result EvaluateProgram(const Program& p, const gen::SegmentFn* compiled, size_t stack_bound,
                       const Facts& facts, const EvalOptions& options) {
  const std::optional<Date> report =
      options.report_date ? options.report_date : facts.report_date();
  Machine m(p, facts, report, options.trace, stack_bound);
  m.set_compiled(compiled);
  m.set_max_loop_steps(options.max_loop_steps);
  m.EvalLets();

  Result res;
  res.rulebook_title = p.meta.title;
  res.rulebook_version = p.meta.version;
  res.content_hash = p.content_hash;
  if (report) res.report_date = report->ToString();
  {
    const RecordDef& root = p.schema.root_record();
    const int32_t f = root.FindField("单位名称");
    if (f >= 0 && static_cast<uint32_t>(f) < facts.root().field_count &&
        facts.root().field(f).kind() == ValueKind::kText) {
      res.subject = std::string(facts.root().field(f).as_text());
    }
  }

  // Sections' applicability (for scoring).
  std::vector<TV> section_applies(p.sections.size(), TV::kTrue);
  for (size_t s = 0; s < p.sections.size(); ++s) {
    if (p.sections[s].applies != kNoSegment) {
      section_applies[s] = Machine::TruthOf(m.Run(p.sections[s].applies));
    }
  }

  std::vector<ItemScore> scores(p.items.size());
  bool veto = false;
  res.items.reserve(p.items.size());
  for (size_t i = 0; i < p.items.size(); ++i) {
    const ItemDecl& it = p.items[i];
    ItemResult ir;
    ir.id = it.id;
    ir.title = it.title;
    ir.clause = it.clause;
    ir.section_id = it.section >= 0 ? p.sections[static_cast<size_t>(it.section)].id : "";
    ir.unverified = it.unverified;
    ir.explanation = it.explain;
    ir.remedy = it.remedy;

    Slot decided;
    ir.status = DecideItem(m, it, &decided);
    if (options.trace && !m.situations().empty()) ir.situations = std::move(m.situations());
    if (ir.status == ItemStatus::kNotDue && decided.until != INT32_MIN) {
      if (auto d = Date::FromDays(decided.until)) ir.not_due_until = d->ToString();
    }
    if (options.trace) {
      ir.facts = m.FactsOf(decided.facts);
      if (ir.status == ItemStatus::kUndetermined) ir.missing = m.MissingOf(decided.missing);
    }
    const bool finding = IsFinding(ir.status);
    if (finding && it.deadline_amount && report) {
      if (auto d = AddDuration(*report, *it.deadline_amount, it.deadline_unit)) {
        ir.deadline = d->ToString();
      }
    }

    // Scoring.
    ItemScore& sc = scores[i];
    if (it.points || it.has_deduct) {
      sc.scored = true;
      sc.max = it.points ? *it.points : it.deduct_cap ? *it.deduct_cap : it.deduct_amount;
      sc.counted = ir.status != ItemStatus::kNotApplicable && ir.status != ItemStatus::kNotDue;
      if (finding) {
        if (it.has_deduct) {
          int64_t n = 1;
          if (it.deduct_per != kNoSegment) {
            Slot c = m.Run(it.deduct_per);
            if (c.v.kind() == ValueKind::kInt) n = std::max<int64_t>(c.v.as_int(), 0);
          }
          auto lost = Decimal::Mul(it.deduct_amount, Decimal::FromInt(n));
          const Decimal cap = it.deduct_cap ? *it.deduct_cap : sc.max;
          sc.lost = !lost || *lost > cap ? cap : *lost;
        } else {
          sc.lost = sc.max;
        }
      } else if (ir.status == ItemStatus::kUndetermined) {
        sc.lost = sc.max;
      }
      ir.points = Text(sc.max);
      if (sc.counted) ir.deducted = Text(sc.lost);
      if (finding && it.veto) {
        ir.veto = true;
        veto = true;
      }
    } else if (finding && it.veto) {
      ir.veto = true;
      veto = true;
    }

    switch (ir.status) {
      case ItemStatus::kMajor:
        ++res.summary.major;
        break;
      case ItemStatus::kGeneral:
        ++res.summary.general;
        break;
      case ItemStatus::kNonconforming:
        ++res.summary.nonconforming;
        break;
      case ItemStatus::kCompliant:
        ++res.summary.compliant;
        break;
      case ItemStatus::kNotApplicable:
        ++res.summary.not_applicable;
        break;
      case ItemStatus::kNotDue:
        ++res.summary.not_due;
        break;
      case ItemStatus::kUndetermined:
        ++res.summary.undetermined;
        break;
    }
    res.items.push_back(std::move(ir));
  }

  // Sections bottom-up (a parent's index is below its children's, so walk backwards).
  const size_t ns = p.sections.size();
  struct Agg {
    bool scored = false;
    Decimal full, na, lost;    // full/na/lost points inside
    bool any_counted = false;  // some scored item inside applies
    Decimal app_max, earned;
    int findings = 0, undetermined = 0;
  };
  std::vector<Agg> agg(ns);
  Agg top;
  for (size_t i = 0; i < p.items.size(); ++i) {
    const ItemScore& sc = scores[i];
    const int32_t s = p.items[i].section;
    Agg& a = s >= 0 ? agg[static_cast<size_t>(s)] : top;
    if (sc.scored) {
      a.scored = true;
      a.full = AddOr(a.full, sc.max);
      if (sc.counted) {
        a.any_counted = true;
        a.lost = AddOr(a.lost, sc.lost);
      } else {
        a.na = AddOr(a.na, sc.max);
      }
    }
    for (int32_t k = s; k >= 0; k = p.sections[static_cast<size_t>(k)].parent) {
      if (IsFinding(res.items[i].status)) ++agg[static_cast<size_t>(k)].findings;
      if (res.items[i].status == ItemStatus::kUndetermined)
        ++agg[static_cast<size_t>(k)].undetermined;
    }
  }
  for (size_t k = ns; k-- > 0;) {
    Agg& a = agg[k];
    const SectionDecl& sd = p.sections[k];
    if (sd.points) {
      a.scored = true;
      a.full = *sd.points;
    }
    const bool applies = section_applies[k] == TV::kTrue && (a.any_counted || !a.scored);
    a.app_max = applies ? SubFloor0(a.full, a.na) : Decimal();
    a.earned = SubFloor0(a.app_max, a.lost);
    Agg& parent = sd.parent >= 0 ? agg[static_cast<size_t>(sd.parent)] : top;
    if (a.scored) {
      parent.scored = true;
      // A parent's full is the sum of its parts unless it declares 满分 (overridden above
      // when the parent itself is processed).
      parent.full = AddOr(parent.full, a.full);
      if (a.app_max.Sign() > 0) {
        parent.any_counted = true;
        parent.lost = AddOr(parent.lost, SubFloor0(a.app_max, a.earned));
      }
      parent.na = AddOr(parent.na, SubFloor0(a.full, a.app_max));
    }
  }
  res.sections.reserve(ns);
  for (size_t k = 0; k < ns; ++k) {
    SectionResult sr;
    sr.id = p.sections[k].id;
    sr.title = p.sections[k].title;
    if (agg[k].scored) {
      sr.max_points = Text(agg[k].app_max);
      sr.earned_points = Text(agg[k].earned);
    }
    sr.findings = agg[k].findings;
    sr.undetermined = agg[k].undetermined;
    res.sections.push_back(std::move(sr));
  }

  Slot summary[4];
  if (top.scored) {
    const Decimal max = SubFloor0(top.full, top.na);
    const Decimal earned = SubFloor0(max, top.lost);
    if (auto sc = Score(earned, max)) {
      res.summary.score = sc->ToString();
      summary[0].v = Value::FromDecimal(*sc);
    }
  }
  summary[1].v = Value::Int(res.summary.major);
  summary[2].v = Value::Int(res.summary.general);
  summary[3].v = Value::Int(res.summary.nonconforming);
  m.set_summary(summary);
  auto first_rule = [&](const std::vector<GradeDecl>& rules) -> std::string {
    for (const GradeDecl& g : rules) {
      if (g.segment == kNoSegment || Machine::TruthOf(m.Run(g.segment)) == TV::kTrue) {
        return g.name;
      }
    }
    return "";
  };
  res.summary.grade = first_rule(p.grades);
  if (veto && !p.grades.empty()) res.summary.grade = p.grades.back().name;
  res.summary.colour = first_rule(p.colours);
  return res;
}

}  // namespace vm_internal

// ---- The CompiledRulebook interface (gen_support.h) ---------------------------------------------

namespace {

class VmRulebookImpl final : public CompiledRulebook {
 public:
  explicit VmRulebookImpl(std::unique_ptr<Evaluator> ev) : ev_(std::move(ev)) {}
  const Schema& schema() const override { return ev_->schema(); }
  const ProgramMeta& meta() const override { return ev_->meta(); }
  const std::string& content_hash() const override { return ev_->content_hash(); }
  Result Evaluate(const Facts& facts, const EvalOptions& options) const override {
    return ev_->Evaluate(facts, options);
  }
  void EvaluateStatuses(const Facts& facts, const EvalOptions& options,
                        std::vector<ItemStatus>* statuses) const override {
    ev_->EvaluateStatuses(facts, options, statuses);
  }
  PreparedFacts Prepare(const Facts& facts) const override { return ev_->Prepare(facts); }
  void EvaluateStatuses(const PreparedFacts& prepared, const EvalOptions& options,
                        std::vector<ItemStatus>* statuses) const override {
    ev_->EvaluateStatuses(prepared, options, statuses);
  }

 private:
  std::unique_ptr<Evaluator> ev_;
};

}  // namespace

std::unique_ptr<CompiledRulebook> VmRulebook(std::unique_ptr<Evaluator> evaluator) {
  if (!evaluator) return nullptr;
  return std::make_unique<VmRulebookImpl>(std::move(evaluator));
}

// Generated evaluators (gen::MakeCompiledRulebook): generated.cc.

}  // namespace paicha::rt
