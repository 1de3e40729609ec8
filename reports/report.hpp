#pragma once
// The strategy comparison: runs (scenario x strategy x seed) summarised into report.json and
// summary.md.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/check/property.hpp"
#include "sim/world/metrics.hpp"

namespace syncsim::reports {

struct RunRow {
  std::string scenario;
  std::string strategy;
  std::uint64_t seed = 0;
  std::uint64_t traceHash = 0;
  std::vector<sim::Property> violated;
  bool matchesExpectation = true;
  sim::Time workloadMs = 0;
  sim::RunMetrics metrics;
};

// What the report was made from.
struct ReportInfo {
  std::string version;
  std::string scenarioDir;
  std::vector<std::string> profiles;
  int seeds = 1;
  std::string apiProfile;  // the profile whose runs the API-load table uses
};

class ReportAccumulator;

nlohmann::json report_json(const ReportAccumulator& acc);
std::string summary_markdown(const ReportAccumulator& acc);
// metrics.csv, one row per run, written as the runs arrive.
std::string metrics_csv_header();
std::string metrics_csv_row(const RunRow& r);

}  // namespace syncsim::reports
