// `paicha schema RULEBOOK`: prints the JSON Schema (draft 2020-12) of the rulebook's submissions,
// derived from the input schema (rt::Schema) that the facts loader checks against, so a document
// the loader accepts validates, with these deliberate approximations:
//   - every field may be null (null = not submitted = 无法判定, never an error);
//   - titles are the fields' labels (else names), descriptions their help texts; quantities and
//     durations name their unit (also as "x-paicha-unit"), yes/no fields list their spellings;
//   - enums list the members' labels, then the names that differ from them (both are accepted);
//   - numbers may be JSON numbers or strings (the loader reads "12 kPa", "85%", "3个月"); string
//     forms are only loosely constrained (units are not checked by the schema);
//   - dates are strings with "format": "date" (the loader also reads 2024/6/30, 2024年6月30日);
//   - records are "$defs" entries referred to by "$ref"; lists are arrays of them;
//   - unknown keys are allowed (the loader warns about them) — additionalProperties is true.
// The reserved keys 报告日期 and 统计起始日期 are listed first. Output is deterministic (schema
// order), pretty-printed with two-space indentation. Exit 0, or the LoadRulebook exit codes.
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "command.h"
#include "common.h"
#include "paicha/rt/units.h"

namespace paicha::cli {
namespace {

// A minimal ordered JSON tree for pretty printing.
struct Json {
  enum class Kind { kObject, kArray, kString, kRaw } kind = Kind::kObject;
  std::vector<std::pair<std::string, Json>> members;  // kObject
  std::vector<Json> elements;                         // kArray
  std::string text;                                   // kString: the string; kRaw: the literal

  static Json Str(std::string s) {
    Json j;
    j.kind = Kind::kString;
    j.text = std::move(s);
    return j;
  }
  static Json Raw(std::string s) {
    Json j;
    j.kind = Kind::kRaw;
    j.text = std::move(s);
    return j;
  }
  static Json Arr() {
    Json j;
    j.kind = Kind::kArray;
    return j;
  }
  Json& Set(std::string key, Json value) {
    members.emplace_back(std::move(key), std::move(value));
    return *this;
  }

  void Dump(int indent, std::string* out) const {
    const std::string pad(static_cast<size_t>(indent + 2), ' ');
    switch (kind) {
      case Kind::kString:
        AppendJsonString(text, out);
        return;
      case Kind::kRaw:
        *out += text;
        return;
      case Kind::kArray:
        // Arrays of scalars on one line (enums, type lists); others one element a line.
        if (elements.empty()) {
          *out += "[]";
          return;
        }
        {
          bool scalars = true;
          for (const Json& e : elements)
            scalars = scalars && (e.kind == Kind::kString || e.kind == Kind::kRaw);
          *out += '[';
          for (size_t i = 0; i < elements.size(); ++i) {
            if (i > 0) *out += scalars ? ", " : ",";
            if (!scalars) *out += "\n" + pad;
            elements[i].Dump(indent + 2, out);
          }
          if (!scalars) *out += "\n" + std::string(static_cast<size_t>(indent), ' ');
          *out += ']';
        }
        return;
      case Kind::kObject:
        if (members.empty()) {
          *out += "{}";
          return;
        }
        *out += '{';
        for (size_t i = 0; i < members.size(); ++i) {
          *out += i > 0 ? ",\n" : "\n";
          *out += pad;
          AppendJsonString(members[i].first, out);
          *out += ": ";
          members[i].second.Dump(indent + 2, out);
        }
        *out += "\n" + std::string(static_cast<size_t>(indent), ' ') + "}";
        return;
    }
  }
};

Json Types(std::initializer_list<const char*> names) {
  Json a = Json::Arr();
  for (const char* n : names) a.elements.push_back(Json::Str(n));
  return a;
}

class SchemaCommand : public Command {
 public:
  const char* name() const override { return "schema"; }

  void Configure(CLI::App* app, std::vector<OptionHelp>* help) override {
    app->add_option("rulebook", rulebook_);
    app->add_option("-o,--output", output_);
    help->push_back({"", "cli.schema.args", "cli.schema.arg_rulebook"});
    help->push_back({"-o, --output FILE", "", "cli.opt.output"});
  }

  int Run(const Context& context) override {
    if (rulebook_.empty()) return UsageError(context, "cli.error.missing_rulebook");
    LoadedRulebook book;
    const int status = LoadRulebook(rulebook_, context, &book);
    if (status != kOk) return status;
    const rt::Schema& schema = book.evaluator->schema();
    const rt::Catalog& catalog = context.catalog;

    Json root;
    root.Set("$schema", Json::Str("https://json-schema.org/draft/2020-12/schema"));
    root.Set("title", Json::Str(catalog.Format("cli.schema.title",
                                               {{"title", book.evaluator->meta().title}})));
    root.Set("type", Json::Str("object"));
    Json properties;
    Json date;
    date.Set("title", Json::Str(catalog.Format("cli.schema.report_date")));
    date.Set("description", Json::Str(catalog.Format("cli.schema.report_date_help")));
    date.Set("type", Types({"string", "null"}));
    date.Set("format", Json::Str("date"));
    properties.Set(std::string(rt::kReportDateKey), date);
    Json start;
    start.Set("title", Json::Str(catalog.Format("cli.schema.period_start")));
    start.Set("description", Json::Str(catalog.Format("cli.schema.period_start_help")));
    start.Set("type", Types({"string", "null"}));
    start.Set("format", Json::Str("date"));
    properties.Set(std::string(rt::kPeriodStartKey), start);
    AddFields(schema, schema.root_record(), catalog, &properties);
    root.Set("properties", std::move(properties));
    root.Set("additionalProperties", Json::Raw("true"));
    Json defs;
    for (size_t r = 0; r < schema.records.size(); ++r) {
      if (static_cast<int32_t>(r) == schema.root) continue;
      Json rec;
      rec.Set("title", Json::Str(schema.records[r].name));
      rec.Set("type", Types({"object"}));
      Json props;
      AddFields(schema, schema.records[r], catalog, &props);
      rec.Set("properties", std::move(props));
      rec.Set("additionalProperties", Json::Raw("true"));
      defs.Set(DefName(schema, static_cast<int32_t>(r)), std::move(rec));
    }
    if (!defs.members.empty()) root.Set("$defs", std::move(defs));

    std::string out;
    root.Dump(0, &out);
    out += '\n';
    if (!WriteOutput(output_, out)) {
      PrintMessage(stderr, catalog, "cli.error.write_failed", {{"file", output_}});
      return kToolFailure;
    }
    return kOk;
  }

 private:
  // "$defs" key of record r: its name, made unique by its index if two records share a name.
  static std::string DefName(const rt::Schema& schema, int32_t r) {
    const std::string& name = schema.records[static_cast<size_t>(r)].name;
    for (size_t i = 0; i < schema.records.size(); ++i) {
      if (static_cast<int32_t>(i) != r && schema.records[i].name == name) {
        return name + "#" + std::to_string(r);
      }
    }
    return name;
  }

  static void AddFields(const rt::Schema& schema, const rt::RecordDef& record,
                        const rt::Catalog& catalog, Json* props) {
    for (const rt::FieldDef& f : record.fields) {
      Json p;
      p.Set("title", Json::Str(f.label.empty() ? f.name : f.label));
      std::string note;  // a unit or spelling note, combined with the help text
      const rt::Type& t = f.type;
      switch (t.kind) {
        case rt::TypeKind::kBool: {
          note = catalog.Format("cli.schema.bool");
          Json e = Json::Arr();
          for (const char* v : {"true", "false"}) e.elements.push_back(Json::Raw(v));
          for (const char* v : {"是", "否", "有", "无", "true", "false"})
            e.elements.push_back(Json::Str(v));
          e.elements.push_back(Json::Raw("null"));
          p.Set("enum", std::move(e));
          break;
        }
        case rt::TypeKind::kInt:
          p.Set("type", Types({"integer", "string", "null"}));
          p.Set("pattern", Json::Str("^[-+]?[0-9]+(\\.0*)?$"));
          break;
        case rt::TypeKind::kDecimal:
          p.Set("type", Types({"number", "string", "null"}));
          break;
        case rt::TypeKind::kQuantity:
          note = catalog.Format("cli.schema.unit", {{"unit", std::string(rt::Symbol(t.unit))}});
          if (t.integral) {
            note =
                catalog.Format("cli.schema.help_and_note",
                               {{"help", catalog.Format("cli.schema.integral")}, {"note", note}});
          }
          p.Set("type", Types({"number", "string", "null"}));
          p.Set("x-paicha-unit", Json::Str(std::string(rt::Symbol(t.unit))));
          break;
        case rt::TypeKind::kDuration:
          note = catalog.Format("cli.schema.duration", {{"unit", std::string(rt::Symbol(t.unit))}});
          p.Set("type", Types({"number", "string", "null"}));
          p.Set("x-paicha-unit", Json::Str(std::string(rt::Symbol(t.unit))));
          break;
        case rt::TypeKind::kText:
          p.Set("type", Types({"string", "null"}));
          break;
        case rt::TypeKind::kDate:
          p.Set("type", Types({"string", "null"}));
          p.Set("format", Json::Str("date"));
          break;
        case rt::TypeKind::kEnum: {
          const rt::EnumDef& def = schema.enums[static_cast<size_t>(t.index)];
          Json e = Json::Arr();
          for (size_t m = 0; m < def.members.size(); ++m) {
            e.elements.push_back(Json::Str(std::string(def.DisplayLabel(static_cast<int32_t>(m)))));
          }
          for (const rt::EnumMember& m : def.members) {
            if (!m.label.empty() && m.label != m.name) e.elements.push_back(Json::Str(m.name));
          }
          e.elements.push_back(Json::Raw("null"));
          p.Set("enum", std::move(e));
          break;
        }
        case rt::TypeKind::kRecord: {
          Json any = Json::Arr();
          Json ref;
          ref.Set("$ref", Json::Str("#/$defs/" + DefName(schema, t.index)));
          any.elements.push_back(std::move(ref));
          Json null_type;
          null_type.Set("type", Json::Str("null"));
          any.elements.push_back(std::move(null_type));
          p.Set("anyOf", std::move(any));
          break;
        }
        case rt::TypeKind::kList: {
          note = catalog.Format("cli.schema.list");
          p.Set("type", Types({"array", "null"}));
          Json ref;
          ref.Set("$ref", Json::Str("#/$defs/" + DefName(schema, t.index)));
          p.Set("items", std::move(ref));
          break;
        }
      }
      std::string description = f.help;
      if (!note.empty()) {
        description = description.empty() ? note
                                          : catalog.Format("cli.schema.help_and_note",
                                                           {{"help", f.help}, {"note", note}});
      }
      if (!description.empty()) {
        // Keep "title" first: insert the description right after it.
        p.members.insert(p.members.begin() + 1, {"description", Json::Str(description)});
      }
      props->Set(f.name, std::move(p));
    }
  }

  std::string rulebook_;
  std::string output_;
};

}  // namespace

std::unique_ptr<Command> NewSchemaCommand() { return std::make_unique<SchemaCommand>(); }

}  // namespace paicha::cli
