#pragma once
// The four strategies are one core with different settings: each flag below names the plan's
// line (or the finding) it stands for. Select one by name with strategy_by_name().
#include <optional>
#include <span>
#include <string_view>

#include "types.hpp"

namespace syncsim::core {

enum class JitterKind : std::uint8_t {
  Plan,  // the plan's `delay * 0.25 * (Math.random() - 0.5)`: really +-12.5 %
  Full,  // U(0, h(n)) (AWS "full jitter")
};

struct RetryConfig {
  bool enabled = true;          // false: today's code - an item is retried on every alarm, forever
  Millis baseDelayMs = 1000;    // BASE_DELAY_MS
  int maxRetries = 5;           // MAX_RETRIES
  Millis maxDelayMs = 30000;    // MAX_DELAY_MS
  JitterKind jitter = JitterKind::Plan;
  bool honourRetryAfter = false;       // wait max(backoff, Retry-After)
  bool transientErrorsBurnBudget = true;  // network/5xx/429 count toward maxRetries
  bool retryAuthErrors = false;   // a 401 waits for a working token instead of dead-lettering
};

// Planted defects, for proving that each property check can fail (tests/test_mutants.cpp).
// None in every shipped strategy.
enum class Mutation : std::uint8_t {
  None,
  DropsFailedItems,          // a failed item leaves the queue: neither retried nor dead-lettered
  RetriesWithoutWaiting,     // a failed item is retried at once, up to the limit
  ForgetsQueueOnRestart,     // a new worker starts with an empty queue (never loads it)
  CreatesSessionOnEveryEnd,  // every successful end also creates and ends one more server session
  SkipsEndRequest,           // the end item is marked synced without calling the end endpoint
  Nondeterministic,          // state that leaks from one run into the next
  Count_
};
std::string_view mutation_name(Mutation m);
std::optional<Mutation> mutation_by_name(std::string_view name);

struct StrategyConfig {
  std::string_view name;
  Millis alarmPeriodMs = 60000;          // SYNC_INTERVAL_MINUTES
  bool endQueuesWithoutBackendId = true; // false = baseline: endSession queues only with a backendId
  bool immediateSyncOnEnd = false;       // approach2: endSession awaits trySyncSessionsImmediate
  bool beaconOnPagehide = false;         // approach1: content script sends a beacon on pagehide
  bool beaconAbsoluteUrl = false;        // the plan's '/api/sync/sessions' is relative
  bool syncOnOnlineEvent = false;        // "Online event triggers queued sync"
  RetryConfig retry;
  int deadLetterCapacity = 50;           // MAX_FAILED_ITEMS
  Millis fetchTimeoutMs = 0;             // apiClient's own timeout; 0 = none

  // hardened's answers (each tied to a finding in docs/findings.md)
  bool loadBeforeUse = false;        // every handler awaits the persisted queue before touching it
  bool singleFlightSync = false;     // immediate and alarm paths share one lock; no double send
  bool idempotencyKey = false;       // start/end carry Idempotency-Key: localId
  bool refreshOn401 = false;         // refresh the token and retry instead of dead-lettering
  bool endStaleOnStartup = false;    // sessions whose tab is gone are ended on worker start
  bool conflictMeansDone = false;    // 409 on end = already completed: synced, not failed
  bool mergeStartIntoEnd = false;    // an end supersedes a still-queued start of the same session
  bool deadLetterOnePerSession = false;  // a session's newer dead-letter entry replaces its older one

  Mutation mutation = Mutation::None;
};

// baseline, approach1, approach2, hardened.
std::span<const StrategyConfig> all_strategies();
std::optional<StrategyConfig> strategy_by_name(std::string_view name);

}  // namespace syncsim::core
