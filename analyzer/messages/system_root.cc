// Messages from a mounted Windows system root: the built-in map of well-known sources to
// message files, a case-insensitive path lookup, and RT_MESSAGETABLE reading through
// PeImage. docs/messages.md "Messages from the server".
#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "core/input_file.h"
#include "messages/catalog.h"
#include "pe/image.h"
#include "pe/message_table.h"

namespace logrx::messages {

using pe::kRtMessageTable;
using pe::PeResource;
namespace {

struct SourceFiles {
  std::string_view source;
  std::array<std::string_view, 2> files;
  size_t count;
};

// The registry's EventMessageFile values for these sources on NT 4.0/2000/2003.
constexpr SourceFiles kWellKnown[] = {
    {"EventLog", {"netevent.dll", {}}, 1},
    {"Service Control Manager", {"netevent.dll", {}}, 1},
    {"Tcpip", {"netevent.dll", {}}, 1},
    {"Srv", {"netevent.dll", {}}, 1},
    {"Application Popup", {"netevent.dll", {}}, 1},
    {"ClusSvc", {"clussvc.exe", "clusres.dll"}, 2},
    {"ClusDisk", {"clusres.dll", "clusdisk.sys"}, 2},
    {"NETLOGON", {"netmsg.dll", {}}, 1},
};

constexpr std::string_view kSearchDirs[] = {
    "system32", "WINNT/system32", "Windows/System32", "cluster", "WINNT/cluster",
    "Windows/Cluster", "system32/drivers", "WINNT/system32/drivers", "Windows/System32/drivers"};

bool IEquals(std::string_view a, std::string_view b) noexcept {
  return !CaseInsensitiveLess()(a, b) && !CaseInsensitiveLess()(b, a);
}

// Resolves `rel` ("WINNT/system32/netevent.dll") under `root`, each component matched
// case-insensitively (a mounted NTFS or a copy keeps Windows' mixed case). Empty if absent.
std::filesystem::path FindCaseInsensitive(const std::filesystem::path& root, std::string_view rel) {
  std::filesystem::path cur = root;
  while (!rel.empty()) {
    const size_t slash = rel.find('/');
    const std::string_view part = rel.substr(0, slash);
    rel = slash == std::string_view::npos ? std::string_view() : rel.substr(slash + 1);
    std::error_code ec;
    std::filesystem::path next;
    for (const auto& e : std::filesystem::directory_iterator(cur, ec)) {
      if (IEquals(e.path().filename().string(), part)) {
        next = e.path();
        break;
      }
    }
    if (next.empty()) return {};
    cur = next;
  }
  return cur;
}

}  // namespace

std::span<const std::string_view> MessageCatalog::WellKnownMessageFiles(std::string_view source) {
  for (const SourceFiles& s : kWellKnown) {
    if (IEquals(s.source, source)) return std::span<const std::string_view>(s.files.data(), s.count);
  }
  return {};
}

void MessageCatalog::LoadFromSystemRoot(const std::string& root, DiagnosticSink& warnings) {
  auto warn = [&](const std::string& file, std::string what) {
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.file = file;
    d.structure = "message file";
    d.what = std::move(what);
    warnings.Report(d);
  };
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    warn(root, "system root is not a directory; using shipped templates only");
    return;
  }
  for (const SourceFiles& s : kWellKnown) {
    for (size_t i = 0; i < s.count; ++i) {
      std::filesystem::path found;
      for (std::string_view dir : kSearchDirs) {
        found = FindCaseInsensitive(root, fmt::format("{}/{}", dir, s.files[i]));
        if (!found.empty()) break;
      }
      if (found.empty()) continue;
      const std::string path = found.string();
      Result<std::vector<std::byte>> bytes = ReadWholeFile(path, 64u << 20);
      if (!bytes.ok()) {
        warn(path, std::string(bytes.status().message()));
        continue;
      }
      Result<pe::PeImage> image = pe::PeImage::Parse(*bytes, path);
      if (!image.ok()) {
        warn(path, std::string(image.status().message()));
        continue;
      }
      const std::vector<PeResource> tables = image->FindResources(kRtMessageTable);
      if (tables.empty()) continue;
      // US English when present, else the first language in directory order.
      const PeResource* pick = &tables.front();
      for (const PeResource& r : tables) {
        if (r.language == 0x409) {
          pick = &r;
          break;
        }
      }
      Result<std::vector<pe::MessageTableEntry>> entries = pe::ParseMessageTable(pick->data, path);
      if (!entries.ok()) {
        warn(path, std::string(entries.status().message()));
        continue;
      }
      AddServerMessages(s.source, *entries);
    }
  }
}

}  // namespace logrx::messages
