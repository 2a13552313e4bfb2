// gen::StoreNV (the generated C++'s way of storing a segment's result) against gen::ToNV, and
// the shaped layout's list helper (gen::ShapeList).
#include <gtest/gtest.h>

#include <string>

#include "paicha/rt/gen_native.h"

// gen::StoreNV writes a segment's result member by member; it must store exactly ToNV's value.
namespace paicha::rt::gen {
namespace {

template <typename T>
void ExpectStoreMatchesToNV(const T& x) {
  NV stored;
  stored.v = Value::Int(99);  // garbage that StoreNV must overwrite
  stored.x = NX::kBounded;
  stored.lo = stored.hi = stored.den = 7;
  StoreNV(&stored, x);
  const NV want = ToNV(x);
  EXPECT_EQ(stored.v.kind(), want.v.kind());
  EXPECT_TRUE(DeepEqual(stored.v, want.v));
  EXPECT_EQ(stored.x, want.x);
  EXPECT_EQ(stored.lo, want.lo);
  EXPECT_EQ(stored.hi, want.hi);
  EXPECT_EQ(stored.den, want.den);
}

TEST(StoreNVTest, StoresWhatToNVMakes) {
  for (NT t : {NT::kFalse, NT::kTrue, NT::kUnknown, NT::kNotDue, NT::kNotDueFalse}) {
    SCOPED_TRACE(static_cast<int>(t));
    ExpectStoreMatchesToNV(t);
  }
  ExpectStoreMatchesToNV(TInt{5, true});
  ExpectStoreMatchesToNV(TInt{});
  ExpectStoreMatchesToNV(TEnum{3});
  ExpectStoreMatchesToNV(TEnum{});
  ExpectStoreMatchesToNV(TDate{19723});
  ExpectStoreMatchesToNV(TDate{});
  ExpectStoreMatchesToNV(TCount{4, 4, true});
  ExpectStoreMatchesToNV(TCount{2, 5, true});
  ExpectStoreMatchesToNV(TCount{});
  ExpectStoreMatchesToNV(static_cast<const RecordValue*>(nullptr));
  ExpectStoreMatchesToNV(Int(12));
}

// A shaped record as the emitter writes one (gen_native.h, "Shaped records").
struct RTest {
  const RecordValue* rv = nullptr;
  TInt f0;
};
void ShapeTest(Arena& a, const RecordValue* rv, RTest* o) {
  (void)a;
  o->rv = rv;
  o->f0 = ReadInt(FieldOf(rv, 0u));
}

TEST(StoreNVTest, ShapedRecordsAndListsStoreTheirRecords) {
  const Value fields[2] = {Value::Int(5), Value()};
  RecordValue a{&fields[0], 1}, b{&fields[1], 1};
  const RecordValue* list[2] = {&a, &b};
  Arena arena;
  const TListOf<RTest> shaped = ShapeList<RTest>(arena, Value::List(list, 2), ShapeTest);
  ASSERT_TRUE(shaped.ok);
  ASSERT_EQ(shaped.size, 2u);
  EXPECT_EQ(shaped.records, list);
  EXPECT_EQ(shaped.data[0].rv, &a);
  EXPECT_TRUE(shaped.data[0].f0.ok);
  EXPECT_EQ(shaped.data[0].f0.v, 5);
  EXPECT_FALSE(shaped.data[1].f0.ok);  // the missing value stays unknown
  ExpectStoreMatchesToNV(shaped);
  ExpectStoreMatchesToNV(&shaped.data[1]);
  const RTest missing;  // a record the submission lacks
  ExpectStoreMatchesToNV(&missing);
  EXPECT_TRUE(ToNV(&missing).v.is_missing());

  const TListOf<RTest> unknown = ShapeList<RTest>(arena, Value(), ShapeTest);
  EXPECT_FALSE(unknown.ok);
  ExpectStoreMatchesToNV(unknown);
  const TListOf<RTest> empty = ShapeList<RTest>(arena, Value::List(list, 0), ShapeTest);
  EXPECT_TRUE(empty.ok);
  EXPECT_EQ(empty.size, 0u);
}

TEST(StoreNVTest, ShapeValueCopiesTextAndKeepsOtherValues) {
  std::string text = "TA123";
  Arena arena;
  const Value shaped = ShapeValue(arena, Value::Text(text));
  ASSERT_EQ(shaped.kind(), ValueKind::kText);
  EXPECT_EQ(shaped.as_text(), "TA123");
  EXPECT_NE(shaped.as_text().data(), text.data());  // a copy in the arena
  text[0] = 'X';
  EXPECT_EQ(shaped.as_text(), "TA123");
  EXPECT_EQ(ShapeValue(arena, Value::Text("")).as_text(), "");
  const Value d = Value::FromDecimal(*Decimal::Make(125, 1));
  EXPECT_TRUE(DeepEqual(ShapeValue(arena, d), d));
  EXPECT_TRUE(ShapeValue(arena, Value()).is_missing());
}

TEST(StoreNVTest, ShapeIntSplitsReadInt) {
  int64_t v = 99;
  bool known = true;
  ShapeInt(Value::Int(-7), &v, &known);
  EXPECT_EQ(v, -7);
  EXPECT_TRUE(known);
  ShapeInt(Value(), &v, &known);
  EXPECT_FALSE(known);
  EXPECT_FALSE((TInt{v, known}.ok));
}

TEST(ArenaTest, ResetKeepsTheFirstBlockAndForgetsTheRest) {
  Arena arena(256);
  void* first = arena.Allocate(16, 8);
  for (int i = 0; i < 100; ++i) arena.Allocate(64, 8);  // several blocks
  EXPECT_GT(arena.bytes_allocated(), 256u);
  arena.Reset();
  EXPECT_EQ(arena.bytes_allocated(), 0u);
  EXPECT_EQ(arena.Allocate(16, 8), first);  // the first block again, from its start
}

}  // namespace
}  // namespace paicha::rt::gen
