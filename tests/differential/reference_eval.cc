// The reference evaluator (reference_eval.h): a recursive walk over the IR, written from the
// semantics text. See the header for what it covers and what it leaves out.
#include "reference_eval.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "paicha/rt/decimal.h"
#include "paicha/rt/units.h"
#include "paicha/rt/value.h"

namespace paicha::difftest {
namespace {

namespace ir = compiler::ir;
using ir::Op;
using rt::Decimal;

__extension__ typedef __int128 Int128;

// A run-time value of the reference evaluator. Plain and copyable; lists are copied.
struct RVal {
  enum class K : uint8_t {
    kUnknown,  // missing data (or an operation that cannot give an exact answer)
    kNotDue,   // a deadline not yet reached, reported as 未到期; `b`: its value so far
    kBool,
    kNum,  // int, decimal, quantity, duration: the number in the node's unit
    kText,
    kDate,
    kEnum,    // member index in `i`
    kPeriod,  // rt::PeriodKind in `i`
    kRecord,
    kList,
    kBounded,  // a count or ratio known to lie in [lo/den, hi/den]
  };
  K k = K::kUnknown;
  bool b = false;
  Decimal num;
  std::string text;
  rt::Date date;
  int64_t i = 0;
  const rt::RecordValue* rec = nullptr;
  std::vector<const rt::RecordValue*> list;
  int64_t lo = 0, hi = 0, den = 1;

  static RVal Unknown() { return RVal(); }
  static RVal NotDue(bool so_far) {
    RVal v;
    v.k = K::kNotDue;
    v.b = so_far;
    return v;
  }
  static RVal Bool(bool x) {
    RVal v;
    v.k = K::kBool;
    v.b = x;
    return v;
  }
  static RVal Num(const Decimal& d) {
    RVal v;
    v.k = K::kNum;
    v.num = d;
    return v;
  }
  static RVal Num(std::optional<Decimal> d) { return d ? Num(*d) : Unknown(); }
  static RVal DateV(std::optional<rt::Date> d) {
    if (!d) return Unknown();
    RVal v;
    v.k = K::kDate;
    v.date = *d;
    return v;
  }
  static RVal Record(const rt::RecordValue* r) {
    RVal v;
    v.k = K::kRecord;
    v.rec = r;
    return v;
  }
};
using K = RVal::K;

// Truth classes of a value used as a condition: not due with its value so far (holds: kNotDue,
// fails: kNotDueFalse).
enum class TV { kFalse, kTrue, kUnknown, kNotDue, kNotDueFalse };

TV Truth(const RVal& v) {
  if (v.k == K::kBool) return v.b ? TV::kTrue : TV::kFalse;
  if (v.k == K::kNotDue) return v.b ? TV::kNotDue : TV::kNotDueFalse;
  return TV::kUnknown;
}

bool IsNotDue(TV t) { return t == TV::kNotDue || t == TV::kNotDueFalse; }

RVal FromTruth(TV t) {
  switch (t) {
    case TV::kFalse:
      return RVal::Bool(false);
    case TV::kTrue:
      return RVal::Bool(true);
    case TV::kNotDue:
      return RVal::NotDue(true);
    case TV::kNotDueFalse:
      return RVal::NotDue(false);
    case TV::kUnknown:
      break;
  }
  return RVal::Unknown();
}

// A three-valued (false / true / unknown) combination of a list of operands.
using Kleene3 = std::function<TV(const std::vector<TV>&)>;

// The semantics text (evaluator.h, 通用判定口径 3): a not-due operand is not counted. `f` over
// the counted operands (not-due ones left out) decides when `f` over every operand, the not-due
// ones read as their value so far, gives the same; unknown when either reading is unknown
// (missing data is never hidden); otherwise — every operand not due, or the not-due ones would
// change the value — not due, with the value so far.
TV NotCounted(const std::vector<TV>& ts, const Kleene3& f) {
  std::vector<TV> counted, so_far;
  bool any_not_due = false;
  for (TV t : ts) {
    if (IsNotDue(t)) {
      any_not_due = true;
      so_far.push_back(t == TV::kNotDue ? TV::kTrue : TV::kFalse);
    } else {
      counted.push_back(t);
      so_far.push_back(t);
    }
  }
  const TV c = f(counted);
  if (!any_not_due) return c;
  const TV p = f(so_far);
  if (c == TV::kUnknown || p == TV::kUnknown) return TV::kUnknown;
  if (counted.empty() || c != p) return p == TV::kTrue ? TV::kNotDue : TV::kNotDueFalse;
  return c;
}

// Plain Kleene and/or over F/T/U.
TV And3(const std::vector<TV>& ts) {
  bool unknown = false;
  for (TV t : ts) {
    if (t == TV::kFalse) return TV::kFalse;
    if (t == TV::kUnknown) unknown = true;
  }
  return unknown ? TV::kUnknown : TV::kTrue;
}

TV Or3(const std::vector<TV>& ts) {
  bool unknown = false;
  for (TV t : ts) {
    if (t == TV::kTrue) return TV::kTrue;
    if (t == TV::kUnknown) unknown = true;
  }
  return unknown ? TV::kUnknown : TV::kFalse;
}

// At least `need` of F/T/U operands hold.
Kleene3 AtLeast3(const Decimal& need) {
  return [need](const std::vector<TV>& ts) {
    int64_t t = 0, u = 0;
    for (TV x : ts) {
      if (x == TV::kTrue) ++t;
      if (x == TV::kUnknown) ++u;
    }
    if (Decimal::FromInt(t) >= need) return TV::kTrue;
    if (Decimal::FromInt(t + u) < need) return TV::kFalse;
    return TV::kUnknown;
  };
}

// Exactly one of F/T/U operands holds.
TV ExactlyOne3(const std::vector<TV>& ts) {
  int64_t t = 0, u = 0;
  for (TV x : ts) {
    if (x == TV::kTrue) ++t;
    if (x == TV::kUnknown) ++u;
  }
  if (t >= 2) return TV::kFalse;
  if (u > 0) return TV::kUnknown;
  return t == 1 ? TV::kTrue : TV::kFalse;
}

TV KleeneAnd(const std::vector<TV>& ts) { return NotCounted(ts, And3); }
TV KleeneOr(const std::vector<TV>& ts) { return NotCounted(ts, Or3); }

TV KleeneNot(TV t) {
  switch (t) {
    case TV::kTrue:
      return TV::kFalse;
    case TV::kFalse:
      return TV::kTrue;
    case TV::kNotDue:
      return TV::kNotDueFalse;
    case TV::kNotDueFalse:
      return TV::kNotDue;
    case TV::kUnknown:
      break;
  }
  return TV::kUnknown;
}

RVal FromValue(const rt::Value& v) {
  RVal r;
  switch (v.kind()) {
    case rt::ValueKind::kMissing:
      return RVal::Unknown();
    case rt::ValueKind::kBool:
      return RVal::Bool(v.as_bool());
    case rt::ValueKind::kInt:
    case rt::ValueKind::kDecimal:
      return RVal::Num(v.as_number());
    case rt::ValueKind::kEnum:
      r.k = K::kEnum;
      r.i = v.as_enum();
      return r;
    case rt::ValueKind::kDate:
      return RVal::DateV(v.as_date());
    case rt::ValueKind::kText:
      r.k = K::kText;
      r.text = std::string(v.as_text());
      return r;
    case rt::ValueKind::kRecord:
      return RVal::Record(&v.as_record());
    case rt::ValueKind::kList:
      r.k = K::kList;
      for (const rt::RecordValue* e : v.as_list()) r.list.push_back(e);
      return r;
  }
  return RVal::Unknown();
}

// An exact rational p/q (q > 0), for comparing bounded counts and ratios with numbers.
struct Rational {
  Int128 p;
  Int128 q;
};

Int128 Pow10(int n) {
  Int128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

int CompareRational(const Rational& a, const Rational& b) {
  const Int128 l = a.p * b.q, r = b.p * a.q;
  return (l > r) - (l < r);
}

bool OrderHolds(Op op, int c) {
  switch (op) {
    case Op::kEq:
      return c == 0;
    case Op::kNe:
      return c != 0;
    case Op::kLt:
      return c < 0;
    case Op::kLe:
      return c <= 0;
    case Op::kGt:
      return c > 0;
    case Op::kGe:
      return c >= 0;
    default:
      return false;
  }
}

// A number as an interval of rationals [first, second].
bool Interval(const RVal& v, Rational* lo, Rational* hi) {
  if (v.k == K::kNum) {
    *lo = {v.num.coefficient(), Pow10(v.num.scale())};
    *hi = *lo;
    return true;
  }
  if (v.k == K::kBounded && v.den > 0) {
    *lo = {v.lo, v.den};
    *hi = {v.hi, v.den};
    return true;
  }
  return false;
}

// Comparison of two values of the same type. A bounded operand decides only when every value in
// the bounds gives the same answer.
RVal Compare(Op op, const RVal& a, const RVal& b) {
  if (a.k == K::kBounded || b.k == K::kBounded) {
    Rational alo, ahi, blo, bhi;
    if (!Interval(a, &alo, &ahi) || !Interval(b, &blo, &bhi)) return RVal::Unknown();
    if (op == Op::kEq || op == Op::kNe) {
      const bool point = CompareRational(alo, ahi) == 0 && CompareRational(blo, bhi) == 0;
      if (point) return RVal::Bool(OrderHolds(op, CompareRational(alo, blo)));
      const bool disjoint = CompareRational(ahi, blo) < 0 || CompareRational(bhi, alo) < 0;
      if (disjoint) return RVal::Bool(op == Op::kNe);
      // A bounded count/ratio against a number: it takes only the values k/den for the integers
      // k in [lo, hi]; equality is possible only when number × den is such an integer.
      const RVal& bounded = a.k == K::kBounded ? a : b;
      const RVal& other = a.k == K::kBounded ? b : a;
      if (other.k == K::kNum) {
        const Int128 p = Int128{other.num.coefficient()} * bounded.den;
        const Int128 q = Pow10(other.num.scale());
        const bool reachable = p % q == 0 && p / q >= bounded.lo && p / q <= bounded.hi;
        if (!reachable) return RVal::Bool(op == Op::kNe);
      }
      return RVal::Unknown();
    }
    const bool r1 = OrderHolds(op, CompareRational(alo, blo));
    const bool r2 = OrderHolds(op, CompareRational(alo, bhi));
    const bool r3 = OrderHolds(op, CompareRational(ahi, blo));
    const bool r4 = OrderHolds(op, CompareRational(ahi, bhi));
    if (r1 == r2 && r2 == r3 && r3 == r4) return RVal::Bool(r1);
    return RVal::Unknown();
  }
  if (a.k != b.k) return RVal::Unknown();
  int c = 0;
  switch (a.k) {
    case K::kNum:
      c = Decimal::Compare(a.num, b.num);
      break;
    case K::kText:
      // Code-point order is byte order for UTF-8 (compare as unsigned bytes).
      c = a.text.compare(b.text);
      c = (c > 0) - (c < 0);
      break;
    case K::kDate:
      c = (a.date > b.date) - (a.date < b.date);
      break;
    case K::kEnum:
    case K::kPeriod:
      c = (a.i > b.i) - (a.i < b.i);
      break;
    case K::kBool:
      c = static_cast<int>(a.b) - static_cast<int>(b.b);
      break;
    default:
      return RVal::Unknown();
  }
  return RVal::Bool(OrderHolds(op, c));
}

// A bounded value with equal bounds is an ordinary number (for arithmetic).
RVal Exact(const RVal& v) {
  if (v.k != K::kBounded) return v;
  if (v.lo != v.hi || v.den <= 0) return RVal::Unknown();
  return RVal::Num(Decimal::Div(Decimal::FromInt(v.lo), Decimal::FromInt(v.den)));
}

class Walker {
 public:
  Walker(const ir::Program& p, const rt::Facts& facts, std::optional<rt::Date> report_date)
      : p_(p), facts_(facts), lets_(p.lets.size()) {
    report_date_ = report_date ? report_date : facts.report_date();
  }

  RVal Eval(ir::NodeId id) {
    const ir::Node& n = p_.node(id);
    const std::vector<ir::NodeId>& ops = n.operands;
    switch (n.op) {
      case Op::kConstBool:
        return RVal::Bool(n.ival != 0);
      case Op::kConstInt:
        return RVal::Num(Decimal::FromInt(n.ival));
      case Op::kConstDecimal:
        return RVal::Num(n.dval);
      case Op::kConstText: {
        RVal v;
        v.k = K::kText;
        v.text = n.sval;
        return v;
      }
      case Op::kConstDate:
        return RVal::DateV(rt::Date::FromDays(n.ival));
      case Op::kConstEnum:
      case Op::kConstPeriod: {
        RVal v;
        v.k = n.op == Op::kConstEnum ? K::kEnum : K::kPeriod;
        v.i = n.ival;
        return v;
      }
      case Op::kInput:
        return RVal::Record(&facts_.root());
      case Op::kVar: {
        const size_t slot = static_cast<size_t>(n.ival);
        if (slot >= vars_.size() || vars_[slot] == nullptr) return RVal::Unknown();
        return RVal::Record(vars_[slot]);
      }
      case Op::kField: {
        const RVal r = Eval(ops[0]);
        if (r.k != K::kRecord) return RVal::Unknown();
        if (n.ival < 0 || static_cast<uint32_t>(n.ival) >= r.rec->field_count) {
          return RVal::Unknown();
        }
        return FromValue(r.rec->field(static_cast<int32_t>(n.ival)));
      }
      case Op::kIndex: {
        const RVal l = Eval(ops[0]);
        const RVal i = Exact(Eval(ops[1]));
        if (l.k != K::kList || i.k != K::kNum) return RVal::Unknown();
        const std::optional<int64_t> idx = i.num.ToInt64();
        if (!idx || *idx < 0 || static_cast<uint64_t>(*idx) >= l.list.size()) {
          return RVal::Unknown();
        }
        return RVal::Record(l.list[static_cast<size_t>(*idx)]);
      }
      case Op::kLet: {
        const size_t i = static_cast<size_t>(n.ival);
        if (!lets_[i]) lets_[i] = Eval(p_.lets[i].value);
        return *lets_[i];
      }
      case Op::kReportDate:
        return RVal::DateV(report_date_);
      case Op::kPeriodStart:
        if (facts_.period_start()) return RVal::DateV(facts_.period_start());
        if (!report_date_) return RVal::Unknown();
        return RVal::DateV(rt::DefaultPeriodStart(*report_date_, p_.meta.effective));
      case Op::kScore:
      case Op::kMajorCount:
      case Op::kGeneralCount:
      case Op::kNonconformCount:
        return RVal::Unknown();  // grades only; never in item expressions

      case Op::kNot:
        return FromTruth(KleeneNot(Truth(Eval(ops[0]))));
      case Op::kAnd:
      case Op::kAllOf:
      case Op::kOr:
      case Op::kAnyOf: {
        std::vector<TV> ts;
        for (ir::NodeId o : ops) ts.push_back(Truth(Eval(o)));
        const bool is_and = n.op == Op::kAnd || n.op == Op::kAllOf;
        return FromTruth(is_and ? KleeneAnd(ts) : KleeneOr(ts));
      }
      case Op::kAtLeast: {
        const RVal need = Exact(Eval(ops[0]));
        std::vector<TV> ts;
        for (size_t i = 1; i < ops.size(); ++i) ts.push_back(Truth(Eval(ops[i])));
        if (need.k != K::kNum) return RVal::Unknown();
        return FromTruth(NotCounted(ts, AtLeast3(need.num)));
      }
      case Op::kCond: {
        const TV c = Truth(Eval(ops[0]));
        if (c == TV::kTrue) return Eval(ops[1]);
        if (c == TV::kFalse) return Eval(ops[2]);
        if (c == TV::kUnknown) return RVal::Unknown();
        // Not due: 未到期, its value so far that of the branch the condition's value so far
        // picks (a branch that is no truth, or unknown, holds so far).
        const TV picked = Truth(Eval(c == TV::kNotDue ? ops[1] : ops[2]));
        return RVal::NotDue(picked != TV::kFalse && picked != TV::kNotDueFalse);
      }

      case Op::kEq:
      case Op::kNe:
      case Op::kLt:
      case Op::kLe:
      case Op::kGt:
      case Op::kGe: {
        const RVal a = Eval(ops[0]);
        const RVal b = Eval(ops[1]);
        return Compare(n.op, a, b);
      }
      case Op::kIn:
      case Op::kNotIn: {
        const RVal x = Eval(ops[0]);
        std::vector<TV> ts;
        for (size_t i = 1; i < ops.size(); ++i) {
          ts.push_back(Truth(Compare(Op::kEq, x, Eval(ops[i]))));
        }
        const TV in = KleeneOr(ts);
        return FromTruth(n.op == Op::kIn ? in : KleeneNot(in));
      }

      case Op::kAdd:
      case Op::kSub:
      case Op::kMul:
      case Op::kDiv: {
        const RVal a = Exact(Eval(ops[0]));
        const RVal b = Exact(Eval(ops[1]));
        if (a.k != K::kNum || b.k != K::kNum) return RVal::Unknown();
        switch (n.op) {
          case Op::kAdd:
            return RVal::Num(Decimal::Add(a.num, b.num));
          case Op::kSub:
            return RVal::Num(Decimal::Sub(a.num, b.num));
          case Op::kMul:
            return RVal::Num(Decimal::Mul(a.num, b.num));
          default:
            return RVal::Num(Decimal::Div(a.num, b.num));
        }
      }
      case Op::kNeg: {
        const RVal a = Exact(Eval(ops[0]));
        if (a.k != K::kNum) return RVal::Unknown();
        return RVal::Num(Decimal::Negate(a.num));
      }
      case Op::kIntToDecimal:
        return Exact(Eval(ops[0]));
      case Op::kConvertUnit: {
        const RVal a = Exact(Eval(ops[0]));
        if (a.k != K::kNum) return RVal::Unknown();
        return RVal::Num(Decimal::Mul(a.num, n.dval));
      }
      case Op::kAddDays:
      case Op::kAddMonths: {
        const RVal d = Eval(ops[0]);
        const RVal amount = Eval(ops[1]);
        if (d.k != K::kDate || amount.k != K::kNum) return RVal::Unknown();
        const rt::UnitId unit = p_.node(ops[1]).type.unit;
        return RVal::DateV(rt::AddDuration(d.date, amount.num, unit));
      }

      case Op::kMatches: {
        const RVal t = Eval(ops[0]);
        if (t.k != K::kText) return RVal::Unknown();
        const RE2 re(n.sval);
        if (!re.ok()) return RVal::Unknown();
        return RVal::Bool(RE2::PartialMatch(t.text, re));
      }
      case Op::kStartsWith:
      case Op::kContains: {
        const RVal a = Eval(ops[0]);
        const RVal b = Eval(ops[1]);
        if (a.k != K::kText || b.k != K::kText) return RVal::Unknown();
        if (n.op == Op::kStartsWith) return RVal::Bool(a.text.rfind(b.text, 0) == 0);
        return RVal::Bool(a.text.find(b.text) != std::string::npos);
      }

      case Op::kExists:
      case Op::kAll:
      case Op::kExistsOne:
      case Op::kFilter:
      case Op::kCount:
      case Op::kSum:
      case Op::kMin:
      case Op::kMax:
      case Op::kRatio:
        return Macro(n);
      case Op::kSize: {
        const RVal l = Eval(ops[0]);
        if (l.k != K::kList) return RVal::Unknown();
        return RVal::Num(Decimal::FromInt(static_cast<int64_t>(l.list.size())));
      }

      case Op::kDeadline: {
        const RVal deadline = Eval(ops[0]);
        const RVal done = Eval(ops[1]);
        if (deadline.k != K::kDate) return RVal::Unknown();
        if (done.k == K::kDate) return RVal::Bool(done.date <= deadline.date);
        if (done.k != K::kUnknown) return RVal::Unknown();
        if (!report_date_) return RVal::Unknown();
        if (*report_date_ > deadline.date) return RVal::Bool(false);
        return RVal::NotDue(true);  // not late yet: holds so far
      }
      case Op::kFrequency:
        return RVal::Unknown();  // not covered (see the header)
    }
    return RVal::Unknown();
  }

  // The list macros: the body is evaluated once per element with the element bound to the
  // macro's slot.
  RVal Macro(const ir::Node& n) {
    const RVal l = Eval(n.operands[0]);
    if (l.k != K::kList) return RVal::Unknown();
    const size_t slot = static_cast<size_t>(n.ival);
    if (vars_.size() <= slot) vars_.resize(slot + 1, nullptr);
    const rt::RecordValue* saved = vars_[slot];
    std::vector<RVal> bodies;
    for (const rt::RecordValue* e : l.list) {
      vars_[slot] = e;
      bodies.push_back(Eval(n.operands[1]));
    }
    vars_[slot] = saved;

    int64_t t = 0, u = 0;
    std::vector<TV> ts;
    for (const RVal& b : bodies) {
      const TV tv = Truth(b);
      ts.push_back(tv);
      if (tv == TV::kTrue) ++t;
      if (tv == TV::kUnknown || IsNotDue(tv)) ++u;
    }
    const int64_t size = static_cast<int64_t>(l.list.size());
    switch (n.op) {
      case Op::kExists:
        return FromTruth(KleeneOr(ts));
      case Op::kAll:
        return FromTruth(KleeneAnd(ts));
      case Op::kExistsOne:
        return FromTruth(NotCounted(ts, ExactlyOne3));
      case Op::kFilter: {
        if (u > 0) return RVal::Unknown();
        RVal out;
        out.k = K::kList;
        for (size_t i = 0; i < bodies.size(); ++i) {
          if (ts[i] == TV::kTrue) out.list.push_back(l.list[i]);
        }
        return out;
      }
      case Op::kCount:
        if (u == 0) return RVal::Num(Decimal::FromInt(t));
        {
          RVal b;
          b.k = K::kBounded;
          b.lo = t;
          b.hi = t + u;
          b.den = 1;
          return b;
        }
      case Op::kRatio:
        if (size == 0) return RVal::Unknown();
        if (u == 0) return RVal::Num(Decimal::Div(Decimal::FromInt(t), Decimal::FromInt(size)));
        {
          RVal b;
          b.k = K::kBounded;
          b.lo = t;
          b.hi = t + u;
          b.den = size;
          return b;
        }
      case Op::kSum: {
        Decimal sum;
        for (const RVal& b : bodies) {
          const RVal x = Exact(b);
          if (x.k != K::kNum) return RVal::Unknown();
          const std::optional<Decimal> s = Decimal::Add(sum, x.num);
          if (!s) return RVal::Unknown();
          sum = *s;
        }
        return RVal::Num(sum);
      }
      case Op::kMin:
      case Op::kMax: {
        if (bodies.empty()) return RVal::Unknown();
        std::optional<Decimal> best;
        for (const RVal& b : bodies) {
          const RVal x = Exact(b);
          if (x.k != K::kNum) return RVal::Unknown();
          if (!best || (n.op == Op::kMin ? x.num < *best : x.num > *best)) best = x.num;
        }
        return RVal::Num(*best);
      }
      default:
        return RVal::Unknown();
    }
  }

 private:
  const ir::Program& p_;
  const rt::Facts& facts_;
  std::optional<rt::Date> report_date_;
  std::vector<std::optional<RVal>> lets_;
  std::vector<const rt::RecordValue*> vars_;
};

rt::ItemStatus LevelStatus(ir::Level level) {
  switch (level) {
    case ir::Level::kMajor:
      return rt::ItemStatus::kMajor;
    case ir::Level::kGeneral:
      return rt::ItemStatus::kGeneral;
    case ir::Level::kNonconformity:
      break;
  }
  return rt::ItemStatus::kNonconforming;
}

}  // namespace

std::vector<rt::ItemStatus> ReferenceStatuses(const compiler::ir::Program& program,
                                              const rt::Facts& facts,
                                              std::optional<rt::Date> report_date) {
  Walker w(program, facts, report_date);
  std::vector<rt::ItemStatus> out;
  for (const ir::Item& item : program.items) {
    if (item.applies != ir::kNoNode) {
      const TV a = Truth(w.Eval(item.applies));
      if (a == TV::kFalse) {
        out.push_back(rt::ItemStatus::kNotApplicable);
        continue;
      }
      if (a == TV::kUnknown) {
        out.push_back(rt::ItemStatus::kUndetermined);
        continue;
      }
      if (IsNotDue(a)) {
        out.push_back(rt::ItemStatus::kNotDue);
        continue;
      }
    }
    switch (Truth(w.Eval(item.condition))) {
      case TV::kTrue:
        out.push_back(LevelStatus(item.level));
        break;
      case TV::kFalse:
        out.push_back(rt::ItemStatus::kCompliant);
        break;
      case TV::kUnknown:
        out.push_back(rt::ItemStatus::kUndetermined);
        break;
      case TV::kNotDue:
      case TV::kNotDueFalse:
        out.push_back(rt::ItemStatus::kNotDue);
        break;
    }
  }
  return out;
}

}  // namespace paicha::difftest
