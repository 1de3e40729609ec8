#include "strategy.hpp"

#include <array>

#include "hardened/background.hpp"

namespace syncsim::core {
namespace {

constexpr StrategyConfig make_baseline() {
  StrategyConfig c;
  c.name = "baseline";
  c.alarmPeriodMs = 5 * 60000;         // "5-minute sync interval"
  c.endQueuesWithoutBackendId = false; // root cause 1 as the plan states it
  c.retry.enabled = false;
  c.deadLetterCapacity = 0;
  return c;
}

constexpr StrategyConfig make_approach1() {
  StrategyConfig c;
  c.name = "approach1";
  c.alarmPeriodMs = 30000;             // SYNC_INTERVAL_MINUTES = 0.5
  c.beaconOnPagehide = true;
  c.beaconAbsoluteUrl = false;         // navigator.sendBeacon('/api/sync/sessions', ...)
  c.retry.enabled = false;             // "Keep existing queue architecture"
  c.deadLetterCapacity = 0;
  return c;
}

constexpr StrategyConfig make_approach2() {
  StrategyConfig c;
  c.name = "approach2";
  c.alarmPeriodMs = 60000;             // SYNC_INTERVAL_MINUTES = 1
  c.immediateSyncOnEnd = true;
  c.syncOnOnlineEvent = true;
  return c;
}

// hardened's code is its own (core/hardened/); these are its alarm and the policy it claims.
constexpr StrategyConfig make_hardened() {
  StrategyConfig c;
  c.name = "hardened";
  c.makeExtension = &hardened::make_extension;
  c.alarmPeriodMs = 60000;
  c.immediateSyncOnEnd = true;
  c.syncOnOnlineEvent = true;
  c.pageHideMessage = true;  // a review the worker never recorded is recorded at its close (F26)
  c.retry.jitter = JitterKind::Full;
  c.retry.honourRetryAfter = true;
  // An hour-long Retry-After would keep the dashboard stale for the hour; one request per item
  // every 5 minutes is still gentle on a rate limiter (docs/findings.md F17).
  c.retry.maxRetryAfterMs = 5 * 60 * 1000;
  // A queue of reviews waiting out a week offline must not fail its writes on the quota (F18).
  c.unlimitedStorage = true;
  c.needsIdempotencyKey = true;  // every request carries Idempotency-Key: localId (F2)
  c.retry.transientErrorsBurnBudget = false;
  c.retry.retryAuthErrors = true;
  c.retry.conflictOnEndIsDone = true;  // ApiClientOptions::conflictMeansDone
  return c;
}

constexpr std::array<StrategyConfig, 4> kStrategies = {make_baseline(), make_approach1(),
                                                       make_approach2(), make_hardened()};

}  // namespace

std::span<const StrategyConfig> all_strategies() { return kStrategies; }

std::optional<StrategyConfig> strategy_by_name(std::string_view name) {
  for (const auto& s : kStrategies)
    if (s.name == name) return s;
  return std::nullopt;
}

}  // namespace syncsim::core
