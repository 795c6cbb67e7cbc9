// ObserveEvent: host facts a host's own event log proves (OS version and service pack
// from EventLog 6009, boots from 6005/6006/6008, hotfixes from their install events).
//
//   HostFacts f; f.host = "EXCLUS1";
//   for (const Event& ev : events) ObserveEvent(ev, f);
//
// Not thread-safe per `facts`: use one HostFacts per thread and MergeFacts after.
#ifndef LOGRX_INVENTORY_OBSERVE_EVENT_H_
#define LOGRX_INVENTORY_OBSERVE_EVENT_H_

#include "core/event.h"
#include "inventory/host_facts.h"

namespace logrx::inventory {

// Learns host facts from one event of that host (cheap no-op for unrelated events).
void ObserveEvent(const Event& ev, HostFacts& facts);

// False when ObserveEvent(ev, f) would leave any `f` as it is (its event id is none that
// ObserveEvent reads), so a caller may keep only the events this is true for.
bool MayObserve(const Event& ev) noexcept;

}  // namespace logrx::inventory

#endif  // LOGRX_INVENTORY_OBSERVE_EVENT_H_
