#include "rules/host_key.h"

#include "core/strings.h"

namespace logrx::rules {

std::string HostKey(std::string_view computer) {
  std::string_view s = Trim(computer, kSpaceOrNul);
  while (!s.empty() && s.front() == '\\') s.remove_prefix(1);  // "\\EXCLUS1" (UNC form)
  const size_t dot = s.find('.');
  if (dot != std::string_view::npos) s = s.substr(0, dot);
  return ToUpperAscii(Trim(s, kSpaceOrNul));
}

namespace {

// Names Windows and admins give a log or inventory file, which say nothing about the host.
bool IsLogName(std::string_view s) {
  for (std::string_view n : {"System", "Application", "Security", "Setup", "SysEvent", "AppEvent",
                             "SecEvent", "Events", "EventLog", "Log", "Export", "All", "files", "filelist",
                             "hotfix", "hotfixes", "qfe", "systeminfo", "inventory", "versions"}) {
    if (EqualsNoCase(s, n)) return true;
  }
  return false;
}

std::string_view Base(std::string_view p) {
  while (p.size() > 1 && (p.back() == '/' || p.back() == '\\')) p.remove_suffix(1);
  const size_t slash = p.find_last_of("/\\");
  return slash == std::string_view::npos ? p : p.substr(slash + 1);
}

std::string_view Dir(std::string_view p) {
  const size_t slash = p.find_last_of("/\\");
  return slash == std::string_view::npos ? std::string_view() : p.substr(0, slash);
}

}  // namespace

std::string HostFromPath(std::string_view path) {
  const std::string_view file = Base(path);
  const std::string_view stem = file.substr(0, file.find_first_of("-_."));
  if (!stem.empty() && !IsLogName(stem)) return std::string(stem);
  const std::string_view dir = Base(Dir(path));
  if (!dir.empty() && dir != "." && dir != ".." && dir != "/") return std::string(dir);
  return "";
}

}  // namespace logrx::rules
