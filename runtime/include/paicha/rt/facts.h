// Facts: one submission (inspection data) loaded and type-checked against a rulebook's Schema.
//
// A submission is a YAML or JSON document (JSON is read as YAML by yaml-cpp) whose top-level keys
// are the schema's root field names (Chinese, e.g. 单位名称), plus two reserved keys:
// 报告日期 / report_date (the report date) and 统计起始日期 / period_start (start of the counting
// window, 口径 5). LoadJsonLine reads one JSON object per call with simdjson (JSON Lines batches)
// and gives the same Facts, errors and warnings as LoadFacts on the same object.
//
// Loading rules (every problem is reported; loading never stops at the first one):
//  - an absent field or an explicit null (~, null) is kMissing: not an error;
//  - wrong types, bad numbers/dates/units/enum labels are errors naming the path
//    ("除尘系统[2].类型") with a message key under facts.* (locales/facts) and typed arguments;
//    the field is then kMissing (the rest of the document still loads);
//  - unknown keys are warnings (facts.unknown_field); a key given twice is an error and the
//    first value is kept;
//  - every scalar is read as the text written: a JSON number's raw token, a string's content
//    ("12" and 12 are the same), so YAML, JSON and JSON Lines agree exactly;
//  - int: an integral plain decimal ("12", "12.0"); decimal: a plain decimal, or a ratio
//    ("85%", "0.3‰") converted exactly to a plain number (0.85);
//  - quantities: a bare number is in the declared unit; "12 kPa", "0.012MPa", "30%" convert
//    exactly to the declared unit (12.000 kPa keeps the scale of the exact product);
//    incompatible, unknown or inexact units are errors; 整数(unit) fields must be integral;
//  - durations ("3个月", "90天", "2周", "1年"): as quantities, and the value must be a whole
//    number of days or months (dates only move by whole days or months);
//  - bool: true/false (also True/TRUE/False/FALSE)/是/否/有/无;
//  - enum: a member's name or label;
//  - dates: YYYY-MM-DD, YYYY/M/D, YYYY年M月D日 (Date::Parse), 1900..2999;
//  - the document must be valid UTF-8 (facts.invalid_utf8); its top level a mapping
//    (facts.root_not_a_mapping) or empty (all fields missing);
//  - malformed YAML/JSON: a single facts.syntax error with line and column (1-based, columns in
//    code points) when known. FactsFormat::kJson is validated as strict JSON first, so
//    LoadFacts(kJson) and LoadJsonLine accept exactly the same documents.
// Errors and warnings are in document order (deterministic); YAML-path errors carry positions,
// JSON-line errors have line = column = 0 (simdjson gives no positions).
//
// Hard limits (FactsLimits) keep a hostile or broken submission from exhausting memory or the
// stack: nesting depth, list length, document size, text length.
//
// Thread safety: Facts is immutable after loading and may be read from many threads at once.
// LoadFacts/LoadJsonLine are reentrant. They never throw (yaml-cpp and simdjson errors are caught
// inside) and have no undefined behaviour on any input.
#ifndef PAICHA_RT_FACTS_H_
#define PAICHA_RT_FACTS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paicha/rt/calendar.h"
#include "paicha/rt/messages.h"
#include "paicha/rt/schema.h"
#include "paicha/rt/value.h"

namespace paicha::rt {

// The loaded submission. Owns every Value, record and text (arena); refers to the Schema, which
// must outlive it.
class Facts {
 public:
  // Empty facts (every root field kMissing, no dates) for `schema`, which must outlive this.
  // Also the starting point for building facts by hand (tests, benchmarks): see mutable_root().
  explicit Facts(const Schema* schema);
  Facts(const Facts&) = delete;
  Facts& operator=(const Facts&) = delete;

  const Schema& schema() const { return *schema_; }
  const RecordValue& root() const { return *root_; }
  std::optional<Date> report_date() const { return report_date_; }
  std::optional<Date> period_start() const { return period_start_; }

  // A cache hint for batch evaluation: starts loading this submission's values into the
  // processor's cache. A loop over many loaded submissions calls it on the next one while it
  // evaluates the current one, so that the evaluation does not wait for memory (the values of
  // one submission are a few KiB in a few arena blocks). Results never depend on it.
  void Prefetch() const { arena_.Prefetch(); }

  // ---- building (loader, tests, benchmarks) ----
  Arena& arena() { return arena_; }
  // The root record's values, writable; field_count = root record's field count.
  Value* mutable_root() { return root_values_; }
  void set_report_date(std::optional<Date> d) { report_date_ = d; }
  void set_period_start(std::optional<Date> d) { period_start_ = d; }
  // Allocates a record of schema record `record` (all fields kMissing) under `parent`'s field
  // `parent_field` at `list_index` (-1 when not a list element). Returns its writable values
  // through *values (field_count entries). The RecordValue is owned by the arena.
  RecordValue* NewRecord(int32_t record, const RecordValue* parent, int32_t parent_field,
                         int32_t list_index, Value** values);

 private:
  const Schema* schema_;
  Arena arena_;
  RecordValue* root_ = nullptr;
  Value* root_values_ = nullptr;
  std::optional<Date> report_date_;
  std::optional<Date> period_start_;
};

// A problem with the submission, rendered by whoever prints it (Catalog::Format(key, args)).
// `path` is the field path ("除尘系统[2].类型"; "" for the document itself); the args always
// include {path} and, per key, the ones listed in locales/facts.
struct FactError {
  std::string path;
  std::string key;  // e.g. "facts.bad_enum"
  std::vector<MsgArg> args;
  // 1-based position in the document when known (YAML/JSON path), 0 otherwise.
  int line = 0;
  int column = 0;
};

enum class FactsFormat : uint8_t { kYaml, kJson };

// Limits, each with its reason.
struct FactsLimits {
  // yaml-cpp parses recursively; 64 levels is far deeper than any form (root > list > record >
  // list > record is 5) and keeps a hostile "[[[[...]]]]" from overflowing the stack.
  int max_depth = 64;
  // Longest list: 100k inspection records is several years of daily records for a large plant;
  // larger lists are certainly generated junk and would make evaluation slow.
  size_t max_list_length = 100000;
  // Whole document: 64 MiB bounds memory (the parsed tree costs ~10× the text).
  size_t max_document_bytes = 64u << 20;
  // One text value: 1 MiB; no form field needs more, and reports quote texts.
  size_t max_text_bytes = 1u << 20;
  // (Also: visited nodes are capped at 2 × max(text size, 4096), so YAML aliases cannot expand a
  // small document into a huge tree: facts.too_many_nodes.)
  // At most this many errors are kept (the rest are counted in a final facts.too_many_errors):
  // a wrong file against the wrong rulebook would otherwise produce one error per value.
  size_t max_errors = 200;
};

struct LoadResult {
  // Non-null unless the document could not be read at all (syntax error, over a limit, not a
  // mapping at top level). Fields with errors are kMissing. Callers must not evaluate when
  // `errors` is non-empty, but may show the facts.
  std::unique_ptr<Facts> facts;
  std::vector<FactError> errors;
  std::vector<FactError> warnings;
  bool ok() const { return facts != nullptr && errors.empty(); }
};

// Loads a YAML or JSON submission. `schema` must be valid (Schema::Validate() == "") and
// outlive the result's Facts.
LoadResult LoadFacts(const Schema& schema, std::string_view text, FactsFormat format,
                     const FactsLimits& limits = FactsLimits());

// Loads one JSON object (one line of a JSON Lines batch) with simdjson: same semantics, errors
// and warnings as LoadFacts(..., kJson), except that syntax error positions may differ.
LoadResult LoadJsonLine(const Schema& schema, std::string_view line,
                        const FactsLimits& limits = FactsLimits());

// A deterministic text dump of the facts, one line per submitted (non-missing) value in schema
// order, for tests and goldens:
//   报告日期 = 2024-06-30
//   单位名称 = "甲厂"            (text: quoted, \" \\ \n \r \t escaped)
//   除尘系统 = list 2
//   除尘系统[0].类型 = enum 干式   (the member's name)
//   除尘系统[0].风量 = 1200.5 m³/h (quantities and durations with the declared unit's symbol)
// Missing fields are listed as "<path> = missing" when `include_missing` is true.
std::string DumpFacts(const Facts& facts, bool include_missing = false);

}  // namespace paicha::rt

#endif  // PAICHA_RT_FACTS_H_
