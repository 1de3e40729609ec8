#pragma once
// The report's runs: every profile x strategy x seed in a fixed order, all of them or one shard,
// on threads, each row stored by its index so the rows do not depend on the threads or the
// sharding; and a report shard's partial result (format: sim/explore/partial.hpp) and its merge.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report.hpp"
#include "sim/explore/parallel.hpp"
#include "sim/explore/partial.hpp"
#include "sim/explore/scenario.hpp"

namespace syncsim::reports {

// What a report of `scenarios` with `seeds` seeds each is made from.
ReportInfo report_info(const std::string& scenarioDir, const std::vector<sim::Scenario>& scenarios, int seeds);

// Row k: scenario k / (strategies x seeds), then strategy, then seed index (from the scenario's
// own seed). Runs shard `shard` of `shards` of them on `jobs` threads; other rows stay empty.
std::vector<RunRow> run_report(const std::vector<sim::Scenario>& scenarios, const std::vector<std::string>& strategies,
                               int seeds, std::uint64_t shard, std::uint64_t shards, unsigned jobs,
                               const sim::Progress& progress = {});

// A report shard's partial: the report's inputs and this shard's rows by index.
nlohmann::ordered_json report_partial_json(const ReportInfo& info, const std::vector<std::string>& strategies,
                                           const std::vector<RunRow>& rows, std::uint64_t shard, std::uint64_t shards);

struct MergedReport {
  ReportInfo info;
  std::vector<std::string> strategies;
  std::vector<RunRow> rows;
};

// The shards of one report, merged into what one unsharded run has; nullopt and `error`
// (FILE: ...) if they are not all the shards of the same report by this binary.
std::optional<MergedReport> merge_report_partials(const sim::Partials& p, std::string& error);

}  // namespace syncsim::reports
