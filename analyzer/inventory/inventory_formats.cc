// Parsers for the inventory exports (docs/inventory.md "Inventory files"). Each CSV format
// shares one loop: skip wmic's blank first line and PowerShell's "#TYPE" line, take the
// header, then check every row against it; bad rows are reported with file:line.
#include "inventory/inventory_formats.h"

#include <fmt/format.h>

#include <vector>

#include "core/csv_reader.h"
#include "core/host_from_path.h"
#include "core/numbers.h"
#include "core/strings.h"
#include "core/text_lines.h"
#include "core/time.h"
#include "core/windows_text.h"
#include "inventory/dir_listing.h"
#include "inventory/hotfix_id.h"
#include "inventory/hotfix_table.h"
#include "inventory/merge_facts.h"
#include "inventory/os_banner.h"
#include "inventory/reg_file.h"
#include "inventory/systeminfo_list.h"

namespace logrx::inventory {

std::string_view InventoryFormatName(InventoryFormat f) noexcept {
  switch (f) {
    case InventoryFormat::kSystemInfo: return "systeminfo /fo csv";
    case InventoryFormat::kWmicQfe: return "wmic qfe list full /format:csv";
    case InventoryFormat::kGetHotFix: return "Get-HotFix | Export-Csv";
    case InventoryFormat::kRegHotfix: return "reg export of the Hotfix key";
    case InventoryFormat::kFileList: return "Get-ChildItem file listing (Export-Csv)";
    case InventoryFormat::kHostDeclaration: return "[logrx host] declaration";
    case InventoryFormat::kDirListing: return "dir listing";
    case InventoryFormat::kSystemInfoList: return "systeminfo (list)";
    case InventoryFormat::kHotfixTable: return "hotfix table (wmic qfe or Get-HotFix as text)";
    case InventoryFormat::kUnknown: break;
  }
  return "unknown";
}

namespace {

constexpr size_t kNpos = static_cast<size_t>(-1);

// The host a path listed over the network names ("\\EXCLUS1\ADMIN$\system32\winlogon.exe"
// -> "EXCLUS1"); "" for a local path.
std::string_view UncHost(std::string_view path) noexcept {
  if (path.size() <= 2 || path[0] != '\\' || path[1] != '\\') return {};
  const std::string_view unc = path.substr(2);
  return unc.substr(0, unc.find('\\'));
}

struct Columns {
  std::vector<std::string> names;
  size_t Find(std::string_view name) const noexcept {
    for (size_t i = 0; i < names.size(); ++i) {
      if (EqualsNoCase(Trim(names[i], kSpaceOrNul), name)) return i;
    }
    return kNpos;
  }
  bool Has(std::string_view name) const noexcept { return Find(name) != kNpos; }
};

bool FileListColumns(const Columns& h) {
  return h.Has("VersionInfo") || h.Has("VersionInfo.FileVersion") || h.Has("FileVersion") ||
         h.Has("FileVersionRaw") || h.Has("Length");
}

InventoryFormat FormatFromHeader(const Columns& h) {
  if (h.Has("Host Name") && h.Has("OS Name")) return InventoryFormat::kSystemInfo;
  if (h.Has("HotFixID") && h.Has("Node")) return InventoryFormat::kWmicQfe;
  if (h.Has("HotFixID")) return InventoryFormat::kGetHotFix;
  // A file listing names each file by FullName, or by Name in Directory (DirectoryName):
  // Get-ChildItem | Select Name,Directory,Length,LastWriteTime,FileVersion.
  const bool named = h.Has("FullName") || (h.Has("Name") && (h.Has("Directory") || h.Has("DirectoryName")));
  if (named && FileListColumns(h)) return InventoryFormat::kFileList;
  return InventoryFormat::kUnknown;
}

// For a header that looks like a file listing but cannot locate its files: the column that
// is missing ("" when it does not look like a file listing at all).
std::string MissingFileListColumn(const Columns& h) {
  if (!FileListColumns(h) || h.Has("FullName") || h.Has("HotFixID")) return "";
  if (!h.Has("Name")) return "FullName (or Name and Directory)";
  if (!h.Has("Directory") && !h.Has("DirectoryName")) return "Directory (or FullName)";
  return "";
}

// Reads up to the CSV header; true with `header` filled when one was found.
bool ReadHeader(CsvReader& csv, Columns& header, uint32_t& header_line) {
  CsvRecord rec;
  for (int i = 0; i < 8 && csv.Next(rec); ++i) {
    if (!rec.error.empty() || rec.unclosed_quote) return false;
    if (rec.blank) continue;                                     // wmic's leading empty line
    if (!rec.fields.empty() && StartsWithNoCase(rec.fields[0], "#TYPE")) continue;  // Export-Csv
    header.names = std::move(rec.fields);
    header_line = rec.line;
    return true;
  }
  return false;
}

std::string_view Cell(const std::vector<std::string>& row, size_t col) noexcept {
  return col < row.size() ? Trim(row[col], kSpaceOrNul) : std::string_view();
}

// PowerShell's Format-Table ends a cell that does not fit the console with "..." (Windows
// PowerShell) or U+2026 "…" (PowerShell 7).
bool CutByConsole(std::string_view cell) noexcept {
  return cell.ends_with("...") || cell.ends_with("\xE2\x80\xA6");
}

class FileParser {
 public:
  FileParser(std::string_view path, std::string_view fallback,
             std::map<std::string, HostFacts>& hosts, DiagnosticSink& sink)
      : path_(path), fallback_(fallback), hosts_(hosts), sink_(sink) {}

  ~FileParser() {
    for (auto& [key, facts] : local_) {
      // A file in one host's folder that describes another host: a conflict, not used.
      if (!folder_host_.empty() && key != HostKey(folder_host_)) {
        Report(Severity::kWarning, 0,
               fmt::format("describes host '{}' but sits in the folder of host '{}'; its facts "
                           "for '{}' were not used (move it to that host's folder or to the top "
                           "of --inventory)",
                           facts.host, folder_host_, facts.host));
        continue;
      }
      auto it = hosts_.find(key);
      if (it == hosts_.end()) {
        hosts_.emplace(key, std::move(facts));
      } else {
        MergeFacts(it->second, facts);
      }
    }
  }
  FileParser(const FileParser&) = delete;
  FileParser& operator=(const FileParser&) = delete;

  void Report(Severity sev, uint32_t line, std::string what) {
    ReportProblem(sink_, sev, std::string(path_), "inventory", std::move(what), line);
  }

  // Facts for `name`, or for the fallback host when the file's column is empty.
  HostFacts* Host(std::string_view name, uint32_t line) {
    std::string_view n = Trim(name, kSpaceOrNul);
    if (n.empty()) n = fallback_;
    const std::string key = HostKey(n);
    if (key.empty()) {
      Report(Severity::kError, line, "no computer name in the row or the file name; row skipped");
      return nullptr;
    }
    auto [it, added] = local_.try_emplace(key);
    if (added) {
      it->second.host.assign(Trim(n, kSpaceOrNul));
      it->second.inventory_sources.emplace_back(path_);
    }
    return &it->second;
  }

  FactSource Source(uint32_t line, std::string detail) const {
    FactSource s;
    s.file.assign(path_);
    s.line = line;
    s.detail = std::move(detail);
    return s;
  }

  void AddHotfix(HostFacts& h, std::string_view raw_id, std::string_view description,
                 std::string_view installed_on, uint32_t line, std::string_view detail) {
    std::string id;
    if (!NormalizeHotfixId(raw_id, id)) {
      ++non_ids_;
      return;
    }
    h.has_hotfix_inventory = true;
    if (id == "Q246009") {
      // Q246009 is the SP6a marker (Hotfix\Q246009\Installed = 1).
      if (!h.os.known) {
        h.os.known = true;
        h.os.product = "Windows NT";
        h.os.version = "4.0";
        h.os.build = "1381";
        h.os.sp = 6;
        h.os.from = Source(line, "Q246009 (SP6a) installed");
      }
      if (h.os.sp == 6) {
        h.os.sp6a = true;
        h.os.csd = "Service Pack 6a";
      }
    }
    if (h.FindHotfix(id) != nullptr) return;
    HotfixFact f;
    f.id = id;
    f.description.assign(Trim(description, kSpaceOrNul));
    f.installed_on.assign(Trim(installed_on, kSpaceOrNul));
    f.from = Source(line, fmt::format("{} {}", detail, Trim(raw_id, kSpaceOrNul)));
    h.hotfixes.push_back(std::move(f));
  }

  void ReportNonIds() {
    if (non_ids_ > 0) {
      Report(Severity::kNote, 0,
             fmt::format("{} hotfix entries without a KB/Q number (e.g. \"File 1\") ignored",
                         non_ids_));
    }
  }

  // The CSV loop shared by every CSV format.
  template <typename RowFn>
  void ForEachRow(std::string_view text, RowFn fn) {
    CsvReader csv(text);
    Columns header;
    uint32_t header_line = 0;
    if (!ReadHeader(csv, header, header_line)) {
      Report(Severity::kError, csv.line(), "no CSV header line; file skipped");
      return;
    }
    CsvRecord rec;
    while (csv.Next(rec)) {
      if (!rec.error.empty()) {
        Report(Severity::kError, rec.line, rec.error + "; row skipped");
        continue;
      }
      if (rec.unclosed_quote) {  // the rows after it are still read
        Report(Severity::kError, rec.line, "quoted field not closed before end of file; row skipped");
        continue;
      }
      if (rec.blank) continue;
      // Concatenated exports (systeminfo /s A >> all.csv; systeminfo /s B >> all.csv)
      // repeat the header line; it is not a host.
      if (rec.fields == header.names) continue;
      if (rec.fields.size() != header.names.size()) {
        Report(Severity::kError, rec.line,
               fmt::format("expected {} fields, found {}; row skipped", header.names.size(),
                           rec.fields.size()));
        continue;
      }
      fn(header, rec);
    }
  }

  void SystemInfo(std::string_view text);
  void SystemInfoRow(const Columns& h, const CsvRecord& rec);
  void QfeCsv(std::string_view text, InventoryFormat f);
  void RegHotfix(std::string_view text);
  void FileList(std::string_view text);
  void HostDeclaration(std::string_view text);
  void DirListing(std::string_view text);
  void SystemInfoList(std::string_view text);
  void HotfixTable(std::string_view text);
  void QfeRow(const Columns& h, const CsvRecord& rec, std::string_view label);
  bool CutKeyCell(const Columns& h, const CsvRecord& rec);
  void SetFolderHost(std::string_view host) { folder_host_ = host; }

 private:
  std::string_view folder_host_;
  std::string_view path_;
  std::string_view fallback_;
  std::map<std::string, HostFacts>& hosts_;
  DiagnosticSink& sink_;
  std::map<std::string, HostFacts> local_;
  size_t non_ids_ = 0;
};

Arch ArchFromSystemType(std::string_view s) {
  if (StartsWithNoCase(s, "x64")) return Arch::kX64;
  if (StartsWithNoCase(s, "X86")) return Arch::kX86;
  if (StartsWithNoCase(s, "ARM64")) return Arch::kArm64;
  if (StartsWithNoCase(s, "Itanium") || StartsWithNoCase(s, "IA64")) return Arch::kIa64;
  if (StartsWithNoCase(s, "Alpha")) return Arch::kAlpha;
  return Arch::kUnknown;
}

// "4.0.1381 Service Pack 6", "5.2.3790 Service Pack 2 Build 3790", "10.0.17763 N/A Build 17763".
bool ParseSystemInfoVersion(std::string_view text, OsFacts& os) {
  text = Trim(text, kSpaceOrNul);
  const size_t sp = text.find(' ');
  std::string_view num = text.substr(0, sp);
  std::string_view rest = sp == std::string_view::npos ? std::string_view() : Trim(text.substr(sp), kSpaceOrNul);
  const size_t d1 = num.find('.');
  const size_t d2 = d1 == std::string_view::npos ? d1 : num.find('.', d1 + 1);
  if (d2 == std::string_view::npos) return false;
  std::string version;
  if (!NormalizeOsVersion(num.substr(0, d2), version)) return false;
  std::string_view build = num.substr(d2 + 1);
  if (build.empty() || build.size() > 6) return false;
  for (char c : build) {
    if (c < '0' || c > '9') return false;
  }
  const size_t b = FindNoCase(rest, "Build");
  std::string_view csd = Trim(b == std::string_view::npos ? rest : rest.substr(0, b), kSpaceOrNul);
  if (csd == "N/A") csd = {};
  os.known = true;
  os.version = version;
  os.build.assign(build);
  os.csd.assign(csd);
  os.sp6a = false;
  os.sp = ServicePackFromCsd(os.csd, &os.sp6a);
  return true;
}

void FileParser::SystemInfo(std::string_view text) {
  ForEachRow(text, [&](const Columns& h, const CsvRecord& rec) { SystemInfoRow(h, rec); });
}

// The list layout gives the CSV layout's columns and values (inventory/systeminfo_list.h).
void FileParser::SystemInfoList(std::string_view text) {
  for (SystemInfoListRecord& r : ParseSystemInfoList(text)) {
    Columns h;
    h.names = std::move(r.names);
    CsvRecord rec;
    rec.fields = std::move(r.values);
    rec.line = r.line;
    SystemInfoRow(h, rec);
  }
}

void FileParser::SystemInfoRow(const Columns& h, const CsvRecord& rec) {
  const auto& row = rec.fields;
  HostFacts* facts = Host(Cell(row, h.Find("Host Name")), rec.line);
  if (facts == nullptr) return;
  OsFacts os = facts->os;
  if (ParseSystemInfoVersion(Cell(row, h.Find("OS Version")), os)) {
    std::string_view name = Cell(row, h.Find("OS Name"));
    if (StartsWithNoCase(name, "Microsoft ")) name.remove_prefix(10);
    os.product = name.empty() ? std::string(ProductForVersion(os.version)) : std::string(name);
    os.arch = ArchFromSystemType(Cell(row, h.Find("System Type")));
    os.arch_from = os.arch == Arch::kUnknown
                       ? std::string()
                       : fmt::format("{}:{} System Type", path_, rec.line);
    os.kernel.clear();
    os.multiprocessor = false;
    ParseKernelType(Cell(row, h.Find("OS Build Type")), os);  // "Multiprocessor Free"
    os.as_of = kNoTime;
    os.from = Source(rec.line, "systeminfo \"OS Version\"");
    facts->os = std::move(os);
  } else {
    Report(Severity::kWarning, rec.line,
           fmt::format("\"OS Version\" '{}' not understood; OS facts skipped",
                       Cell(row, h.Find("OS Version"))));
  }
  const size_t hc = h.Find("Hotfix(s)");
  if (hc == kNpos) return;
  // "3 Hotfix(s) Installed.,[01]: Q299444,[02]: KB4494440,[03]: Q246009" (or "N/A").
  std::string_view list = Cell(row, hc);
  facts->has_hotfix_inventory = true;
  size_t i = 0;
  while (i <= list.size()) {
    size_t comma = list.find(',', i);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view item = Trim(list.substr(i, comma - i), kSpaceOrNul);
    i = comma + 1;
    if (item.empty() || item.front() != '[') continue;
    const size_t colon = item.find(':');
    if (colon == std::string_view::npos) continue;
    AddHotfix(*facts, item.substr(colon + 1), "", "", rec.line, "systeminfo Hotfix(s)");
  }
}

void FileParser::QfeCsv(std::string_view text, InventoryFormat f) {
  const std::string_view label = f == InventoryFormat::kWmicQfe ? "wmic qfe HotFixID" : "Get-HotFix HotFixID";
  ForEachRow(text, [&](const Columns& h, const CsvRecord& rec) { QfeRow(h, rec, label); });
}

// The table layouts give the CSV layouts' columns (inventory/hotfix_table.h).
void FileParser::HotfixTable(std::string_view text) {
  inventory::HotfixTable table = ParseHotfixTable(text);
  Columns h;
  h.names = std::move(table.names);
  const std::string_view label = h.Has("Source") ? "Get-HotFix HotFixID" : "wmic qfe HotFixID";
  size_t cut_cells = 0;
  for (HotfixTableRow& r : table.rows) {
    CsvRecord rec;
    rec.fields = std::move(r.fields);
    rec.line = r.line;
    if (CutKeyCell(h, rec)) continue;
    for (const std::string& cell : rec.fields) cut_cells += CutByConsole(cell) ? 1 : 0;
    QfeRow(h, rec, label);
  }
  if (table.rows.empty()) Report(Severity::kWarning, 0, "hotfix table without rows");
  if (cut_cells > 0) {
    Report(Severity::kNote, 0,
           fmt::format("{} cells (Description, InstalledBy, ...) cut at the console's width were "
                       "kept as cut",
                       cut_cells));
  }
}

// A row whose hotfix id or host name was cut at the console's width is reported and not read:
// "KB29944..." is not Q29944, and "EXCHSRV0..." is not a host.
bool FileParser::CutKeyCell(const Columns& h, const CsvRecord& rec) {
  for (std::string_view col :
       {"HotFixID", "ServicePackInEffect", "Node", "PSComputerName", "CSName", "Source"}) {
    const std::string_view cell = Cell(rec.fields, h.Find(col));
    if (!CutByConsole(cell)) continue;
    Report(Severity::kError, rec.line,
           fmt::format("{} '{}' was cut at the console's width (Format-Table); row not read: "
                       "export with Export-Csv, or Format-Table -AutoSize | Out-String -Width 512",
                       col, cell));
    return true;
  }
  return false;
}

void FileParser::QfeRow(const Columns& h, const CsvRecord& rec, std::string_view label) {
  const auto& row = rec.fields;
  std::string_view host;
  for (std::string_view col : {"Node", "PSComputerName", "CSName", "Source", "__SERVER"}) {
    host = Cell(row, h.Find(col));
    if (!host.empty()) break;
  }
  HostFacts* facts = Host(host, rec.line);
  if (facts == nullptr) return;
  facts->has_hotfix_inventory = true;
  std::string_view id = Cell(row, h.Find("HotFixID"));
  std::string ignored;
  // XP/2003 list some updates as HotFixID "File 1" with the KB in ServicePackInEffect.
  if (!NormalizeHotfixId(id, ignored)) {
    std::string_view alt = Cell(row, h.Find("ServicePackInEffect"));
    if (NormalizeHotfixId(alt, ignored)) id = alt;
  }
  AddHotfix(*facts, id, Cell(row, h.Find("Description")), Cell(row, h.Find("InstalledOn")),
            rec.line, label);
}

void FileParser::RegHotfix(std::string_view text) {
  const RegFile reg = ParseRegFile(text);
  for (const auto& [line, what] : reg.errors) {
    Report(Severity::kError, line, what + "; line skipped");
  }
  HostFacts* facts = Host("", 0);
  if (facts == nullptr) return;
  constexpr std::string_view kHotfixKey = "\\Windows NT\\CurrentVersion\\Hotfix";
  bool any = false;
  for (const RegKey& key : reg.keys) {
    const size_t at = FindNoCase(key.path, kHotfixKey);
    if (at == std::string_view::npos || key.deleted) continue;
    any = true;
    std::string_view rest = std::string_view(key.path).substr(at + kHotfixKey.size());
    facts->has_hotfix_inventory = true;  // the Hotfix key itself was exported
    if (rest.empty() || rest.front() != '\\') continue;
    rest.remove_prefix(1);
    if (rest.find('\\') != std::string_view::npos) continue;  // a sub-key such as "File 1"
    const RegValue* installed = key.Find("Installed");
    if (installed != nullptr && installed->has_dword && installed->dword == 0) {
      Report(Severity::kNote, installed->line,
             fmt::format("{} has Installed=0; not counted as installed", rest));
      continue;
    }
    std::string_view description;
    if (const RegValue* c = key.Find("Comments"); c != nullptr && c->type == "sz") {
      description = c->text;
    }
    std::string_view installed_on;
    if (const RegValue* d = key.Find("Installed On"); d != nullptr && d->type == "sz") {
      installed_on = d->text;
    }
    const std::string detail = installed == nullptr
                                   ? std::string("Hotfix key (no Installed value)")
                                   : fmt::format("Hotfix key Installed={}", installed->text);
    AddHotfix(*facts, rest, description, installed_on, key.line, detail);
  }
  if (!any) {
    Report(Severity::kWarning, 0,
           "no ...\\Windows NT\\CurrentVersion\\Hotfix key in this .reg file; nothing learned");
  }
}

// First token of a version text if it is a full a.b.c.d version ("4.0.1381.7103 (x)").
bool FullVersion(std::string_view text, std::string& out) {
  text = Trim(text, kSpaceOrNul);
  std::string_view tok = text.substr(0, text.find_first_of(" \t("));
  int dots = 0;
  for (char c : tok) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  if (dots != 3 || tok.front() == '.' || tok.back() == '.' ||
      tok.find("..") != std::string_view::npos) {
    return false;
  }
  out.assign(tok);
  return true;
}

// "FileVersion:      4.0.1381.7103" line inside PowerShell's VersionInfo text.
std::string_view VersionInfoLine(std::string_view text, std::string_view key) {
  std::string_view value;
  ForEachLine(text, [&](uint32_t, std::string_view raw) {
    const std::string_view line = Trim(raw, kSpaceOrNul);
    if (line.size() > key.size() && StartsWithNoCase(line, key) && line[key.size()] == ':') {
      value = Trim(line.substr(key.size() + 1), kSpaceOrNul);
      return false;
    }
    return true;
  });
  return value;
}

void FileParser::FileList(std::string_view text) {
  ForEachRow(text, [&](const Columns& h, const CsvRecord& rec) {
    const auto& row = rec.fields;
    std::string joined;  // Directory + "\\" + Name when there is no FullName column
    std::string_view full = Cell(row, h.Find("FullName"));
    if (!h.Has("FullName")) {
      std::string_view dir = Cell(row, h.Find("Directory"));
      if (dir.empty()) dir = Cell(row, h.Find("DirectoryName"));
      const std::string_view name = Cell(row, h.Find("Name"));
      if (!name.empty()) {
        joined.assign(dir);
        if (!joined.empty() && joined.back() != '\\' && joined.back() != '/') joined += '\\';
        joined.append(name);
      }
      full = joined;
    }
    std::string_view host = Cell(row, h.Find("PSComputerName"));
    if (host.empty()) host = UncHost(full);
    HostFacts* facts = Host(host, rec.line);
    if (facts == nullptr) return;
    facts->has_file_inventory = true;
    std::string_view length = Cell(row, h.Find("Length"));
    if (full.empty()) {
      Report(Severity::kError, rec.line,
             h.Has("FullName") ? "empty FullName; row skipped" : "empty Name; row skipped");
      return;
    }
    FileFact f;
    f.path.assign(full);
    f.name = ToLowerAscii(PathBaseName(full));
    if (!length.empty()) {
      uint64_t n = 0;
      if (!ParseUnsigned(length, n)) {
        Report(Severity::kError, rec.line,
               fmt::format("Length '{}' is not a byte count; row skipped", length));
        return;
      }
      f.has_size = true;
      f.size = n;
    } else if (h.Has("Length")) {
      return;  // a directory: Get-ChildItem lists folders with an empty Length
    }
    std::string_view when = Cell(row, h.Find("LastWriteTime"));
    if (!when.empty()) {
      if (ParseLocalDateTime(when, f.time)) {
        f.has_time = true;
      } else {
        Report(Severity::kWarning, rec.line,
               fmt::format("LastWriteTime '{}' not understood; time not recorded", when));
      }
    }
    std::string_view fv, pv;
    for (std::string_view col : {"FileVersionRaw", "VersionInfo.FileVersion", "FileVersion"}) {
      fv = Cell(row, h.Find(col));
      if (!fv.empty()) break;
    }
    for (std::string_view col : {"ProductVersionRaw", "VersionInfo.ProductVersion", "ProductVersion"}) {
      pv = Cell(row, h.Find(col));
      if (!pv.empty()) break;
    }
    const std::string_view vi = Cell(row, h.Find("VersionInfo"));
    if (fv.empty() && !vi.empty()) fv = VersionInfoLine(vi, "FileVersion");
    if (pv.empty() && !vi.empty()) pv = VersionInfoLine(vi, "ProductVersion");
    f.version_text.assign(fv);
    f.has_version = FullVersion(fv, f.file_version);
    std::string product;
    if (FullVersion(pv, product)) f.product_version = product;
    f.from = Source(rec.line, "file listing");
    facts->files.push_back(std::move(f));
  });
}

bool ReadInt(std::string_view& s, int& out, size_t max_digits) noexcept {
  size_t n = 0;
  int v = 0;
  while (n < s.size() && n < max_digits && s[n] >= '0' && s[n] <= '9') {
    v = v * 10 + (s[n] - '0');
    ++n;
  }
  if (n == 0) return false;
  s.remove_prefix(n);
  out = v;
  return true;
}

bool Expect(std::string_view& s, char c) noexcept {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

}  // namespace

bool ParseLocalDateTime(std::string_view text, int64_t& filetime) noexcept {
  std::string_view s = Trim(text, kSpaceOrNul);
  CivilTime c;
  int a = 0, b = 0, y = 0;
  if (!ReadInt(s, a, 4)) return false;
  if (!s.empty() && s.front() == '-') {  // ISO: 2000-04-04 00:46:00
    y = a;
    if (!Expect(s, '-') || !ReadInt(s, c.month, 2) || !Expect(s, '-') || !ReadInt(s, c.day, 2)) {
      return false;
    }
    c.year = y;
    if (!s.empty() && (s.front() == 'T' || s.front() == ' ')) s.remove_prefix(1);
  } else {
    const char sep = s.empty() ? '\0' : s.front();
    if (sep != '/' && sep != '.') return false;
    s.remove_prefix(1);
    if (!ReadInt(s, b, 2) || !Expect(s, sep) || !ReadInt(s, y, 4)) return false;
    if (y < 100) y += y < 70 ? 2000 : 1900;
    c.year = y;
    const bool has_ampm = FindNoCase(s, "AM") != std::string_view::npos ||
                          FindNoCase(s, "PM") != std::string_view::npos;
    // en-US writes M/D/Y with AM/PM; '.' locales (de) and 24-hour '/' locales (en-GB, fr)
    // write D/M/Y. A first number above 12 can only be a day, a second above 12 only a day.
    bool month_first = sep == '/' && has_ampm;
    if (a > 12) month_first = false;
    if (b > 12) month_first = true;
    c.month = month_first ? a : b;
    c.day = month_first ? b : a;
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  }
  if (!s.empty()) {
    if (!ReadInt(s, c.hour, 2) || !Expect(s, ':') || !ReadInt(s, c.minute, 2)) return false;
    if (!s.empty() && s.front() == ':' && (s.remove_prefix(1), !ReadInt(s, c.second, 2))) {
      return false;
    }
    s = Trim(s, kSpaceOrNul);
    if (EqualsNoCase(s, "AM") || EqualsNoCase(s, "PM")) {
      if (c.hour < 1 || c.hour > 12) return false;
      if (c.hour == 12) c.hour = 0;
      if (EqualsNoCase(s, "PM")) c.hour += 12;
    } else if (!s.empty()) {
      return false;
    }
  }
  return FiletimeFromCivil(c, filetime);
}

namespace {

constexpr std::string_view kDeclarationHeader = "[logrx host]";

bool LooksLikeHostDeclaration(std::string_view text) {
  bool yes = false;
  ForEachLine(text, [&](uint32_t, std::string_view raw) {
    const std::string_view line = Trim(raw, kSpaceOrNul);
    if (line.empty()) return true;
    yes = EqualsNoCase(line, kDeclarationHeader);
    return false;
  });
  return yes;
}

}  // namespace

// docs/inventory.md "Host declaration".
void FileParser::HostDeclaration(std::string_view text) {
  std::string host;
  Arch arch = Arch::kUnknown;
  uint32_t arch_line = 0;
  std::string edition;
  std::vector<std::string> products;
  ForEachLine(text, [&](uint32_t n, std::string_view raw) {
    const std::string_view line = Trim(raw, kSpaceOrNul);
    if (line.empty() || line.front() == '#' || line.front() == ';' ||
        EqualsNoCase(line, kDeclarationHeader)) {
      return;
    }
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      Report(Severity::kWarning, n, "not 'key = value'; line skipped");
      return;
    }
    const std::string_view key = Trim(line.substr(0, eq), kSpaceOrNul);
    const std::string_view value = Trim(line.substr(eq + 1), kSpaceOrNul);
    if (EqualsNoCase(key, "host")) {
      host.assign(value);
    } else if (EqualsNoCase(key, "platform")) {
      if (EqualsNoCase(value, "Intel") || EqualsNoCase(value, "x86") || EqualsNoCase(value, "i386")) {
        arch = Arch::kX86;
      } else if (EqualsNoCase(value, "Alpha")) {
        arch = Arch::kAlpha;
      } else if (EqualsNoCase(value, "x64") || EqualsNoCase(value, "amd64")) {
        arch = Arch::kX64;
      } else {
        Report(Severity::kWarning, n,
               fmt::format("platform '{}' is not Intel, Alpha or x64; line skipped", value));
        return;
      }
      arch_line = n;
    } else if (EqualsNoCase(key, "product")) {
      if (!value.empty()) products.emplace_back(value);
    } else if (EqualsNoCase(key, "edition")) {
      for (std::string_view e : {"Server", "Enterprise", "Workstation", "TSE"}) {
        if (EqualsNoCase(value, e)) edition.assign(e);
      }
      if (edition.empty()) {
        Report(Severity::kWarning, n,
               fmt::format("edition '{}' is not Server, Enterprise, Workstation or TSE; line "
                           "skipped",
                           value));
      }
    } else {
      Report(Severity::kWarning, n, fmt::format("unknown key '{}'; line skipped", key));
    }
  });
  HostFacts* facts = Host(host, 1);
  if (facts == nullptr) return;
  if (arch != Arch::kUnknown) {
    facts->os.arch = arch;
    facts->os.arch_from = fmt::format("{}:{} platform", path_, arch_line);
  }
  for (std::string& p : products) {
    facts->has_product_inventory = true;
    facts->products.push_back(std::move(p));
  }
  if (!edition.empty()) {
    facts->os.edition = edition;
    if (edition == "TSE") facts->os.terminal_server = true;
  }
}

// docs/inventory.md "File listing"; the parser is inventory/dir_listing.h.
void FileParser::DirListing(std::string_view text) {
  const inventory::DirListing listing = ParseDirListing(text);
  for (const auto& [line, what] : listing.errors) {
    Report(Severity::kError, line, fmt::format("{}; line skipped", what));
  }
  if (listing.files.empty() && listing.errors.empty()) {
    Report(Severity::kWarning, 0, "dir listing names no file");
  }
  for (const DirFile& d : listing.files) {
    HostFacts* facts = Host(UncHost(d.folder), d.line);
    if (facts == nullptr) continue;
    facts->has_file_inventory = true;
    FileFact f;
    f.path = d.folder.empty() ? d.name : fmt::format("{}\\{}", StripTrailingSlashes(d.folder), d.name);
    f.name = ToLowerAscii(d.name);
    f.has_size = true;
    f.size = d.size;
    f.has_time = d.has_time;
    f.time = d.filetime;
    f.from = Source(d.line, "dir listing");
    facts->files.push_back(std::move(f));
  }
}

InventoryFormat DetectInventoryFormat(std::string_view text) {
  if (LooksLikeHostDeclaration(text)) return InventoryFormat::kHostDeclaration;
  if (LooksLikeRegFile(text)) return InventoryFormat::kRegHotfix;
  if (LooksLikeDirListing(text)) return InventoryFormat::kDirListing;
  if (LooksLikeSystemInfoList(text)) return InventoryFormat::kSystemInfoList;
  if (LooksLikeHotfixTable(text)) return InventoryFormat::kHotfixTable;
  CsvReader csv(text);
  Columns header;
  uint32_t line = 0;
  if (!ReadHeader(csv, header, line)) return InventoryFormat::kUnknown;
  return FormatFromHeader(header);
}

InventoryFormat ParseInventoryBytes(std::string_view path, std::span<const std::byte> bytes,
                                    std::string_view fallback_host,
                                    std::map<std::string, HostFacts>& hosts,
                                    DiagnosticSink& sink, bool fallback_is_folder) {
  const DecodedText decoded = DecodeWindowsText(bytes);
  const InventoryFormat format = DetectInventoryFormat(decoded.text);
  FileParser p(path, fallback_host, hosts, sink);
  if (fallback_is_folder) p.SetFolderHost(fallback_host);
  switch (format) {
    case InventoryFormat::kSystemInfo: p.SystemInfo(decoded.text); break;
    case InventoryFormat::kWmicQfe:
    case InventoryFormat::kGetHotFix: p.QfeCsv(decoded.text, format); break;
    case InventoryFormat::kRegHotfix: p.RegHotfix(decoded.text); break;
    case InventoryFormat::kFileList: p.FileList(decoded.text); break;
    case InventoryFormat::kHostDeclaration: p.HostDeclaration(decoded.text); break;
    case InventoryFormat::kDirListing: p.DirListing(decoded.text); break;
    case InventoryFormat::kSystemInfoList: p.SystemInfoList(decoded.text); break;
    case InventoryFormat::kHotfixTable: p.HotfixTable(decoded.text); break;
    case InventoryFormat::kUnknown: {
      CsvReader csv(decoded.text);
      Columns header;
      uint32_t line = 0;
      const std::string missing =
          ReadHeader(csv, header, line) ? MissingFileListColumn(header) : std::string();
      if (!missing.empty()) {
        p.Report(Severity::kWarning, line,
                 fmt::format("a file listing without the {} column: the files cannot be located; "
                             "file skipped",
                             missing));
      } else {
        p.Report(Severity::kWarning, 0,
                 "not a known inventory export (systeminfo, wmic qfe, Get-HotFix, .reg, file "
                 "listing, dir listing); file skipped");
      }
      break;
    }
  }
  p.ReportNonIds();
  return format;
}

bool InHostFolder(std::string_view root, std::string_view file) {
  const std::string_view dir = PathFolder(file);
  return !dir.empty() && StripTrailingSlashes(dir) != StripTrailingSlashes(root) &&
         StripTrailingSlashes(file) != StripTrailingSlashes(root);
}

std::string FallbackHostForPath(std::string_view root, std::string_view file) {
  if (InHostFolder(root, file)) {
    return std::string(PathBaseName(StripTrailingSlashes(PathFolder(file))));
  }
  // A file given by itself may sit in its host's folder; the top of an inventory folder is
  // no host's folder.
  if (StripTrailingSlashes(file) == StripTrailingSlashes(root)) return HostFromPath(file);
  return HostFromFileName(file);
}

}  // namespace logrx::inventory
