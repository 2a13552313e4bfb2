// Shared report helpers: UTF-8 repair, exact decimals and dates through ICU (via the catalog),
// ICU list formatting, fact values, and status codes/labels.
#include "report/report_internal.h"

#include <unicode/listformatter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <utility>

#include "paicha/rt/report.h"

namespace paicha::rt {

namespace {

// One row per status; keep in the order of enum class ItemStatus (result.h).
struct StatusInfo {
  ItemStatus status;
  std::string_view code;
  std::string_view label_zh;
};
constexpr StatusInfo kStatusInfo[] = {
    {ItemStatus::kMajor, "major", "重大事故隐患"},
    {ItemStatus::kGeneral, "general", "一般隐患"},
    {ItemStatus::kNonconforming, "nonconforming", "不符合"},
    {ItemStatus::kCompliant, "compliant", "符合"},
    {ItemStatus::kNotApplicable, "not_applicable", "不适用"},
    {ItemStatus::kNotDue, "not_due", "未到期"},
    {ItemStatus::kUndetermined, "undetermined", "无法判定"},
};

const StatusInfo& InfoOf(ItemStatus status) {
  for (const StatusInfo& info : kStatusInfo) {
    if (info.status == status) return info;
  }
  // An out-of-range enum value (e.g. a corrupted byte) is shown as undetermined: never a pass.
  return kStatusInfo[6];
}

}  // namespace

std::string_view StatusCode(ItemStatus status) { return InfoOf(status).code; }

std::string_view StatusLabelZh(ItemStatus status) { return InfoOf(status).label_zh; }

std::string StatusLabel(ItemStatus status, const Catalog& catalog) {
  // The key is chosen from a fixed table, not assembled from user data.
  switch (status) {
    case ItemStatus::kMajor:
      return catalog.Format("report.status.major");
    case ItemStatus::kGeneral:
      return catalog.Format("report.status.general");
    case ItemStatus::kNonconforming:
      return catalog.Format("report.status.nonconforming");
    case ItemStatus::kCompliant:
      return catalog.Format("report.status.compliant");
    case ItemStatus::kNotApplicable:
      return catalog.Format("report.status.not_applicable");
    case ItemStatus::kNotDue:
      return catalog.Format("report.status.not_due");
    case ItemStatus::kUndetermined:
      break;
  }
  return catalog.Format("report.status.undetermined");
}

std::string FormatDecimal(std::string_view decimal, const Catalog& catalog) {
  int scale = 0;
  if (!report_internal::ParseDecimal(decimal, &scale)) {
    return report_internal::SanitizeUtf8(decimal, report_internal::Controls::kKeepLineBreaks);
  }
  // The pattern selects a fixed-fraction skeleton by scale, so ICU prints exactly the digits
  // given (ICU's decimal quantity drops trailing zeros otherwise: 0.30 would become 0.3).
  return catalog.Format("report.number", {{"value", MsgNumber{std::string(decimal)}},
                                          {"scale", std::to_string(scale)}});
}

std::string FormatDate(std::string_view date, const Catalog& catalog) {
  if (!report_internal::IsIsoDate(date)) {
    return report_internal::SanitizeUtf8(date, report_internal::Controls::kKeepLineBreaks);
  }
  return catalog.Format("report.date", {{"date", std::string(date)}});
}

namespace report_internal {

namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at in[i] and its code point, or 0 when invalid.
size_t DecodeOne(std::string_view in, size_t i, uint32_t* cp) {
  const auto b0 = static_cast<unsigned char>(in[i]);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t len = 0;
  uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, min = 0x80, *cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, min = 0x800, *cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, *cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (in.size() - i < len) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(in[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (b & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
  return len;
}

bool IsControl(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

}  // namespace

std::string SanitizeUtf8(std::string_view in, Controls controls) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    uint32_t cp = 0;
    const size_t len = DecodeOne(in, i, &cp);
    if (len == 0) {
      out += kReplacement;
      ++i;  // resynchronise on the next byte
      continue;
    }
    if (controls == Controls::kKeepLineBreaks && cp == '\r') {
      // CR LF and a lone CR are line breaks: normalise to LF.
      if (i + 1 >= in.size() || in[i + 1] != '\n') out += '\n';
    } else if (controls == Controls::kKeepLineBreaks && IsControl(cp) && cp != '\n' && cp != '\t') {
      out += kReplacement;
    } else {
      out.append(in.data() + i, len);
    }
    i += len;
  }
  return out;
}

Result SanitizedCopy(const Result& result, Controls controls) {
  Result r = result;
  auto fix = [controls](std::string& s) { s = SanitizeUtf8(s, controls); };
  fix(r.rulebook_title);
  fix(r.rulebook_version);
  fix(r.content_hash);
  fix(r.report_date);
  fix(r.subject);
  for (SectionResult& section : r.sections) {
    fix(section.id);
    fix(section.title);
    fix(section.max_points);
    fix(section.earned_points);
  }
  for (ItemResult& item : r.items) {
    fix(item.id);
    fix(item.title);
    fix(item.clause);
    fix(item.section_id);
    for (Fact& fact : item.facts) {
      fix(fact.path);
      fix(fact.label);
      fix(fact.value.text);
      fix(fact.value.unit);
    }
    for (Situation& situation : item.situations) fix(situation.label);
    for (std::string& path : item.missing) fix(path);
    fix(item.explanation);
    fix(item.remedy);
    if (item.deadline.has_value()) fix(*item.deadline);
    fix(item.not_due_until);
    fix(item.points);
    fix(item.deducted);
  }
  fix(r.summary.score);
  fix(r.summary.grade);
  fix(r.summary.colour);
  return r;
}

bool ParseDecimal(std::string_view text, int* scale) {
  size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  const size_t int_begin = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == int_begin) return false;
  *scale = 0;
  if (i == text.size()) return true;
  if (text[i] != '.') return false;
  ++i;
  const size_t frac_begin = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == frac_begin || i != text.size()) return false;
  // Scales beyond any sane decimal are still exact: the pattern's "other" branch keeps every
  // significant digit. Clamp only so the int cannot overflow.
  const size_t digits = i - frac_begin;
  *scale = digits > 1000 ? 1000 : static_cast<int>(digits);
  return true;
}

bool IsIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int parts[3] = {0, 0, 0};
  const size_t begins[3] = {0, 5, 8};
  const size_t lens[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (size_t k = 0; k < lens[p]; ++k) {
      const char c = text[begins[p] + k];
      if (c < '0' || c > '9') return false;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  const int year = parts[0], month = parts[1], day = parts[2];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int max_day = (month == 2 && leap) ? 29 : kDays[month - 1];
  return day <= max_day;
}

std::string ShortHash(std::string_view hash) {
  constexpr size_t kShort = 12;  // 48 bits: enough to tell rulebook versions apart by eye
  for (char c : hash) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return SanitizeUtf8(hash, Controls::kKeepLineBreaks);
  }
  return std::string(hash.substr(0, kShort));
}

ItemGroups GroupItems(const Result& result) {
  ItemGroups groups;
  for (ItemStatus level : {ItemStatus::kMajor, ItemStatus::kGeneral, ItemStatus::kNonconforming}) {
    for (const ItemResult& item : result.items) {
      if (item.status == level) groups.findings.push_back(&item);
    }
  }
  for (const ItemResult& item : result.items) {
    switch (item.status) {
      case ItemStatus::kMajor:
      case ItemStatus::kGeneral:
      case ItemStatus::kNonconforming:
        break;
      case ItemStatus::kCompliant:
        groups.compliant.push_back(&item);
        break;
      case ItemStatus::kNotApplicable:
        groups.not_applicable.push_back(&item);
        break;
      case ItemStatus::kNotDue:
        groups.not_due.push_back(&item);
        break;
      case ItemStatus::kUndetermined:
        groups.undetermined.push_back(&item);
        break;
      default:
        // A corrupted status is never hidden and never a pass.
        groups.undetermined.push_back(&item);
        break;
    }
  }
  return groups;
}

Formatter::Formatter(const Catalog& catalog) : catalog_(catalog) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale locale = catalog.lang() == Lang::kEn ? icu::Locale("en") : icu::Locale("zh_CN");
  list_.reset(
      icu::ListFormatter::createInstance(locale, ULISTFMT_TYPE_AND, ULISTFMT_WIDTH_WIDE, status));
  if (U_FAILURE(status)) list_.reset();
}

Formatter::~Formatter() = default;

std::string Formatter::Format(std::string_view key, const std::vector<MsgArg>& args) const {
  return catalog_.Format(key, args);
}

std::string Formatter::List(const std::vector<std::string>& elements) const {
  if (elements.empty()) return "";
  if (list_ == nullptr) {
    // ICU without list data: fold pairwise through the catalog so the separator stays localised.
    std::string acc = elements[0];
    for (size_t i = 1; i < elements.size(); ++i) {
      acc = Format("report.list_pair", {{"a", acc}, {"b", elements[i]}});
    }
    return acc;
  }
  std::vector<icu::UnicodeString> items;
  items.reserve(elements.size());
  for (const std::string& e : elements) {
    items.push_back(icu::UnicodeString::fromUTF8(e));
  }
  icu::UnicodeString joined;
  UErrorCode status = U_ZERO_ERROR;
  list_->format(items.data(), static_cast<int32_t>(items.size()), joined, status);
  std::string out;
  if (U_FAILURE(status)) return out;
  joined.toUTF8String(out);
  return out;
}

std::string Formatter::Value(const FactValue& value) const {
  switch (value.kind) {
    case FactValue::Kind::kBool:
      if (value.text == "true") return Format("report.value.true");
      if (value.text == "false") return Format("report.value.false");
      break;
    case FactValue::Kind::kInt:
    case FactValue::Kind::kDecimal:
      return FormatDecimal(value.text, catalog_);
    case FactValue::Kind::kQuantity: {
      // Percent-like and degree units are written against the number ("30%", "25°C").
      const bool tight = value.unit == "%" || value.unit == "‰" || value.unit == "°C" ||
                         value.unit == "℃" || value.unit == "°";
      if (value.unit.empty()) return FormatDecimal(value.text, catalog_);
      return Format("report.value.quantity", {{"number", FormatDecimal(value.text, catalog_)},
                                              {"unit", value.unit},
                                              {"tight", std::string(tight ? "yes" : "no")}});
    }
    case FactValue::Kind::kEnum:
      break;
    case FactValue::Kind::kText:
      return Format("report.value.text", {{"text", value.text}});
    case FactValue::Kind::kDate:
      return FormatDate(value.text, catalog_);
    case FactValue::Kind::kList: {
      int scale = 0;
      if (ParseDecimal(value.text, &scale) && scale == 0 && value.text[0] != '-' &&
          value.text.size() <= 18) {
        return Format("report.value.list",
                      {{"count", static_cast<int64_t>(std::stoll(value.text))}});
      }
      break;
    }
  }
  return SanitizeUtf8(value.text, Controls::kKeepLineBreaks);
}

std::string Formatter::Fact(const rt::Fact& fact) const {
  if (fact.label.empty() || fact.label == fact.path) {
    return Format("report.fact", {{"path", fact.path}, {"value", Value(fact.value)}});
  }
  return Format("report.fact_labelled",
                {{"path", fact.path}, {"value", Value(fact.value)}, {"label", fact.label}});
}

std::string Formatter::Field(std::string_view label_key, std::string_view value) const {
  std::string key = "report.label.";
  key += label_key;
  return Format("report.field", {{"label", Format(key)}, {"value", std::string(value)}});
}

std::string Formatter::FieldHeading(std::string_view label_key) const {
  std::string key = "report.label.";
  key += label_key;
  return Format("report.field_heading", {{"label", Format(key)}});
}

std::string Formatter::SectionName(const Result& result, std::string_view section_id) const {
  if (section_id.empty()) return "";
  for (const SectionResult& section : result.sections) {
    if (section.id == section_id) return SectionName(section);
  }
  return SanitizeUtf8(section_id, Controls::kKeepLineBreaks);
}

std::string Formatter::SectionName(const SectionResult& section) const {
  return Format("report.section_name", {{"has_id", std::string(section.id.empty() ? "no" : "yes")},
                                        {"id", section.id},
                                        {"title", section.title}});
}

std::vector<std::string> SituationLabels(const ItemResult& item, Situation::Holds holds) {
  std::vector<std::string> labels;
  for (const Situation& s : item.situations) {
    if (s.holds == holds) labels.push_back(s.label);
  }
  return labels;
}

}  // namespace report_internal
}  // namespace paicha::rt
