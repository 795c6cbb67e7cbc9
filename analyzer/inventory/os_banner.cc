#include "inventory/os_banner.h"

#include <utility>
#include <vector>

#include "core/strings.h"

namespace logrx::inventory {

namespace {

bool AllDigits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Splits on ASCII whitespace (so wrapped text reads as one line) and drops "(R)"/"(TM)"
// marks, whether free-standing or glued to a word.
std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' ||
                               text[i] == '\n')) {
      ++i;
    }
    size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\t' && text[j] != '\r' &&
           text[j] != '\n') {
      ++j;
    }
    std::string_view w = text.substr(i, j - i);
    i = j;
    for (std::string_view mark : {std::string_view("(R)"), std::string_view("(TM)")}) {
      if (w.size() >= mark.size() && EqualsNoCase(w.substr(w.size() - mark.size()), mark)) {
        w.remove_suffix(mark.size());
      }
    }
    if (!w.empty()) out.push_back(w);
    if (out.size() > 64) break;  // a banner is a dozen words; ignore runaway text
  }
  return out;
}

std::string_view StripPeriod(std::string_view w) noexcept {
  while (!w.empty() && w.back() == '.') w.remove_suffix(1);
  return w;
}

}  // namespace

bool NormalizeOsVersion(std::string_view text, std::string& out) {
  text = StripPeriod(Trim(text, kSpaceOrNul));
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos) return false;
  std::string_view major = text.substr(0, dot);
  std::string_view minor = text.substr(dot + 1);
  if (!AllDigits(major) || !AllDigits(minor) || major.size() > 3 || minor.size() > 3) {
    return false;
  }
  while (minor.size() > 1 && minor.front() == '0') minor.remove_prefix(1);
  while (major.size() > 1 && major.front() == '0') major.remove_prefix(1);
  out.assign(major);
  out.push_back('.');
  out.append(minor);
  return true;
}

int ServicePackFromCsd(std::string_view csd, bool* sp6a) {
  csd = Trim(csd, kSpaceOrNul);
  if (csd.empty()) return 0;
  const size_t at = FindNoCase(csd, "Service Pack");
  if (at == std::string_view::npos) return -1;
  std::string_view rest = Trim(csd.substr(at + 12), kSpaceOrNul);
  size_t n = 0;
  int sp = 0;
  while (n < rest.size() && n < 3 && rest[n] >= '0' && rest[n] <= '9') {
    sp = sp * 10 + (rest[n] - '0');
    ++n;
  }
  if (n == 0) return -1;
  if (sp6a != nullptr && n < rest.size() && (rest[n] == 'a' || rest[n] == 'A') && sp == 6) {
    *sp6a = true;
  }
  return sp;
}

std::string_view ProductForVersion(std::string_view v) noexcept {
  if (v == "3.51" || v == "4.0") return "Windows NT";
  if (v == "5.0") return "Windows 2000";
  if (v == "5.1") return "Windows XP";
  if (v == "5.2") return "Windows Server 2003";
  if (v == "6.0") return "Windows Vista / Server 2008";
  if (v == "6.1") return "Windows 7 / Server 2008 R2";
  if (v == "6.2") return "Windows 8 / Server 2012";
  if (v == "6.3") return "Windows 8.1 / Server 2012 R2";
  if (v == "10.0") return "Windows 10 / Server 2016+";
  return "Windows";
}

bool ParseKernelType(std::string_view text, OsFacts& os) {
  const std::vector<std::string_view> w = Words(text);
  for (size_t i = 0; i < w.size(); ++i) {
    const std::string_view cpu = StripPeriod(w[i]);
    const bool up = EqualsNoCase(cpu, "Uniprocessor");
    const bool mp = EqualsNoCase(cpu, "Multiprocessor");
    if (!up && !mp) continue;
    os.multiprocessor = mp;
    os.kernel = mp ? "Multiprocessor" : "Uniprocessor";
    if (i + 1 < w.size()) {
      const std::string_view kind = StripPeriod(w[i + 1]);
      if (EqualsNoCase(kind, "Free")) {
        os.kernel += " Free";
        os.checked_build = false;
      } else if (EqualsNoCase(kind, "Checked")) {
        os.kernel += " Checked";
        os.checked_build = true;
      }
    }
    return true;
  }
  return false;
}

namespace {

// What every OS statement gives: version and build (already checked), product, the CSD
// text (service pack) and, when stated, the kernel type ("Uniprocessor Free"). Replaces
// what `os` said about them.
void SetOsFacts(OsFacts& os, const std::string& version, std::string_view build,
                std::string product, std::string csd, std::string_view kernel) {
  OsFacts out = os;
  out.known = true;
  out.version = version;
  out.build.assign(build);
  out.product = std::move(product);
  out.csd = std::move(csd);
  out.sp6a = false;
  out.sp = ServicePackFromCsd(out.csd, &out.sp6a);
  out.kernel.clear();
  out.multiprocessor = false;
  out.checked_build = false;
  if (!kernel.empty()) ParseKernelType(kernel, out);
  os = std::move(out);
}

}  // namespace

bool ParseOsBanner(std::string_view text, OsFacts& os) {
  const std::vector<std::string_view> w = Words(text);
  size_t vi = 0;
  std::string version;
  for (; vi < w.size(); ++vi) {
    if (NormalizeOsVersion(w[vi], version)) break;
  }
  if (vi + 1 >= w.size()) return false;
  const std::string_view build = StripPeriod(w[vi + 1]);
  if (!AllDigits(build) || build.size() > 6) return false;
  std::string product;
  for (size_t i = 0; i < vi; ++i) {
    if (i == 0 && EqualsNoCase(w[i], "Microsoft")) continue;
    if (!product.empty()) product.push_back(' ');
    product.append(w[i]);
  }
  if (product.empty() || EqualsNoCase(product, "Windows")) {
    product.assign(ProductForVersion(version));
  }
  size_t k = vi + 2;
  std::string csd;
  for (; k < w.size(); ++k) {
    const std::string_view cpu = StripPeriod(w[k]);
    if (EqualsNoCase(cpu, "Uniprocessor") || EqualsNoCase(cpu, "Multiprocessor")) break;
    if (!csd.empty()) csd.push_back(' ');
    csd.append(StripPeriod(w[k]));
  }
  std::string kernel;
  for (size_t i = k; i < w.size(); ++i) {
    kernel.append(w[i]);
    kernel.push_back(' ');
  }
  SetOsFacts(os, version, build, std::move(product), std::move(csd), kernel);
  return true;
}

bool ParseOsInsertionStrings(std::span<const Field> data, OsFacts& os) {
  if (data.size() < 2) return false;
  std::string version;
  if (!NormalizeOsVersion(data[0].value, version)) return false;
  const std::string_view build = StripPeriod(Trim(data[1].value, kSpaceOrNul));
  if (!AllDigits(build) || build.size() > 6) return false;
  SetOsFacts(os, version, build, std::string(ProductForVersion(version)),
             data.size() > 2 ? std::string(Trim(data[2].value, kSpaceOrNul)) : std::string(),
             data.size() > 3 ? data[3].value : std::string_view());
  return true;
}

}  // namespace logrx::inventory
