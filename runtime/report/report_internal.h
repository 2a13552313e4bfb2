// Internal helpers shared by the three report renderers (text, JSON, HTML). Not API: include only
// from runtime/report/*.cc and its tests.
//
// Invariants the renderers rely on:
// - Every function returns valid UTF-8, whatever bytes the Result holds (invalid sequences become
//   U+FFFD), so the outputs never carry broken text into a terminal, a JSON parser or a browser.
// - Grouping is stable: an ItemGroups keeps the Result's item order inside each group.
// - Nothing here reads global state other than the Catalog it is given.
#ifndef PAICHA_RUNTIME_REPORT_REPORT_INTERNAL_H_
#define PAICHA_RUNTIME_REPORT_REPORT_INTERNAL_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "paicha/rt/messages.h"
#include "paicha/rt/report.h"
#include "paicha/rt/result.h"

#include <unicode/uversion.h>  // U_NAMESPACE_BEGIN: icu is an alias of a versioned namespace

U_NAMESPACE_BEGIN
class ListFormatter;
U_NAMESPACE_END

namespace paicha::rt::report_internal {

// How control characters are treated by SanitizeUtf8.
enum class Controls : uint8_t {
  kKeep,            // keep every code point (JSON escapes them itself)
  kKeepLineBreaks,  // keep \n and \t, turn \r\n and \r into \n, replace other C0/C1
                    // controls and DEL by U+FFFD
};

// Returns `in` with every invalid UTF-8 sequence (overlong forms, surrogates, values above
// U+10FFFF, truncated sequences) replaced by U+FFFD, and control characters handled as asked.
std::string SanitizeUtf8(std::string_view in, Controls controls);

// A copy of `result` with every string passed through SanitizeUtf8. Renderers work on this copy
// so that everything they insert into a message or markup is valid UTF-8 (and, for text and HTML,
// free of terminal control sequences), while their own ANSI styling stays possible.
Result SanitizedCopy(const Result& result, Controls controls);

// True when `text` is a plain exact decimal: an optional '-', one or more ASCII digits, and
// optionally '.' followed by one or more digits. Sets *scale to the digit count after the point.
bool ParseDecimal(std::string_view text, int* scale);

// True when `text` is a valid calendar date "YYYY-MM-DD" (proleptic Gregorian, year 0001–9999).
bool IsIsoDate(std::string_view text);

// The first 12 characters of a hex content hash (the whole text when shorter or not hex).
std::string ShortHash(std::string_view hash);

// Items of a Result split by how reports present them; pointers into the Result (which must
// outlive the groups). Findings are ordered 重大事故隐患, 一般隐患, 不符合, each in Result order.
struct ItemGroups {
  std::vector<const ItemResult*> findings;
  std::vector<const ItemResult*> undetermined;
  std::vector<const ItemResult*> not_due;
  std::vector<const ItemResult*> compliant;
  std::vector<const ItemResult*> not_applicable;
};
ItemGroups GroupItems(const Result& result);

// Formatting in one catalog's language: the catalog plus an ICU list formatter made once per
// report. Not copyable; create one per Render* call (cheap compared to a report).
class Formatter {
 public:
  explicit Formatter(const Catalog& catalog);
  ~Formatter();
  Formatter(const Formatter&) = delete;
  Formatter& operator=(const Formatter&) = delete;

  const Catalog& catalog() const { return catalog_; }

  // Catalog::Format. Arguments must already be sanitised (they come from a SanitizedCopy).
  std::string Format(std::string_view key, const std::vector<MsgArg>& args = {}) const;

  // An ICU "and" list in the catalog's language: "A、B和C" / "A, B, and C". Returns "" for
  // an empty list.
  std::string List(const std::vector<std::string>& elements) const;

  // A submitted value as people read it: booleans as 是/否, numbers exact and ungrouped,
  // quantities with their unit, text in quotes, dates long, lists as their element count.
  std::string Value(const FactValue& value) const;

  // "path = value（label）", or "path = value" when the label is empty or equals the path.
  std::string Fact(const Fact& fact) const;

  // "label：value" with the label from report.label.<label_key>.
  std::string Field(std::string_view label_key, std::string_view value) const;

  // "label：" introducing lines that follow (report.field_heading).
  std::string FieldHeading(std::string_view label_key) const;

  // "{id} {title}" of a section through report.section_name, or "" when `section_id` is empty
  // or names no section of the result.
  std::string SectionName(const Result& result, std::string_view section_id) const;
  // The same for a section in hand; a section without id renders as its title alone.
  std::string SectionName(const SectionResult& section) const;

 private:
  const Catalog& catalog_;
  std::unique_ptr<icu::ListFormatter> list_;  // null when ICU lacks list data (then "、"/", ")
};

// Labels of the situations with the given Holds value, in Result order.
std::vector<std::string> SituationLabels(const ItemResult& item, Situation::Holds holds);

}  // namespace paicha::rt::report_internal

#endif  // PAICHA_RUNTIME_REPORT_REPORT_INTERNAL_H_
