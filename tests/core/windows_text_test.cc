#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/windows_ansi.h"
#include "core/windows_text.h"

namespace logrx {
namespace {

std::vector<std::byte> Bytes(std::string_view s) {
  std::vector<std::byte> b;
  for (char c : s) b.push_back(static_cast<std::byte>(c));
  return b;
}

std::vector<std::byte> Utf16Le(std::string_view ascii, bool bom) {
  std::vector<std::byte> b;
  if (bom) b = {std::byte{0xFF}, std::byte{0xFE}};
  for (char c : ascii) {
    b.push_back(static_cast<std::byte>(c));
    b.push_back(std::byte{0});
  }
  return b;
}

}  // namespace

TEST_SUITE("core") {

TEST_CASE("windows text: ANSI is Windows-1252 (0x80-0x9F are letters and quotes, not C1)") {
  std::string out;
  // 0x93/0x94 curly quotes, 0x80 euro, 0xE9 é (Latin-1 half), 0x81 undefined.
  AppendCp1252AsUtf8(Bytes("\x93" "a\x94 \x80 caf\xE9 \x81"), out);
  CHECK(out == "\xE2\x80\x9C" "a\xE2\x80\x9D \xE2\x82\xAC caf\xC3\xA9 \xEF\xBF\xBD");
}

TEST_CASE("windows text: a NUL byte does not end ANSI text") {
  std::string out;
  AppendCp1252AsUtf8(Bytes(std::string_view("a\0b\xE9", 4)), out);
  CHECK(out == std::string("a\0b\xC3\xA9", 5));
}

TEST_CASE("windows text: BOMs, BOM-less UTF-16LE, UTF-8 and the ANSI fallback") {
  CHECK(DecodeWindowsText(Utf16Le("Node,A\r\n", true)).text == "Node,A\r\n");
  CHECK(DecodeWindowsText(Utf16Le("x", true)).encoding == "utf-16le-bom");
  CHECK(DecodeWindowsText(Utf16Le("REGEDIT4", false)).text == "REGEDIT4");
  CHECK(DecodeWindowsText(Utf16Le("REGEDIT4", false)).encoding == "utf-16le");
  std::vector<std::byte> be = {std::byte{0xFE}, std::byte{0xFF}, std::byte{0}, std::byte{'h'},
                               std::byte{0},    std::byte{'i'}};
  CHECK(DecodeWindowsText(be).text == "hi");
  CHECK(DecodeWindowsText(be).encoding == "utf-16be-bom");
  CHECK(DecodeWindowsText(Bytes("\xEF\xBB\xBFh\xC3\xA9")).text == "h\xC3\xA9");
  CHECK(DecodeWindowsText(Bytes("\xEF\xBB\xBFh\xC3\xA9")).encoding == "utf-8-bom");
  CHECK(DecodeWindowsText(Bytes("plain")).encoding == "utf-8");
  const DecodedText ansi = DecodeWindowsText(Bytes("Hotfix \x96 caf\xE9"));
  CHECK(ansi.encoding == "ansi");
  CHECK(ansi.text == "Hotfix \xE2\x80\x93 caf\xC3\xA9");  // 0x96 is an en dash in 1252
}

}  // TEST_SUITE
}  // namespace logrx
