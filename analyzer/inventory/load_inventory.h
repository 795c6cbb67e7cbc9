// LoadInventory: every inventory export under a file or folder (systeminfo, wmic qfe,
// Get-HotFix, .reg exports of the Hotfix key, file listings, host declarations) as
// HostFacts per host. Formats and their detection: docs/inventory.md.
//
//   std::map<std::string, HostFacts> hosts;
//   Status s = LoadInventory("inventory/", hosts, diags);
//
// Reads files; thread-safe for distinct arguments.
#ifndef LOGRX_INVENTORY_LOAD_INVENTORY_H_
#define LOGRX_INVENTORY_LOAD_INVENTORY_H_

#include <map>
#include <string>

#include "core/diagnostic.h"
#include "core/status.h"
#include "inventory/host_facts.h"

namespace logrx::inventory {

// Reads every inventory file under `path` (file or folder) into `hosts`, keyed by
// HostKey. Unreadable or malformed files are reported to `sink` (file:line) and skipped.
Status LoadInventory(const std::string& path, std::map<std::string, HostFacts>& hosts,
                     DiagnosticSink& sink);

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_LOAD_INVENTORY_H_
