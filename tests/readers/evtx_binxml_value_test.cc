// BinXML value text: ANSI strings (type 0x02) are read as Windows-1252.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "readers/evtx/binxml_value.h"

namespace logrx::readers {
namespace {

std::vector<std::byte> Bytes(std::initializer_list<int> b) {
  std::vector<std::byte> out;
  for (int x : b) out.push_back(static_cast<std::byte>(x));
  return out;
}

}  // namespace

TEST_SUITE("readers") {

TEST_CASE("binxml value: ANSI strings are Windows-1252, 0x80-0x9F included") {
  // 'a', euro 0x80, left double quote 0x93, em dash 0x97, undefined 0x81, e-acute 0xE9,
  // then the terminating NUL (dropped).
  const auto bytes = Bytes({'a', 0x80, 0x93, 0x97, 0x81, 0xE9, 0x00});
  std::string out;
  CHECK(AppendValueText(kValueAnsiString, bytes, out) == ValueTextStatus::kOk);
  CHECK(out == "a\u20AC\u201C\u2014\uFFFD\u00E9");

  // An array of ANSI strings: NUL-separated items, each decoded alike.
  const auto items = Bytes({0x80, 0x00, 'b', 0x9F, 0x00});
  std::string joined;
  CHECK(AppendValueText(kValueAnsiString | kValueArrayFlag, items, joined) ==
        ValueTextStatus::kOk);
  CHECK(joined == "\u20AC, b\u0178");
}

}

}  // namespace logrx::readers
