// MergeFacts: combining what several files say about one host.
//
//   MergeFacts(hosts[HostKey(facts.host)], facts);   // HostKey: rules/host_key.h
//
// Pure; thread-safe for distinct arguments.
#ifndef LOGRX_INVENTORY_MERGE_FACTS_H_
#define LOGRX_INVENTORY_MERGE_FACTS_H_

#include <string>
#include <string_view>

#include "inventory/host_facts.h"
#include "rules/host_key.h"

namespace logrx::inventory {

// Combines facts about one host learned from several files (later OS facts win; boots add).
void MergeFacts(HostFacts& into, const HostFacts& from);

// Hosts are keyed by the one host key of rules/host_key.h, which `rules test` groups by too.
using rules::HostKey;

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_MERGE_FACTS_H_
