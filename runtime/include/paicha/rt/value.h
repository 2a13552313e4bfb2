// The compact run-time value: what the VM computes with and what loaded facts are stored as.
//
// A Value is 16 bytes and trivially copyable: a kind tag, a decimal scale byte, a 32-bit size and
// an 8-byte payload. It never owns memory: text, records and lists point into an Arena owned by
// whoever made them (Facts for submitted data, the VM's per-evaluation arena for computed lists).
// The owner must outlive every Value that points into it.
//
// How schema types are represented (Schema Type -> ValueKind):
//   kBool -> kBool; kInt -> kInt; kDecimal -> kDecimal;
//   kQuantity -> kDecimal, normalised to the field's declared unit (the unit is static, in the
//                schema; "0.012MPa" for a kPa field is stored as 12.000);
//   kDuration -> kDecimal in the declared unit ("3个月" for a 月 field is 3);
//   kText -> kText; kDate -> kDate; kEnum -> kEnum (member index);
//   kRecord -> kRecord; kList -> kList (a list of records).
// kMissing is absent data (a field not submitted, or submitted as null): it is not an error and
// makes whatever reads it unknown.
//
// Records carry their position (parent record, field, list index) so that a path such as
// "除尘系统[2].类型" (list indexes 0-based) can be named for any value without a side table.
#ifndef PAICHA_RT_VALUE_H_
#define PAICHA_RT_VALUE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "paicha/rt/calendar.h"
#include "paicha/rt/decimal.h"
#include "paicha/rt/schema.h"

namespace paicha::rt {

enum class ValueKind : uint8_t {
  kMissing,
  kBool,
  kInt,
  kDecimal,
  kEnum,
  kDate,
  kText,
  kRecord,
  kList
};

// "missing", "bool", ... for dumps; never shown to users.
std::string_view ValueKindName(ValueKind k);

struct RecordValue;

// A list of records: a view of `size` record pointers (pointers, so that filtering a list copies
// 8 bytes per element and keeps each element's identity and path).
struct ListView {
  const RecordValue* const* data = nullptr;
  uint32_t size = 0;
  const RecordValue* const* begin() const { return data; }
  const RecordValue* const* end() const { return data + size; }
  const RecordValue& operator[](uint32_t i) const { return *data[i]; }
};

class Value {
 public:
  // kMissing.
  constexpr Value() = default;

  static Value Missing() { return Value(); }
  static Value Bool(bool b) {
    Value v(ValueKind::kBool);
    v.u_.b = b;
    return v;
  }
  static Value Int(int64_t i) {
    Value v(ValueKind::kInt);
    v.u_.i = i;
    return v;
  }
  static Value FromDecimal(const Decimal& d) {
    Value v(ValueKind::kDecimal);
    v.u_.i = d.coefficient();
    v.scale_ = static_cast<uint8_t>(d.scale());
    return v;
  }
  // `member` is the index in the field's EnumDef::members.
  static Value Enum(int32_t member) {
    Value v(ValueKind::kEnum);
    v.u_.i32 = member;
    return v;
  }
  static Value FromDate(Date d) {
    Value v(ValueKind::kDate);
    v.u_.i32 = d.days();
    return v;
  }
  // Does not copy: `text` must outlive the Value (arena-owned). Requires text.size() < 2^32.
  static Value Text(std::string_view text) {
    Value v(ValueKind::kText);
    v.u_.text = text.data();
    v.size_ = static_cast<uint32_t>(text.size());
    return v;
  }
  // Requires a non-null record that outlives the Value.
  static Value Record(const RecordValue* r) {
    Value v(ValueKind::kRecord);
    v.u_.record = r;
    return v;
  }
  // `elements` (size pointers, may be null when size is 0) must outlive the Value.
  static Value List(const RecordValue* const* elements, uint32_t size) {
    Value v(ValueKind::kList);
    v.u_.list = elements;
    v.size_ = size;
    return v;
  }

  ValueKind kind() const { return kind_; }
  bool is_missing() const { return kind_ == ValueKind::kMissing; }

  // Accessors: each requires the matching kind (checked only by assert-free convention; the VM
  // verifies kinds statically through the schema and the compiler's types).
  bool as_bool() const { return u_.b; }
  int64_t as_int() const { return u_.i; }
  Decimal as_decimal() const { return *Decimal::Make(u_.i, scale_); }
  int32_t as_enum() const { return u_.i32; }
  Date as_date() const { return *Date::FromDays(u_.i32); }
  std::string_view as_text() const { return std::string_view(u_.text, size_); }
  const RecordValue& as_record() const { return *u_.record; }
  ListView as_list() const { return ListView{u_.list, size_}; }
  // kInt or kDecimal as a Decimal (ints at scale 0). Requires one of those kinds.
  Decimal as_number() const {
    return kind_ == ValueKind::kInt ? Decimal::FromInt(u_.i) : as_decimal();
  }

 private:
  explicit Value(ValueKind k) : kind_(k) {}

  ValueKind kind_ = ValueKind::kMissing;
  uint8_t scale_ = 0;                       // kDecimal: the Decimal's scale
  [[maybe_unused]] uint16_t reserved_ = 0;  // zero; keeps the layout explicit
  uint32_t size_ = 0;                       // kText: byte length; kList: element count
  union Payload {
    bool b;
    int64_t i;    // kInt; kDecimal coefficient
    int32_t i32;  // kEnum member; kDate days
    const char* text;
    const RecordValue* record;
    const RecordValue* const* list;
  } u_{};
};

static_assert(sizeof(Value) == 16, "Value is meant to stay 16 bytes");
static_assert(std::is_trivially_copyable_v<Value>, "Value must be trivially copyable");

// A record instance: its field values by field index, and where it sits in the submission.
struct RecordValue {
  const Value* fields = nullptr;  // field_count values, indexed like RecordDef::fields
  uint32_t field_count = 0;
  int32_t record = -1;                  // index in Schema::records
  const RecordValue* parent = nullptr;  // enclosing record; nullptr for the root
  int32_t parent_field = -1;            // field of `parent` holding this record or its list
  int32_t list_index = -1;              // 0-based position in that list; -1 when not a list item

  // Requires 0 <= i < field_count.
  const Value& field(int32_t i) const { return fields[i]; }
};

// The path of field `field` of `rec` in the submission's own names, list indexes 0-based:
// "除尘系统[2].类型", "单位名称"; `field` = -1 names the record itself ("除尘系统[2]"; "" for the
// root). Requires `rec` to belong to data shaped by `schema`.
std::string FieldPath(const Schema& schema, const RecordValue& rec, int32_t field);

// Deep structural equality (records and lists compared element by element, texts by content,
// decimals by value and scale). For tests: "YAML, JSON and JSON-line loading agree".
bool DeepEqual(const Value& a, const Value& b);

// A bump allocator for Values, records and text. Memory is released all at once when the arena
// is destroyed; only trivially destructible objects may be placed in it. Not thread-safe (one
// arena per Facts / per evaluation). Move-only.
class Arena {
 public:
  explicit Arena(size_t block_size = size_t{16} * 1024);
  ~Arena();
  Arena(Arena&&) noexcept;
  Arena& operator=(Arena&&) noexcept;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // `bytes` bytes aligned to `align` (a power of two ≤ alignof(std::max_align_t)). Never null;
  // a zero-byte request returns a valid unique pointer. Allocation failure terminates (as new).
  void* Allocate(size_t bytes, size_t align);

  // An array of n default-initialised... value-initialised T (T trivially destructible).
  template <typename T>
  T* NewArray(size_t n) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    // T may itself be a pointer type (arrays of pointers); sizeof(T) is then what is meant.
    // NOLINTNEXTLINE(bugprone-sizeof-expression)
    T* p = static_cast<T*>(Allocate(sizeof(T) * (n == 0 ? 1 : n), alignof(T)));
    for (size_t i = 0; i < n; ++i) new (p + i) T();
    return p;
  }
  // A copy of `s` in the arena (not NUL-terminated).
  std::string_view CopyString(std::string_view s);

  // Forgets everything handed out (every pointer into the arena dangles), keeping the first
  // block for reuse: an arena that serves one evaluation after another allocates once.
  void Reset();

  // Total bytes handed out (for limits and tests).
  size_t bytes_allocated() const { return allocated_; }
  // A cache hint: asks the processor to start loading every byte handed out so far (one prefetch
  // per 64-byte line). No effect on the contents; see Facts::Prefetch.
  void Prefetch() const;

 private:
  struct Block {
    std::unique_ptr<unsigned char[]> bytes;
    size_t size;
  };
  std::vector<Block> blocks_;
  unsigned char* cur_ = nullptr;
  unsigned char* cur_begin_ = nullptr;  // the start of cur_'s block (Prefetch needs no blocks_)
  size_t left_ = 0;
  size_t block_size_;
  size_t allocated_ = 0;
};

}  // namespace paicha::rt

#endif  // PAICHA_RT_VALUE_H_
