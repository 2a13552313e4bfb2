// `paicha template RULEBOOK [--industry X] [--hazard Y]...`: prints a blank YAML submission with
// a comment on every field (label, help text, type, unit, choices), grouped by the rulebook's
// top-level sections. Every value is left empty (YAML null = not submitted), so the output loads
// back with `paicha eval` as it is: the items that need a value are then 无法判定.
//
// Grouping (needs the IR, i.e. a .rules source; with a .pcb image the fields are listed in schema
// order without groups and --industry/--hazard are refused): the root fields an item reads — in
// its condition, its full applicability (own 适用 ∧ its sections' ∧ the header's) and deduction
// count, following lets — are attributed to the item's top-level section. A field read by one
// section is listed under that section, by several under "shared fields" (first), by none under
// "general information" (very first). List fields show one example element; nested records are
// indented. The reserved 报告日期 comes first.
//
// Filtering: --industry X sets the root enum field that section applicabilities test and that
// has a member named or labelled X (e.g. 所属行业 = 冶金). --hazard Y (repeatable) sets the root
// yes/no field named or labelled Y to 是; once any --hazard is given, every other "hazard flag"
// (a root yes/no field read by some top-level section's 适用) is set to 否. These values are
// written into the template. Each item's full applicability is then evaluated in three-valued
// logic over just these facts (constants, the given fields, ==, !=, 属于, 且, 或, 非, lets;
// anything else, e.g. the report date or a list, is unknown). An item whose applicability is
// decidedly false is dropped, and a field is omitted when every item reading it was dropped (fields
// read by no item are always kept). Unknown stays in: the template never hides a field that might
// matter.
//
// Exit 0; 2 for a bad --industry/--hazard or with an image and filters; LoadRulebook's codes.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "command.h"
#include "common.h"
#include "ir/ir.h"
#include "paicha/rt/units.h"

namespace paicha::cli {
namespace {

namespace ir = compiler::ir;

enum class Tri { kFalse, kTrue, kUnknown };

// The facts given on the command line: root field index → enum member or bool (0/1).
using Given = std::map<int64_t, int64_t>;

class PartialEvaluator {
 public:
  PartialEvaluator(const ir::Program& program, const Given& given)
      : program_(program), given_(given) {}

  Tri Truth(ir::NodeId id) {
    if (id == ir::kNoNode) return Tri::kTrue;
    const ir::Node& n = program_.node(id);
    switch (n.op) {
      case ir::Op::kConstBool:
        return n.ival != 0 ? Tri::kTrue : Tri::kFalse;
      case ir::Op::kLet:
        if (n.ival < 0 || static_cast<size_t>(n.ival) >= program_.lets.size()) return Tri::kUnknown;
        return Truth(program_.lets[static_cast<size_t>(n.ival)].value);
      case ir::Op::kNot: {
        const Tri t = Truth(n.operands[0]);
        return t == Tri::kUnknown ? t : (t == Tri::kTrue ? Tri::kFalse : Tri::kTrue);
      }
      case ir::Op::kAnd:
      case ir::Op::kOr: {
        const Tri decide = n.op == ir::Op::kAnd ? Tri::kFalse : Tri::kTrue;
        bool unknown = false;
        for (ir::NodeId o : n.operands) {
          const Tri t = Truth(o);
          if (t == decide) return decide;
          unknown = unknown || t == Tri::kUnknown;
        }
        return unknown ? Tri::kUnknown : (decide == Tri::kFalse ? Tri::kTrue : Tri::kFalse);
      }
      case ir::Op::kField: {
        int64_t v;
        if (n.type.kind == ir::TypeKind::kBool && Scalar(id, &v))
          return v ? Tri::kTrue : Tri::kFalse;
        return Tri::kUnknown;
      }
      case ir::Op::kEq:
      case ir::Op::kNe: {
        int64_t a, b;
        if (!Scalar(n.operands[0], &a) || !Scalar(n.operands[1], &b)) return Tri::kUnknown;
        return (a == b) == (n.op == ir::Op::kEq) ? Tri::kTrue : Tri::kFalse;
      }
      case ir::Op::kIn:
      case ir::Op::kNotIn: {
        int64_t x;
        if (!Scalar(n.operands[0], &x)) return Tri::kUnknown;
        bool found = false;
        for (size_t i = 1; i < n.operands.size(); ++i) {
          int64_t e;
          if (!Scalar(n.operands[i], &e)) return Tri::kUnknown;
          found = found || e == x;
        }
        return found == (n.op == ir::Op::kIn) ? Tri::kTrue : Tri::kFalse;
      }
      default:
        return Tri::kUnknown;
    }
  }

 private:
  // An enum or bool value known without data: a constant or a given root field.
  bool Scalar(ir::NodeId id, int64_t* out) {
    const ir::Node& n = program_.node(id);
    if (n.op == ir::Op::kConstEnum || n.op == ir::Op::kConstBool) {
      *out = n.ival;
      return true;
    }
    if (n.op == ir::Op::kLet && n.ival >= 0 && static_cast<size_t>(n.ival) < program_.lets.size()) {
      return Scalar(program_.lets[static_cast<size_t>(n.ival)].value, out);
    }
    if (n.op == ir::Op::kField && n.operands.size() == 1 &&
        program_.node(n.operands[0]).op == ir::Op::kInput) {
      auto it = given_.find(n.ival);
      if (it == given_.end()) return false;
      *out = it->second;
      return true;
    }
    return false;
  }

  const ir::Program& program_;
  const Given& given_;
};

// Adds to *out the root fields node `id` reads (through lets). `seen` avoids revisiting shared
// nodes; the IR is a DAG with operands of smaller id, so this terminates.
void CollectRootFields(const ir::Program& program, ir::NodeId id, std::set<ir::NodeId>* seen,
                       std::set<int64_t>* out) {
  std::vector<ir::NodeId> stack{id};
  while (!stack.empty()) {
    const ir::NodeId cur = stack.back();
    stack.pop_back();
    if (cur == ir::kNoNode || cur >= program.nodes.size() || !seen->insert(cur).second) continue;
    const ir::Node& n = program.node(cur);
    if (n.op == ir::Op::kField && n.operands.size() == 1 && n.operands[0] < program.nodes.size() &&
        program.node(n.operands[0]).op == ir::Op::kInput) {
      out->insert(n.ival);
    }
    if (n.op == ir::Op::kLet && n.ival >= 0 && static_cast<size_t>(n.ival) < program.lets.size()) {
      stack.push_back(program.lets[static_cast<size_t>(n.ival)].value);
    }
    for (ir::NodeId o : n.operands) stack.push_back(o);
  }
}

int32_t TopSection(const ir::Program& program, int32_t s) {
  while (s >= 0 && static_cast<size_t>(s) < program.sections.size() &&
         program.sections[static_cast<size_t>(s)].parent >= 0) {
    s = program.sections[static_cast<size_t>(s)].parent;
  }
  return s;
}

std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return s;
}

class TemplateCommand : public Command {
 public:
  const char* name() const override { return "template"; }

  void Configure(CLI::App* app, std::vector<OptionHelp>* help) override {
    app->add_option("rulebook", rulebook_);
    app->add_option("--industry", industry_);
    app->add_option("--hazard", hazards_);
    app->add_option("-o,--output", output_);
    help->push_back({"", "cli.template.positional", "cli.template.arg_rulebook"});
    help->push_back({"--industry X", "", "cli.template.opt_industry"});
    help->push_back({"--hazard Y", "", "cli.template.opt_hazard"});
    help->push_back({"-o, --output FILE", "", "cli.opt.output"});
  }

  int Run(const Context& context) override {
    if (rulebook_.empty()) return UsageError(context, "cli.error.missing_rulebook");
    LoadedRulebook book;
    const int status = LoadRulebook(rulebook_, context, &book);
    if (status != kOk) return status;
    catalog_ = &context.catalog;
    schema_ = &book.evaluator->schema();
    const bool filtering = !industry_.empty() || !hazards_.empty();
    if (book.ir == nullptr && filtering) {
      return UsageError(context, "cli.error.needs_source", {{"file", rulebook_}});
    }

    out_ = "# " + Fmt("cli.template.header", {{"title", book.evaluator->meta().title}}) + "\n";
    out_ += "# " + Fmt("cli.template.hint_empty") + "\n";
    std::vector<std::vector<int64_t>> groups;  // field indexes per group
    std::vector<std::string> titles;
    if (book.ir == nullptr) {
      groups.emplace_back();
      titles.emplace_back();
      for (size_t f = 0; f < schema_->root_record().fields.size(); ++f) {
        groups.back().push_back(static_cast<int64_t>(f));
      }
    } else {
      const int s = Plan(*book.ir, context, &groups, &titles);
      if (s != kOk) return s;
    }
    out_ +=
        "\n# " + Fmt("cli.template.report_date") + "\n" + std::string(rt::kReportDateKey) + ":\n";
    for (size_t g = 0; g < groups.size(); ++g) {
      if (groups[g].empty()) continue;
      if (!titles[g].empty()) out_ += "\n# ==== " + titles[g] + " ====\n";
      for (int64_t f : groups[g]) {
        const rt::FieldDef& def = schema_->root_record().fields[static_cast<size_t>(f)];
        auto it = given_text_.find(f);
        EmitField(def, 0, it == given_text_.end() ? "" : it->second);
      }
    }
    if (!WriteOutput(output_, out_)) {
      PrintMessage(stderr, context.catalog, "cli.error.write_failed", {{"file", output_}});
      return kToolFailure;
    }
    return kOk;
  }

 private:
  std::string Fmt(const std::string& key, const std::vector<rt::MsgArg>& args = {}) const {
    return catalog_->Format(key, args);
  }

  // Decides the given facts, the dropped items and the groups. Returns an exit code.
  int Plan(const ir::Program& program, const Context& context,
           std::vector<std::vector<int64_t>>* groups, std::vector<std::string>* titles) {
    const rt::RecordDef& root = schema_->root_record();
    // Fields read by top-level sections' applicability: the industry and hazard candidates.
    std::set<int64_t> section_fields;
    {
      std::set<ir::NodeId> seen;
      for (const ir::Section& s : program.sections) {
        if (s.parent < 0) CollectRootFields(program, s.applies, &seen, &section_fields);
      }
    }
    Given given;
    std::vector<std::string> filter_words;
    if (!industry_.empty()) {
      int64_t field = -1, member = -1;
      std::string choices;
      for (int64_t f : section_fields) {
        const rt::Type& t = root.fields[static_cast<size_t>(f)].type;
        if (t.kind != rt::TypeKind::kEnum) continue;
        const rt::EnumDef& e = schema_->enums[static_cast<size_t>(t.index)];
        const int32_t m = e.FindMember(industry_);
        if (m >= 0 && field < 0) {
          field = f;
          member = m;
        }
        for (size_t i = 0; i < e.members.size(); ++i) {
          if (!choices.empty()) choices += Fmt("cli.template.choice_separator");
          choices += e.DisplayLabel(static_cast<int32_t>(i));
        }
      }
      if (choices.empty()) return UsageError(context, "cli.template.no_industry_field");
      if (field < 0) {
        return UsageError(context, "cli.template.unknown_industry",
                          {{"value", industry_}, {"choices", choices}});
      }
      given[field] = member;
      given_text_[field] =
          schema_->enums[static_cast<size_t>(root.fields[static_cast<size_t>(field)].type.index)]
              .members[static_cast<size_t>(member)]
              .name;
      filter_words.push_back("--industry " + industry_);
    }
    if (!hazards_.empty()) {
      for (const std::string& h : hazards_) {
        int64_t field = -1;
        for (size_t f = 0; f < root.fields.size() && field < 0; ++f) {
          const rt::FieldDef& d = root.fields[f];
          if (d.type.kind == rt::TypeKind::kBool && (d.name == h || d.label == h)) {
            field = static_cast<int64_t>(f);
          }
        }
        if (field < 0) return UsageError(context, "cli.template.unknown_hazard", {{"value", h}});
        given[field] = 1;
        given_text_[field] = "是";
        filter_words.push_back("--hazard " + h);
      }
      for (int64_t f : section_fields) {
        if (root.fields[static_cast<size_t>(f)].type.kind == rt::TypeKind::kBool &&
            !given.count(f)) {
          given[f] = 0;
          given_text_[f] = "否";
        }
      }
    }

    // Fields per kept item, attributed to top-level sections.
    PartialEvaluator eval(program, given);
    std::map<int64_t, std::set<int32_t>> readers;  // field → top-level sections of kept items
    std::set<int64_t> read_by_dropped;
    for (const ir::Item& item : program.items) {
      std::set<int64_t> fields;
      std::set<ir::NodeId> seen;
      CollectRootFields(program, item.condition, &seen, &fields);
      CollectRootFields(program, item.applies, &seen, &fields);
      if (item.deduct && item.deduct->per != ir::kNoNode) {
        CollectRootFields(program, item.deduct->per, &seen, &fields);
      }
      const bool dropped = !given.empty() && eval.Truth(item.applies) == Tri::kFalse;
      for (int64_t f : fields) {
        if (dropped) {
          read_by_dropped.insert(f);
        } else {
          readers[f].insert(TopSection(program, item.section));
        }
      }
    }

    // Groups: general, shared, then each top-level section in order (index = section + 2).
    groups->assign(program.sections.size() + 2, {});
    titles->assign(program.sections.size() + 2, "");
    (*titles)[0] = Fmt("cli.template.group_general");
    (*titles)[1] = Fmt("cli.template.group_common");
    for (size_t s = 0; s < program.sections.size(); ++s) {
      (*titles)[s + 2] = Fmt("cli.template.group_section", {{"id", program.sections[s].id},
                                                            {"title", program.sections[s].title}});
    }
    int64_t omitted = 0;
    for (size_t f = 0; f < root.fields.size(); ++f) {
      const int64_t fi = static_cast<int64_t>(f);
      auto it = readers.find(fi);
      if (it == readers.end()) {
        if (read_by_dropped.count(fi) && !given.count(fi)) {
          ++omitted;
          continue;
        }
        (*groups)[given.count(fi) ? 1 : 0].push_back(fi);
      } else if (it->second.size() > 1 || *it->second.begin() < 0) {
        (*groups)[it->second.size() > 1 ? 1 : 0].push_back(fi);
      } else {
        (*groups)[static_cast<size_t>(*it->second.begin()) + 2].push_back(fi);
      }
    }
    if (!filter_words.empty()) {
      std::string filter;
      for (const std::string& w : filter_words) filter += (filter.empty() ? "" : " ") + w;
      out_ +=
          "# " + Fmt("cli.template.hint_filter", {{"filter", filter}, {"count", omitted}}) + "\n";
    }
    return kOk;
  }

  // The comment describing a field's type.
  std::string TypeText(const rt::Type& t) const {
    const std::string unit = t.unit == rt::UnitId::kNone ? "" : std::string(rt::Symbol(t.unit));
    switch (t.kind) {
      case rt::TypeKind::kBool:
        return Fmt("cli.template.type_bool");
      case rt::TypeKind::kInt:
        return Fmt("cli.template.type_int");
      case rt::TypeKind::kDecimal:
        return Fmt("cli.template.type_decimal");
      case rt::TypeKind::kQuantity:
        return Fmt(t.integral ? "cli.template.type_quantity_int" : "cli.template.type_quantity",
                   {{"unit", unit}});
      case rt::TypeKind::kDuration:
        return Fmt("cli.template.type_duration", {{"unit", unit}});
      case rt::TypeKind::kText:
        return Fmt("cli.template.type_text");
      case rt::TypeKind::kDate:
        return Fmt("cli.template.type_date");
      case rt::TypeKind::kEnum: {
        const rt::EnumDef& e = schema_->enums[static_cast<size_t>(t.index)];
        std::string choices;
        for (size_t i = 0; i < e.members.size(); ++i) {
          if (i > 0) choices += Fmt("cli.template.choice_separator");
          choices += e.DisplayLabel(static_cast<int32_t>(i));
        }
        return Fmt("cli.template.type_enum", {{"choices", choices}});
      }
      case rt::TypeKind::kRecord:
        return Fmt("cli.template.type_record");
      case rt::TypeKind::kList:
        return Fmt("cli.template.list_example");
    }
    return "";
  }

  // Emits one field (comment line + key) at `indent`; records and lists recurse. `value` is a
  // pre-filled scalar ("" = empty). `first_prefix` replaces the indentation of the key line (for
  // the "- " of a list element's first field).
  void EmitField(const rt::FieldDef& f, size_t indent, const std::string& value,
                 const std::string& first_prefix = "") {
    const std::string pad(indent, ' ');
    const std::string comment =
        Fmt("cli.template.field", {{"label", OneLine(f.label.empty() ? f.name : f.label)},
                                   {"help", f.help.empty() ? std::string("none") : OneLine(f.help)},
                                   {"type", TypeText(f.type)}});
    out_ += pad + "# " + comment + "\n";
    out_ += (first_prefix.empty() ? pad : first_prefix) + f.name + ":";
    if (!value.empty()) out_ += " " + value;
    out_ += "\n";
    if (f.type.kind != rt::TypeKind::kRecord && f.type.kind != rt::TypeKind::kList) return;
    const int32_t r = f.type.index;
    // A record already being expanded (lists may refer back): leave it empty (null).
    if (std::find(stack_.begin(), stack_.end(), r) != stack_.end()) return;
    stack_.push_back(r);
    const rt::RecordDef& rec = schema_->records[static_cast<size_t>(r)];
    const bool list = f.type.kind == rt::TypeKind::kList;
    for (size_t i = 0; i < rec.fields.size(); ++i) {
      if (list) {
        EmitField(rec.fields[i], indent + 4, "",
                  i == 0 ? std::string(indent + 2, ' ') + "- " : std::string());
      } else {
        EmitField(rec.fields[i], indent + 2, "");
      }
    }
    stack_.pop_back();
  }

  std::string rulebook_;
  std::string industry_;
  std::vector<std::string> hazards_;
  std::string output_;
  const rt::Catalog* catalog_ = nullptr;
  const rt::Schema* schema_ = nullptr;
  std::map<int64_t, std::string> given_text_;  // root field → pre-filled value
  std::vector<int32_t> stack_;                 // records being expanded
  std::string out_;
};

}  // namespace

std::unique_ptr<Command> NewTemplateCommand() { return std::make_unique<TemplateCommand>(); }

}  // namespace paicha::cli
