#include <doctest/doctest.h>

#include <string>

#include "core/line_index.h"
#include "core/status.h"
#include "core/xml_data_file.h"

namespace logrx {
TEST_SUITE("core") {

TEST_CASE("line index: offsets map to 1-based lines; a LF belongs to the line it ends") {
  const LineIndex lines("ab\ncd\n\nef");
  CHECK(lines.LineOf(0) == 1);
  CHECK(lines.LineOf(2) == 1);  // the LF of line 1
  CHECK(lines.LineOf(3) == 2);
  CHECK(lines.LineOf(6) == 3);
  CHECK(lines.LineOf(7) == 4);
  CHECK(lines.LineOf(100) == 4);  // past the end: the last line
  CHECK(lines.LineOf(-1) == 0);   // unknown
}

TEST_CASE("status: At() prefixes the location and keeps its parts") {
  const Status s = Status::At(StatusCode::kInvalidArgument, FileLoc{"rules/a.xml", kNoOffset, 12},
                              "rule 'r1': bad id");
  CHECK(s.message() == "rules/a.xml:12: rule 'r1': bad id");
  CHECK(s.what() == "rule 'r1': bad id");
  REQUIRE(s.where() != nullptr);
  CHECK(s.where()->line == 12u);
  const Status copy = s;  // NOLINT(performance-unnecessary-copy-initialization): copies the location
  REQUIRE(copy.where() != nullptr);
  CHECK(copy.where()->file == "rules/a.xml");
  CHECK(copy.what() == "rule 'r1': bad id");
  CHECK(Status::Corrupt("x").where() == nullptr);
  CHECK(Status::Corrupt("x").what() == "x");
  CHECK(FileLoc{"System.evt", 0x1a00, 0}.ToString() == "System.evt @0x1a00");
  CHECK(FileLoc{"a.xml", kNoOffset, 3, 7}.ToString() == "a.xml:3:7");
}

TEST_CASE("xml data file: malformed XML and node errors name the file and line") {
  const std::string bad = "<rules>\n  <rule id='a'>\n</rules>\n";
  XmlDataFile f("rules/bad.xml", bad);
  const Status s = f.Parse();
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK(s.message() ==
        "rules/bad.xml:3: not well-formed XML: Start-end tags mismatch");
  REQUIRE(s.where() != nullptr);
  CHECK(s.where()->line == 3u);

  const std::string good = "<kb>\n\n  <article id='Q1'/>\n</kb>\n";
  XmlDataFile g("kb/a.xml", good);
  REQUIRE(g.Parse().ok());
  const pugi::xml_node article = g.root().child("article");
  CHECK(g.LineOf(article) == 3u);
  CHECK(g.Error(article, "unknown element").message() == "kb/a.xml:3: unknown element");
}

}  // TEST_SUITE
}  // namespace logrx
