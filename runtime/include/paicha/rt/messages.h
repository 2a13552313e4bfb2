// Localised messages: the one way paicha turns a message key and typed arguments into text.
//
// Catalogs are ICU resource bundles compiled from locales/{root,zh_CN,en}.txt by genrb into
// .res files. Keys are dotted paths into the bundle: "diag.unknown_field" is table `diag`, string
// `unknown_field`. Each string is an ICU MessageFormat pattern with named arguments
// ({field}, {count, plural, ...}, {value, number}, {date, date, long}). Text for people is never
// built by concatenation: add a key to every locale and format it here.
//
// Locale directory lookup, first that exists: the PAICHA_LOCALE_DIR environment variable, the
// build tree's directory (compiled in), then <prefix>/share/paicha/locales.
//
// Thread safety: a Catalog is immutable after Load and may be used from many threads.
#ifndef PAICHA_RT_MESSAGES_H_
#define PAICHA_RT_MESSAGES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace paicha::rt {

enum class Lang : uint8_t { kZh, kEn };

// Picks the language: an explicit "--lang" value ("zh", "zh_CN", "en", ...) when non-empty,
// else LC_ALL / LC_MESSAGES / LANG (a value starting with "en" gives English), else Chinese.
Lang ResolveLang(std::string_view explicit_lang);

// A message argument. Text is inserted as is; integers and decimals (given as exact decimal
// strings, e.g. "0.30") are formatted by ICU as numbers; dates are "YYYY-MM-DD" strings formatted
// by ICU as dates when the pattern says {x, date, ...}.
struct MsgNumber {
  std::string decimal;  // exact decimal text
};
struct MsgArg {
  std::string name;
  std::variant<std::string, int64_t, MsgNumber> value;
};

class Catalog {
 public:
  // Loads the catalog of `lang`. Returns nullptr and sets *error (English, for the tool's own
  // failure) when the bundle cannot be found.
  static std::unique_ptr<Catalog> Load(Lang lang, std::string* error);

  Lang lang() const { return lang_; }
  // Formats `key` with `args`. A missing key or a bad pattern never throws: it returns
  // "⟦key⟧" so the gap is visible (the locale coverage test catches it before release).
  std::string Format(std::string_view key, const std::vector<MsgArg>& args = {}) const;
  // True when the key exists in this catalog.
  bool Has(std::string_view key) const;
  // Every key in the catalog (dotted), sorted: for the locale coverage test.
  std::vector<std::string> Keys() const;

  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

 private:
  Catalog() = default;
  struct Impl;
  Lang lang_ = Lang::kZh;
  std::unique_ptr<Impl> impl_;
};

}  // namespace paicha::rt

#endif  // PAICHA_RT_MESSAGES_H_
