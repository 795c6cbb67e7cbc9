// Consistency check of a loaded knowledge base (and of the rules that point into it).
//
//   std::vector<KbProblem> p = CheckKnowledgeBase(*kb, ScanRuleRefs("rules/", diags));
//   for (const KbProblem& e : p) puts(e.ToString().c_str());   // "kb/nt4.xml:40: ..."
//
// Finds: duplicate article/package/cause ids, a cause fixed by a missing package, a
// package that requires or supersedes a missing package, a supersedence or prerequisite
// cycle, a file check without a platform or without size-or-version-or-date, a related
// article that does not exist, a rule whose kb= names a missing article or cause, and a
// registry key listed under a cause (<key>) that no match example of the article's rules
// names (in any control set, with or without the HKLM prefix; only when `rules` is
// not empty).
// Pure and thread-safe; every problem carries file:line.
#ifndef LOGRX_KB_CHECK_H_
#define LOGRX_KB_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "kb/knowledge_base.h"
#include "kb/model.h"

namespace logrx::kb {

// What a rule says about the KB (ScanRuleRefs reads it from the rule files).
struct RuleRef {
  std::string rule_id;
  KbLoc where;            // the rule element
  std::string kb;         // "KB316772" or empty
  std::string cause;      // cause id or empty
  // The data values and messages of the rule's expect="match" examples
  // (rules::RuleSummary::match_texts), normalised by NormalizeRegistryText, each ended by '\n'.
  std::string match_text;
};

// Lower case, "HKEY_LOCAL_MACHINE\" and "HKLM\" dropped, every control set
// (CurrentControlSet, ControlSet001...) written "controlset*": so that a key an article
// lists is found in an example whatever form the event wrote it in.
std::string NormalizeRegistryText(std::string_view text);

struct KbProblem {
  KbLoc where;
  std::string message;
  std::string ToString() const;  // "kb/nt4.xml:40: package 'Q299444': requires missing package 'Q246008'"
};

// Sorted by file, then line, then message.
std::vector<KbProblem> CheckKnowledgeBase(const KnowledgeBase& kb,
                                          const std::vector<RuleRef>& rules);

// Reads the rule files under `path` (file or folder, as RuleSet::Load) with the rules
// loader (rules::ReadRuleSummaries) and returns each rule's id and the article/cause its
// kb= / cause= name. Each error the loader finds goes to `sink` (file:line, "...; not
// checked against the KB") and leaves out that rule (or, when the file is not well-formed,
// the file); a path that does not exist is one warning.
std::vector<RuleRef> ScanRuleRefs(const std::string& path, DiagnosticSink& sink);

}  // namespace logrx::kb

#endif  // LOGRX_KB_CHECK_H_
