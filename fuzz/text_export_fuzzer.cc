// libFuzzer target for Event Viewer text exports: format sniffing, the reader (CSV/TSV,
// UTF-8/UTF-16/ANSI decoding, dates, times) and insert extraction against a template.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "messages/catalog.h"
#include "messages/format.h"
#include "readers/text/text_export_reader.h"

namespace {

const logrx::messages::MessageCatalog* Catalog() {
  static const auto* mc = [] {
    auto r = logrx::messages::MessageCatalog::FromXml(
        "<messages><source name='ClusSvc'><message id='1024'>The registry checkpoint for "
        "cluster resource %1 could not be restored to registry key HKEY_LOCAL_MACHINE\\%2. "
        "The resource may not function correctly.</message><message id='1'>%1, %2%n%3</message>"
        "</source></messages>",
        "fuzz.xml");
    return r.ok() ? new std::shared_ptr<const logrx::messages::MessageCatalog>(*r) : nullptr;
  }();
  return mc == nullptr ? nullptr : mc->get();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;
  const auto* bytes = reinterpret_cast<const std::byte*>(data);
  (void)logrx::readers::LooksLikeTextExport(std::span<const std::byte>(bytes, size));
  logrx::NullDiagnosticSink sink;
  logrx::readers::ReaderOptions opts;
  opts.display_path = "fuzz.txt";
  opts.messages = Catalog();
  auto r = logrx::readers::NewTextExportReaderFromBytes(std::vector<std::byte>(bytes, bytes + size),
                                                        opts, sink);
  if (r.ok()) {
    logrx::Event ev;
    size_t n = 0;
    while ((*r)->Next(ev).ok()) {
      n += ev.provider.size() + ev.computer.size() + ev.message.size();
      for (const auto& f : ev.data) n += f.value.size();
    }
    (void)n;
  }
  // The input as a template and as a text, both ways round.
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  const size_t half = s.size() / 2;
  std::vector<std::string> inserts;
  (void)logrx::messages::MatchEventMessage(s.substr(0, half), s.substr(half), inserts);
  std::string out;
  logrx::messages::RenderStats stats;
  std::vector<logrx::Field> fields = {{{}, s.substr(half)}, {{}, "%%5"}};
  logrx::messages::FormatEventMessage(s.substr(0, half), fields, nullptr, out, stats);
  return 0;
}
