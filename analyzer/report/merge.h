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

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "report/json_model.h"

namespace logrx::report {

// Deepest nesting of arrays and objects a merge part may have (a report needs 9).
inline constexpr size_t kMaxMergeDepth = 64;
// Largest merge part read (bytes).
inline constexpr uint64_t kMaxMergePartBytes = 1ull << 30;

// Refuses JSON text nested deeper than `max_depth` ('[' and '{' outside strings), in one
// pass without recursion, BEFORE a recursive parser sees it. kInvalidArgument names the
// part and the byte offset: "a.json @1234: JSON nested deeper than 64 levels".
[[nodiscard]] Status CheckJsonDepth(std::string_view text, size_t max_depth, std::string_view name);

// Most shards a run may be split into.
inline constexpr uint32_t kMaxShards = 65536;

// A shard label "K/N", decimal, 1 <= K <= N <= kMaxShards: what `scan --shard` takes and
// what each part of a split run carries. False (k and n unchanged) for anything else.
bool ParseShardLabel(std::string_view text, uint32_t& k, uint32_t& n) noexcept;

// Checks that parts are the shards of one run before MergeRuns: one part alone is fine
// (re-rendered); otherwise every part has a shard "K/N" with the same N, each K in 1..N
// appears exactly once, and tool version, inputs, rules and KB digests agree. The
// kInvalidArgument names the missing or mismatched part ("shard 3/3 is missing",
// "b.json: rules differ from a.json").
[[nodiscard]] Status CheckParts(const std::vector<RunDocument>& parts,
                                const std::vector<std::string>& names);

// `names[i]` labels parts[i] in diagnostics ("a.json").
RunDocument MergeRuns(std::vector<RunDocument> parts, const std::vector<std::string>& names);

}  // namespace logrx::report

#endif  // LOGRX_REPORT_MERGE_H_
