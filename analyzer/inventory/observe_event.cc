// ObserveEvent: host facts from the host's own System log. The event id is checked first
// (one switch), then the provider, so the 99.9% of unrelated events cost a compare and
// never allocate. Which events mean what: docs/inventory.md ("Facts from the log").
#include "inventory/observe_event.h"

#include <fmt/format.h>

#include "core/strings.h"
#include "core/time.h"
#include "inventory/hotfix_id.h"
#include "inventory/os_banner.h"

namespace logrx::inventory {

namespace {

bool IsEventLogSource(const Event& ev) noexcept {
  // NT4 and EVT exports use source "EventLog"; some articles and text exports print
  // "Event Log"; modern Windows still logs these under provider "EventLog".
  const std::string_view s = ev.Source();
  return EqualsNoCase(s, "EventLog") || EqualsNoCase(s, "Event Log") ||
         EqualsNoCase(ev.provider, "EventLog");
}

FactSource SourceOf(const Event& ev, std::string_view detail) {
  FactSource src;
  src.file_id = ev.where.file_id;
  src.line = ev.where.line;
  src.record_id = ev.record_id;
  src.detail.assign(detail);
  return src;
}

// Later-in-time 6009s win; equal or unknown times: the one seen last wins.
bool IsNewer(int64_t candidate, int64_t current) noexcept {
  return current == kNoTime || candidate == kNoTime || candidate >= current;
}

void ObserveOsVersion(const Event& ev, HostFacts& facts) {
  ++facts.boots.version_reports;
  if (ev.time_created != kNoTime &&
      (facts.boots.last_boot == kNoTime || ev.time_created > facts.boots.last_boot)) {
    facts.boots.last_boot = ev.time_created;
  }
  if (facts.os.known && facts.os.from.record_id != 0 && !IsNewer(ev.time_created, facts.os.as_of)) {
    return;
  }
  OsFacts os = facts.os;
  bool ok = !ev.message.empty() && ParseOsBanner(ev.message, os);
  if (!ok) ok = ParseOsInsertionStrings(ev.data, os);
  if (!ok) return;
  // A 6009 cannot tell SP6 from SP6a; keep an SP6a proof from the registry if any.
  os.sp6a = os.sp == 6 && (os.sp6a || (facts.os.sp == 6 && facts.os.sp6a));
  os.as_of = ev.time_created;
  os.from = SourceOf(ev, "EventLog 6009");
  facts.os = std::move(os);
}

void AddHotfix(const Event& ev, HostFacts& facts, std::string_view provider_label) {
  std::string id;
  std::string_view title = ev.Data("updateTitle");
  bool found = !title.empty() && FindHotfixIdInText(title, id);
  if (!found && !ev.message.empty()) found = FindHotfixIdInText(ev.message, id);
  for (size_t i = 0; !found && i < ev.data.size() && i < 8; ++i) {
    found = FindHotfixIdInText(ev.data[i].value, id);
    if (found && title.empty()) title = ev.data[i].value;
  }
  if (!found) return;
  if (facts.FindHotfix(id) != nullptr) return;
  HotfixFact h;
  h.id = id;
  h.description.assign(Trim(title.empty() ? ev.message : title, kSpaceOrNul));
  if (h.description.size() > 256) h.description.resize(256);
  if (ev.time_created != kNoTime) h.installed_on = FormatIsoDate(ev.time_created);
  h.from = SourceOf(ev, fmt::format("{} {}", provider_label, ev.event_id));
  facts.hotfixes.push_back(std::move(h));
}

}  // namespace

bool MayObserve(const Event& ev) noexcept {
  switch (ev.event_id) {  // the cases of ObserveEvent
    case 6005:
    case 6006:
    case 6008:
    case 6009:
    case 19:
    case 4377:
      return true;
    default:
      return false;
  }
}

void ObserveEvent(const Event& ev, HostFacts& facts) {
  switch (ev.event_id) {
    case 6005:
      if (!IsEventLogSource(ev)) return;
      ++facts.boots.boots;
      if (ev.time_created != kNoTime &&
          (facts.boots.last_boot == kNoTime || ev.time_created > facts.boots.last_boot)) {
        facts.boots.last_boot = ev.time_created;
      }
      break;
    case 6006:
      if (IsEventLogSource(ev)) ++facts.boots.clean_shutdowns;
      return;
    case 6008:  // also the TSE text "The last system shutdown was unexpected."
      if (!IsEventLogSource(ev)) return;
      ++facts.boots.unexpected_shutdowns;
      if (ev.time_created != kNoTime && (facts.boots.last_unexpected == kNoTime ||
                                         ev.time_created > facts.boots.last_unexpected)) {
        facts.boots.last_unexpected = ev.time_created;
      }
      break;
    case 6009:
      if (!IsEventLogSource(ev)) return;
      ObserveOsVersion(ev, facts);
      break;
    case 19:  // "Installation Successful: Windows successfully installed the following update"
      if (EqualsNoCase(ev.provider, "Microsoft-Windows-WindowsUpdateClient") ||
          EqualsNoCase(ev.Source(), "Windows Update Agent")) {
        AddHotfix(ev, facts, ev.Source());
      }
      return;
    case 4377:  // Windows 2000/XP/2003: "Windows ... Hotfix KB###### was installed."
      if (EqualsNoCase(ev.Source(), "NtServicePack")) AddHotfix(ev, facts, "NtServicePack");
      return;
    default:
      return;
  }
  if (facts.host.empty() && !ev.computer.empty()) facts.host.assign(ev.computer);
}

}  // namespace logrx::inventory
