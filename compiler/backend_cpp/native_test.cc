// gen::StoreNV (the generated C++'s way of storing a segment's result) against gen::ToNV.
#include <gtest/gtest.h>

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
  ExpectStoreMatchesToNV(TList{});
  ExpectStoreMatchesToNV(static_cast<const RecordValue*>(nullptr));
  ExpectStoreMatchesToNV(Int(12));
}

}  // namespace
}  // namespace paicha::rt::gen
