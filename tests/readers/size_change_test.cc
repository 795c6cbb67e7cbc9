// A file whose size changes while it is read: opened at one size, then cut or
// appended to before the reader reads it (the generator edits the file on disk between
// InputFile::Open and the read). Every reader reports it (an error: exit 3) and keeps what
// it read.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/input_file.h"
#include "readers/reader_factories_internal.h"
#include "support/evt_builder.h"
#include "support/evtx_builder.h"

namespace logrx::readers {
namespace {

std::string TempPath(const char* name) {
  return (std::filesystem::temp_directory_path() /
          (std::string("logrx_size_change_") + std::to_string(::getpid()) + "_" + name))
      .string();
}

struct Got {
  size_t events = 0;
  size_t size_errors = 0;
};

using Factory = Result<std::unique_ptr<EventReader>> (*)(InputFile, const ReaderOptions&,
                                                         DiagnosticSink&);

// Writes `bytes`, opens it, then resizes it on disk to `new_size` (appending 'x' when it
// grows) and reads everything with `make`.
Got ReadChanged(const char* name, const std::vector<std::byte>& bytes, size_t new_size,
                Factory make) {
  const std::string path = TempPath(name);
  testing::WriteBytes(path, bytes);
  Result<InputFile> f = InputFile::Open(path);
  REQUIRE(f.ok());
  if (new_size < bytes.size()) {
    std::filesystem::resize_file(path, new_size);
  } else {
    std::vector<std::byte> more = bytes;
    more.resize(new_size, std::byte{'x'});
    testing::WriteBytes(path, more);
  }
  Got g;
  CollectingSink sink;
  ReaderOptions o;
  o.display_path = name;
  {
    auto r = make(std::move(*f), o, sink);
    REQUIRE(r.ok());
    Event ev;
    while ((*r)->Next(ev).ok()) ++g.events;
  }
  for (const Diagnostic& d : sink.items()) {
    if (d.what.find("while being read") != std::string::npos) {
      ++g.size_errors;
      CHECK(d.severity == Severity::kError);
    }
  }
  std::filesystem::remove(path);
  return g;
}

std::vector<std::byte> NineRecordEvtx() {
  testing::EvtxBuilder b;
  for (uint64_t id = 1; id <= 9; ++id) {
    if (id != 1 && (id - 1) % 3 == 0) b.NewChunk();
    b.AddRecord(testing::EvtxTestRecord{.id = id});
  }
  return b.Build();
}

std::vector<std::byte> FiveRecordEvt() {
  std::vector<testing::EvtRecordSpec> recs;
  for (uint32_t n = 1; n <= 5; ++n) {
    testing::EvtRecordSpec r;
    r.number = n;
    r.strings = {"s"};
    recs.push_back(r);
  }
  return testing::BuildLinearEvt(recs, 0x2000).file;
}

std::vector<std::byte> Text(const std::string& s) {
  std::vector<std::byte> out;
  for (char c : s) out.push_back(std::byte(static_cast<uint8_t>(c)));
  return out;
}

}  // namespace

TEST_SUITE("readers") {

TEST_CASE("size change: an EVTX cut while being read keeps the whole chunks and reports it") {
  const auto bytes = NineRecordEvtx();
  const Got same = ReadChanged("same.evtx", bytes, bytes.size(), NewEvtxReader);
  CHECK(same.events == 9);
  CHECK(same.size_errors == 0);
  // Cut inside chunk 2 (chunks start at 4096 + 65536 * i): chunks 0 and 1 are read.
  const Got cut = ReadChanged("cut.evtx", bytes, 4096 + 65536 * 2 + 1000, NewEvtxReader);
  CHECK(cut.events == 6);
  CHECK(cut.size_errors == 1);
  const Got grown = ReadChanged("grown.evtx", bytes, bytes.size() + 100, NewEvtxReader);
  CHECK(grown.events == 9);
  CHECK(grown.size_errors == 1);
}

TEST_CASE("size change: EVT, XML and text exports report a file that shrank or grew") {
  const auto evt = FiveRecordEvt();
  CHECK(ReadChanged("a.evt", evt, evt.size(), NewEvtReader).size_errors == 0);
  CHECK(ReadChanged("b.evt", evt, evt.size() - 100, NewEvtReader).size_errors == 1);
  CHECK(ReadChanged("c.evt", evt, evt.size() + 10, NewEvtReader).size_errors == 1);

  const std::string event =
      "<Event><System><Provider Name=\"P\"/><EventID>1</EventID></System></Event>\n";
  const auto xml = Text("<Events>\n" + event + event + event + "</Events>\n");
  CHECK(ReadChanged("a.xml", xml, xml.size(), NewXmlReader).size_errors == 0);
  const Got xcut = ReadChanged("b.xml", xml, 9 + event.size() + 5, NewXmlReader);
  CHECK(xcut.size_errors == 1);
  CHECK(xcut.events == 1);
  CHECK(ReadChanged("c.xml", xml, xml.size() + 3, NewXmlReader).size_errors == 1);

  const std::string line = "2/15/1999\t7:51:24 AM\tEventLog\tError\tNone\t6008\tN/A\tS1\tText\r\n";
  const auto txt = Text(line + line + line);
  CHECK(ReadChanged("a.txt", txt, txt.size(), NewTextExportReader).size_errors == 0);
  CHECK(ReadChanged("b.txt", txt, line.size() * 2, NewTextExportReader).size_errors == 1);
  CHECK(ReadChanged("c.txt", txt, txt.size() + 1, NewTextExportReader).size_errors == 1);
}

}  // TEST_SUITE

}  // namespace logrx::readers
