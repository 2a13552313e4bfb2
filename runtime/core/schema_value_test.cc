#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "paicha/rt/schema.h"
#include "paicha/rt/value.h"

namespace paicha::rt {
namespace {

// enum 类型 {干式, 湿式 "湿法"}; record 除尘系统 {类型: 类型, 风量: 小数(m³/h)};
// root {单位名称: 文本, 除尘系统: 列表 除尘系统}.
Schema MakeSchema() {
  Schema s;
  s.enums.push_back(EnumDef{"类型", {{"干式", ""}, {"湿式", "湿法"}}});
  s.records.push_back(RecordDef{
      "输入",
      {{"单位名称", "单位名称", "", Type::MakeText()}, {"除尘系统", "", "", Type::MakeList(1)}}});
  s.records.push_back(RecordDef{"除尘系统",
                                {{"类型", "除尘方式", "", Type::MakeEnum(0)},
                                 {"风量", "", "", Type::MakeQuantity(UnitId::kCubicMPerH)}}});
  s.root = 0;
  return s;
}

TEST(SchemaTest, LookupsAndValidate) {
  const Schema s = MakeSchema();
  EXPECT_EQ(s.Validate(), "");
  EXPECT_EQ(s.root_record().FindField("除尘系统"), 1);
  EXPECT_EQ(s.root_record().FindField("不存在"), -1);
  EXPECT_EQ(s.enums[0].FindMember("湿式"), 1);
  EXPECT_EQ(s.enums[0].FindMember("湿法"), 1);
  EXPECT_EQ(s.enums[0].FindMember("干法"), -1);
  EXPECT_EQ(s.enums[0].DisplayLabel(0), "干式");
  EXPECT_EQ(s.enums[0].DisplayLabel(1), "湿法");
  Schema copy = s;
  EXPECT_EQ(copy, s);
  copy.records[1].fields[1].type.unit = UnitId::kLitrePerS;
  EXPECT_NE(copy, s);
}

TEST(SchemaTest, ValidateRejectsBadSchemas) {
  Schema s = MakeSchema();
  s.root = 5;
  EXPECT_NE(s.Validate(), "");
  s = MakeSchema();
  s.records[1].fields[0].type.index = 9;
  EXPECT_NE(s.Validate(), "");
  s = MakeSchema();
  s.records[0].fields.push_back(s.records[0].fields[0]);
  EXPECT_NE(s.Validate(), "") << "duplicate field";
  s = MakeSchema();
  s.records[1].fields[1].type = Type::MakeDuration(UnitId::kMetre);
  EXPECT_NE(s.Validate(), "");
  s = MakeSchema();
  s.records[1].fields[1].type = Type::MakeQuantity(UnitId::kNone);
  EXPECT_NE(s.Validate(), "");
  s = MakeSchema();
  s.records[1].fields[1].type.unit = static_cast<UnitId>(250);
  EXPECT_NE(s.Validate(), "");
  s = MakeSchema();
  s.records[1].fields.push_back({"自身", "", "", Type::MakeRecord(1)});
  EXPECT_NE(s.Validate(), "") << "a record containing itself by value";
  s = MakeSchema();
  s.records[1].fields.push_back({"子", "", "", Type::MakeList(1)});
  EXPECT_EQ(s.Validate(), "") << "a list of itself is fine";
  s = MakeSchema();
  s.enums[0].members.push_back({"半干式", "干式"});
  EXPECT_NE(s.Validate(), "") << "label equal to another member's name";
}

TEST(ValueTest, KindsRoundTrip) {
  EXPECT_TRUE(Value().is_missing());
  EXPECT_EQ(Value::Bool(true).as_bool(), true);
  EXPECT_EQ(Value::Int(INT64_MIN).as_int(), INT64_MIN);
  const Decimal d = *Decimal::Parse("-12.050");
  EXPECT_TRUE(Value::FromDecimal(d).as_decimal().Identical(d));
  EXPECT_EQ(Value::Int(7).as_number(), Decimal::FromInt(7));
  EXPECT_EQ(Value::Enum(3).as_enum(), 3);
  const Date date = *Date::Parse("2024-02-29");
  EXPECT_EQ(Value::FromDate(date).as_date(), date);
  const Date early = *Date::Parse("1900-01-01");
  EXPECT_EQ(Value::FromDate(early).as_date(), early);
  EXPECT_EQ(Value::Text("粉尘").as_text(), "粉尘");
  EXPECT_EQ(Value::Text("").as_text(), "");
  EXPECT_EQ(Value::Text("x").kind(), ValueKind::kText);
  EXPECT_EQ(ValueKindName(ValueKind::kList), "list");
}

TEST(ValueTest, PathsAndDeepEqual) {
  const Schema s = MakeSchema();
  Arena arena(256);
  auto build = [&](const char* name) {
    auto* root_values = arena.NewArray<Value>(2);
    auto* root = arena.NewArray<RecordValue>(1);
    root->fields = root_values;
    root->field_count = 2;
    root->record = 0;
    auto** items = arena.NewArray<const RecordValue*>(3);
    for (int i = 0; i < 3; ++i) {
      auto* v = arena.NewArray<Value>(2);
      v[0] = Value::Enum(i % 2);
      auto* r = arena.NewArray<RecordValue>(1);
      *r = RecordValue{v, 2, 1, root, 1, i};
      items[i] = r;
    }
    root_values[0] = Value::Text(arena.CopyString(name));
    root_values[1] = Value::List(items, 3);
    return root;
  };
  const RecordValue* a = build("甲厂");
  const RecordValue* b = build("甲厂");
  const RecordValue* c = build("乙厂");
  EXPECT_TRUE(DeepEqual(Value::Record(a), Value::Record(b)));
  EXPECT_FALSE(DeepEqual(Value::Record(a), Value::Record(c)));
  EXPECT_EQ(FieldPath(s, *a, 0), "单位名称");
  EXPECT_EQ(FieldPath(s, *a, -1), "");
  const RecordValue& item = a->field(1).as_list()[2];
  EXPECT_EQ(FieldPath(s, item, 0), "除尘系统[2].类型");
  EXPECT_EQ(FieldPath(s, item, -1), "除尘系统[2]");
  EXPECT_GT(arena.bytes_allocated(), 0u);
}

TEST(ArenaTest, AlignmentAndLargeBlocks) {
  Arena arena(256);
  for (int i = 0; i < 100; ++i) {
    auto* c = static_cast<char*>(arena.Allocate(1, 1));
    *c = 'x';
    auto* v = arena.NewArray<Value>(3);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(v) % alignof(Value), 0u);
    EXPECT_TRUE(v[2].is_missing());
  }
  std::string big(10000, 'q');
  EXPECT_EQ(arena.CopyString(big), big);
  auto* after = arena.NewArray<int64_t>(1);
  *after = 5;
  EXPECT_EQ(*after, 5);
  Arena moved = std::move(arena);
  EXPECT_GT(moved.bytes_allocated(), 10000u);
}

}  // namespace
}  // namespace paicha::rt
