// libFuzzer target for the XML export reader (readers/xml/xml_reader.h): the input is the
// file. Each input is read twice, with 256 KiB blocks and with 7-byte blocks and a
// 4 KiB event cap, render_xml on; the runs must agree on every event kept (block
// boundaries must not change what is read) and neither may crash or hang.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/input_file.h"
#include "readers/xml/xml_reader.h"

namespace {

struct Seen {
  uint64_t offset;
  uint32_t line;
  uint16_t event_id;
  uint64_t record_id;
  size_t fields;
  size_t xml_bytes;
};

int MemFd() {
  static const int fd = memfd_create("xml_fuzz", 0);
  return fd;
}

std::vector<Seen> Run(const std::string& path, const logrx::readers::XmlReaderLimits& limits,
                      size_t& diagnostics) {
  std::vector<Seen> out;
  logrx::CollectingSink sink;
  logrx::Result<logrx::InputFile> file = logrx::InputFile::Open(path);
  if (!file.ok()) std::abort();
  logrx::readers::ReaderOptions options;
  options.render_xml = true;
  auto reader = logrx::readers::NewXmlReader(std::move(*file), options, sink, limits);
  if (!reader.ok()) std::abort();
  logrx::Event ev;
  for (;;) {
    const logrx::Status s = (*reader)->Next(ev);
    if (!s.ok()) break;
    // Views must be readable (ASan checks the bytes) and inside the event's text.
    size_t sum = 0;
    for (const auto& f : ev.data) sum += f.name.size() + f.value.size();
    sum += ev.provider.size() + ev.computer.size() + ev.message.size();
    (void)sum;
    out.push_back(Seen{ev.where.offset, ev.where.line, ev.event_id, ev.record_id,
                       ev.data.size(), ev.xml.size()});
  }
  diagnostics = sink.items().size();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;  // big inputs only slow the search down
  const int fd = MemFd();
  if (fd < 0) return 0;
  if (ftruncate(fd, 0) != 0) return 0;
  if (size > 0 && pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) return 0;
  const std::string path = "/proc/self/fd/" + std::to_string(fd);

  size_t diags_a = 0, diags_b = 0;
  const auto a = Run(path, logrx::readers::XmlReaderLimits{}, diags_a);
  logrx::readers::XmlReaderLimits small;
  small.block_bytes = 7;
  small.max_event_bytes = 4096;
  const auto b = Run(path, small, diags_b);
  // With a smaller cap run b may drop long events; every event it keeps is one of a's.
  size_t j = 0;
  for (const Seen& s : b) {
    while (j < a.size() && a[j].offset != s.offset) ++j;
    if (j == a.size() || a[j].line != s.line || a[j].event_id != s.event_id ||
        a[j].record_id != s.record_id || a[j].fields != s.fields ||
        a[j].xml_bytes != s.xml_bytes) {
      std::fprintf(stderr, "block size changed the events read\n");
      std::abort();
    }
  }
  return 0;
}
