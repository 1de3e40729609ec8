#include "sim/explore/duration.hpp"
#include "sim/explore/scenario.hpp"
#include "sim/explore/scenario_writer.hpp"
#include <fmt/format.h>

namespace syncsim::sim {

using ojson = nlohmann::ordered_json;

std::string format_trace_hash(std::uint64_t hash) { return fmt::format("{:016x}", hash); }

ojson scenario_json(const std::string& name, const std::string& description, const std::string& strategy,
                    const WorldParams& p) {
  const auto d = [](Time t) { return format_duration(t); };
  ojson world;
  world["network"] = {{"latency_median_ms", p.network.latencyMedianMs},
                      {"latency_sigma", p.network.latencySigma},
                      {"request_loss", p.network.requestLoss},
                      {"response_loss", p.network.responseLoss},
                      {"lost_request_error", d(p.network.lostRequestErrorMs)},
                      {"server_time", d(p.network.serverTimeMs)}};
  const auto& b = p.browser;
  world["browser"] = {{"worker_start_min", d(b.workerStartMinMs)},
                      {"worker_start_max", d(b.workerStartMaxMs)},
                      {"idle_timeout", d(b.idleTimeoutMs)},
                      {"hard_limit", d(b.hardLimitMs)},
                      {"fetch_response_limit", d(b.fetchResponseLimitMs)},
                      {"storage_latency_min", d(b.storageLatencyMinMs)},
                      {"storage_latency_max", d(b.storageLatencyMaxMs)},
                      {"lose_inflight_set_on_kill", b.loseInflightSetOnKill},
                      {"storage_quota_bytes", b.storageQuotaBytes},
                      {"alarm_min_period", d(b.alarmMinPeriodMs)},
                      {"alarm_max_lateness", d(b.alarmMaxLatenessMs)},
                      {"page_teardown", d(b.pageTeardownMs)},
                      {"quit_grace", d(b.quitGraceMs)},
                      {"message_latency", d(b.messageLatencyMs)},
                      {"tab_removed_delay_min", d(b.tabRemovedDelayMinMs)},
                      {"tab_removed_delay_max", d(b.tabRemovedDelayMaxMs)},
                      {"beacon_limit_bytes", b.beaconLimitBytes}};
  const char* modes[] = {"none", "end_idempotent", "key"};
  world["backend"] = {{"idempotency", modes[static_cast<int>(p.backend.idempotency)]},
                      {"token_lifetime", d(p.backend.tokenLifetimeMs)},
                      {"server_error_rate", p.backend.serverErrorRate}};
  const auto& u = p.user;
  ojson user = {{"sessions_per_day", u.sessionsPerDay},
                {"review_min", d(u.reviewMinMs)},
                {"review_max", d(u.reviewMaxMs)},
                {"activity_interval", d(u.activityIntervalMs)},
                {"parallel_probability", u.parallelProbability},
                {"work_start_hour", u.workStartHour},
                {"work_end_hour", u.workEndHour},
                {"malformed_rate", u.malformedRate},
                {"repos", u.repos}};
  if (p.sessions) {
    ojson sessions = ojson::array();
    for (const auto& s : *p.sessions)
      sessions.push_back({{"open", d(s.openAt)}, {"close", d(s.closeAt)}, {"repo", s.repo}, {"pr", s.pr}});
    user["sessions"] = sessions;
  }
  world["user"] = user;

  ojson faults = ojson::array();
  for (const auto& f : p.faults) {
    ojson j = {{"kind", std::string(fault_kind_name(f.kind))}, {"at", d(f.at)}};
    if (fault_has_duration(f.kind)) j["duration"] = d(f.duration);
    if (f.kind == FaultKind::ServerErrors) j["status"] = f.status;
    if (f.kind == FaultKind::RateLimit) j["retry_after"] = d(f.retryAfterMs);
    if (f.kind == FaultKind::BrowserRestart) j["alarms_lost"] = f.alarmsLost;
    if (f.kind == FaultKind::PacketLoss) j["probability"] = f.probability;
    faults.push_back(j);
  }
  ojson rates = ojson::object();
  for (int k = 0; k < static_cast<int>(FaultKind::Count_); ++k) {
    if (p.faultRates.perHour[k] <= 0) continue;
    ojson r = {{"per_hour", p.faultRates.perHour[k]}};
    if (fault_has_duration(static_cast<FaultKind>(k))) r["mean_duration"] = d(p.faultRates.meanDurationMs[k]);
    if (static_cast<FaultKind>(k) == FaultKind::RateLimit && p.faultRates.retryAfterMaxMs > 0)
      r["retry_after_max"] = d(p.faultRates.retryAfterMaxMs);
    rates[std::string(fault_kind_name(static_cast<FaultKind>(k)))] = r;
  }
  ojson doc = {{"version", 1},       {"name", name},           {"description", description},
               {"strategy", strategy}, {"seed", p.seed},       {"duration", d(p.durationMs)},
               {"drain", d(p.drainMs)}, {"world", world},      {"faults", faults}};
  if (!rates.empty()) doc["fault_rates"] = rates;
  return doc;
}

}  // namespace syncsim::sim
