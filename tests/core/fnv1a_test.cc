#include "core/fnv1a.h"

#include <doctest/doctest.h>

namespace logrx {

TEST_SUITE("core") {

TEST_CASE("fnv1a: reference vectors, and hashing in pieces equals hashing at once") {
  // FNV-1a 64 test vectors (Fowler/Noll/Vo reference): "", "a", "foobar".
  CHECK(Fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(Fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(Fnv1a64("foobar") == 0x85944171f73967e8ULL);
  CHECK(Fnv1a64("bar", Fnv1a64("foo")) == Fnv1a64("foobar"));
  CHECK(Fnv1a64("\xff") != Fnv1a64(""));  // bytes >= 0x80 hash as unsigned
  static_assert(Fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
}

}  // TEST_SUITE

}  // namespace logrx
