#include "strategy.hpp"

#include <array>

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

constexpr StrategyConfig make_hardened() {
  StrategyConfig c = make_approach2();
  c.name = "hardened";
  c.retry.jitter = JitterKind::Full;
  c.retry.honourRetryAfter = true;
  c.retry.transientErrorsBurnBudget = false;
  c.retry.retryAuthErrors = true;
  c.fetchTimeoutMs = 10000;
  c.loadBeforeUse = true;
  c.singleFlightSync = true;
  c.idempotencyKey = true;
  c.refreshOn401 = true;
  c.endStaleOnStartup = true;
  c.conflictMeansDone = true;
  c.mergeStartIntoEnd = true;
  c.deadLetterOnePerSession = true;
  return c;
}

constexpr std::array<StrategyConfig, 4> kStrategies = {make_baseline(), make_approach1(),
                                                       make_approach2(), make_hardened()};

}  // namespace

std::string_view mutation_name(Mutation m) {
  static constexpr std::string_view names[] = {"none", "drops_failed_items", "retries_without_waiting",
                                               "forgets_queue_on_restart", "creates_session_on_every_end",
                                               "skips_end_request", "nondeterministic"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<std::size_t>(Mutation::Count_));
  const auto i = static_cast<std::size_t>(m);
  return i < static_cast<std::size_t>(Mutation::Count_) ? names[i] : "unknown";
}

std::optional<Mutation> mutation_by_name(std::string_view name) {
  for (std::size_t i = 0; i < static_cast<std::size_t>(Mutation::Count_); ++i)
    if (mutation_name(static_cast<Mutation>(i)) == name) return static_cast<Mutation>(i);
  return std::nullopt;
}

std::span<const StrategyConfig> all_strategies() { return kStrategies; }

std::optional<StrategyConfig> strategy_by_name(std::string_view name) {
  for (const auto& s : kStrategies)
    if (s.name == name) return s;
  return std::nullopt;
}

}  // namespace syncsim::core
