// syncsim report: profiles (the scenarios of a directory) x strategies x seeds, side by side:
// report.json, summary.md, metrics.csv and report.html. Identical whatever --jobs is.
#include <atomic>
#include <filesystem>
#include <iostream>
#include <thread>

#include <fmt/format.h>
#include <unistd.h>

#include "commands.hpp"
#include "core/strategy.hpp"
#include "reports/html_report.hpp"
#include "reports/output_file.hpp"
#include "reports/report.hpp"
#include "reports/summary.hpp"
#include "sim/scenario.hpp"
#include "sim/world.hpp"

namespace syncsim::cli {

int report_command(const ReportOptions& o) {
  std::vector<std::string> strategies = o.strategies;
  if (strategies.empty())
    for (const auto& s : core::all_strategies()) strategies.emplace_back(s.name);
  for (const auto& s : strategies)
    if (!core::strategy_by_name(s)) {
      std::cerr << "syncsim: --strategies: expected baseline, approach1, approach2 or hardened, found '" << s << "'\n";
      return kExitBadInput;
    }
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
  std::string assetError;
  const auto assets = reports::WebAssets::load(reports::default_web_dir(), assetError);
  if (!assets) {
    std::cerr << "syncsim: " << assetError << "\n";
    return kExitBadInput;
  }
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec) {
    std::cerr << "syncsim: --out: cannot create " << o.out << ": " << ec.message() << "\n";
    return kExitBadInput;
  }

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
  std::vector<reports::RunRow> rows(jobs.size());
  std::atomic<std::size_t> next{0}, done{0};
  const bool progress = isatty(STDERR_FILENO);
  auto worker = [&] {
    for (std::size_t k; (k = next.fetch_add(1)) < jobs.size();) {
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
      const std::size_t d = done.fetch_add(1) + 1;
      if (progress && (d % 8 == 0 || d == jobs.size()))
        std::cerr << fmt::format("\rsyncsim report: {}/{} runs", d, jobs.size()) << std::flush;
    }
  };
  const unsigned n = std::max(1u, std::min<unsigned>(o.jobs, static_cast<unsigned>(jobs.size())));
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < n; ++i) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  if (progress) std::cerr << "\n";

  reports::ReportInfo info;
  info.version = reports::version_string();
  info.scenarioDir = o.dir;
  for (const auto& s : scenarios) info.profiles.push_back(s.name);
  info.seeds = o.seeds;
  info.apiProfile = std::find(info.profiles.begin(), info.profiles.end(), "api-call-volume") != info.profiles.end()
                        ? "api-call-volume"
                        : info.profiles.front();

  const std::string md = reports::summary_markdown(info, rows, strategies);
  reports::OutputFile json(o.out + "/report.json");
  reports::OutputFile summary(o.out + "/summary.md");
  reports::OutputFile csv(o.out + "/metrics.csv");
  reports::OutputFile html(o.out + "/report.html");
  json.stream() << reports::report_json(info, rows, strategies).dump(2) << "\n";
  summary.stream() << md;
  csv.stream() << reports::metrics_csv(rows);
  html.stream() << reports::report_html(info, rows, strategies, md, *assets);
  if (!json.ok() || !summary.ok() || !csv.ok() || !html.ok() || !json.commit() || !summary.commit() || !csv.commit() ||
      !html.commit()) {
    std::cerr << "syncsim: --out: cannot write the report into " << o.out << "\n";
    return kExitBadInput;
  }
  std::cout << md << "\nwritten: " << o.out << "/report.json, summary.md, metrics.csv, report.html\n";
  return kExitOk;
}

}  // namespace syncsim::cli
