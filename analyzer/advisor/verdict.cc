#include "advisor/verdict.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/numbers.h"
#include "core/strings.h"
#include "core/time.h"
#include "kb/version.h"

namespace logrx::advisor {

namespace {

constexpr std::string_view kHotfixRoot = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\";

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

// The host as it may appear in a command: quoted later by the caller's syntax, or a
// placeholder when the name could carry shell syntax (event text is hostile).
std::string CommandHost(const std::string& host) {
  return IsSafeHostName(host) ? host : std::string("<HOST>");
}

bool IsNt4OrOlder(const inventory::OsFacts& os) {
  return os.known && !os.version.empty() && (os.version == "4.0" || os.version[0] == '3');
}

bool IsModern(const inventory::OsFacts& os) {  // Vista / 2008 and later: PowerShell, Get-HotFix
  if (!os.known || os.version.empty()) return false;
  unsigned major = 0;
  return ParseUnsigned(std::string_view(os.version).substr(0, os.version.find('.')), major) &&
         major >= 6;
}

// From the admin's workstation: the host's %SystemRoot% is \\HOST\ADMIN$ on every NT
// version, so a listing of the UNC path collects the host's files (not the workstation's).
std::string CollectFile(const kb::FileCheck& c, const inventory::HostFacts& facts) {
  const std::string h = CommandHost(facts.host);
  if (c.os == "EX55") {
    return fmt::format(
        "list {} in the Exchange setup folder of \\\\{}\\<share> with its version (file "
        "properties, Version tab), then add it to a file listing for --inventory",
        c.file, h);
  }
  const std::string unc = fmt::format("\\\\{}\\ADMIN$\\system32\\{}", h, ToLowerAscii(c.file));
  return fmt::format(
      "from an admin workstation with PowerShell: Get-ChildItem '{0}' | Select "
      "FullName,Length,LastWriteTime,VersionInfo | Export-Csv '{1}-files.csv' "
      "-NoTypeInformation, then --inventory '{1}-files.csv' (from an NT4 workstation: "
      "dir \"{0}\" > \"{1}-files.txt\", then --inventory \"{1}-files.txt\"); or --root with "
      "the host's system drive mounted",
      unc, h);
}

std::string CollectHotfix(const inventory::HostFacts& facts) {
  const std::string h = CommandHost(facts.host);
  constexpr std::string_view kKey =
      "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix";
  std::string nt4 = fmt::format(
      "on the host: regedit /e \"{0}-hotfix.reg\" \"{1}\"; or from a workstation: Registry "
      "Editor (regedit), Registry > Connect Network Registry > {0}, select that key, "
      "Registry > Export Registry File as {0}-hotfix.reg; then --inventory",
      h, kKey);
  if (IsNt4OrOlder(facts.os)) return nt4;
  if (IsModern(facts.os)) {
    return fmt::format(
        "from an admin workstation: Get-HotFix -ComputerName '{0}' | Export-Csv "
        "'{0}-hotfix.csv' -NoTypeInformation, then --inventory '{0}-hotfix.csv'",
        h);
  }
  if (facts.os.known) {  // Windows 2000 / XP / 2003: wmic and reg.exe from a workstation
    return fmt::format(
        "from an XP/2003 admin workstation: wmic /node:\"{0}\" qfe list full /format:csv > "
        "\"{0}-qfe.csv\" (or reg export \"\\\\{0}\\HKLM\\SOFTWARE\\Microsoft\\Windows "
        "NT\\CurrentVersion\\Hotfix\" \"{0}-hotfix.reg\"), then --inventory",
        h);
  }
  return "the host's OS is not known; for NT 4.0 " + nt4 +
         fmt::format(" (Windows 2000 and later: Get-HotFix -ComputerName '{0}' | Export-Csv "
                     "'{0}-hotfix.csv' -NoTypeInformation)",
                     h);
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

// The file's version against the fix build's (both known and comparable: `cmp`).
void JudgeFileVersion(const kb::FileCheck& check, const inventory::FileFact& f, int cmp,
                      const std::string& note, CheckResult& r) {
  if (cmp > 0) {
    r.verdict = Verdict::kNewer;
    r.reason = note + fmt::format("Version {} is newer than the fix build {}: a later build "
                                  "that includes it.", f.file_version, check.min_version);
  } else if (cmp == 0) {
    r.verdict = Verdict::kFixed;
    r.reason = note + fmt::format("Version {} is the fix build.", f.file_version);
  } else {
    r.verdict = Verdict::kNotFixed;
    r.reason = note + fmt::format("Version {} is older than the fix build {}.",
                                  f.file_version, check.min_version);
  }
}

// The file's date against the fix date ("or later", as the articles put it), read together
// with the size.
void JudgeFileDate(const kb::FileCheck& check, const inventory::FileFact& f,
                   const inventory::HostFacts& facts, const std::string& note, CheckResult& r) {
  const std::string req_date = check.min_date.ToString();
  const kb::Date d = DateOf(f.time);
  const int dc = d.Compare(check.min_date);
  const bool size_known = check.size != 0 && f.has_size;
  if (dc < 0) {
    r.verdict = Verdict::kNotFixed;
    r.reason = note + fmt::format("Dated {}, before the {} fix build{}.", d.ToString(), req_date,
                                  size_known && f.size == check.size
                                      ? fmt::format(" (the size {} is shared by older builds)",
                                                    kb::FormatBytes(f.size))
                                      : "");
    return;
  }
  if (check.size != 0 && !f.has_size) {
    // Third rung: a date at or after the fix date proves it ("or later"); the build
    // itself is not identified.
    r.verdict = Verdict::kFixed;
    r.reason = note + fmt::format("Dated {}, not before the {} fix build (no size or version "
                                  "to name the build; the articles accept this date or later).",
                                  d.ToString(), req_date);
    return;
  }
  if (size_known && f.size != check.size && dc == 0) {
    r.verdict = Verdict::kWeak;
    r.reason = note + fmt::format("Dated {} like the fix build but {} bytes instead of {}: "
                                  "not the documented build.",
                                  d.ToString(), kb::FormatBytes(f.size), kb::FormatBytes(check.size));
    r.to_collect = CollectFile(check, facts);
    return;
  }
  r.verdict = Verdict::kFixed;
  if (size_known && f.size != check.size) {
    r.reason = note + fmt::format("Dated {}, after the {} fix build: a later build ({} bytes; "
                                  "the {} build has {}).",
                                  d.ToString(), req_date, kb::FormatBytes(f.size), req_date,
                                  kb::FormatBytes(check.size));
  } else if (size_known) {
    r.reason = note + fmt::format("Dated {} (not before {}) with the fix build's size of {} bytes.",
                                  d.ToString(), req_date, kb::FormatBytes(check.size));
  } else {
    r.reason = note + fmt::format("Dated {}, not before the {} fix build.", d.ToString(), req_date);
  }
}

// The file's size alone: never proof.
void JudgeFileSize(const kb::FileCheck& check, const inventory::FileFact& f,
                   const inventory::HostFacts& facts, const std::string& note, CheckResult& r) {
  r.to_collect = CollectFile(check, facts);
  if (f.size == check.size) {
    r.verdict = Verdict::kWeak;
    r.reason = note + fmt::format("Only the size matches: {} bytes{}; a version or date is "
                                  "needed to tell the fix build from older ones.",
                                  kb::FormatBytes(f.size),
                                  check.weak_size ? " is shared by several builds of this file" : "");
  } else {
    r.verdict = Verdict::kUnknown;
    r.reason = note + fmt::format("{} bytes, not the fix build's {}; without a version or date "
                                  "it is not known whether this build is older or newer.",
                                  kb::FormatBytes(f.size), kb::FormatBytes(check.size));
  }
}

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
  const inventory::FileFact* f = facts.FindFile(ToLowerAscii(check.file));
  if (f == nullptr) {
    r.verdict = Verdict::kUnknown;
    r.reason = note + (facts.has_file_inventory
                           ? fmt::format("{} is not in the host's file inventory.", check.file)
                           : "No file inventory for this host, so the file cannot be checked.");
    r.to_collect = CollectFile(check, facts);
    return r;
  }
  r.found = Found(*f);
  r.evidence = SourceOf(f->from);

  // 1. Version, where both sides know one.
  int cmp = 0;
  if (!check.min_version.empty() && f->has_version &&
      kb::CompareVersions(f->file_version, check.min_version, cmp)) {
    JudgeFileVersion(check, *f, cmp, note, r);
    return r;
  }

  // 2. Date ("or later", as the articles put it), read together with the size.
  if (check.min_date.set() && f->has_time) {
    JudgeFileDate(check, *f, facts, note, r);
    return r;
  }

  // 3. Size alone: never proof.
  if (check.size != 0 && f->has_size) {
    JudgeFileSize(check, *f, facts, note, r);
    return r;
  }
  r.verdict = Verdict::kUnknown;
  r.reason = note + "The inventory gives no version, date or size that this check can use.";
  r.to_collect = CollectFile(check, facts);
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
    r.to_collect = CollectHotfix(facts);
  }
  return r;
}

namespace {

struct FileGroup {
  std::string name;  // lower-case
  std::vector<const kb::FileCheck*> checks;
};

// The package's file checks that fit the host's edition and kernel, grouped by file name
// in document order.
std::vector<FileGroup> GroupFiles(const kb::Package& pkg, const inventory::HostFacts& facts,
                                  const std::string& edition) {
  std::vector<FileGroup> out;
  for (const kb::FileCheck& c : pkg.files) {
    if (!c.os.empty() && IsOsEditionToken(c.os) && !edition.empty() && c.os != edition) continue;
    // UP and MP builds of one file differ; 6009 says which kernel runs.
    if (!c.kernel.empty() && facts.os.known && !facts.os.kernel.empty() &&
        c.kernel != (facts.os.multiprocessor ? "MP" : "UP")) {
      continue;
    }
    const std::string n = ToLowerAscii(c.file);
    auto it = std::find_if(out.begin(), out.end(), [&](const FileGroup& g) { return g.name == n; });
    if (it == out.end()) {
      out.push_back({n, {}});
      it = out.end() - 1;
    }
    it->checks.push_back(&c);
  }
  return out;
}

// Platform unknown and several documented builds: one row for the file, listing every
// build, with the verdict of the build the evidence matches (the one whose size it has;
// else the verdict all builds agree on; else weak).
CheckResult EvaluateAcrossPlatforms(const kb::Package& pkg, const FileGroup& g,
                                    const inventory::HostFacts& facts) {
  std::vector<CheckResult> each;
  for (const kb::FileCheck* c : g.checks) each.push_back(EvaluateFileCheck(pkg, *c, facts, ""));
  CheckResult r = each.front();
  std::string platforms, builds, required;
  for (size_t i = 0; i < g.checks.size(); ++i) {
    platforms += (i ? " or " : "") + std::string(kb::PlatformName(g.checks[i]->platform));
    builds += (i ? " and " : "") + std::string(kb::PlatformName(g.checks[i]->platform));
    required += fmt::format("{}{}: {}", i ? "; " : "", kb::PlatformName(g.checks[i]->platform),
                            each[i].required);
  }
  r.platform = platforms;
  r.required = required;
  const inventory::FileFact* f = facts.FindFile(g.name);
  int match = -1;
  if (f != nullptr && f->has_size) {
    for (size_t i = 0; i < g.checks.size(); ++i) {
      if (g.checks[i]->size == f->size) match = match == -1 ? static_cast<int>(i) : -2;
    }
  }
  const std::string lead = fmt::format("Platform unknown: checked against the documented {} builds",
                                       builds);
  if (f == nullptr) {
    r.reason = fmt::format("{}. {}", lead, each[0].reason);
    return r;
  }
  if (match >= 0) {
    const CheckResult& m = each[static_cast<size_t>(match)];
    r.verdict = m.verdict;
    r.to_collect = m.to_collect;
    r.reason = fmt::format("{}; the evidence matches the {} build. {}", lead,
                           kb::PlatformName(g.checks[static_cast<size_t>(match)]->platform), m.reason);
    return r;
  }
  const bool same = std::all_of(each.begin(), each.end(),
                                [&](const CheckResult& x) { return x.verdict == each[0].verdict; });
  if (same) {
    r.reason = fmt::format("{}; every build gives the same verdict. {}", lead, each[0].reason);
    return r;
  }
  r.verdict = Verdict::kWeak;
  r.reason = fmt::format("{}; they disagree ({}). The platform would settle it.", lead, [&] {
    std::string v;
    for (size_t i = 0; i < each.size(); ++i) {
      v += fmt::format("{}{}: {}", i ? ", " : "", kb::PlatformName(g.checks[i]->platform),
                       VerdictName(each[i].verdict));
    }
    return v;
  }());
  if (r.to_collect.empty()) r.to_collect = CollectFile(*g.checks.front(), facts);
  return r;
}

std::vector<CheckResult> EvaluateFiles(const kb::Package& pkg, const inventory::HostFacts& facts,
                                       const std::string& edition, const HostPlatform& plat) {
  std::vector<CheckResult> out;
  for (const FileGroup& g : GroupFiles(pkg, facts, edition)) {
    if (plat.platform != kb::Platform::kAny) {
      for (const kb::FileCheck* c : g.checks) {
        if (c->platform == plat.platform || c->platform == kb::Platform::kAny) {
          out.push_back(EvaluateFileCheck(pkg, *c, facts, ""));
        }
      }
      continue;  // no documented build for this platform: no row
    }
    if (g.checks.size() == 1) {
      out.push_back(EvaluateFileCheck(pkg, *g.checks.front(), facts, ""));
    } else {
      out.push_back(EvaluateAcrossPlatforms(pkg, g, facts));
    }
  }
  return out;
}

bool Good(Verdict v) { return v == Verdict::kFixed || v == Verdict::kNewer; }

// A service pack: the System log's 6009 is enough.
PackageState JudgeServicePack(const kb::Package& pkg, const inventory::OsFacts& os,
                              const std::string& os_from) {
  PackageState s;
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
PackageState JudgeSp6a(const kb::Package& pkg, const inventory::HostFacts& facts,
                       const std::string& os_from) {
  PackageState s;
  const inventory::OsFacts& os = facts.os;
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
    s.to_collect = CollectHotfix(facts);
  }
  return s;
}

// The first of the first `file_rows` checks (the file rows) whose verdict satisfies `pred`.
template <typename Pred>
const CheckResult* FirstFileRow(const std::vector<CheckResult>& checks, size_t file_rows,
                                Pred pred) {
  for (size_t i = 0; i < file_rows; ++i) {
    if (pred(checks[i].verdict)) return &checks[i];
  }
  return nullptr;
}

std::string Say(const CheckResult* c) {
  return c == nullptr ? std::string()
                      : fmt::format("{} ({}): {}", c->target, c->platform, c->reason);
}

// What to collect for the package: the first file row's request, else its first file.
std::string CollectFromFiles(const std::vector<CheckResult>& checks, size_t file_rows,
                             const kb::Package& pkg, const inventory::HostFacts& facts) {
  for (size_t i = 0; i < file_rows; ++i) {
    if (!checks[i].to_collect.empty()) return checks[i].to_collect;
  }
  return pkg.files.empty() ? std::string() : CollectFile(pkg.files.front(), facts);
}

// The installed state from the file rows (the first `file_rows` of s.checks) and the
// Hotfix list row `reg` (when the package has a key).
void DecideFromRows(const kb::Package& pkg, const inventory::HostFacts& facts,
                    const CheckResult& reg, bool has_key, size_t file_rows, PackageState& s) {
  const CheckResult* older =
      FirstFileRow(s.checks, file_rows, [](Verdict v) { return v == Verdict::kNotFixed; });
  const CheckResult* proven = FirstFileRow(s.checks, file_rows, Good);
  const CheckResult* weak =
      FirstFileRow(s.checks, file_rows, [](Verdict v) { return v == Verdict::kWeak; });
  const bool all_good = file_rows > 0 && std::all_of(s.checks.begin(),
                                                     s.checks.begin() + static_cast<ptrdiff_t>(file_rows),
                                                     [](const CheckResult& c) { return Good(c.verdict); });
  const bool listed = has_key && Good(reg.verdict);
  const bool unlisted = has_key && reg.verdict == Verdict::kNotFixed;
  if (older != nullptr) {
    s.state = Installed::kNo;
    s.reason = Say(older);
    if (listed) {
      s.stale = true;
      s.reason = fmt::format("Stale: the hotfix list names {} but the files are older than the "
                             "fix, as when a service pack is re-applied after the fix and "
                             "replaces its files; reinstall it. {}",
                             reg.found.empty() ? pkg.id : reg.found.substr(0, reg.found.find(' ')),
                             s.reason);
    }
  } else if (proven != nullptr && !all_good) {
    // Partly verified: the package ships every file it lists ("these attributes or later"
    // for each), and one proven file may come from another package (MS00-040 ships only
    // Winlogon.exe), so the unproven files must be collected before the host counts as fixed.
    const CheckResult* open =
        FirstFileRow(s.checks, file_rows, [](Verdict v) { return !Good(v); });
    s.state = listed ? Installed::kListed : Installed::kUnknown;
    s.reason = fmt::format("Partly verified: {} But {} The package ships every file the knowledge "
                           "base lists, so it is not proven until each one is.{}",
                           Say(proven), Say(open),
                           listed ? fmt::format(" The hotfix list names {}.", pkg.detect.hotfix_key) : "");
    s.to_collect = open->to_collect.empty() ? CollectFromFiles(s.checks, file_rows, pkg, facts)
                                            : open->to_collect;
  } else if (proven != nullptr) {
    s.state = Installed::kYes;
    s.reason = "Every file check passed.";
    if (unlisted) {
      s.reason += fmt::format(" The hotfix list does not name {}: installed by a later package "
                              "or by hand?",
                              pkg.detect.hotfix_key);
    }
  } else if (listed) {
    s.state = Installed::kListed;
    s.reason = fmt::format(
        "Listed, not verified: {} No file proves it{}; a hotfix list can be stale (a service "
        "pack re-applied after the fix replaces its files), so collect the files.",
        reg.reason,
        pkg.files.empty() ? " (the knowledge base documents no file for it)"
        : weak != nullptr ? " (only a size or date agrees, which several builds share)"
                          : "");
    s.to_collect = CollectFromFiles(s.checks, file_rows, pkg, facts);
  } else if (unlisted) {
    s.state = Installed::kNo;
    s.reason = reg.reason + (weak != nullptr ? " The file sizes match, but size alone does not "
                                               "prove the build."
                                             : "");
  } else {
    s.state = Installed::kUnknown;
    const CheckResult* any =
        weak != nullptr ? weak : FirstFileRow(s.checks, file_rows, [](Verdict) { return true; });
    s.reason = any != nullptr ? Say(any) : reg.reason;
    if (s.reason.empty()) s.reason = "Nothing proves whether the package is installed.";
    s.to_collect = CollectFromFiles(s.checks, file_rows, pkg, facts);
    if (s.to_collect.empty() && has_key) s.to_collect = reg.to_collect;
  }
}

}  // namespace

bool IsSafeHostName(std::string_view host) noexcept {
  if (host.empty() || host.size() > 253) return false;
  size_t label = 0;
  char prev = '.';
  for (const char c : host) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (c == '.') {
      if (label == 0 || prev == '-') return false;
      label = 0;
    } else if (alnum || c == '-') {
      if (c == '-' && label == 0) return false;
      if (++label > 63) return false;
    } else {
      return false;
    }
    prev = c;
  }
  return label != 0 && prev != '-';
}

HostPlatform DecidePlatform(const kb::KnowledgeBase& kb, const inventory::HostFacts& facts) {
  HostPlatform out;
  for (const inventory::FileFact& f : facts.files) {
    const kb::Platform p = PlatformOf(f.arch);
    if (p == kb::Platform::kAny) continue;
    out.platform = p;
    out.how = fmt::format("PE machine type of {} ({})", f.name, SourceOf(f.from));
    return out;
  }
  if (const kb::Platform p = PlatformOf(facts.os.arch); p != kb::Platform::kAny) {
    out.platform = p;
    out.how = fmt::format("the host's system type ({})", facts.os.arch_from.empty()
                                                              ? SourceOf(facts.os.from)
                                                              : facts.os.arch_from);
    return out;
  }
  // A size documented for one platform's builds only (Winlogon.exe 275,216 bytes: Alpha).
  kb::Platform found = kb::Platform::kAny;
  for (const inventory::FileFact& f : facts.files) {
    if (!f.has_size) continue;
    std::set<kb::Platform> plats;
    for (const kb::Package& p : kb.packages()) {
      for (const kb::FileCheck& c : p.files) {
        if (c.size == f.size && c.platform != kb::Platform::kAny && ToLowerAscii(c.file) == f.name) {
          plats.insert(c.platform);
        }
      }
    }
    if (plats.size() != 1) continue;
    if (found == kb::Platform::kAny) {
      found = *plats.begin();
      out.how = fmt::format("{} is {} bytes, a size the knowledge base documents only for {} "
                            "builds ({})",
                            f.name, kb::FormatBytes(f.size), kb::PlatformName(found),
                            SourceOf(f.from));
    } else if (found != *plats.begin()) {
      return HostPlatform{};  // the files disagree: unknown
    }
  }
  out.platform = found;
  if (found == kb::Platform::kAny) out.how.clear();
  return out;
}

PackageState JudgePackage(const kb::KnowledgeBase& kb, const kb::Package& pkg,
                          const inventory::HostFacts& facts) {
  PackageState s;
  const inventory::OsFacts& os = facts.os;
  const std::string os_from = os.from.file.empty() && os.from.record_id == 0
                                  ? std::string("the host's OS facts")
                                  : SourceOf(os.from);
  if (pkg.detect.service_pack >= 0) return JudgeServicePack(pkg, os, os_from);
  if (pkg.detect.sp6a) return JudgeSp6a(pkg, facts, os_from);
  // Hotfixes and rollups: the files decide; the Hotfix list only qualifies.
  const std::string edition = HostEdition(facts);
  const HostPlatform plat = DecidePlatform(kb, facts);
  s.platform = plat.platform == kb::Platform::kAny ? "" : kb::PlatformName(plat.platform);
  s.platform_how = plat.how;
  s.checks = EvaluateFiles(pkg, facts, edition, plat);
  const size_t file_rows = s.checks.size();
  CheckResult reg;
  const bool has_key = !pkg.detect.hotfix_key.empty();
  if (has_key) {
    reg = EvaluateRegistryCheck(kb, pkg, facts);
    s.checks.push_back(reg);
  }
  DecideFromRows(pkg, facts, reg, has_key, file_rows, s);
  return s;
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

}  // namespace logrx::advisor
