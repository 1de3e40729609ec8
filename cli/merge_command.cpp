// syncsim merge: the partial results of a sharded check or report, combined into exactly what
// one unsharded run writes (the format: sim/explore/partial.hpp).
#include <iostream>

#include "commands.hpp"
#include "sim/explore/output_dir.hpp"
#include "sim/explore/partial.hpp"

namespace syncsim::cli {

int merge_command(const std::vector<std::string>& files, bool json, const std::string& outDir) {
  std::string error;
  if (!sim::output_dir_usable(outDir, error)) {
    std::cerr << "syncsim: " << error << "\n";
    return kExitBadInput;
  }
  const auto parts = sim::read_partials(files, error);
  if (!parts) {
    std::cerr << "syncsim: " << error << "\n";
    return kExitBadInput;
  }
  if (parts->kind == "check") return merge_check(*parts, json, outDir);
  if (parts->kind == "report") return merge_report(*parts, outDir);
  std::cerr << "syncsim: " << files[0] << ": /kind: expected check or report, found '" << parts->kind << "'\n";
  return kExitBadInput;
}

}  // namespace syncsim::cli
