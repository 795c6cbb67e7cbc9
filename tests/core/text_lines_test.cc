// ForEachLine: line numbers, line ends (LF, CRLF, wmic's CR CR LF), a last line without LF,
// stopping early.
#include "core/text_lines.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace logrx {
namespace {

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> out;
  ForEachLine(text, [&](uint32_t n, std::string_view line) {
    out.push_back(std::to_string(n) + ":" + std::string(line));
  });
  return out;
}

TEST_SUITE("core") {

TEST_CASE("ForEachLine: numbered lines without their line ends, leading blanks kept") {
  CHECK(Lines("").empty());
  CHECK(Lines("a") == std::vector<std::string>{"1:a"});
  CHECK(Lines("a\n") == std::vector<std::string>{"1:a"});
  CHECK(Lines("\n") == std::vector<std::string>{"1:"});
  CHECK(Lines("a\r\n  b\r\r\n\nc") == std::vector<std::string>{"1:a", "2:  b", "3:", "4:c"});
  CHECK(Lines("x\ry\n") == std::vector<std::string>{"1:x\ry"});  // a lone CR is no line end
}

TEST_CASE("ForEachLine: a callback returning false stops") {
  std::vector<uint32_t> seen;
  ForEachLine("a\nb\nc\n", [&](uint32_t n, std::string_view) {
    seen.push_back(n);
    return n < 2;
  });
  CHECK(seen == std::vector<uint32_t>{1, 2});
}

}  // TEST_SUITE

}  // namespace
}  // namespace logrx
