// RenderText: the terminal / plain-text report. Layout (every phrase from locales/report):
//
//   title, then "label：value" header lines (rulebook, version, date, subject, hash, summary,
//   score, grade, colour), then blocks introduced by "■ heading": section scores (when scored),
//   findings, 无法判定, 未到期, 符合, 不适用. Items are numbered within their block; detail lines
//   are indented by three spaces, fact lines by five. Multi-line texts keep their line breaks,
//   re-indented so the block structure survives.
#include <string>
#include <vector>

#include "paicha/rt/report.h"
#include "report/report_internal.h"

namespace paicha::rt {

namespace {

using report_internal::Formatter;

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";

std::string_view StatusColour(ItemStatus status) {
  switch (status) {
    case ItemStatus::kMajor:
      return "\x1b[1;31m";  // bold red
    case ItemStatus::kGeneral:
      return "\x1b[1;33m";  // bold yellow
    case ItemStatus::kNonconforming:
      return "\x1b[35m";  // magenta
    case ItemStatus::kCompliant:
      return "\x1b[32m";  // green
    case ItemStatus::kNotApplicable:
      return "\x1b[2m";  // dim
    case ItemStatus::kNotDue:
      return "\x1b[34m";  // blue
    case ItemStatus::kUndetermined:
      break;
  }
  return "\x1b[1;36m";  // bold cyan: undetermined must stand out, it is not a pass
}

class TextWriter {
 public:
  TextWriter(const Result& result, const Catalog& catalog, TextOptions options)
      : result_(result), fmt_(catalog), options_(options) {}

  std::string Render() {
    out_.reserve(4096);
    Header();
    const report_internal::ItemGroups groups = report_internal::GroupItems(result_);
    SectionScores();
    Findings(groups.findings);
    Undetermined(groups.undetermined);
    NotDue(groups.not_due);
    Compact("report.heading.compliant", ItemStatus::kCompliant, groups.compliant);
    Compact("report.heading.not_applicable", ItemStatus::kNotApplicable, groups.not_applicable);
    UnverifiedIds(groups);
    return std::move(out_);
  }

 private:
  // Appends `text` as one or more lines: the first prefixed by `indent` spaces, continuation
  // lines (from line breaks inside the text) by two more, so they read as part of the entry.
  void Line(int indent, std::string_view text) {
    size_t begin = 0;
    while (true) {
      const size_t end = text.find('\n', begin);
      out_.append(static_cast<size_t>(begin == 0 ? indent : indent + 2), ' ');
      out_.append(text.substr(begin, end == std::string_view::npos ? end : end - begin));
      out_ += '\n';
      if (end == std::string_view::npos) break;
      begin = end + 1;
    }
  }

  std::string Styled(std::string_view style, std::string text) const {
    if (!options_.color) return text;
    std::string s(style);
    s += text;
    s += kReset;
    return s;
  }

  void Heading(const std::string& text) {
    out_ += '\n';
    Line(0, Styled(kBold, "■ " + text));
  }

  void Header() {
    Line(0, Styled(kBold, fmt_.Format("report.title")));
    Line(0, fmt_.Field("rulebook", result_.rulebook_title));
    if (!result_.rulebook_version.empty()) {
      Line(0, fmt_.Field("version", result_.rulebook_version));
    }
    if (!result_.report_date.empty()) {
      Line(0, fmt_.Field("report_date", FormatDate(result_.report_date, fmt_.catalog())));
    }
    if (!result_.subject.empty()) Line(0, fmt_.Field("subject", result_.subject));
    if (!result_.content_hash.empty()) {
      Line(0, fmt_.Field("content_hash", report_internal::ShortHash(result_.content_hash)));
    }
    const Summary& s = result_.summary;
    Line(0, fmt_.Field("summary", fmt_.Format("report.summary_counts",
                                              {{"major", int64_t{s.major}},
                                               {"general", int64_t{s.general}},
                                               {"nonconforming", int64_t{s.nonconforming}},
                                               {"undetermined", int64_t{s.undetermined}},
                                               {"not_due", int64_t{s.not_due}},
                                               {"compliant", int64_t{s.compliant}},
                                               {"not_applicable", int64_t{s.not_applicable}}})));
    if (!s.score.empty()) Line(0, fmt_.Field("score", FormatDecimal(s.score, fmt_.catalog())));
    if (!s.grade.empty()) Line(0, fmt_.Field("grade", s.grade));
    if (!s.colour.empty()) Line(0, fmt_.Field("colour", s.colour));
  }

  void SectionScores() {
    bool scored = false;
    for (const SectionResult& section : result_.sections) scored |= !section.max_points.empty();
    if (!scored) return;
    Heading(fmt_.Format("report.heading.sections"));
    for (const SectionResult& section : result_.sections) {
      if (section.max_points.empty()) continue;
      const std::string name = fmt_.SectionName(section);
      Line(3, fmt_.Format("report.section_score",
                          {{"section", name},
                           {"earned", FormatDecimal(section.earned_points, fmt_.catalog())},
                           {"max", FormatDecimal(section.max_points, fmt_.catalog())}}));
    }
  }

  // "n. 【status】id title" (or without the status inside blocks of one status).
  void ItemHead(int n, const ItemResult& item, bool with_status) {
    if (with_status) {
      Line(0, fmt_.Format("report.text.item",
                          {{"n", int64_t{n}},
                           {"status", Styled(StatusColour(item.status),
                                             StatusLabel(item.status, fmt_.catalog()))},
                           {"id", item.id},
                           {"title", item.title}}));
    } else {
      Line(0, fmt_.Format("report.text.item_plain",
                          {{"n", int64_t{n}}, {"id", item.id}, {"title", item.title}}));
    }
  }

  void ClauseAndSection(const ItemResult& item) {
    if (!item.clause.empty()) Line(3, fmt_.Field("clause", item.clause));
    const std::string section = fmt_.SectionName(result_, item.section_id);
    if (!section.empty()) Line(3, fmt_.Field("section", section));
  }

  void Facts(const ItemResult& item) {
    if (item.facts.empty()) return;
    Line(3, fmt_.FieldHeading("facts"));
    for (const Fact& fact : item.facts) Line(5, fmt_.Fact(fact));
  }

  void Situations(const ItemResult& item) {
    if (item.situations.empty()) return;
    const auto held = report_internal::SituationLabels(item, Situation::Holds::kYes);
    const auto unknown = report_internal::SituationLabels(item, Situation::Holds::kUnknown);
    const auto not_due = report_internal::SituationLabels(item, Situation::Holds::kNotDue);
    if (!held.empty()) {
      Line(3, fmt_.Format("report.situations_held", {{"list", fmt_.List(held)}}));
    }
    if (!unknown.empty()) {
      Line(3, fmt_.Format("report.situations_unknown", {{"list", fmt_.List(unknown)}}));
    }
    if (!not_due.empty()) {
      Line(3, fmt_.Format("report.situations_not_due", {{"list", fmt_.List(not_due)}}));
    }
    if (held.empty() && unknown.empty() && not_due.empty()) {
      Line(3, fmt_.Format("report.situations_none"));
    }
  }

  void Unverified(const ItemResult& item) {
    if (!item.unverified) return;
    Line(3, Styled("\x1b[33m", fmt_.Format("report.unverified")));
  }

  void Findings(const std::vector<const ItemResult*>& items) {
    Heading(
        fmt_.Format("report.heading.findings", {{"count", static_cast<int64_t>(items.size())}}));
    if (items.empty()) {
      Line(3, fmt_.Format("report.no_findings"));
      return;
    }
    int n = 0;
    for (const ItemResult* item : items) {
      if (n > 0) out_ += '\n';
      ItemHead(++n, *item, /*with_status=*/true);
      ClauseAndSection(*item);
      Facts(*item);
      Situations(*item);
      if (!item->explanation.empty()) Line(3, fmt_.Field("explanation", item->explanation));
      if (!item->remedy.empty()) Line(3, fmt_.Field("remedy", item->remedy));
      if (item->deadline.has_value()) {
        Line(3, fmt_.Field("deadline", FormatDate(*item->deadline, fmt_.catalog())));
      }
      if (!item->deducted.empty()) {
        const std::string deducted = FormatDecimal(item->deducted, fmt_.catalog());
        if (item->points.empty()) {
          Line(3, fmt_.Format("report.deducted", {{"deducted", deducted}}));
        } else {
          Line(3, fmt_.Format("report.points",
                              {{"deducted", deducted},
                               {"points", FormatDecimal(item->points, fmt_.catalog())}}));
        }
      }
      if (item->veto) Line(3, Styled(StatusColour(ItemStatus::kMajor), fmt_.Format("report.veto")));
      Unverified(*item);
    }
  }

  void Undetermined(const std::vector<const ItemResult*>& items) {
    if (items.empty()) return;
    Heading(Styled(StatusColour(ItemStatus::kUndetermined),
                   fmt_.Format("report.heading.undetermined",
                               {{"count", static_cast<int64_t>(items.size())}})));
    int n = 0;
    for (const ItemResult* item : items) {
      if (n > 0) out_ += '\n';
      ItemHead(++n, *item, /*with_status=*/false);
      ClauseAndSection(*item);
      // The missing fields are the point of this block: never left out, even when unrecorded.
      if (item->missing.empty()) {
        Line(3, fmt_.Field("missing", fmt_.Format("report.no_missing")));
      } else {
        Line(3, fmt_.Field("missing", fmt_.List(item->missing)));
      }
      Facts(*item);
      Situations(*item);
      Unverified(*item);
    }
  }

  void NotDue(const std::vector<const ItemResult*>& items) {
    if (items.empty()) return;
    Heading(fmt_.Format("report.heading.not_due", {{"count", static_cast<int64_t>(items.size())}}));
    int n = 0;
    for (const ItemResult* item : items) {
      if (n > 0) out_ += '\n';
      ItemHead(++n, *item, /*with_status=*/false);
      ClauseAndSection(*item);
      if (!item->not_due_until.empty()) {
        Line(3, fmt_.Field("not_due_until", FormatDate(item->not_due_until, fmt_.catalog())));
      }
      Facts(*item);
      Unverified(*item);
    }
  }

  // 符合 / 不适用: one heading with the count and the ids as one ICU list.
  void Compact(std::string_view heading_key, ItemStatus status,
               const std::vector<const ItemResult*>& items) {
    if (items.empty()) return;
    Heading(Styled(StatusColour(status),
                   fmt_.Format(heading_key, {{"count", static_cast<int64_t>(items.size())}})));
    std::vector<std::string> ids;
    ids.reserve(items.size());
    for (const ItemResult* item : items) ids.push_back(item->id);
    Line(3, fmt_.List(ids));
  }

  // Unverified items outside the detailed blocks would otherwise lose their flag.
  void UnverifiedIds(const report_internal::ItemGroups& groups) {
    std::vector<std::string> ids;
    for (const auto* group : {&groups.compliant, &groups.not_applicable}) {
      for (const ItemResult* item : *group) {
        if (item->unverified) ids.push_back(item->id);
      }
    }
    if (ids.empty()) return;
    out_ += '\n';
    Line(0, Styled("\x1b[33m", fmt_.Format("report.unverified_ids", {{"list", fmt_.List(ids)}})));
  }

  const Result& result_;
  Formatter fmt_;
  TextOptions options_;
  std::string out_;
};

}  // namespace

std::string RenderText(const Result& result, const Catalog& catalog, TextOptions options) {
  const Result clean =
      report_internal::SanitizedCopy(result, report_internal::Controls::kKeepLineBreaks);
  return TextWriter(clean, catalog, options).Render();
}

}  // namespace paicha::rt
