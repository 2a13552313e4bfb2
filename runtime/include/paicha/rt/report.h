// Reports: rendering one rt::Result as text (terminal), JSON (machines) and HTML (print).
//
// The renderers are pure functions of their inputs: the same Result (and, for text and HTML, the
// same Catalog language) always gives byte-identical output. Nothing iterates a hash container;
// items keep the Result's rulebook order inside each status group, and groups come in a fixed
// order: findings (重大事故隐患, then 一般隐患, then 不符合), then 无法判定 with the missing field
// paths named, then 未到期 with the date, then 符合 and 不适用.
//
// All text meant for people (text and HTML) comes from the "report" area of the message catalog
// (locales/report/{zh_CN,en}.txt) through Catalog::Format: nothing is built by concatenating
// words. ICU formats numbers, dates (2024年6月30日 / June 30, 2024) and lists (A、B和C /
// A, B, and C). Numbers are exact decimals given as text: they are shown with exactly the digits
// submitted ("0.30" stays "0.30", never "0.3") and never with digit grouping ("12345", not
// "12,345"), so a value in a report can be compared character by character with the submission.
//
// JSON is language independent (docs/report-json.md): stable ASCII field names in a fixed order,
// statuses as ASCII codes plus a fixed Chinese label, exact decimals as strings, UTF-8 unescaped.
//
// Robustness: every string in a Result may hold arbitrary bytes. Invalid UTF-8 is replaced by
// U+FFFD in every output, HTML escapes & < > " ', JSON escapes " \ and control characters, and
// the ANSI colour codes appear only when TextOptions::color is set. No function here throws.
//
// Thread safety: all functions are reentrant; a Catalog may be shared across threads.
#ifndef PAICHA_RT_REPORT_H_
#define PAICHA_RT_REPORT_H_

#include <string>
#include <string_view>

#include "paicha/rt/messages.h"
#include "paicha/rt/result.h"

namespace paicha::rt {

// Options of the text renderer.
struct TextOptions {
  // Wrap headings and status labels in ANSI SGR escapes (bold, red for 重大事故隐患, ...).
  // Callers decide (e.g. `--color auto` and isatty); the renderer never looks at the terminal.
  bool color = false;
};

// The stable ASCII code of a status, used in JSON and in file names: "major", "general",
// "nonconforming", "compliant", "not_applicable", "not_due", "undetermined". Never changes
// between versions. The returned view points to static storage.
std::string_view StatusCode(ItemStatus status);

// The fixed Chinese label of a status ("重大事故隐患", "一般隐患", "不符合", "符合", "不适用",
// "未到期", "无法判定"), the wording of the standards; JSON's "status_label". Static storage.
std::string_view StatusLabelZh(ItemStatus status);

// The status label in the catalog's language (locale key report.status.<code>), for display.
std::string StatusLabel(ItemStatus status, const Catalog& catalog);

// Formats an exact decimal text ("0.30", "-12", "1234567890123456789") as a number in the
// catalog's language with ICU, keeping every digit and the scale and never grouping digits.
// Text that is not a plain decimal ([-]digits[.digits]) is returned unchanged (after UTF-8
// repair), so a malformed value is visible rather than hidden.
std::string FormatDecimal(std::string_view decimal, const Catalog& catalog);

// Formats a "YYYY-MM-DD" date as the catalog's long date (2024年6月30日 / June 30, 2024).
// Text that is not such a date is returned unchanged (after UTF-8 repair).
std::string FormatDate(std::string_view date, const Catalog& catalog);

// Renders the report as plain text for a terminal or a .txt file: header, summary counts, then
// every item grouped by status as described at the top of this file. Ends with a newline.
std::string RenderText(const Result& result, const Catalog& catalog,
                       TextOptions options = TextOptions{});

// Renders the report as JSON (schema: docs/report-json.md, "format_version": 1). Language
// independent, deterministic, pretty-printed with two-space indentation, ends with a newline.
std::string RenderJson(const Result& result);

// Appends `s` to *out as a JSON string literal: quotes added; `"`, `\\` and control characters
// (and DEL) escaped; other bytes copied, so UTF-8 stays readable. The one JSON string escaper of
// the project (RenderJson, `paicha batch`, `paicha schema`).
void AppendJsonString(std::string_view s, std::string* out);

// Renders the report as one self-contained HTML5 document: inline CSS (print-friendly, A4),
// no scripts, no external resources. Summary table first, then the findings as a 隐患台账 ledger
// (问题隐患, 依据, 整改措施, 整改时限, 责任人, 整改资金, 完成情况 — the last three blank for the
// enterprise to fill in), then 无法判定, 未到期, 符合 and 不适用.
std::string RenderHtml(const Result& result, const Catalog& catalog);

}  // namespace paicha::rt

#endif  // PAICHA_RT_REPORT_H_
