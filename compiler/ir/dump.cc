#include "ir/dump.h"

#include <string>
#include <vector>

namespace paicha::compiler::ir {
namespace {

std::string Quote(const std::string& s) {
  std::string r = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') r += '\\';
    if (c == '\n') {
      r += "\\n";
      continue;
    }
    r += c;
  }
  r += '"';
  return r;
}

std::string SchemaTypeName(const rt::Schema& s, const rt::Type& t) {
  auto name_of_record = [&](int32_t i) {
    return i >= 0 && static_cast<size_t>(i) < s.records.size() ? s.records[i].name
                                                               : std::string("?");
  };
  switch (t.kind) {
    case rt::TypeKind::kQuantity:
      return std::string(t.integral ? "int(" : "decimal(") + std::string(rt::Symbol(t.unit)) + ")";
    case rt::TypeKind::kDuration:
      return "duration(" + std::string(rt::Symbol(t.unit)) + ")";
    case rt::TypeKind::kEnum:
      return "enum " + (t.index >= 0 && static_cast<size_t>(t.index) < s.enums.size()
                            ? s.enums[t.index].name
                            : std::string("?"));
    case rt::TypeKind::kRecord:
      return "record " + name_of_record(t.index);
    case rt::TypeKind::kList:
      return "list " + name_of_record(t.index);
    default:
      return std::string(rt::TypeKindName(t.kind));
  }
}

const char* LevelName(Level l) {
  switch (l) {
    case Level::kMajor:
      return "major";
    case Level::kGeneral:
      return "general";
    case Level::kNonconformity:
      return "nonconformity";
  }
  return "?";
}

std::string Ref(NodeId id) { return id == kNoNode ? "-" : "%" + std::to_string(id); }

}  // namespace

std::string TypeName(const Program& p, const Type& t) {
  const auto& s = p.schema;
  auto rec = [&](int32_t i) {
    return i >= 0 && static_cast<size_t>(i) < s.records.size() ? s.records[i].name
                                                               : std::string("?");
  };
  switch (t.kind) {
    case TypeKind::kBool:
      return "bool";
    case TypeKind::kVerdict:
      return "verdict";
    case TypeKind::kInt:
      return "int";
    case TypeKind::kDecimal:
      return "decimal";
    case TypeKind::kQuantity:
      return "quantity(" + std::string(rt::Symbol(t.unit)) + ")";
    case TypeKind::kText:
      return "text";
    case TypeKind::kDate:
      return "date";
    case TypeKind::kDuration:
      return "duration(" + std::string(rt::Symbol(t.unit)) + ")";
    case TypeKind::kPeriod:
      return "period";
    case TypeKind::kEnum:
      return "enum " + (t.index >= 0 && static_cast<size_t>(t.index) < s.enums.size()
                            ? s.enums[t.index].name
                            : std::string("?"));
    case TypeKind::kRecord:
      return "record " + rec(t.index);
    case TypeKind::kList:
      return "list " + rec(t.index);
    case TypeKind::kError:
      return "error";
  }
  return "?";
}

std::string Dump(const Program& p) {
  std::string out;
  const Meta& m = p.meta;
  out += m.is_module ? "module " : "rulebook ";
  out += Quote(m.title);
  if (!m.issuer.empty()) out += " issuer " + Quote(m.issuer);
  if (!m.docno.empty()) out += " docno " + Quote(m.docno);
  if (m.issued) out += " issued " + m.issued->ToString();
  if (m.effective) out += " effective " + m.effective->ToString();
  if (!m.version.empty()) out += " version " + Quote(m.version);
  if (!m.supersedes.empty()) out += " supersedes " + Quote(m.supersedes);
  if (m.applies != kNoNode) out += " applies " + Ref(m.applies);
  out += "\n";

  for (const auto& e : p.schema.enums) {
    out += "enum " + e.name + " {";
    for (size_t i = 0; i < e.members.size(); ++i) {
      out += i ? ", " : " ";
      out += e.members[i].name;
      if (!e.members[i].label.empty()) out += " " + Quote(e.members[i].label);
    }
    out += " }\n";
  }
  for (size_t r = 0; r < p.schema.records.size(); ++r) {
    const auto& rec = p.schema.records[r];
    out += (static_cast<int32_t>(r) == p.schema.root ? "input " : "record ") + rec.name + " {";
    for (size_t i = 0; i < rec.fields.size(); ++i) {
      const auto& f = rec.fields[i];
      out += i ? ", " : " ";
      out += f.name + ": " + SchemaTypeName(p.schema, f.type);
      if (!f.label.empty()) out += " label " + Quote(f.label);
    }
    out += " }\n";
  }

  // Reachability from every root, so folded-away intermediates are not shown.
  std::vector<bool> live(p.nodes.size(), false);
  std::vector<NodeId> roots;
  auto root = [&](NodeId id) {
    if (id != kNoNode && id < p.nodes.size()) roots.push_back(id);
  };
  root(m.applies);
  for (const auto& l : p.lets) root(l.value);
  for (const auto& s : p.sections) root(s.applies);
  for (const auto& it : p.items) {
    root(it.applies);
    root(it.condition);
    if (it.deduct) root(it.deduct->per);
  }
  for (const auto& g : p.grades) root(g.when);
  for (const auto& g : p.colours) root(g.when);
  for (NodeId r : roots) live[r] = true;
  // Operands have smaller ids, so one backward sweep marks everything reachable.
  for (size_t i = p.nodes.size(); i-- > 0;) {
    if (!live[i]) continue;
    for (NodeId o : p.nodes[i].operands) {
      if (o < live.size()) live[o] = true;
    }
  }

  for (size_t i = 0; i < p.nodes.size(); ++i) {
    if (!live[i]) continue;
    const Node& n = p.nodes[i];
    out += "%" + std::to_string(i) + " = " + OpName(n.op);
    switch (n.op) {
      case Op::kConstBool:
        out += n.ival ? " true" : " false";
        break;
      case Op::kConstInt:
        out += " " + std::to_string(n.ival);
        break;
      case Op::kConstDecimal:
        out += " " + n.dval.ToString();
        break;
      case Op::kConstText:
        out += " " + Quote(n.sval);
        break;
      case Op::kConstDate: {
        auto d = rt::Date::FromDays(n.ival);
        out += " " + (d ? d->ToString() : std::string("?"));
        break;
      }
      case Op::kConstEnum: {
        const auto& enums = p.schema.enums;
        if (n.type.index >= 0 && static_cast<size_t>(n.type.index) < enums.size() && n.ival >= 0 &&
            static_cast<size_t>(n.ival) < enums[n.type.index].members.size()) {
          out += " " + enums[n.type.index].members[n.ival].name;
        }
        break;
      }
      case Op::kConstPeriod: {
        static const char* kNames[] = {"day", "week", "month", "quarter", "half_year", "year"};
        out += " ";
        out += n.ival >= 0 && n.ival < 6 ? kNames[n.ival] : "?";
        break;
      }
      case Op::kVar:
        out += " $" + std::to_string(n.ival);
        break;
      case Op::kField:
        out += " " + Ref(n.operands[0]) + " " + n.sval + " #" + std::to_string(n.ival);
        break;
      case Op::kLet:
        out +=
            " " + (n.ival >= 0 && static_cast<size_t>(n.ival) < p.lets.size() ? p.lets[n.ival].name
                                                                              : std::string("?"));
        break;
      case Op::kConvertUnit:
        out += " " + Ref(n.operands[0]) + " from " +
               std::string(rt::IsValidUnitId(static_cast<int>(n.ival))
                               ? rt::Symbol(static_cast<rt::UnitId>(n.ival))
                               : "?") +
               " x" + n.dval.ToString();
        break;
      case Op::kMatches:
        out += " " + Ref(n.operands[0]) + " " + Quote(n.sval);
        break;
      default:
        break;
    }
    if (n.op != Op::kField && n.op != Op::kConvertUnit && n.op != Op::kMatches) {
      bool macro = n.op == Op::kExists || n.op == Op::kAll || n.op == Op::kExistsOne ||
                   n.op == Op::kFilter || n.op == Op::kCount || n.op == Op::kSum ||
                   n.op == Op::kMin || n.op == Op::kMax || n.op == Op::kRatio ||
                   n.op == Op::kFrequency;
      if (macro) out += " $" + std::to_string(n.ival);
      for (NodeId o : n.operands) out += " " + Ref(o);
      if ((n.op == Op::kAnyOf || n.op == Op::kAllOf || n.op == Op::kAtLeast) && n.ival >= 0 &&
          static_cast<size_t>(n.ival) < p.situation_labels.size()) {
        out += " labels [";
        const auto& labels = p.situation_labels[n.ival];
        for (size_t k = 0; k < labels.size(); ++k) out += (k ? ", " : "") + Quote(labels[k]);
        out += "]";
      }
    }
    out += " : " + TypeName(p, n.type) + "\n";
  }

  for (const auto& l : p.lets) {
    out += "let " + l.name + " = " + Ref(l.value) + " : " + TypeName(p, l.type);
    if (l.section >= 0) out += " section #" + std::to_string(l.section);
    out += "\n";
  }
  for (size_t i = 0; i < p.sections.size(); ++i) {
    const Section& s = p.sections[i];
    out += "section #" + std::to_string(i);
    if (!s.id.empty()) out += " " + s.id;
    out += " " + Quote(s.title);
    if (s.parent >= 0) out += " parent #" + std::to_string(s.parent);
    if (s.applies != kNoNode) out += " applies " + Ref(s.applies);
    if (s.points) out += " points " + s.points->ToString();
    out += "\n";
  }
  for (const Item& it : p.items) {
    out += "item " + it.id + " " + Quote(it.title) + " " + LevelName(it.level);
    if (it.section >= 0) out += " section #" + std::to_string(it.section);
    if (it.applies != kNoNode) out += " applies " + Ref(it.applies);
    out += " when " + Ref(it.condition);
    if (it.points) out += " points " + it.points->ToString();
    if (it.deduct) {
      out += " deduct " + it.deduct->amount.ToString();
      if (it.deduct->per != kNoNode) out += " per " + Ref(it.deduct->per);
      if (it.deduct->cap) out += " cap " + it.deduct->cap->ToString();
    }
    if (it.veto) out += " veto";
    if (it.deadline_amount) {
      out +=
          " deadline " + it.deadline_amount->ToString() + std::string(rt::Symbol(it.deadline_unit));
    }
    if (it.unverified) out += " unverified";
    out += " @ " + it.pos.file + ":" + std::to_string(it.pos.line) + ":" +
           std::to_string(it.pos.column) + "\n";
    out += "  clause " + Quote(it.clause) + "\n";
  }
  for (const auto& g : p.grades) out += "grade " + Quote(g.name) + " when " + Ref(g.when) + "\n";
  for (const auto& g : p.colours) out += "colour " + Quote(g.name) + " when " + Ref(g.when) + "\n";
  return out;
}

}  // namespace paicha::compiler::ir
