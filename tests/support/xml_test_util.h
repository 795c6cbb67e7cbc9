// Helpers for the XML reader tests: write bytes to a scratch file, read them back with the
// XML reader, keep owned copies of the events and every diagnostic.
//
//   XmlRun run = ReadXmlBytes("<Event>…</Event>");
//   CHECK(run.events.size() == 1);
#ifndef LOGRX_TESTS_SUPPORT_XML_TEST_UTIL_H_
#define LOGRX_TESTS_SUPPORT_XML_TEST_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/event.h"
#include "readers/reader.h"
#include "readers/xml/xml_reader.h"

namespace logrx::testing {

// A path under the build tree, unique to this process, for a scratch file named `name`.
std::string ScratchPath(std::string_view name);
// Writes `bytes` to `path` (replacing it); REQUIREs success.
void WriteBytes(const std::string& path, std::string_view bytes);

struct XmlRun {
  std::vector<OwnedEvent> events;
  std::vector<Diagnostic> diagnostics;
  Status final;  // the Status that ended the loop (end() when all went well)
};

// Reads `bytes` as an XML export through NewXmlReader with `limits` and `options`.
XmlRun ReadXmlBytes(std::string_view bytes, const readers::XmlReaderLimits& limits = {},
                    readers::ReaderOptions options = {});

// UTF-8 text as UTF-16LE (little_endian) or UTF-16BE bytes with a BOM.
std::string ToUtf16WithBom(std::string_view utf8, bool little_endian = true);

}  // namespace logrx::testing

#endif  // LOGRX_TESTS_SUPPORT_XML_TEST_UTIL_H_
