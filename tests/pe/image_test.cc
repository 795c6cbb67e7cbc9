#include "pe/image.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/byte_cursor.h"
#include "support/pe_builder.h"

namespace logrx::pe {
namespace {

using testing::PeBuilder;
using testing::PeResourceLoop;
using testing::PeVersion;
using testing::PeVersionSpec;

PeVersionSpec WinlogonSpec() {
  PeVersionSpec spec;
  spec.file_version = PeVersion(4, 0, 1381, 7103);
  spec.product_version = PeVersion(4, 0, 1381, 7103);
  spec.strings = {{"CompanyName", "Microsoft Corporation"},
                  {"FileVersion", "4.00"},
                  {"OriginalFilename", "WINLOGON.EXE"},
                  {"ProductName", "Microsoft(R) Windows NT(TM) Operating System"}};
  return spec;
}

TEST_SUITE("pe") {

TEST_CASE("pe image: i386 image gives machine, timestamp and fixed + string versions") {
  const auto img = PeBuilder(kMachineI386).SetTimestamp(0x3BF27E3C).AddVersion(WinlogonSpec()).Build();
  Result<PeImage> pe = PeImage::Parse(img, "winlogon.exe");
  REQUIRE(pe.ok());
  CHECK(pe->machine() == 0x014c);
  CHECK(MachineName(pe->machine()) == "Intel");
  CHECK(pe->timestamp() == 0x3BF27E3Cu);
  std::optional<PeVersionInfo> v = pe->Version();
  REQUIRE(v.has_value());
  CHECK(v->has_fixed);
  CHECK(v->file_version == 0x000400000565'1BBFull);  // 4.0 / 1381 = 0x565, 7103 = 0x1BBF
  CHECK(v->FileVersionString() == "4.0.1381.7103");
  CHECK(v->ProductVersionString() == "4.0.1381.7103");
  CHECK(v->file_version_text == "4.00");
  CHECK(v->company_name == "Microsoft Corporation");
  CHECK(v->original_filename == "WINLOGON.EXE");
  CHECK(v->product_name == "Microsoft(R) Windows NT(TM) Operating System");
}

TEST_CASE("pe image: Alpha and x64 machine types") {
  const auto alpha = PeBuilder(kMachineAlpha).AddVersion(WinlogonSpec()).Build();
  Result<PeImage> a = PeImage::Parse(alpha, "alpha.exe");
  REQUIRE(a.ok());
  CHECK(a->machine() == 0x0184);
  CHECK(MachineName(a->machine()) == "Alpha");
  REQUIRE(a->Version().has_value());
  CHECK(a->Version()->FileVersionString() == "4.0.1381.7103");

  PeVersionSpec spec;
  spec.file_version = PeVersion(10, 0, 17763, 1);
  const auto x64 = PeBuilder(kMachineAmd64).AddVersion(spec).Build();
  Result<PeImage> x = PeImage::Parse(x64, "x64.exe");
  REQUIRE(x.ok());
  CHECK(x->machine() == 0x8664);
  REQUIRE(x->Version().has_value());
  CHECK(x->Version()->FileVersionString() == "10.0.17763.1");
}

TEST_CASE("pe image: image without resources has no version") {
  const auto img = PeBuilder(kMachineI386).SetTimestamp(7).Build();
  Result<PeImage> pe = PeImage::Parse(img, "plain.exe");
  REQUIRE(pe.ok());
  CHECK(pe->timestamp() == 7u);
  CHECK_FALSE(pe->Version().has_value());
  CHECK(pe->FindResources(kRtMessageTable).empty());
}

TEST_CASE("pe image: version resource without VS_FIXEDFILEINFO keeps the strings") {
  PeVersionSpec spec;
  spec.with_fixed = false;
  spec.strings = {{"FileVersion", "4.0.1381.33474"}};
  const auto img = PeBuilder().AddVersion(spec).Build();
  Result<PeImage> pe = PeImage::Parse(img, "rpcrt4.dll");
  REQUIRE(pe.ok());
  auto v = pe->Version();
  REQUIRE(v.has_value());
  CHECK_FALSE(v->has_fixed);
  CHECK(v->file_version == 0u);
  CHECK(v->file_version_text == "4.0.1381.33474");
}

TEST_CASE("pe image: message table resources are found with name and language") {
  std::vector<std::byte> blob = {std::byte{1}, std::byte{2}, std::byte{3}};
  const auto img = PeBuilder()
                       .AddMessageTable({{0xC0000400, "The cluster service could not restore %1"}},
                                        0x409)
                       .AddResource(kRtMessageTable, 1, 0x407, blob)
                       .AddNamedResource(kRtMessageTable, "MSGS", 0x409, blob)
                       .AddVersion(WinlogonSpec())
                       .Build();
  Result<PeImage> pe = PeImage::Parse(img, "clusres.dll");
  REQUIRE(pe.ok());
  auto found = pe->FindResources(kRtMessageTable);
  REQUIRE(found.size() == 3);
  CHECK(found[0].type == 11u);
  CHECK(found[0].name_id == 1u);
  CHECK(found[0].language == 0x409u);
  // MESSAGE_RESOURCE_DATA: 1 block; the block's low and high id are 0xC0000400.
  REQUIRE(found[0].data.size() >= 16);
  CHECK(LoadU32(found[0].data.data()) == 1u);
  CHECK(LoadU32(found[0].data.data() + 4) == 0xC0000400u);
  CHECK(LoadU32(found[0].data.data() + 8) == 0xC0000400u);
  CHECK(found[1].language == 0x407u);
  CHECK(found[1].data.size() == 3);
  CHECK(found[2].name == "MSGS");
  CHECK(found[2].name_id == 0u);
  CHECK(pe->FindResources(kRtVersion).size() == 1);
}

TEST_CASE("pe image: bad magic, bad signature and bad optional header are errors") {
  auto img = PeBuilder().AddVersion(WinlogonSpec()).Build();
  auto bad = img;
  bad[0] = std::byte{'X'};
  Result<PeImage> a = PeImage::Parse(bad, "x.exe");
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == StatusCode::kCorrupt);
  CHECK(std::string(a.status().message()).find("x.exe @0x0") != std::string::npos);

  bad = img;
  bad[0x81] = std::byte{'X'};  // "PX\0\0"
  Result<PeImage> b = PeImage::Parse(bad, "x.exe");
  REQUIRE_FALSE(b.ok());
  CHECK(std::string(b.status().message()).find("@0x80") != std::string::npos);

  bad = img;
  bad[0x98] = std::byte{0x07};  // optional header magic 0x107 (ROM image)
  Result<PeImage> c = PeImage::Parse(bad, "x.exe");
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == StatusCode::kCorrupt);
  CHECK(std::string(c.status().message()).find("@0x98") != std::string::npos);

  bad = img;
  bad[0x3C] = std::byte{0xF0};  // e_lfanew far past the end
  bad[0x3D] = std::byte{0xFF};
  Result<PeImage> d = PeImage::Parse(bad, "x.exe");
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().code() == StatusCode::kTruncated);
}

TEST_CASE("pe image: truncated at every offset gives an error or fewer facts, never a crash") {
  const auto img = PeBuilder(kMachineAlpha).AddVersion(WinlogonSpec()).Build();
  // Headers end at 0x80 + 4 + 20 + 224 + 40 = 416 = 0x1A0.
  size_t errors = 0, parsed = 0, versions = 0;
  for (size_t n = 0; n < img.size(); ++n) {
    const auto cut = testing::TruncateAt(img, n);
    Result<PeImage> pe = PeImage::Parse(cut, "cut.exe");
    if (!pe.ok()) {
      ++errors;
      CHECK(pe.status().code() == StatusCode::kTruncated);
      continue;
    }
    ++parsed;
    if (pe->Version().has_value()) ++versions;
  }
  CHECK(errors == 0x1A0);  // every cut inside the headers is kTruncated
  CHECK(parsed == img.size() - 0x1A0);
  // The version resource is complete only once its data is inside the cut.
  CHECK(versions < parsed);
  Result<PeImage> whole = PeImage::Parse(img, "whole.exe");
  REQUIRE(whole.ok());
  CHECK(whole->Version().has_value());
}

TEST_CASE("pe image: resource directory loops terminate") {
  for (PeResourceLoop loop : {PeResourceLoop::kNameToRoot, PeResourceLoop::kLangToRoot,
                              PeResourceLoop::kRootToRoot}) {
    const auto img = PeBuilder().AddVersion(WinlogonSpec()).SetResourceLoop(loop).Build();
    Result<PeImage> pe = PeImage::Parse(img, "loop.exe");
    REQUIRE(pe.ok());
    CHECK(pe->FindResources(kRtVersion).empty());
    CHECK_FALSE(pe->Version().has_value());
  }
}

TEST_CASE("pe image: hostile entry count and data RVA outside every section") {
  auto img = PeBuilder().AddVersion(WinlogonSpec()).Build();
  // Root directory at file offset 0x200: id-entry count at +14.
  auto many = img;
  many[0x200 + 14] = std::byte{0xFF};
  many[0x200 + 15] = std::byte{0xFF};
  Result<PeImage> a = PeImage::Parse(many, "many.exe");
  REQUIRE(a.ok());
  CHECK(a->FindResources(kRtVersion).empty());
  // Layout: root (16+8), type dir (16+8), name dir (16+8), data entry at 0x48.
  auto far = img;
  REQUIRE(LoadU32(far.data() + 0x200 + 0x48) == testing::kPeResourceRva + 0x58);
  far[0x200 + 0x48 + 3] = std::byte{0x70};  // RVA 0x70001058
  Result<PeImage> b = PeImage::Parse(far, "far.exe");
  REQUIRE(b.ok());
  CHECK(b->FindResources(kRtVersion).empty());
  CHECK_FALSE(b->Version().has_value());
}

TEST_CASE("pe version: VS_VERSION_INFO parsed from raw bytes; wrong key is rejected") {
  auto data = testing::BuildVersionResource(WinlogonSpec());
  auto v = ParseVersionInfo(data);
  REQUIRE(v.has_value());
  CHECK(v->FileVersionString() == "4.0.1381.7103");
  // wLength of the root block equals the resource size (the builder pads nothing after).
  CHECK(LoadU16(data.data()) == data.size());
  data[6] = std::byte{'X'};  // key "XS_VERSION_INFO"
  CHECK_FALSE(ParseVersionInfo(data).has_value());
  std::vector<std::byte> tiny(4);
  CHECK_FALSE(ParseVersionInfo(tiny).has_value());
}

TEST_CASE("pe version: bad fixed-info signature drops the numbers, keeps strings") {
  auto data = testing::BuildVersionResource(WinlogonSpec());
  // Value starts after the 6-byte header and the 16-unit key "VS_VERSION_INFO\0" (38 -> 40).
  REQUIRE(LoadU32(data.data() + 40) == 0xFEEF04BDu);
  data[40] = std::byte{0};
  auto v = ParseVersionInfo(data);
  REQUIRE(v.has_value());
  CHECK_FALSE(v->has_fixed);
  CHECK(v->company_name == "Microsoft Corporation");
}

TEST_CASE("pe version: the key must end inside its block; the fixed info gives both versions") {
  auto data = testing::BuildVersionResource(WinlogonSpec());
  auto v = ParseVersionInfo(data);
  REQUIRE(v.has_value());
  CHECK(v->has_fixed);
  CHECK(v->ProductVersionString() == "4.0.1381.7103");
  // wLength 36: the block ends just before the key's NUL (header 6, then 30 bytes of key).
  for (uint16_t length : {uint16_t{36}, uint16_t{37}, uint16_t{7}}) {
    CAPTURE(length);
    auto cut = data;
    cut[0] = static_cast<std::byte>(length & 0xFF);
    cut[1] = static_cast<std::byte>(length >> 8);
    CHECK_FALSE(ParseVersionInfo(cut).has_value());
  }
}

}  // TEST_SUITE
}  // namespace
}  // namespace logrx::pe
