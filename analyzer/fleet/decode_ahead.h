// DecodeAhead: lets one input file use every core. When a reader splits into units (EVTX
// chunks, readers/unit_reader.h), the units after the one being consumed are decoded as
// tasks on the run's Scheduler while the caller matches or prints the current one.
//
//   auto r = OpenEventFile(path, options, sink);
//   DecodeAhead(**r, pool);                      // no-op: other formats, or pool.jobs() == 1
//   while ((*r)->Next(ev).ok()) Use(ev);         // same events and diagnostics, same order
//
// Events and diagnostics come out exactly as on one thread: units are accepted in order
// on the consumer's thread. At most 2 x jobs units of this file, and never more than 8, are
// in flight (peak memory does not grow with --jobs), and the
// run's budget (Scheduler::TryReserveBatch) caps decoded-ahead units over all files, so
// memory does not grow with the file or the number of files. A unit no worker has started
// is decoded by the consumer itself; while it waits for one a worker is decoding, it
// decodes a later one. Destroying the reader waits for its units being decoded (bounded:
// one unit's work each) and drops the queued ones.
#ifndef LOGRX_FLEET_DECODE_AHEAD_H_
#define LOGRX_FLEET_DECODE_AHEAD_H_

#include "fleet/scheduler.h"
#include "readers/reader.h"

namespace logrx::fleet {

// REQUIRES: `reader` has not been read from yet; `pool` outlives the reader.
void DecodeAhead(readers::EventReader& reader, Scheduler& pool);

}  // namespace logrx::fleet

#endif  // LOGRX_FLEET_DECODE_AHEAD_H_
