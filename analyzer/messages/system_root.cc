// Messages from a mounted Windows system root: the built-in map of well-known sources to
// message files, found in the root's system folders (pe/system_folders.h), and
// RT_MESSAGETABLE reading through PeImage. docs/messages.md "Messages from the server".
#include <array>
#include <filesystem>
#include <string>

#include "core/input_file.h"
#include "core/strings.h"
#include "messages/catalog.h"
#include "pe/image.h"
#include "pe/message_table.h"
#include "pe/system_folders.h"

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

}  // namespace

std::span<const std::string_view> MessageCatalog::WellKnownMessageFiles(std::string_view source) {
  for (const SourceFiles& s : kWellKnown) {
    if (EqualsNoCase(s.source, source)) return std::span<const std::string_view>(s.files.data(), s.count);
  }
  return {};
}

void MessageCatalog::LoadFromSystemRoot(const std::string& root, DiagnosticSink& warnings) {
  auto warn = [&](const std::string& file, std::string what) {
    ReportProblem(warnings, Severity::kWarning, file, "message file", std::move(what));
  };
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    warn(root, "system root is not a directory; using shipped templates only");
    return;
  }
  const std::vector<std::filesystem::path> dirs = pe::FindSystemFolders(root).search;
  for (const SourceFiles& s : kWellKnown) {
    for (size_t i = 0; i < s.count; ++i) {
      const std::filesystem::path found = pe::FindFileNoCase(dirs, s.files[i]);
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
