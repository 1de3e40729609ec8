// syncsim merge: the partial results of a sharded check or report, combined into exactly what
// one unsharded run writes.
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"

namespace syncsim::cli {

int merge_command(const std::vector<std::string>& files, bool json, const std::string& outDir) {
  std::vector<nlohmann::json> parts;
  std::string kind;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) {
      std::cerr << "syncsim: " << f << ": expected a readable partial result, found no such file\n";
      return kExitBadInput;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto j = nlohmann::json::parse(ss.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.value("syncsim_partial", 0) != 1) {
      std::cerr << "syncsim: " << f << ": expected a partial result written by `--shard`, found something else\n";
      return kExitBadInput;
    }
    const std::string k = j.value("kind", "");
    if (!kind.empty() && k != kind) {
      std::cerr << "syncsim: " << f << ": /kind: expected " << kind << " like " << files[0] << ", found " << k << "\n";
      return kExitBadInput;
    }
    kind = k;
    parts.push_back(std::move(j));
  }
  if (kind == "check") return merge_check(parts, files, json, outDir);
  if (kind == "report") return merge_report(parts, files, outDir);
  std::cerr << "syncsim: " << files[0] << ": /kind: expected check or report, found '" << kind << "'\n";
  return kExitBadInput;
}

}  // namespace syncsim::cli
