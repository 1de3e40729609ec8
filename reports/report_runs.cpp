#include "report_runs.hpp"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "core/strategy.hpp"
#include "report_accumulator.hpp"
#include "run_codec.hpp"
#include "sim/explore/json_check.hpp"
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

void run_report(const std::vector<sim::Scenario>& scenarios, const std::vector<std::string>& strategies, int seeds,
                std::uint64_t shard, std::uint64_t shards, unsigned jobs, const RowSink& sink, const sim::Progress& progress) {
  struct Job {
    const sim::Scenario* scenario;
    std::string strategy;
    int seedIndex;
  };
  std::vector<Job> matrix;
  for (const auto& s : scenarios)
    for (const auto& name : strategies)
      for (int i = 0; i < seeds; ++i) matrix.push_back({&s, name, i});
  const std::uint64_t mine = sim::shard_size(matrix.size(), shard, shards);
  std::vector<std::string> names;
  for (const auto& s : scenarios) names.push_back(s.name);
  const std::string representative = representative_profile(names);
  // Rows finished out of order wait here until every earlier one was delivered.
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::size_t, RunRow> waiting;
  std::size_t delivered = 0;
  const std::size_t window = 8 * static_cast<std::size_t>(sim::parallel_jobs(jobs, mine)) + 8;
  sim::parallel_for(
      mine, jobs,
      [&](std::size_t m) {
        {
          // Indices are handed out in order, so the thread holding the oldest undelivered one
          // never waits here: no deadlock.
          std::unique_lock<std::mutex> lock(mu);
          cv.wait(lock, [&] { return m < delivered + window; });
        }
        const Job& j = matrix[shard + m * shards];
        sim::WorldParams p = j.scenario->params;
        p.seed = j.scenario->params.seed + static_cast<std::uint64_t>(j.seedIndex);
        p.keepSamples = j.seedIndex == 0 && j.scenario->name == representative;  // the charts' series
        const sim::RunResult r = sim::run_world(p, *sim::js::any_strategy(j.strategy));
        RunRow row{j.scenario->name, j.strategy, p.seed, r.traceHash, sim::violated_properties(r.violations), true,
                   p.durationMs, r.metrics};
        std::string why;
        // Expectations are recorded for the scenario's own seed.
        row.matchesExpectation = j.seedIndex > 0 || sim::matches_expectation(*j.scenario, j.strategy, r.violations, why);
        std::lock_guard<std::mutex> lock(mu);
        waiting.emplace(m, std::move(row));
        for (auto it = waiting.begin(); it != waiting.end() && it->first == delivered; it = waiting.erase(it), ++delivered)
          sink(shard + delivered * shards, it->second);
        cv.notify_all();
      },
      progress);
}

nlohmann::ordered_json report_partial_json(const ReportInfo& info, const std::vector<std::string>& strategies,
                                           const std::vector<RunRow>& rows, std::uint64_t runs, std::uint64_t shard,
                                           std::uint64_t shards) {
  nlohmann::ordered_json part = sim::partial_header("report");
  part["version"] = info.version;
  part["scenario_dir"] = info.scenarioDir;
  part["profiles"] = info.profiles;
  part["strategies"] = strategies;
  part["seeds"] = info.seeds;
  part["api_profile"] = info.apiProfile;
  part["runs"] = runs;
  part["shard"] = shard;
  part["shards"] = shards;
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (std::size_t j = 0; j < rows.size(); ++j) list.push_back({{"index", shard + j * shards}, {"row", row_to_json(rows[j])}});
  part["rows"] = list;
  return part;
}

namespace {

// One report partial against the schema (report_partial_json), and against the first file.
bool check_report_partial(const sim::Partials& partials, std::size_t i, std::uint64_t shard, std::string& error) {
  const auto& d = partials.docs[i];
  sim::JsonCheck c(partials.files[i]);
  auto done = [&] {
    error = c.error;
    return c.ok();
  };
  if (!c.object(d, "", {"syncsim_partial", "kind", "version", "scenario_dir", "profiles", "strategies", "seeds", "api_profile", "runs",
                        "shard", "shards", "rows"}))
    return done();
  if (!c.string(d["version"], "/version")) return done();
  if (d["version"] != version_string())
    return c.fail("/version", version_string() + " (this binary's version)", sim::JsonCheck::describe(d["version"])), done();
  if (!c.string(d["scenario_dir"], "/scenario_dir") || !c.array(d["profiles"], "/profiles", 1, 1000000) ||
      !c.array(d["strategies"], "/strategies", 1, 64) || !c.uint(d["seeds"], "/seeds", 1, 1000000) ||
      !c.string(d["api_profile"], "/api_profile") || !c.uint(d["runs"], "/runs", 0, UINT64_MAX) || !c.array(d["rows"], "/rows", 0, SIZE_MAX))
    return done();
  for (std::size_t k = 0; k < d["profiles"].size(); ++k)
    if (!c.string(d["profiles"][k], fmt::format("/profiles/{}", k))) return done();
  for (std::size_t k = 0; k < d["strategies"].size(); ++k) {
    const auto& n = d["strategies"][k];
    if (!n.is_string() || !core::strategy_by_name(n.get<std::string>()))
      return c.fail(fmt::format("/strategies/{}", k), "baseline, approach1, approach2 or hardened", sim::JsonCheck::describe(n)), done();
  }
  const auto& profiles = d["profiles"];
  if (std::find(profiles.begin(), profiles.end(), d["api_profile"]) == profiles.end())
    return c.fail("/api_profile", "one of /profiles", sim::JsonCheck::describe(d["api_profile"])), done();
  const std::uint64_t seeds = d["seeds"].get<std::uint64_t>(), nStrategies = d["strategies"].size();
  // profiles x strategies x seeds, each factor bounded by the file or by 1e6: no overflow.
  const std::uint64_t runs = profiles.size() * nStrategies * seeds, shards = d["shards"].get<std::uint64_t>();
  if (!c.uint(d["runs"], "/runs", runs, runs)) return done();
  const auto& first = partials.docs[0];
  for (const char* k : {"scenario_dir", "profiles", "strategies", "seeds", "api_profile"})
    if (i > 0 && d[k] != first[k])
      return c.fail(std::string("/") + k, "the same as in " + partials.files[0] + " (shards of one report)", sim::JsonCheck::describe(d[k])), done();
  const auto& rows = d["rows"];
  const std::uint64_t mine = sim::shard_size(runs, shard, shards);
  if (!c.array(rows, "/rows", mine, mine)) return done();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string p = fmt::format("/rows/{}", r);
    const std::uint64_t index = shard + r * shards;  // the rows of a shard, in order
    if (!c.object(rows[r], p, {"index", "row"}) || !c.uint(rows[r]["index"], p + "/index", index, index) ||
        !check_row(c, rows[r]["row"], p + "/row"))
      return done();
    const auto& row = rows[r]["row"];
    const auto& scenario = profiles[index / (nStrategies * seeds)];
    const auto& strategy = d["strategies"][(index / seeds) % nStrategies];
    if (row["scenario"] != scenario) return c.fail(p + "/row/scenario", scenario.dump() + " (run " + std::to_string(index) + ")", sim::JsonCheck::describe(row["scenario"])), done();
    if (row["strategy"] != strategy) return c.fail(p + "/row/strategy", strategy.dump() + " (run " + std::to_string(index) + ")", sim::JsonCheck::describe(row["strategy"])), done();
  }
  return done();
}

}  // namespace

std::optional<MergedReport> merge_report_partials(const sim::Partials& partials, std::string& error) {
  const auto& parts = partials.docs;
  std::vector<std::uint64_t> shardOf;
  if (parts.empty()) {
    error = "merge: expected at least one partial result";
    return std::nullopt;
  }
  if (!sim::claim_shards(partials, shardOf, error)) return std::nullopt;
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (!check_report_partial(partials, i, shardOf[i], error)) return std::nullopt;
  // Everything is valid, every shard is there with exactly its rows: now read.
  const auto& first = parts.front();
  MergedReport m;
  ReportInfo& info = m.info;
  info.version = first["version"].get<std::string>();
  info.scenarioDir = first["scenario_dir"].get<std::string>();
  info.profiles = first["profiles"].get<std::vector<std::string>>();
  info.seeds = first["seeds"].get<int>();
  info.apiProfile = first["api_profile"].get<std::string>();
  m.strategies = first["strategies"].get<std::vector<std::string>>();
  m.rows.resize(first["runs"].get<std::size_t>());
  for (const auto& p : parts)
    for (const auto& e : p["rows"]) m.rows[e["index"].get<std::size_t>()] = &e["row"];
  return m;
}

void MergedReport::replay(const RowSink& sink) const {
  for (std::size_t k = 0; k < rows.size(); ++k) sink(k, row_from_json(*rows[k]));
}

}  // namespace syncsim::reports
