#include "support/kb_fixtures.h"

#include <cstdlib>

#include <doctest/doctest.h>

#include "core/diagnostic.h"
#include "core/time.h"

namespace logrx::testkb {

std::shared_ptr<const kb::KnowledgeBase> ShippedKb() {
  NullDiagnosticSink sink;
  auto kb = kb::KnowledgeBase::Load(std::string(LOGRX_SOURCE_DIR) + "/kb", sink);
  REQUIRE_MESSAGE(kb.ok(), kb.status().ToString());
  return kb.value();
}

inventory::HostFacts Nt4Host(const std::string& name, int sp, bool sp6a) {
  inventory::HostFacts h;
  h.host = name;
  if (sp >= 0) {
    h.os.known = true;
    h.os.product = "Windows NT";
    h.os.version = "4.0";
    h.os.build = "1381";
    h.os.sp = sp;
    h.os.csd = sp > 0 ? "Service Pack " + std::to_string(sp) : "";
    h.os.sp6a = sp6a;
    h.os.kernel = "Multiprocessor Free";
    h.os.multiprocessor = true;
    h.os.from.file = name + "-System.xml";
    h.os.from.record_id = 2;
    h.os.from.detail = "EventLog 6009";
  }
  return h;
}

void AddFile(inventory::HostFacts& h, const std::string& lower_name, const std::string& version,
             const std::string& date, uint64_t size, inventory::Arch arch) {
  inventory::FileFact f;
  f.name = lower_name;
  f.path = "C:\\WINNT\\system32\\" + lower_name;
  if (!version.empty()) {
    f.has_version = true;
    f.file_version = version;
  }
  if (!date.empty()) {
    int64_t t = 0;
    REQUIRE(ParseIso8601(date + "T12:00:00Z", t));
    f.has_time = true;
    f.time = t;
  }
  if (size != 0) {
    f.has_size = true;
    f.size = size;
  }
  f.arch = arch;
  f.from.file = h.host + "-files.csv";
  f.from.line = static_cast<uint32_t>(h.files.size() + 2);
  h.files.push_back(f);
  h.has_file_inventory = true;
}

void AddHotfix(inventory::HostFacts& h, const std::string& id) {
  inventory::HotfixFact f;
  f.id = id;
  f.from.file = h.host + "-hotfix.reg";
  f.from.line = static_cast<uint32_t>(h.hotfixes.size() + 3);
  h.hotfixes.push_back(f);
  h.has_hotfix_inventory = true;
}

rules::Match Match1024(const std::string& host, const std::string& kb, const std::string& cause,
                       const std::string& key, const std::string& resource) {
  rules::Match m;
  m.rule_id = "clussvc-1024-test";
  m.title = "ClusSvc 1024";
  m.kb = kb;
  m.cause = cause;
  m.severity = rules::RuleSeverity::kHigh;
  m.host = host;
  m.count = 1;
  m.captures = {{"resource", resource}, {"key", key}};
  rules::EvidenceRef e;
  e.record_id = 1234;
  e.event_id = 1024;
  e.provider = "ClusSvc";
  e.channel = "System";
  m.evidence.push_back(e);
  return m;
}

}  // namespace logrx::testkb
