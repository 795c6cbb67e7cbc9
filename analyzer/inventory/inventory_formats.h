// Inventory formats: which export a file is (by its content, never its name) and the
// parser for each. LoadInventory (inventory.h) walks folders and calls these; tests and
// fuzzers call them on bytes directly. Formats and the Windows commands that make them:
// docs/inventory.md.
//
//   std::map<std::string, HostFacts> hosts;
//   ParseInventoryBytes("inv/EXCLUS1.reg", bytes, "EXCLUS1", hosts, sink);
//
// Pure except for `sink`; not thread-safe per `hosts`.
#ifndef LOGRX_INVENTORY_INVENTORY_FORMATS_H_
#define LOGRX_INVENTORY_INVENTORY_FORMATS_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "inventory/host_facts.h"

namespace logrx::inventory {

enum class InventoryFormat : uint8_t {
  kUnknown,
  kSystemInfo,   // systeminfo /fo csv
  kWmicQfe,      // wmic qfe list full /format:csv
  kGetHotFix,    // Get-HotFix | Export-Csv
  kRegHotfix,    // reg export "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Hotfix"
  kFileList,     // Get-ChildItem ... | Select FullName,Length,LastWriteTime,VersionInfo | Export-Csv
  kHostDeclaration,  // "[logrx host]" then host = / platform = / edition = lines
  kDirListing,   // dir \\HOST\ADMIN$\system32\winlogon.exe > files.txt (cmd.exe, NT 4.0 on)
  kSystemInfoList,  // systeminfo > host.txt (the default list layout)
  kHotfixTable,  // wmic qfe list > qfe.txt, Get-HotFix > hotfix.txt (text tables)
};
std::string_view InventoryFormatName(InventoryFormat f) noexcept;

// Detects the format from decoded (UTF-8) text: a declaration or .reg header, a `dir`
// heading, systeminfo's "Host Name:" list, a hotfix table's header, or the CSV header line (after wmic's leading blank line and PowerShell's "#TYPE"
// line).
InventoryFormat DetectInventoryFormat(std::string_view text);

// Decodes, detects and parses one file's bytes into `hosts` (keyed by HostKey). Rows are
// matched to hosts by the file's own computer-name column; formats without one (.reg, a
// file listing without PSComputerName) use `fallback_host`. Malformed rows/lines are
// reported as "path:line" and skipped; an unknown format is reported as skipped.
// `fallback_is_folder`: the file sits in the folder of host `fallback_host`, so facts it
// gives for any other host are a conflict (warning) and are not used.
// Returns the detected format.
InventoryFormat ParseInventoryBytes(std::string_view path, std::span<const std::byte> bytes,
                                    std::string_view fallback_host,
                                    std::map<std::string, HostFacts>& hosts,
                                    DiagnosticSink& sink, bool fallback_is_folder = false);

// LastWriteTime as PowerShell's Export-Csv writes it in the exporting machine's locale:
// "4/4/2000 12:46:00 AM" (M/D/Y with AM/PM), "04/04/2000 00:46:00" (D/M/Y, 24 h, unless
// the first number is > 12... see docs), "04.04.2000 00:46:00" (D.M.Y), ISO
// "2000-04-04 00:46:00" / "2000-04-04T00:46:00". The result is FILETIME ticks of that
// wall-clock time (local to the exporting machine; no zone conversion).
bool ParseLocalDateTime(std::string_view text, int64_t& filetime) noexcept;

// The host a file without a host column describes: the parent folder's name when the file
// sits in a sub-folder of the inventory root, else the host its file name names
// (HostFromFileName in core/host_from_path.h; for a file given as the root itself, its
// folder when the name names none). "" when nothing names one.
std::string FallbackHostForPath(std::string_view root, std::string_view file);

// True when `file` sits in a sub-folder of `root` (whose name is then its host).
bool InHostFolder(std::string_view root, std::string_view file);

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_INVENTORY_FORMATS_H_
