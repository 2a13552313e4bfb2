// Loading a submission against a Schema.
//
// One traversal (class Loader) is written once as a template over a small "tree adapter" and
// instantiated twice: for yaml-cpp nodes (LoadFacts: YAML and JSON) and for simdjson On Demand
// values (LoadJsonLine). Both adapters present a scalar as its text exactly as written (a JSON
// number's raw token, a JSON string's unescaped content, a YAML scalar's content), so every
// conversion (numbers, units, dates, enums, bools) is shared and the two paths agree by
// construction. On Demand keeps raw number text, which the DOM API would lose to binary floating
// point; it is forward-only, which suits the single document-order pass below.
//
// Errors are produced in document order. Nothing here throws: yaml-cpp exceptions are caught at
// the entry points, simdjson is used through its error-code API.
#include "paicha/rt/facts.h"

#include <yaml-cpp/yaml.h>

#include <simdjson.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "paicha/rt/units.h"

namespace paicha::rt {

// 4 KiB blocks: a typical form needs 2-3 KiB; larger documents take more blocks.
Facts::Facts(const Schema* schema) : schema_(schema), arena_(size_t{4} * 1024) {
  Value* values = nullptr;
  root_ = NewRecord(schema_->root, nullptr, -1, -1, &values);
  root_values_ = values;
}

RecordValue* Facts::NewRecord(int32_t record, const RecordValue* parent, int32_t parent_field,
                              int32_t list_index, Value** values) {
  const auto& def = schema_->records[static_cast<size_t>(record)];
  const auto n = static_cast<uint32_t>(def.fields.size());
  // One arena allocation: the RecordValue, then its values.
  static_assert(sizeof(RecordValue) % alignof(Value) == 0 &&
                alignof(RecordValue) >= alignof(Value));
  void* p = arena_.Allocate(sizeof(RecordValue) + sizeof(Value) * n, alignof(RecordValue));
  Value* v = reinterpret_cast<Value*>(static_cast<unsigned char*>(p) + sizeof(RecordValue));
  for (uint32_t i = 0; i < n; ++i) new (v + i) Value();
  auto* r = new (p) RecordValue{v, n, record, parent, parent_field, list_index};
  *values = v;
  return r;
}

namespace {

enum class NodeKind { kNull, kScalar, kList, kMap };

std::string_view KindWord(NodeKind k) {
  // Argument values for ICU `select` in locales/facts (not shown as is).
  switch (k) {
    case NodeKind::kNull:
      return "null";
    case NodeKind::kScalar:
      return "scalar";
    case NodeKind::kList:
      return "list";
    case NodeKind::kMap:
      return "mapping";
  }
  return "other";
}

MsgArg Arg(std::string name, std::string_view value) {
  return MsgArg{std::move(name), std::string(value)};
}
MsgArg Arg(std::string name, int64_t value) { return MsgArg{std::move(name), value}; }

// 1-based column of byte offset `pos` in code points (yaml-cpp counts bytes; people and
// editors count characters: "报告日期: x" has x at column 7).
int CodePointColumn(std::string_view text, size_t pos) {
  if (pos > text.size()) return 0;
  size_t line_start = text.rfind('\n', pos == 0 ? 0 : pos - 1);
  line_start = line_start == std::string_view::npos || pos == 0 ? 0 : line_start + 1;
  int column = 1;
  for (size_t i = line_start; i < pos; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

// ---- yaml-cpp adapter ----

struct YamlAdapter {
  using Node = YAML::Node;
  // yaml-cpp reports no errors during traversal (it threw while parsing, if at all).
  bool failed = false;
  std::string_view text;  // the document, for code-point columns

  static NodeKind Kind(const Node& n) {
    switch (n.Type()) {
      case YAML::NodeType::Scalar:
        return NodeKind::kScalar;
      case YAML::NodeType::Sequence:
        return NodeKind::kList;
      case YAML::NodeType::Map:
        return NodeKind::kMap;
      default:
        return NodeKind::kNull;
    }
  }
  // Requires Kind(n) == kScalar. The view lives as long as the document.
  static std::string_view Scalar(const Node& n) { return n.Scalar(); }
  void Position(const Node& n, int* line, int* column) const {
    const YAML::Mark m = n.Mark();
    *line = m.line >= 0 ? m.line + 1 : 0;
    *column = m.pos >= 0 ? CodePointColumn(text, static_cast<size_t>(m.pos)) : 0;
  }
  // fn(key_ok, key, value): key_ok is false when the key is not a scalar.
  template <typename Fn>
  static void ForEachEntry(const Node& n, Fn&& fn) {
    for (auto it = n.begin(); it != n.end(); ++it) {
      const bool key_ok = it->first.IsScalar();
      Node value = it->second;  // a handle: copying shares the node
      if (!fn(key_ok, key_ok ? std::string_view{it->first.Scalar()} : std::string_view{}, value)) {
        return;
      }
    }
  }
  template <typename Fn>
  static void ForEachElement(const Node& n, Fn&& fn) {
    for (auto it = n.begin(); it != n.end(); ++it) {
      Node element = *it;
      if (!fn(element)) return;
    }
  }
};

// ---- simdjson On Demand adapter ----

struct JsonAdapter {
  using Node = simdjson::ondemand::value;
  bool failed = false;
  // The JSON type of the scalar Kind() saw last: the loader calls Scalar(n) only right after
  // Kind(n) == kScalar, so Scalar need not ask again.
  simdjson::ondemand::json_type scalar_type = simdjson::ondemand::json_type::string;

  NodeKind Kind(Node& n) {
    simdjson::ondemand::json_type t;
    if (n.type().get(t) != simdjson::SUCCESS) {
      failed = true;
      return NodeKind::kNull;
    }
    switch (t) {
      case simdjson::ondemand::json_type::array:
        return NodeKind::kList;
      case simdjson::ondemand::json_type::object:
        return NodeKind::kMap;
      case simdjson::ondemand::json_type::null: {
        bool is_null = false;
        if (n.is_null().get(is_null) != simdjson::SUCCESS || !is_null) failed = true;
        return NodeKind::kNull;
      }
      default:
        scalar_type = t;
        return NodeKind::kScalar;
    }
  }
  // Requires Kind(n) == kScalar just before.
  std::string_view Scalar(Node& n) {
    const simdjson::ondemand::json_type t = scalar_type;
    std::string_view s;
    if (t == simdjson::ondemand::json_type::string) {
      if (n.get_string().get(s) != simdjson::SUCCESS) failed = true;
      return s;
    }
    if (t == simdjson::ondemand::json_type::boolean) {
      bool b = false;
      if (n.get_bool().get(b) != simdjson::SUCCESS) failed = true;
      return b ? "true" : "false";
    }
    // Numbers: the raw token (it may carry trailing whitespace), checked against JSON's number
    // grammar so that what yaml-cpp would reject as JSON is rejected here as a syntax error.
    s = n.raw_json_token();
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
      s.remove_suffix(1);
    }
    if (!IsJsonNumber(s)) failed = true;
    return s;
  }
  static void Position(Node&, int* line, int* column) {
    *line = 0;
    *column = 0;
  }
  template <typename Fn>
  void ForEachEntry(Node& n, Fn&& fn) {
    simdjson::ondemand::object obj;
    if (n.get_object().get(obj) != simdjson::SUCCESS) {
      failed = true;
      return;
    }
    for (auto field_result : obj) {
      simdjson::ondemand::field field;
      std::string_view key;
      if (std::move(field_result).get(field) != simdjson::SUCCESS ||
          field.unescaped_key().get(key) != simdjson::SUCCESS) {
        failed = true;
        return;
      }
      Node value = field.value();
      if (!fn(true, key, value) || failed) return;
    }
  }
  template <typename Fn>
  void ForEachElement(Node& n, Fn&& fn) {
    simdjson::ondemand::array arr;
    if (n.get_array().get(arr) != simdjson::SUCCESS) {
      failed = true;
      return;
    }
    for (auto element_result : arr) {
      Node element;
      // simdjson_result::get is &&-qualified: the move selects that overload.
      // NOLINTNEXTLINE(performance-move-const-arg)
      if (std::move(element_result).get(element) != simdjson::SUCCESS) {
        failed = true;
        return;
      }
      if (!fn(element) || failed) return;
    }
  }

  static bool IsJsonNumber(std::string_view s) {
    size_t i = 0;
    if (i < s.size() && s[i] == '-') ++i;
    if (i >= s.size()) return false;
    if (s[i] == '0') {
      ++i;
    } else if (s[i] >= '1' && s[i] <= '9') {
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    } else {
      return false;
    }
    if (i < s.size() && s[i] == '.') {
      ++i;
      const size_t start = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i == start) return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      ++i;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
      const size_t start = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i == start) return false;
    }
    return i == s.size();
  }
};

// ---- field-name index ----

// Per-thread open-addressing index of the field names of large records, built on first use and
// kept across documents (rebuilding it per JSON line cost more than the lookups it saved). It is
// only a hint: a slot holds a field index, and a hit is confirmed by comparing the name in the
// caller's (live) RecordDef, so an index left over from a destroyed Schema at the same address can
// never give a wrong answer; a miss or a failed confirmation falls back to the linear scan and
// marks the index for rebuilding. Thread-safe by being thread_local.
class FieldIndexCache {
 public:
  static int32_t Find(const Schema& schema, const RecordDef& def, int32_t record,
                      std::string_view key) {
    thread_local FieldIndexCache cache;
    return cache.Lookup(schema, def, record, key);
  }

 private:
  struct Table {
    const RecordDef* def = nullptr;  // identity check only; never dereferenced
    size_t field_count = 0;
    std::vector<int32_t> slots;  // field index, or -1; size a power of two
  };

  int32_t Lookup(const Schema& schema, const RecordDef& def, int32_t record, std::string_view key) {
    if (schema_ != &schema || tables_.size() != schema.records.size()) {
      schema_ = &schema;
      tables_.assign(schema.records.size(), Table{});
    }
    Table& t = tables_[static_cast<size_t>(record)];
    if (t.def != &def || t.field_count != def.fields.size() || t.slots.empty()) Build(def, &t);
    const size_t mask = t.slots.size() - 1;
    for (size_t i = Hash(key) & mask;; i = (i + 1) & mask) {
      const int32_t f = t.slots[i];
      if (f < 0) break;
      if (static_cast<size_t>(f) < def.fields.size() &&
          def.fields[static_cast<size_t>(f)].name == key) {
        return f;
      }
    }
    // Not in the index: an unknown field (the usual case), or a stale index.
    const int32_t f = def.FindField(key);
    if (f >= 0) t.slots.clear();  // stale: rebuild on next use
    return f;
  }

  static size_t Hash(std::string_view s) { return std::hash<std::string_view>()(s); }

  static void Build(const RecordDef& def, Table* t) {
    size_t size = 16;
    while (size < def.fields.size() * 2) size *= 2;
    t->slots.assign(size, -1);
    const size_t mask = size - 1;
    for (size_t f = 0; f < def.fields.size(); ++f) {
      size_t i = Hash(def.fields[f].name) & mask;
      while (t->slots[i] >= 0) i = (i + 1) & mask;
      t->slots[i] = static_cast<int32_t>(f);
    }
    t->def = &def;
    t->field_count = def.fields.size();
  }

  const Schema* schema_ = nullptr;  // identity check only
  std::vector<Table> tables_;
};

// Byte equality, inlined (the loader compares keys and words per value).
inline bool Same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

// A step of the path of the value being loaded: a field, or a list element when index >= 0.
struct PathStep {
  std::string_view name;  // views the document's key, which outlives the step
  int64_t index;
};

// The loader's buffers, kept across documents by LoadJsonLine (one per thread).
struct LoadScratch {
  std::vector<PathStep> path;
  // Elements of the lists being loaded, innermost last.
  std::vector<const RecordValue*> elements;
};

// EnumDef::FindMember with the inlined comparison.
int32_t FindMember(const EnumDef& e, std::string_view text) {
  for (size_t i = 0; i < e.members.size(); ++i) {
    if (Same(e.members[i].name, text)) return static_cast<int32_t>(i);
  }
  for (size_t i = 0; i < e.members.size(); ++i) {
    if (!e.members[i].label.empty() && Same(e.members[i].label, text)) {
      return static_cast<int32_t>(i);
    }
  }
  return -1;
}

// Which fields of a record were given: a bit mask, or a vector for records of over 64 fields.
class SeenFields {
 public:
  explicit SeenFields(size_t n) {
    if (n > 64) many_.assign(n, false);
  }
  // Marks field i; returns whether it was marked already.
  bool TestAndSet(size_t i) {
    if (many_.empty()) {
      const uint64_t bit = uint64_t{1} << i;
      const bool was = (bits_ & bit) != 0;
      bits_ |= bit;
      return was;
    }
    const bool was = many_[i];
    many_[i] = true;
    return was;
  }

 private:
  uint64_t bits_ = 0;
  std::vector<bool> many_;
};

// ---- the shared traversal ----

template <typename Adapter>
class Loader {
 public:
  using Node = typename Adapter::Node;

  // `scratch` is cleared and used as working memory.
  Loader(const Schema& schema, const FactsLimits& limits, Adapter* adapter, LoadScratch* scratch,
         LoadResult* out)
      : schema_(schema),
        limits_(limits),
        ad_(*adapter),
        out_(*out),
        path_(scratch->path),
        elements_(scratch->elements) {
    elements_.clear();
  }

  // Loads the document root into out_.facts.
  void LoadRoot(Node& root) {
    out_.facts = std::make_unique<Facts>(&schema_);
    const NodeKind kind = ad_.Kind(root);
    if (kind == NodeKind::kNull) return;  // an empty document: every field missing
    if (kind != NodeKind::kMap) {
      Error("facts.root_not_a_mapping", root, {Arg("actual", KindWord(kind))});
      out_.facts.reset();
      return;
    }
    Facts& facts = *out_.facts;
    LoadRecord(root, &facts.root(), facts.mutable_root(), 1, true);  // the root is level 1
  }

 private:
  void AddProblem(std::vector<FactError>* list, std::string key, Node& node,
                  std::vector<MsgArg> args) {
    if (list == &out_.errors && out_.errors.size() >= limits_.max_errors) {
      ++dropped_errors_;
      return;
    }
    FactError e;
    e.path = Path();
    e.key = std::move(key);
    e.args.reserve(args.size() + 1);
    e.args.push_back(Arg("path", e.path));
    for (auto& a : args) e.args.push_back(std::move(a));
    ad_.Position(node, &e.line, &e.column);
    list->push_back(std::move(e));
  }
  void Error(std::string key, Node& node, std::vector<MsgArg> args = {}) {
    AddProblem(&out_.errors, std::move(key), node, std::move(args));
  }
  void Warning(std::string key, Node& node, std::vector<MsgArg> args = {}) {
    AddProblem(&out_.warnings, std::move(key), node, std::move(args));
  }

  // The path of the value being loaded (path_, a stack of steps), spelled out ("除尘系统[2].类型")
  // only when a problem names it.
  void PushStep(PathStep step) {
    if (steps_ == path_.size()) path_.push_back(step);
    path_[steps_++] = step;
  }
  std::string Path() const {
    std::string path;
    for (size_t i = 0; i < steps_; ++i) {
      const PathStep& step = path_[i];
      if (step.index < 0) {
        if (!path.empty()) path.push_back('.');
        path.append(step.name);
      } else {
        path.push_back('[');
        path += std::to_string(step.index);
        path.push_back(']');
      }
    }
    return path;
  }

  // Counts visited nodes: YAML aliases can make a small document expand into a huge tree
  // ("billion laughs"); the bound keeps loading linear in FactsLimits.
  bool Budget(Node& node) {
    if (++nodes_ <= max_nodes_) return true;
    if (!budget_reported_) {
      budget_reported_ = true;
      Error("facts.too_many_nodes", node, {Arg("limit", static_cast<int64_t>(max_nodes_))});
    }
    return false;
  }

  // Mapping `map` into record `rec` (whose values are `values`).
  void LoadRecord(Node& map, const RecordValue* rec, Value* values, int depth, bool top) {
    const RecordDef& def = schema_.records[static_cast<size_t>(rec->record)];
    SeenFields seen(def.fields.size());
    bool seen_report = false, seen_start = false;
    // Submissions usually list fields in schema order: the field after the last one found is
    // tried before the lookup.
    size_t next = 0;
    ad_.ForEachEntry(map, [&](bool key_ok, std::string_view key, Node& value) {
      if (!Budget(value)) return false;
      if (!key_ok) {
        Error("facts.bad_key", value);
        return true;
      }
      PushStep({key, -1});
      if (top && (Same(key, kReportDateKey) || Same(key, kReportDateKeyEn) ||
                  Same(key, kPeriodStartKey) || Same(key, kPeriodStartKeyEn))) {
        const bool report = Same(key, kReportDateKey) || Same(key, kReportDateKeyEn);
        bool& seen_flag = report ? seen_report : seen_start;
        if (seen_flag) {
          Error("facts.duplicate_key", value);
        } else if (const NodeKind kind = ad_.Kind(value); kind == NodeKind::kNull) {
          seen_flag = true;
        } else if (kind != NodeKind::kScalar) {
          seen_flag = true;
          Error("facts.not_a_scalar", value, {Arg("actual", KindWord(kind))});
        } else {
          seen_flag = true;
          const Value v = LoadScalarField(value, Type::MakeDate(), rec, -1);
          if (v.kind() == ValueKind::kDate) {
            if (report) {
              out_.facts->set_report_date(v.as_date());
            } else {
              out_.facts->set_period_start(v.as_date());
            }
          }
        }
        --steps_;
        return true;
      }
      const int32_t index = next < def.fields.size() && Same(def.fields[next].name, key)
                                ? static_cast<int32_t>(next)
                                : FindField(def, rec->record, key);
      if (index < 0) {
        Warning("facts.unknown_field", value);
      } else if (seen.TestAndSet(static_cast<size_t>(index))) {
        Error("facts.duplicate_key", value);
      } else {
        next = static_cast<size_t>(index) + 1;
        values[index] =
            LoadField(value, def.fields[static_cast<size_t>(index)].type, rec, index, depth);
      }
      --steps_;
      return true;
    });
  }

  int32_t FindField(const RecordDef& def, int32_t record, std::string_view key) {
    // Small records: linear scan. Large ones (the root of a big rulebook can have hundreds of
    // fields): a per-thread hash index kept across documents (FieldIndexCache).
    if (def.fields.size() <= 16) return def.FindField(key);
    return FieldIndexCache::Find(schema_, def, record, key);
  }

  Value LoadField(Node& node, const Type& type, const RecordValue* rec, int32_t field, int depth) {
    const NodeKind kind = ad_.Kind(node);
    if (kind == NodeKind::kNull) return Value::Missing();
    if (type.kind == TypeKind::kRecord || type.kind == TypeKind::kList) {
      if (depth + 1 > limits_.max_depth) {
        Error("facts.too_deep", node, {Arg("limit", static_cast<int64_t>(limits_.max_depth))});
        return Value::Missing();
      }
    }
    if (type.kind == TypeKind::kRecord) {
      if (kind != NodeKind::kMap) {
        Error("facts.not_a_mapping", node, {Arg("actual", KindWord(kind))});
        return Value::Missing();
      }
      Value* values = nullptr;
      const RecordValue* child = out_.facts->NewRecord(type.index, rec, field, -1, &values);
      LoadRecord(node, child, values, depth + 1, false);
      return Value::Record(child);
    }
    if (type.kind == TypeKind::kList) {
      if (kind != NodeKind::kList) {
        Error("facts.not_a_list", node, {Arg("actual", KindWord(kind))});
        return Value::Missing();
      }
      return LoadList(node, type, rec, field, depth + 1);
    }
    if (kind != NodeKind::kScalar) {
      Error("facts.not_a_scalar", node, {Arg("actual", KindWord(kind))});
      return Value::Missing();
    }
    return LoadScalarField(node, type, rec, field);
  }

  Value LoadList(Node& node, const Type& type, const RecordValue* rec, int32_t field, int depth) {
    // Elements are collected first (the count is not known up front in On Demand), then copied
    // into the arena.
    const size_t base = elements_.size();
    bool too_long = false;
    ad_.ForEachElement(node, [&](Node& element) {
      if (!Budget(element)) return false;
      const size_t index = elements_.size() - base;
      if (index >= limits_.max_list_length) {
        too_long = true;
        return false;
      }
      PushStep({{}, static_cast<int64_t>(index)});
      Value* values = nullptr;
      RecordValue* child =
          out_.facts->NewRecord(type.index, rec, field, static_cast<int32_t>(index), &values);
      const NodeKind kind = ad_.Kind(element);
      if (kind != NodeKind::kMap) {
        Error("facts.not_a_mapping", element, {Arg("actual", KindWord(kind))});
      } else {
        LoadRecord(element, child, values, depth, false);
      }
      elements_.push_back(child);
      --steps_;
      return true;
    });
    const size_t count = elements_.size() - base;
    if (too_long) {
      elements_.resize(base);
      Error("facts.list_too_long", node,
            {Arg("limit", static_cast<int64_t>(limits_.max_list_length))});
      return Value::Missing();
    }
    auto** data = out_.facts->arena().NewArray<const RecordValue*>(count);
    std::copy(elements_.begin() + static_cast<std::ptrdiff_t>(base), elements_.end(), data);
    elements_.resize(base);
    return Value::List(data, static_cast<uint32_t>(count));
  }

  Value LoadScalarField(Node& node, const Type& type, const RecordValue* /*rec*/,
                        int32_t /*field*/) {
    const std::string_view text = ad_.Scalar(node);
    if (ad_.failed) return Value::Missing();
    switch (type.kind) {
      case TypeKind::kBool: {
        if (Same(text, "true") || Same(text, "True") || Same(text, "TRUE") || Same(text, "是") ||
            Same(text, "有")) {
          return Value::Bool(true);
        }
        if (Same(text, "false") || Same(text, "False") || Same(text, "FALSE") || Same(text, "否") ||
            Same(text, "无")) {
          return Value::Bool(false);
        }
        Error("facts.bad_bool", node, {Arg("value", text)});
        return Value::Missing();
      }
      case TypeKind::kInt: {
        // Plain digits (the usual JSON integer) directly; the rest ("12.0", "+3") as decimals.
        if (!text.empty() && text.size() <= 18 &&
            std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          int64_t v = 0;
          for (const char c : text) v = v * 10 + (c - '0');
          return Value::Int(v);
        }
        const auto d = Decimal::Parse(text);
        const auto i = d ? d->ToInt64() : std::nullopt;
        if (!i) {
          Error("facts.bad_int", node, {Arg("value", text)});
          return Value::Missing();
        }
        return Value::Int(*i);
      }
      case TypeKind::kDecimal: {
        // A plain number, or a ratio with % or ‰ (converted exactly to a plain number).
        std::string_view bad_unit;
        const auto q = ParseQuantity(text, &bad_unit);
        if (q && q->unit == UnitId::kNone && Decimal::Parse(text)) {
          return Value::FromDecimal(q->value);
        }
        if (q && DimensionOf(q->unit) == Dimension::kRatio) {
          if (const auto v = Convert(q->value, q->unit, UnitId::kOne)) {
            return Value::FromDecimal(*v);
          }
        }
        Error("facts.bad_number", node, {Arg("value", text)});
        return Value::Missing();
      }
      case TypeKind::kQuantity:
      case TypeKind::kDuration:
        return LoadQuantity(node, text, type);
      case TypeKind::kText:
        if (text.size() > limits_.max_text_bytes) {
          Error("facts.text_too_long", node,
                {Arg("limit", static_cast<int64_t>(limits_.max_text_bytes))});
          return Value::Missing();
        }
        return Value::Text(out_.facts->arena().CopyString(text));
      case TypeKind::kDate: {
        const auto d = Date::Parse(text);
        if (!d) {
          Error("facts.bad_date", node, {Arg("value", text)});
          return Value::Missing();
        }
        return Value::FromDate(*d);
      }
      case TypeKind::kEnum: {
        const EnumDef& e = schema_.enums[static_cast<size_t>(type.index)];
        const int32_t m = FindMember(e, text);
        if (m < 0) {
          // The choices are the display labels, joined with the Chinese enumeration comma (the
          // submission's own vocabulary: labels are Chinese in every locale).
          std::string choices;
          for (size_t i = 0; i < e.members.size(); ++i) {
            if (i > 0) choices += "、";
            choices += e.DisplayLabel(static_cast<int32_t>(i));
          }
          Error("facts.bad_enum", node, {Arg("value", text), Arg("choices", choices)});
          return Value::Missing();
        }
        return Value::Enum(m);
      }
      case TypeKind::kRecord:
      case TypeKind::kList:
        break;
    }
    return Value::Missing();
  }

  Value LoadQuantity(Node& node, std::string_view text, const Type& type) {
    const std::string_view expected = Symbol(type.unit);
    std::string_view bad_unit;
    const auto q = ParseQuantity(text, &bad_unit);
    if (!q) {
      if (!bad_unit.empty()) {
        Error("facts.unknown_unit", node,
              {Arg("value", text), Arg("unit", bad_unit), Arg("expected", expected)});
      } else {
        Error("facts.bad_number", node, {Arg("value", text)});
      }
      return Value::Missing();
    }
    const UnitId from = q->unit == UnitId::kNone ? type.unit : q->unit;
    if (!Convertible(from, type.unit)) {
      // Name the unit as the submission wrote it ("吨", not "t"): what follows the number.
      std::string_view written = text;
      while (!written.empty() &&
             ((written.front() >= '0' && written.front() <= '9') || written.front() == '.' ||
              written.front() == '-' || written.front() == '+' || written.front() == ' ')) {
        written.remove_prefix(1);
      }
      while (!written.empty() && written.back() == ' ') written.remove_suffix(1);
      Error("facts.incompatible_unit", node,
            {Arg("value", text), Arg("unit", written), Arg("expected", expected)});
      return Value::Missing();
    }
    const auto v = Convert(q->value, from, type.unit);
    if (!v) {
      Error("facts.inexact_unit", node, {Arg("value", text), Arg("expected", expected)});
      return Value::Missing();
    }
    // Durations must be whole days or whole months: dates only move by whole days or months.
    bool integral = !type.integral || v->IsInteger();
    if (type.kind == TypeKind::kDuration) {
      const auto base = Convert(*v, type.unit, BaseUnit(DimensionOf(type.unit)));
      integral = integral && base && base->IsInteger();
    }
    if (!integral) {
      Error("facts.not_integral", node, {Arg("value", text), Arg("expected", expected)});
      return Value::Missing();
    }
    return Value::FromDecimal(*v);
  }

 public:
  void Finish() {
    if (dropped_errors_ > 0) {
      FactError e;
      e.key = "facts.too_many_errors";
      e.args = {Arg("path", ""), Arg("count", static_cast<int64_t>(dropped_errors_))};
      out_.errors.push_back(std::move(e));
    }
  }
  void set_max_nodes(size_t n) { max_nodes_ = n; }

 private:
  const Schema& schema_;
  const FactsLimits& limits_;
  Adapter& ad_;
  LoadResult& out_;
  std::vector<PathStep>& path_;  // path_[0, steps_) is the path; the rest is spare
  size_t steps_ = 0;
  std::vector<const RecordValue*>& elements_;
  size_t nodes_ = 0;
  size_t max_nodes_ = 0;
  bool budget_reported_ = false;
  size_t dropped_errors_ = 0;
};

// Visited-node budget: generous for any real document (a node needs at least 2 bytes of text
// without aliases), so only alias expansion can exhaust it.
size_t NodeBudget(size_t text_size) { return std::max<size_t>(text_size, 4096) * 2; }

LoadResult SyntaxError(int line, int column, std::string_view detail) {
  LoadResult r;
  FactError e;
  e.key = "facts.syntax";
  e.line = line;
  e.column = column;
  e.args = {Arg("path", ""), Arg("line", static_cast<int64_t>(line)),
            Arg("column", static_cast<int64_t>(column)), Arg("detail", detail)};
  r.errors.push_back(std::move(e));
  return r;
}

// Checks that apply to the text before parsing. Returns true when loading may go on.
bool PreCheck(std::string_view text, const FactsLimits& limits, LoadResult* out) {
  if (text.size() > limits.max_document_bytes) {
    FactError e;
    e.key = "facts.too_large";
    e.args = {Arg("path", ""), Arg("limit", static_cast<int64_t>(limits.max_document_bytes))};
    out->errors.push_back(std::move(e));
    return false;
  }
  if (!simdjson::validate_utf8(text.data(), text.size())) {
    FactError e;
    e.key = "facts.invalid_utf8";
    e.args = {Arg("path", "")};
    out->errors.push_back(std::move(e));
    return false;
  }
  return true;
}

}  // namespace

LoadResult LoadFacts(const Schema& schema, std::string_view text, FactsFormat format,
                     const FactsLimits& limits) {
  LoadResult result;
  if (!PreCheck(text, limits, &result)) return result;
  if (format == FactsFormat::kJson) {
    // yaml-cpp accepts YAML that is not JSON ({"a": } or 01); validate strictly first, so that
    // LoadFacts(kJson) and LoadJsonLine accept exactly the same documents. The position comes
    // from yaml-cpp when it also fails, else it is unknown (0).
    thread_local simdjson::dom::parser validator;
    simdjson::dom::element ignored;
    if (validator.parse(simdjson::padded_string(text)).get(ignored) != simdjson::SUCCESS) {
      try {
        (void)YAML::Load(std::string(text));
      } catch (const YAML::Exception& e) {
        return SyntaxError(e.mark.line >= 0 ? e.mark.line + 1 : 0,
                           e.mark.pos >= 0 ? CodePointColumn(text, e.mark.pos) : 0, e.msg);
      } catch (...) {
      }
      return SyntaxError(0, 0, "invalid JSON");
    }
  }
  try {
    // JSON is YAML 1.2 flow syntax: one parser for both formats.
    const YAML::Node root = YAML::Load(std::string(text));
    YamlAdapter adapter;
    adapter.text = text;
    LoadScratch scratch;
    Loader<YamlAdapter> loader(schema, limits, &adapter, &scratch, &result);
    loader.set_max_nodes(NodeBudget(text.size()));
    YAML::Node node = root;
    loader.LoadRoot(node);
    loader.Finish();
  } catch (const YAML::Exception& e) {
    return SyntaxError(e.mark.line >= 0 ? e.mark.line + 1 : 0,
                       e.mark.pos >= 0 ? CodePointColumn(text, e.mark.pos) : 0, e.msg);
  } catch (const std::exception& e) {
    return SyntaxError(0, 0, e.what());
  } catch (...) {
    return SyntaxError(0, 0, "");
  }
  return result;
}

LoadResult LoadJsonLine(const Schema& schema, std::string_view line, const FactsLimits& limits) {
  LoadResult result;
  if (line.size() > limits.max_document_bytes) {
    PreCheck(line, limits, &result);
    return result;
  }
  // One parser per thread, reused across lines: its buffers are the expensive part.
  thread_local simdjson::ondemand::parser parser;
  thread_local simdjson::dom::parser validator;
  // The line plus simdjson's padding, in a per-thread buffer that keeps its capacity (a fresh
  // padded_string per line cost a malloc, a copy and a free).
  thread_local std::string buffer;
  buffer.assign(line);
  buffer.append(simdjson::SIMDJSON_PADDING, '\0');
  const simdjson::padded_string_view padded(buffer.data(), line.size(), buffer.size());
  // The line is parsed once, by On Demand. On Demand checks what it reads (stage 1 validates
  // UTF-8, strings and structure characters over the whole line; each value read and each comma,
  // colon and bracket stepped over is checked) but not what it skips. A load without errors or
  // warnings read every value of the line, and the end of the line is checked below, so it was
  // strict JSON. Any problem (an unknown field, a value of the wrong kind, a duplicate key, an
  // On Demand error) may have left part of the line unread: only then is the whole line
  // validated by the DOM parser (its default depth limit of 1024 also bounds nesting), so that
  // LoadJsonLine accepts and rejects exactly what LoadFacts(kJson) does.
  auto valid = [&] {
    simdjson::dom::element ignored;
    return validator.parse(padded).get(ignored) == simdjson::SUCCESS;
  };
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc) != simdjson::SUCCESS) {
    // Stage 1 failed: invalid UTF-8 is reported as such (as LoadFacts does), anything else is a
    // syntax error.
    if (!PreCheck(line, limits, &result)) return result;
    return SyntaxError(1, 0, "invalid JSON");
  }
  // The root as a value: On Demand gives documents and values different types, so a scalar or
  // null root is handled here and an object root is iterated through the shared Loader.
  simdjson::ondemand::json_type root_type;
  if (doc.type().get(root_type) != simdjson::SUCCESS) return SyntaxError(1, 0, "invalid JSON");
  // Other roots are rare (and never loaded): validated in full first.
  if (root_type != simdjson::ondemand::json_type::object && !valid()) {
    return SyntaxError(1, 0, "invalid JSON");
  }
  JsonAdapter adapter;
  thread_local LoadScratch scratch;
  Loader<JsonAdapter> loader(schema, limits, &adapter, &scratch, &result);
  loader.set_max_nodes(NodeBudget(line.size()));
  if (root_type == simdjson::ondemand::json_type::object) {
    simdjson::ondemand::value root;
    if (doc.get_value().get(root) != simdjson::SUCCESS) return SyntaxError(1, 0, "invalid JSON");
    loader.LoadRoot(root);
  } else if (root_type == simdjson::ondemand::json_type::null) {
    result.facts = std::make_unique<Facts>(&schema);
    return result;
  } else {
    // Same error as the YAML path gives for a non-mapping document.
    FactError e;
    e.key = "facts.root_not_a_mapping";
    e.args = {Arg("path", ""),
              Arg("actual", root_type == simdjson::ondemand::json_type::array ? "list" : "scalar")};
    result.errors.push_back(std::move(e));
    return result;
  }
  loader.Finish();
  // Anything after the root object ("{} x", "{}}") is not JSON.
  const char* rest = nullptr;
  const bool at_end = doc.current_location().get(rest) == simdjson::OUT_OF_BOUNDS;
  const bool clean = !adapter.failed && at_end && result.errors.empty() && result.warnings.empty();
  // After a successful validation, a failure here is an On Demand type surprise.
  if (!clean && (!valid() || adapter.failed)) return SyntaxError(1, 0, "invalid JSON");
  return result;
}

// ---- dump ----

namespace {

void DumpValue(const Schema& schema, const Type& type, const Value& v, const std::string& path,
               bool include_missing, std::string* out);

void DumpRecord(const Schema& schema, const RecordValue& rec, const std::string& prefix,
                bool include_missing, std::string* out) {
  const RecordDef& def = schema.records[static_cast<size_t>(rec.record)];
  for (size_t i = 0; i < def.fields.size(); ++i) {
    std::string path = prefix.empty() ? def.fields[i].name : prefix + "." + def.fields[i].name;
    DumpValue(schema, def.fields[i].type, rec.fields[i], path, include_missing, out);
  }
}

void AppendQuoted(std::string_view s, std::string* out) {
  out->push_back('"');
  for (const char c : s) {
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
        out->push_back(c);
    }
  }
  out->push_back('"');
}

void DumpValue(const Schema& schema, const Type& type, const Value& v, const std::string& path,
               bool include_missing, std::string* out) {
  if (v.is_missing()) {
    if (include_missing) *out += path + " = missing\n";
    return;
  }
  switch (v.kind()) {
    case ValueKind::kRecord:
      DumpRecord(schema, v.as_record(), path, include_missing, out);
      return;
    case ValueKind::kList: {
      const ListView list = v.as_list();
      *out += path + " = list " + std::to_string(list.size) + "\n";
      for (uint32_t i = 0; i < list.size; ++i) {
        DumpRecord(schema, list[i], path + "[" + std::to_string(i) + "]", include_missing, out);
      }
      return;
    }
    default:
      break;
  }
  *out += path;
  *out += " = ";
  switch (v.kind()) {
    case ValueKind::kBool:
      *out += v.as_bool() ? "true" : "false";
      break;
    case ValueKind::kInt:
      *out += std::to_string(v.as_int());
      break;
    case ValueKind::kDecimal:
      *out += v.as_decimal().ToString();
      if (type.unit != UnitId::kNone) {
        out->push_back(' ');
        *out += Symbol(type.unit);
      }
      break;
    case ValueKind::kEnum:
      *out += "enum ";
      *out += schema.enums[static_cast<size_t>(type.index)]
                  .members[static_cast<size_t>(v.as_enum())]
                  .name;
      break;
    case ValueKind::kDate:
      *out += v.as_date().ToString();
      break;
    case ValueKind::kText:
      AppendQuoted(v.as_text(), out);
      break;
    default:
      *out += "?";
      break;
  }
  out->push_back('\n');
}

}  // namespace

std::string DumpFacts(const Facts& facts, bool include_missing) {
  std::string out;
  if (facts.report_date()) out += "报告日期 = " + facts.report_date()->ToString() + "\n";
  if (facts.period_start()) out += "统计起始日期 = " + facts.period_start()->ToString() + "\n";
  DumpRecord(facts.schema(), facts.root(), "", include_missing, &out);
  return out;
}

}  // namespace paicha::rt
