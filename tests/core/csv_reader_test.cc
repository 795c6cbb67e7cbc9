#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/csv_reader.h"

namespace logrx {
namespace {

std::vector<CsvRecord> ReadAll(std::string_view text, char delimiter = ',') {
  CsvReader csv(text, delimiter);
  std::vector<CsvRecord> out;
  CsvRecord r;
  while (csv.Next(r)) out.push_back(r);
  return out;
}

}  // namespace

TEST_SUITE("core") {

TEST_CASE("csv reader: quotes, doubled quotes, embedded CRLF, CR CR LF, blank lines") {
  const auto recs = ReadAll("a,\"b \"\"q\"\"\",\"multi\r\nline\"\r\r\n\r\nx\"y,z\r\n");
  REQUIRE(recs.size() == 3);
  CHECK(recs[0].line == 1);
  REQUIRE(recs[0].fields.size() == 3);
  CHECK(recs[0].fields[1] == "b \"q\"");
  CHECK(recs[0].fields[2] == "multi\nline");
  CHECK(recs[1].line == 3);
  CHECK(recs[1].blank);
  CHECK(recs[2].line == 4);
  REQUIRE(recs[2].fields.size() == 2);
  CHECK(recs[2].fields[0] == "x\"y");  // a quote inside an unquoted field is literal
}

TEST_CASE("csv reader: text after a closing quote is an error (RFC 4180); the next line is read") {
  const auto recs = ReadAll("\"EXCLUS4\"x,\"a\"\r\n\"ok\" ,b\r\n");
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].line == 1);
  CHECK(recs[0].error == "text after a closing quote");
  CHECK(recs[0].fields.empty());
  CHECK(recs[1].line == 2);
  CHECK(recs[1].error.empty());
  REQUIRE(recs[1].fields.size() == 2);
  CHECK(recs[1].fields[0] == "ok");  // spaces after the closing quote are dropped
}

TEST_CASE("csv reader: a quote that never closes is text, and the rest of the file is still read") {
  const auto recs = ReadAll("a,\"open,b\nc,d\ne,f", ',');
  REQUIRE(recs.size() == 3);
  CHECK(recs[0].unclosed_quote);
  CHECK(recs[0].error.empty());
  CHECK(recs[0].fields == std::vector<std::string>{"a", "\"open", "b"});
  CHECK(recs[1].line == 2);
  CHECK_FALSE(recs[1].unclosed_quote);
  CHECK(recs[1].fields == std::vector<std::string>{"c", "d"});
  CHECK(recs[2].line == 3);
}

TEST_CASE("csv reader: tab-separated text keeps commas in fields") {
  const auto recs = ReadAll("2/15/1999\t7:51:24 AM\tError, really\r\n\"q\ta\"\tb", '\t');
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].fields == std::vector<std::string>{"2/15/1999", "7:51:24 AM", "Error, really"});
  CHECK(recs[1].fields == std::vector<std::string>{"q\ta", "b"});
}

TEST_CASE("csv reader: more than 4096 fields is an error for that record only") {
  std::string text(CsvReader::kMaxFields + 1, ',');
  text += "\nnext";
  const auto recs = ReadAll(text);
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].error == "more than 4096 fields");
  CHECK(recs[1].line == 2);
  CHECK(recs[1].fields == std::vector<std::string>{"next"});
}

}  // TEST_SUITE
}  // namespace logrx
