// ConsumeUnitsInOrder: one input file on every core, for work whose result is used in
// record order (`dump --jobs N`, `scan`). The caller and T - 1 helpers posted on the pool
// (T = min(jobs, CPUs), Scheduler::cpus; the caller may be a ForEach task of that pool, as
// a `scan` file task is) each claim the next unit (EVTX chunk), decode it, process its
// events into a result they keep, and emit that result themselves when the unit's turn
// comes. A unit's events and its result never leave the thread that made them: on a VM
// whose cores are far apart (a cache-line round trip of ~490 ns measured) handing decoded
// chunks to one consuming thread cost more than the second core gave.
//
//   struct Dumper : UnitConsumer { ... };                  // one per thread
//   Status s = ConsumeUnitsInOrder(*unit_reader, pool, [&] { return std::make_unique<Dumper>(); });
//
// Emit calls run one at a time in unit order, each right after the unit's Accept (its
// diagnostics reported), so the output and the diagnostics are those of a single-threaded
// read. At most T + 1 units of the file (never more than 8) are claimed and not yet
// emitted, and beyond one per thread they take the pool's batch budget
// (Scheduler::TryReserveBatch): memory does not grow with the file or the number of files.
// Returns end of input when every unit was emitted, the Accept status that stopped the
// read, the reader's cancelled status once its flag is set, or OK when an Emit returned
// false (the consumer knows why).
#ifndef LOGRX_FLEET_ORDERED_UNITS_H_
#define LOGRX_FLEET_ORDERED_UNITS_H_

#include <functional>
#include <memory>
#include <span>

#include "core/event.h"
#include "core/status.h"
#include "fleet/scheduler.h"
#include "readers/unit_reader.h"

namespace logrx::fleet {

// One thread's work on the units it claimed. Not shared between threads.
class UnitConsumer {
 public:
  virtual ~UnitConsumer() = default;
  // Processes the next unit this consumer claimed (units come in increasing order) and
  // keeps its result.
  virtual void Process(std::span<const Event> events) = 0;
  // Emits the result of the oldest unit kept (called in unit order over all consumers,
  // never two at once). False stops the run.
  virtual bool EmitOldest() = 0;
};

// REQUIRES: nothing read from `reader` yet; `make` is called once per thread that works.
// Next() of `reader` returns end of input afterwards.
Status ConsumeUnitsInOrder(readers::UnitEventReader& reader, Scheduler& pool,
                           const std::function<std::unique_ptr<UnitConsumer>()>& make);

}  // namespace logrx::fleet

#endif  // LOGRX_FLEET_ORDERED_UNITS_H_
