// MergeFacts: combining what several files say about one host.
#include "inventory/merge_facts.h"

#include <algorithm>
#include <limits>

#include "core/strings.h"

namespace logrx::inventory {

namespace {

// Inventory exports (as_of == kNoTime) describe the host as it is now, so they rank
// after every dated log fact; dated facts rank by time.
int64_t Rank(int64_t as_of) noexcept {
  return as_of == kNoTime ? std::numeric_limits<int64_t>::max() : as_of;
}

void MergeOs(OsFacts& into, const OsFacts& from) {
  if (!from.known) {
    // A platform or edition declared without OS facts still counts.
    if (into.arch == Arch::kUnknown && from.arch != Arch::kUnknown) {
      into.arch = from.arch;
      into.arch_from = from.arch_from;
    }
    if (into.edition.empty()) into.edition = from.edition;
    into.terminal_server = into.terminal_server || from.terminal_server;
    return;
  }
  const bool sp6a_proof = (into.sp == 6 && into.sp6a) || (from.sp == 6 && from.sp6a);
  if (!into.known || Rank(from.as_of) >= Rank(into.as_of)) {
    OsFacts merged = from;
    // Keep what the winner does not say (systeminfo has no kernel type, 6009 no arch).
    if (merged.product.empty()) merged.product = into.product;
    if (merged.kernel.empty()) {
      merged.kernel = into.kernel;
      merged.multiprocessor = into.multiprocessor;
      merged.checked_build = into.checked_build;
    }
    if (merged.arch == Arch::kUnknown) {
      merged.arch = into.arch;
      merged.arch_from = into.arch_from;
    }
    if (merged.edition.empty()) merged.edition = into.edition;
    merged.terminal_server = merged.terminal_server || into.terminal_server;
    into = std::move(merged);
  } else {
    if (into.arch == Arch::kUnknown) {
      into.arch = from.arch;
      into.arch_from = from.arch_from;
    }
    if (into.edition.empty()) into.edition = from.edition;
  }
  into.sp6a = into.sp == 6 && sp6a_proof;
}

}  // namespace

void MergeFacts(HostFacts& into, const HostFacts& from) {
  if (into.host.empty()) into.host = from.host;
  MergeOs(into.os, from.os);
  into.boots.boots += from.boots.boots;
  into.boots.clean_shutdowns += from.boots.clean_shutdowns;
  into.boots.unexpected_shutdowns += from.boots.unexpected_shutdowns;
  into.boots.version_reports += from.boots.version_reports;
  if (from.boots.last_boot != kNoTime &&
      (into.boots.last_boot == kNoTime || from.boots.last_boot > into.boots.last_boot)) {
    into.boots.last_boot = from.boots.last_boot;
  }
  if (from.boots.last_unexpected != kNoTime &&
      (into.boots.last_unexpected == kNoTime ||
       from.boots.last_unexpected > into.boots.last_unexpected)) {
    into.boots.last_unexpected = from.boots.last_unexpected;
  }
  for (const HotfixFact& h : from.hotfixes) {
    if (into.FindHotfix(h.id) == nullptr) into.hotfixes.push_back(h);
  }
  for (const FileFact& f : from.files) {
    const bool dup = std::any_of(into.files.begin(), into.files.end(), [&](const FileFact& g) {
      return EqualsNoCase(g.name, f.name) && EqualsNoCase(g.path, f.path);
    });
    if (!dup) into.files.push_back(f);
  }
  into.has_hotfix_inventory = into.has_hotfix_inventory || from.has_hotfix_inventory;
  into.has_file_inventory = into.has_file_inventory || from.has_file_inventory;
  for (const std::string& p : from.products) {
    if (std::find(into.products.begin(), into.products.end(), p) == into.products.end()) {
      into.products.push_back(p);
    }
  }
  into.has_product_inventory = into.has_product_inventory || from.has_product_inventory;
  for (const std::string& s : from.inventory_sources) {
    if (std::find(into.inventory_sources.begin(), into.inventory_sources.end(), s) ==
        into.inventory_sources.end()) {
      into.inventory_sources.push_back(s);
    }
  }
}

}  // namespace logrx::inventory
