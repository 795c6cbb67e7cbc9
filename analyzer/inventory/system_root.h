// ScanSystemRoot and FindEventLogs: facts and event logs from a mounted Windows system
// drive or %SystemRoot% (--root), found case-insensitively (pe/system_folders.h).
//
//   ScanSystemRoot("/mnt/win", {"clussvc.exe", "ntoskrnl.exe"}, facts, diags);
//   for (const std::string& log : FindEventLogs("/mnt/win")) Scan(log);
//
// Reads directories and files; thread-safe for distinct arguments.
#ifndef LOGRX_INVENTORY_SYSTEM_ROOT_H_
#define LOGRX_INVENTORY_SYSTEM_ROOT_H_

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/status.h"
#include "inventory/host_facts.h"

namespace logrx::inventory {

// Reads the files named in `file_names` (lower-case base names) under a mounted Windows
// system root, case-insensitively, into facts.files (size, PE machine, version, time).
Status ScanSystemRoot(const std::string& root, const std::vector<std::string>& file_names,
                      HostFacts& facts, DiagnosticSink& sink);

// Event logs under a mounted system root, found case-insensitively:
// <root>/{WINNT,Windows,...}/system32/config/*.evt, .../system32/winevt/Logs/*.evtx, and the
// same below <root> when <root> is itself the system32 folder. Sorted paths; empty when none.
// Reads directories only.
std::vector<std::string> FindEventLogs(const std::string& root);

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_SYSTEM_ROOT_H_
