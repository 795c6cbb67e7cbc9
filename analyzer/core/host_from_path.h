// Which host a file's path names, for files that carry no computer name of their own
// (Vista+ Event Viewer CSV/text exports, a .reg export of the Hotfix key, a file listing
// without a PSComputerName column). One rule for event logs and inventories alike, so a
// host's log and its inventory land on the same host.
//
// The file name up to its first '.' is split into words at '-', '_' and ' '. The host is
// the words before the first word that names a log or an inventory kind ("System",
// "SysEvent", "hotfix", "files", "qfe", ...: the list is in host_from_path.cc), so host
// names that contain '-' survive:
//
//   HostFromFileName("exports/FC-NODE1-System.txt") -> "FC-NODE1"
//   HostFromFileName("inv/EXCLUS1_hotfix.reg")       -> "EXCLUS1"
//   HostFromFileName("WEB-01.reg")                   -> "WEB-01"   (no kind word: whole name...)
//   HostFromFileName("WEB01_2002-04-02.csv")         -> "WEB01"    (...up to its first '_')
//   HostFromFileName("fleet/NODE7/System.csv")       -> ""         (a log's own name)
//
// Host names that contain '_' need the folder layout (a folder per host). Pure; thread-safe.
#ifndef LOGRX_CORE_HOST_FROM_PATH_H_
#define LOGRX_CORE_HOST_FROM_PATH_H_

#include <string>
#include <string_view>

namespace logrx {

// The host the file name names, or "" when it names none (see above).
std::string HostFromFileName(std::string_view path);

// HostFromFileName, else the name of the folder the file sits in (unless that is itself a
// log or inventory word, "." or a root): "fleet/NODE7/System.csv" -> "NODE7". "" when
// neither names a host.
std::string HostFromPath(std::string_view path);

// Path text on Windows or POSIX separators, without touching the file system.
// "a/b/c.evtx" -> "c.evtx"; "C:\\WINNT\\x.dll" -> "x.dll".
std::string_view PathBaseName(std::string_view path) noexcept;
// "a/b/c.evtx" -> "a/b"; "" when the path has no folder part.
std::string_view PathFolder(std::string_view path) noexcept;
// "a/b//" -> "a/b"; a lone "/" stays.
std::string_view StripTrailingSlashes(std::string_view path) noexcept;

}  // namespace logrx

#endif  // LOGRX_CORE_HOST_FROM_PATH_H_
