// The inventory stage: what a host already has, from its own log and from inventory
// exports. Each entry point has its own header; this one includes them all.
//
//   HostFacts f; f.host = "EXCLUS1";
//   ObserveEvent(ev, f);                          // per event (EventLog 6005/6006/6008/6009...)
//   LoadInventory("inventory/", hosts, diags);    // systeminfo, wmic qfe, Get-HotFix, .reg, file and dir lists
//   ScanSystemRoot("/mnt/win", kb_file_names, f, diags);   // PE versions of named files
#ifndef LOGRX_INVENTORY_INVENTORY_H_
#define LOGRX_INVENTORY_INVENTORY_H_

#include "inventory/host_facts.h"      // IWYU pragma: export
#include "inventory/load_inventory.h"  // IWYU pragma: export
#include "inventory/merge_facts.h"     // IWYU pragma: export
#include "inventory/observe_event.h"   // IWYU pragma: export
#include "inventory/system_root.h"     // IWYU pragma: export

#endif  // LOGRX_INVENTORY_INVENTORY_H_
