#include "support/pe_builder.h"

#include <algorithm>
#include <map>
#include <string_view>

namespace logrx::testing {

namespace {

void Pad4(std::vector<std::byte>& out, size_t base = 0) {
  while ((out.size() - base) % 4 != 0) out.push_back(std::byte{0});
}

void SetU16(std::vector<std::byte>& out, size_t at, uint16_t v) {
  out[at] = std::byte(v & 0xFF);
  out[at + 1] = std::byte(v >> 8);
}

void SetU32(std::vector<std::byte>& out, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + static_cast<size_t>(i)] = std::byte((v >> (8 * i)) & 0xFF);
}

// One VS_VERSIONINFO-style block: header, key, pad, value, pad, children (each padded).
std::vector<std::byte> VersionBlock(std::string_view key, uint16_t type,
                                    const std::vector<std::byte>& value, uint16_t value_length,
                                    const std::vector<std::vector<std::byte>>& children) {
  std::vector<std::byte> b;
  PutU16(b, 0);  // wLength, patched below
  PutU16(b, value_length);
  PutU16(b, type);
  PutUtf16(b, key);
  Pad4(b);
  b.insert(b.end(), value.begin(), value.end());
  for (const auto& c : children) {
    Pad4(b);
    b.insert(b.end(), c.begin(), c.end());
  }
  SetU16(b, 0, static_cast<uint16_t>(b.size()));
  return b;
}

std::vector<std::byte> TextBlock(std::string_view key, std::string_view text) {
  std::vector<std::byte> v;
  PutUtf16(v, text);
  return VersionBlock(key, 1, v, static_cast<uint16_t>(v.size() / 2), {});
}

}  // namespace

void PutU16(std::vector<std::byte>& out, uint16_t v) {
  out.push_back(std::byte(v & 0xFF));
  out.push_back(std::byte(v >> 8));
}

void PutU32(std::vector<std::byte>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(std::byte((v >> (8 * i)) & 0xFF));
}

void PutUtf16(std::vector<std::byte>& out, std::string_view s, bool nul) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    size_t n = 1;
    if (c >= 0xF0 && i + 3 < s.size() + 0) {
      cp = ((c & 0x07u) << 18) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 12) |
           ((static_cast<unsigned char>(s[i + 2]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 3]) & 0x3Fu);
      n = 4;
    } else if (c >= 0xE0 && i + 2 < s.size()) {
      cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
      n = 3;
    } else if (c >= 0xC0 && i + 1 < s.size()) {
      cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      n = 2;
    }
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      PutU16(out, static_cast<uint16_t>(0xD800 + (cp >> 10)));
      PutU16(out, static_cast<uint16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      PutU16(out, static_cast<uint16_t>(cp));
    }
  }
  if (nul) PutU16(out, 0);
}

std::vector<std::byte> BuildVersionResource(const PeVersionSpec& spec) {
  std::vector<std::byte> fixed;
  if (spec.with_fixed) {
    PutU32(fixed, 0xFEEF04BD);
    PutU32(fixed, 0x00010000);  // dwStrucVersion
    PutU32(fixed, static_cast<uint32_t>(spec.file_version >> 32));
    PutU32(fixed, static_cast<uint32_t>(spec.file_version));
    PutU32(fixed, static_cast<uint32_t>(spec.product_version >> 32));
    PutU32(fixed, static_cast<uint32_t>(spec.product_version));
    PutU32(fixed, 0x3F);        // dwFileFlagsMask
    PutU32(fixed, 0);           // dwFileFlags
    PutU32(fixed, 0x00040004);  // VOS_NT_WINDOWS32
    PutU32(fixed, 1);           // VFT_APP
    PutU32(fixed, 0);
    PutU32(fixed, 0);
    PutU32(fixed, 0);
  }
  std::vector<std::vector<std::byte>> strings;
  for (const auto& [k, v] : spec.strings) strings.push_back(TextBlock(k, v));
  std::vector<std::vector<std::byte>> children;
  children.push_back(VersionBlock(
      "StringFileInfo", 1, {}, 0, {VersionBlock(spec.table, 1, {}, 0, strings)}));
  std::vector<std::byte> translation;
  PutU16(translation, 0x0409);
  PutU16(translation, 0x04B0);
  children.push_back(VersionBlock("VarFileInfo", 1, {}, 0,
                                  {VersionBlock("Translation", 0, translation, 4, {})}));
  return VersionBlock("VS_VERSION_INFO", 0, fixed, static_cast<uint16_t>(fixed.size()),
                      children);
}

std::vector<std::byte> BuildMessageTableResource(std::vector<PeMessage> messages,
                                                 bool unicode) {
  std::sort(messages.begin(), messages.end(),
            [](const PeMessage& a, const PeMessage& b) { return a.id < b.id; });
  struct Run {
    size_t first, count;
  };
  std::vector<Run> runs;
  for (size_t i = 0; i < messages.size(); ++i) {
    if (!runs.empty() && messages[i].id == messages[i - 1].id + 1) {
      ++runs.back().count;
    } else {
      runs.push_back({i, 1});
    }
  }
  std::vector<std::byte> out;
  PutU32(out, static_cast<uint32_t>(runs.size()));
  const size_t blocks_at = out.size();
  for (size_t i = 0; i < runs.size(); ++i) {
    PutU32(out, 0);
    PutU32(out, 0);
    PutU32(out, 0);
  }
  for (size_t r = 0; r < runs.size(); ++r) {
    const Run& run = runs[r];
    SetU32(out, blocks_at + r * 12, messages[run.first].id);
    SetU32(out, blocks_at + r * 12 + 4, messages[run.first + run.count - 1].id);
    SetU32(out, blocks_at + r * 12 + 8, static_cast<uint32_t>(out.size()));
    for (size_t i = run.first; i < run.first + run.count; ++i) {
      const size_t start = out.size();
      PutU16(out, 0);
      PutU16(out, unicode ? 1 : 0);
      if (unicode) {
        PutUtf16(out, messages[i].text);
      } else {
        for (char ch : messages[i].text) out.push_back(std::byte(static_cast<unsigned char>(ch)));
        out.push_back(std::byte{0});
      }
      Pad4(out, start);
      SetU16(out, start, static_cast<uint16_t>(out.size() - start));
    }
  }
  return out;
}

PeBuilder& PeBuilder::AddResource(uint32_t type, uint32_t name_id, uint16_t lang,
                                  std::vector<std::byte> data) {
  res_.push_back({type, name_id, {}, lang, std::move(data)});
  return *this;
}

PeBuilder& PeBuilder::AddNamedResource(uint32_t type, std::string name, uint16_t lang,
                                       std::vector<std::byte> data) {
  res_.push_back({type, 0, std::move(name), lang, std::move(data)});
  return *this;
}

std::vector<std::byte> PeBuilder::Build() const {
  const bool plus = pe32_plus_set_ ? pe32_plus_
                                   : (machine_ == pe::kMachineAmd64 ||
                                      machine_ == pe::kMachineArm64);
  // Resource tree: type -> name -> language, in the order resources were added.
  std::vector<uint32_t> types;
  for (const Res& r : res_) {
    if (std::find(types.begin(), types.end(), r.type) == types.end()) types.push_back(r.type);
  }
  struct NameGroup {
    uint32_t type;
    uint32_t id;
    std::string name;
    std::vector<size_t> res;
  };
  std::vector<std::vector<NameGroup>> names(types.size());
  for (size_t i = 0; i < res_.size(); ++i) {
    const size_t t = static_cast<size_t>(
        std::find(types.begin(), types.end(), res_[i].type) - types.begin());
    auto& groups = names[t];
    auto it = std::find_if(groups.begin(), groups.end(), [&](const NameGroup& g) {
      return g.id == res_[i].id && g.name == res_[i].name;
    });
    if (it == groups.end()) {
      groups.push_back({res_[i].type, res_[i].id, res_[i].name, {}});
      it = groups.end() - 1;
    }
    it->res.push_back(i);
  }
  // Offsets (relative to the resource root).
  size_t cur = 16 + 8 * types.size();
  std::vector<size_t> type_dir(types.size());
  for (size_t t = 0; t < types.size(); ++t) {
    type_dir[t] = cur;
    cur += 16 + 8 * names[t].size();
  }
  std::vector<std::vector<size_t>> lang_dir(types.size());
  for (size_t t = 0; t < types.size(); ++t) {
    for (const NameGroup& g : names[t]) {
      lang_dir[t].push_back(cur);
      cur += 16 + 8 * g.res.size();
    }
  }
  std::vector<size_t> data_entry(res_.size());
  for (size_t i = 0; i < res_.size(); ++i) {
    data_entry[i] = cur;
    cur += 16;
  }
  std::vector<std::vector<size_t>> name_str(types.size());
  for (size_t t = 0; t < types.size(); ++t) {
    for (const NameGroup& g : names[t]) {
      name_str[t].push_back(cur);
      if (!g.name.empty()) {
        std::vector<std::byte> tmp;
        PutUtf16(tmp, g.name, false);
        cur += 2 + tmp.size();
        cur = (cur + 3) & ~size_t{3};
      }
    }
  }
  std::vector<size_t> data_off(res_.size());
  for (size_t i = 0; i < res_.size(); ++i) {
    cur = (cur + 3) & ~size_t{3};
    data_off[i] = cur;
    cur += res_[i].data.size();
  }
  const size_t rsrc_size = res_.empty() ? 0 : cur;

  std::vector<std::byte> rs(rsrc_size);
  auto dir_header = [&](size_t at, size_t named, size_t ids) {
    SetU16(rs, at + 12, static_cast<uint16_t>(named));
    SetU16(rs, at + 14, static_cast<uint16_t>(ids));
  };
  constexpr uint32_t kDir = 0x80000000u;
  if (!res_.empty()) {
    dir_header(0, 0, types.size());
    for (size_t t = 0; t < types.size(); ++t) {
      SetU32(rs, 16 + 8 * t, types[t]);
      uint32_t target = static_cast<uint32_t>(type_dir[t]) | kDir;
      if (t == 0 && loop_ == PeResourceLoop::kRootToRoot) target = kDir;
      SetU32(rs, 16 + 8 * t + 4, target);
      size_t named = 0;
      for (const NameGroup& g : names[t]) named += g.name.empty() ? 0 : 1;
      dir_header(type_dir[t], named, names[t].size() - named);
      for (size_t n = 0; n < names[t].size(); ++n) {
        const NameGroup& g = names[t][n];
        const size_t e = type_dir[t] + 16 + 8 * n;
        if (g.name.empty()) {
          SetU32(rs, e, g.id);
        } else {
          SetU32(rs, e, static_cast<uint32_t>(name_str[t][n]) | kDir);
          std::vector<std::byte> tmp;
          PutUtf16(tmp, g.name, false);
          SetU16(rs, name_str[t][n], static_cast<uint16_t>(tmp.size() / 2));
          std::copy(tmp.begin(), tmp.end(), rs.begin() + static_cast<long>(name_str[t][n] + 2));
        }
        uint32_t name_target = static_cast<uint32_t>(lang_dir[t][n]) | kDir;
        if (t == 0 && n == 0 && loop_ == PeResourceLoop::kNameToRoot) name_target = kDir;
        SetU32(rs, e + 4, name_target);
        dir_header(lang_dir[t][n], 0, g.res.size());
        for (size_t l = 0; l < g.res.size(); ++l) {
          const size_t i = g.res[l];
          const size_t le = lang_dir[t][n] + 16 + 8 * l;
          SetU32(rs, le, res_[i].lang);
          uint32_t ltarget = static_cast<uint32_t>(data_entry[i]);
          if (t == 0 && n == 0 && l == 0 && loop_ == PeResourceLoop::kLangToRoot) ltarget = kDir;
          SetU32(rs, le + 4, ltarget);
          SetU32(rs, data_entry[i], kPeResourceRva + static_cast<uint32_t>(data_off[i]));
          SetU32(rs, data_entry[i] + 4, static_cast<uint32_t>(res_[i].data.size()));
          SetU32(rs, data_entry[i] + 8, 1200);  // code page: UTF-16LE
          std::copy(res_[i].data.begin(), res_[i].data.end(),
                    rs.begin() + static_cast<long>(data_off[i]));
        }
      }
    }
  }

  std::vector<std::byte> img(kPeResourceFileOffset);
  img[0] = std::byte{'M'};
  img[1] = std::byte{'Z'};
  SetU32(img, 0x3C, 0x80);
  size_t p = 0x80;
  img[p] = std::byte{'P'};
  img[p + 1] = std::byte{'E'};
  p += 4;
  const uint16_t opt_size = plus ? 240 : 224;
  SetU16(img, p, machine_);
  SetU16(img, p + 2, res_.empty() ? 0 : 1);
  SetU32(img, p + 4, timestamp_);
  SetU16(img, p + 16, opt_size);
  SetU16(img, p + 18, 0x0102);  // executable, 32-bit machine
  p += 20;
  const size_t opt = p;
  SetU16(img, opt, plus ? 0x20b : 0x10b);
  SetU32(img, opt + 32, 0x1000);  // SectionAlignment
  SetU32(img, opt + 36, 0x200);   // FileAlignment
  const size_t count_at = plus ? 108 : 92;
  SetU32(img, opt + count_at, 16);
  if (!res_.empty()) {
    SetU32(img, opt + count_at + 4 + 16, kPeResourceRva);
    SetU32(img, opt + count_at + 4 + 20, static_cast<uint32_t>(rsrc_size));
  }
  p = opt + opt_size;
  if (!res_.empty()) {
    const char name[8] = {'.', 'r', 's', 'r', 'c', 0, 0, 0};
    for (size_t i = 0; i < 8; ++i) img[p + i] = std::byte(static_cast<unsigned char>(name[i]));
    const uint32_t raw = static_cast<uint32_t>((rsrc_size + 0x1FF) & ~size_t{0x1FF});
    SetU32(img, p + 8, static_cast<uint32_t>(rsrc_size));
    SetU32(img, p + 12, kPeResourceRva);
    SetU32(img, p + 16, raw);
    SetU32(img, p + 20, kPeResourceFileOffset);
    SetU32(img, p + 36, 0x40000040);  // initialized data, readable
    rs.resize(raw);
    img.insert(img.end(), rs.begin(), rs.end());
  }
  return img;
}

std::vector<std::byte> TruncateAt(const std::vector<std::byte>& image, size_t n) {
  return std::vector<std::byte>(image.begin(),
                                image.begin() + static_cast<long>(std::min(n, image.size())));
}

}  // namespace logrx::testing
