// libFuzzer target for the EVT reader (live walk and --recover carving, with message
// rendering on) and the RT_MESSAGETABLE parser, which reads the same kind of hostile
// offsets. Every mode runs on every input.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "readers/evt/evt_reader.h"
#include "messages/catalog.h"
#include "pe/message_table.h"

namespace {

const logrx::messages::MessageCatalog* Catalog() {
  // Built once; immutable afterwards (the catalog is thread-safe for reading).
  static const auto* mc = [] {
    auto r = logrx::messages::MessageCatalog::FromXml(
        "<messages><source name='Src'><message id='1'>a %1 b %2%n%3 %%4 %0 tail</message>"
        "</source><parameter id='5'>five</parameter></messages>",
        "fuzz.xml");
    return r.ok() ? new std::shared_ptr<const logrx::messages::MessageCatalog>(*r) : nullptr;
  }();
  return mc == nullptr ? nullptr : mc->get();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1u << 20)) return 0;  // larger inputs add time, not coverage
  const auto* bytes = reinterpret_cast<const std::byte*>(data);
  for (bool recover : {false, true}) {
    logrx::NullDiagnosticSink sink;
    logrx::readers::ReaderOptions opts;
    opts.display_path = "fuzz.evt";
    opts.recover = recover;
    opts.messages = Catalog();
    auto r = logrx::readers::NewEvtReaderFromBytes(std::vector<std::byte>(bytes, bytes + size),
                                                   opts, sink);
    if (!r.ok()) continue;
    logrx::Event ev;
    size_t n = 0;
    while ((*r)->Next(ev).ok()) {
      // Touch every view so ASan sees a dangling one.
      n += ev.provider.size() + ev.computer.size() + ev.user_sid.size() + ev.message.size() +
           ev.binary.size();
      for (const auto& f : ev.data) n += f.value.size();
    }
    (void)n;
  }
  auto t = logrx::pe::ParseMessageTable(std::span<const std::byte>(bytes, size), "fuzz.dll");
  (void)t.ok();
  return 0;
}
