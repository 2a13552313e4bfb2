// Value helpers: paths, deep equality, and the arena.
#include "paicha/rt/value.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace paicha::rt {

std::string_view ValueKindName(ValueKind k) {
  switch (k) {
    case ValueKind::kMissing:
      return "missing";
    case ValueKind::kBool:
      return "bool";
    case ValueKind::kInt:
      return "int";
    case ValueKind::kDecimal:
      return "decimal";
    case ValueKind::kEnum:
      return "enum";
    case ValueKind::kDate:
      return "date";
    case ValueKind::kText:
      return "text";
    case ValueKind::kRecord:
      return "record";
    case ValueKind::kList:
      return "list";
  }
  return "?";
}

std::string FieldPath(const Schema& schema, const RecordValue& rec, int32_t field) {
  // Collect the chain root-ward, then print it root-first. Depth is bounded by the loader's
  // nesting limit; no recursion.
  std::vector<const RecordValue*> chain;
  for (const RecordValue* r = &rec; r != nullptr && r->parent != nullptr; r = r->parent) {
    chain.push_back(r);
  }
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const RecordValue* r = *it;
    const RecordDef& parent_def = schema.records[static_cast<size_t>(r->parent->record)];
    if (!out.empty()) out.push_back('.');
    out += parent_def.fields[static_cast<size_t>(r->parent_field)].name;
    if (r->list_index >= 0) {
      out.push_back('[');
      out += std::to_string(r->list_index);
      out.push_back(']');
    }
  }
  if (field >= 0) {
    const RecordDef& def = schema.records[static_cast<size_t>(rec.record)];
    if (!out.empty()) out.push_back('.');
    out += def.fields[static_cast<size_t>(field)].name;
  }
  return out;
}

namespace {

bool RecordsEqual(const RecordValue& a, const RecordValue& b);

bool ValuesEqual(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case ValueKind::kMissing:
      return true;
    case ValueKind::kBool:
      return a.as_bool() == b.as_bool();
    case ValueKind::kInt:
      return a.as_int() == b.as_int();
    case ValueKind::kDecimal:
      return a.as_decimal().Identical(b.as_decimal());
    case ValueKind::kEnum:
      return a.as_enum() == b.as_enum();
    case ValueKind::kDate:
      return a.as_date() == b.as_date();
    case ValueKind::kText:
      return a.as_text() == b.as_text();
    case ValueKind::kRecord:
      return RecordsEqual(a.as_record(), b.as_record());
    case ValueKind::kList: {
      const ListView la = a.as_list(), lb = b.as_list();
      if (la.size != lb.size) return false;
      for (uint32_t i = 0; i < la.size; ++i) {
        if (!RecordsEqual(la[i], lb[i])) return false;
      }
      return true;
    }
  }
  return false;
}

bool RecordsEqual(const RecordValue& a, const RecordValue& b) {
  if (a.record != b.record || a.field_count != b.field_count || a.list_index != b.list_index ||
      a.parent_field != b.parent_field) {
    return false;
  }
  for (uint32_t i = 0; i < a.field_count; ++i) {
    if (!ValuesEqual(a.fields[i], b.fields[i])) return false;
  }
  return true;
}

}  // namespace

bool DeepEqual(const Value& a, const Value& b) { return ValuesEqual(a, b); }

Arena::Arena(size_t block_size) : block_size_(std::max<size_t>(block_size, 256)) {}
Arena::~Arena() = default;
Arena::Arena(Arena&&) noexcept = default;
Arena& Arena::operator=(Arena&&) noexcept = default;

void* Arena::Allocate(size_t bytes, size_t align) {
  if (bytes == 0) bytes = 1;
  auto addr = reinterpret_cast<uintptr_t>(cur_);
  size_t pad = (align - (addr & (align - 1))) & (align - 1);
  if (cur_ == nullptr || pad + bytes > left_) {
    // Large requests get a block of their own so that the current block keeps its free space.
    const size_t size = std::max(block_size_, bytes + align);
    // Default-initialised (not zero-filled): NewArray value-initialises what it hands out, and
    // most of a block is never used by a small document.
    blocks_.push_back(Block{std::unique_ptr<unsigned char[]>(new unsigned char[size]), size});
    unsigned char* block = blocks_.back().bytes.get();
    if (bytes + align > block_size_ && cur_ != nullptr) {
      addr = reinterpret_cast<uintptr_t>(block);
      pad = (align - (addr & (align - 1))) & (align - 1);
      allocated_ += bytes;
      return block + pad;
    }
    cur_ = block;
    cur_begin_ = block;
    left_ = size;
    addr = reinterpret_cast<uintptr_t>(cur_);
    pad = (align - (addr & (align - 1))) & (align - 1);
  }
  unsigned char* p = cur_ + pad;
  cur_ = p + bytes;
  left_ -= pad + bytes;
  allocated_ += bytes;
  return p;
}

void Arena::Reset() {
  allocated_ = 0;
  if (blocks_.empty()) return;
  blocks_.resize(1);
  cur_ = cur_begin_ = blocks_.front().bytes.get();
  left_ = blocks_.front().size;
}

void Arena::Prefetch() const {
#if defined(__GNUC__)
  // A small document has one block, the current one, used up to cur_: then blocks_ (another
  // cache miss) is not read.
  if (blocks_.size() < 2) {
    for (const unsigned char* p = cur_begin_; p < cur_; p += 64) __builtin_prefetch(p, 0, 3);
    return;
  }
  for (const Block& b : blocks_) {  // in order: the first holds the root record
    const unsigned char* begin = b.bytes.get();
    // The current block is used up to cur_; the others (full, or a large request's own) whole.
    const unsigned char* end = begin == cur_begin_ ? cur_ : begin + b.size;
    for (const unsigned char* p = begin; p < end; p += 64) __builtin_prefetch(p, 0, 3);
  }
#endif
}

std::string_view Arena::CopyString(std::string_view s) {
  if (s.empty()) return std::string_view();
  auto* p = static_cast<char*>(Allocate(s.size(), 1));
  std::memcpy(p, s.data(), s.size());
  return std::string_view(p, s.size());
}

}  // namespace paicha::rt
