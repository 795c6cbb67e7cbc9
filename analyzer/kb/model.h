// The knowledge-base data model: articles (symptoms, causes, fixes), packages (service
// packs, rollups, hotfixes with prerequisites, supersedence, detection) and file checks.
//
//   const Article* a = kb.FindArticle("KB316772");
//   for (const Cause& c : a->causes) for (const FixRef& f : c.fix) kb.FindPackage(f.package);
//
// Plain owned values built by KnowledgeBase::Load (kb/knowledge_base.cc) and frozen after.
// Every element remembers where it was written (`where`) so checks and explain can cite
// "kb/nt4.xml:42". The XML grammar is documented in docs/kb.md.
#ifndef LOGRX_KB_MODEL_H_
#define LOGRX_KB_MODEL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace logrx::kb {

// file:line of an element in a KB file (line is 1-based).
struct KbLoc {
  std::string file;
  uint32_t line = 0;
  std::string ToString() const;  // "kb/nt4.xml:42"
};

// An event that shows the problem ("ClusSvc 1024").
struct Symptom {
  std::string source;       // "ClusSvc" (event source / provider)
  uint32_t event_id = 0;    // 0 when the symptom is not an event
  std::string text;         // what the admin sees, in our words
  KbLoc where;
};

// A package that fixes a cause. `edition` narrows it to one OS edition ("NT4-TSE").
struct FixRef {
  std::string package;      // "Q299444"
  std::string edition;      // "" = any edition; else a token from Package::os
  KbLoc where;
};

// A registry key (and optionally a value under it) that an article names for a cause, as
// the events of that cause write it ("SYSTEM\ControlSet001\Services\MSExchangeIMC\Diagnostics").
// `kb check` reports a listed key that no match example of the article's rules exercises.
struct ListedKey {
  std::string path;         // without HKEY_LOCAL_MACHINE\ (either way is accepted)
  std::string value;        // value name, or empty for the key itself
  KbLoc where;
};

struct Cause {
  std::string id;           // "winlogon-holds-keys"; single-cause articles use "main"
  std::string title;
  std::string summary;      // what goes wrong
  std::string evidence;     // what tells this cause apart from the article's siblings
  std::vector<FixRef> fix;  // packages (alternatives per edition), may be empty
  std::string procedure;    // steps to follow when the fix is (also) a procedure
  bool informational = false;  // nothing to act on (disambiguation, expected event)
  std::vector<ListedKey> keys;  // registry keys the article names for this cause
  KbLoc where;
};

// Where an article applies (common.md "KB applicability grammar"; docs/kb.md).
// <os version="4.0" name="Windows NT" edition="Server|Enterprise" min-sp="3" max-sp="6"/>
struct OsScope {
  std::string version;            // NT version "4.0", "6.1", "10.0"
  std::string name;               // "Windows NT" (display only)
  std::vector<std::string> editions;  // "Server", "Enterprise", "Workstation", "TSE"; empty = any
  int min_sp = -1;                // -1 = not given
  int max_sp = -1;
  KbLoc where;
};

// <product name="Exchange Server" version="5.5" min-sp="1"/>: a condition on the host.
struct ProductScope {
  std::string name;
  std::string version;
  int min_sp = -1;
  KbLoc where;
};

struct AppliesTo {
  bool stated = false;            // false: the article has no <applies-to> (scope unknown)
  std::vector<OsScope> os;        // any one fits; empty with stated = no OS condition
  std::vector<ProductScope> products;
  KbLoc where;
};

struct Article {
  std::string id;           // "KB316772"
  std::string title;
  std::string summary;
  std::vector<Symptom> symptoms;
  std::vector<Cause> causes;
  std::vector<std::string> related;  // other article ids
  std::vector<KbLoc> related_where;  // parallel to `related`
  AppliesTo applies_to;
  bool imported = false;             // written by `logrx kb import` (docs/kb-import.md)
  KbLoc where;

  const Cause* FindCause(const std::string& cause_id) const noexcept;
};

enum class PackageKind : uint8_t { kServicePack, kRollup, kHotfix, kUpdate };
// "service-pack", "rollup", "hotfix", "update": the KB file's kind="..." and the reports'.
const char* PackageKindName(PackageKind k) noexcept;
// The inverse of PackageKindName (exact, lower case); false leaves `out` unchanged.
bool ParsePackageKind(std::string_view name, PackageKind& out) noexcept;

enum class Platform : uint8_t { kAny, kIntel, kAlpha, kX64 };
const char* PlatformName(Platform p) noexcept;  // "any", "Intel", "Alpha", "x64"

// Calendar date (local build date as the articles print it). 0 = not set.
struct Date {
  int year = 0, month = 0, day = 0;
  bool set() const noexcept { return year != 0; }
  int Compare(const Date& o) const noexcept;  // <0, 0, >0
  std::string ToString() const;               // "2000-04-04"
};

// One file a package installs, with what proves the installed copy is at least this
// build. Several builds share a size (docs/kb.md "weak sizes"), so size alone never
// proves a fix: `weak_size` marks such sizes.
struct FileCheck {
  std::string file;          // "Winlogon.exe" as the article writes it
  Platform platform = Platform::kAny;
  std::string os;            // "NT4", "NT4-TSE" (empty = the package's scope)
  std::string min_version;   // "4.0.1381.7103" (dotted numbers), or empty
  Date min_date;             // the fix build's date ("or later")
  uint64_t size = 0;         // bytes of the fix build, 0 = not given
  bool weak_size = false;    // this size is shared by other (older) builds
  std::string kernel;        // "UP", "MP" or "" when the same file serves both
  KbLoc where;
};

struct Detection {
  std::string hotfix_key;    // "Q299444": HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Hotfix\<key>
  int service_pack = -1;     // installed when the OS reports at least this SP
  bool sp6a = false;         // installed when SP6a is proven (Hotfix\Q246009 or "6a")
  bool inferred_key = false; // the article does not state the key (Hotfix.exe convention)
};

struct Package {
  std::string id;            // "Q299444", "NT4-SP6", "EX55-SP2"
  std::string name;          // "Post-SP6a Security Rollup Package"
  PackageKind kind = PackageKind::kHotfix;
  std::string released;      // "2001-07-26" or ""
  std::vector<Platform> platforms;
  std::vector<std::string> os;        // "NT4", "NT4-TSE", "EX55"
  std::vector<std::string> requires_; // prerequisite package ids, in install order
  std::vector<KbLoc> requires_where;
  std::vector<std::string> supersedes;  // packages this one replaces or includes
  std::vector<KbLoc> supersedes_where;
  std::string article;       // the article describing the package ("KB299444")
  std::string notes;
  bool imported = false;     // written by `logrx kb import`; a hand-written package of the same id wins
  Detection detect;
  std::vector<FileCheck> files;
  KbLoc where;
};

}  // namespace logrx::kb

#endif  // LOGRX_KB_MODEL_H_
