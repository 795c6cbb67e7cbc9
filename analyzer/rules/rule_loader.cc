// Rule XML -> internal::Rule. Every mistake becomes "file:line: rule 'id': reason";
// pugixml gives byte offsets, which we turn into 1-based lines.
// The grammar is documented in docs/rules.md; keep the two in step.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <limits>
#include <system_error>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "core/data_folder.h"
#include "core/input_file.h"
#include "core/line_index.h"
#include "core/numbers.h"
#include "core/strings.h"
#include "core/time.h"
#include "readers/xml/xml_event.h"
#include "rules/rule_model_internal.h"

namespace logrx::rules::internal {

namespace {

// Printable, bounded echo of user text inside an error message.
std::string Echo(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 60)) {
    out.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
  }
  if (s.size() > 60) out += "...";
  return out;
}

bool ValidId(std::string_view id) noexcept {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                    c == '.';
    if (!ok) return false;
  }
  return true;
}

void CollectCaptureNames(const Predicate& p, std::vector<std::string>& out) {
  for (const auto& [name, index] : p.regex_groups) out.push_back(name);
  if (!p.capture.empty()) out.push_back(p.capture);
  for (const Predicate& c : p.children) CollectCaptureNames(c, out);
}

// True when some condition of `step` can produce capture `name`.
bool StepCaptures(const Step& step, std::string_view name) {
  std::vector<std::string> names;
  for (const Condition& c : step.conditions) {
    for (const Predicate& p : c.predicates) CollectCaptureNames(p, names);
  }
  return std::find(names.begin(), names.end(), name) != names.end();
}

class DocumentParser {
 public:
  DocumentParser(std::string_view xml, std::string_view name, std::vector<Rule>& rules,
                 std::vector<Status>& errors, bool skip_imported, bool defer_imported_patterns)
      : xml_(xml), name_(name), rules_(rules), errors_(errors), lines_(xml),
        skip_imported_(skip_imported), defer_imported_patterns_(defer_imported_patterns) {}

  void Run() {
    pugi::xml_document doc;
    // Plain load (not in place): offset_debug() then maps to our copy of the text.
    const pugi::xml_parse_result parsed =
        doc.load_buffer(xml_.data(), xml_.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed) {
      Error(LineOf(static_cast<size_t>(std::max<ptrdiff_t>(parsed.offset, 0))), "",
            fmt::format("not well-formed XML: {}", parsed.description()));
      return;
    }
    const pugi::xml_node root = doc.document_element();
    if (std::string_view(root.name()) != "rules") {
      Error(LineOf(root), "", fmt::format("root element is <{}>, want <rules>", Echo(root.name())));
      return;
    }
    for (const pugi::xml_attribute a : root.attributes()) {
      const std::string_view n = a.name();
      if (n == "version") {
        if (std::string_view(a.value()) != "1") {
          Error(AttrLine(root, n), "", fmt::format("unsupported rules version '{}' (want 1)",
                                                   Echo(a.value())));
        }
      } else if (n != "xmlns" && n.substr(0, 6) != "xmlns:") {
        Error(AttrLine(root, n), "", fmt::format("unknown attribute '{}' on <rules>", Echo(n)));
      }
    }
    ForEachChild(root, "rule", "", [this](const pugi::xml_node& c) {
      if (skip_imported_ && std::string_view(c.attribute("imported").value()) == "true") return;
      ParseRule(c);
    });
  }

 private:
  uint32_t LineOf(size_t offset) const { return lines_.LineOf(static_cast<ptrdiff_t>(offset)); }
  uint32_t LineOf(const pugi::xml_node& n) const { return lines_.LineOf(n.offset_debug()); }
  // pugixml keeps no offsets for attributes: find ` name=` inside the element's start tag.
  uint32_t AttrLine(const pugi::xml_node& n, std::string_view attr) const {
    const ptrdiff_t off = n.offset_debug();
    if (off < 0) return 0;
    const size_t start = static_cast<size_t>(off);
    const size_t end = std::min(xml_.find('>', start), xml_.size());
    for (size_t pos = xml_.find(attr, start); pos != std::string_view::npos && pos < end;
         pos = xml_.find(attr, pos + 1)) {
      const char before = pos > 0 ? xml_[pos - 1] : ' ';
      size_t after = pos + attr.size();
      while (after < end && std::strchr(" \t\r\n", xml_[after]) != nullptr) ++after;
      if (std::strchr(" \t\r\n", before) != nullptr && after < end && xml_[after] == '=') {
        return LineOf(pos);
      }
    }
    return LineOf(start);
  }

  void Error(uint32_t line, std::string_view rule_id, std::string_view what) {
    ++rule_errors_;
    FileLoc at;
    at.file = std::string(name_);
    at.line = line;
    errors_.push_back(Status::At(StatusCode::kInvalidArgument, std::move(at),
                                 rule_id.empty() ? std::string(what)
                                                 : fmt::format("rule '{}': {}", rule_id, what)));
  }
  void RuleError(uint32_t line, std::string_view what) { Error(line, rule_id_, what); }

  // Calls parse(c) for each element child `c` of `n` named `want`; any other element is
  // an error "unexpected <x> in <n> (want <want>)" of `rule_id` ("" outside a rule).
  template <typename Fn>
  void ForEachChild(const pugi::xml_node& n, std::string_view want, std::string_view rule_id,
                    Fn&& parse) {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      if (std::string_view(c.name()) == want) {
        parse(c);
      } else {
        Error(LineOf(c), rule_id, fmt::format("unexpected <{}> in <{}> (want <{}>)",
                                              Echo(c.name()), n.name(), want));
      }
    }
  }

  // Every attribute of `n` must be in `allowed`.
  void CheckAttributes(const pugi::xml_node& n, std::initializer_list<std::string_view> allowed) {
    for (const pugi::xml_attribute a : n.attributes()) {
      if (std::find(allowed.begin(), allowed.end(), std::string_view(a.name())) == allowed.end()) {
        RuleError(AttrLine(n, a.name()),
                  fmt::format("unknown attribute '{}' on <{}>", Echo(a.name()), n.name()));
      }
    }
  }

  bool ParseDurationAttr(const pugi::xml_node& n, const char* attr, int64_t& out) {
    const pugi::xml_attribute a = n.attribute(attr);
    if (!a) {
      RuleError(LineOf(n), fmt::format("<{}> needs {}=\"…\" (a duration like 1h or 30m)",
                                       n.name(), attr));
      return false;
    }
    if (!ParseDuration(Trim(a.value()), out)) {
      RuleError(AttrLine(n, attr), fmt::format("{}='{}' is not a duration (want e.g. 1h, 30m, "
                                               "90s, 1h30m or PT1H)", attr, Echo(a.value())));
      return false;
    }
    return true;
  }

  bool ParseCountAttr(const pugi::xml_node& n, const char* attr, uint64_t lo, uint64_t hi,
                      uint64_t& out) {
    const pugi::xml_attribute a = n.attribute(attr);
    if (!a) {
      RuleError(LineOf(n), fmt::format("<{}> needs {}=\"…\"", n.name(), attr));
      return false;
    }
    if (!ParseUnsigned(a.value(), out) || out < lo || out > hi) {
      RuleError(AttrLine(n, attr), fmt::format("{}='{}' is not a whole number in {}..{}", attr,
                                               Echo(a.value()), lo, hi));
      return false;
    }
    return true;
  }

  void CompileRegex(const pugi::xml_node& n, Predicate& p) {
    std::string pattern = n.attribute("regex").value();
    const bool defer = defer_imported_patterns_ && rule_imported_ && BoundedBelowCaps(pattern);
    std::unique_ptr<RE2> re = defer ? ParseRulePattern(pattern) : CompileRulePattern(pattern);
    const uint32_t line = AttrLine(n, "regex");
    if (!RulePatternSyntaxOk(*re, defer)) {
      RuleError(line, fmt::format("bad regex: {} (at '{}')", re->error(), Echo(re->error_arg())));
      return;
    }
    if (!defer && re->ProgramSize() > kRegexMaxProgramSize) {
      RuleError(line, fmt::format("regex too large: program size {} > {}", re->ProgramSize(),
                                  kRegexMaxProgramSize));
      return;
    }
    for (const auto& [group, index] : re->NamedCapturingGroups()) {
      p.regex_groups.emplace_back(group, index);
    }
    // Captures keep the order of the groups in the pattern, not the map's name order.
    std::sort(p.regex_groups.begin(), p.regex_groups.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    p.regex = defer ? std::make_unique<RulePattern>(std::move(pattern))
                    : std::make_unique<RulePattern>(std::move(re));
  }

  bool ParsePredicate(const pugi::xml_node& n, int depth, Predicate& p) {
    p.line = LineOf(n);
    const std::string_view tag = n.name();
    if (depth > kMaxPredicateDepth) {
      RuleError(p.line, fmt::format("predicates nested deeper than {}", kMaxPredicateDepth));
      return false;
    }
    if (tag == "prefer" || tag == "any" || tag == "all") {
      CheckAttributes(n, {});
      p.kind = tag == "prefer" ? PredicateKind::kPrefer
               : tag == "any"  ? PredicateKind::kAny
                               : PredicateKind::kAll;
      for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        const std::string_view ct = c.name();
        if (ct != "field" && ct != "message" && ct != "prefer" && ct != "any" && ct != "all") {
          RuleError(LineOf(c), fmt::format("unexpected <{}> in <{}> (want <field>, <message>, "
                                           "<prefer>, <any> or <all>)", Echo(ct), tag));
          return false;
        }
        Predicate child;
        if (!ParsePredicate(c, depth + 1, child)) return false;
        p.children.push_back(std::move(child));
      }
      if (p.children.size() < (p.kind == PredicateKind::kAll ? 1u : 2u)) {
        RuleError(p.line, fmt::format("<{}> needs at least {}", tag,
                                      p.kind == PredicateKind::kAll ? "one predicate"
                                                                    : "two alternatives"));
        return false;
      }
      return true;
    }
    const size_t errors_before = rule_errors_;
    if (tag == "field") {
      CheckAttributes(n, {"name", "index", "equals", "regex", "ignore-case", "capture"});
      p.kind = PredicateKind::kField;
      const bool by_name = !n.attribute("name").empty();
      const bool by_index = !n.attribute("index").empty();
      if (by_name == by_index) {
        RuleError(p.line, "<field> needs exactly one of name=\"…\" or index=\"N\"");
        return false;
      }
      if (by_name) {
        p.field_name = n.attribute("name").value();
        if (p.field_name.empty()) {
          RuleError(AttrLine(n, "name"), "<field> name is empty");
          return false;
        }
      } else {
        uint64_t index = 0;
        if (!ParseCountAttr(n, "index", 1, 1024, index)) return false;
        p.field_index = static_cast<uint32_t>(index);
      }
    } else {
      CheckAttributes(n, {"equals", "regex", "ignore-case", "capture"});
      p.kind = PredicateKind::kMessage;
    }
    if (n.attribute("equals")) {
      p.has_equals = true;
      p.equals = n.attribute("equals").value();
    }
    if (const pugi::xml_attribute ic = n.attribute("ignore-case")) {
      const std::string_view v = ic.value();
      if (v != "true" && v != "false") {
        RuleError(AttrLine(n, "ignore-case"), fmt::format("ignore-case='{}' (want true or false)",
                                                          Echo(v)));
      }
      p.ignore_case = v == "true";
    }
    if (n.attribute("capture")) {
      p.capture = n.attribute("capture").value();
      if (!ValidId(p.capture)) {
        RuleError(AttrLine(n, "capture"),
                  fmt::format("capture='{}' is not a name (a-z, 0-9, '-', '_', '.')",
                              Echo(p.capture)));
      }
    }
    if (n.attribute("regex")) CompileRegex(n, p);
    if (!p.has_equals && !n.attribute("regex") && p.capture.empty()) {
      RuleError(p.line, fmt::format("<{}> needs equals=, regex= or capture=", tag));
    }
    return rule_errors_ == errors_before;
  }

  void ParseIdList(const pugi::xml_node& n, Condition& c) {
    const std::string_view text = n.text().get();
    size_t i = 0;
    bool any = false;
    while (i < text.size()) {
      while (i < text.size() && std::strchr(" \t\r\n,", text[i]) != nullptr) ++i;
      size_t j = i;
      while (j < text.size() && std::strchr(" \t\r\n,", text[j]) == nullptr) ++j;
      if (j == i) break;
      const std::string_view token = text.substr(i, j - i);
      i = j;
      const size_t dash = token.find('-');
      uint64_t lo = 0, hi = 0;
      const bool ok = dash == std::string_view::npos
                          ? (ParseUnsigned(token, lo) && (hi = lo, true))
                          : (ParseUnsigned(token.substr(0, dash), lo) &&
                             ParseUnsigned(token.substr(dash + 1), hi));
      if (!ok || lo > 65535 || hi > 65535 || lo > hi) {
        RuleError(LineOf(n), fmt::format("<event-id> '{}' is not an id or range in 0..65535",
                                         Echo(token)));
        return;
      }
      if (c.event_ids.size() + (hi - lo + 1) > kMaxEventIdsPerCondition) {
        RuleError(LineOf(n), fmt::format("more than {} event ids in one <when>",
                                         kMaxEventIdsPerCondition));
        return;
      }
      for (uint64_t id = lo; id <= hi; ++id) c.event_ids.push_back(static_cast<uint16_t>(id));
      any = true;
    }
    if (!any) RuleError(LineOf(n), "<event-id> is empty");
  }

  void ParseLevels(const pugi::xml_node& n, Condition& c) {
    static constexpr std::pair<std::string_view, int> kNames[] = {
        {"critical", 1}, {"error", 2}, {"warning", 3}, {"information", 4}, {"info", 4},
        {"verbose", 5}};
    const std::string text = ToLowerAscii(n.text().get());
    std::string_view rest = text;
    bool any = false;
    while (!rest.empty()) {
      const size_t skip = rest.find_first_not_of(" \t\r\n,");
      if (skip == std::string_view::npos) break;
      rest.remove_prefix(skip);
      const size_t end = std::min(rest.find_first_of(" \t\r\n,"), rest.size());
      const std::string_view token = rest.substr(0, end);
      rest.remove_prefix(end);
      int level = -1;
      for (const auto& [nm, v] : kNames) {
        if (token == nm) level = v;
      }
      uint64_t num = 0;
      if (level < 0 && ParseUnsigned(token, num) && num <= 5) level = static_cast<int>(num);
      if (level < 0) {
        RuleError(LineOf(n), fmt::format("<level> '{}' is not critical, error, warning, "
                                         "information, verbose or 0..5", Echo(token)));
        return;
      }
      c.level_mask = static_cast<uint8_t>(c.level_mask | (1u << level));
      any = true;
    }
    if (!any) RuleError(LineOf(n), "<level> is empty");
  }

  bool ParseCondition(const pugi::xml_node& n, Condition& c) {
    c.line = LineOf(n);
    const size_t errors_before = rule_errors_;
    CheckAttributes(n, {});
    for (pugi::xml_node e = n.first_child(); e; e = e.next_sibling()) {
      if (e.type() != pugi::node_element) continue;
      const std::string_view tag = e.name();
      if (tag == "provider" || tag == "channel") {
        CheckAttributes(e, {});
        const std::string_view v = Trim(e.text().get());
        if (v.empty() || v.size() > kMaxProviderLength) {
          RuleError(LineOf(e), fmt::format("<{}> must hold 1..{} characters", tag,
                                           kMaxProviderLength));
          continue;
        }
        (tag == "provider" ? c.providers : c.channels).push_back(ToLowerAscii(v));
      } else if (tag == "event-id") {
        CheckAttributes(e, {});
        ParseIdList(e, c);
      } else if (tag == "level") {
        CheckAttributes(e, {});
        ParseLevels(e, c);
      } else if (tag == "field" || tag == "message" || tag == "prefer" || tag == "any" ||
                 tag == "all") {
        Predicate p;
        if (ParsePredicate(e, 1, p)) c.predicates.push_back(std::move(p));
      } else {
        RuleError(LineOf(e), fmt::format("unexpected <{}> in <when>", Echo(tag)));
      }
    }
    std::sort(c.event_ids.begin(), c.event_ids.end());
    c.event_ids.erase(std::unique(c.event_ids.begin(), c.event_ids.end()), c.event_ids.end());
    if (rule_errors_ == errors_before && c.providers.empty() && c.event_ids.empty()) {
      // Keeps Select() indexed: every condition names a provider or an event id.
      RuleError(c.line, "<when> needs a <provider> or an <event-id>");
    }
    return rule_errors_ == errors_before;
  }

  // <when> children of a rule or a step.
  void ParseConditions(const pugi::xml_node& parent, Step& step) {
    for (pugi::xml_node w = parent.child("when"); w; w = w.next_sibling("when")) {
      Condition c;
      if (ParseCondition(w, c)) step.conditions.push_back(std::move(c));
    }
  }

  void ParseSequence(const pugi::xml_node& n, Rule& r) {
    CheckAttributes(n, {"within", "order", "join"});
    r.kind = RuleKind::kSequence;
    (void)ParseDurationAttr(n, "within", r.within);
    if (const pugi::xml_attribute o = n.attribute("order")) {
      const std::string_view v = o.value();
      if (v != "in-order" && v != "any") {
        RuleError(AttrLine(n, "order"), fmt::format("order='{}' (want in-order or any)", Echo(v)));
      }
      r.in_order = v != "any";
    }
    r.join = n.attribute("join").value();
    ForEachChild(n, "step", rule_id_, [&](const pugi::xml_node& c) { ParseStep(c, r); });
    if (r.steps.size() < 2) {
      RuleError(LineOf(n), "<sequence> needs at least two <step>s");
    } else if (r.steps.back().absent) {
      RuleError(r.steps.back().line, "the last <step> of a <sequence> cannot be absent");
    }
  }

  void ParseStep(const pugi::xml_node& c, Rule& r) {
    CheckAttributes(c, {"id", "absent"});
    Step s;
    s.line = LineOf(c);
    s.id = c.attribute("id").value();
    if (!ValidId(s.id)) {
      RuleError(s.line, fmt::format("<step> id='{}' is missing or not a name", Echo(s.id)));
    }
    for (const Step& other : r.steps) {
      if (other.id == s.id) RuleError(s.line, fmt::format("duplicate step id '{}'", Echo(s.id)));
    }
    if (const pugi::xml_attribute a = c.attribute("absent")) {
      const std::string_view v = a.value();
      if (v != "true" && v != "false") {
        RuleError(AttrLine(c, "absent"), fmt::format("absent='{}' (want true or false)", Echo(v)));
      }
      s.absent = v == "true";
    }
    // Only <when> children: ParseConditions reads them.
    ForEachChild(c, "when", rule_id_, [](const pugi::xml_node&) {});
    ParseConditions(c, s);
    if (c.child("when").empty()) RuleError(s.line, "<step> needs at least one <when>");
    r.steps.push_back(std::move(s));
  }

  void ParseExample(const pugi::xml_node& n, Rule& r) {
    CheckAttributes(n, {"expect", "count", "name"});
    Example ex;
    ex.line = LineOf(n);
    ex.name = n.attribute("name").value();
    if (ex.name.empty()) ex.name = fmt::format("example {}", r.examples.size() + 1);
    const std::string_view expect = n.attribute("expect").value();
    if (expect == "match") {
      ex.expect_match = true;
    } else if (expect == "no-match") {
      ex.expect_match = false;
    } else {
      RuleError(n.attribute("expect") ? AttrLine(n, "expect") : ex.line,
                fmt::format("<example> expect='{}' (want match or no-match)", Echo(expect)));
    }
    if (n.attribute("count")) {
      uint64_t count = 0;
      if (ParseCountAttr(n, "count", 1, 1000000, count)) ex.expect_count = static_cast<int64_t>(count);
      if (!ex.expect_match) RuleError(AttrLine(n, "count"), "count= only goes with expect=\"match\"");
    }
    readers::XmlEventScratch scratch;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view tag = readers::LocalName(c);
      if (tag == "capture") {
        CheckAttributes(c, {"name", "value"});
        if (!c.attribute("name") || !c.attribute("value")) {
          RuleError(LineOf(c), "<capture> needs name= and value=");
          continue;
        }
        ex.captures.push_back({c.attribute("name").value(), c.attribute("value").value()});
        continue;
      }
      if (tag != "Event") {
        RuleError(LineOf(c), fmt::format("unexpected <{}> in <example> (want <Event> or <capture>)",
                                         Echo(c.name())));
        continue;
      }
      if (ex.events.size() >= kMaxExampleEvents) {
        RuleError(LineOf(c), fmt::format("more than {} events in one example", kMaxExampleEvents));
        break;
      }
      Event ev;
      ev.format = InputFormat::kXml;
      ev.where.line = LineOf(c);
      const Status s = readers::EventFromXml(c, scratch, ev);
      if (!s.ok()) {
        RuleError(LineOf(c), fmt::format("example event: {}", s.message()));
        continue;
      }
      ex.events.emplace_back(ev);
    }
    if (ex.events.empty()) RuleError(ex.line, "<example> holds no <Event>");
    if (!ex.captures.empty() && !ex.expect_match) {
      RuleError(ex.line, "<capture> only goes in an expect=\"match\" example");
    }
    (ex.expect_match ? r.info.positive_examples : r.info.negative_examples) += 1;
    r.examples.push_back(std::move(ex));
  }

  // The attributes of <rule>: id, title, severity, kb, cause, imported.
  void ParseRuleAttributes(const pugi::xml_node& n, Rule& r) {
    CheckAttributes(n, {"id", "title", "severity", "kb", "cause", "imported"});
    if (const pugi::xml_attribute imp = n.attribute("imported")) {
      const std::string_view v = imp.value();
      if (v != "true" && v != "false") RuleError(AttrLine(n, "imported"), "imported must be true or false");
      r.info.imported = v == "true";
    }
    rule_imported_ = r.info.imported;
    if (!ValidId(r.info.id)) {
      RuleError(n.attribute("id") ? AttrLine(n, "id") : r.info.line,
                "id is missing or not a name (1-128 of a-z, 0-9, '-', '_', '.')");
    }
    r.info.title = Trim(n.attribute("title").value());
    if (r.info.title.empty()) RuleError(r.info.line, "title is missing");
    const std::string_view severity = n.attribute("severity").value();
    if (!ParseRuleSeverity(severity, r.info.severity)) {
      RuleError(n.attribute("severity") ? AttrLine(n, "severity") : r.info.line,
                fmt::format("severity='{}' (want info, low, medium, high or critical)",
                            Echo(severity)));
    }
    r.info.kb = n.attribute("kb").value();
    if (!IsArticleId(r.info.kb)) {
      RuleError(n.attribute("kb") ? AttrLine(n, "kb") : r.info.line,
                fmt::format("kb='{}' is not an article id (want e.g. KB316772 or "
                            "FC-CP_REG_CKPT_RESTORE_FAILED or LX-NAME)", Echo(r.info.kb)));
    }
    if (n.attribute("cause")) {
      r.info.cause = n.attribute("cause").value();
      if (!ValidId(r.info.cause)) {
        RuleError(AttrLine(n, "cause"), fmt::format("cause='{}' is not a name", Echo(r.info.cause)));
      }
    }
  }

  // <count min within group-by>; `again`: the rule already has a <count> or <repeat>.
  void ParseCount(const pugi::xml_node& c, bool again, Rule& r) {
    CheckAttributes(c, {"min", "within", "group-by"});
    if (again) RuleError(LineOf(c), "only one <count> or <repeat> per rule");
    r.kind = RuleKind::kCount;
    uint64_t min = 0;
    if (ParseCountAttr(c, "min", 1, 1000000, min)) r.min_count = static_cast<uint32_t>(min);
    (void)ParseDurationAttr(c, "within", r.within);
    r.group_by = c.attribute("group-by").value();
  }

  // <repeat every tolerance min group-by>; `again` as for ParseCount.
  void ParseRepeat(const pugi::xml_node& c, bool again, Rule& r) {
    CheckAttributes(c, {"every", "tolerance", "min", "group-by"});
    if (again) RuleError(LineOf(c), "only one <count> or <repeat> per rule");
    r.kind = RuleKind::kRepeat;
    uint64_t min = 0;
    if (ParseCountAttr(c, "min", 2, 1000000, min)) r.min_count = static_cast<uint32_t>(min);
    if (ParseDurationAttr(c, "every", r.every) &&
        ParseDurationAttr(c, "tolerance", r.tolerance) && r.tolerance >= r.every) {
      RuleError(AttrLine(c, "tolerance"), "tolerance must be shorter than every");
    }
    r.group_by = c.attribute("group-by").value();
  }

  // <suppress rule scope within>.
  void ParseSuppress(const pugi::xml_node& c, Rule& r) {
    CheckAttributes(c, {"rule", "scope", "within"});
    Suppression s;
    s.line = LineOf(c);
    s.target_id = c.attribute("rule").value();
    if (s.target_id.empty()) RuleError(s.line, "<suppress> needs rule=\"id\"");
    const std::string_view scope = c.attribute("scope").value();
    if (scope.empty() || scope == "record") {
      s.scope = SuppressScope::kRecord;
      if (c.attribute("within")) {
        RuleError(AttrLine(c, "within"), "within= only goes with scope=\"window\"");
      }
    } else if (scope == "window") {
      s.scope = SuppressScope::kWindow;
      (void)ParseDurationAttr(c, "within", s.within);
    } else {
      RuleError(AttrLine(c, "scope"), fmt::format("scope='{}' (want record or window)",
                                                  Echo(scope)));
    }
    r.suppressions.push_back(std::move(s));
  }

  void ParseExamples(const pugi::xml_node& c, Rule& r) {
    CheckAttributes(c, {});
    ForEachChild(c, "example", rule_id_, [&](const pugi::xml_node& e) { ParseExample(e, r); });
  }

  // Which of the elements that decide a rule's kind it holds.
  struct RuleShape {
    bool count = false, repeat = false, sequence = false;
  };

  // The children of <rule>; single-event conditions go to `single`.
  void ParseRuleChildren(const pugi::xml_node& n, Rule& r, Step& single, RuleShape& shape) {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view tag = c.name();
      if (tag == "description") {
        CheckAttributes(c, {});
        r.info.description = Trim(c.text().get());
      } else if (tag == "when") {
        Condition cond;
        if (ParseCondition(c, cond)) single.conditions.push_back(std::move(cond));
      } else if (tag == "count") {
        ParseCount(c, shape.count || shape.repeat, r);
        shape.count = true;
      } else if (tag == "repeat") {
        ParseRepeat(c, shape.count || shape.repeat, r);
        shape.repeat = true;
      } else if (tag == "sequence") {
        if (shape.sequence) RuleError(LineOf(c), "only one <sequence> per rule");
        shape.sequence = true;
        ParseSequence(c, r);
      } else if (tag == "suppress") {
        ParseSuppress(c, r);
      } else if (tag == "examples") {
        ParseExamples(c, r);
      } else {
        RuleError(LineOf(c), fmt::format("unexpected <{}> in <rule>", Echo(tag)));
      }
    }
  }

  // Checks across the rule's parts: its shape, and that group-by / join name a capture
  // (else every event would silently fall into one group).
  void CheckRuleShape(const pugi::xml_node& n, const RuleShape& shape, Rule& r) {
    const bool has_when = !n.child("when").empty();
    if (shape.sequence && (has_when || shape.count || shape.repeat)) {
      RuleError(r.info.line, "a rule has either <when> (with optional <count>/<repeat>) or a "
                             "<sequence>, not both");
    } else if (!shape.sequence && !has_when) {
      RuleError(r.info.line, "a rule needs a <when> or a <sequence>");
    }
    if (rule_errors_ == 0 && !r.group_by.empty() && !StepCaptures(r.steps[0], r.group_by)) {
      const pugi::xml_node c = n.child(r.kind == RuleKind::kCount ? "count" : "repeat");
      RuleError(AttrLine(c, "group-by"),
                fmt::format("group-by='{}' is not captured by any <when>", Echo(r.group_by)));
    }
    if (rule_errors_ == 0 && !r.join.empty()) {
      for (const Step& s : r.steps) {
        if (!StepCaptures(s, r.join)) {
          RuleError(s.line, fmt::format("join='{}' is not captured in step '{}'", Echo(r.join), s.id));
        }
      }
    }
  }

  // A rule without examples is allowed by the loader (a user's draft); `logrx rules test`
  // fails it.
  void ParseRule(const pugi::xml_node& n) {
    rule_errors_ = 0;
    Rule r;
    r.info.file = std::string(name_);
    r.info.line = LineOf(n);
    r.info.id = n.attribute("id").value();
    rule_id_ = r.info.id.empty() ? "?" : r.info.id;
    ParseRuleAttributes(n, r);
    Step single;
    single.line = r.info.line;
    RuleShape shape;
    ParseRuleChildren(n, r, single, shape);
    if (!shape.sequence) r.steps.push_back(std::move(single));
    CheckRuleShape(n, shape, r);
    for (const Suppression& s : r.suppressions) r.info.suppresses.push_back(s.target_id);
    if (rule_errors_ == 0) rules_.push_back(std::move(r));
  }

  std::string_view xml_;
  std::string_view name_;
  std::vector<Rule>& rules_;
  std::vector<Status>& errors_;
  LineIndex lines_;
  std::string rule_id_;
  size_t rule_errors_ = 0;
  bool skip_imported_ = false;
  bool defer_imported_patterns_ = false;
  bool rule_imported_ = false;  // of the rule being parsed
};

}  // namespace

bool ParseDuration(std::string_view text, int64_t& ticks) noexcept {
  if (text.size() >= 2 && (text.substr(0, 2) == "PT" || text.substr(0, 2) == "pt")) {
    text.remove_prefix(2);  // ISO 8601 time part: PT1H30M5S
  } else if (!text.empty() && (text[0] == 'P' || text[0] == 'p')) {
    text.remove_prefix(1);  // P2D
  }
  if (text.empty()) return false;
  int64_t total = 0;
  while (!text.empty()) {
    size_t i = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == 0 || i > 9 || i == text.size()) return false;
    int64_t n = 0;
    for (size_t k = 0; k < i; ++k) n = n * 10 + (text[k] - '0');
    int64_t unit = 0;
    switch (text[i]) {
      case 's': case 'S': unit = 1; break;
      case 'm': case 'M': unit = 60; break;
      case 'h': case 'H': unit = 3600; break;
      case 'd': case 'D': unit = 86400; break;
      default: return false;
    }
    total += n * unit;
    if (total > 100LL * 365 * 86400) return false;  // a century is plenty
    text.remove_prefix(i + 1);
  }
  if (total <= 0) return false;
  ticks = total * kTicksPerSecond;
  return true;
}

void ParseRuleDocument(std::string_view xml, std::string_view name, std::vector<Rule>& rules,
                       std::vector<Status>& errors, bool skip_imported,
                       bool defer_imported_patterns) {
  DocumentParser(xml, name, rules, errors, skip_imported, defer_imported_patterns).Run();
}

std::vector<std::string> ListRuleFiles(const std::vector<std::string>& paths,
                                       std::vector<Status>& errors) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      Result<std::vector<std::string>> listed = ListDataFiles(path, ".xml");
      if (!listed.ok()) {
        errors.push_back(listed.status());
        continue;
      }
      std::vector<std::string> found = std::move(listed).value();
      if (found.empty()) {
        errors.push_back(Status::At(StatusCode::kNotFound, FileLoc{path},
                                    "no *.xml rule files in this folder"));
      }
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      errors.push_back(Status::At(StatusCode::kNotFound, FileLoc{path}, "no such file or folder"));
    }
  }
  return files;
}

void ParseRuleFile(const std::string& file, std::vector<Rule>& rules, std::vector<Status>& errors,
                   bool skip_imported, bool defer_imported_patterns) {
  Result<std::string> text = ReadWholeFileAsString(file, kMaxRuleFileBytes);
  if (!text.ok()) {
    errors.push_back(Status::At(StatusCode::kIo, FileLoc{file}, text.status().message()));
    return;
  }
  ParseRuleDocument(text.value(), file, rules, errors, skip_imported, defer_imported_patterns);
}

}  // namespace logrx::rules::internal

namespace logrx::rules {

RuleSummaries ReadRuleSummaries(const std::vector<std::string>& paths,
                                const RuleLoadOptions& options) {
  RuleSummaries out;
  for (const std::string& file : internal::ListRuleFiles(paths, out.errors)) {
    std::vector<internal::Rule> rules;
    internal::ParseRuleFile(file, rules, out.errors, !options.imported);
    for (internal::Rule& r : rules) {
      RuleSummary sum;
      sum.info = std::move(r.info);
      for (const internal::Example& ex : r.examples) {
        if (!ex.expect_match) continue;
        for (const OwnedEvent& owned : ex.events) {
          const Event& ev = owned.view();
          for (const Field& f : ev.data) sum.match_texts.emplace_back(f.value);
          if (!ev.message.empty()) sum.match_texts.emplace_back(ev.message);
        }
      }
      out.rules.push_back(std::move(sum));
    }
  }
  return out;
}

bool IsArticleId(std::string_view kb) noexcept {
  if (kb.size() > 2 && kb.substr(0, 2) == "KB") {
    for (char c : kb.substr(2)) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  }
  if (kb.size() > 3 && (kb.substr(0, 3) == "FC-" || kb.substr(0, 3) == "LX-")) {
    for (char c : kb.substr(3)) {
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
  }
  return false;
}

}  // namespace logrx::rules
