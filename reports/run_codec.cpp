#include "run_codec.hpp"

#include <fmt/format.h>

#include "summary.hpp"

namespace syncsim::reports {

using nlohmann::json;

json row_to_json(const RunRow& r) {
  const auto& m = r.metrics;
  json v = json::array();
  for (auto p : r.violated) v.push_back(static_cast<int>(p));
  json samples = json::array();
  for (const auto& s : m.samples)
    samples.push_back({s.at, s.serverInProgress, s.trulyActive, s.pendingQueue, s.failedItems, s.storageBytes});
  return {{"scenario", r.scenario},
          {"strategy", r.strategy},
          {"seed", r.seed},
          {"trace_hash", r.traceHash},
          {"violated", v},
          {"matches_expectation", r.matchesExpectation},
          {"workload_ms", r.workloadMs},
          {"latencies", m.latencies},
          {"sessions_ended", m.sessionsEnded},
          {"sessions_completed", m.sessionsCompleted},
          {"end_handler_ms", m.endHandlerMs},
          {"requests", m.requests},
          {"outcomes", {m.requestsOk, m.requestsFail, m.requestsUnknown}},
          {"worker_starts", m.workerStarts},
          {"worker_stops", m.workerStops},
          {"retry_attempts", m.retryAttempts},
          {"dead_lettered", m.deadLettered},
          {"dead_letter_evicted", m.deadLetterEvicted},
          {"beacons", {m.beaconsSent, m.beaconsWasted}},
          {"duplicates", m.duplicates},
          {"stuck_at_end", m.stuckAtEnd},
          {"dashboard_error", m.dashboardErrorSessionHours},
          {"peaks", {m.peakStorageBytes, m.peakPendingSessions, m.peakFailedItems}},
          {"simulated_ms", m.simulatedMs},
          {"events", m.events},
          {"worker_wakeups", m.workerWakeups},
          {"alarm_fires", m.alarmFires},
          {"samples", samples},
          {"requests_per_hour", m.requestsPerHour},
          {"retries_per_hour", m.retriesPerHour},
          {"retry_gaps", m.retryGaps},
          {"retry_gap_pairs", {m.retryGapPairs, m.retryGapIncreases}},
          {"malformed", {m.malformedSessions, m.malformedInDeadLetter, m.malformedAttempts}},
          {"storage_growth", m.storageGrowthBytes},
          {"pending_at_end", m.pendingAtEnd}};
}

bool check_row(sim::JsonCheck& c, const json& j, const std::string& ptr) {
  constexpr std::uint64_t u32 = UINT32_MAX, u64 = UINT64_MAX;
  constexpr std::int64_t t0 = INT64_MIN, t1 = INT64_MAX;
  constexpr std::size_t many = SIZE_MAX;  // array lengths are bounded by the file already
  auto at = [&](const char* k) { return ptr + "/" + k; };
  if (!c.object(j, ptr, {"scenario", "strategy", "seed", "trace_hash", "violated", "matches_expectation", "workload_ms", "latencies",
                         "sessions_ended", "sessions_completed", "end_handler_ms", "requests", "outcomes", "worker_starts",
                         "worker_stops", "retry_attempts", "dead_lettered", "dead_letter_evicted", "beacons", "duplicates",
                         "stuck_at_end", "dashboard_error", "peaks", "simulated_ms", "events", "worker_wakeups", "alarm_fires",
                         "samples", "requests_per_hour", "retries_per_hour", "retry_gaps", "retry_gap_pairs", "malformed",
                         "storage_growth", "pending_at_end"}))
    return false;
  const bool scalars = c.string(j["scenario"], at("scenario")) && c.string(j["strategy"], at("strategy")) &&
                       c.uint(j["seed"], at("seed"), 0, u64) && c.uint(j["trace_hash"], at("trace_hash"), 0, u64) &&
                       c.uints(j["violated"], at("violated"), sim::kAllProperties.size(), sim::kAllProperties.size()) &&
                       c.boolean(j["matches_expectation"], at("matches_expectation")) && c.sint(j["workload_ms"], at("workload_ms"), t0, t1) &&
                       c.sints(j["latencies"], at("latencies"), many, t0, t1) && c.uint(j["sessions_ended"], at("sessions_ended"), 0, u64) &&
                       c.uint(j["sessions_completed"], at("sessions_completed"), 0, u64) &&
                       c.sints(j["end_handler_ms"], at("end_handler_ms"), many, t0, t1) &&
                       c.array(j["requests"], at("requests"), sim::kEndpoints, sim::kEndpoints) && c.uints(j["requests"], at("requests"), sim::kEndpoints, u64) &&
                       c.array(j["outcomes"], at("outcomes"), 3, 3) && c.uints(j["outcomes"], at("outcomes"), 3, u64) &&
                       c.uint(j["worker_starts"], at("worker_starts"), 0, u64) && c.array(j["worker_stops"], at("worker_stops"), 8, 8) &&
                       c.uints(j["worker_stops"], at("worker_stops"), 8, u64) && c.uint(j["retry_attempts"], at("retry_attempts"), 0, u64) &&
                       c.uint(j["dead_lettered"], at("dead_lettered"), 0, u64) && c.uint(j["dead_letter_evicted"], at("dead_letter_evicted"), 0, u64) &&
                       c.array(j["beacons"], at("beacons"), 2, 2) && c.uints(j["beacons"], at("beacons"), 2, u64) &&
                       c.uint(j["duplicates"], at("duplicates"), 0, u64) && c.uint(j["stuck_at_end"], at("stuck_at_end"), 0, u64) &&
                       c.number(j["dashboard_error"], at("dashboard_error")) && c.array(j["peaks"], at("peaks"), 3, 3) &&
                       c.sint(j["peaks"][0], at("peaks") + "/0", t0, t1) && c.uint(j["peaks"][1], at("peaks") + "/1", 0, SIZE_MAX) &&
                       c.uint(j["peaks"][2], at("peaks") + "/2", 0, SIZE_MAX) && c.sint(j["simulated_ms"], at("simulated_ms"), t0, t1) &&
                       c.uint(j["events"], at("events"), 0, u64) && c.uint(j["worker_wakeups"], at("worker_wakeups"), 0, u64) &&
                       c.uint(j["alarm_fires"], at("alarm_fires"), 0, u64) && c.array(j["samples"], at("samples"), 0, many) &&
                       c.array(j["requests_per_hour"], at("requests_per_hour"), 0, many) &&
                       c.uints(j["retries_per_hour"], at("retries_per_hour"), many, u32) && c.sints(j["retry_gaps"], at("retry_gaps"), many, t0, t1) &&
                       c.array(j["retry_gap_pairs"], at("retry_gap_pairs"), 2, 2) && c.uints(j["retry_gap_pairs"], at("retry_gap_pairs"), 2, u64) &&
                       c.array(j["malformed"], at("malformed"), 3, 3) && c.uints(j["malformed"], at("malformed"), 3, u64) &&
                       c.number(j["storage_growth"], at("storage_growth")) &&
                       c.uint(j["pending_at_end"], at("pending_at_end"), 0, u32);
  if (!scalars) return false;
  for (std::size_t i = 0; i < j["violated"].size(); ++i)
    if (!c.uint(j["violated"][i], fmt::format("{}/{}", at("violated"), i), 1, sim::kAllProperties.size())) return false;
  const auto& samples = j["samples"];
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const std::string p = fmt::format("{}/{}", at("samples"), i);
    if (!c.array(samples[i], p, 6, 6) || !c.sint(samples[i][0], p + "/0", t0, t1) || !c.sint(samples[i][5], p + "/5", t0, t1))
      return false;
    for (int k = 1; k <= 4; ++k)
      if (!c.uint(samples[i][k], fmt::format("{}/{}", p, k), 0, u32)) return false;
  }
  const auto& rph = j["requests_per_hour"];
  for (std::size_t i = 0; i < rph.size(); ++i) {
    const std::string p = fmt::format("{}/{}", at("requests_per_hour"), i);
    if (!c.array(rph[i], p, sim::kEndpoints, sim::kEndpoints) || !c.uints(rph[i], p, sim::kEndpoints, u32)) return false;
  }
  return true;
}

RunRow row_from_json(const json& j) {
  RunRow r;
  r.scenario = j.at("scenario").get<std::string>();
  r.strategy = j.at("strategy").get<std::string>();
  r.seed = j.at("seed").get<std::uint64_t>();
  r.traceHash = j.at("trace_hash").get<std::uint64_t>();
  for (const auto& p : j.at("violated")) r.violated.push_back(static_cast<sim::Property>(p.get<int>()));
  r.matchesExpectation = j.at("matches_expectation").get<bool>();
  r.workloadMs = j.at("workload_ms").get<sim::Time>();
  auto& m = r.metrics;
  m.latencies = j.at("latencies").get<std::vector<sim::Time>>();
  m.sessionsEnded = j.at("sessions_ended").get<std::uint64_t>();
  m.sessionsCompleted = j.at("sessions_completed").get<std::uint64_t>();
  m.endHandlerMs = j.at("end_handler_ms").get<std::vector<sim::Time>>();
  m.requests = j.at("requests").get<decltype(m.requests)>();
  const auto& o = j.at("outcomes");
  m.requestsOk = o[0].get<std::uint64_t>();
  m.requestsFail = o[1].get<std::uint64_t>();
  m.requestsUnknown = o[2].get<std::uint64_t>();
  m.workerStarts = j.at("worker_starts").get<std::uint64_t>();
  m.workerStops = j.at("worker_stops").get<decltype(m.workerStops)>();
  m.retryAttempts = j.at("retry_attempts").get<std::uint64_t>();
  m.deadLettered = j.at("dead_lettered").get<std::uint64_t>();
  m.deadLetterEvicted = j.at("dead_letter_evicted").get<std::uint64_t>();
  m.beaconsSent = j.at("beacons")[0].get<std::uint64_t>();
  m.beaconsWasted = j.at("beacons")[1].get<std::uint64_t>();
  m.duplicates = j.at("duplicates").get<std::uint64_t>();
  m.stuckAtEnd = j.at("stuck_at_end").get<std::uint64_t>();
  m.dashboardErrorSessionHours = j.at("dashboard_error").get<double>();
  m.peakStorageBytes = j.at("peaks")[0].get<std::int64_t>();
  m.peakPendingSessions = j.at("peaks")[1].get<std::size_t>();
  m.peakFailedItems = j.at("peaks")[2].get<std::size_t>();
  m.simulatedMs = j.at("simulated_ms").get<sim::Time>();
  m.events = j.at("events").get<std::uint64_t>();
  m.workerWakeups = j.at("worker_wakeups").get<std::uint64_t>();
  m.alarmFires = j.at("alarm_fires").get<std::uint64_t>();
  for (const auto& s : j.at("samples"))
    m.samples.push_back({s[0].get<sim::Time>(), s[1].get<std::uint32_t>(), s[2].get<std::uint32_t>(), s[3].get<std::uint32_t>(),
                         s[4].get<std::uint32_t>(), s[5].get<std::int64_t>()});
  m.requestsPerHour = j.at("requests_per_hour").get<decltype(m.requestsPerHour)>();
  m.retriesPerHour = j.at("retries_per_hour").get<std::vector<std::uint32_t>>();
  m.retryGaps = j.at("retry_gaps").get<std::vector<sim::Time>>();
  m.retryGapPairs = j.at("retry_gap_pairs")[0].get<std::uint64_t>();
  m.retryGapIncreases = j.at("retry_gap_pairs")[1].get<std::uint64_t>();
  m.malformedSessions = j.at("malformed")[0].get<std::uint64_t>();
  m.malformedInDeadLetter = j.at("malformed")[1].get<std::uint64_t>();
  m.malformedAttempts = j.at("malformed")[2].get<std::uint64_t>();
  m.storageGrowthBytes = j.at("storage_growth").get<double>();
  m.pendingAtEnd = j.at("pending_at_end").get<std::uint32_t>();
  return r;
}

}  // namespace syncsim::reports
