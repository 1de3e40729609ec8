#include "report.hpp"

#include <fmt/format.h>

#include "aggregate.hpp"
#include "checklist.hpp"
#include "report_accumulator.hpp"
#include "summary.hpp"
#include "verdict.hpp"

namespace syncsim::reports {

namespace {

nlohmann::json ms_interval(const Histogram& h, double p) {
  const auto i = h.percentile_interval(p);
  return i ? nlohmann::json::array({i->first, i->second}) : nlohmann::json(nullptr);
}
nlohmann::json ci(Interval i) { return nlohmann::json::array({i.lo, i.hi}); }

nlohmann::json aggregate_json(const Aggregate& a) {
  nlohmann::json v = nlohmann::json::object();
  for (auto p : a.violated()) v[std::string(sim::property_name(p))] = a.violating(p);
  nlohmann::json byEndpoint = nlohmann::json::object();
  for (std::size_t e = 0; e < sim::kEndpoints; ++e)
    byEndpoint[core::endpoint_name(static_cast<core::Endpoint>(e))] = a.per_hour(a.byEndpoint[e]);
  const auto& L = a.latencies;
  return {{"runs", a.runs},
          {"runs_with_violations", a.failingRuns},
          {"runs_with_violations_ci95", ci(wilson(a.failingRuns, a.runs))},
          {"runs_not_as_expected", a.unexpected},
          {"runs_violating", v},
          {"sessions_ended", a.ended},
          {"sessions_completed", a.completed},
          {"latency_ms",
           {{"p50", json_ms(L.percentile(50))}, {"p50_ci95", ms_interval(L, 50)},
            {"p95", json_ms(L.percentile(95))}, {"p95_ci95", ms_interval(L, 95)},
            {"p99", json_ms(L.percentile(99))}, {"p99_ci95", ms_interval(L, 99)},
            {"max", json_ms(L.percentile(100))}}},
          {"share_within_2s", a.share_within_2s()},
          {"share_within_2s_ci95", ci(wilson(a.within2s, a.ended))},
          {"end_handler_ms",
           {{"p50", json_ms(a.handler.percentile(50))}, {"p95", json_ms(a.handler.percentile(95))},
            {"p95_ci95", ms_interval(a.handler, 95)}, {"max", json_ms(a.handler.percentile(100))}}},
          {"requests_per_hour", a.requestsPerHour.mean()},
          {"requests_per_hour_ci95", ci(a.requestsPerHour.ci95())},
          {"requests_per_hour_pooled", a.per_hour(a.requests)},
          {"requests_per_hour_by_endpoint", byEndpoint},
          {"worker_wakeups_per_hour", a.wakeupsPerHour.mean()},
          {"worker_wakeups_per_hour_ci95", ci(a.wakeupsPerHour.ci95())},
          {"alarm_fires_per_hour", a.per_hour(a.alarmFires)},
          {"retry_attempts", a.retryAttempts},
          {"dead_lettered", a.deadLettered},
          {"duplicates", a.duplicates},
          {"stuck_at_end", a.stuck},
          {"stuck_per_run", a.stuckPerRun.mean()},
          {"stuck_per_run_ci95", ci(a.stuckPerRun.ci95())},
          {"dashboard_error_session_hours", a.dashboardError},
          {"dashboard_error_per_run", a.dashboardErrorPerRun.mean()},
          {"dashboard_error_per_run_ci95", ci(a.dashboardErrorPerRun.ci95())},
          {"peak_storage_bytes", a.peakStorage},
          {"peak_pending_sessions", a.peakPending}};
}

// Seconds, one unit per column: three decimals below 10 s, one above.
std::string sec(std::optional<sim::Time> t) {
  if (!t) return "—";
  const double s = static_cast<double>(*t) / 1000.0;
  return s < 10 ? fmt::format("{:.3f}", s) : fmt::format("{:.1f}", s);
}
std::string sec_ci(const Histogram& h, double p) {
  const auto i = h.percentile_interval(p);
  return i ? fmt::format("{} ({}–{})", sec(h.percentile(p)), sec(i->first), sec(i->second)) : "—";
}
std::string mean_ci(const RunningStat& s, const char* f) {
  const Interval i = s.ci95();
  const std::string one(f);
  return fmt::format(fmt::runtime(one + " (" + one + "–" + one + ")"), s.mean(), i.lo, i.hi);
}

std::string table_head(const std::string& first, const std::vector<std::string>& strategies) {
  std::string md = "| " + first + " |";
  for (const auto& s : strategies) md += " " + s + " |";
  md += "\n|---|";
  for (std::size_t i = 0; i < strategies.size(); ++i) md += "---|";
  return md + "\n";
}

}  // namespace

nlohmann::json report_json(const ReportAccumulator& acc) {
  const auto& info = acc.info();
  const auto& strategies = acc.strategies();
  nlohmann::json scen = nlohmann::json::object();
  for (const auto& p : acc.profiles())
    for (const auto& s : strategies)
      if (const Aggregate* a = acc.cell(p, s)) scen[p][s] = aggregate_json(*a);
  nlohmann::json strat = nlohmann::json::object();
  for (const auto& s : strategies) strat[s] = aggregate_json(acc.overall(s));
  const auto results = plan_checklist(acc);
  nlohmann::json checklist = nlohmann::json::array();
  for (const auto& c : results)
    checklist.push_back({{"requirement", c.requirement}, {"strategy", c.strategy}, {"profile", c.profile},
                         {"applicable", c.applicable}, {"pass", c.pass}, {"figure", c.figure}});
  const auto classes = classify_checklist(results, strategies);
  nlohmann::json classified = nlohmann::json::array();
  for (const auto& c : classes)
    classified.push_back({{"requirement", c.requirement}, {"strategy", c.strategy}, {"applicable_profiles", c.applicable},
                          {"passed_profiles", c.passed}, {"kind", c.kind}, {"reason", c.reason}, {"worst", c.worst},
                          {"defect_profiles", c.defectProfiles}, {"unachievable_profiles", c.unachievableProfiles}});
  nlohmann::json claims = nlohmann::json::array();
  for (const auto& c : api_claims(acc))
    claims.push_back({{"strategy", c.strategy}, {"claim", c.claim}, {"alarm_fires_per_hour", c.alarmsPerHour},
                      {"worker_wakeups_per_hour", c.wakeupsPerHour}, {"requests_per_hour", c.requestsPerHour},
                      {"requests_per_hour_ci95", ci(c.requestsPerHourCi)},
                      {"session_requests_per_hour", c.sessionRequestsPerHour}});
  return {{"syncsim_version", info.version},
          {"scenario_dir", info.scenarioDir},
          {"profiles", info.profiles},
          {"seeds_per_profile", info.seeds},
          {"runs", acc.runs()},
          {"strategies", strategies},
          {"verdict", verdict_json(make_verdict(acc, classes))},
          {"by_strategy", strat},
          {"by_scenario", scen},
          {"plan_checklist", checklist},
          {"plan_checklist_classified", classified},
          {"api_load_claims", {{"profile", info.apiProfile}, {"rows", claims}}}};
}

std::string summary_markdown(const ReportAccumulator& acc) {
  const auto& info = acc.info();
  const auto& strategies = acc.strategies();
  const auto results = plan_checklist(acc);
  const auto classes = classify_checklist(results, strategies);
  std::string md = "# syncsim: which strategy to ship\n\n";
  md += fmt::format("{} runs: {} profiles x {} strategies x {} seed(s) per profile (each profile's own seed and the next "
                    "{}). syncsim {}. Per-run figures: metrics.csv.\n\n",
                    acc.runs(), acc.profiles().size(), strategies.size(), info.seeds, info.seeds - 1, info.version);
  md += verdict_markdown(make_verdict(acc, classes), acc);

  md += "## Figures per strategy (all profiles)\n\nIn parentheses: the 95 % interval. Latencies are from the tab's "
        "close to the server row's completion, over every completed session; per-run figures are means over runs.\n\n";
  md += "| strategy | runs with a violation | within 2 s (%) | latency p50 (s) | latency p95 (s) | latency p99 (s) | "
        "endSession p95 (ms) | requests/h | wake-ups/h | stuck per run | duplicates (sessions) | dead-lettered (items) | "
        "dashboard error per run (session-h) |\n";
  md += "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& s : strategies) {
    const Aggregate& a = acc.overall(s);
    const Interval fail = wilson(a.failingRuns, a.runs), within = wilson(a.within2s, a.ended);
    const auto h95 = a.handler.percentile(95);
    md += fmt::format("| {} | {} of {} ({}) | {:.1f} ({:.1f}–{:.1f}) | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", s,
                      a.failingRuns, a.runs, percent_range(fail), 100.0 * a.share_within_2s(), 100 * within.lo,
                      100 * within.hi, sec_ci(a.latencies, 50), sec_ci(a.latencies, 95), sec_ci(a.latencies, 99),
                      h95 ? std::to_string(*h95) : "—", mean_ci(a.requestsPerHour, "{:.1f}"),
                      mean_ci(a.wakeupsPerHour, "{:.1f}"), mean_ci(a.stuckPerRun, "{:.2f}"), a.duplicates, a.deadLettered,
                      mean_ci(a.dashboardErrorPerRun, "{:.3f}"));
  }

  md += "\n## The plan's checklist\n\nPasses in how many of the profiles where the requirement applies (its threshold, "
        "reports/README.md), and the first failing profile's figure.\n\n";
  md += table_head("requirement", strategies);
  for (const auto& req : checklist_requirements()) {
    md += "| " + req + " |";
    for (const auto& s : strategies) {
      const ChecklistClass* k = nullptr;
      for (const auto& c : classes)
        if (c.requirement == req && c.strategy == s) k = &c;
      if (!k || k->kind == "n/a") md += " n/a |";
      else if (k->kind == "pass") md += fmt::format(" pass ({} of {}) |", k->passed, k->applicable);
      else md += fmt::format(" **fail** ({} of {}; {}) — {} |", k->passed, k->applicable, k->worst, k->kind);
    }
    md += "\n";
  }
  md += "\n### Why each requirement fails\n\nA failure is a **defect** where another strategy passes on the same "
        "profile; **unachievable here** where no strategy does (the profile's world prevents it); **unachievable as "
        "written** where the plan states the requirement in a form no MV3 strategy can meet.\n\n";
  md += "| requirement | strategy | class | why |\n|---|---|---|---|\n";
  for (const auto& c : classes)
    if (c.kind != "pass" && c.kind != "n/a") md += fmt::format("| {} | {} | {} | {} |\n", c.requirement, c.strategy, c.kind, c.reason);

  const auto claims = api_claims(acc);
  if (!claims.empty()) {
    md += fmt::format("\n## API load: the plan's claims, measured (profile `{}`, {} seed(s))\n\n", info.apiProfile, info.seeds);
    md += "| strategy | plan's claim | alarm fires/h | worker wake-ups/h | requests/h (95 % interval) | of which start/end (requests/h) |\n"
          "|---|---|---|---|---|---|\n";
    for (const auto& c : claims)
      md += fmt::format("| {} | {} | {:.1f} | {:.1f} | {:.1f} ({:.1f}–{:.1f}) | {:.1f} |\n", c.strategy, c.claim, c.alarmsPerHour,
                        c.wakeupsPerHour, c.requestsPerHour, c.requestsPerHourCi.lo, c.requestsPerHourCi.hi,
                        c.sessionRequestsPerHour);
    md += "\nAn alarm only costs a request when something is queued, so the plan's figures (one call per alarm) "
          "overstate the request rate and understate the wake-ups.\n";
  }

  md += fmt::format("\n## Properties per profile\n\n`ok`: every property held on every seed; otherwise each property "
                    "violated, in how many of the {} seeds. `!` marks a result that differs from the scenario's recorded "
                    "expectation (its own seed).\n\n",
                    info.seeds);
  md += table_head("profile", strategies);
  for (const auto& name : acc.profiles()) {
    md += "| " + name + " |";
    for (const auto& s : strategies) {
      const Aggregate* a = acc.cell(name, s);
      if (!a) {
        md += " — |";
        continue;
      }
      std::string cell;
      for (auto p : a->violated()) cell += fmt::format("{}{} {} of {}", cell.empty() ? "" : ", ", sim::property_name(p), a->violating(p), a->runs);
      if (cell.empty()) cell = "ok";
      if (a->unexpected) cell += " !";
      md += " " + cell + " |";
    }
    md += "\n";
  }
  return md;
}

std::string metrics_csv_header() {
  std::string csv =
      "scenario,strategy,seed,trace_hash,violated,sessions_ended,sessions_completed,latency_p50_ms,latency_p95_ms,"
      "latency_p99_ms,latency_max_ms,share_within_2s,end_handler_p95_ms";
  for (std::size_t e = 0; e < sim::kEndpoints; ++e) csv += fmt::format(",requests_{}", core::endpoint_name(static_cast<core::Endpoint>(e)));
  csv += ",requests_per_hour,worker_wakeups,alarm_fires,retry_attempts,dead_lettered,duplicates,stuck_at_end,"
         "dashboard_error_session_hours,peak_storage_bytes,peak_pending_sessions,simulated_ms\n";
  return csv;
}

std::string metrics_csv_row(const RunRow& r) {
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
  std::string csv = fmt::format("{},{},{},{},{},{},{},{},{},{},{},{:.4f},{}", r.scenario, r.strategy, r.seed, hash_hex(r.traceHash),
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
  return csv;
}

}  // namespace syncsim::reports
