#include "report_runs.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/strategy.hpp"
#include "run_codec.hpp"
#include "summary.hpp"
#include "sim/check/run_world.hpp"
#include "sim/js/js_extension.hpp"

namespace syncsim::reports {

ReportInfo report_info(const std::string& scenarioDir, const std::vector<sim::Scenario>& scenarios, int seeds) {
  ReportInfo info;
  info.version = version_string();
  info.scenarioDir = scenarioDir;
  for (const auto& s : scenarios) info.profiles.push_back(s.name);
  info.seeds = seeds;
  info.apiProfile = std::find(info.profiles.begin(), info.profiles.end(), "api-call-volume") != info.profiles.end()
                        ? "api-call-volume"
                        : info.profiles.front();
  return info;
}

std::vector<RunRow> run_report(const std::vector<sim::Scenario>& scenarios, const std::vector<std::string>& strategies,
                               int seeds, std::uint64_t shard, std::uint64_t shards, unsigned jobs,
                               const sim::Progress& progress) {
  struct Job {
    const sim::Scenario* scenario;
    std::string strategy;
    int seedIndex;
  };
  std::vector<Job> matrix;
  for (const auto& s : scenarios)
    for (const auto& name : strategies)
      for (int i = 0; i < seeds; ++i) matrix.push_back({&s, name, i});
  std::vector<RunRow> rows(matrix.size());
  const std::uint64_t mine = sim::shard_size(matrix.size(), shard, shards);
  sim::parallel_for(
      mine, jobs,
      [&](std::size_t m) {
        const Job& j = matrix[shard + m * shards];
        sim::WorldParams p = j.scenario->params;
        p.seed = j.scenario->params.seed + static_cast<std::uint64_t>(j.seedIndex);
        const sim::RunResult r = sim::run_world(p, *sim::js::any_strategy(j.strategy));
        RunRow row{j.scenario->name, j.strategy, p.seed, r.traceHash, sim::violated_properties(r.violations), true,
                   p.durationMs, r.metrics};
        std::string why;
        // Expectations are recorded for the scenario's own seed.
        row.matchesExpectation = j.seedIndex > 0 || sim::matches_expectation(*j.scenario, j.strategy, r.violations, why);
        rows[shard + m * shards] = std::move(row);
      },
      progress);
  return rows;
}

nlohmann::ordered_json report_partial_json(const ReportInfo& info, const std::vector<std::string>& strategies,
                                           const std::vector<RunRow>& rows, std::uint64_t shard, std::uint64_t shards) {
  nlohmann::ordered_json part = sim::partial_header("report");
  part["version"] = info.version;
  part["scenario_dir"] = info.scenarioDir;
  part["profiles"] = info.profiles;
  part["strategies"] = strategies;
  part["seeds"] = info.seeds;
  part["api_profile"] = info.apiProfile;
  part["runs"] = rows.size();
  part["shard"] = shard;
  part["shards"] = shards;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (std::uint64_t k = shard; k < rows.size(); k += shards) list.push_back({{"index", k}, {"row", row_to_json(rows[k])}});
  part["rows"] = list;
  return part;
}

std::optional<MergedReport> merge_report_partials(const sim::Partials& partials, std::string& error) {
  const auto& parts = partials.docs;
  const auto& files = partials.files;
  const auto& first = parts.front();
  MergedReport m;
  ReportInfo& info = m.info;
  info.version = first.value("version", "");
  info.scenarioDir = first.value("scenario_dir", "");
  info.profiles = first.value("profiles", std::vector<std::string>{});
  info.seeds = first.value("seeds", 1);
  info.apiProfile = first.value("api_profile", "");
  m.strategies = first.value("strategies", std::vector<std::string>{});
  const std::size_t runs = first.value("runs", std::size_t{0});
  const std::size_t shards = first.value("shards", std::size_t{0});
  if (info.version != version_string()) {
    error = fmt::format("{}: /version: expected {} (this binary), found {}", files[0], version_string(), info.version);
    return std::nullopt;
  }
  m.rows.resize(runs);
  std::vector<int> have(runs, 0), seen(shards, 0);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& p = parts[i];
    if (p.value("profiles", std::vector<std::string>{}) != info.profiles ||
        p.value("strategies", std::vector<std::string>{}) != m.strategies || p.value("seeds", 0) != info.seeds ||
        p.value("runs", std::size_t{0}) != runs || p.value("shards", std::size_t{0}) != shards) {
      error = fmt::format("{}: expected a shard of the same report as {}, found another", files[i], files[0]);
      return std::nullopt;
    }
    if (!sim::claim_shard(partials, i, shards, seen, error)) return std::nullopt;
    for (const auto& e : p.at("rows")) {
      const auto index = e.at("index").get<std::size_t>();
      if (index >= runs || have[index]++) {
        error = fmt::format("{}: /rows: run {} is out of range or given twice", files[i], index);
        return std::nullopt;
      }
      m.rows[index] = row_from_json(e.at("row"));
    }
  }
  for (std::size_t k = 0; k < runs; ++k)
    if (!have[k]) {
      error = fmt::format("merge: run {} of {} is in no shard given (a shard is missing)", k, runs);
      return std::nullopt;
    }
  return m;
}

}  // namespace syncsim::reports
