// Inventory exports given to `scan` among the logs (a file listing CSV, a .reg export of
// the Hotfix key, systeminfo or qfe CSV): recognised by content and used as inventories.
//
//   std::string kind = InventoryKindOf("fleet/EXCLUS1_files.csv");  // "file listing" or ""
//
// Reads at most the first 64 KiB of a .csv, .tsv, .txt or .reg file. Thread-safe.
#ifndef LOGRX_FLEET_INVENTORY_SNIFF_H_
#define LOGRX_FLEET_INVENTORY_SNIFF_H_

#include <map>
#include <string>

#include "core/diagnostic.h"
#include "inventory/host_facts.h"

namespace logrx::fleet {

// The inventory format's name when the file is an inventory export, else "".
std::string InventoryKindOf(const std::string& path);

// Parses such a file into `hosts` (keyed by HostKey); rows without a host column belong to
// HostFromPath(path). Problems go to `sink` with the file name (a file above 64 MiB is
// refused).
void LoadSniffedInventory(const std::string& path,
                          std::map<std::string, inventory::HostFacts>& hosts,
                          DiagnosticSink& sink);

}  // namespace logrx::fleet

#endif  // LOGRX_FLEET_INVENTORY_SNIFF_H_
