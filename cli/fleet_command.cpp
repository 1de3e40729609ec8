// syncsim fleet: N browsers against one backend of finite capacity, per strategy, with a
// backend outage: the retry storm, refusals for capacity, the time back to normal.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "sim/js/js_extension.hpp"
#include "core/strategy.hpp"
#include "reports/fleet_html.hpp"
#include "reports/summary.hpp"
#include "sim/explore/fleet.hpp"
#include "sim/explore/output_dir.hpp"
#include "sim/explore/output_file.hpp"
#include "sim/explore/parallel.hpp"

namespace syncsim::cli {

int fleet_command(const FleetOptions& o) {
  std::vector<std::string> strategies = o.strategies;
  if (!resolve_strategy_list(strategies)) return kExitBadInput;
  sim::FleetParams p;
  p.seed = o.seed;
  p.browsers = o.browsers;
  p.durationMs = static_cast<sim::Time>(o.hours * static_cast<double>(sim::kHour));
  p.capacityPerSecond = o.capacity;
  p.outageAtMs = static_cast<sim::Time>(o.outageAtHours * static_cast<double>(sim::kHour));
  p.outageForMs = static_cast<sim::Time>(o.outageMinutes * static_cast<double>(sim::kMinute));
  // Reviews stop an hour before the workload ends, so no review is cut short by its end.
  p.user.workEndHour = std::min(p.user.workEndHour, std::max(p.user.workStartHour + 1, static_cast<int>(o.hours) - 1));
  if (p.outageForMs > 0 && p.outageAtMs + p.outageForMs >= p.durationMs) {
    std::cerr << "syncsim: --outage-at: expected the outage to end before the workload does (" << o.hours << " h)\n";
    return kExitBadInput;
  }
  // --out is checked before the fleets run, not after minutes of work.
  std::string outError;
  if (!sim::output_dir_usable(o.out, outError)) {
    std::cerr << "syncsim: " << outError << "\n";
    return kExitBadInput;
  }
  // So are the chart libraries fleet.html inlines.
  std::string assetError;
  const auto assets = reports::WebAssets::load(reports::default_web_dir(), assetError);
  if (!assets) {
    std::cerr << "syncsim: " << assetError << "\n";
    return kExitBadInput;
  }
  // One fleet per strategy; fleets run in parallel, each on one thread (deterministic).
  std::vector<sim::FleetResult> results(strategies.size());
  sim::parallel_for(strategies.size(), o.jobs,
                    [&](std::size_t i) { results[i] = sim::run_fleet(p, *sim::js::any_strategy(strategies[i])); });

  std::string md = fmt::format(
      "# Fleet: {} browsers, one backend of {} requests/s\n\n{} h of workload (reviews {}:00-{}:00), installs spread over the "
      "first hour, backend answering {} from {:.2f} h for {:.0f} min. seed {}.\n\n",
      p.browsers, p.capacityPerSecond, o.hours, p.user.workStartHour, p.user.workEndHour, p.outageStatus, o.outageAtHours,
      o.outageMinutes, p.seed);
  md += "| strategy | baseline req/s | peak req/s after outage | peak / baseline | refused for capacity | time back to normal | "
        "stuck | duplicates | dead-lettered | browsers with violations |\n|---|---|---|---|---|---|---|---|---|---|\n";
  nlohmann::ordered_json j;
  j["browsers"] = p.browsers;
  j["capacity_per_second"] = p.capacityPerSecond;
  j["hours"] = o.hours;
  j["outage"] = {{"at_ms", p.outageAtMs}, {"for_ms", p.outageForMs}, {"status", p.outageStatus}};
  j["seed"] = p.seed;
  nlohmann::ordered_json byStrategy = nlohmann::ordered_json::object();
  std::string csv = "second";
  for (const auto& s : strategies) csv += fmt::format(",{}_arrivals,{}_refused", s, s);
  csv += "\n";
  std::size_t seconds = 0;
  for (std::size_t i = 0; i < strategies.size(); ++i) {
    const auto& r = results[i];
    seconds = std::max(seconds, r.arrivalsPerSecond.size());
    md += fmt::format("| {} | {:.1f} | {} (at {:.2f} h) | {:.1f}x | {} | {} | {} | {} | {} | {} |\n", strategies[i], r.baselinePerSecond,
                      r.peakPerSecond, static_cast<double>(r.peakAtMs) / static_cast<double>(sim::kHour),
                      r.baselinePerSecond > 0 ? r.peakPerSecond / r.baselinePerSecond : 0.0, r.refused,
                      r.timeToDrainMs < 0 ? std::string("not within the run") : fmt::format("{:.0f} s", static_cast<double>(r.timeToDrainMs) / 1000.0),
                      r.stuck, r.duplicates, r.deadLettered, r.browsersWithViolations);
    byStrategy[strategies[i]] = {{"baseline_per_second", r.baselinePerSecond}, {"peak_per_second", r.peakPerSecond},
                                 {"peak_at_ms", r.peakAtMs}, {"time_to_normal_ms", r.timeToDrainMs}, {"requests", r.requests},
                                 {"refused_for_capacity", r.refused}, {"sessions_ended", r.sessionsEnded}, {"stuck", r.stuck},
                                 {"duplicates", r.duplicates}, {"dead_lettered", r.deadLettered},
                                 {"browsers_with_violations", r.browsersWithViolations}, {"trace_hash", reports::hash_hex(r.traceHash)},
                                 {"events", r.events}};
  }
  for (std::size_t s = 0; s < seconds; ++s) {
    csv += std::to_string(s);
    for (const auto& r : results) {
      const auto a = s < r.arrivalsPerSecond.size() ? r.arrivalsPerSecond[s] : 0u;
      const auto f = s < r.refusedPerSecond.size() ? r.refusedPerSecond[s] : 0u;
      csv += fmt::format(",{},{}", a, f);
    }
    csv += "\n";
  }
  j["by_strategy"] = byStrategy;
  md += "\n`fleet.csv` has the requests reaching the backend in every second, per strategy.\n";

  // The directory is replaced whole, when all four files are written (as check and report do).
  sim::OutputDir dir(o.out, "fleet");
  std::string error;
  if (!dir.open(error)) {
    std::cerr << "syncsim: " << error << "\n";
    return kExitBadInput;
  }
  sim::OutputFile jf(dir.file("fleet.json")), mf(dir.file("fleet.md")), cf(dir.file("fleet.csv")), hf(dir.file("fleet.html"));
  jf.stream() << j.dump(2) << "\n";
  mf.stream() << md;
  cf.stream() << csv;
  hf.stream() << reports::fleet_html(p, strategies, results, md, *assets);
  if (!jf.ok() || !mf.ok() || !cf.ok() || !hf.ok() || !jf.commit() || !mf.commit() || !cf.commit() || !hf.commit() ||
      !dir.commit(error)) {
    std::cerr << "syncsim: --out: cannot write the fleet report into " << o.out << (error.empty() ? "" : ": " + error)
              << "\n";
    return kExitBadInput;
  }
  std::cout << md << "\nwritten: " << o.out << "/fleet.json, fleet.md, fleet.csv, fleet.html\n";
  return kExitOk;
}

}  // namespace syncsim::cli
