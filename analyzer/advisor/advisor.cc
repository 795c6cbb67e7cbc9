// Advise: matches -> findings (article, cause, why) -> packages in install order.
#include "advisor/advisor.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "advisor/verdict.h"
#include "core/strings.h"
#include "core/time.h"

namespace logrx::advisor {

std::string DescribeScope(const kb::OsScope& o) {
  std::string s = (o.name.empty() ? std::string("NT") : o.name) + " " + o.version;
  if (o.min_sp >= 0 && o.max_sp >= 0) {
    s += o.min_sp == o.max_sp ? fmt::format(" SP{}", o.min_sp)
                              : fmt::format(" SP{}-SP{}", o.min_sp, o.max_sp);
  } else if (o.min_sp >= 0) {
    s += fmt::format(" SP{} or later", o.min_sp);
  } else if (o.max_sp >= 0) {
    s += fmt::format(" up to SP{}", o.max_sp);
  }
  if (!o.editions.empty()) s.append(" (").append(Join(o.editions)).append(")");
  return s;
}

namespace {

constexpr int kMaxDepth = 32;  // prerequisite/supersedence hop limit (check.h rejects cycles)

int Rank(FixStatus s) {
  switch (s) {
    case FixStatus::kNeedsAction: return 0;
    case FixStatus::kUnknown: return 1;
    case FixStatus::kFixed: return 2;
    case FixStatus::kInformational: return 3;
  }
  return 3;
}

// Capture values worth quoting in "why this cause", first occurrence per name.
std::string DescribeMatches(const std::vector<rules::Match>& matches) {
  std::vector<std::string> parts;
  std::set<std::string> seen;
  uint32_t events = 0;
  for (const rules::Match& m : matches) {
    events += m.count;
    for (const rules::Capture& c : m.captures) {
      if (c.value.empty() || !seen.insert(c.name).second) continue;
      parts.push_back(fmt::format("{}={}", c.name, c.value));
    }
  }
  std::string s;
  std::set<std::string> rules_seen;
  for (const rules::Match& m : matches) {
    if (!rules_seen.insert(m.rule_id).second) continue;
    s += (s.empty() ? "rule " : ", ") + m.rule_id;
  }
  s += fmt::format(" matched {} event{}", events, events == 1 ? "" : "s");
  // Events around the trigger (sequence steps) tell causes apart; name them.
  std::vector<std::string> steps;
  for (const rules::Match& m : matches) {
    for (const rules::EvidenceRef& e : m.evidence) {
      std::string one = fmt::format("{} {}", e.provider, e.event_id);
      if (e.record_id != 0) one += fmt::format(" (record {})", e.record_id);
      if (!e.step.empty()) one = e.step + ": " + one;
      if (std::find(steps.begin(), steps.end(), one) == steps.end() && steps.size() < 6) {
        steps.push_back(one);
      }
    }
  }
  if (!steps.empty()) {
    s += " [";
    for (size_t i = 0; i < steps.size(); ++i) s += (i ? "; " : "") + steps[i];
    s += "]";
  }
  if (!parts.empty()) {
    s += "; captured ";
    for (size_t i = 0; i < parts.size(); ++i) s += (i ? ", " : "") + parts[i];
  }
  return s + ".";
}

// The fix packages of a cause that apply to this host's edition.
std::vector<const kb::Package*> ChooseFixes(const kb::KnowledgeBase& kb, const kb::Cause& cause,
                                            const std::string& edition) {
  std::vector<const kb::Package*> specific, general;
  for (const kb::FixRef& f : cause.fix) {
    const kb::Package* p = kb.FindPackage(f.package);
    if (p == nullptr) continue;
    if (!f.edition.empty()) {
      if (f.edition == edition) specific.push_back(p);
    } else {
      general.push_back(p);
    }
  }
  return specific.empty() ? general : specific;
}

// The newest applicable package that includes `p` (p itself when nothing supersedes it).
const kb::Package* Newest(const kb::KnowledgeBase& kb, const kb::Package* p,
                          const std::string& edition) {
  for (int hop = 0; hop < kMaxDepth; ++hop) {
    const kb::Package* best = nullptr;
    for (const kb::Package* s : kb.SupersededBy(p->id)) {
      if (!PackageApplies(*s, edition)) continue;
      if (best == nullptr || std::tie(s->released, s->id) > std::tie(best->released, best->id)) {
        best = s;
      }
    }
    if (best == nullptr) return p;
    p = best;
  }
  return p;
}

// "6.1 SP1", "4.0 SP6", "4.0 without a service pack", "4.0 (service pack not known)".
std::string DescribeHost(const inventory::OsFacts& os) {
  std::string s = os.version;
  if (os.sp > 0) {
    s += fmt::format(" SP{}{}", os.sp, os.sp == 6 && os.sp6a ? "a" : "");
  } else if (os.sp == 0) {
    s += " without a service pack";
  } else {
    s += " (service pack not known)";
  }
  if (!os.edition.empty()) s += " " + os.edition;
  return s;
}

std::string HostEditionName(const inventory::OsFacts& os) {
  if (!os.edition.empty()) return os.edition;
  return os.terminal_server ? "TSE" : "";
}

struct Applicability {
  std::string state;   // "applies", "does-not-apply", "facts-missing", "unstated"
  std::string reason;
  std::vector<std::string> conditions;
  // A product the article needs that the host facts cannot confirm (no product
  // inventory): "Exchange Server 5.5". Empty when every product was checked.
  std::string unchecked_product;
};

// The products an article needs, as conditions on `out`; returns the product text when the
// host's declared products rule the article out, else "".
std::string JudgeProducts(const kb::AppliesTo& at, const inventory::HostFacts& facts,
                          Applicability& out) {
  // The products an article lists are alternatives, as in an article's "applies to" list
  // (Exchange Server 4.0, 5.0 or 5.5): the host needs one of them.
  std::vector<std::string> listed;
  bool any_declared = false;
  for (const kb::ProductScope& p : at.products) {
    std::string c = p.name;
    if (!p.version.empty()) c += " " + p.version;
    if (p.min_sp >= 0) c += fmt::format(" SP{} or later", p.min_sp);
    listed.push_back(std::move(c));
    if (!facts.has_product_inventory) continue;
    // Declared products ("Exchange Server 5.5", "Exchange Server 5.5 SP4"): the name and
    // version must start the declaration, case-insensitively (the SP is not judged).
    const std::string want = ToLowerAscii(p.name + (p.version.empty() ? "" : " " + p.version));
    for (const std::string& d : facts.products) {
      const std::string dl = ToLowerAscii(d);
      any_declared = any_declared || (dl.rfind(want, 0) == 0 &&
                                      (dl.size() == want.size() || dl[want.size()] == ' '));
    }
  }
  std::string missing_product;
  if (!listed.empty()) {
    const std::string needs =
        listed.size() == 1 ? listed[0] : fmt::format("one of {}", fmt::join(listed, ", "));
    if (!facts.has_product_inventory) {
      out.conditions.push_back(fmt::format(
          "needs {} on the host (not checked: the host facts name no products)", needs));
      out.unchecked_product = needs;
    } else {
      out.conditions.push_back(fmt::format("needs {} on the host{}", needs,
                                           any_declared ? " (declared)" : ": not declared"));
      if (!any_declared) missing_product = needs;
    }
  }
  return missing_product;
}

// The host's OS against the article's <os> scopes (the OS is known); `scopes` describes them.
Applicability JudgeOs(const kb::Article& a, const inventory::OsFacts& os, const std::string& scopes,
                      Applicability out) {
  const kb::AppliesTo& at = a.applies_to;
  const std::string edition = HostEditionName(os);
  bool partial = false;
  std::string missing;
  for (const kb::OsScope& o : at.os) {
    if (o.version != os.version) continue;
    bool fits = true, unsure = false;
    if (o.min_sp >= 0 || o.max_sp >= 0) {
      if (os.sp < 0) {
        unsure = true;
        missing = "the host's service pack is not known";
      } else if ((o.min_sp >= 0 && os.sp < o.min_sp) || (o.max_sp >= 0 && os.sp > o.max_sp)) {
        fits = false;
      }
    }
    if (fits && !o.editions.empty()) {
      if (edition.empty()) {
        unsure = true;
        missing = missing.empty() ? "the host's edition is not known" : missing + " nor its edition";
      } else if (std::find(o.editions.begin(), o.editions.end(), edition) == o.editions.end()) {
        fits = false;
      }
    }
    if (fits && !unsure) {
      out.state = "applies";
      out.reason = fmt::format("Applies (host is {}): {} is for {}.", DescribeHost(os), a.id, scopes);
      return out;
    }
    partial = partial || (fits && unsure);
  }
  if (partial) {
    out.state = "facts-missing";
    out.reason = fmt::format("{} is for {}; {} (host is {}), so that is not checked.", a.id,
                             scopes, missing, DescribeHost(os));
    return out;
  }
  out.state = "does-not-apply";
  out.reason = fmt::format("Does not apply (host is {}): {} is for {}.", DescribeHost(os), a.id, scopes);
  return out;
}

// The common.md contract: an <os> fits when major.minor are equal, the SP is within
// [min-sp, max-sp] (when given) and the edition is listed (when given and known).
Applicability JudgeApplicability(const kb::Article& a, const inventory::HostFacts& facts) {
  Applicability out;
  const kb::AppliesTo& at = a.applies_to;
  const std::string missing_product = JudgeProducts(at, facts, out);
  if (!at.stated) {
    out.state = "unstated";
    out.reason = fmt::format("Scope unknown: {} states no OS or product it applies to.", a.id);
    return out;
  }
  std::string scopes;
  for (size_t i = 0; i < at.os.size(); ++i) scopes += (i ? " or " : "") + DescribeScope(at.os[i]);
  if (!missing_product.empty()) {
    out.state = "does-not-apply";
    out.reason = fmt::format("Does not apply (the host's declared products do not include {}): "
                             "{} needs it.",
                             missing_product, a.id);
    return out;
  }
  if (at.os.empty()) {
    out.state = "applies";
    out.reason = fmt::format("{} names no OS condition.", a.id);
    return out;
  }
  const inventory::OsFacts& os = facts.os;
  if (!os.known || os.version.empty()) {
    out.state = "facts-missing";
    out.reason = fmt::format("{} is for {}; the host's OS is not known (no EventLog 6009, no "
                             "systeminfo), so that is not checked.",
                             a.id, scopes);
    return out;
  }
  return JudgeOs(a, os, scopes, std::move(out));
}

}  // namespace

bool ArticleRuledOut(const kb::KnowledgeBase& kb, const inventory::HostFacts& facts,
                     std::string_view article_id) {
  const kb::Article* a = kb.FindArticle(article_id);
  return a != nullptr && JudgeApplicability(*a, facts).state == "does-not-apply";
}

namespace {

class Planner {
 public:
  Planner(const kb::KnowledgeBase& kb, const inventory::HostFacts& facts)
      : kb_(kb), facts_(facts) {}

  // Adds `pkg` (and first its prerequisites) for `article`.
  void AddInstall(const kb::Package& pkg, const std::string& article, const std::string& why,
                  const std::vector<std::string>& covers) {
    AddPrerequisites(pkg, article, 0);
    PlanStep& s = Step(pkg.id, StepKind::kInstall);
    s.kind = StepKind::kInstall;
    s.title = pkg.name;
    if (s.why.empty() || s.why.rfind("prerequisite of", 0) == 0) s.why = why;
    AddUnique(s.for_articles, article);
    for (const std::string& c : covers) AddUnique(s.covers, c);
  }

  void AddProcedure(const std::string& article, const kb::Cause& cause) {
    PlanStep s;
    s.kind = StepKind::kProcedure;
    s.title = fmt::format("Follow the procedure of {}{}", article,
                          cause.title.empty() ? "" : ": " + cause.title);
    s.why = cause.procedure;
    s.for_articles.push_back(article);
    steps_.push_back(std::move(s));
  }

  void AddCollect(const kb::Package& pkg, const std::string& article, const std::string& why) {
    for (PlanStep& s : steps_) {
      if (s.kind == StepKind::kCollect && s.package == pkg.id) {
        AddUnique(s.for_articles, article);
        return;
      }
    }
    PlanStep s;
    s.kind = StepKind::kCollect;
    s.package = pkg.id;
    s.title = fmt::format("Verify {} from the host's files before installing anything", pkg.id);
    s.why = why;
    s.for_articles.push_back(article);
    steps_.push_back(std::move(s));
  }

  void AddInvestigate(const std::string& article, const std::string& why) {
    PlanStep s;
    s.kind = StepKind::kInvestigate;
    s.title = fmt::format("Investigate {}", article);
    s.why = why;
    s.for_articles.push_back(article);
    steps_.push_back(std::move(s));
  }

  std::vector<PlanStep> Take() {
    for (size_t i = 0; i < steps_.size(); ++i) steps_[i].order = static_cast<int>(i + 1);
    return std::move(steps_);
  }

 private:
  static void AddUnique(std::vector<std::string>& v, const std::string& s) {
    if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
  }

  PlanStep& Step(const std::string& id, StepKind kind) {
    for (PlanStep& s : steps_) {
      if (s.package == id && (s.kind == StepKind::kInstall || s.kind == StepKind::kCheckPrerequisite)) {
        return s;
      }
    }
    PlanStep s;
    s.kind = kind;
    s.package = id;
    steps_.push_back(std::move(s));
    return steps_.back();
  }

  void AddPrerequisites(const kb::Package& pkg, const std::string& article, int depth) {
    if (depth > kMaxDepth) return;
    for (const std::string& id : pkg.requires_) {
      const kb::Package* q = kb_.FindPackage(id);
      if (q == nullptr) continue;
      const PackageState st = JudgePackage(kb_, *q, facts_);
      if (st.state == Installed::kYes) continue;
      AddPrerequisites(*q, article, depth + 1);
      if (st.state == Installed::kNo) {
        PlanStep& s = Step(q->id, StepKind::kInstall);
        s.kind = StepKind::kInstall;
        s.title = q->name;
        if (s.why.empty()) s.why = fmt::format("prerequisite of {}: {}", pkg.id, st.reason);
        AddUnique(s.for_articles, article);
      } else {
        PlanStep& s = Step(q->id, StepKind::kCheckPrerequisite);
        s.title = q->detect.hotfix_key.empty()
                      ? fmt::format("Verify {}; install it if missing", q->name)
                      : fmt::format("Verify {} (Hotfix\\{}\\Installed=1); install {} if missing",
                                    q->name, q->detect.hotfix_key, q->id);
        if (s.why.empty()) s.why = fmt::format("prerequisite of {}: {}", pkg.id, st.reason);
        AddUnique(s.for_articles, article);
      }
    }
  }

  const kb::KnowledgeBase& kb_;
  const inventory::HostFacts& facts_;
  std::vector<PlanStep> steps_;
};

struct Group {
  std::string article;
  std::string cause;
  std::vector<rules::Match> matches;
};

// Group by (article, cause); a rule without a cause takes the article's first cause.
std::map<std::pair<std::string, std::string>, Group> GroupMatches(const kb::KnowledgeBase& kb,
                                                                  std::vector<rules::Match> matches) {
  std::map<std::pair<std::string, std::string>, Group> groups;
  for (rules::Match& m : matches) {
    std::string cause = m.cause;
    const kb::Article* a = kb.FindArticle(m.kb);
    if (cause.empty() && a != nullptr && !a->causes.empty()) cause = a->causes.front().id;
    const std::string article = a != nullptr ? a->id : m.kb;
    Group& g = groups[{article, cause}];
    g.article = article;
    g.cause = cause;
    g.matches.push_back(std::move(m));
  }
  return groups;
}

bool AllImported(const std::vector<rules::Match>& matches) {
  return std::all_of(matches.begin(), matches.end(), [](const rules::Match& m) { return m.imported; });
}

// An imported rule without a message pattern (its article gives no description) matched
// on event ID and source alone: it records no matched text.
bool MatchedTextOnly(const std::vector<rules::Match>& matches) {
  return std::any_of(matches.begin(), matches.end(), [](const rules::Match& m) {
    return !m.imported || std::any_of(m.evidence.begin(), m.evidence.end(),
                                      [](const rules::EvidenceRef& e) { return !e.matched.empty(); });
  });
}

// Why a possible article (Finding::imported) is only informational on this host, or ""
// when its facts allow the usual verdicts: its pattern matched text, its <applies-to>
// fits the host's known OS and products, and one of its causes names a package.
std::string PossibleArticleLimit(const kb::Article& a, const kb::Cause& cause,
                                 const Applicability& ap, const std::vector<rules::Match>& matches) {
  if (!MatchedTextOnly(matches)) {
    return fmt::format("Possible article {}: only the event ID and source matched ({} gives no "
                       "description to compare the message with). Nothing to act on.",
                       a.id, a.id);
  }
  if (ap.state != "applies") {
    return fmt::format("Possible article: {} Nothing to act on unless the host's facts show that "
                       "{} applies.",
                       ap.reason, a.id);
  }
  if (!ap.unchecked_product.empty()) {
    return fmt::format("Possible article: {} needs {}, which the host facts do not name. Nothing "
                       "to act on unless the host's facts show that {} applies.",
                       a.id, ap.unchecked_product, a.id);
  }
  if (cause.fix.empty() && !cause.informational) {
    return fmt::format("Possible article: {} names no package for this. Nothing to act on.", a.id);
  }
  return "";
}

// Puts the finding's matches in time order and gives it their worst severity; true when
// every matching rule is informational.
bool SortAndRate(Finding& f) {
  std::sort(f.matches.begin(), f.matches.end(), [](const rules::Match& x, const rules::Match& y) {
    return std::tie(x.first_time, x.rule_id) < std::tie(y.first_time, y.rule_id);
  });
  f.severity = rules::RuleSeverity::kInfo;
  bool all_info = true;
  for (const rules::Match& m : f.matches) {
    f.severity = std::max(f.severity, m.severity);
    all_info = all_info && m.severity == rules::RuleSeverity::kInfo;
  }
  return all_info;
}

// Needed packages, collected across findings so one newer package covers several.
struct Need {
  const kb::Package* target;
  std::vector<std::string> covers;
  std::vector<std::string> articles;
  bool proven_missing = false;  // some finding's evidence says missing (not just unproven)
};

// One host's advice, finding by finding: Run() fills `report_`.
class HostAdvisor {
 public:
  HostAdvisor(const kb::KnowledgeBase& kb, const inventory::HostFacts& facts, HostReport& report)
      : kb_(kb), facts_(facts), edition_(HostEdition(facts)), planner_(kb, facts), report_(report) {}

  void Run(std::vector<rules::Match> matches) {
    for (auto& [key, g] : GroupMatches(kb_, std::move(matches))) {
      report_.findings.push_back(MakeFinding(g));
    }
    PlanNeeds();
    for (const auto& [article, cause] : procedures_) planner_.AddProcedure(article, *cause);
    report_.plan = planner_.Take();
    std::sort(report_.findings.begin(), report_.findings.end(), [](const Finding& x, const Finding& y) {
      return std::tie(x.article, x.cause_id) < std::tie(y.article, y.cause_id);
    });
    // A host whose findings are all informational (nothing was ever broken) says so rather
    // than "fixed"; any other finding decides as before.
    report_.overall = FixStatus::kInformational;
    for (const Finding& f : report_.findings) {
      if (Rank(f.status) < Rank(report_.overall)) report_.overall = f.status;
    }
  }

 private:
  Finding MakeFinding(Group& g) {
    Finding f;
    f.article = g.article;
    f.cause_id = g.cause;
    f.matches = std::move(g.matches);
    const bool all_info = SortAndRate(f);
    const std::string seen = DescribeMatches(f.matches);
    const kb::Article* a = kb_.FindArticle(g.article);
    f.imported = (a != nullptr && a->imported) || AllImported(f.matches);
    const kb::Cause* cause = a != nullptr ? a->FindCause(g.cause) : nullptr;
    if (cause == nullptr) {
      if (a != nullptr) f.title = a->title;
      NotInKb(f, a, seen);
      return f;
    }
    f.title = a->title;
    f.cause = cause->summary;
    f.why_this_cause = seen;
    if (!cause->evidence.empty()) f.why_this_cause += " " + a->id + " tells this cause by: " + cause->evidence;
    f.tells_apart = cause->evidence;
    const Applicability ap = JudgeApplicability(*a, facts_);
    f.applies = ap.state;
    f.applies_reason = ap.reason;
    f.conditions = ap.conditions;
    if (!cause->procedure.empty() && !cause->fix.empty()) {
      f.workaround = cause->procedure;
    } else if (!cause->fix.empty()) {
      f.workaround_note = fmt::format("{} gives no workaround until the fix is installed.", a->id);
    }
    if (ap.state == "does-not-apply") {
      // Facts rule the article out: nothing to plan for it on this host.
      f.status = FixStatus::kInformational;
      f.status_reason = ap.reason + " Nothing to act on for it here.";
      return f;
    }
    if (f.imported) {
      if (std::string limit = PossibleArticleLimit(*a, *cause, ap, f.matches); !limit.empty()) {
        f.status = FixStatus::kInformational;
        f.status_reason = std::move(limit);
        return f;
      }
    }
    if (cause->informational || all_info) {
      f.status = FixStatus::kInformational;
      f.status_reason = cause->informational ? "Nothing to act on: " + cause->summary
                                             : "The matching rules mark these events as expected.";
      return f;
    }
    JudgeFixes(f, *a, *cause, ap);
    return f;
  }

  // The match names an article (or cause) the knowledge base does not have. A possible
  // article gets no invented "investigate" step: the archive says nothing more about it.
  void NotInKb(Finding& f, const kb::Article* a, const std::string& seen) {
    if (a == nullptr) f.title = f.matches.front().title;
    f.why_this_cause = seen;
    const std::string missing =
        a == nullptr ? fmt::format("Article {} is not in the knowledge base.", f.article)
                     : fmt::format("Article {} has no cause '{}'.", a->id, f.cause_id);
    if (f.imported) {
      f.status = FixStatus::kInformational;
      f.status_reason = "Possible article: " + missing + " Nothing to act on.";
      return;
    }
    f.status = FixStatus::kUnknown;
    f.status_reason = missing;
    planner_.AddInvestigate(a == nullptr ? f.article : a->id, f.status_reason);
  }

  // Status from the cause's packages (file and registry checks), and what to install.
  void JudgeFixes(Finding& f, const kb::Article& a, const kb::Cause& cause, const Applicability& ap) {
    const std::vector<const kb::Package*> fixes = ChooseFixes(kb_, cause, edition_);
    if (fixes.empty()) {
      f.status = FixStatus::kNeedsAction;
      f.status_reason = "No package fixes this; follow the procedure.";
      procedures_.emplace_back(a.id, &cause);
      return;
    }
    FixStatus worst = FixStatus::kFixed;
    std::string reasons;
    for (const kb::Package* p : fixes) {
      const FixStatus s = JudgeOneFix(f, a, *p, reasons);
      if (Rank(s) < Rank(worst)) worst = s;
    }
    f.status = worst;
    f.status_reason = reasons;
    if (worst != FixStatus::kFixed && !cause.procedure.empty()) {
      f.status_reason += " Workaround until then: " + cause.procedure;
    }
    if (ap.state == "facts-missing" || ap.state == "unstated") f.status_reason += " " + ap.reason;
  }

  FixStatus JudgeOneFix(Finding& f, const kb::Article& a, const kb::Package& p, std::string& reasons) {
    PackageState st = JudgePackage(kb_, p, facts_);
    for (CheckResult& c : st.checks) f.checks.push_back(std::move(c));
    if (report_.platform.empty() && !st.platform.empty()) {
      report_.platform = st.platform;
      report_.platform_how = st.platform_how;
    }
    const FixStatus s = st.state == Installed::kYes  ? FixStatus::kFixed
                        : st.state == Installed::kNo ? FixStatus::kNeedsAction
                                                     : FixStatus::kUnknown;
    reasons += (reasons.empty() ? "" : " ") +
               fmt::format("{}: {}", p.id,
                           st.state == Installed::kYes      ? "installed. " + st.reason
                           : st.state == Installed::kNo     ? (st.stale ? "stale. " : "missing. ") + st.reason
                           : st.state == Installed::kListed ? st.reason
                                                            : "not proven. " + st.reason);
    if (f.to_collect.empty()) f.to_collect = st.to_collect;
    if (st.state == Installed::kYes) return s;
    if (st.state == Installed::kListed || (st.state == Installed::kUnknown && !p.files.empty() &&
                                              p.kind != kb::PackageKind::kServicePack)) {
      // Evidence first: a listed package is verified, an unproven one is checked before
      // anything is installed (the install step below is then conditional).
      planner_.AddCollect(p, a.id, st.to_collect.empty()
                                       ? st.reason
                                       : fmt::format("{} To collect: {}", st.reason, st.to_collect));
      if (st.state == Installed::kListed) return s;
    }
    AddNeed(Newest(kb_, &p, edition_), p, a.id, st.state == Installed::kNo);
    return s;
  }

  void AddNeed(const kb::Package* target, const kb::Package& p, const std::string& article,
               bool proven_missing) {
    auto it = std::find_if(needs_.begin(), needs_.end(),
                           [&](const Need& n) { return n.target == target; });
    if (it == needs_.end()) {
      needs_.push_back({target, {}, {}, false});
      it = needs_.end() - 1;
    }
    if (target != &p && std::find(it->covers.begin(), it->covers.end(), p.id) == it->covers.end()) {
      it->covers.push_back(p.id);
    }
    if (std::find(it->articles.begin(), it->articles.end(), article) == it->articles.end()) {
      it->articles.push_back(article);
    }
    it->proven_missing = it->proven_missing || proven_missing;
  }

  void PlanNeeds() {
    for (Need& n : needs_) {
      std::string why = "fixes ";
      for (size_t i = 0; i < n.articles.size(); ++i) why += (i ? ", " : "") + n.articles[i];
      if (!n.covers.empty()) {
        why += "; includes ";
        for (size_t i = 0; i < n.covers.size(); ++i) why += (i ? ", " : "") + n.covers[i];
      }
      if (!n.proven_missing) {
        why += " (not proven missing: install only if the evidence to collect shows it is missing)";
      }
      for (const std::string& art : n.articles) planner_.AddInstall(*n.target, art, why, n.covers);
    }
  }

  const kb::KnowledgeBase& kb_;
  const inventory::HostFacts& facts_;
  const std::string edition_;
  Planner planner_;
  HostReport& report_;
  std::vector<Need> needs_;
  std::vector<std::pair<std::string, const kb::Cause*>> procedures_;
};

}  // namespace

HostReport Advise(const kb::KnowledgeBase& kb, const inventory::HostFacts& facts,
                  std::vector<rules::Match> matches) {
  HostReport report;
  report.facts = facts;
  report.host = facts.host;
  if (report.host.empty() && !matches.empty()) report.host = matches.front().host;
  report.overall = FixStatus::kFixed;
  if (matches.empty()) return report;
  HostAdvisor(kb, facts, report).Run(std::move(matches));
  return report;
}

}  // namespace logrx::advisor
