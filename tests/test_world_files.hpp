#pragma once
// The worlds the tests keep outside the scenario library, in name order: tests/worlds (the
// checker's own cases: F21, F25-F29) and tests/divergence (where C++ and TypeScript once
// parted). Held to their recorded verdicts (test_scenarios.cpp) and to identical C++ and
// TypeScript traces (test_js.cpp). Needs SYNCSIM_SCENARIO_DIR.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace syncsim::test {

inline std::vector<std::string> test_world_files() {
  std::vector<std::string> files;
  for (const char* dir : {"/../tests/worlds", "/../tests/divergence"})
    for (const auto& e : std::filesystem::directory_iterator(std::string(SYNCSIM_SCENARIO_DIR) + dir))
      if (e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace syncsim::test
