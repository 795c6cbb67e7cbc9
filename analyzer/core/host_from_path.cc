#include "core/host_from_path.h"

#include "core/strings.h"

namespace logrx {

namespace {

// Words Windows and admins put in the name of a log or inventory file that say what it
// holds, not which host: classic and NT 4.0 log names, export words, inventory kinds.
bool IsKindWord(std::string_view w) {
  for (std::string_view k :
       {"System", "Application", "Security", "Setup", "SysEvent", "AppEvent", "SecEvent",
        "ForwardedEvents", "HardwareEvents", "DirectoryService", "DnsServer", "Events",
        "EventLog", "EventLogs", "Log", "Logs", "Export", "All", "files", "filelist", "hotfix",
        "hotfixes", "qfe", "systeminfo", "inventory", "versions", "reg"}) {
    if (EqualsNoCase(w, k)) return true;
  }
  return false;
}

constexpr std::string_view kWordBreaks = "-_ ";

// `s` without separators at its end ("WEB01 - " -> "WEB01").
std::string_view TrimBreaks(std::string_view s) {
  while (!s.empty() && kWordBreaks.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view PathBaseName(std::string_view path) noexcept {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view PathFolder(std::string_view path) noexcept {
  const size_t slash = path.find_last_of("/\\");
  return path.substr(0, slash == std::string_view::npos ? 0 : slash);
}

std::string_view StripTrailingSlashes(std::string_view path) noexcept {
  while (path.size() > 1 && (path.back() == '/' || path.back() == '\\')) path.remove_suffix(1);
  return path;
}

std::string HostFromFileName(std::string_view path) {
  std::string_view stem = PathBaseName(StripTrailingSlashes(path));
  stem = stem.substr(0, stem.find('.'));
  size_t start = 0;
  while (start <= stem.size()) {
    size_t end = stem.find_first_of(kWordBreaks, start);
    if (end == std::string_view::npos) end = stem.size();
    if (IsKindWord(stem.substr(start, end - start))) {
      return std::string(TrimBreaks(stem.substr(0, start)));
    }
    start = end + 1;
  }
  // No kind word: '_' and ' ' cannot be part of a DNS host name, '-' can.
  return std::string(TrimBreaks(stem.substr(0, stem.find_first_of("_ "))));
}

std::string HostFromPath(std::string_view path) {
  std::string host = HostFromFileName(path);
  if (!host.empty()) return host;
  const std::string_view dir = PathBaseName(StripTrailingSlashes(PathFolder(path)));
  if (dir.empty() || dir == "." || dir == ".." || dir == "/" || IsKindWord(dir)) return "";
  if (dir.size() == 2 && dir[1] == ':') return "";  // "C:" is a drive, not a host
  return std::string(dir);
}

}  // namespace logrx
