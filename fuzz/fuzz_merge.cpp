// libFuzzer target: the merge reader (sim/explore/partial.cpp, reports/report_runs.cpp). The
// input is one to four partial files separated by a line "--8<--"; they are read as
// `syncsim merge` reads them and merged. Every input must end in a merge or in one error that
// names a file; a crash, a sanitizer report, an allocation beyond the RSS limit, a hang or an
// exception is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "reports/report_runs.hpp"
#include "reports/summary.hpp"
#include "sim/explore/partial.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string all(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> files, texts;
  const std::string cut = "\n--8<--\n";
  for (std::size_t at = 0; texts.size() < 4;) {
    const std::size_t next = all.find(cut, at);
    texts.push_back(all.substr(at, next == std::string::npos ? std::string::npos : next - at));
    files.push_back("partial-" + std::to_string(files.size()) + ".json");
    if (next == std::string::npos) break;
    at = next + cut.size();
  }
  std::string error;
  const auto parts = syncsim::sim::parse_partials(files, texts, error);
  if (!parts) {
    if (error.rfind("partial-", 0) != 0) std::abort();
    return 0;
  }
  if (parts->kind == "check") {
    const auto s = syncsim::sim::merge_check_partials(*parts, syncsim::reports::version_string(), error);
    if (!s && error.empty()) std::abort();
    if (s && s->ran != s->options.seeds) std::abort();
  } else if (parts->kind == "report") {
    const auto m = syncsim::reports::merge_report_partials(*parts, error);
    if (!m && error.empty()) std::abort();
    if (m) m->replay([](std::size_t, const syncsim::reports::RunRow&) {});
  }
  return 0;
}
