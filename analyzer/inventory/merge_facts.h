// MergeFacts and HostKey: combining what several files say about one host, and the key
// that says which host a name means.
//
//   hosts[HostKey(facts.host)];                  // "exclus1.corp" and "EXCLUS1" meet here
//   MergeFacts(hosts[HostKey(facts.host)], facts);
//
// Pure; thread-safe for distinct arguments.
#ifndef LOGRX_INVENTORY_MERGE_FACTS_H_
#define LOGRX_INVENTORY_MERGE_FACTS_H_

#include <string>
#include <string_view>

#include "inventory/host_facts.h"

namespace logrx::inventory {

// Combines facts about one host learned from several files (later OS facts win; boots add).
void MergeFacts(HostFacts& into, const HostFacts& from);

// Host names compare case-insensitively and on the first DNS label ("exclus1.corp" ==
// "EXCLUS1"); this gives the key fleet/ groups by.
std::string HostKey(std::string_view computer);

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_MERGE_FACTS_H_
