#include "sim/world/drain.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/world/world.hpp"

namespace syncsim::sim {

namespace {
constexpr Time kRequestSlackMs = 60 * kSecond;  // a request's timeout and a token refresh, with room
}  // namespace

Time recovery_bound(const World& w) {
  const core::RetryConfig& r = w.strategy.retry;
  Time b = w.strategy.alarmPeriodMs + w.params.browser.alarmMaxLatenessMs + w.params.browser.workerStartMaxMs + kRequestSlackMs;
  if (r.enabled) b += r.maxDelayMs + r.maxDelayMs / 8;  // the largest backoff, jitter included
  if (r.honourRetryAfter) {
    Time longest = 0;  // the largest Retry-After the server sent in this world
    for (const Fault& f : w.faults.faults())
      if (f.kind == FaultKind::RateLimit) longest = std::max(longest, f.retryAfterMs);
    b += r.maxRetryAfterMs > 0 ? std::min(longest, r.maxRetryAfterMs) : longest;
  }
  return b;
}

Time backlog_item_bound(const World& w) {
  const double rtt = w.params.network.latencyMedianMs * std::exp(3.09 * w.params.network.latencySigma);
  return 2 * (static_cast<Time>(rtt) + w.params.network.serverTimeMs);
}

Time backlog_send_time(const World& w, std::size_t backlog) {
  // Saturates at kLongestDrain per term: no overflow, whatever the world's latencies.
  return std::min<Time>(kLongestDrain, static_cast<Time>(backlog) * std::min(backlog_item_bound(w), kLongestDrain));
}

Time backlog_time(const World& w, std::size_t backlog) {
  const Time send = backlog_send_time(w, backlog);
  const Time restarts = send / w.params.browser.hardLimitMs * (w.strategy.alarmPeriodMs + w.params.browser.workerStartMaxMs);
  return send + restarts;
}

std::size_t backlog_at(const World& w, Time at) {
  const auto& truth = w.truth.sessions();
  std::vector<std::uint8_t> done(truth.size(), 0);
  for (const auto& row : w.backend.sessions())
    if (row.client == w.client && row.owner < done.size() && row.status == ServerStatus::Completed && row.completedAt <= at)
      done[row.owner] = 1;
  std::size_t n = 0;
  for (std::size_t id = 0; id < truth.size(); ++id)
    n += truth[id].exists && truth[id].closedAt >= 0 && truth[id].closedAt <= at && !done[id];
  return n;
}

Time last_close(const World& w) {
  Time last = -1;
  for (const auto& t : w.truth.sessions())
    if (t.exists) last = std::max(last, t.closedAt);
  return last;
}

Time drain_needed(const World& w, Time healAt) {
  return std::max(w.params.drainMs, std::min(kLongestDrain, recovery_bound(w) + backlog_time(w, backlog_at(w, healAt))));
}

}  // namespace syncsim::sim
