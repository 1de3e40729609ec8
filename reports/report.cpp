#include "report.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

#include "summary.hpp"

namespace syncsim::reports {

namespace {

struct Aggregate {
  std::size_t runs = 0;
  std::size_t failingRuns = 0;
  std::size_t unexpected = 0;
  std::set<sim::Property> violated;
  std::vector<sim::Time> latencies;
  std::vector<sim::Time> handler;
  std::uint64_t ended = 0, within2s = 0, requests = 0, stuck = 0, duplicates = 0, deadLettered = 0;
  double hours = 0, dashboardError = 0;

  void add(const RunRow& r) {
    ++runs;
    if (!r.violated.empty()) ++failingRuns;
    if (!r.matchesExpectation) ++unexpected;
    violated.insert(r.violated.begin(), r.violated.end());
    const auto& m = r.metrics;
    latencies.insert(latencies.end(), m.latencies.begin(), m.latencies.end());
    handler.insert(handler.end(), m.endHandlerMs.begin(), m.endHandlerMs.end());
    ended += m.sessionsEnded;
    for (auto l : m.latencies) within2s += l <= 2000 ? 1 : 0;
    for (auto n : m.requests) requests += n;
    stuck += m.stuckAtEnd;
    duplicates += m.duplicates;
    deadLettered += m.deadLettered;
    hours += static_cast<double>(m.simulatedMs) / static_cast<double>(sim::kHour);
    dashboardError += m.dashboardErrorSessionHours;
  }
  nlohmann::json json() const {
    nlohmann::json v = nlohmann::json::array();
    for (auto p : violated) v.push_back(std::string(sim::property_name(p)));
    return {{"runs", runs},
            {"runs_with_violations", failingRuns},
            {"runs_not_as_expected", unexpected},
            {"violated", v},
            {"sessions_ended", ended},
            {"latency_ms", {{"p50", percentile(latencies, 50)}, {"p95", percentile(latencies, 95)}, {"p99", percentile(latencies, 99)}, {"max", percentile(latencies, 100)}}},
            {"share_within_2s", ended ? static_cast<double>(within2s) / static_cast<double>(ended) : 0.0},
            {"end_handler_ms_p95", percentile(handler, 95)},
            {"requests_per_hour", hours > 0 ? static_cast<double>(requests) / hours : 0.0},
            {"stuck_at_end", stuck},
            {"duplicates", duplicates},
            {"dead_lettered", deadLettered},
            {"dashboard_error_session_hours", dashboardError}};
  }
};

std::string ms(sim::Time t) {
  if (t < 0) return "—";
  if (t < 10000) return fmt::format("{} ms", t);
  if (t < 600000) return fmt::format("{:.1f} s", static_cast<double>(t) / 1000.0);
  return fmt::format("{:.1f} min", static_cast<double>(t) / 60000.0);
}

}  // namespace

nlohmann::json report_json(const std::vector<RunRow>& rows, const std::vector<std::string>& strategies) {
  std::map<std::string, std::map<std::string, Aggregate>> byScenario;
  std::map<std::string, Aggregate> byStrategy;
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& r : rows) {
    byScenario[r.scenario][r.strategy].add(r);
    byStrategy[r.strategy].add(r);
    nlohmann::json v = nlohmann::json::array();
    for (auto p : r.violated) v.push_back(std::string(sim::property_name(p)));
    runs.push_back({{"scenario", r.scenario}, {"strategy", r.strategy}, {"seed", r.seed}, {"trace_hash", hash_hex(r.traceHash)},
                    {"violated", v}, {"matches_expectation", r.matchesExpectation}, {"metrics", metrics_json(r.metrics)}});
  }
  nlohmann::json scen = nlohmann::json::object();
  for (const auto& [name, m] : byScenario)
    for (const auto& [strat, a] : m) scen[name][strat] = a.json();
  nlohmann::json strat = nlohmann::json::object();
  for (const auto& s : strategies) strat[s] = byStrategy[s].json();
  return {{"syncsim_version", SYNCSIM_VERSION}, {"strategies", strategies}, {"by_strategy", strat}, {"by_scenario", scen}, {"runs", runs}};
}

std::string summary_markdown(const std::vector<RunRow>& rows, const std::vector<std::string>& strategies) {
  std::map<std::string, std::map<std::string, Aggregate>> byScenario;
  std::map<std::string, Aggregate> byStrategy;
  for (const auto& r : rows) {
    byScenario[r.scenario][r.strategy].add(r);
    byStrategy[r.strategy].add(r);
  }
  std::string md = "# syncsim: strategies side by side\n\n";
  md += fmt::format("{} runs over {} scenarios.\n\n## Figures per strategy (all scenarios)\n\n", rows.size(), byScenario.size());
  md += "| strategy | latency p50 | p95 | p99 | within 2 s | endSession p95 | requests/h | stuck | duplicates | dead-lettered | dashboard error (session-h) |\n";
  md += "|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& s : strategies) {
    const Aggregate& a = byStrategy[s];
    md += fmt::format("| {} | {} | {} | {} | {:.1f} % | {} | {:.1f} | {} | {} | {} | {:.2f} |\n", s, ms(percentile(a.latencies, 50)),
                      ms(percentile(a.latencies, 95)), ms(percentile(a.latencies, 99)),
                      a.ended ? 100.0 * static_cast<double>(a.within2s) / static_cast<double>(a.ended) : 0.0,
                      ms(percentile(a.handler, 95)), a.hours > 0 ? static_cast<double>(a.requests) / a.hours : 0.0, a.stuck,
                      a.duplicates, a.deadLettered, a.dashboardError);
  }
  md += "\n## Properties per scenario\n\n`ok`: every property held in every run; otherwise the properties violated "
        "(runs violating / runs). `!` marks a result that differs from the scenario's recorded expectation.\n\n| scenario |";
  for (const auto& s : strategies) md += " " + s + " |";
  md += "\n|---|";
  for (std::size_t i = 0; i < strategies.size(); ++i) md += "---|";
  md += "\n";
  for (const auto& [name, m] : byScenario) {
    md += "| " + name + " |";
    for (const auto& s : strategies) {
      auto it = m.find(s);
      if (it == m.end()) {
        md += " — |";
        continue;
      }
      const Aggregate& a = it->second;
      std::string cell;
      if (a.violated.empty()) cell = "ok";
      else {
        for (auto p : a.violated) cell += (cell.empty() ? "" : ", ") + std::string(sim::property_name(p));
        cell += fmt::format(" ({}/{})", a.failingRuns, a.runs);
      }
      if (a.unexpected) cell += " !";
      md += " " + cell + " |";
    }
    md += "\n";
  }
  return md;
}

}  // namespace syncsim::reports
