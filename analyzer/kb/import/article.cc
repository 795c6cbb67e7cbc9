// Article reader: see article.h. Works line by line on the article body; every regex is
// RE2 (linear time, no backtracking on hostile text).
#include "kb/import/article.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <utility>

#include <fmt/format.h>
#include <re2/re2.h>

#include "core/strings.h"

namespace logrx::kb::import {

std::string ImportProblem::ToString() const {
  if (line == 0) return fmt::format("{}: {}", file, reason);
  return fmt::format("{}:{}: {}", file, line, reason);
}

namespace {

constexpr size_t kMaxArticleBytes = 4u << 20;

struct Line {
  std::string text;  // tabs turned into spaces, trailing blanks removed
  uint32_t no = 0;   // 1-based line in the file
  std::string section;  // "SYMPTOMS", "RESOLUTION", ... ("" before the first heading)
};

size_t Indent(const std::string& s) {
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return i;
}

// Splits into lines; Markdown form: drops the front matter, keeps the text between
// {% raw %} and {% endraw %} and removes the one-tab indent. Returns the front-matter title.
std::vector<Line> BodyLines(std::string_view text, std::string& fm_title) {
  std::vector<std::string> raw;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view l = text.substr(start, nl - start);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    raw.emplace_back(l);
    if (nl == text.size()) break;
    start = nl + 1;
  }
  size_t first = 0, last = raw.size();
  bool markdown = false;
  if (!raw.empty() && Trim(raw[0], kAsciiSpace) == "---") {
    for (size_t i = 1; i < raw.size(); ++i) {
      if (Trim(raw[i], kAsciiSpace) == "---") { first = i + 1; break; }
      std::string_view l = Trim(raw[i], kAsciiSpace);
      if (l.substr(0, 6) == "title:") fm_title = std::string(Trim(l.substr(6), kAsciiSpace));
    }
  }
  for (size_t i = first; i < raw.size(); ++i) {
    if (Trim(raw[i], kAsciiSpace) == "{% raw %}") { first = i + 1; markdown = true; break; }
  }
  if (markdown) {
    for (size_t i = first; i < raw.size(); ++i) {
      if (Trim(raw[i], kAsciiSpace) == "{% endraw %}") { last = i; break; }
    }
  }
  std::vector<Line> out;
  for (size_t i = first; i < last; ++i) {
    std::string l = raw[i];
    if (markdown && !l.empty() && l[0] == '\t') l.erase(0, 1);
    std::string t;
    for (char c : l) {
      if (c == '\t') t += "    ";
      else t += c;
    }
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
    out.push_back({std::move(t), static_cast<uint32_t>(i + 1), {}});
  }
  // Sections: a heading line followed by a line of '=' (or '-' of the same length).
  std::string section;
  for (size_t i = 0; i < out.size(); ++i) {
    if (i + 1 < out.size()) {
      std::string_view h = Trim(out[i].text, kAsciiSpace), u = Trim(out[i + 1].text, kAsciiSpace);
      if (!h.empty() && h.size() < 40 && u.size() >= 3 && u.find_first_not_of('=') == std::string_view::npos) {
        section = ToUpperAscii(h);
      }
    }
    out[i].section = section;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Applies to

struct OsName { const char* needle; const char* name; const char* version; };
constexpr OsName kOsNames[] = {
    {"windows server 2003", "Windows Server 2003", "5.2"},
    {"windows .net server", "Windows Server 2003", "5.2"},
    {"windows xp", "Windows XP", "5.1"},
    {"windows 2000", "Windows 2000", "5.0"},
    {"windows nt", "Windows NT", ""},
};

int SpOf(std::string_view s) {
  static const RE2 re(R"((?i)\b(?:SP|Service Pack)\s*(\d{1,2})a?\b)");  // 0..99, as the KB reads it
  int sp = -1;
  if (RE2::PartialMatch(s, re, &sp)) return sp;
  return -1;
}

std::string EditionOf(const std::string& low) {
  if (low.find("terminal server") != std::string::npos) return "TSE";
  if (low.find("enterprise") != std::string::npos) return "Enterprise";
  if (low.find("datacenter") != std::string::npos) return "Datacenter Server";
  if (low.find("advanced server") != std::string::npos) return "Advanced Server";
  if (low.find("workstation") != std::string::npos) return "Workstation";
  if (low.find("professional") != std::string::npos) return "Professional";
  if (low.find("server") != std::string::npos) return "Server";
  return "";
}

// What an "applies to" item names, as the article writes it: a product or an OS ("Microsoft
// Exchange Server, version 5.5"), an OS named as such ("the operating system: Microsoft
// Windows 2000"), or hardware ("the hardware: Intel x86").
enum class AppliesKind : uint8_t { kAny, kOs, kHardware };

// The item reduced to the name it gives: "Microsoft " and an "the operating system:" or
// "the hardware:" label dropped (the label goes to `kind`), and cut before a trailing
// "on platform(s):" / "used with:" (the nested items that follow qualify this one) or
// "Service Release N (SR-N)".
std::string NormalizeAppliesItem(std::string_view item, AppliesKind& kind) {
  std::string s = CollapseSpace(item, kAsciiSpace);
  static const RE2 label(R"((?i)^the (operating system|hardware)\s*:\s*)");
  std::string what;
  kind = AppliesKind::kAny;
  re2::StringPiece rest(s);
  if (RE2::Consume(&rest, label, &what)) {
    kind = ToLowerAscii(what) == "hardware" ? AppliesKind::kHardware : AppliesKind::kOs;
    s = std::string(rest.data(), rest.size());
  }
  if (s.rfind("Microsoft ", 0) == 0) s.erase(0, 10);
  static const RE2 tail(R"((?i)^(.*?)\s*,?\s*(?:on platform\(s\)\s*:|used with\s*:|service release \d+(?:\s*\(SR-?\d+\))?)\s*$)");
  std::string head;
  if (RE2::FullMatch(s, tail, &head)) s = head;
  return s;
}

// A product name starts with a capital letter or a digit and is not a sentence or a
// labelled phrase ("The file-copy process stops.", "the hardware: DEC Alpha").
bool IsProductName(std::string_view name) {
  if (name.empty() || name.find(':') != std::string_view::npos || name.back() == '.') return false;
  const unsigned char first = static_cast<unsigned char>(name.front());
  return std::isupper(first) || std::isdigit(first);
}

// "Windows 95", "Windows versions 2000, 2000 SP1 Advanced Server": an OS, not a product. An
// <os> for each version logrx knows (`versions`: what follows "Windows", comma-separated;
// `low`: the whole item in lower case, for the edition), with the lowest service pack
// listed as min-sp (none when a version is listed without one); Windows 95/98/Me give
// nothing.
void AddWindowsOs(std::string_view versions, const std::string& low, ParsedArticle& a) {
  static const RE2 word(R"((\w+))");
  std::vector<std::pair<const OsName*, int>> found;  // OS, lowest SP (0: none named)
  while (!versions.empty()) {
    const size_t comma = std::min(versions.find(','), versions.size());
    const std::string_view piece = versions.substr(0, comma);
    versions.remove_prefix(std::min(comma + 1, versions.size()));
    re2::StringPiece rest(piece.data(), piece.size());
    std::string w;
    while (RE2::FindAndConsume(&rest, word, &w)) {
      const std::string needle = "windows " + ToLowerAscii(w);
      for (const OsName& o : kOsNames) {
        if (needle != o.needle || o.version[0] == '\0') continue;
        const int sp = std::max(SpOf(piece), 0);
        auto it = std::find_if(found.begin(), found.end(), [&o](const auto& f) { return f.first == &o; });
        if (it == found.end()) {
          found.emplace_back(&o, sp);
        } else {
          it->second = std::min(it->second, sp);
        }
      }
    }
  }
  for (const auto& [o, sp] : found) {
    const int min_sp = sp == 0 ? -1 : sp;
    a.os.push_back(OsScope{o->name, o->version, EditionOf(low), min_sp, min_sp});
  }
}

// One NT version an "applies to" item lists: the lowest service pack listed for it (-1: the
// version is also listed without one) and the highest one named (-1: none).
struct NtVersion {
  std::string version;
  int min_sp = -1;
  int named_sp = -1;
};

// Comma-separated pieces: "versions 4.0, 4.0 SP4" is 4.0 from SP0 on (not from SP4), naming
// SP4; "4.0 Service Pack 1, 2, and 3" is 4.0 from SP1 (a piece that names a service pack but
// no version qualifies the version before it); "4.00" is 4.0.
std::vector<NtVersion> NtVersionsOf(std::string_view item) {
  static const RE2 ver(R"(\b(3\.1|3\.51|3\.5|4\.0)0?\b)");
  static const RE2 bare_number(R"(^\s*(?:and\s+|or\s+)?(\d{1,2})a?\b)");
  std::vector<NtVersion> found;
  std::vector<std::pair<size_t, int>> mentions;  // index in `found`, SP named (-1: none)
  while (!item.empty()) {
    const size_t comma = std::min(item.find(','), item.size());
    const std::string_view piece = item.substr(0, comma);
    item.remove_prefix(std::min(comma + 1, item.size()));
    const int sp = SpOf(piece);
    re2::StringPiece rest(piece.data(), piece.size());
    std::string v;
    bool named = false;
    while (RE2::FindAndConsume(&rest, ver, &v)) {
      named = true;
      auto it = std::find_if(found.begin(), found.end(), [&v](const NtVersion& f) { return f.version == v; });
      if (it == found.end()) it = found.insert(found.end(), NtVersion{v, -1, -1});
      mentions.emplace_back(static_cast<size_t>(it - found.begin()), sp);
    }
    if (named || mentions.empty()) continue;
    // No version: "SP5" or, after a service pack, "2" / "and 3" qualify the version before.
    int more = sp;
    if (more < 0 && mentions.back().second >= 0) {
      RE2::PartialMatch(piece, bare_number, &more);
    }
    if (more >= 0) mentions.emplace_back(mentions.back().first, more);
  }
  std::vector<bool> seen(found.size(), false);
  for (const auto& [index, sp] : mentions) {
    NtVersion& n = found[index];
    n.named_sp = std::max(n.named_sp, sp);
    n.min_sp = !seen[index] ? sp : (sp < 0 || n.min_sp < 0) ? -1 : std::min(n.min_sp, sp);
    seen[index] = true;
  }
  return found;
}

void AddAppliesLine(std::string_view item, ParsedArticle& a) {
  AppliesKind kind = AppliesKind::kAny;
  const std::string s = NormalizeAppliesItem(item, kind);
  if (kind == AppliesKind::kHardware || s.empty() || s.size() > 200) return;
  const std::string low = ToLowerAscii(s);
  const int sp = SpOf(s);
  for (const OsName& o : kOsNames) {
    const size_t at = low.find(o.needle);
    if (at != 0) continue;
    const std::string edition = EditionOf(low.substr(std::string_view(o.needle).size()));
    if (o.version[0] != '\0') {
      a.os.push_back(OsScope{o.name, o.version, edition, sp, sp});
      return;
    }
    // "Windows NT" without a version: scope not stated, nothing added.
    for (const NtVersion& n : NtVersionsOf(s)) {
      a.os.push_back(OsScope{o.name, n.version, edition, n.min_sp, n.named_sp});
    }
    return;
  }
  // An OS logrx has no <os> for (Windows 95, Millennium Edition) gives no scope.
  if (kind == AppliesKind::kOs) return;
  // A product: "<name>[,] version[s] 5.5[, 6.0]" or "<name> 5.5".
  static const RE2 with_version(R"(^(.*?),?\s+versions?\s+(.*)$)");
  static const RE2 trailing(R"(^(.*?)\s+(\d+(?:\.\d+)*[a-z]?)(?:\s+.*)?$)");
  std::string name, vers;
  if (!RE2::FullMatch(s, with_version, &name, &vers)) {
    if (!RE2::FullMatch(s, trailing, &name, &vers)) { name = s; vers.clear(); }
  }
  name = std::string(Trim(name, kAsciiSpace));
  while (!name.empty() && (name.back() == ',' || name.back() == ';')) name.pop_back();
  if (name.size() > 80 || !IsProductName(name)) return;
  if (ToLowerAscii(name) == "windows") {
    AddWindowsOs(vers, low, a);
    return;
  }
  static const RE2 num(R"((\d+(?:\.\d+)+|\b\d+\b))");
  re2::StringPiece rest(vers);
  std::string v;
  bool any = false;
  while (RE2::FindAndConsume(&rest, num, &v)) {
    if (SpOf(vers) >= 0 && (std::string(vers).find("SP" + v) != std::string::npos)) continue;
    a.products.push_back({name, v, sp});
    any = true;
  }
  if (!any) a.products.push_back({name, "", sp});
}

void ReadAppliesTo(const std::vector<Line>& lines, ParsedArticle& a) {
  static const RE2 head(R"((?i)^\s*(?:the information in this article applies to:?|applies to:?)\s*$)");
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!RE2::FullMatch(lines[i].text, head)) continue;
    a.has_applies_to = true;
    std::string item;
    size_t item_indent = 0;
    size_t list_indent = std::string::npos;  // indent of the list's own bullets
    std::string parent;  // the last item at the list's own indent
    bool nested = false;  // in a nested item: it qualifies `parent`, it is not an entry
    auto flush = [&a, &item] {
      if (!item.empty()) AddAppliesLine(item, a);
      item.clear();
    };
    for (size_t j = i + 1; j < lines.size(); ++j) {
      const std::string& l = lines[j].text;
      std::string_view t = Trim(l, kAsciiSpace);
      if (t.empty()) { if (!item.empty()) flush(); continue; }
      if (t.find_first_not_of("-=_") == std::string_view::npos) break;
      if (t.rfind("- ", 0) == 0 || t.rfind("\xE2\x80\xA2", 0) == 0 || t.rfind("* ", 0) == 0) {
        flush();
        t.remove_prefix(t[0] == '\xE2' ? 3 : 2);
        item_indent = Indent(l);
        if (list_indent == std::string::npos) list_indent = item_indent;
        // "SNA Server 2.0, on platform(s):" / "Outlook 97, used with:" and, indented below,
        // the platforms or products it runs on.
        nested = item_indent > list_indent && !parent.empty() && parent.back() == ':';
        if (nested) continue;
        item = std::string(Trim(t, kAsciiSpace));
        parent = item;
      } else if ((nested || !item.empty()) && Indent(l) > item_indent) {
        if (nested) continue;
        item += ' ';
        item += std::string(t);
        parent = item;
      } else {
        break;
      }
    }
    flush();
    return;
  }
}

// ---------------------------------------------------------------------------------------
// Event blocks

enum class Field : uint8_t { kNone, kId, kSource, kType, kCategory, kDescription, kLog, kData, kOther };

// Recognises "Label: value" at the start of a trimmed line.
Field LabelOf(std::string_view t, std::string& value, bool& had_colon) {
  static const RE2 label(
      R"((?i)^(?:-\s*)?(event\s*id|event\s*identifier|id|event\s*source|source\s*name|source|event\s*type|type|level|event\s*category|category|description|event\s*description|message|log\s*name|event\s*log|log|data(?:\s*\((?:words|bytes)\))?|date|time|user|computer|keywords|task\s*category)\s*:\s*(.*)$)");
  std::string name;
  if (!RE2::FullMatch(t, label, &name, &value)) {
    // "Event ID 1024", "EventID 7000", "Event 1012" (no colon), "Event ID 1024:"
    static const RE2 id_nocolon(R"((?i)^(?:-\s*)?event\s*(?:id)?\s+(\d+)\b:?\s*(.*)$)");
    std::string num, rest;
    if (RE2::FullMatch(t, id_nocolon, &num, &rest)) {
      value = num + (rest.empty() ? "" : " " + rest);
      had_colon = false;
      return Field::kId;
    }
    // "Event: 1024"
    static const RE2 ev_colon(R"((?i)^(?:-\s*)?event\s*:\s*(\d+\b.*)$)");
    if (RE2::FullMatch(t, ev_colon, &value)) { had_colon = true; return Field::kId; }
    return Field::kNone;
  }
  had_colon = true;
  std::string n = ToLowerAscii(CollapseSpace(name, kAsciiSpace));
  n.erase(std::remove(n.begin(), n.end(), ' '), n.end());
  if (n == "eventid" || n == "eventidentifier" || n == "id") return Field::kId;
  if (n == "eventsource" || n == "sourcename" || n == "source") return Field::kSource;
  if (n == "eventtype" || n == "type" || n == "level") return Field::kType;
  if (n == "eventcategory" || n == "category" || n == "taskcategory") return Field::kCategory;
  if (n == "description" || n == "eventdescription" || n == "message") return Field::kDescription;
  if (n == "logname" || n == "eventlog" || n == "log") return Field::kLog;
  if (n.rfind("data", 0) == 0) return Field::kData;
  return Field::kOther;
}

struct BlockBuilder {
  EventBlock ev;
  bool has_id = false, has_source = false, in_data = false;
  bool has_fields = false;
  Field last = Field::kNone;
  std::string desc;
};

// Control characters become spaces and bytes that are not UTF-8 become '?': what is kept
// must be valid XML text, the same in the pattern as in the rule's example.
std::string CleanText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += (c < 0x20 || c == 0x7f) ? ' ' : static_cast<char>(c);
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1Fu; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0Fu; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07u; }
    bool ok = len != 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      ok = (cc & 0xC0) == 0x80;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    ok = ok && cp >= kMin[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0xFFFE && cp != 0xFFFF;
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += '?';
      ++i;
    }
  }
  return out;
}

void FinishBlock(BlockBuilder& b, ParsedArticle& a, const std::string& file) {
  if (!b.has_fields) return;
  if (!b.has_id) {
    if (b.has_source) {
      a.problems.push_back({file, b.ev.line, "event block with a source but no event ID"});
    }
    return;
  }
  b.ev.description = CollapseSpace(CleanText(b.desc), kAsciiSpace);
  b.ev.source = CleanText(b.ev.source);
  b.ev.type = CollapseSpace(CleanText(b.ev.type), kAsciiSpace);
  b.ev.category = CollapseSpace(CleanText(b.ev.category), kAsciiSpace);
  b.ev.log = CollapseSpace(CleanText(b.ev.log), kAsciiSpace);
  a.events.push_back(std::move(b.ev));
}

// Parses "1024", "1024 netlogon", "1024, Service Control Manager", "94: text",
// "1024 Source: X". Returns false when no number.
bool ReadIdValue(std::string_view v, bool had_colon, BlockBuilder& b, std::string& inline_rest) {
  static const RE2 num(R"(^\s*(\d{1,5})\b\s*(.*)$)");
  std::string n, rest;
  if (!RE2::FullMatch(v, num, &n, &rest)) return false;
  const unsigned long id = std::strtoul(n.c_str(), nullptr, 10);
  if (id > 65535) return false;
  b.ev.event_id = static_cast<uint32_t>(id);
  b.has_id = true;
  rest = std::string(Trim(rest, kAsciiSpace));
  inline_rest.clear();
  if (rest.empty()) return true;
  if (rest[0] == ',' || rest[0] == '-') {
    // "Event ID 650, SNA Server, Warning, text" / "Event ID 7000, Service Control Manager"
    rest = std::string(Trim(std::string_view(rest).substr(1), kAsciiSpace));
    static const RE2 src_label(R"((?i)^source\s*:\s*(.*)$)");
    std::string s;
    if (RE2::FullMatch(rest, src_label, &s)) rest = s;
    const size_t comma = rest.find(", ");
    std::string src = std::string(Trim(rest.substr(0, comma), kAsciiSpace));
    std::string after = comma == std::string::npos ? "" : std::string(Trim(rest.substr(comma + 2), kAsciiSpace));
    static const RE2 type_first(R"((?i)^(error|warning|information|informational)\s*(?:,\s*(.*))?$)");
    std::string type, text;
    if (!after.empty() && RE2::FullMatch(after, type_first, &type, &text)) {
      b.ev.type = type;
      after = text;
    }
    if (!after.empty()) inline_rest = after;
    if (!src.empty()) { b.ev.source = src; b.has_source = true; }
    return true;
  }
  if (rest[0] == ':' || rest[0] == '.') {
    rest = std::string(Trim(std::string_view(rest).substr(1), kAsciiSpace));
    if (!rest.empty()) inline_rest = rest;  // description on the same line
    return true;
  }
  if (rest.find(':') != std::string::npos) { inline_rest = "\x01" + rest; return true; }  // more labels
  if (!had_colon && rest.find(' ') == std::string::npos && rest.size() < 40) {
    b.ev.source = rest;  // "Event ID 5719 netlogon"
    b.has_source = true;
  }
  return true;
}

// A source is a short name ("ClusSvc", "Service Control Manager", "MSExchangeIS Private",
// "Microsoft-Windows-Kernel-General"). Anything else (prose, a message written where the
// source should be) is not a source: the block then counts as having none.
void CleanSource(EventBlock& e, ParsedArticle& a) {
  std::string src = e.source;
  const size_t gap = src.find("  ");  // "MSExchangeMTA  Field Engineering": two columns
  if (gap != std::string::npos) src.resize(gap);
  src = CollapseSpace(src, kAsciiSpace);
  while (!src.empty() && (src.back() == '.' || src.back() == ',' || src.back() == ';')) src.pop_back();
  static const RE2 trailing_type(R"((?i)^(.+?)\s+(error|warning|information|event)$)");
  std::string head, type;
  if (RE2::FullMatch(src, trailing_type, &head, &type)) {
    if (e.type.empty() && ToLowerAscii(type) != "event") e.type = type;
    src = head;
  }
  static const RE2 name(R"(^[A-Za-z][A-Za-z0-9_.\-/]*(?: [A-Za-z0-9_.\-/&]+){0,3}$)");
  if (!src.empty() && (!RE2::FullMatch(src, name) || src.size() > 60)) {
    a.problems.push_back({a.file, e.line, "source is not a name: left out"});
    src.clear();
  }
  e.source = src;
}

void ReadEvents(const std::vector<Line>& lines, ParsedArticle& a) {
  BlockBuilder b;
  bool open = false;
  size_t block_indent = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i].text;
    std::string_view t = Trim(l, kAsciiSpace);
    if (t.empty()) {
      if (open && b.has_id && b.last == Field::kDescription && Trim(b.desc, kAsciiSpace).empty()) continue;  // "Description:" then blank
      if (open && b.desc.empty()) {
        // "Category: X", a blank line, then "Description: ..." (or another field) of the same
        // block: the block goes on.
        size_t k = i + 1;
        while (k < lines.size() && Trim(lines[k].text, kAsciiSpace).empty()) ++k;
        if (k < lines.size() && k - i <= 2 && Indent(lines[k].text) >= block_indent) {
          std::string v;
          bool c = false;
          const Field nf = LabelOf(Trim(lines[k].text, kAsciiSpace), v, c);
          const bool same_block = nf == Field::kDescription || nf == Field::kCategory || nf == Field::kLog ||
                                  nf == Field::kOther || (nf == Field::kType && b.ev.type.empty()) ||
                                  (nf == Field::kSource && !b.has_source);
          if (same_block) continue;
        }
      }
      if (open) { FinishBlock(b, a, a.file); b = BlockBuilder(); open = false; }
      continue;
    }
    std::string value;
    bool colon = false;
    Field f = LabelOf(t, value, colon);
    // Several labels on one line ("Event ID: 1024 Source: ClusSvc"): split at the labels.
    std::vector<std::pair<Field, std::string>> parts;
    if (f != Field::kNone) {
      static const RE2 inner(R"((?i)^(.*?)\s+(source|type|category|description)\s*:\s*(.*)$)");
      std::string before, lab, after;
      Field cur = f;
      std::string curv = value;
      while (cur != Field::kDescription && RE2::FullMatch(curv, inner, &before, &lab, &after)) {
        parts.emplace_back(cur, before);
        bool c2 = true;
        std::string v2;
        cur = LabelOf(lab + ": " + after, v2, c2);
        curv = v2;
      }
      parts.emplace_back(cur, curv);
    }
    if (f == Field::kNone) {
      if (!open) continue;  // prose
      if (b.in_data) continue;
      // Unlabelled text inside a block: the description (wrapped, or written without a label).
      if (b.last == Field::kSource && !b.has_id) continue;
      if (!b.desc.empty()) b.desc += ' ';
      b.desc += std::string(t);
      b.last = Field::kDescription;
      continue;
    }
    for (auto& [field, v] : parts) {
      const bool repeat = (field == Field::kId && b.has_id) || (field == Field::kSource && b.has_source);
      if (open && repeat) { FinishBlock(b, a, a.file); b = BlockBuilder(); open = false; }
      if (!open) {
        // A block starts at an event ID, or at a source/type line of an Event Viewer copy.
        if (field != Field::kId && field != Field::kSource && field != Field::kType) break;
        open = true;
        block_indent = Indent(l);
        b.ev.line = lines[i].no;
      }
      b.has_fields = true;
      b.last = field;
      switch (field) {
        case Field::kId: {
          std::string inl;
          if (!ReadIdValue(v, colon, b, inl)) { b.last = Field::kOther; break; }
          b.ev.line = lines[i].no;
          if (!inl.empty() && inl[0] != '\x01') { b.desc = inl; b.last = Field::kDescription; }
          break;
        }
        case Field::kSource: b.ev.source = std::string(Trim(v, kAsciiSpace)); b.has_source = !b.ev.source.empty(); break;
        case Field::kType: b.ev.type = std::string(Trim(v, kAsciiSpace)); break;
        case Field::kCategory: b.ev.category = std::string(Trim(v, kAsciiSpace)); break;
        case Field::kLog: b.ev.log = std::string(Trim(v, kAsciiSpace)); break;
        case Field::kDescription: b.desc = std::string(Trim(v, kAsciiSpace)); b.in_data = false; break;
        case Field::kData: b.in_data = true; break;
        default: break;
      }
    }
  }
  if (open) FinishBlock(b, a, a.file);
  for (EventBlock& e : a.events) CleanSource(e, a);
}

// ---------------------------------------------------------------------------------------
// Packages

bool ProductToken(std::string_view product, std::string& token) {
  const std::string low = ToLowerAscii(CollapseSpace(product, kAsciiSpace));
  if (low.find("exchange") != std::string::npos) {
    if (low.find("5.5") != std::string::npos) { token = "EX55"; return true; }
    if (low.find("5.0") != std::string::npos) { token = "EX50"; return true; }
    if (low.find("2000") != std::string::npos) { token = "EX2000"; return true; }
    return false;
  }
  if (low.find("sql server") != std::string::npos) {
    if (low.find("7.0") != std::string::npos) { token = "SQL7"; return true; }
    if (low.find("6.5") != std::string::npos) { token = "SQL65"; return true; }
    if (low.find("2000") != std::string::npos) { token = "SQL2000"; return true; }
    return false;
  }
  if (low.find("windows 2000") != std::string::npos) { token = "W2K"; return true; }
  if (low.find("windows xp") != std::string::npos) { token = "WXP"; return true; }
  if (low.find("windows nt") != std::string::npos) {
    if (low.find("3.51") != std::string::npos) { token = "NT351"; return true; }
    if (low.find("4.0") != std::string::npos) { token = "NT4"; return true; }
    return false;
  }
  return false;
}

void AddPackage(ParsedArticle& a, PackageRef p) {
  for (const PackageRef& q : a.packages) {
    if (q.id == p.id) return;
  }
  a.packages.push_back(std::move(p));
}

bool IsFixSection(const std::string& s) {
  return s == "RESOLUTION" || s == "STATUS" || s == "WORKAROUND";
}

// Service packs named as fixes ("... Windows NT 4.0 Service Pack 4", "Exchange Server 5.5 SP3").
void ReadServicePacks(const std::vector<Line>& lines, ParsedArticle& a) {
  static const RE2 sp(
      R"((?i)((?:Microsoft\s+)?(?:Windows\s+NT(?:\s+(?:Server|Workstation))?(?:\s+version)?\s+(?:3\.51|4\.0)|Windows\s+2000|Windows\s+XP|Exchange(?:\s+Server)?(?:\s+version)?\s+(?:5\.5|5\.0|2000)|Exchange\s+2000(?:\s+Server)?|SQL\s+Server(?:\s+version)?\s+(?:6\.5|7\.0|2000)))\s+(?:Service\s+Pack|SP)\s*(\d{1,2})(a?)\b)");
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!IsFixSection(lines[i].section)) continue;
    // Join with the next line: names wrap.
    std::string joined = lines[i].text + (i + 1 < lines.size() ? " " + lines[i + 1].text : "");
    joined = CollapseSpace(joined, kAsciiSpace);
    static const RE2 cite_line(R"(^\s*Q\d{5,7}\s)");
    if (RE2::PartialMatch(lines[i].text, cite_line)) continue;  // a cited title, not a fix
    re2::StringPiece rest(joined);
    re2::StringPiece product_sp;
    std::string num, a_suffix;
    static const RE2 fix_verb(R"((?i)(corrected|fixed|resolved|included|install|apply|obtain|upgrade))");
    const size_t own = CollapseSpace(lines[i].text, kAsciiSpace).size();
    while (RE2::FindAndConsume(&rest, sp, &product_sp, &num, &a_suffix)) {
      // Only a service pack named as the fix ("first corrected in ...", "install ..."), and
      // only when it starts on this line (the joined next line is read on its own turn).
      const size_t begin = static_cast<size_t>(product_sp.data() - joined.data());
      if (begin >= own) continue;
      const size_t window_from = begin > 100 ? begin - 100 : 0;
      if (!RE2::PartialMatch(joined.substr(window_from, begin - window_from), fix_verb)) continue;
      const std::string product(product_sp.data(), product_sp.size());
      PackageRef p;
      if (ServicePackRef(product, std::atoi(num.c_str()), !a_suffix.empty(), p)) {
        p.line = lines[i].no;
        AddPackage(a, std::move(p));
      }
    }
  }
}

// Cited Q-numbers: "  Q299444 Post-Windows NT ..." lines and inline mentions.
void ReadCitations(const std::vector<Line>& lines, ParsedArticle& a) {
  static const RE2 cite_line(R"(^\s*Q(\d{5,7})\s+(.*)$)");
  static const RE2 inline_q(R"(\b(?:Q|KB|article ID:?\s*|Article ID:?\s*Q?)(\d{5,7})\b)");
  static const RE2 package_title(
      R"((?i)(security\s+rollup|\bSRP\b|rollup|hotfix|hot\s+fix|security\s+update|\bpatch\b|\bfix\b|Post-(?:SP|Service Pack)))");
  static const RE2 howto(R"((?i)^(?:\w+:\s*)?(?:how\s+to|info:|xgen:))");
  for (const Line& l : lines) {
    std::string num, title;
    const bool is_cite = RE2::FullMatch(l.text, cite_line, &num, &title);
    if (is_cite && IsFixSection(l.section) && num != a.number && RE2::PartialMatch(title, package_title) &&
        !RE2::PartialMatch(title, howto)) {
      PackageRef p;
      p.id = "Q" + num;
      const std::string low = ToLowerAscii(title);
      p.kind = (low.find("rollup") != std::string::npos || low.find("srp") != std::string::npos)
                   ? PackageKind::kRollup
                   : PackageKind::kHotfix;
      p.line = l.no;
      AddPackage(a, std::move(p));
    }
    re2::StringPiece rest(l.text);
    std::string n;
    while (RE2::FindAndConsume(&rest, inline_q, &n)) {
      if (n == a.number) continue;
      if (std::find(a.related.begin(), a.related.end(), n) == a.related.end()) a.related.push_back(n);
    }
  }
}

// ---------------------------------------------------------------------------------------
// File tables

std::string MonthNumber(std::string_view m) {
  static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  const std::string low = ToLowerAscii(m.substr(0, 3));
  for (int i = 0; i < 12; ++i) {
    if (low == kMonths[i]) return fmt::format("{:02}", i + 1);
  }
  return "";
}

// Two-digit years as the articles print them ("12/6/99"); other years must be plausible
// build dates (a typo such as "04-APR-200" is not a date). -1 = not a year.
int FullYear(int y) {
  if (y < 100) return y < 50 ? 2000 + y : 1900 + y;
  return (y >= 1970 && y <= 2099) ? y : -1;
}

// The same calendar rule as the KB loader (kb/version.h): a day that exists.
bool DayExists(int y, int m, int d) {
  static constexpr int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

bool ParseDate(std::string_view t, std::string& out) {
  static const RE2 dmy(R"((\d{1,2})-([A-Za-z]{3})-(\d{2,4}))");
  static const RE2 mdy(R"((\d{1,2})/(\d{1,2})/(\d{2,4}))");
  static const RE2 iso(R"((\d{4})-(\d{2})-(\d{2}))");
  int d = 0, m = 0, y = 0;
  std::string mon;
  if (RE2::FullMatch(t, dmy, &d, &mon, &y)) {
    const std::string mm = MonthNumber(mon);
    if (mm.empty() || d < 1 || d > 31 || FullYear(y) < 0) return false;
    if (!DayExists(FullYear(y), std::atoi(mm.c_str()), d)) return false;
    out = fmt::format("{:04}-{}-{:02}", FullYear(y), mm, d);
    return true;
  }
  if (RE2::FullMatch(t, mdy, &m, &d, &y) || RE2::FullMatch(t, iso, &y, &m, &d)) {
    if (m < 1 || m > 12 || d < 1 || d > 31 || FullYear(y) < 0) return false;
    if (!DayExists(FullYear(y), m, d)) return false;
    out = fmt::format("{:04}-{:02}-{:02}", FullYear(y), m, d);
    return true;
  }
  return false;
}

std::string PlatformOf(std::string_view t) {
  const std::string low = ToLowerAscii(t);
  if (low == "intel" || low == "x86" || low == "i386") return "Intel";
  if (low == "alpha" || low == "axp") return "Alpha";
  if (low == "x64" || low == "amd64") return "x64";
  return "";
}

// Classifies the tokens of one row. False when the row has no file name.
bool ParseRow(const std::string& text, const std::string& default_platform, FileRow& row) {
  std::string t = text;
  std::replace(t.begin(), t.end(), '|', ' ');
  static const RE2 time_re(R"((?i)\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]m?)?)");
  static const RE2 size_re(R"(\d{1,3}(?:,\d{3})+|\d+)");
  static const RE2 version_re(R"(\d+(?:\.\d+){1,4}[a-z]?)");
  static const RE2 name_re(R"([A-Za-z0-9_~$#@!-]+(?:\.[A-Za-z0-9_~$#-]+)*\.[A-Za-z][A-Za-z0-9_]{0,3})");
  std::vector<std::string> tokens;
  size_t p = 0;
  while (p < t.size()) {
    while (p < t.size() && std::isspace(static_cast<unsigned char>(t[p]))) ++p;
    size_t q = p;
    while (q < t.size() && !std::isspace(static_cast<unsigned char>(t[q]))) ++q;
    if (q > p) tokens.push_back(t.substr(p, q - p));
    p = q;
  }
  row.platform = default_platform;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string tok = tokens[i];
    // "3:17" followed by "p"/"PM"
    std::string date;
    if (ParseDate(tok, date)) { row.date = date; continue; }
    if (RE2::FullMatch(tok, time_re)) continue;
    if (ToLowerAscii(tok) == "am" || ToLowerAscii(tok) == "pm" || tok == "N/A" || tok == "n/a") continue;
    const std::string pl = PlatformOf(tok);
    if (!pl.empty()) { row.platform = pl; continue; }
    if (RE2::FullMatch(tok, version_re) && tok.find('.') != std::string::npos && row.version.empty() &&
        std::count(tok.begin(), tok.end(), '.') >= 1 && !RE2::FullMatch(tok, name_re)) {
      row.version = tok;
      continue;
    }
    if (RE2::FullMatch(tok, size_re)) {
      std::string digits;
      for (char c : tok) if (c != ',') digits += c;
      if (digits.size() <= 12) row.size = std::strtoull(digits.c_str(), nullptr, 10);
      continue;
    }
    if (RE2::FullMatch(tok, name_re) && row.name.empty()) { row.name = tok; continue; }
    return false;  // a token we do not understand
  }
  return !row.name.empty() && (row.size != 0 || !row.version.empty() || !row.date.empty());
}

void ReadTables(const std::vector<Line>& lines, ParsedArticle& a) {
  static const RE2 header(R"((?i)\bfile\s*name\b)");
  static const RE2 header_col(R"((?i)\b(size|version|date)\b)");
  static const RE2 component(R"((?i)^\s*component\s*:\s*(.+?)\s*$)");
  static const RE2 platform_heading(R"((?i)\b(intel|alpha|x86|i386|x64)\b)");
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& h = lines[i].text;
    if (!RE2::PartialMatch(h, header) || !RE2::PartialMatch(h, header_col)) continue;
    // A header is short and made of column names.
    std::string_view ht = Trim(h, kAsciiSpace);
    if (ht.size() > 100) continue;
    {
      static const RE2 only_cols(
          R"((?i)^[|\s]*(?:(?:date|time|size|bytes|file\s*name|version|platform|compression)[|\s]*)+$)");
      if (!RE2::FullMatch(ht, only_cols)) continue;
    }
    FileTable table;
    table.line = lines[i].no;
    std::string default_platform;
    for (size_t k = i; k > 0 && k + 8 > i; --k) {
      const std::string& prev = lines[k - 1].text;
      std::string comp;
      if (table.component.empty() && RE2::FullMatch(prev, component, &comp)) table.component = comp;
      std::string pl;
      static const RE2 digit(R"(\d)");
      if (default_platform.empty() && Trim(prev, kAsciiSpace).size() < 60 && !RE2::PartialMatch(prev, digit) &&
          RE2::PartialMatch(prev, platform_heading, &pl)) {
        default_platform = PlatformOf(pl);
      }
    }
    size_t j = i + 1;
    for (; j < lines.size(); ++j) {
      std::string_view t = Trim(lines[j].text, kAsciiSpace);
      if (t.empty()) break;
      if (t.find_first_not_of("-=+|_ ") == std::string_view::npos) continue;  // rule line
      FileRow row;
      row.line = lines[j].no;
      if (!ParseRow(lines[j].text, default_platform, row)) {
        a.problems.push_back({a.file, lines[j].no, "file table row not understood"});
        continue;
      }
      table.rows.push_back(std::move(row));
    }
    if (table.rows.empty()) {
      a.problems.push_back({a.file, lines[i].no, "file table without readable rows"});
    } else {
      a.tables.push_back(std::move(table));
    }
    i = j;
  }
}

// The package a table belongs to: the nearest Q-number package named before it, else the
// first Q-number package, else the article's own hotfix (Q<article>).
void AssignTables(ParsedArticle& a) {
  for (FileTable& t : a.tables) {
    const PackageRef* best = nullptr;
    for (const PackageRef& p : a.packages) {
      if (p.kind == PackageKind::kServicePack || p.id.rfind('Q', 0) != 0 || p.sp >= 0) continue;
      if (p.line <= t.line && (best == nullptr || p.line > best->line)) best = &p;
    }
    if (best == nullptr) {
      for (const PackageRef& p : a.packages) {
        if (p.kind != PackageKind::kServicePack && p.sp < 0) { best = &p; break; }
      }
    }
    if (best != nullptr) {
      t.package = best->id;
    } else {
      PackageRef own;
      own.id = a.QId();
      own.kind = PackageKind::kHotfix;
      own.line = t.line;
      t.package = own.id;
      AddPackage(a, std::move(own));
    }
  }
}

}  // namespace

bool ServicePackRef(std::string_view product, int sp, bool sp_a, PackageRef& out) {
  std::string token;
  if (sp < 1 || sp > 20 || !ProductToken(product, token)) return false;
  out = PackageRef();
  out.kind = PackageKind::kServicePack;
  out.sp = sp;
  out.sp_a = sp_a && token == "NT4" && sp == 6;
  out.scope = token;
  out.id = out.sp_a ? "Q246009" : fmt::format("{}-SP{}", token, sp);
  return true;
}

Result<ParsedArticle> ParseArticleText(std::string_view text, const std::string& file) {
  if (text.size() > kMaxArticleBytes) {
    return Status::Limit(fmt::format("{}: article larger than 4 MiB", file));
  }
  ParsedArticle a;
  a.file = file;
  std::string fm_title;
  const std::vector<Line> lines = BodyLines(text, fm_title);
  static const RE2 article_line(R"((?i)^\s*(?:article(?:\s*id)?|article-id)\s*:\s*(?:Q|KB)?(\d{5,7})\s*$)");
  static const RE2 title_num(R"(^\"?Q(\d{5,7}):)");
  for (const Line& l : lines) {
    if (RE2::FullMatch(l.text, article_line, &a.number)) break;
  }
  if (a.number.empty()) RE2::PartialMatch(fm_title, title_num, &a.number);
  if (a.number.empty()) {
    return Status::InvalidArgument(fmt::format("{}: no article number (no 'Article: Qnnnnnn' line)", file));
  }
  ReadAppliesTo(lines, a);
  ReadEvents(lines, a);
  ReadCitations(lines, a);
  ReadServicePacks(lines, a);
  ReadTables(lines, a);
  AssignTables(a);
  return a;
}

std::vector<PackageRef> StatedPrerequisites(const ParsedArticle& pkg, std::string_view text) {
  std::vector<PackageRef> out;
  // "requires Windows NT 4.0 Service Pack 6a", "requires SP6a" (product from the scope).
  static const RE2 req(
      R"((?i)\brequires?\s+(?:that\s+you\s+(?:first\s+)?install\s+)?((?:Microsoft\s+)?(?:Windows\s+NT(?:\s+\w+)?\s+4\.0|Windows\s+2000|Exchange(?:\s+Server)?\s+5\.5)\s+)?(?:Service\s+Pack|SP)\s*(\d{1,2})(a?)\b)");
  std::string collapsed = CollapseSpace(text, kAsciiSpace);
  re2::StringPiece rest(collapsed);
  std::string product, num, suffix;
  while (RE2::FindAndConsume(&rest, req, &product, &num, &suffix)) {
    if (product.empty() && !pkg.os.empty()) {
      product = pkg.os.front().name + " " + pkg.os.front().version;
    }
    PackageRef p;
    if (ServicePackRef(product, std::atoi(num.c_str()), !suffix.empty(), p)) {
      bool dup = false;
      for (const PackageRef& q : out) dup = dup || q.id == p.id;
      if (!dup) out.push_back(std::move(p));
    }
  }
  if (out.empty() && !pkg.os.empty()) {
    // Every OS line names the same service pack ("versions 4.0, 4.0 SP6a"): the fix is built
    // on it, that is the prerequisite.
    int sp = pkg.os.front().named_sp;
    bool same = sp > 0;
    for (const OsScope& o : pkg.os) same = same && o.named_sp == sp && o.name == pkg.os.front().name;
    if (same) {
      // 6a is told by the text ("SP6a" in the applies-to lines).
      const bool sp_a = collapsed.find("SP" + std::to_string(sp) + "a") != std::string::npos;
      PackageRef p;
      if (ServicePackRef(pkg.os.front().name + " " + pkg.os.front().version, sp, sp_a, p)) out.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace logrx::kb::import
