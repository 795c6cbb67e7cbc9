// The shared reader properties (tests/support/reader_properties.h) applied to the XML
// reader: on exports written here, and on the smallest python-evtx rendering of the corpus.
#include <string>

#include <doctest/doctest.h>

#include "core/input_file.h"
#include "support/reader_properties.h"
#include "support/xml_test_util.h"

namespace logrx::readers {
namespace {

using testing::CheckReaderProperties;
using testing::PropertyOptions;
using testing::PropertyReport;

std::string Sample() {
  std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Events>\n";
  for (int r = 1; r <= 3; ++r) {
    s += "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
         "<Provider Name='ClusSvc'/><EventID Qualifiers='49152'>1024</EventID><Level>2</Level>"
         "<TimeCreated SystemTime='2003-05-06T07:08:09.1234567Z'/><EventRecordID>" +
         std::to_string(r) +
         "</EventRecordID><Computer>N\xC3\xB6" + std::to_string(r) +
         "</Computer></System>\n<EventData><Data Name='k'><![CDATA[a<b]]></Data><!-- c -->"
         "<Binary>0A0B</Binary></EventData><RenderingInfo><Message>m &amp; n</Message>"
         "</RenderingInfo></Event>\n";
  }
  return s + "</Events>\n";
}

void RequireClean(const PropertyReport& r) {
  for (const auto& f : r.failures) MESSAGE(f);
  CHECK(r.failures.empty());
}

TEST_SUITE("readers") {

TEST_CASE("xml reader properties: every cut is a prefix, flips finish, reads repeat (UTF-8)") {
  PropertyOptions opts;
  opts.cuts = 1 << 20;  // every offset
  opts.flips = 400;
  const std::string bytes = Sample();
  const PropertyReport r = CheckReaderProperties(bytes, InputFormat::kXml, opts);
  CHECK(r.full_events == 3);
  CHECK(r.cuts_checked == bytes.size() + 1);
  CHECK(r.flips_checked >= 200);
  RequireClean(r);
}

TEST_CASE("xml reader properties: the same on UTF-16LE") {
  PropertyOptions opts;
  opts.cuts = 300;
  opts.flips = 300;
  const PropertyReport r =
      CheckReaderProperties(testing::ToUtf16WithBom(Sample()), InputFormat::kXml, opts);
  CHECK(r.full_events == 3);
  RequireClean(r);
}

TEST_CASE("reader properties: a broken prefix property is caught") {
  // The helper must be able to fail: the fingerprint of a changed event differs.
  testing::ReaderRun run = testing::ReadBytesAs(Sample(), InputFormat::kXml);
  REQUIRE(run.events.size() == 3);
  OwnedEvent changed = run.events[0];
  changed.mutable_header().record_id = 99;
  CHECK(testing::EventFingerprint(changed.view()) != testing::EventFingerprint(run.events[0].view()));
  CHECK(testing::EventFingerprint(run.events[1].view()) != testing::EventFingerprint(run.events[2].view()));
}

}  // TEST_SUITE

TEST_SUITE("corpus") {

TEST_CASE("xml corpus properties: psexec rendering cut and flipped") {
  Result<std::string> bytes = ReadWholeFileAsString(
      std::string(LOGRX_SHARED_DIR) +
      "/corpus/python-evtx-xml/pyevtx-dump_deepblue_metasploit-psexec-native-target-system.xml");
  REQUIRE(bytes.ok());
  PropertyOptions opts;
  opts.cuts = 400;
  opts.flips = 400;
  const PropertyReport r = CheckReaderProperties(*bytes, InputFormat::kXml, opts);
  CHECK(r.full_events == 7);
  RequireClean(r);
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::readers
