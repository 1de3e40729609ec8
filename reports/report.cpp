#include "report.hpp"

#include <map>

#include <fmt/format.h>

#include "aggregate.hpp"
#include "checklist.hpp"
#include "summary.hpp"

namespace syncsim::reports {

namespace {

nlohmann::json aggregate_json(const Aggregate& a) {
  nlohmann::json v = nlohmann::json::array();
  for (auto p : a.violated) v.push_back(std::string(sim::property_name(p)));
  nlohmann::json byEndpoint = nlohmann::json::object();
  for (std::size_t e = 0; e < sim::kEndpoints; ++e)
    byEndpoint[core::endpoint_name(static_cast<core::Endpoint>(e))] = a.per_hour(a.byEndpoint[e]);
  return {{"runs", a.runs},
          {"runs_with_violations", a.failingRuns},
          {"runs_not_as_expected", a.unexpected},
          {"violated", v},
          {"sessions_ended", a.ended},
          {"sessions_completed", a.completed},
          {"latency_ms", {{"p50", json_ms(percentile(a.latencies, 50))}, {"p95", json_ms(percentile(a.latencies, 95))}, {"p99", json_ms(percentile(a.latencies, 99))}, {"max", json_ms(percentile(a.latencies, 100))}}},
          {"share_within_2s", a.share_within_2s()},
          {"end_handler_ms", {{"p50", json_ms(percentile(a.handler, 50))}, {"p95", json_ms(percentile(a.handler, 95))}, {"max", json_ms(percentile(a.handler, 100))}}},
          {"requests_per_hour", a.per_hour(a.requests)},
          {"requests_per_hour_by_endpoint", byEndpoint},
          {"worker_wakeups_per_hour", a.per_hour(a.wakeups)},
          {"alarm_fires_per_hour", a.per_hour(a.alarmFires)},
          {"retry_attempts", a.retryAttempts},
          {"dead_lettered", a.deadLettered},
          {"duplicates", a.duplicates},
          {"stuck_at_end", a.stuck},
          {"dashboard_error_session_hours", a.dashboardError},
          {"peak_storage_bytes", a.peakStorage},
          {"peak_pending_sessions", a.peakPending}};
}

std::string ms(std::optional<sim::Time> missing) {
  if (!missing) return "—";
  const sim::Time t = *missing;
  if (t < 10000) return fmt::format("{} ms", t);
  if (t < 600000) return fmt::format("{:.1f} s", static_cast<double>(t) / 1000.0);
  return fmt::format("{:.1f} min", static_cast<double>(t) / 60000.0);
}

}  // namespace

nlohmann::json report_json(const ReportInfo& info, const std::vector<RunRow>& rows, const std::vector<std::string>& strategies) {
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
    for (const auto& [strat, a] : m) scen[name][strat] = aggregate_json(a);
  nlohmann::json strat = nlohmann::json::object();
  for (const auto& s : strategies) strat[s] = aggregate_json(byStrategy[s]);
  nlohmann::json checklist = nlohmann::json::array();
  for (const auto& c : plan_checklist(rows, strategies))
    checklist.push_back({{"requirement", c.requirement}, {"strategy", c.strategy}, {"profile", c.profile},
                         {"applicable", c.applicable}, {"pass", c.pass}, {"figure", c.figure}});
  nlohmann::json claims = nlohmann::json::array();
  for (const auto& c : api_claims(rows, strategies, info.apiProfile))
    claims.push_back({{"strategy", c.strategy}, {"claim", c.claim}, {"alarm_fires_per_hour", c.alarmsPerHour},
                      {"worker_wakeups_per_hour", c.wakeupsPerHour}, {"requests_per_hour", c.requestsPerHour},
                      {"session_requests_per_hour", c.sessionRequestsPerHour}});
  return {{"syncsim_version", info.version},
          {"scenario_dir", info.scenarioDir},
          {"profiles", info.profiles},
          {"seeds_per_profile", info.seeds},
          {"strategies", strategies},
          {"by_strategy", strat},
          {"by_scenario", scen},
          {"plan_checklist", checklist},
          {"api_load_claims", {{"profile", info.apiProfile}, {"rows", claims}}},
          {"runs", runs}};
}

std::string summary_markdown(const ReportInfo& info, const std::vector<RunRow>& rows, const std::vector<std::string>& strategies) {
  std::map<std::string, std::map<std::string, Aggregate>> byScenario;
  std::map<std::string, Aggregate> byStrategy;
  for (const auto& r : rows) {
    byScenario[r.scenario][r.strategy].add(r);
    byStrategy[r.strategy].add(r);
  }
  std::string md = "# syncsim: strategies side by side\n\n";
  md += fmt::format("{} runs: {} profiles x {} strategies x {} seed(s). syncsim {}.\n\n", rows.size(), byScenario.size(),
                    strategies.size(), info.seeds, info.version);
  md += "## Figures per strategy (all profiles)\n\n";
  md += "| strategy | latency p50 | p95 | p99 | within 2 s | endSession p95 | requests/h | wake-ups/h | stuck | duplicates | dead-lettered | dashboard error (session-h) |\n";
  md += "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& s : strategies) {
    const Aggregate& a = byStrategy[s];
    md += fmt::format("| {} | {} | {} | {} | {:.1f} % | {} | {:.1f} | {:.1f} | {} | {} | {} | {:.2f} |\n", s, ms(percentile(a.latencies, 50)),
                      ms(percentile(a.latencies, 95)), ms(percentile(a.latencies, 99)), 100.0 * a.share_within_2s(),
                      ms(percentile(a.handler, 95)), a.per_hour(a.requests), a.per_hour(a.wakeups), a.stuck, a.duplicates,
                      a.deadLettered, a.dashboardError);
  }

  md += "\n## The plan's checklist\n\nPass in how many of the profiles where the requirement applies; the figure is from the "
        "worst profile. Thresholds: reports/README.md.\n\n| requirement |";
  for (const auto& s : strategies) md += " " + s + " |";
  md += "\n|---|";
  for (std::size_t i = 0; i < strategies.size(); ++i) md += "---|";
  md += "\n";
  const auto results = plan_checklist(rows, strategies);
  for (const auto& req : checklist_requirements()) {
    md += "| " + req + " |";
    for (const auto& s : strategies) {
      int applicable = 0, passed = 0;
      std::string worst;
      for (const auto& c : results) {
        if (c.requirement != req || c.strategy != s || !c.applicable) continue;
        ++applicable;
        if (c.pass) ++passed;
        else if (worst.empty()) worst = c.profile + ": " + c.figure;
      }
      if (!applicable) md += " n/a |";
      else if (passed == applicable) md += fmt::format(" pass ({}/{}) |", passed, applicable);
      else md += fmt::format(" **fail** ({}/{}; {}) |", passed, applicable, worst);
    }
    md += "\n";
  }

  const auto claims = api_claims(rows, strategies, info.apiProfile);
  if (!claims.empty()) {
    md += fmt::format("\n## API load: the plan's claims, measured (profile `{}`)\n\n", info.apiProfile);
    md += "| strategy | plan's claim | alarm fires/h | worker wake-ups/h | requests/h | of which start/end |\n|---|---|---|---|---|---|\n";
    for (const auto& c : claims)
      md += fmt::format("| {} | {} | {:.1f} | {:.1f} | {:.1f} | {:.1f} |\n", c.strategy, c.claim, c.alarmsPerHour,
                        c.wakeupsPerHour, c.requestsPerHour, c.sessionRequestsPerHour);
    md += "\nAn alarm only costs a request when something is queued, so the plan's figures (one call per alarm) "
          "overstate the request rate and understate the wake-ups.\n";
  }

  md += "\n## Properties per profile\n\n`ok`: every property held in every run; otherwise the properties violated "
        "(runs violating / runs). `!` marks a result that differs from the scenario's recorded expectation.\n\n| profile |";
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
        for (auto p : a.violated) {
          if (!cell.empty()) cell += ", ";
          cell += sim::property_name(p);
        }
        cell += fmt::format(" ({}/{})", a.failingRuns, a.runs);
      }
      if (a.unexpected) cell += " !";
      md += " " + cell + " |";
    }
    md += "\n";
  }
  return md;
}

std::string metrics_csv(const std::vector<RunRow>& rows) {
  std::string csv =
      "scenario,strategy,seed,trace_hash,violated,sessions_ended,sessions_completed,latency_p50_ms,latency_p95_ms,"
      "latency_p99_ms,latency_max_ms,share_within_2s,end_handler_p95_ms";
  for (std::size_t e = 0; e < sim::kEndpoints; ++e) csv += fmt::format(",requests_{}", core::endpoint_name(static_cast<core::Endpoint>(e)));
  csv += ",requests_per_hour,worker_wakeups,alarm_fires,retry_attempts,dead_lettered,duplicates,stuck_at_end,"
         "dashboard_error_session_hours,peak_storage_bytes,peak_pending_sessions,simulated_ms\n";
  for (const auto& r : rows) {
    const auto& m = r.metrics;
    std::string violated;
    for (auto p : r.violated) {
      if (!violated.empty()) violated += '+';
      violated += sim::property_name(p);
    }
    std::size_t within = 0;
    std::uint64_t total = 0;
    for (auto l : m.latencies) within += l <= 2000 ? 1 : 0;
    for (auto n : m.requests) total += n;
    csv += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{:.4f},{}", r.scenario, r.strategy, r.seed, hash_hex(r.traceHash),
                       violated, m.sessionsEnded, m.sessionsCompleted, csv_ms(percentile(m.latencies, 50)),
                       csv_ms(percentile(m.latencies, 95)), csv_ms(percentile(m.latencies, 99)),
                       csv_ms(percentile(m.latencies, 100)),
                       m.sessionsEnded ? static_cast<double>(within) / static_cast<double>(m.sessionsEnded) : 0.0,
                       csv_ms(percentile(m.endHandlerMs, 95)));
    for (auto n : m.requests) csv += fmt::format(",{}", n);
    const double hours = static_cast<double>(m.simulatedMs) / static_cast<double>(sim::kHour);
    csv += fmt::format(",{:.2f},{},{},{},{},{},{},{:.4f},{},{},{}\n", hours > 0 ? static_cast<double>(total) / hours : 0.0,
                       m.workerWakeups, m.alarmFires, m.retryAttempts, m.deadLettered, m.duplicates, m.stuckAtEnd,
                       m.dashboardErrorSessionHours, m.peakStorageBytes, m.peakPendingSessions, m.simulatedMs);
  }
  return csv;
}

}  // namespace syncsim::reports
