// Advisor: rule matches + host facts + knowledge base -> one HostReport.
//
//   HostReport r = Advise(*kb, facts, std::move(matches));
//
// Pure (no I/O, no output format); thread-safe for distinct arguments.
#ifndef LOGRX_ADVISOR_ADVISOR_H_
#define LOGRX_ADVISOR_ADVISOR_H_

#include <string>
#include <string_view>
#include <vector>

#include "advisor/host_report.h"
#include "inventory/host_facts.h"
#include "kb/knowledge_base.h"
#include "rules/match.h"

namespace logrx::advisor {

// Fills findings, plan and overall; copies `facts` into the report. A host with no
// matches gets no findings and overall kFixed. events_read/files are the caller's.
// Matches of imported rules or articles make possible-article findings
// (Finding::imported): informational wherever the article's own facts do not establish
// that it applies, so they never turn a host whose facts are missing into needs-action.
HostReport Advise(const kb::KnowledgeBase& kb, const inventory::HostFacts& facts,
                  std::vector<rules::Match> matches);

// True when the host's facts rule article `article_id` out (the applicability Advise
// reports as "does-not-apply"). False when it applies, when its scope is unstated, when
// the facts needed are missing, or when the KB has no such article. The scanner passes
// this to Correlate so that a rule whose article does not apply suppresses nothing.
bool ArticleRuledOut(const kb::KnowledgeBase& kb, const inventory::HostFacts& facts,
                     std::string_view article_id);

// An article's OS scope as findings and `explain` state it (docs/kb.md "<applies-to>"):
// "Windows NT 4.0 SP3-SP6 (Server, Enterprise)", "NT 4.0 SP4 or later".
std::string DescribeScope(const kb::OsScope& scope);

}  // namespace logrx::advisor

#endif  // LOGRX_ADVISOR_ADVISOR_H_
