// syncsim report: every scenario of a directory x strategies x seeds, side by side.
#include <filesystem>
#include <iostream>

#include <unistd.h>

#include "commands.hpp"
#include "core/strategy.hpp"
#include "reports/output_file.hpp"
#include "reports/report.hpp"
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
  // Load everything first: a bad file stops the report before anything is written.
  std::vector<sim::Scenario> scenarios;
  for (const auto& f : scenario_files(o.dir, false)) {
    auto l = sim::load_scenario(f);
    for (const auto& e : l.errors) std::cerr << "syncsim: " << e.message() << "\n";
    if (!l.scenario) return kExitBadInput;
    scenarios.push_back(std::move(*l.scenario));
  }
  if (scenarios.empty()) {
    std::cerr << "syncsim: --dir: expected scenario files (*.json) in " << o.dir << ", found none\n";
    return kExitBadInput;
  }
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec) {
    std::cerr << "syncsim: --out: cannot create " << o.out << ": " << ec.message() << "\n";
    return kExitBadInput;
  }

  const bool progress = isatty(STDERR_FILENO);
  const std::size_t total = scenarios.size() * strategies.size() * static_cast<std::size_t>(o.seeds);
  std::vector<reports::RunRow> rows;
  rows.reserve(total);
  for (const auto& s : scenarios)
    for (const auto& name : strategies)
      for (int i = 0; i < o.seeds; ++i) {
        sim::WorldParams p = s.params;
        p.seed = s.params.seed + static_cast<std::uint64_t>(i);
        const sim::RunResult r = sim::run_world(p, *core::strategy_by_name(name));
        reports::RunRow row{s.name, name, p.seed, r.traceHash, sim::violated_properties(r.violations), true, r.metrics};
        std::string why;
        row.matchesExpectation = i > 0 || sim::matches_expectation(s, name, r.violations, why);
        rows.push_back(std::move(row));
        if (progress) std::cerr << "\rsyncsim report: " << rows.size() << "/" << total << " runs" << std::flush;
      }
  if (progress) std::cerr << "\n";

  const std::string md = reports::summary_markdown(rows, strategies);
  reports::OutputFile json(o.out + "/report.json");
  reports::OutputFile summary(o.out + "/summary.md");
  json.stream() << reports::report_json(rows, strategies).dump(2) << "\n";
  summary.stream() << md;
  if (!json.ok() || !summary.ok() || !json.commit() || !summary.commit()) {
    std::cerr << "syncsim: --out: cannot write the report into " << o.out << "\n";
    return kExitBadInput;
  }
  std::cout << md << "\nwritten: " << o.out << "/report.json, " << o.out << "/summary.md\n";
  return kExitOk;
}

}  // namespace syncsim::cli
