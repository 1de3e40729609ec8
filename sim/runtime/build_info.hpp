#pragma once
// What this binary is: the project version and the git commit it was built from. Replay files
// record both (recorded_by), so a replay that no longer reproduces can say which build wrote it.
#include <string>
#include <string_view>

namespace syncsim::sim {

std::string_view syncsim_version();  // "0.1.0"
std::string_view syncsim_commit();   // `git describe --always --dirty` at build time, or "unknown"
inline std::string syncsim_build() {  // "syncsim 0.1.0 (commit 1a2b3c4d5e6f)"
  return "syncsim " + std::string(syncsim_version()) + " (commit " + std::string(syncsim_commit()) + ")";
}

}  // namespace syncsim::sim
