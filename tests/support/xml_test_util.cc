#include "support/xml_test_util.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>

#include "core/input_file.h"

namespace logrx::testing {

std::string ScratchPath(std::string_view name) {
  const std::filesystem::path dir = std::filesystem::path(LOGRX_BINARY_DIR) / "test_scratch";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return (dir / (std::to_string(::getpid()) + "_" + std::string(name))).string();
}

void WriteBytes(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  REQUIRE(out.good());
}

XmlRun ReadXmlBytes(std::string_view bytes, const readers::XmlReaderLimits& limits,
                    readers::ReaderOptions options) {
  // A fresh name per read, removed at once: rewriting one file with O_TRUNC makes ext4
  // flush it on every close, which is slow for the every-offset tests.
  static uint64_t counter = 0;  // test-only; the runner is single-threaded
  const std::string path = ScratchPath("xml_run_" + std::to_string(++counter) + ".xml");
  WriteBytes(path, bytes);
  XmlRun run;
  CollectingSink sink;
  Result<InputFile> file = InputFile::Open(path);
  std::error_code ec;
  std::filesystem::remove(path, ec);  // the open descriptor keeps the data readable
  REQUIRE(file.ok());
  if (options.display_path.empty()) options.display_path = "test.xml";
  Result<std::unique_ptr<readers::EventReader>> reader =
      readers::NewXmlReader(std::move(*file), options, sink, limits);
  REQUIRE(reader.ok());
  Event ev;
  for (;;) {
    run.final = (*reader)->Next(ev);
    if (!run.final.ok()) break;
    run.events.emplace_back(ev);
    REQUIRE(run.events.size() < 100000);  // a reader that never ends fails here
  }
  run.diagnostics = sink.items();
  return run;
}

std::string ToUtf16WithBom(std::string_view utf8, bool little_endian) {
  std::u16string units;
  for (size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    uint32_t cp;
    size_t n;
    if (c < 0x80) { cp = c; n = 1; }
    else if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; n = 2; }
    else if ((c & 0xF0) == 0xE0) { cp = c & 0x0F; n = 3; }
    else { cp = c & 0x07; n = 4; }
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      units.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      units.push_back(static_cast<char16_t>(cp));
    }
  }
  std::string out = little_endian ? std::string("\xFF\xFE") : std::string("\xFE\xFF");
  for (const char16_t u : units) {
    const char lo = static_cast<char>(u & 0xFF);
    const char hi = static_cast<char>(u >> 8);
    if (little_endian) { out.push_back(lo); out.push_back(hi); }
    else { out.push_back(hi); out.push_back(lo); }
  }
  return out;
}

}  // namespace logrx::testing
