// Reading Microsoft Knowledge Base articles (the kbarchive Markdown form, or the plain text
// as published) into facts: article number, "applies to" scope, event blocks, packages
// named in the resolution, file-attribute tables and cited articles.
//
//   Result<ParsedArticle> a = ParseArticleText(text, "articles/Q316772.md");
//   for (const EventBlock& e : a->events) ... e.source, e.event_id, e.description
//
// The reader works on the SHAPE of the articles (docs/kb-import.md lists what it reads), not
// on particular files. It fails only when no article number can be found; everything it
// cannot understand (a table row, an event block without an ID) is listed in `problems`
// with file:line and the rest is still read. Pure function of its input; thread-safe.
// The text is Microsoft's: callers keep only the facts these structs hold, never prose.
#ifndef LOGRX_KB_IMPORT_ARTICLE_H_
#define LOGRX_KB_IMPORT_ARTICLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "kb/model.h"

namespace logrx::kb::import {

struct ImportProblem {
  std::string file;
  uint32_t line = 0;     // 1-based line in the file; 0 = the whole file
  std::string reason;
  std::string ToString() const;  // "articles/Q1.md:12: reason"
};

// One event the article states ("Event ID: 1024 / Source: ClusSvc / ... / Description: ...").
struct EventBlock {
  uint32_t event_id = 0;
  std::string source;       // "" when the block names none
  std::string type;         // "Error", "Warning", "Information", ... as written
  std::string category;     // "(64)", "Content Engine", ...
  std::string log;          // "System", "Application", ... when stated
  std::string description;  // whitespace-normalised message text ("" when none)
  uint32_t line = 0;        // line of the Event ID
};

struct OsScope {
  std::string name;         // "Windows NT", "Windows 2000", "Windows XP", "Windows Server 2003"
  std::string version;      // NT version: "4.0", "3.51", "5.0", "5.1", "5.2"
  std::string edition;      // "Server", "Enterprise", "Workstation", "TSE", "Advanced Server", ...
  int min_sp = -1;          // "SP6a" -> 6; -1 = not stated (or also listed without one)
  int named_sp = -1;        // the highest service pack named for it (a hotfix's base); -1 none
};

struct ProductScope {
  std::string name;         // "Exchange Server"
  std::string version;      // "5.5" or ""
  int min_sp = -1;
};

// The knowledge base's own kinds (kb/model.h), written as its kind= names.
using PackageKind = ::logrx::kb::PackageKind;

// A package the article names as the fix.
struct PackageRef {
  std::string id;           // "Q299444", "NT4-SP6", "Q246009" (NT4 SP6a), "W2K-SP2", "EX55-SP4"
  PackageKind kind = PackageKind::kHotfix;
  int sp = -1;              // service packs: the number
  bool sp_a = false;        // NT4 SP6a
  std::string scope;        // service packs: "NT4", "W2K", "EX55", ...
  uint32_t line = 0;
};

struct FileRow {
  std::string name;         // "Winlogon.exe"
  std::string platform;     // "Intel", "Alpha", "x64", "" when not stated
  std::string version;      // "4.0.1381.7103" or ""
  std::string date;         // "2000-04-04" or ""
  uint64_t size = 0;        // 0 = not stated
  uint32_t line = 0;
};

struct FileTable {
  std::string package;      // id of the package it belongs to (set by ParseArticleText)
  std::string component;    // "Message Transfer Agent (MTA)" when a "Component:" line says so
  std::vector<FileRow> rows;
  uint32_t line = 0;        // line of the header
};

struct ParsedArticle {
  std::string file;
  std::string number;       // "316772" (no Q, no leading zeros removed)
  bool has_applies_to = false;
  std::vector<OsScope> os;
  std::vector<ProductScope> products;
  std::vector<EventBlock> events;
  std::vector<PackageRef> packages;   // in the order the article names them, unique ids
  std::vector<FileTable> tables;
  std::vector<std::string> related;   // cited article numbers ("259042"), unique, in order
  std::vector<ImportProblem> problems;
  std::string QId() const { return "Q" + number; }
  std::string KbId() const { return "KB" + number; }
};

// Parses one article. `file` is used in problems. Fails (InvalidArgument, "file: ...") only
// when the text has no article number; a file over 4 MiB is refused (Limit).
Result<ParsedArticle> ParseArticleText(std::string_view text, const std::string& file);

// Prerequisites a package article states (the cited article, e.g. referenced/Q299444.md):
// the service packs its "applies to" lines all require, or "requires ... Service Pack 6a".
// Returns service-pack PackageRefs (Q246009 for NT4 SP6a), empty when none is stated.
std::vector<PackageRef> StatedPrerequisites(const ParsedArticle& package_article,
                                            std::string_view text);

// "Windows NT 4.0 Service Pack 6a" -> {id "Q246009", sp 6, sp_a}; "Windows 2000 SP2" ->
// "W2K-SP2"; false when `product` is not one logrx names service packs for.
bool ServicePackRef(std::string_view product, int sp, bool sp_a, PackageRef& out);

}  // namespace logrx::kb::import

#endif  // LOGRX_KB_IMPORT_ARTICLE_H_
