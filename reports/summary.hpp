#pragma once
// One run's figures: percentiles, the JSON object `syncsim run --json` prints, and the text
// summary it prints otherwise.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/check/run_world.hpp"

namespace syncsim::reports {

// Nearest-rank percentile (p in [0, 100]) of the values; none when there are none (a run with
// no review has no latency: it is shown as an empty CSV cell, JSON null and "—", never a number).
std::optional<sim::Time> percentile(std::vector<sim::Time> values, double p);
nlohmann::json json_ms(std::optional<sim::Time> t);  // null when missing
std::string text_ms(std::optional<sim::Time> t);     // "N ms", or "—"
std::string csv_ms(std::optional<sim::Time> t);      // "N", or empty

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
