#include "advisor/verdict.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/time.h"
#include "kb/version.h"

namespace logrx::advisor {

namespace {

constexpr std::string_view kHotfixRoot = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string SourceOf(const inventory::FactSource& f) {
  if (f.file.empty()) return f.detail;
  std::string s = f.line != 0 ? fmt::format("{}:{}", f.file, f.line) : f.file;
  if (f.record_id != 0) s += fmt::format(" record {}", f.record_id);
  return s;
}

kb::Date DateOf(int64_t filetime) {
  const CivilTime c = CivilFromFiletime(filetime);
  return kb::Date{c.year, c.month, c.day};
}

std::string Required(const kb::FileCheck& c) {
  std::vector<std::string> parts;
  if (!c.min_version.empty()) parts.push_back(fmt::format("version {} or later", c.min_version));
  if (c.min_date.set()) parts.push_back(fmt::format("dated {} or later", c.min_date.ToString()));
  if (c.size != 0) {
    parts.push_back(fmt::format("{} bytes{}", kb::FormatBytes(c.size),
                                c.weak_size ? " (a size other builds share)" : ""));
  }
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? ", " : "") + parts[i];
  return s;
}

std::string Found(const inventory::FileFact& f) {
  std::vector<std::string> parts;
  if (f.has_version) parts.push_back(f.file_version);
  if (f.has_size) parts.push_back(fmt::format("{} bytes", kb::FormatBytes(f.size)));
  if (f.has_time) parts.push_back(DateOf(f.time).ToString());
  if (f.arch != inventory::Arch::kUnknown) parts.push_back(std::string(inventory::ArchName(f.arch)));
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? ", " : "") + parts[i];
  return s;
}

std::string CollectFile(const kb::FileCheck& c, const std::string& host) {
  const std::string folder = c.os == "EX55" ? "<Exchange setup folder>" : "C:\\WINNT\\system32";
  return fmt::format(
      "run: Get-ChildItem {}\\{} | Select FullName,Length,LastWriteTime,VersionInfo | "
      "Export-Csv {}-files.csv -NoTypeInformation (then --inventory), or give --root with the "
      "host's system drive mounted",
      folder, Lower(c.file), host.empty() ? "HOST" : host);
}

std::string CollectHotfix(const std::string& host) {
  return fmt::format(
      "run: reg export \"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\" "
      "{0}-hotfix.reg (or wmic qfe list full /format:csv > {0}-qfe.csv), then --inventory",
      host.empty() ? "HOST" : host);
}

kb::Platform PlatformOf(inventory::Arch a) {
  switch (a) {
    case inventory::Arch::kX86: return kb::Platform::kIntel;
    case inventory::Arch::kAlpha: return kb::Platform::kAlpha;
    case inventory::Arch::kX64: return kb::Platform::kX64;
    default: return kb::Platform::kAny;
  }
}

bool IsOsEditionToken(std::string_view t) { return t.substr(0, 3) == "NT4"; }

}  // namespace

CheckResult EvaluateFileCheck(const kb::Package& pkg, const kb::FileCheck& check,
                              const inventory::HostFacts& facts, std::string_view platform_note) {
  CheckResult r;
  r.package = pkg.id;
  r.kind = "file";
  r.target = check.file;
  r.platform = kb::PlatformName(check.platform);
  r.required = Required(check);
  const std::string note(platform_note);
  const inventory::FileFact* f = facts.FindFile(Lower(check.file));
  if (f == nullptr) {
    r.verdict = Verdict::kUnknown;
    r.reason = note + (facts.has_file_inventory
                           ? fmt::format("{} is not in the host's file inventory.", check.file)
                           : "No file inventory for this host, so the file cannot be checked.");
    r.to_collect = CollectFile(check, facts.host);
    return r;
  }
  r.found = Found(*f);
  r.evidence = SourceOf(f->from);
  const std::string req_date = check.min_date.ToString();

  // 1. Version, where both sides know one.
  int cmp = 0;
  if (!check.min_version.empty() && f->has_version &&
      kb::CompareVersions(f->file_version, check.min_version, cmp)) {
    if (cmp > 0) {
      r.verdict = Verdict::kNewer;
      r.reason = note + fmt::format("Version {} is newer than the fix build {}: a later build "
                                    "that includes it.", f->file_version, check.min_version);
    } else if (cmp == 0) {
      r.verdict = Verdict::kFixed;
      r.reason = note + fmt::format("Version {} is the fix build.", f->file_version);
    } else {
      r.verdict = Verdict::kNotFixed;
      r.reason = note + fmt::format("Version {} is older than the fix build {}.",
                                    f->file_version, check.min_version);
    }
    return r;
  }

  // 2. Date ("or later", as the articles put it), read together with the size.
  if (check.min_date.set() && f->has_time) {
    const kb::Date d = DateOf(f->time);
    const int dc = d.Compare(check.min_date);
    const bool size_known = check.size != 0 && f->has_size;
    if (dc < 0) {
      r.verdict = Verdict::kNotFixed;
      r.reason = note + fmt::format("Dated {}, before the {} fix build{}.", d.ToString(), req_date,
                                    size_known && f->size == check.size
                                        ? fmt::format(" (the size {} is shared by older builds)",
                                                      kb::FormatBytes(f->size))
                                        : "");
      return r;
    }
    if (check.size != 0 && !f->has_size) {
      r.verdict = Verdict::kWeak;
      r.reason = note + fmt::format("Only the date is known ({}, not before {}); without the "
                                    "size or version the build is not identified.",
                                    d.ToString(), req_date);
      r.to_collect = CollectFile(check, facts.host);
      return r;
    }
    if (size_known && f->size != check.size && dc == 0) {
      r.verdict = Verdict::kWeak;
      r.reason = note + fmt::format("Dated {} like the fix build but {} bytes instead of {}: "
                                    "not the documented build.",
                                    d.ToString(), kb::FormatBytes(f->size), kb::FormatBytes(check.size));
      r.to_collect = CollectFile(check, facts.host);
      return r;
    }
    r.verdict = Verdict::kFixed;
    if (size_known && f->size != check.size) {
      r.reason = note + fmt::format("Dated {}, after the {} fix build: a later build ({} bytes; "
                                    "the {} build has {}).",
                                    d.ToString(), req_date, kb::FormatBytes(f->size), req_date,
                                    kb::FormatBytes(check.size));
    } else if (size_known) {
      r.reason = note + fmt::format("Dated {} (not before {}) with the fix build's size of {} bytes.",
                                    d.ToString(), req_date, kb::FormatBytes(check.size));
    } else {
      r.reason = note + fmt::format("Dated {}, not before the {} fix build.", d.ToString(), req_date);
    }
    return r;
  }

  // 3. Size alone: never proof.
  if (check.size != 0 && f->has_size) {
    r.to_collect = CollectFile(check, facts.host);
    if (f->size == check.size) {
      r.verdict = Verdict::kWeak;
      r.reason = note + fmt::format("Only the size matches: {} bytes{}; a version or date is "
                                    "needed to tell the fix build from older ones.",
                                    kb::FormatBytes(f->size),
                                    check.weak_size ? " is shared by several builds of this file" : "");
    } else {
      r.verdict = Verdict::kUnknown;
      r.reason = note + fmt::format("{} bytes, not the fix build's {}; without a version or date "
                                    "it is not known whether this build is older or newer.",
                                    kb::FormatBytes(f->size), kb::FormatBytes(check.size));
    }
    return r;
  }
  r.verdict = Verdict::kUnknown;
  r.reason = note + "The inventory gives no version, date or size that this check can use.";
  r.to_collect = CollectFile(check, facts.host);
  return r;
}

CheckResult EvaluateRegistryCheck(const kb::KnowledgeBase& kb, const kb::Package& pkg,
                                  const inventory::HostFacts& facts) {
  CheckResult r;
  r.package = pkg.id;
  r.kind = "registry";
  r.target = fmt::format("{}{}", kHotfixRoot, pkg.detect.hotfix_key);
  r.platform = "any";
  r.required = pkg.detect.inferred_key ? "Installed=1 (key name by the Hotfix.exe convention)"
                                       : "Installed=1";
  if (const inventory::HotfixFact* h = facts.FindHotfix(pkg.detect.hotfix_key)) {
    r.verdict = Verdict::kFixed;
    r.found = fmt::format("{} listed", h->id);
    r.evidence = SourceOf(h->from);
    r.reason = fmt::format("The host's hotfix list has {}.", h->id);
    return r;
  }
  // A later package that includes this one counts (hop-limited walk up the supersedence).
  std::vector<std::string> frontier{pkg.id};
  std::set<std::string> seen{pkg.id};
  for (int hop = 0; hop < 16 && !frontier.empty(); ++hop) {
    std::vector<std::string> next;
    for (const std::string& id : frontier) {
      for (const kb::Package* s : kb.SupersededBy(id)) {
        if (!seen.insert(s->id).second) continue;
        const std::string key = s->detect.hotfix_key.empty() ? s->id : s->detect.hotfix_key;
        if (const inventory::HotfixFact* h = facts.FindHotfix(key)) {
          r.verdict = Verdict::kNewer;
          r.found = fmt::format("{} listed", h->id);
          r.evidence = SourceOf(h->from);
          r.reason = fmt::format("{} is not listed but {}, which includes it, is.", pkg.id, h->id);
          return r;
        }
        next.push_back(s->id);
      }
    }
    frontier = std::move(next);
  }
  if (facts.has_hotfix_inventory) {
    r.verdict = Verdict::kNotFixed;
    r.reason = fmt::format("The host's hotfix list has no {} (nor a package that includes it).",
                           pkg.detect.hotfix_key);
    std::string sources;
    for (const std::string& s : facts.inventory_sources) sources += (sources.empty() ? "" : ", ") + s;
    r.evidence = sources;
  } else {
    r.verdict = Verdict::kUnknown;
    r.reason = "No hotfix list for this host.";
    r.to_collect = CollectHotfix(facts.host);
  }
  return r;
}

std::string HostEdition(const inventory::HostFacts& facts) {
  if (!facts.os.known) return std::string();
  if (facts.os.version != "4.0") return facts.os.version.empty() ? "" : "other";
  return facts.os.terminal_server ? "NT4-TSE" : "NT4";
}

bool PackageApplies(const kb::Package& pkg, std::string_view edition) {
  bool any_os_token = false;
  for (const std::string& t : pkg.os) {
    if (!IsOsEditionToken(t)) continue;
    any_os_token = true;
    if (t == edition) return true;
    if (edition.empty() && t == "NT4") return true;
  }
  return !any_os_token;
}

namespace {

// Which of the package's checks apply on this host, and what to prefix their reasons with.
std::vector<CheckResult> EvaluateFiles(const kb::Package& pkg, const inventory::HostFacts& facts,
                                       const std::string& edition) {
  std::vector<CheckResult> out;
  // Group by file name (lower-case), keeping document order.
  std::vector<std::string> names;
  std::map<std::string, std::vector<const kb::FileCheck*>> by_name;
  for (const kb::FileCheck& c : pkg.files) {
    if (!c.os.empty() && IsOsEditionToken(c.os) && !edition.empty() && c.os != edition) continue;
    const std::string n = Lower(c.file);
    if (by_name.find(n) == by_name.end()) names.push_back(n);
    by_name[n].push_back(&c);
  }
  for (const std::string& n : names) {
    const auto& checks = by_name[n];
    const inventory::FileFact* f = facts.FindFile(n);
    kb::Platform want = kb::Platform::kAny;
    std::string how;
    if (f != nullptr && f->arch != inventory::Arch::kUnknown) {
      want = PlatformOf(f->arch);
    } else if (facts.os.arch != inventory::Arch::kUnknown) {
      want = PlatformOf(facts.os.arch);
    }
    std::vector<const kb::FileCheck*> chosen;
    for (const kb::FileCheck* c : checks) {
      if (want == kb::Platform::kAny || c->platform == want) chosen.push_back(c);
    }
    if (chosen.size() > 1) {
      std::string list;
      for (const kb::FileCheck* c : chosen) {
        list += (list.empty() ? "" : " and ") + std::string(kb::PlatformName(c->platform));
      }
      how = fmt::format("Platform unknown (no PE machine type, no OS architecture): evaluated "
                        "for {}. ", list);
    }
    if (chosen.empty()) continue;  // the package has no check for this platform
    for (const kb::FileCheck* c : chosen) out.push_back(EvaluateFileCheck(pkg, *c, facts, how));
  }
  return out;
}

// One verdict per file name: agreeing platforms keep theirs; disagreeing ones are weak
// unless all say fixed/newer.
std::vector<Verdict> FileVerdicts(const std::vector<CheckResult>& files) {
  std::vector<std::string> names;
  std::map<std::string, std::vector<Verdict>> by_name;
  for (const CheckResult& r : files) {
    const std::string n = Lower(r.target);
    if (by_name.find(n) == by_name.end()) names.push_back(n);
    by_name[n].push_back(r.verdict);
  }
  std::vector<Verdict> out;
  for (const std::string& n : names) {
    const auto& v = by_name[n];
    const bool same = std::all_of(v.begin(), v.end(), [&](Verdict x) { return x == v[0]; });
    const bool good = std::all_of(v.begin(), v.end(), [](Verdict x) {
      return x == Verdict::kFixed || x == Verdict::kNewer;
    });
    out.push_back(same ? v[0] : good ? Verdict::kFixed : Verdict::kWeak);
  }
  return out;
}

}  // namespace

PackageState JudgePackage(const kb::KnowledgeBase& kb, const kb::Package& pkg,
                          const inventory::HostFacts& facts) {
  PackageState s;
  const inventory::OsFacts& os = facts.os;
  const std::string os_from = os.from.file.empty() && os.from.record_id == 0
                                  ? std::string("the host's OS facts")
                                  : SourceOf(os.from);
  // Service packs: the System log's 6009 is enough.
  if (pkg.detect.service_pack >= 0) {
    if (os.sp >= 0) {
      s.state = os.sp >= pkg.detect.service_pack ? Installed::kYes : Installed::kNo;
      s.reason = fmt::format("The host reports {} ({}).",
                             os.csd.empty() ? std::string("no service pack") : os.csd, os_from);
    } else {
      s.reason = "The host's service pack is not known (no EventLog 6009 and no systeminfo).";
    }
    return s;
  }
  // SP6a: 6009 says "Service Pack 6" either way; only Hotfix\Q246009 (or an inventory that
  // names 6a) settles it.
  if (pkg.detect.sp6a) {
    const inventory::HotfixFact* h = facts.FindHotfix(pkg.detect.hotfix_key.empty() ? pkg.id
                                                                                   : pkg.detect.hotfix_key);
    if (os.sp6a || h != nullptr) {
      s.state = Installed::kYes;
      s.reason = h != nullptr ? fmt::format("Hotfix\\{} is listed ({}).", h->id, SourceOf(h->from))
                              : fmt::format("SP6a is proven ({}).", os_from);
    } else if (os.sp >= 0 && os.sp < 6) {
      s.state = Installed::kNo;
      s.reason = fmt::format("The host runs {} ({}), below SP6.",
                             os.csd.empty() ? std::string("no service pack") : os.csd, os_from);
    } else if (os.sp > 6) {
      s.state = Installed::kYes;
      s.reason = fmt::format("The host reports {}.", os.csd);
    } else if (facts.has_hotfix_inventory) {
      s.state = Installed::kNo;
      s.reason = fmt::format("The hotfix list has no {}: the host runs SP6 without the 6a update.",
                             pkg.detect.hotfix_key);
    } else {
      s.reason = os.sp == 6
                     ? "EventLog 6009 says \"Service Pack 6\" on SP6 and SP6a alike; only "
                       "Hotfix\\Q246009\\Installed=1 tells them apart."
                     : "The host's service pack is not known.";
    }
    return s;
  }
  // Hotfixes and rollups: files first, then the registry.
  const std::string edition = HostEdition(facts);
  s.checks = EvaluateFiles(pkg, facts, edition);
  const std::vector<Verdict> files = FileVerdicts(s.checks);
  CheckResult reg;
  const bool has_key = !pkg.detect.hotfix_key.empty();
  if (has_key) {
    reg = EvaluateRegistryCheck(kb, pkg, facts);
    s.checks.push_back(reg);
  }
  const bool any_not = std::any_of(files.begin(), files.end(),
                                   [](Verdict v) { return v == Verdict::kNotFixed; });
  const bool all_good = !files.empty() && std::all_of(files.begin(), files.end(), [](Verdict v) {
    return v == Verdict::kFixed || v == Verdict::kNewer;
  });
  const bool any_weak = std::any_of(files.begin(), files.end(),
                                    [](Verdict v) { return v == Verdict::kWeak; });
  const bool any_good = std::any_of(files.begin(), files.end(), [](Verdict v) {
    return v == Verdict::kFixed || v == Verdict::kNewer;
  });
  auto first_good = [&]() -> std::string {
    for (const CheckResult& c : s.checks) {
      if (c.kind == "file" && (c.verdict == Verdict::kFixed || c.verdict == Verdict::kNewer)) {
        return fmt::format("{} ({}): {}", c.target, c.platform, c.reason);
      }
    }
    return std::string();
  };
  auto first_reason = [&](Verdict want) -> std::string {
    for (const CheckResult& c : s.checks) {
      if (c.kind == "file" && c.verdict == want) {
        return fmt::format("{} ({}): {}", c.target, c.platform, c.reason);
      }
    }
    return std::string();
  };
  const bool key_yes = has_key && (reg.verdict == Verdict::kFixed || reg.verdict == Verdict::kNewer);
  const bool key_no = has_key && reg.verdict == Verdict::kNotFixed;
  if (any_not) {
    s.state = Installed::kNo;
    s.reason = first_reason(Verdict::kNotFixed);
    if (key_yes) s.reason += " The Hotfix key is present but the files are older: a stale entry.";
  } else if (all_good) {
    s.state = Installed::kYes;
    s.reason = "Every file check passed.";
  } else if (any_good) {
    // The package's files ship together: one proven file (and none older) proves it; the
    // others are only unlisted or weak, which does not contradict.
    s.state = Installed::kYes;
    s.reason = first_good() + " The other files are not proven either way.";
  } else if (key_yes) {
    s.state = Installed::kYes;
    s.reason = reg.reason + (any_weak ? " The files only weakly agree (size or date alone)."
                                      : " The files were not verified.");
  } else if (key_no) {
    s.state = Installed::kNo;
    s.reason = reg.reason + (any_weak ? " The file sizes match, but size alone does not prove the build."
                                      : "");
  } else {
    s.state = Installed::kUnknown;
    s.reason = any_weak ? first_reason(Verdict::kWeak)
                        : (files.empty() ? reg.reason : first_reason(Verdict::kUnknown));
    if (s.reason.empty()) s.reason = "Nothing proves whether the package is installed.";
  }
  return s;
}

}  // namespace logrx::advisor
