// Runs a libFuzzer harness over files and folders without libFuzzer, so any compiler
// (and the ASan+UBSan test build) replays the committed seed corpus and regressions.
//   <name>_replay fuzz/corpus/<name> fuzz/regressions/<name>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static int RunFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::vector<char> buf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(buf.data()), buf.size());
  return 1;
}

int main(int argc, char** argv) {
  size_t n = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg(argv[i]);
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      std::vector<std::filesystem::path> files;
      for (const auto& e : std::filesystem::recursive_directory_iterator(arg, ec)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) n += static_cast<size_t>(RunFile(f));
    } else if (std::filesystem::is_regular_file(arg, ec)) {
      n += static_cast<size_t>(RunFile(arg));
    }
  }
  std::printf("replayed %zu inputs\n", n);
  return n == 0 ? 77 : 0;  // nothing to replay: report skipped, not passed
}
