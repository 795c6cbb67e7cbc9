// Inventory: what a host already has, from its own log and from inventory exports.
//
//   HostFacts f; f.host = "EXCLUS1";
//   ObserveEvent(ev, f);                          // per event (EventLog 6005/6006/6008/6009...)
//   LoadInventory("inventory/", hosts, diags);    // systeminfo, wmic qfe, Get-HotFix, .reg, file lists
//   ScanSystemRoot("/mnt/win", kb_file_names, f, diags);   // PE versions of named files
//
// OWNER: inventory/. Pure except the Load/Scan functions, which read files.
#ifndef LOGRX_INVENTORY_INVENTORY_H_
#define LOGRX_INVENTORY_INVENTORY_H_

#include <map>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/event.h"
#include "core/status.h"
#include "inventory/host_facts.h"
#include "rules/host_key.h"

namespace logrx::inventory {

// Learns host facts from one event of that host (cheap no-op for unrelated events).
// Not thread-safe per `facts`; use one HostFacts per thread and MergeFacts after.
void ObserveEvent(const Event& ev, HostFacts& facts);

// Combines facts about one host learned from several files (later OS facts win; boots add).
void MergeFacts(HostFacts& into, const HostFacts& from);

// Hosts are keyed by the one host key of rules/host_key.h, which `rules test` groups by too.
using rules::HostKey;

// Reads every inventory file under `path` (file or folder) into `hosts`, keyed by
// HostKey. Unreadable or malformed files are reported to `sink` (file:line) and skipped.
Status LoadInventory(const std::string& path, std::map<std::string, HostFacts>& hosts,
                     DiagnosticSink& sink);

// Reads the files named in `file_names` (lower-case base names) under a mounted Windows
// system root, case-insensitively, into facts.files (size, PE machine, version, time).
Status ScanSystemRoot(const std::string& root, const std::vector<std::string>& file_names,
                      HostFacts& facts, DiagnosticSink& sink);

// Event logs under a mounted system root, found case-insensitively:
// <root>/{WINNT,Windows,...}/system32/config/*.evt, .../system32/winevt/Logs/*.evtx, and the
// same below <root> when <root> is itself the system32 folder. Sorted paths; empty when none.
// Reads directories only; thread-safe.
std::vector<std::string> FindEventLogs(const std::string& root);

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_INVENTORY_H_
