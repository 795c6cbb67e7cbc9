// MergeRuns: combines the JSON results of several runs (e.g. `logrx scan --shard K/N`
// for every K) into the report one run over everything gives.
//
//   std::vector<RunDocument> parts = ...;  // ParseRunDocument of each file
//   RunDocument all = MergeRuns(std::move(parts));
//
// Files are united by path (each shard reads every file, so their tables agree), evidence
// file ids are renumbered into the united table, hosts are sorted with HostLess, identical
// diagnostics are kept once, and the totals are recomputed (ComputeStats). A host found in
// two parts cannot be re-correlated from JSON: the first part's report is kept and a
// warning diagnostic says so. The shard label is cleared. Pure; thread-safe.
#ifndef LOGRX_REPORT_MERGE_H_
#define LOGRX_REPORT_MERGE_H_

#include <string>
#include <vector>

#include "report/json_model.h"

namespace logrx::report {

// `names[i]` labels parts[i] in diagnostics ("a.json").
RunDocument MergeRuns(std::vector<RunDocument> parts, const std::vector<std::string>& names);

}  // namespace logrx::report

#endif  // LOGRX_REPORT_MERGE_H_
