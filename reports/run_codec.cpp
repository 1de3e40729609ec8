#include "run_codec.hpp"

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
          {"storage_growth", m.storageGrowthBytes}};
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
  return r;
}

}  // namespace syncsim::reports
