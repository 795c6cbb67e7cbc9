// The XML reader on the python-evtx renderings in ../shared/corpus/python-evtx-xml/.
// Counts are the `<Event` element counts of expected/counts.tsv; spot values were read by
// hand from the files (line numbers from `grep -n '<Event '`, times converted with
// Python's datetime, base64 with Python's base64 module).
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "core/diagnostic.h"
#include "core/input_file.h"
#include "readers/reader.h"

namespace logrx::readers {
namespace {

const std::string kCorpus = std::string(LOGRX_SHARED_DIR) + "/corpus/";

// records_per_python_evtx column of expected/counts.tsv, keyed by file.
std::map<std::string, uint64_t> ExpectedCounts() {
  std::ifstream in(kCorpus + "expected/counts.tsv");
  REQUIRE(in.good());
  std::map<std::string, uint64_t> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string file, libevtx, python;
    std::getline(row, file, '\t');
    std::getline(row, libevtx, '\t');
    std::getline(row, python, '\t');
    if (file.rfind("python-evtx-xml/", 0) == 0) out[file] = std::stoull(python);
  }
  return out;
}

struct CorpusRun {
  std::vector<OwnedEvent> events;
  std::vector<Diagnostic> diagnostics;
};

CorpusRun ReadCorpusFile(const std::string& rel) {
  CollectingSink sink;
  Result<std::unique_ptr<EventReader>> r = OpenEventFile(kCorpus + rel, ReaderOptions{}, sink);
  REQUIRE(r.ok());
  CHECK((*r)->format() == InputFormat::kXml);
  CorpusRun run;
  Event ev;
  Status s;
  while ((s = (*r)->Next(ev)).ok()) run.events.emplace_back(ev);
  CHECK(s.end());
  run.diagnostics = sink.items();
  return run;
}

const OwnedEvent* FindRecord(const CorpusRun& run, uint64_t record_id) {
  for (const auto& e : run.events) {
    if (e.view().record_id == record_id) return &e;
  }
  return nullptr;
}

TEST_SUITE("corpus") {

TEST_CASE("xml corpus: every python-evtx rendering yields its <Event count, no diagnostics") {
  const auto expected = ExpectedCounts();
  REQUIRE(expected.size() == 4);
  for (const auto& entry : expected) {
    // Not a structured binding: clang 14 cannot capture one in CAPTURE's lambda.
    const auto& rel = entry.first;
    const auto& count = entry.second;
    CAPTURE(rel);
    const CorpusRun run = ReadCorpusFile(rel);
    CHECK(run.events.size() == count);
    CHECK(run.diagnostics.empty());
    for (const auto& d : run.diagnostics) MESSAGE(d.ToString());
  }
}

TEST_CASE("xml corpus: metasploit psexec 7045 and LogFileCleared read by hand") {
  const CorpusRun run =
      ReadCorpusFile("python-evtx-xml/pyevtx-dump_deepblue_metasploit-psexec-native-target-system.xml");
  REQUIRE(run.events.size() == 7);
  const Event& first = run.events[0].view();
  CHECK(first.record_id == 8622);
  CHECK(first.event_id == 104);
  CHECK_FALSE(first.has_qualifiers);  // Qualifiers=""
  CHECK(first.where.line == 4);
  CHECK(first.provider == "Microsoft-Windows-Eventlog");
  CHECK(first.data_is_user_data);
  CHECK(first.Data("SubjectUserName") == "IEUser");
  CHECK(first.Data("SubjectDomainName") == "IE10WIN7");
  CHECK(first.Data("BackupPath").empty());

  const Event& svc = run.events[1].view();
  CHECK(svc.where.line == 27);
  CHECK(svc.record_id == 8623);
  CHECK(svc.event_id == 7045);
  CHECK(svc.has_qualifiers);
  CHECK(svc.qualifiers == 16384);
  CHECK(svc.level == 4);
  CHECK(svc.keywords == 0x8080000000000000ull);
  CHECK(svc.time_created == 131189028625429670);  // 2016-09-21 03:41:02.542967
  CHECK(svc.process_id == 488);
  CHECK(svc.thread_id == 352);
  CHECK(svc.channel == "System");
  CHECK(svc.computer == "IE10Win7");
  CHECK(svc.event_source == "Service Control Manager");
  CHECK(svc.provider_guid == "{555908d1-a6d7-4695-8e1e-26931d2012f4}");
  CHECK(svc.user_sid == "S-1-5-21-3463664321-2923530833-3546627382-1000");
  REQUIRE(svc.data.size() == 5);
  CHECK(svc.data[0].name == "ServiceName");
  CHECK(svc.data[0].value == "KgXItsbKgTJzdzwl");
  CHECK(svc.Data("ImagePath") == "%SYSTEMROOT%\\duKhLYUX.exe");
  CHECK(svc.Data("AccountName") == "LocalSystem");

  // <Binary>VABWAFIAUwBtAFgAYwBEAC8ANAAAAA==</Binary>: base64 of UTF-16 "TVRSmXcD/4".
  const Event& bin = run.events[2].view();
  CHECK(bin.record_id == 8624);
  CHECK(bin.where.line == 50);
  CHECK(bin.user_sid.empty());
  REQUIRE(bin.binary.size() == 22);
  CHECK(std::to_integer<int>(bin.binary[0]) == 84);   // 'T'
  CHECK(std::to_integer<int>(bin.binary[2]) == 86);   // 'V'
  CHECK(std::to_integer<int>(bin.binary[18]) == 52);  // '4'
  CHECK(std::to_integer<int>(bin.binary[21]) == 0);
  CHECK(run.events[6].view().where.line == 136);
}

TEST_CASE("xml corpus: omer system first and last records") {
  const CorpusRun run = ReadCorpusFile("python-evtx-xml/pyevtx-dump_omer_system.xml");
  REQUIRE(run.events.size() == 1881);
  const Event& first = run.events.front().view();
  CHECK(first.record_id == 1);
  CHECK(first.event_id == 6009);
  CHECK(first.qualifiers == 32768);
  CHECK(first.provider == "EventLog");
  CHECK(first.computer == "WIN-P4SIAA0SQCO");
  CHECK(first.time_created == 131443533882141610);  // 2017-07-12 17:16:28.214161
  CHECK(first.where.line == 4);
  REQUIRE(first.data.size() == 1);  // one positional <Data> spanning five lines
  CHECK(first.data[0].name.empty());
  CHECK(first.data[0].value.starts_with("<string>10.00.</string>\n<string>15063</string>\n"));
  CHECK(first.binary.empty());  // <Binary></Binary>

  const Event& last = run.events.back().view();
  CHECK(last.record_id == 1881);
  CHECK(last.event_id == 7023);
  CHECK(last.qualifiers == 49152);
  CHECK(last.level == 2);
  CHECK(last.computer == "DESKTOP-2KGM189");
  CHECK(last.time_created == 131647976220091570);  // 2018-03-06 08:13:42.009157
  CHECK(last.where.line == 39468);
  CHECK(last.Data("param1") == "Interactive Services Detection");
  CHECK(last.Data("param2") == "%%1");

  // <EventData Name="SAMMSG_RESTRICT_REMOTE_SAM_DEFAULT_SD"> at line 632 is not a field.
  for (const auto& e : run.events) {
    for (const Field& f : e.view().data) CHECK(f.name != "SAMMSG_RESTRICT_REMOTE_SAM_DEFAULT_SD");
  }
  // Record ids are 1..1881 in order in this file.
  for (size_t i = 0; i < run.events.size(); ++i) CHECK(run.events[i].view().record_id == i + 1);
}

TEST_CASE("xml corpus: Tchopper 7045 service with a long command line, and disablestop UserData") {
  const CorpusRun run =
      ReadCorpusFile("python-evtx-xml/pyevtx-dump_e2m_ID7000-7009-7045_Tchopper.xml");
  REQUIRE(run.events.size() == 733);
  const Event& first = run.events.front().view();
  CHECK(first.record_id == 9308);
  CHECK(first.event_id == 7045);
  CHECK(first.computer == "FS03.offsec.lan");
  CHECK(first.time_created == 132804009147894480);  // 2021-11-03 08:15:14.789448
  CHECK(first.Data("ImagePath") ==
        "c:\\windows\\system32\\cmd.exe /c powershell -command \"Get-Service \"seg1\" | "
        "select -Expand DisplayName |out-file -append tmp_payload.txt\"");
  CHECK(run.events.back().view().where.line == 15864);

  const CorpusRun stop =
      ReadCorpusFile("python-evtx-xml/pyevtx-dump_deepblue_disablestop-eventlog.xml");
  REQUIRE(stop.events.size() == 13);
  const OwnedEvent* cleared = FindRecord(stop, 9252);
  REQUIRE(cleared != nullptr);
  CHECK(cleared->view().event_id == 104);
  CHECK(cleared->view().Data("SubjectUserName") == "jwrig");
  CHECK(cleared->view().Data("SubjectDomainName") == "DESKTOP-JR78RLP");
  CHECK(cleared->view().process_id == 7464);
  CHECK(cleared->view().where.line == 4);
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::readers
