#pragma once
// The report's runs: every profile x strategy x seed in a fixed order, all of them or one shard,
// on threads, each row stored by its index so the rows do not depend on the threads or the
// sharding; and a report shard's partial result (format: sim/explore/partial.hpp) and its merge.
#include <cstdint>
#include <functional>
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

// Receives the report's rows one at a time, in index order.
using RowSink = std::function<void(std::size_t index, const RunRow& row)>;

// Row k: scenario k / (strategies x seeds), then strategy, then seed index (from the scenario's
// own seed). Runs shard `shard` of `shards` of them on `jobs` threads and hands each row to
// `sink` in index order, whatever thread ran it. A thread does not start a run more than a
// small window ahead of the oldest undelivered one, so the rows held at once stay bounded.
void run_report(const std::vector<sim::Scenario>& scenarios, const std::vector<std::string>& strategies, int seeds,
                std::uint64_t shard, std::uint64_t shards, unsigned jobs, const RowSink& sink,
                const sim::Progress& progress = {});

// A report shard's partial: the report's inputs and this shard's rows by index.
// `rows` are this shard's rows in order (the j-th is row shard + j * shards).
nlohmann::ordered_json report_partial_json(const ReportInfo& info, const std::vector<std::string>& strategies,
                                           const std::vector<RunRow>& rows, std::uint64_t runs, std::uint64_t shard,
                                           std::uint64_t shards);

struct MergedReport {
  ReportInfo info;
  std::vector<std::string> strategies;
  std::vector<const nlohmann::json*> rows;  // every run's row, by index, inside the partials
  // Hands every row to `sink` in index order.
  void replay(const RowSink& sink) const;
};

// The shards of one report, merged into what one unsharded run has; nullopt and `error`
// (FILE: ...) if they are not all the shards of the same report by this binary.
std::optional<MergedReport> merge_report_partials(const sim::Partials& p, std::string& error);

}  // namespace syncsim::reports
