// RenderHtml: one self-contained, print-friendly HTML5 document.
//
// Structure: header table (rulebook, version, date, subject, hash, score, grade, colour), summary
// table of counts per status, section scores (when scored), the 隐患台账 ledger of findings, then
// 无法判定 (with the missing fields), 未到期 (with the date), 符合 and 不适用 (ids), and a footer.
// Every piece of text is formatted by the catalog first and escaped afterwards, so markup can
// never come from data; the markup itself is fixed, with no scripts and no external resources.
#include <string>
#include <string_view>
#include <vector>

#include "paicha/rt/report.h"
#include "report/report_internal.h"

namespace paicha::rt {

namespace {

using report_internal::Formatter;

// Inline style sheet. Screen: readable widths; print: A4 landscape (the ledger is wide), table
// headers repeated on each page, rows not split, colours reduced to borders.
constexpr std::string_view kStyle = R"css(
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:78em;padding:0 1em;color:#111;line-height:1.5}
h1{font-size:1.6em;margin:0 0 .4em}
h2{font-size:1.2em;border-bottom:2px solid #333;margin:1.6em 0 .5em;padding-bottom:.1em}
table{border-collapse:collapse;width:100%;margin:.4em 0}
th,td{border:1px solid #999;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f0f0f0;font-weight:600}
table.meta th{width:9em}
table.summary{width:auto;min-width:24em}
table.summary td.n{text-align:right;min-width:4em}
td.num{text-align:right;white-space:nowrap}
td.blank{min-width:5em}
ul{margin:.2em 0;padding-left:1.3em}
.pre{white-space:pre-line}
.badge{display:inline-block;padding:0 .4em;border-radius:3px;font-size:.85em;border:1px solid currentColor}
.major{color:#b00020}.general{color:#b45309}.nonconforming{color:#6d28d9}.undetermined{color:#0e7490}
.not_due{color:#1d4ed8}.compliant{color:#15803d}.not_applicable{color:#555}
.warn{color:#b45309;font-weight:600}
.swatch{display:inline-block;width:.9em;height:.9em;border:1px solid #333;vertical-align:-.1em;margin-right:.3em}
.id{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
footer{margin-top:2em;font-size:.85em;color:#555}
@page{size:A4 landscape;margin:12mm}
@media print{body{margin:0;max-width:none;padding:0}h2{break-after:avoid}tr{break-inside:avoid}thead{display:table-header-group}th{background:none}}
)css";

// Appends `text` escaped for HTML text and attribute values (& < > " ').
void AppendEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

// CSS colour of a 风险色 value, or "" when the name is not one of the four standard colours.
std::string_view SwatchColour(std::string_view colour) {
  if (colour == "红" || colour == "红色" || colour == "red") return "#d32f2f";
  if (colour == "橙" || colour == "橙色" || colour == "orange") return "#f57c00";
  if (colour == "黄" || colour == "黄色" || colour == "yellow") return "#fbc02d";
  if (colour == "蓝" || colour == "蓝色" || colour == "blue") return "#1976d2";
  return "";
}

class HtmlWriter {
 public:
  HtmlWriter(const Result& result, const Catalog& catalog) : result_(result), fmt_(catalog) {}

  std::string Render() {
    out_.reserve(16384);
    const report_internal::ItemGroups groups = report_internal::GroupItems(result_);
    Head();
    Meta();
    SummaryTable();
    SectionScores();
    Ledger(groups.findings);
    Undetermined(groups.undetermined);
    NotDue(groups.not_due);
    Compact("report.heading.compliant", "compliant", groups.compliant);
    Compact("report.heading.not_applicable", "not_applicable", groups.not_applicable);
    Raw("<footer><p>");
    if (result_.content_hash.empty()) {
      Text(fmt_.Format("report.html.generated_nohash"));
    } else {
      Text(fmt_.Format("report.html.generated",
                       {{"hash", report_internal::ShortHash(result_.content_hash)}}));
    }
    Raw("</p></footer>\n</body>\n</html>\n");
    return std::move(out_);
  }

 private:
  void Raw(std::string_view markup) { out_ += markup; }
  void Text(std::string_view text) { AppendEscaped(out_, text); }
  // <tag class="cls">text</tag>
  void Element(std::string_view tag, std::string_view cls, std::string_view text) {
    out_ += '<';
    out_ += tag;
    if (!cls.empty()) {
      out_ += " class=\"";
      out_ += cls;
      out_ += '"';
    }
    out_ += '>';
    Text(text);
    out_ += "</";
    out_ += tag;
    out_ += '>';
  }

  void Head() {
    Raw("<!DOCTYPE html>\n<html lang=\"");
    Text(fmt_.Format("report.html.lang"));
    Raw("\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    Text(fmt_.Format("report.html.doc_title", {{"title", result_.rulebook_title}}));
    Raw("</title>\n<style>");
    Raw(kStyle);
    Raw("</style>\n</head>\n<body>\n<header>\n");
    Element("h1", "", fmt_.Format("report.title"));
    Raw("\n</header>\n");
  }

  void MetaRow(std::string_view label_key, std::string_view value) {
    std::string key = "report.label.";
    key += label_key;
    Raw("<tr>");
    Element("th", "", fmt_.Format(key));
    Element("td", "", value);
    Raw("</tr>\n");
  }

  void Meta() {
    Raw("<table class=\"meta\">\n");
    MetaRow("rulebook", result_.rulebook_title);
    if (!result_.rulebook_version.empty()) MetaRow("version", result_.rulebook_version);
    if (!result_.report_date.empty()) {
      MetaRow("report_date", FormatDate(result_.report_date, fmt_.catalog()));
    }
    if (!result_.subject.empty()) MetaRow("subject", result_.subject);
    if (!result_.content_hash.empty()) {
      MetaRow("content_hash", report_internal::ShortHash(result_.content_hash));
    }
    const Summary& s = result_.summary;
    if (!s.score.empty()) MetaRow("score", FormatDecimal(s.score, fmt_.catalog()));
    if (!s.grade.empty()) MetaRow("grade", s.grade);
    if (!s.colour.empty()) {
      Raw("<tr>");
      Element("th", "", fmt_.Format("report.label.colour"));
      Raw("<td>");
      const std::string_view swatch = SwatchColour(s.colour);
      if (!swatch.empty()) {
        Raw(R"(<span class="swatch" style="background:)");
        Raw(swatch);  // from the fixed table above, never from data
        Raw("\"></span>");
      }
      Text(s.colour);
      Raw("</td></tr>\n");
    }
    Raw("</table>\n");
  }

  void SummaryRow(ItemStatus status, int count) {
    Raw("<tr class=\"");
    Raw(StatusCode(status));
    Raw("\">");
    Element("td", "", StatusLabel(status, fmt_.catalog()));
    Element("td", "n", fmt_.Format("report.count", {{"count", int64_t{count}}}));
    Raw("</tr>\n");
  }

  void SummaryTable() {
    Element("h2", "", fmt_.Format("report.label.summary"));
    Raw("\n<table class=\"summary\">\n<thead><tr>");
    Element("th", "", fmt_.Format("report.html.status"));
    Element("th", "", fmt_.Format("report.html.count"));
    Raw("</tr></thead>\n<tbody>\n");
    const Summary& s = result_.summary;
    SummaryRow(ItemStatus::kMajor, s.major);
    SummaryRow(ItemStatus::kGeneral, s.general);
    SummaryRow(ItemStatus::kNonconforming, s.nonconforming);
    SummaryRow(ItemStatus::kUndetermined, s.undetermined);
    SummaryRow(ItemStatus::kNotDue, s.not_due);
    SummaryRow(ItemStatus::kCompliant, s.compliant);
    SummaryRow(ItemStatus::kNotApplicable, s.not_applicable);
    Raw("</tbody>\n</table>\n");
  }

  void SectionScores() {
    bool scored = false;
    for (const SectionResult& section : result_.sections) scored |= !section.max_points.empty();
    if (!scored) return;
    Element("h2", "", fmt_.Format("report.heading.sections"));
    Raw("\n<ul>\n");
    for (const SectionResult& section : result_.sections) {
      if (section.max_points.empty()) continue;
      const std::string name = fmt_.SectionName(section);
      Element("li", "",
              fmt_.Format("report.section_score",
                          {{"section", name},
                           {"earned", FormatDecimal(section.earned_points, fmt_.catalog())},
                           {"max", FormatDecimal(section.max_points, fmt_.catalog())}}));
      Raw("\n");
    }
    Raw("</ul>\n");
  }

  // "<span class="badge major">重大事故隐患</span> <span class="id">ID</span> title"
  void ItemTitle(const ItemResult& item, bool badge) {
    if (badge) {
      Raw("<span class=\"badge ");
      Raw(StatusCode(item.status));
      Raw("\">");
      Text(StatusLabel(item.status, fmt_.catalog()));
      Raw("</span> ");
    }
    Element("span", "id", item.id);
    Raw(" ");
    Element("strong", "", item.title);
  }

  void DetailParagraph(std::string_view label_key, std::string_view value) {
    Element("div", "pre", fmt_.Field(label_key, value));
  }

  void FactsAndSituations(const ItemResult& item) {
    if (!item.facts.empty()) {
      Element("div", "", fmt_.FieldHeading("facts"));
      Raw("<ul>");
      for (const Fact& fact : item.facts) Element("li", "", fmt_.Fact(fact));
      Raw("</ul>");
    }
    if (!item.situations.empty()) {
      const auto held = report_internal::SituationLabels(item, Situation::Holds::kYes);
      const auto unknown = report_internal::SituationLabels(item, Situation::Holds::kUnknown);
      const auto not_due = report_internal::SituationLabels(item, Situation::Holds::kNotDue);
      if (!held.empty()) {
        Element("div", "", fmt_.Format("report.situations_held", {{"list", fmt_.List(held)}}));
      }
      if (!unknown.empty()) {
        Element("div", "",
                fmt_.Format("report.situations_unknown", {{"list", fmt_.List(unknown)}}));
      }
      if (!not_due.empty()) {
        Element("div", "",
                fmt_.Format("report.situations_not_due", {{"list", fmt_.List(not_due)}}));
      }
      if (held.empty() && unknown.empty() && not_due.empty()) {
        Element("div", "", fmt_.Format("report.situations_none"));
      }
    }
  }

  void SectionLine(const ItemResult& item) {
    const std::string section = fmt_.SectionName(result_, item.section_id);
    if (!section.empty()) Element("div", "", fmt_.Field("section", section));
  }

  void Unverified(const ItemResult& item) {
    if (item.unverified) Element("div", "warn", fmt_.Format("report.unverified"));
  }

  void LedgerHeader(std::string_view key) {
    std::string k = "report.html.ledger.";
    k += key;
    Element("th", "", fmt_.Format(k));
  }

  // 隐患台账: one row per finding.
  void Ledger(const std::vector<const ItemResult*>& items) {
    Element("h2", "", fmt_.Format("report.heading.ledger"));
    Raw("\n");
    Element(
        "p", "",
        fmt_.Format("report.heading.findings", {{"count", static_cast<int64_t>(items.size())}}));
    Raw("\n");
    if (items.empty()) {
      Element("p", "", fmt_.Format("report.no_findings"));
      Raw("\n");
      return;
    }
    Raw("<table class=\"ledger\">\n<thead><tr>");
    for (std::string_view key :
         {"number", "hazard", "clause", "remedy", "deadline", "owner", "funds", "done"}) {
      LedgerHeader(key);
    }
    Raw("</tr></thead>\n<tbody>\n");
    int n = 0;
    for (const ItemResult* item : items) {
      Raw("<tr class=\"");
      Raw(StatusCode(item->status));
      Raw("\">");
      Element("td", "num", fmt_.Format("report.count_plain", {{"n", int64_t{++n}}}));
      Raw("<td>");
      ItemTitle(*item, /*badge=*/true);
      SectionLine(*item);
      FactsAndSituations(*item);
      if (!item->explanation.empty()) DetailParagraph("explanation", item->explanation);
      if (!item->deducted.empty()) {
        const std::string deducted = FormatDecimal(item->deducted, fmt_.catalog());
        if (item->points.empty()) {
          Element("div", "", fmt_.Format("report.deducted", {{"deducted", deducted}}));
        } else {
          Element("div", "",
                  fmt_.Format("report.points",
                              {{"deducted", deducted},
                               {"points", FormatDecimal(item->points, fmt_.catalog())}}));
        }
      }
      if (item->veto) Element("div", "warn", fmt_.Format("report.veto"));
      Unverified(*item);
      Raw("</td>");
      Element("td", "pre", item->clause);
      Element("td", "pre", item->remedy);
      Element("td", "",
              item->deadline.has_value() ? FormatDate(*item->deadline, fmt_.catalog()) : "");
      // 责任人, 整改资金, 完成情况: left blank for the enterprise to fill in on paper.
      Raw("<td class=\"blank\"></td><td class=\"blank\"></td><td class=\"blank\"></td></tr>\n");
    }
    Raw("</tbody>\n</table>\n");
  }

  void ItemTableHeader(std::string_view detail_label_key) {
    Raw("<table>\n<thead><tr>");
    Element("th", "", fmt_.Format("report.html.item"));
    Element("th", "", fmt_.Format("report.label.clause"));
    std::string key = "report.label.";
    key += detail_label_key;
    Element("th", "", fmt_.Format(key));
    Raw("</tr></thead>\n<tbody>\n");
  }

  void Undetermined(const std::vector<const ItemResult*>& items) {
    if (items.empty()) return;
    Element("h2", "undetermined",
            fmt_.Format("report.heading.undetermined",
                        {{"count", static_cast<int64_t>(items.size())}}));
    Raw("\n");
    ItemTableHeader("missing");
    for (const ItemResult* item : items) {
      Raw("<tr><td>");
      ItemTitle(*item, /*badge=*/false);
      SectionLine(*item);
      FactsAndSituations(*item);
      Unverified(*item);
      Raw("</td>");
      Element("td", "pre", item->clause);
      // Never hidden: an item without recorded paths says so.
      Element("td", "",
              item->missing.empty() ? fmt_.Format("report.no_missing") : fmt_.List(item->missing));
      Raw("</tr>\n");
    }
    Raw("</tbody>\n</table>\n");
  }

  void NotDue(const std::vector<const ItemResult*>& items) {
    if (items.empty()) return;
    Element("h2", "not_due",
            fmt_.Format("report.heading.not_due", {{"count", static_cast<int64_t>(items.size())}}));
    Raw("\n");
    ItemTableHeader("not_due_until");
    for (const ItemResult* item : items) {
      Raw("<tr><td>");
      ItemTitle(*item, /*badge=*/false);
      SectionLine(*item);
      FactsAndSituations(*item);
      Unverified(*item);
      Raw("</td>");
      Element("td", "pre", item->clause);
      Element("td", "", FormatDate(item->not_due_until, fmt_.catalog()));
      Raw("</tr>\n");
    }
    Raw("</tbody>\n</table>\n");
  }

  // 符合 / 不适用: one list entry per item (id and title), flagged when unverified.
  void Compact(std::string_view heading_key, std::string_view cls,
               const std::vector<const ItemResult*>& items) {
    if (items.empty()) return;
    Element("h2", cls, fmt_.Format(heading_key, {{"count", static_cast<int64_t>(items.size())}}));
    Raw("\n<ul>\n");
    for (const ItemResult* item : items) {
      Raw("<li>");
      ItemTitle(*item, /*badge=*/false);
      if (item->unverified) {
        Raw(" ");
        Element("span", "warn", fmt_.Format("report.unverified"));
      }
      Raw("</li>\n");
    }
    Raw("</ul>\n");
  }

  const Result& result_;
  Formatter fmt_;
  std::string out_;
};

}  // namespace

std::string RenderHtml(const Result& result, const Catalog& catalog) {
  const Result clean =
      report_internal::SanitizedCopy(result, report_internal::Controls::kKeepLineBreaks);
  return HtmlWriter(clean, catalog).Render();
}

}  // namespace paicha::rt
