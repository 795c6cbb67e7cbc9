#include "core/enum_names.h"

#include <string_view>

#include <doctest/doctest.h>

namespace logrx {
namespace {

enum class Fruit : unsigned char { kApple, kPear, kPlum };
constexpr EnumNames<Fruit, 3> kFruit{{"apple", "pear", "plum"}};
static_assert([] {  // usable in constant expressions
  Fruit f = Fruit::kApple;
  return kFruit.Parse("plum", f) && f == Fruit::kPlum;
}());

TEST_SUITE("core") {

TEST_CASE("enum names: Name and Parse are inverse over the table, and exact") {
  for (Fruit f : {Fruit::kApple, Fruit::kPear, Fruit::kPlum}) {
    Fruit back = Fruit::kApple;
    CHECK(kFruit.Parse(kFruit.Name(f, "?"), back));
    CHECK(back == f);
  }
  CHECK(std::string_view(kFruit.Name(Fruit::kPlum, "?")) == "plum");
  CHECK(std::string_view(kFruit.Name(static_cast<Fruit>(3), "?")) == "?");
  Fruit out = Fruit::kPear;
  for (const char* other : {"", "Apple", "plum ", "plu", "plums"}) {
    CAPTURE(other);
    CHECK_FALSE(kFruit.Parse(other, out));
    CHECK(out == Fruit::kPear);
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace logrx
