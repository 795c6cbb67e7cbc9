// KB loader: kb/*.xml -> the model in kb/model.h. Grammar in docs/kb.md.
#include "kb/knowledge_base.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>
#include <unordered_map>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "core/data_folder.h"
#include "core/input_file.h"
#include "core/line_index.h"
#include "core/numbers.h"
#include "core/strings.h"
#include "kb/check.h"
#include "kb/version.h"
#include "rules/rule_set.h"

namespace logrx::kb {

namespace {

// A KB file bigger than this is not hand-written; refuse it rather than parse it.
constexpr uint64_t kMaxKbFileBytes = 16ull << 20;
constexpr size_t kMaxTextBytes = 64 * 1024;
constexpr size_t kMaxIdBytes = 64;  // article and package ids

class KbImpl final : public KnowledgeBase {
 public:
  // No allocation: the id is upper-cased into a stack buffer (ids are short; longer
  // ones cannot be in the KB, whose loader caps them).
  const Article* FindArticle(std::string_view id) const noexcept override {
    char buf[kMaxIdBytes];
    if (!UpperInto(id, buf)) return nullptr;
    auto it = article_index_.find(std::string_view(buf, id.size()));
    return it == article_index_.end() ? nullptr : &articles_[it->second];
  }
  const Package* FindPackage(std::string_view id) const noexcept override {
    char buf[kMaxIdBytes];
    if (!UpperInto(id, buf)) return nullptr;
    auto it = package_index_.find(std::string_view(buf, id.size()));
    return it == package_index_.end() ? nullptr : &packages_[it->second];
  }

  // Called once after parsing; the first definition of a duplicated id wins (check.h
  // reports the duplicate).
  void BuildIndex() {
    for (size_t i = 0; i < articles_.size(); ++i) article_index_.emplace(ToUpperAscii(articles_[i].id), i);
    for (size_t i = 0; i < packages_.size(); ++i) package_index_.emplace(ToUpperAscii(packages_[i].id), i);
    for (const Package& p : packages_) {
      std::set<std::string> once;
      for (const std::string& s : p.supersedes) {
        if (once.insert(ToUpperAscii(s)).second) superseded_by_[ToUpperAscii(s)].push_back(&p);
      }
    }
    for (auto& [id, v] : superseded_by_) {
      std::sort(v.begin(), v.end(), [](const Package* a, const Package* b) { return a->id < b->id; });
    }
  }
  std::vector<std::string> CheckedFileNames() const override {
    std::set<std::string> names;
    for (const Package& p : packages_) {
      for (const FileCheck& f : p.files) {
        names.insert(ToLowerAscii(f.file));
      }
    }
    return {names.begin(), names.end()};
  }
  const std::vector<Article>& articles() const noexcept override { return articles_; }
  const std::vector<Package>& packages() const noexcept override { return packages_; }
  std::vector<const Package*> SupersededBy(std::string_view id) const override {
    auto it = superseded_by_.find(ToUpperAscii(id));
    return it == superseded_by_.end() ? std::vector<const Package*>() : it->second;
  }

  std::vector<Article> articles_;
  std::vector<Package> packages_;

 private:
  static bool UpperInto(std::string_view id, char (&buf)[kMaxIdBytes]) noexcept {
    if (id.size() > kMaxIdBytes) return false;
    for (size_t i = 0; i < id.size(); ++i) {
      buf[i] = ToUpperAscii(id[i]);
    }
    return true;
  }

  std::map<std::string, size_t, std::less<>> article_index_;
  std::map<std::string, size_t, std::less<>> package_index_;
  std::unordered_map<std::string, std::vector<const Package*>> superseded_by_;
};

bool IsIdChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdBytes) return false;
  return std::all_of(id.begin(), id.end(), IsIdChar);
}

// rules::IsArticleId, within the KB's id length cap.
bool ValidArticleId(std::string_view id) {
  return id.size() <= kMaxIdBytes && rules::IsArticleId(id);
}

// A decimal number up to `max`, thousands separated by commas or not ("192,272" as the
// articles print sizes).
bool ParseUint(std::string_view s, uint64_t max, uint64_t& out) {
  std::string digits(s);
  std::erase(digits, ',');
  uint64_t v = 0;
  if (!ParseUnsigned(digits, v) || v > max) return false;
  out = v;
  return true;
}

bool ParsePlatform(std::string_view s, Platform& out) {
  if (s == "Intel" || s == "x86" || s == "i386") out = Platform::kIntel;
  else if (s == "Alpha") out = Platform::kAlpha;
  else if (s == "x64") out = Platform::kX64;
  else return false;
  return true;
}

std::vector<std::string> SplitTokens(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == ',' || c == ';' || c == '\t' || c == '\n') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// Parses one file into `kb`. Stops at the first grammar error of the file.
class FileParser {
 public:
  FileParser(std::string name, std::string_view text, KbImpl& kb)
      : name_(std::move(name)), text_(text), lines_(text), kb_(kb) {}

  Status Parse() {
    pugi::xml_document doc;
    const pugi::xml_parse_result r =
        doc.load_buffer(text_.data(), text_.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!r) {
      return Status::At(StatusCode::kInvalidArgument, LineLoc(lines_.LineOf(r.offset)),
                        fmt::format("not well-formed XML: {}", r.description()));
    }
    const pugi::xml_node root = doc.document_element();
    if (std::string_view(root.name()) != "kb") {
      return Err(root, fmt::format("root element is <{}> (want <kb>)", root.name()));
    }
    LOGRX_RETURN_IF_ERROR(Attrs(root, {"version"}));
    for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
      if (n.type() != pugi::node_element) continue;
      const std::string_view tag = n.name();
      if (tag == "article") {
        LOGRX_RETURN_IF_ERROR(ParseArticle(n));
      } else if (tag == "package") {
        LOGRX_RETURN_IF_ERROR(ParsePackage(n));
      } else {
        return Err(n, fmt::format("unknown element <{}> in <kb> (want article or package)", tag));
      }
    }
    return Status::Ok();
  }

 private:
  KbLoc Loc(const pugi::xml_node& n) const {
    return KbLoc{name_, lines_.LineOf(n.offset_debug())};
  }
  FileLoc LineLoc(uint32_t line) const { return FileLoc{name_, kNoOffset, line}; }
  Status Err(const pugi::xml_node& n, std::string_view what) const {
    return Status::At(StatusCode::kInvalidArgument, LineLoc(lines_.LineOf(n.offset_debug())), what);
  }

  // Rejects attributes outside `allowed` (typos would otherwise be silently ignored).
  Status Attrs(const pugi::xml_node& n, std::initializer_list<std::string_view> allowed) const {
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      const std::string_view an = a.name();
      if (an.substr(0, 5) == "xmlns") continue;
      if (std::find(allowed.begin(), allowed.end(), an) == allowed.end()) {
        return Err(n, fmt::format("<{}>: unknown attribute '{}'", n.name(), an));
      }
    }
    return Status::Ok();
  }

  // imported="true" (or "false", or absent) on <article> and <package>.
  Status ImportedAttr(const pugi::xml_node& n, bool& out) const {
    const std::string_view v = n.attribute("imported").value();
    if (!v.empty() && v != "true" && v != "false") {
      return Err(n, fmt::format("{}: imported must be true or false", n.name()));
    }
    out = v == "true";
    return Status::Ok();
  }

  Status Required(const pugi::xml_node& n, const char* attr, std::string& out) const {
    out = CollapseSpace(n.attribute(attr).value());
    if (out.empty()) return Err(n, fmt::format("<{}>: missing attribute '{}'", n.name(), attr));
    return Status::Ok();
  }

  Status Text(const pugi::xml_node& n, std::string& out) const {
    std::string raw;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        raw += c.value();
      } else if (c.type() == pugi::node_element) {
        return Err(c, fmt::format("<{}> holds text only (found <{}>)", n.name(), c.name()));
      }
    }
    if (raw.size() > kMaxTextBytes) return Err(n, "text longer than 64 KiB");
    out = CollapseSpace(raw);
    return Status::Ok();
  }

  // A service-pack bound: absent, or a number 0..99.
  Status SpAttr(const pugi::xml_node& n, const char* attr, int& out) const {
    const std::string_view v = n.attribute(attr).value();
    if (v.empty()) return Status::Ok();
    uint64_t sp = 0;
    if (!ParseUint(v, 99, sp)) {
      return Err(n, fmt::format("{}: {} '{}' is not a number 0..99", n.name(), attr, v));
    }
    out = static_cast<int>(sp);
    return Status::Ok();
  }

  // "4.0", "6.1", "10.0": major.minor digits.
  static bool ValidOsVersion(std::string_view v) {
    const size_t dot = v.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 >= v.size() || v.size() > 7) return false;
    for (size_t i = 0; i < v.size(); ++i) {
      if (i != dot && (v[i] < '0' || v[i] > '9')) return false;
    }
    return true;
  }

  Status ParseAppliesTo(const pugi::xml_node& n, Article& a) {
    LOGRX_RETURN_IF_ERROR(Attrs(n, {}));
    if (a.applies_to.stated) return Err(n, fmt::format("article '{}': second <applies-to>", a.id));
    a.applies_to.stated = true;
    a.applies_to.where = Loc(n);
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view tag = c.name();
      if (tag == "os") {
        LOGRX_RETURN_IF_ERROR(Attrs(c, {"version", "name", "edition", "min-sp", "max-sp"}));
        OsScope o;
        o.where = Loc(c);
        LOGRX_RETURN_IF_ERROR(Required(c, "version", o.version));
        if (!ValidOsVersion(o.version)) {
          return Err(c, fmt::format("os: version '{}' is not major.minor (\"4.0\", \"6.1\")", o.version));
        }
        o.name = CollapseSpace(c.attribute("name").value());
        const std::string ed = CollapseSpace(c.attribute("edition").value());
        size_t start = 0;
        while (!ed.empty() && start <= ed.size()) {
          const size_t bar = std::min(ed.find('|', start), ed.size());
          std::string one = ed.substr(start, bar - start);
          if (one.empty()) return Err(c, fmt::format("os: edition '{}' has an empty alternative", ed));
          o.editions.push_back(std::move(one));
          start = bar + 1;
        }
        LOGRX_RETURN_IF_ERROR(SpAttr(c, "min-sp", o.min_sp));
        LOGRX_RETURN_IF_ERROR(SpAttr(c, "max-sp", o.max_sp));
        if (o.min_sp >= 0 && o.max_sp >= 0 && o.min_sp > o.max_sp) {
          return Err(c, fmt::format("os: min-sp {} is above max-sp {}", o.min_sp, o.max_sp));
        }
        a.applies_to.os.push_back(std::move(o));
      } else if (tag == "product") {
        LOGRX_RETURN_IF_ERROR(Attrs(c, {"name", "version", "min-sp"}));
        ProductScope p;
        p.where = Loc(c);
        LOGRX_RETURN_IF_ERROR(Required(c, "name", p.name));
        p.version = CollapseSpace(c.attribute("version").value());
        LOGRX_RETURN_IF_ERROR(SpAttr(c, "min-sp", p.min_sp));
        a.applies_to.products.push_back(std::move(p));
      } else {
        return Err(c, fmt::format("applies-to: unknown element <{}>", tag));
      }
    }
    return Status::Ok();
  }

  Status ParseArticle(const pugi::xml_node& n) {
    // imported="true" marks articles written by `kb import` (docs/kb-import.md).
    LOGRX_RETURN_IF_ERROR(Attrs(n, {"id", "title", "imported"}));
    Article a;
    a.where = Loc(n);
    LOGRX_RETURN_IF_ERROR(ImportedAttr(n, a.imported));
    LOGRX_RETURN_IF_ERROR(Required(n, "id", a.id));
    if (!ValidArticleId(a.id)) {
      return Err(n, fmt::format("article id '{}' is not KB<number> or FC-<SYMBOLIC_NAME>", a.id));
    }
    LOGRX_RETURN_IF_ERROR(Required(n, "title", a.title));
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view tag = c.name();
      if (tag == "summary") {
        LOGRX_RETURN_IF_ERROR(Attrs(c, {}));
        LOGRX_RETURN_IF_ERROR(Text(c, a.summary));
      } else if (tag == "symptom") {
        LOGRX_RETURN_IF_ERROR(Attrs(c, {"source", "event"}));
        Symptom s;
        s.where = Loc(c);
        s.source = CollapseSpace(c.attribute("source").value());
        const std::string_view ev = c.attribute("event").value();
        if (!ev.empty()) {
          uint64_t id = 0;
          if (!ParseUint(ev, 65535, id)) {
            return Err(c, fmt::format("symptom: event '{}' is not a number 0..65535", ev));
          }
          s.event_id = static_cast<uint32_t>(id);
        }
        LOGRX_RETURN_IF_ERROR(Text(c, s.text));
        a.symptoms.push_back(std::move(s));
      } else if (tag == "applies-to") {
        LOGRX_RETURN_IF_ERROR(ParseAppliesTo(c, a));
      } else if (tag == "cause") {
        Cause cause;
        LOGRX_RETURN_IF_ERROR(ParseCause(c, a.id, cause));
        a.causes.push_back(std::move(cause));
      } else if (tag == "related") {
        LOGRX_RETURN_IF_ERROR(Attrs(c, {"article"}));
        std::string id;
        LOGRX_RETURN_IF_ERROR(Required(c, "article", id));
        a.related.push_back(std::move(id));
        a.related_where.push_back(Loc(c));
      } else {
        return Err(c, fmt::format("article '{}': unknown element <{}>", a.id, tag));
      }
    }
    if (a.causes.empty()) return Err(n, fmt::format("article '{}': no <cause>", a.id));
    kb_.articles_.push_back(std::move(a));
    return Status::Ok();
  }

  Status ParseCause(const pugi::xml_node& n, const std::string& article, Cause& cause) {
    LOGRX_RETURN_IF_ERROR(Attrs(n, {"id", "title", "informational"}));
    cause.where = Loc(n);
    LOGRX_RETURN_IF_ERROR(Required(n, "id", cause.id));
    if (!ValidId(cause.id)) {
      return Err(n, fmt::format("article '{}': cause id '{}' has characters outside [A-Za-z0-9-_.]",
                                article, cause.id));
    }
    cause.title = CollapseSpace(n.attribute("title").value());
    const std::string_view info = n.attribute("informational").value();
    if (!info.empty() && info != "true" && info != "false") {
      return Err(n, "cause: informational must be true or false");
    }
    cause.informational = info == "true";
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view tag = c.name();
      if (tag == "summary") {
        LOGRX_RETURN_IF_ERROR(Attrs(c, {}));
        LOGRX_RETURN_IF_ERROR(Text(c, cause.summary));
      } else if (tag == "evidence") {
        LOGRX_RETURN_IF_ERROR(Attrs(c, {}));
        LOGRX_RETURN_IF_ERROR(Text(c, cause.evidence));
      } else if (tag == "procedure") {
        LOGRX_RETURN_IF_ERROR(Attrs(c, {}));
        LOGRX_RETURN_IF_ERROR(Text(c, cause.procedure));
      } else if (tag == "fix") {
        LOGRX_RETURN_IF_ERROR(Attrs(c, {"package", "edition"}));
        FixRef f;
        f.where = Loc(c);
        LOGRX_RETURN_IF_ERROR(Required(c, "package", f.package));
        f.edition = CollapseSpace(c.attribute("edition").value());
        cause.fix.push_back(std::move(f));
      } else if (tag == "key") {
        LOGRX_RETURN_IF_ERROR(Attrs(c, {"value"}));
        ListedKey k;
        k.where = Loc(c);
        LOGRX_RETURN_IF_ERROR(Text(c, k.path));
        if (k.path.empty()) return Err(c, fmt::format("cause '{}': empty <key>", cause.id));
        k.value = CollapseSpace(c.attribute("value").value());
        cause.keys.push_back(std::move(k));
      } else {
        return Err(c, fmt::format("cause '{}': unknown element <{}>", cause.id, tag));
      }
    }
    if (cause.summary.empty()) {
      return Err(n, fmt::format("article '{}': cause '{}' has no <summary>", article, cause.id));
    }
    return Status::Ok();
  }

  Status ParsePackage(const pugi::xml_node& n) {
    LOGRX_RETURN_IF_ERROR(
        Attrs(n, {"id", "name", "kind", "released", "platforms", "os", "article", "imported"}));
    Package p;
    p.where = Loc(n);
    LOGRX_RETURN_IF_ERROR(ImportedAttr(n, p.imported));
    LOGRX_RETURN_IF_ERROR(Required(n, "id", p.id));
    if (!ValidId(p.id)) {
      return Err(n, fmt::format("package id '{}' has characters outside [A-Za-z0-9-_.]", p.id));
    }
    LOGRX_RETURN_IF_ERROR(Required(n, "name", p.name));
    std::string kind;
    LOGRX_RETURN_IF_ERROR(Required(n, "kind", kind));
    if (!ParsePackageKind(kind, p.kind)) {
      return Err(n, fmt::format("package '{}': kind '{}' (want service-pack, rollup, hotfix or update)",
                                p.id, kind));
    }
    p.released = CollapseSpace(n.attribute("released").value());
    Date d;
    if (!p.released.empty() && !ParseDate(p.released, d)) {
      return Err(n, fmt::format("package '{}': released '{}' is not YYYY-MM-DD", p.id, p.released));
    }
    for (const std::string& t : SplitTokens(n.attribute("platforms").value())) {
      Platform pl;
      if (!ParsePlatform(t, pl)) {
        return Err(n, fmt::format("package '{}': unknown platform '{}' (want Intel, Alpha or x64)",
                                  p.id, t));
      }
      p.platforms.push_back(pl);
    }
    p.os = SplitTokens(n.attribute("os").value());
    p.article = CollapseSpace(n.attribute("article").value());
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view tag = c.name();
      if (tag == "requires" || tag == "supersedes") {
        LOGRX_RETURN_IF_ERROR(Attrs(c, {"package"}));
        std::string id;
        LOGRX_RETURN_IF_ERROR(Required(c, "package", id));
        if (tag == "requires") {
          p.requires_.push_back(std::move(id));
          p.requires_where.push_back(Loc(c));
        } else {
          p.supersedes.push_back(std::move(id));
          p.supersedes_where.push_back(Loc(c));
        }
      } else if (tag == "detect") {
        LOGRX_RETURN_IF_ERROR(Attrs(c, {"hotfix", "service-pack", "sp6a", "inferred"}));
        p.detect.hotfix_key = CollapseSpace(c.attribute("hotfix").value());
        const std::string_view sp = c.attribute("service-pack").value();
        if (!sp.empty()) {
          uint64_t v = 0;
          if (!ParseUint(sp, 99, v)) return Err(c, "detect: service-pack is not a number");
          p.detect.service_pack = static_cast<int>(v);
        }
        p.detect.sp6a = std::string_view(c.attribute("sp6a").value()) == "true";
        p.detect.inferred_key = std::string_view(c.attribute("inferred").value()) == "true";
      } else if (tag == "file") {
        FileCheck f;
        LOGRX_RETURN_IF_ERROR(ParseFile(c, p.id, f));
        p.files.push_back(std::move(f));
      } else if (tag == "notes") {
        LOGRX_RETURN_IF_ERROR(Attrs(c, {}));
        LOGRX_RETURN_IF_ERROR(Text(c, p.notes));
      } else {
        return Err(c, fmt::format("package '{}': unknown element <{}>", p.id, tag));
      }
    }
    kb_.packages_.push_back(std::move(p));
    return Status::Ok();
  }

  Status ParseFile(const pugi::xml_node& c, const std::string& pkg, FileCheck& f) {
    LOGRX_RETURN_IF_ERROR(
        Attrs(c, {"name", "platform", "os", "version", "date", "size", "weak-size", "kernel"}));
    f.where = Loc(c);
    LOGRX_RETURN_IF_ERROR(Required(c, "name", f.file));
    const std::string_view pl = c.attribute("platform").value();
    if (!pl.empty() && !ParsePlatform(pl, f.platform)) {
      return Err(c, fmt::format("package '{}': file '{}': unknown platform '{}'", pkg, f.file, pl));
    }
    f.os = CollapseSpace(c.attribute("os").value());
    f.min_version = CollapseSpace(c.attribute("version").value());
    if (!f.min_version.empty() && !IsVersion(f.min_version)) {
      return Err(c, fmt::format("package '{}': file '{}': version '{}' is not dotted numbers",
                                pkg, f.file, f.min_version));
    }
    const std::string_view date = c.attribute("date").value();
    if (!date.empty() && !ParseDate(date, f.min_date)) {
      return Err(c, fmt::format("package '{}': file '{}': date '{}' is not YYYY-MM-DD", pkg,
                                f.file, date));
    }
    const std::string_view size = c.attribute("size").value();
    if (!size.empty() && (!ParseUint(size, ~uint64_t{0}, f.size) || f.size == 0)) {
      return Err(c, fmt::format("package '{}': file '{}': size '{}' is not a positive number",
                                pkg, f.file, size));
    }
    const std::string_view weak = c.attribute("weak-size").value();
    if (!weak.empty() && weak != "true" && weak != "false") {
      return Err(c, "file: weak-size must be true or false");
    }
    f.weak_size = weak == "true";
    f.kernel = CollapseSpace(c.attribute("kernel").value());
    if (!f.kernel.empty() && f.kernel != "UP" && f.kernel != "MP") {
      return Err(c, fmt::format("package '{}': file '{}': kernel '{}' (want UP or MP)", pkg,
                                f.file, f.kernel));
    }
    return Status::Ok();
  }

  std::string name_;
  std::string_view text_;
  LineIndex lines_;
  KbImpl& kb_;
};

Result<std::shared_ptr<const KnowledgeBase>> Finish(std::shared_ptr<KbImpl> kb, bool check) {
  kb->BuildIndex();
  if (check) {
    const std::vector<KbProblem> problems = CheckKnowledgeBase(*kb, {});
    if (!problems.empty()) {
      const KbProblem& first = problems.front();
      std::string msg = first.message;
      if (problems.size() > 1) {
        msg += fmt::format(" (and {} more; run 'logrx kb check')", problems.size() - 1);
      }
      return Status::At(StatusCode::kInvalidArgument,
                        FileLoc{first.where.file, kNoOffset, first.where.line}, msg);
    }
  }
  return std::shared_ptr<const KnowledgeBase>(std::move(kb));
}

Result<std::shared_ptr<const KnowledgeBase>> LoadPath(const std::string& path,
                                                      DiagnosticSink& warnings, bool check,
                                                      const LoadOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> files;
  if (fs::is_directory(path, ec)) {
    // kb/messages/ holds message catalogs (readers/message_catalog.h), not KB entries.
    Result<std::vector<std::string>> listed = ListDataFiles(path, ".xml", {"messages"});
    if (!listed.ok()) return listed.status();
    files = std::move(listed).value();
    if (files.empty()) {
      return Status::At(StatusCode::kNotFound, FileLoc{path}, "no *.xml knowledge-base files");
    }
  } else if (fs::exists(path, ec)) {
    files.push_back(path);
  } else {
    return Status::At(StatusCode::kNotFound, FileLoc{path}, "no such knowledge-base file or folder");
  }
  std::vector<std::pair<std::string, std::string>> texts;
  for (const std::string& f : files) {
    Result<std::string> text = ReadWholeFileAsString(f, kMaxKbFileBytes);
    if (!text.ok()) return text.status();
    texts.emplace_back(f, std::move(text).value());
  }
  return LoadKnowledgeBaseText(texts, warnings, check, options);
}

}  // namespace

// Imported entries (imported="true", docs/kb-import.md) loaded beside hand-written ones:
// where both define an id, the hand-written entry wins and the imported one is dropped with
// a note, so that an import of the whole archive can sit beside kb/.
namespace {

void DropImportedDuplicates(std::vector<Article>& articles, std::vector<Package>& packages,
                            DiagnosticSink& warnings) {
  auto drop = [&warnings](auto& v, const char* what) {
    std::map<std::string, KbLoc> hand_where;  // upper-cased id -> the hand-written entry
    for (const auto& e : v) {
      if (!e.imported) hand_where.emplace(ToUpperAscii(e.id), e.where);
    }
    auto keep_end = std::stable_partition(v.begin(), v.end(), [&hand_where](const auto& e) {
      return !e.imported || hand_where.count(ToUpperAscii(e.id)) == 0;
    });
    for (auto it = keep_end; it != v.end(); ++it) {
      Diagnostic d;
      d.severity = Severity::kNote;
      d.file = it->where.file;
      d.line = it->where.line;
      d.what = fmt::format("imported {} '{}' ignored: the hand-written entry at {} wins", what, it->id,
                           hand_where[ToUpperAscii(it->id)].ToString());
      warnings.Report(d);
    }
    v.erase(keep_end, v.end());
  };
  drop(articles, "article");
  drop(packages, "package");
}

}  // namespace

Result<std::shared_ptr<const KnowledgeBase>> LoadKnowledgeBaseText(
    const std::vector<std::pair<std::string, std::string>>& files, DiagnosticSink& warnings,
    bool check, const LoadOptions& options) {
  auto kb = std::make_shared<KbImpl>();
  for (const auto& [name, text] : files) {
    std::string_view body = text;
    if (body.size() >= 3 && body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
    if (body.size() >= 2 && (body.substr(0, 2) == "\xFF\xFE" || body.substr(0, 2) == "\xFE\xFF")) {
      return Status::At(StatusCode::kUnsupported, FileLoc{name, kNoOffset, 1},
                        "knowledge-base files must be UTF-8");
    }
    // Lines count from the start of the file; the BOM has no newline so offsets stay right
    // once the parser sees the same bytes.
    FileParser parser(name, body, *kb);
    LOGRX_RETURN_IF_ERROR(parser.Parse());
  }
  if (kb->articles_.empty() && kb->packages_.empty()) {
    Diagnostic d;
    d.severity = Severity::kWarning;
    d.file = files.empty() ? std::string() : files.front().first;
    d.what = "knowledge base holds no articles or packages";
    warnings.Report(d);
  }
  if (!options.imported) {
    std::erase_if(kb->articles_, [](const Article& a) { return a.imported; });
    std::erase_if(kb->packages_, [](const Package& p) { return p.imported; });
  }
  DropImportedDuplicates(kb->articles_, kb->packages_, warnings);
  return Finish(std::move(kb), check);
}

Result<std::shared_ptr<const KnowledgeBase>> KnowledgeBase::Load(const std::string& path,
                                                                 DiagnosticSink& warnings,
                                                                 const LoadOptions& options) {
  return LoadPath(path, warnings, /*check=*/true, options);
}

Result<std::shared_ptr<const KnowledgeBase>> KnowledgeBase::LoadUnchecked(
    const std::string& path, DiagnosticSink& warnings) {
  return LoadPath(path, warnings, /*check=*/false, LoadOptions{});
}

}  // namespace logrx::kb
