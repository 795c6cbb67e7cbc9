// Regressions of the XML reader, one test per bug, each with its input in
// fuzz/regressions/xml/ (replayed by fuzz.replay.xml too).
#include <string>

#include <doctest/doctest.h>

#include "core/input_file.h"
#include "support/xml_test_util.h"

namespace logrx::readers {
namespace {

std::string Regression(const std::string& name) {
  Result<std::string> bytes =
      ReadWholeFileAsString(std::string(LOGRX_SOURCE_DIR) + "/fuzz/regressions/xml/" + name);
  REQUIRE(bytes.ok());
  return *bytes;
}

TEST_SUITE("readers") {

// Found by the every-offset cut test: a file cut right after "<Event" of "<EventData>"
// ended the name at the end of the text, so it read as a new <Event> and the open event
// was reported as "no </Event> before the next <Event>" plus a phantom event 3.
TEST_CASE("xml regression: a name cut by the end of the file is not a new <Event>") {
  const testing::XmlRun run = testing::ReadXmlBytes(Regression("cut_inside_eventdata_name.xml"));
  REQUIRE(run.events.size() == 1);
  CHECK(run.events[0].view().record_id == 1);
  REQUIRE(run.diagnostics.size() == 1);
  CHECK(run.diagnostics[0].structure == "event 2");
  CHECK(run.diagnostics[0].what ==
        "the file ends inside this event (no </Event>; truncated?); skipped");
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::readers
