#include "sim/world/faults.hpp"

#include <algorithm>
#include <cmath>

#include "sim/runtime/random.hpp"

namespace syncsim::sim {

namespace {
constexpr std::string_view kNames[] = {"offline",         "captive_portal", "server_errors", "rate_limit",
                                       "token_revoke",    "refresh_broken", "worker_crash",  "browser_restart",
                                       "device_sleep",    "storage_set_loss", "packet_loss",   "browser_quit"};
static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<std::size_t>(FaultKind::Count_));
}  // namespace

std::string_view fault_kind_name(FaultKind k) {
  const auto i = static_cast<std::size_t>(k);
  return i < static_cast<std::size_t>(FaultKind::Count_) ? kNames[i] : "unknown";
}

std::optional<FaultKind> fault_kind_by_name(std::string_view name) {
  for (std::size_t i = 0; i < static_cast<std::size_t>(FaultKind::Count_); ++i)
    if (kNames[i] == name) return static_cast<FaultKind>(i);
  return std::nullopt;
}

bool fault_has_duration(FaultKind k) {
  return k != FaultKind::TokenRevoke && k != FaultKind::WorkerCrash;
}

std::vector<Fault> expand_faults(const std::vector<Fault>& scheduled, const FaultRates& rates, Time duration,
                                 Rng& rng) {
  std::vector<Fault> out = scheduled;
  for (int k = 0; k < static_cast<int>(FaultKind::Count_); ++k) {
    const double perHour = rates.perHour[k];
    if (perHour <= 0) continue;
    // A Poisson process: exponential gaps with mean 1/rate.
    const double meanGap = static_cast<double>(kHour) / perHour;
    double t = rng.exponential(meanGap);
    while (t < static_cast<double>(duration)) {
      Fault f;
      f.kind = static_cast<FaultKind>(k);
      f.at = static_cast<Time>(t);
      if (fault_has_duration(f.kind))
        f.duration = 1000 + static_cast<Time>(rng.exponential(static_cast<double>(rates.meanDurationMs[k])));
      if (f.kind == FaultKind::ServerErrors) f.status = rng.chance(0.5) ? 500 : 503;
      if (f.kind == FaultKind::BrowserRestart) f.alarmsLost = rng.chance(0.5);
      if (f.kind == FaultKind::PacketLoss) f.probability = 0.2 + 0.6 * rng.uniform01();
      if (f.kind == FaultKind::RateLimit && rates.retryAfterMaxMs > kSecond)
        f.retryAfterMs = static_cast<Time>(kSecond * std::exp(rng.uniform01() * std::log(static_cast<double>(rates.retryAfterMaxMs) / kSecond)));
      out.push_back(f);
      t += rng.exponential(meanGap);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Fault& a, const Fault& b) { return a.at < b.at; });
  return out;
}

}  // namespace syncsim::sim
