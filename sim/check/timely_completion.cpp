#include "sim/check/timely_completion.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "sim/world/world.hpp"

namespace syncsim::sim {

namespace {

constexpr Time kPromiseMs = 2 * kSecond;      // the plan's testing checklist
constexpr Time kRequestSlackMs = 60 * kSecond;  // a request's timeout and a token refresh, with room

struct Interval {
  Time from, to;  // [from, to]: the world is not healthy
};

// When the world is not healthy: every fault from its start to its end (an instantaneous one,
// a crash or a token revocation, at its instant), in time order; and the whole run when loss or
// random 5xx are part of the network or the backend (the heal ends faults, not those: any
// request may still fail, so no bound holds). After the heal nothing else is.
std::vector<Interval> unhealthy(const World& w) {
  std::vector<Interval> out;
  const WorldParams& p = w.params;
  const Time heal = p.installAtMs + p.durationMs;
  if (p.network.requestLoss > 0 || p.network.responseLoss > 0 || p.backend.serverErrorRate > 0)
    out.push_back({0, heal + p.drainMs});
  // A backend of finite capacity refuses by load, not by schedule: no bound holds either.
  if (w.backend.capacity_per_second() > 0) out.push_back({0, heal + p.drainMs});
  for (const Fault& f : w.faults.faults()) {
    const Time from = p.installAtMs + f.at;
    out.push_back({from, std::min(heal, from + f.duration)});
  }
  for (const auto& [from, to] : w.backend.outages()) out.push_back({from, std::min(heal, to)});
  std::sort(out.begin(), out.end(), [](const Interval& a, const Interval& b) { return a.from < b.from; });
  return out;
}

// The first time t >= from such that no unhealthy interval meets [t, t + span].
Time healthy_from(const std::vector<Interval>& bad, Time from, Time span) {
  Time t = from;
  for (const Interval& i : bad) {
    if (i.from > t + span) break;
    if (i.to >= t) t = std::max(t, i.to + 1);
  }
  return t;
}

bool quiet_around(const std::vector<Interval>& bad, Time from, Time to) {
  for (const Interval& i : bad)
    if (i.from <= to && i.to >= from) return false;
  return true;
}

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

// One queued review's share of a backlog: a start and an end at the network's one-in-a-thousand
// round trip (z = 3.09), and the server's time for each.
Time backlog_item_bound(const World& w) {
  const double rtt = w.params.network.latencyMedianMs * std::exp(3.09 * w.params.network.latencySigma);
  return 2 * (static_cast<Time>(rtt) + w.params.network.serverTimeMs);
}

Time promise_bound(const World& w) {
  // z = 4.75: a round trip slower than this happens once in a million.
  const double tail = w.params.network.latencyMedianMs * std::exp(4.75 * w.params.network.latencySigma);
  return kPromiseMs + static_cast<Time>(3 * tail) + w.params.network.serverTimeMs * 3;
}

void check_timely_completion(const World& w, const ServerRows& rows, std::vector<Violation>& out) {
  const auto& truth = w.truth.sessions();
  // The first completion of each review's rows.
  std::vector<Time> done(truth.size(), -1);
  for (const ServerSession* r : rows.own)
    if (r->status == ServerStatus::Completed && r->owner < done.size() && (done[r->owner] < 0 || r->completedAt < done[r->owner]))
      done[r->owner] = r->completedAt;
  const std::vector<Interval> bad = unhealthy(w);
  const Time L = recovery_bound(w);
  const Time P = promise_bound(w);
  const Time itemBound = backlog_item_bound(w);
  std::map<Time, std::size_t> backlogAt;  // healthy-from time -> reviews queued then
  for (std::uint32_t id = 0; id < truth.size(); ++id) {
    const TrueSession& t = truth[id];
    if (!t.exists || t.closedAt < 0 || done[id] < 0) continue;  // not ended, or never completed (properties 1, 3)
    const Time c = t.closedAt;
    if (quiet_around(bad, c - L, c + L)) {
      if (done[id] - c > P)
        out.push_back({Property::TimelyCompletion, id, done[id], c, done[id],
                       fmt::format("closed at {} ms in a healthy stretch, completed {} ms later; the plan promises {} ms "
                                   "(2 s and three round trips at this network's one-in-a-million latency)",
                                   c, done[id] - c, P)});
      continue;
    }
    const Time healthy = healthy_from(bad, c, L);
    // The reviews queued ahead when the world became healthy: ended by then, not completed.
    auto [it, fresh] = backlogAt.try_emplace(healthy, 0);
    if (fresh)
      for (std::uint32_t j = 0; j < truth.size(); ++j)
        it->second += truth[j].exists && truth[j].closedAt >= 0 && truth[j].closedAt <= healthy && (done[j] < 0 || done[j] > healthy);
    const Time drainTime = static_cast<Time>(it->second) * itemBound;
    // A worker lives at most hard_limit: a long backlog waits an alarm period (and a cold
    // start) at each of those.
    const Time restarts = drainTime / w.params.browser.hardLimitMs *
                          (w.strategy.alarmPeriodMs + w.params.browser.workerStartMaxMs);
    const Time bound = L + drainTime + restarts;
    if (done[id] > healthy + bound)
      out.push_back({Property::TimelyCompletion, id, done[id], c, done[id],
                     fmt::format("closed at {} ms, the world healthy from {} ms, completed at {} ms: {} ms after, beyond "
                                 "the strategy's bound of {} ms ({} ms, and {} reviews queued ahead)",
                                 c, healthy, done[id], done[id] - healthy, bound, L, it->second)});
  }
}

}  // namespace syncsim::sim
