// rt::Catalog (runtime/include/paicha/rt/messages.h) on ICU resource bundles and MessageFormat.
//
// Loading flattens every area's bundle chain (root, then the language, then the country
// variant) into one sorted map from dotted key to pattern, once. After that a Catalog is
// read-only, so Format from many threads shares nothing mutable: each call builds its own
// MessageFormat from the cached pattern (cheap next to the work the caller formats for).
//
// Bundles are opened with ures_openDirect, one file at a time, rather than ures_open: ures_open
// falls back to the process's default locale, so a missing zh_CN.res could silently yield
// English on an English machine.
#include "paicha/rt/messages.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <utility>
#include <vector>

#include <unicode/calendar.h>
#include <unicode/fmtable.h>
#include <unicode/locid.h>
#include <unicode/messagepattern.h>
#include <unicode/msgfmt.h>
#include <unicode/numberformatter.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>

namespace paicha::rt {

namespace fs = std::filesystem;

namespace {

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

bool IsDirectory(const std::string& path) {
  std::error_code ec;
  return !path.empty() && fs::is_directory(path, ec);
}

// The first existing locale directory: $PAICHA_LOCALE_DIR, the build tree, the install prefix.
std::string FindLocaleDir() {
  if (const char* env = std::getenv("PAICHA_LOCALE_DIR"); env != nullptr && IsDirectory(env)) {
    return env;
  }
#ifdef PAICHA_BUILD_LOCALE_DIR
  if (IsDirectory(PAICHA_BUILD_LOCALE_DIR)) return PAICHA_BUILD_LOCALE_DIR;
#endif
#ifdef PAICHA_INSTALL_LOCALE_DIR
  if (IsDirectory(PAICHA_INSTALL_LOCALE_DIR)) return PAICHA_INSTALL_LOCALE_DIR;
#endif
  return {};
}

using MessageMap = std::map<std::string, icu::UnicodeString, std::less<>>;

// Adds every string under `res` to `out` as "<prefix>.<key>[.<subkey>...]", overriding earlier
// entries (a more specific locale wins over root). Array elements are keyed by index.
void Flatten(UResourceBundle* res, const std::string& prefix, MessageMap* out) {
  ures_resetIterator(res);
  for (int32_t index = 0; ures_hasNext(res); ++index) {
    UErrorCode status = U_ZERO_ERROR;
    UResourceBundle* child = ures_getNextResource(res, nullptr, &status);
    if (U_FAILURE(status) || child == nullptr) {
      if (child != nullptr) ures_close(child);
      break;
    }
    const char* key = ures_getKey(child);
    std::string path = prefix;
    path += '.';
    path += key != nullptr ? std::string(key) : std::to_string(index);
    switch (ures_getType(child)) {
      case URES_STRING: {
        int32_t len = 0;
        const UChar* s = ures_getString(child, &len, &status);
        if (U_SUCCESS(status)) (*out)[path] = icu::UnicodeString(s, len);
        break;
      }
      case URES_TABLE:
      case URES_ARRAY:
        Flatten(child, path, out);
        break;
      default:
        break;  // integers and binaries are not messages
    }
    ures_close(child);
  }
}

// "YYYY-MM-DD" -> (y, m, d) when well-formed; date arguments of messages use this form.
bool ParseIsoDate(std::string_view s, int* y, int* m, int* d) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  auto digits = [&](size_t pos, size_t n, int* v) {
    *v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      *v = *v * 10 + (s[i] - '0');
    }
    return true;
  };
  return digits(0, 4, y) && digits(5, 2, m) && digits(8, 2, d) && *m >= 1 && *m <= 12 && *d >= 1 &&
         *d <= 31;
}

// How a pattern uses one named argument.
struct ArgUse {
  bool plain = false;    // {x}: no format type
  bool numeric = false;  // {x, number...}, {x, plural...}, {x, selectordinal...}, {x, choice...}
  bool date = false;     // {x, date...} or {x, time...}
};

ArgUse UsageOf(const icu::MessagePattern& mp, const icu::UnicodeString& name) {
  ArgUse use;
  const int32_t n = mp.countParts();
  for (int32_t i = 0; i + 1 < n; ++i) {
    const icu::MessagePattern::Part& part = mp.getPart(i);
    if (part.getType() != UMSGPAT_PART_TYPE_ARG_START) continue;
    const icu::MessagePattern::Part& name_part = mp.getPart(i + 1);
    if (name_part.getType() != UMSGPAT_PART_TYPE_ARG_NAME || mp.getSubstring(name_part) != name) {
      continue;
    }
    switch (part.getArgType()) {
      case UMSGPAT_ARG_TYPE_NONE:
        use.plain = true;
        break;
      case UMSGPAT_ARG_TYPE_SIMPLE: {
        icu::UnicodeString type;
        if (i + 2 < n) type = mp.getSubstring(mp.getPart(i + 2));
        if (type == u"date" || type == u"time") {
          use.date = true;
        } else {
          use.numeric = true;
        }
        break;
      }
      case UMSGPAT_ARG_TYPE_SELECT:
        use.plain = true;
        break;
      default:  // plural, selectordinal, choice
        use.numeric = true;
        break;
    }
  }
  return use;
}

}  // namespace

struct Catalog::Impl {
  icu::Locale locale;
  MessageMap messages;
  // Formats decimals given as exact strings without rounding (NumberFormatter is immutable and
  // thread-safe).
  icu::number::LocalizedNumberFormatter exact_number;
};

Lang ResolveLang(std::string_view explicit_lang) {
  if (!explicit_lang.empty()) return StartsWithNoCase(explicit_lang, "en") ? Lang::kEn : Lang::kZh;
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(var);
    if (value != nullptr && *value != '\0') {
      return StartsWithNoCase(value, "en") ? Lang::kEn : Lang::kZh;
    }
  }
  return Lang::kZh;
}

Catalog::~Catalog() = default;

std::unique_ptr<Catalog> Catalog::Load(Lang lang, std::string* error) {
  const std::string dir = FindLocaleDir();
  if (dir.empty()) {
    if (error != nullptr) {
      *error =
          "message catalogs not found: set PAICHA_LOCALE_DIR to the directory of compiled "
          "locales (build/locales)";
    }
    return nullptr;
  }
  auto impl = std::make_unique<Impl>();
  impl->locale = lang == Lang::kEn ? icu::Locale("en") : icu::Locale("zh", "CN");
  const std::vector<const char*> chain = lang == Lang::kEn
                                             ? std::vector<const char*>{"root", "en"}
                                             : std::vector<const char*>{"root", "zh", "zh_CN"};

  // Areas in a fixed order so that loading is deterministic.
  std::vector<std::string> areas;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code ec2;
    if (it->is_directory(ec2)) areas.push_back(it->path().filename().string());
  }
  std::sort(areas.begin(), areas.end());

  int loaded = 0;
  for (const std::string& area : areas) {
    const std::string package = (fs::path(dir) / area).string() + "/";
    for (const char* name : chain) {
      std::error_code ec3;
      if (!fs::exists(package + name + ".res", ec3)) continue;
      UErrorCode status = U_ZERO_ERROR;
      UResourceBundle* bundle = ures_openDirect(package.c_str(), name, &status);
      if (U_FAILURE(status) || bundle == nullptr) {
        if (bundle != nullptr) ures_close(bundle);
        if (error != nullptr) *error = "cannot open message bundle " + package + name + ".res";
        return nullptr;
      }
      Flatten(bundle, area, &impl->messages);
      ures_close(bundle);
      if (std::string_view(name) != "root") ++loaded;
    }
  }
  if (loaded == 0) {
    if (error != nullptr) {
      *error = "no message bundles for language '" + std::string(chain.back()) + "' in " + dir;
    }
    return nullptr;
  }
  impl->exact_number = icu::number::NumberFormatter::withLocale(impl->locale)
                           .precision(icu::number::Precision::unlimited());

  std::unique_ptr<Catalog> catalog(new Catalog());
  catalog->lang_ = lang;
  catalog->impl_ = std::move(impl);
  return catalog;
}

bool Catalog::Has(std::string_view key) const {
  return impl_->messages.find(key) != impl_->messages.end();
}

std::vector<std::string> Catalog::Keys() const {
  std::vector<std::string> keys;
  keys.reserve(impl_->messages.size());
  for (const auto& [key, pattern] : impl_->messages) keys.push_back(key);
  return keys;  // std::map iteration order: already sorted
}

std::string Catalog::Format(std::string_view key, const std::vector<MsgArg>& args) const {
  auto missing = [&] {
    std::string s = "⟦";
    s.append(key);
    s += "⟧";
    return s;
  };
  auto it = impl_->messages.find(key);
  if (it == impl_->messages.end()) return missing();
  const icu::UnicodeString& pattern = it->second;

  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  icu::MessageFormat format(pattern, impl_->locale, parse_error, status);
  if (U_FAILURE(status)) return missing();

  // Only decimals and date-like strings need to know how the pattern uses them; parse the
  // pattern's structure lazily, at most once.
  std::unique_ptr<icu::MessagePattern> structure;
  auto usage = [&](const icu::UnicodeString& name) {
    if (structure == nullptr) {
      UErrorCode s = U_ZERO_ERROR;
      structure = std::make_unique<icu::MessagePattern>(pattern, nullptr, s);
      // Cannot fail here: MessageFormat above parsed the same pattern. An unparsed
      // MessagePattern has no parts, so every usage would read as "unused".
    }
    return UsageOf(*structure, name);
  };

  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  names.reserve(args.size());
  values.reserve(args.size());
  for (const MsgArg& arg : args) {
    names.push_back(icu::UnicodeString::fromUTF8(arg.name));
    const icu::UnicodeString& name = names.back();
    if (const auto* text = std::get_if<std::string>(&arg.value)) {
      int y, m, d;
      if (ParseIsoDate(*text, &y, &m, &d) && usage(name).date) {
        // Noon in the default time zone, the zone MessageFormat's date formats use: the same
        // calendar day comes back whatever the zone's offset or DST.
        UErrorCode s = U_ZERO_ERROR;
        std::unique_ptr<icu::Calendar> cal(icu::Calendar::createInstance(s));
        if (U_SUCCESS(s)) {
          cal->clear();
          cal->setLenient(false);  // 2023-02-30 stays text instead of rolling into March
          cal->set(y, m - 1, d, 12, 0, 0);
          UDate date = cal->getTime(s);
          if (U_SUCCESS(s)) {
            values.emplace_back(date, icu::Formattable::kIsDate);
            continue;
          }
        }
      }
      values.emplace_back(icu::UnicodeString::fromUTF8(*text));
    } else if (const auto* integer = std::get_if<int64_t>(&arg.value)) {
      values.emplace_back(static_cast<int64_t>(*integer));
    } else {
      const std::string& decimal = std::get<MsgNumber>(arg.value).decimal;
      const ArgUse use = usage(name);
      UErrorCode s = U_ZERO_ERROR;
      if (use.plain && !use.numeric) {
        // {x}: MessageFormat's default number format keeps three fraction digits; a measured
        // 0.0125 MPa must not print as 0.013. Format exactly, with the locale's separators.
        icu::UnicodeString exact = impl_->exact_number.formatDecimal(decimal, s).toString(s);
        values.emplace_back(U_SUCCESS(s) ? exact : icu::UnicodeString::fromUTF8(decimal));
      } else {
        // {x, number, ...} or plural: the pattern decides; ICU keeps the decimal exact.
        icu::Formattable number(decimal, s);
        if (U_SUCCESS(s)) {
          values.push_back(std::move(number));
        } else {
          values.emplace_back(icu::UnicodeString::fromUTF8(decimal));  // not a number: as text
        }
      }
    }
  }

  icu::UnicodeString out;
  format.format(names.data(), values.data(), static_cast<int32_t>(values.size()), out, status);
  if (U_FAILURE(status)) return missing();
  std::string result;
  out.toUTF8String(result);
  return result;
}

}  // namespace paicha::rt
