#pragma once
// The strategy comparison: runs (scenario x strategy x seed) summarised into report.json and
// summary.md.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/checker.hpp"
#include "sim/metrics.hpp"

namespace syncsim::reports {

struct RunRow {
  std::string scenario;
  std::string strategy;
  std::uint64_t seed = 0;
  std::uint64_t traceHash = 0;
  std::vector<sim::Property> violated;
  bool matchesExpectation = true;
  sim::RunMetrics metrics;
};

nlohmann::json report_json(const std::vector<RunRow>& rows, const std::vector<std::string>& strategies);
std::string summary_markdown(const std::vector<RunRow>& rows, const std::vector<std::string>& strategies);

}  // namespace syncsim::reports
