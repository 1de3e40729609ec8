// syncsim report: profiles (the scenarios of a directory) x strategies x seeds, side by side:
// report.json, summary.md, metrics.csv and report.html. Identical whatever --jobs is.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <unistd.h>

#include "commands.hpp"
#include "core/strategy.hpp"
#include "reports/html_report.hpp"
#include "reports/report.hpp"
#include "reports/run_codec.hpp"
#include "reports/summary.hpp"
#include "sim/explore/output_file.hpp"
#include "sim/explore/parallel.hpp"
#include "sim/explore/partial.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/world.hpp"

namespace syncsim::cli {

namespace {
std::optional<reports::WebAssets> load_assets() {
  std::string error;
  auto assets = reports::WebAssets::load(reports::default_web_dir(), error);
  if (!assets) std::cerr << "syncsim: " << error << "\n";
  return assets;
}

// Writes the four report files from the rows: the same for one run and for merged shards.
int finish_report(const reports::ReportInfo& info, const std::vector<reports::RunRow>& rows,
                  const std::vector<std::string>& strategies, const std::string& outDir, const reports::WebAssets& assets) {
  std::error_code ec;
  std::filesystem::create_directories(outDir, ec);
  if (ec) {
    std::cerr << "syncsim: --out: cannot create " << outDir << ": " << ec.message() << "\n";
    return kExitBadInput;
  }
  const std::string md = reports::summary_markdown(info, rows, strategies);
  sim::OutputFile json(outDir + "/report.json");
  sim::OutputFile summary(outDir + "/summary.md");
  sim::OutputFile csv(outDir + "/metrics.csv");
  sim::OutputFile html(outDir + "/report.html");
  json.stream() << reports::report_json(info, rows, strategies).dump(2) << "\n";
  summary.stream() << md;
  csv.stream() << reports::metrics_csv(rows);
  html.stream() << reports::report_html(info, rows, strategies, md, assets);
  if (!json.ok() || !summary.ok() || !csv.ok() || !html.ok() || !json.commit() || !summary.commit() || !csv.commit() ||
      !html.commit()) {
    std::cerr << "syncsim: --out: cannot write the report into " << outDir << "\n";
    return kExitBadInput;
  }
  std::cout << md << "\nwritten: " << outDir << "/report.json, summary.md, metrics.csv, report.html\n";
  return kExitOk;
}
}  // namespace

int report_command(const ReportOptions& o) {
  std::vector<std::string> strategies = o.strategies;
  if (!resolve_strategy_list(strategies)) return kExitBadInput;
  // Everything is checked before anything runs or is written.
  std::vector<sim::Scenario> scenarios;
  for (const auto& f : scenario_files(o.dir, false)) {
    auto l = sim::load_scenario(f);
    for (const auto& e : l.errors) std::cerr << "syncsim: " << e.message() << "\n";
    if (!l.scenario) return kExitBadInput;
    if (o.profiles.empty() || std::find(o.profiles.begin(), o.profiles.end(), l.scenario->name) != o.profiles.end())
      scenarios.push_back(std::move(*l.scenario));
  }
  for (const auto& p : o.profiles)
    if (std::none_of(scenarios.begin(), scenarios.end(), [&](const sim::Scenario& s) { return s.name == p; })) {
      std::cerr << "syncsim: --profiles: expected the name of a scenario in " << o.dir << " (see `syncsim scenarios list`), found '" << p << "'\n";
      return kExitBadInput;
    }
  if (scenarios.empty()) {
    std::cerr << "syncsim: --dir: expected scenario files (*.json) in " << o.dir << ", found none\n";
    return kExitBadInput;
  }
  const auto assets = load_assets();
  if (!assets) return kExitBadInput;
  // The matrix, in a fixed order; workers fill their own slots.
  struct Job {
    const sim::Scenario* scenario;
    std::string strategy;
    int seedIndex;
  };
  std::vector<Job> jobs;
  for (const auto& s : scenarios)
    for (const auto& name : strategies)
      for (int i = 0; i < o.seeds; ++i) jobs.push_back({&s, name, i});
  const std::uint64_t mine = sim::shard_size(jobs.size(), o.shard, o.shards);  // the j-th: o.shard + j * o.shards
  std::vector<reports::RunRow> rows(jobs.size());
  const bool progress = isatty(STDERR_FILENO);
  sim::parallel_for(
      mine, o.jobs,
      [&](std::size_t m) {
        const std::size_t k = o.shard + m * o.shards;
        const Job& j = jobs[k];
        sim::WorldParams p = j.scenario->params;
        p.seed = j.scenario->params.seed + static_cast<std::uint64_t>(j.seedIndex);
        const sim::RunResult r = sim::run_world(p, *core::strategy_by_name(j.strategy));
        reports::RunRow row{j.scenario->name, j.strategy, p.seed, r.traceHash, sim::violated_properties(r.violations), true,
                            p.durationMs, r.metrics};
        std::string why;
        // Expectations are recorded for the scenario's own seed.
        row.matchesExpectation = j.seedIndex > 0 || sim::matches_expectation(*j.scenario, j.strategy, r.violations, why);
        rows[k] = std::move(row);
      },
      [&](std::size_t d) {
        if (progress && (d % 8 == 0 || d == mine)) std::cerr << fmt::format("\rsyncsim report: {}/{} runs", d, mine) << std::flush;
      });
  if (progress) std::cerr << "\n";

  reports::ReportInfo info;
  info.version = reports::version_string();
  info.scenarioDir = o.dir;
  for (const auto& s : scenarios) info.profiles.push_back(s.name);
  info.seeds = o.seeds;
  info.apiProfile = std::find(info.profiles.begin(), info.profiles.end(), "api-call-volume") != info.profiles.end()
                        ? "api-call-volume"
                        : info.profiles.front();

  if (o.shards > 1) {
    nlohmann::ordered_json part = sim::partial_header("report");
    part["version"] = info.version;
    part["scenario_dir"] = info.scenarioDir;
    part["profiles"] = info.profiles;
    part["strategies"] = strategies;
    part["seeds"] = info.seeds;
    part["api_profile"] = info.apiProfile;
    part["runs"] = jobs.size();
    part["shard"] = o.shard;
    part["shards"] = o.shards;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (std::uint64_t k = o.shard; k < jobs.size(); k += o.shards)
      list.push_back({{"index", k}, {"row", reports::row_to_json(rows[k])}});
    part["rows"] = list;
    return write_partial(o.out, "report", o.shard, o.shards, mine, part.dump());
  }
  return finish_report(info, rows, strategies, o.out, *assets);
}

int merge_report(const sim::Partials& partials, const std::string& outDir) {
  const auto& parts = partials.docs;
  const auto& files = partials.files;
  const auto& first = parts.front();
  reports::ReportInfo info;
  info.version = first.value("version", "");
  info.scenarioDir = first.value("scenario_dir", "");
  info.profiles = first.value("profiles", std::vector<std::string>{});
  info.seeds = first.value("seeds", 1);
  info.apiProfile = first.value("api_profile", "");
  const auto strategies = first.value("strategies", std::vector<std::string>{});
  const std::size_t runs = first.value("runs", std::size_t{0});
  const std::size_t shards = first.value("shards", std::size_t{0});
  if (info.version != reports::version_string()) {
    std::cerr << "syncsim: " << files[0] << ": /version: expected " << reports::version_string() << " (this binary), found "
              << info.version << "\n";
    return kExitBadInput;
  }
  std::vector<reports::RunRow> rows(runs);
  std::vector<int> have(runs, 0), seen(shards, 0);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& p = parts[i];
    if (p.value("profiles", std::vector<std::string>{}) != info.profiles || p.value("strategies", std::vector<std::string>{}) != strategies ||
        p.value("seeds", 0) != info.seeds || p.value("runs", std::size_t{0}) != runs || p.value("shards", std::size_t{0}) != shards) {
      std::cerr << "syncsim: " << files[i] << ": expected a shard of the same report as " << files[0] << ", found another\n";
      return kExitBadInput;
    }
    std::string error;
    if (!sim::claim_shard(partials, i, shards, seen, error)) {
      std::cerr << "syncsim: " << error << "\n";
      return kExitBadInput;
    }
    for (const auto& e : p.at("rows")) {
      const auto index = e.at("index").get<std::size_t>();
      if (index >= runs || have[index]++) {
        std::cerr << "syncsim: " << files[i] << ": /rows: run " << index << " is out of range or given twice\n";
        return kExitBadInput;
      }
      rows[index] = reports::row_from_json(e.at("row"));
    }
  }
  for (std::size_t k = 0; k < runs; ++k)
    if (!have[k]) {
      std::cerr << "syncsim: merge: run " << k << " of " << runs << " is in no shard given (a shard is missing)\n";
      return kExitBadInput;
    }
  const auto assets = load_assets();
  if (!assets) return kExitBadInput;
  return finish_report(info, rows, strategies, outDir, *assets);
}

}  // namespace syncsim::cli
