#pragma once
// One run's figures: percentiles, the JSON object `syncsim run --json` prints, and the text
// summary it prints otherwise.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/check/run_world.hpp"

namespace syncsim::reports {

// Nearest-rank percentile (p in [0, 100]) of the values; -1 when empty.
sim::Time percentile(std::vector<sim::Time> values, double p);

struct RunInfo {
  std::string scenario;
  std::string strategy;
  std::uint64_t seed = 0;
};

nlohmann::json metrics_json(const sim::RunMetrics& m);
nlohmann::json run_json(const RunInfo& info, const sim::RunResult& r);
std::string run_text(const RunInfo& info, const sim::RunResult& r);
std::string hash_hex(std::uint64_t h);
std::string version_string();  // the project version the binary was built from

}  // namespace syncsim::reports
