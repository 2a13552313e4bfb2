// RenderJson: the machine-readable report, schema in docs/report-json.md (format_version 1).
//
// Determinism: fields are written in one fixed order by straight-line code (no maps), arrays
// keep the Result's order, and strings are emitted byte for byte after UTF-8 repair; so equal
// Results give byte-identical JSON on every machine and from every backend.
#include <cstdint>
#include <string>
#include <string_view>

#include "paicha/rt/report.h"
#include "report/report_internal.h"

namespace paicha::rt {

namespace {

// A minimal pretty-printing JSON writer: two-space indentation, one member per line, "[]" for
// empty arrays. Callers keep the nesting balanced; the writer tracks commas.
class JsonWriter {
 public:
  std::string Take() {
    out_ += '\n';
    return std::move(out_);
  }

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  // Starts a member "key": inside an object; the next value call writes its value.
  void Key(std::string_view key) {
    Separate();
    Quoted(key);
    out_ += ": ";
    after_key_ = true;
  }

  void String(std::string_view s) {
    Separate();
    Quoted(s);
  }

  // A string member, or null when `s` is empty (optional fields).
  void OptionalString(std::string_view key, std::string_view s) {
    Key(key);
    if (s.empty()) {
      Null();
    } else {
      String(s);
    }
  }
  void StringMember(std::string_view key, std::string_view s) {
    Key(key);
    String(s);
  }
  void IntMember(std::string_view key, int64_t v) {
    Key(key);
    Separate();
    out_ += std::to_string(v);
  }
  void BoolMember(std::string_view key, bool v) {
    Key(key);
    Separate();
    out_ += v ? "true" : "false";
  }
  void Null() {
    Separate();
    out_ += "null";
  }

 private:
  // A JSON string literal without any separator.
  void Quoted(std::string_view s) { AppendJsonString(s, &out_); }

  // Writes the comma and newline + indentation that precede a value or key, except directly
  // after a key (the value follows on the same line).
  void Separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ == 0) return;
    if (!first_) out_ += ',';
    out_ += '\n';
    out_.append(2 * depth_, ' ');
    first_ = false;
  }
  void Open(char c) {
    Separate();
    out_ += c;
    ++depth_;
    first_ = true;
  }
  void Close(char c) {
    --depth_;
    if (!first_) {
      out_ += '\n';
      out_.append(2 * depth_, ' ');
    }
    out_ += c;
    first_ = false;
  }

  std::string out_;
  size_t depth_ = 0;
  bool first_ = true;
  bool after_key_ = false;
};

std::string_view KindCode(FactValue::Kind kind) {
  switch (kind) {
    case FactValue::Kind::kBool:
      return "bool";
    case FactValue::Kind::kInt:
      return "int";
    case FactValue::Kind::kDecimal:
      return "decimal";
    case FactValue::Kind::kQuantity:
      return "quantity";
    case FactValue::Kind::kEnum:
      return "enum";
    case FactValue::Kind::kText:
      return "text";
    case FactValue::Kind::kDate:
      return "date";
    case FactValue::Kind::kList:
      return "list";
  }
  return "text";
}

std::string_view HoldsCode(Situation::Holds holds) {
  switch (holds) {
    case Situation::Holds::kYes:
      return "yes";
    case Situation::Holds::kNo:
      return "no";
    case Situation::Holds::kNotDue:
      return "not_due";
    case Situation::Holds::kUnknown:
      break;
  }
  return "unknown";
}

void WriteItem(JsonWriter& w, const ItemResult& item) {
  w.BeginObject();
  w.StringMember("id", item.id);
  w.StringMember("title", item.title);
  w.StringMember("clause", item.clause);
  w.OptionalString("section_id", item.section_id);
  w.StringMember("status", StatusCode(item.status));
  w.StringMember("status_label", StatusLabelZh(item.status));
  w.BoolMember("unverified", item.unverified);
  w.Key("facts");
  w.BeginArray();
  for (const Fact& fact : item.facts) {
    w.BeginObject();
    w.StringMember("path", fact.path);
    w.StringMember("label", fact.label);
    w.StringMember("kind", KindCode(fact.value.kind));
    w.StringMember("value", fact.value.text);
    w.OptionalString("unit", fact.value.unit);
    w.EndObject();
  }
  w.EndArray();
  w.Key("situations");
  w.BeginArray();
  for (const Situation& situation : item.situations) {
    w.BeginObject();
    w.StringMember("label", situation.label);
    w.StringMember("holds", HoldsCode(situation.holds));
    w.EndObject();
  }
  w.EndArray();
  w.Key("missing");
  w.BeginArray();
  for (const std::string& path : item.missing) w.String(path);
  w.EndArray();
  w.OptionalString("explanation", item.explanation);
  w.OptionalString("remedy", item.remedy);
  w.OptionalString("deadline", item.deadline.has_value() ? std::string_view{*item.deadline} : "");
  w.OptionalString("not_due_until", item.not_due_until);
  w.OptionalString("points", item.points);
  w.OptionalString("deducted", item.deducted);
  w.BoolMember("veto", item.veto);
  w.EndObject();
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (u < 0x20 || u == 0x7F) {
          static constexpr char kHex[] = "0123456789abcdef";
          *out += "\\u00";
          out->push_back(kHex[u >> 4]);
          out->push_back(kHex[u & 0xF]);
        } else {
          out->push_back(c);  // UTF-8 passes through unescaped
        }
    }
  }
  out->push_back('"');
}

std::string RenderJson(const Result& result) {
  // Control characters stay (they are escaped below); invalid UTF-8 becomes U+FFFD.
  const Result clean = report_internal::SanitizedCopy(result, report_internal::Controls::kKeep);
  JsonWriter w;
  w.BeginObject();
  w.StringMember("format", "paicha-report");
  w.IntMember("format_version", 1);
  w.Key("rulebook");
  w.BeginObject();
  w.StringMember("title", clean.rulebook_title);
  w.OptionalString("version", clean.rulebook_version);
  w.OptionalString("content_hash", clean.content_hash);
  w.EndObject();
  w.OptionalString("report_date", clean.report_date);
  w.OptionalString("subject", clean.subject);

  const Summary& s = clean.summary;
  w.Key("summary");
  w.BeginObject();
  w.IntMember("major", s.major);
  w.IntMember("general", s.general);
  w.IntMember("nonconforming", s.nonconforming);
  w.IntMember("undetermined", s.undetermined);
  w.IntMember("not_due", s.not_due);
  w.IntMember("compliant", s.compliant);
  w.IntMember("not_applicable", s.not_applicable);
  w.OptionalString("score", s.score);
  w.OptionalString("grade", s.grade);
  w.OptionalString("colour", s.colour);
  w.EndObject();

  w.Key("sections");
  w.BeginArray();
  for (const SectionResult& section : clean.sections) {
    w.BeginObject();
    w.StringMember("id", section.id);
    w.StringMember("title", section.title);
    w.OptionalString("max_points", section.max_points);
    w.OptionalString("earned_points", section.earned_points);
    w.IntMember("findings", section.findings);
    w.IntMember("undetermined", section.undetermined);
    w.EndObject();
  }
  w.EndArray();

  w.Key("items");
  w.BeginArray();
  for (const ItemResult& item : clean.items) WriteItem(w, item);
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace paicha::rt
