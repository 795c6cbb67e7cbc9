#include "kb/check.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <system_error>
#include <tuple>

#include <fmt/format.h>

#include "core/strings.h"
#include "rules/rule_set.h"

namespace logrx::kb {

std::string KbProblem::ToString() const {
  return fmt::format("{}:{}: {}", where.file, where.line, message);
}

namespace {

// Depth-first search over one edge kind; reports each cycle once, at the edge that
// closes it (file:line of that <supersedes>/<requires>).
class CycleFinder {
 public:
  CycleFinder(const KnowledgeBase& kb, bool supersedes, const char* what,
              std::vector<KbProblem>& out)
      : kb_(kb), supersedes_(supersedes), what_(what), out_(out) {}

  void Run() {
    for (const Package& p : kb_.packages()) Visit(p, 0);
  }

 private:
  enum class Mark : uint8_t { kNone, kActive, kDone };

  const std::vector<std::string>& Edges(const Package& p) const {
    return supersedes_ ? p.supersedes : p.requires_;
  }
  const std::vector<KbLoc>& EdgeLocs(const Package& p) const {
    return supersedes_ ? p.supersedes_where : p.requires_where;
  }

  // Chains longer than this are rejected rather than followed (bounded recursion on
  // hostile files; real chains are a handful of links).
  static constexpr int kMaxChain = 64;

  void Visit(const Package& p, int depth) {
    Mark& m = marks_[p.id];
    if (m != Mark::kNone) return;
    if (depth > kMaxChain) {
      out_.push_back({p.where, fmt::format("package '{}': {} chain longer than {} links", p.id,
                                           what_, kMaxChain)});
      m = Mark::kDone;
      return;
    }
    m = Mark::kActive;
    path_.push_back(p.id);
    const auto& edges = Edges(p);
    for (size_t i = 0; i < edges.size(); ++i) {
      const Package* next = kb_.FindPackage(edges[i]);
      if (next == nullptr) continue;  // reported as a missing package
      const Mark nm = marks_[next->id];
      if (nm == Mark::kActive) {
        std::string cycle;
        auto it = std::find(path_.begin(), path_.end(), next->id);
        for (; it != path_.end(); ++it) cycle += *it + " -> ";
        cycle += next->id;
        out_.push_back({EdgeLocs(p)[i], fmt::format("package '{}': {} cycle: {}", p.id, what_, cycle)});
      } else if (nm == Mark::kNone) {
        Visit(*next, depth + 1);
      }
    }
    path_.pop_back();
    marks_[p.id] = Mark::kDone;
  }

  const KnowledgeBase& kb_;
  bool supersedes_;
  const char* what_;
  std::vector<KbProblem>& out_;
  std::map<std::string, Mark> marks_;
  std::vector<std::string> path_;
};

}  // namespace

std::string NormalizeRegistryText(std::string_view text) {
  const std::string low = ToLowerAscii(text);
  std::string out;
  out.reserve(low.size());
  constexpr std::string_view kHklmLong = "hkey_local_machine\\";
  constexpr std::string_view kHklm = "hklm\\";
  constexpr std::string_view kCurrent = "currentcontrolset";
  constexpr std::string_view kSet = "controlset";
  size_t i = 0;
  while (i < low.size()) {
    const std::string_view rest = std::string_view(low).substr(i);
    if (rest.substr(0, kHklmLong.size()) == kHklmLong) { i += kHklmLong.size(); continue; }
    if (rest.substr(0, kHklm.size()) == kHklm) { i += kHklm.size(); continue; }
    if (rest.substr(0, kCurrent.size()) == kCurrent) {
      out += "controlset*";
      i += kCurrent.size();
      continue;
    }
    if (rest.substr(0, kSet.size()) == kSet && rest.size() > kSet.size() &&
        std::isdigit(static_cast<unsigned char>(rest[kSet.size()]))) {
      out += "controlset*";
      i += kSet.size();
      while (i < low.size() && std::isdigit(static_cast<unsigned char>(low[i]))) ++i;
      continue;
    }
    out += low[i++];
  }
  return out;
}

namespace {

// True when `key` (normalised) occurs in `text` (normalised) as a whole key: not
// followed by more of a name ("msexchangeimc" is not in "msexchangeimcx").
bool NamesKey(std::string_view text, std::string_view key) {
  if (key.empty()) return false;
  for (size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
    const size_t end = at + key.size();
    if (end == text.size()) return true;
    const unsigned char next = static_cast<unsigned char>(text[end]);
    if (!std::isalnum(next) && next != '_' && next != '$') return true;
  }
  return false;
}

}  // namespace

namespace {

// A cause's listed keys that no match example of a rule pointing at the article (and at
// this cause, or at no cause) names.
void CheckKeys(const Article& a, const Cause& c, const std::vector<RuleRef>& rules,
               std::vector<KbProblem>& out) {
  for (const ListedKey& k : c.keys) {
    const std::string want = NormalizeRegistryText(k.path);
    bool exercised = false;
    for (const RuleRef& r : rules) {
      if (r.kb != a.id || (!r.cause.empty() && r.cause != c.id)) continue;
      if (NamesKey(r.match_text, want)) {
        exercised = true;
        break;
      }
    }
    if (!exercised) {
      out.push_back({k.where, fmt::format("article '{}': cause '{}': key '{}' is named by no "
                                          "match example of the article's rules",
                                          a.id, c.id, k.path)});
    }
  }
}

void CheckCauses(const KnowledgeBase& kb, const Article& a, const std::vector<RuleRef>& rules,
                 std::vector<KbProblem>& out) {
  std::map<std::string, const KbLoc*> causes;
  for (const Cause& c : a.causes) {
    auto [cit, cfresh] = causes.emplace(c.id, &c.where);
    if (!cfresh) {
      out.push_back({c.where, fmt::format("article '{}': cause '{}' is defined twice (first at {})",
                                          a.id, c.id, cit->second->ToString())});
    }
    for (const FixRef& f : c.fix) {
      if (kb.FindPackage(f.package) == nullptr) {
        out.push_back({f.where, fmt::format("article '{}': cause '{}': fix names missing package '{}'",
                                            a.id, c.id, f.package)});
      }
    }
    // Without rules (KnowledgeBase::Load) there is nothing to check the keys against.
    if (!rules.empty()) CheckKeys(a, c, rules, out);
    if (c.fix.empty() && c.procedure.empty() && !c.informational) {
      out.push_back({c.where, fmt::format("article '{}': cause '{}' has neither <fix> nor "
                                          "<procedure> (mark it informational=\"true\" if "
                                          "there is nothing to do)",
                                          a.id, c.id)});
    }
  }
}

// Each definition of an article or package id after the first, citing the first.
template <typename Entry>
void CheckUniqueIds(const std::vector<Entry>& entries, const char* what, std::vector<KbProblem>& out) {
  std::map<std::string, const KbLoc*> seen;
  for (const Entry& e : entries) {
    auto [it, fresh] = seen.emplace(e.id, &e.where);
    if (!fresh) {
      out.push_back({e.where, fmt::format("{} '{}' is defined twice (first at {})", what, e.id,
                                          it->second->ToString())});
    }
  }
}

void CheckArticles(const KnowledgeBase& kb, const std::vector<RuleRef>& rules,
                   std::vector<KbProblem>& out) {
  CheckUniqueIds(kb.articles(), "article", out);
  for (const Article& a : kb.articles()) {
    CheckCauses(kb, a, rules, out);
    for (size_t i = 0; i < a.related.size(); ++i) {
      if (kb.FindArticle(a.related[i]) == nullptr) {
        out.push_back({a.related_where[i], fmt::format("article '{}': related article '{}' does not exist",
                                                       a.id, a.related[i])});
      }
    }
  }
}

// Missing prerequisites and superseded packages, a package superseding itself.
void CheckPackageLinks(const KnowledgeBase& kb, const Package& p, std::vector<KbProblem>& out) {
  for (size_t i = 0; i < p.requires_.size(); ++i) {
    if (kb.FindPackage(p.requires_[i]) == nullptr) {
      out.push_back({p.requires_where[i], fmt::format("package '{}': requires missing package '{}'",
                                                      p.id, p.requires_[i])});
    }
  }
  for (size_t i = 0; i < p.supersedes.size(); ++i) {
    if (kb.FindPackage(p.supersedes[i]) == nullptr) {
      out.push_back({p.supersedes_where[i], fmt::format("package '{}': supersedes missing package '{}'",
                                                        p.id, p.supersedes[i])});
    }
    if (p.supersedes[i] == p.id) {
      out.push_back({p.supersedes_where[i], fmt::format("package '{}' supersedes itself", p.id)});
    }
  }
}

void CheckPackages(const KnowledgeBase& kb, std::vector<KbProblem>& out) {
  CheckUniqueIds(kb.packages(), "package", out);
  for (const Package& p : kb.packages()) {
    CheckPackageLinks(kb, p, out);
    if (!p.article.empty() && kb.FindArticle(p.article) == nullptr) {
      out.push_back({p.where, fmt::format("package '{}': article '{}' does not exist", p.id, p.article)});
    }
    for (const FileCheck& f : p.files) {
      if (f.platform == Platform::kAny) {
        out.push_back({f.where, fmt::format("package '{}': file check '{}' has no platform "
                                            "(Intel, Alpha or x64: sizes differ per platform)",
                                            p.id, f.file)});
      }
      if (f.size == 0 && f.min_version.empty()) {
        out.push_back({f.where, fmt::format("package '{}': file check '{}' has neither size nor "
                                            "version",
                                            p.id, f.file)});
      }
    }
  }
}

void CheckRuleRefs(const KnowledgeBase& kb, const std::vector<RuleRef>& rules,
                   std::vector<KbProblem>& out) {
  for (const RuleRef& r : rules) {
    if (r.kb.empty()) continue;
    const Article* a = kb.FindArticle(r.kb);
    if (a == nullptr) {
      out.push_back({r.where, fmt::format("rule '{}': points to missing article '{}'", r.rule_id, r.kb)});
    } else if (!r.cause.empty() && a->FindCause(r.cause) == nullptr) {
      out.push_back({r.where, fmt::format("rule '{}': article '{}' has no cause '{}'", r.rule_id,
                                          r.kb, r.cause)});
    }
  }
}

}  // namespace

std::vector<KbProblem> CheckKnowledgeBase(const KnowledgeBase& kb,
                                          const std::vector<RuleRef>& rules) {
  std::vector<KbProblem> out;
  CheckArticles(kb, rules, out);
  CheckPackages(kb, out);
  CycleFinder(kb, /*supersedes=*/true, "supersedence", out).Run();
  CycleFinder(kb, /*supersedes=*/false, "prerequisite", out).Run();
  CheckRuleRefs(kb, rules, out);
  std::stable_sort(out.begin(), out.end(), [](const KbProblem& x, const KbProblem& y) {
    return std::tie(x.where.file, x.where.line, x.message) <
           std::tie(y.where.file, y.where.line, y.message);
  });
  return out;
}

std::vector<RuleRef> ScanRuleRefs(const std::string& path, DiagnosticSink& sink) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.file = path;
    d.what = "no such rules file or folder; rule references not checked";
    sink.Report(d);
    return {};
  }
  // The rules loader is the one parser of rule files; its errors are `rules check`'s to
  // explain, here they only say what was left out.
  const rules::RuleSummaries read = rules::ReadRuleSummaries({path});
  for (const Status& e : read.errors) {
    Diagnostic d;
    if (const FileLoc* at = e.where()) {
      d.file = at->file;
      d.line = at->line;
    }
    d.what = fmt::format("{}; not checked against the KB", e.what());
    sink.Report(d);
  }
  std::vector<RuleRef> out;
  out.reserve(read.rules.size());
  for (const rules::RuleSummary& r : read.rules) {
    RuleRef ref;
    ref.rule_id = r.info.id;
    ref.where = KbLoc{r.info.file, r.info.line};
    ref.kb = r.info.kb;
    ref.cause = r.info.cause;
    for (const std::string& text : r.match_texts) {
      ref.match_text += NormalizeRegistryText(text);
      ref.match_text += '\n';
    }
    out.push_back(std::move(ref));
  }
  return out;
}

}  // namespace logrx::kb
