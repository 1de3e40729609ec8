#include "summary.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/explore/scenario_writer.hpp"
#include "sim/world/service_worker.hpp"

namespace syncsim::reports {

nlohmann::json json_ms(std::optional<sim::Time> t) { return t ? nlohmann::json(*t) : nlohmann::json(nullptr); }
std::string text_ms(std::optional<sim::Time> t) { return t ? fmt::format("{} ms", *t) : std::string("—"); }
std::string csv_ms(std::optional<sim::Time> t) { return t ? fmt::format("{}", *t) : std::string(); }

std::optional<sim::Time> percentile(std::vector<sim::Time> v, double p) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(v.size()));
  const auto i = static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(v.size()))) - 1;
  return v[i];
}

std::string hash_hex(std::uint64_t h) { return sim::format_trace_hash(h); }

std::string version_string() { return SYNCSIM_VERSION; }

nlohmann::json metrics_json(const sim::RunMetrics& m) {
  using nlohmann::json;
  std::size_t within2s = 0;
  for (auto l : m.latencies) within2s += l <= 2000 ? 1 : 0;
  json requests = json::object();
  for (std::size_t e = 0; e < sim::kEndpoints; ++e)
    requests[core::endpoint_name(static_cast<core::Endpoint>(e))] = m.requests[e];
  json stops = json::object();
  for (std::size_t i = 0; i < 7; ++i)
    stops[sim::stop_reason_name(static_cast<sim::StopReason>(i))] = m.workerStops[i];
  const double hours = static_cast<double>(m.simulatedMs) / static_cast<double>(sim::kHour);
  std::uint64_t totalRequests = 0;
  for (auto n : m.requests) totalRequests += n;
  return json{
      {"sessions_ended", m.sessionsEnded},
      {"sessions_completed", m.sessionsCompleted},
      {"latency_ms",
       {{"p50", json_ms(percentile(m.latencies, 50))},
        {"p95", json_ms(percentile(m.latencies, 95))},
        {"p99", json_ms(percentile(m.latencies, 99))},
        {"max", json_ms(percentile(m.latencies, 100))},
        {"share_within_2s", m.sessionsEnded ? static_cast<double>(within2s) / static_cast<double>(m.sessionsEnded) : 0.0}}},
      {"end_handler_ms", {{"p50", json_ms(percentile(m.endHandlerMs, 50))}, {"p95", json_ms(percentile(m.endHandlerMs, 95))}, {"max", json_ms(percentile(m.endHandlerMs, 100))}}},
      {"requests", requests},
      {"requests_per_hour", hours > 0 ? static_cast<double>(totalRequests) / hours : 0.0},
      {"request_outcomes", {{"ok", m.requestsOk}, {"fail", m.requestsFail}, {"unknown", m.requestsUnknown}}},
      {"worker_starts", m.workerStarts},
      {"worker_stops", stops},
      {"retry_attempts", m.retryAttempts},
      {"dead_lettered", m.deadLettered},
      {"rejected_as_invalid", m.malformedInDeadLetter},  // a 400 for a malformed session, in the dead-letter queue
      {"dead_letter_evicted", m.deadLetterEvicted},
      {"beacons", {{"sent", m.beaconsSent}, {"wasted", m.beaconsWasted}}},
      {"duplicates", m.duplicates},
      {"stuck_at_end", m.stuckAtEnd},
      {"dashboard_error_session_hours", m.dashboardErrorSessionHours},
      {"peak_storage_bytes", m.peakStorageBytes},
      {"peak_pending_sessions", m.peakPendingSessions},
      {"peak_failed_items", m.peakFailedItems},
      {"simulated_ms", m.simulatedMs},
      {"events", m.events},
  };
}

nlohmann::json run_json(const RunInfo& info, const sim::RunResult& r) {
  using nlohmann::json;
  json violations = json::array();
  for (const auto& v : r.violations)
    violations.push_back(json{{"property", std::string(sim::property_name(v.property))},
                              {"session", v.session},
                              {"at_ms", v.at},
                              {"span_ms", {v.spanFrom, v.spanTo}},
                              {"detail", v.detail}});
  return json{{"scenario", info.scenario},
              {"strategy", info.strategy},
              {"seed", info.seed},
              {"trace_hash", hash_hex(r.traceHash)},
              {"violations", violations},
              {"metrics", metrics_json(r.metrics)}};
}

std::string run_text(const RunInfo& info, const sim::RunResult& r) {
  const auto& m = r.metrics;
  std::string out = fmt::format("scenario {}  strategy {}  seed {}  trace {}\n", info.scenario, info.strategy,
                                info.seed, hash_hex(r.traceHash));
  out += fmt::format(
      "sessions ended {}, completed on server {}, stuck In Progress {}, duplicates {}, dead-lettered {}, rejected as "
      "invalid {}\n",
      m.sessionsEnded, m.sessionsCompleted, m.stuckAtEnd, m.duplicates, m.deadLettered, m.malformedInDeadLetter);
  out += fmt::format("latency p50 {}, p95 {}, max {}; endSession handler p95 {}\n",
                     text_ms(percentile(m.latencies, 50)), text_ms(percentile(m.latencies, 95)),
                     text_ms(percentile(m.latencies, 100)), text_ms(percentile(m.endHandlerMs, 95)));
  std::uint64_t total = 0;
  for (auto n : m.requests) total += n;
  out += fmt::format("requests {} (ok {}, fail {}, unknown {}), worker starts {}, events {}\n", total,
                     m.requestsOk, m.requestsFail, m.requestsUnknown, m.workerStarts, m.events);
  if (r.violations.empty()) {
    out += "all properties hold\n";
  } else {
    out += fmt::format("{} violation(s):\n", r.violations.size());
    for (const auto& v : r.violations)
      out += fmt::format("  [{}] session {} at {} ms: {} (trace {}..{} ms)\n", sim::property_name(v.property), v.session,
                         v.at, v.detail, v.spanFrom, v.spanTo);
  }
  return out;
}

}  // namespace syncsim::reports
