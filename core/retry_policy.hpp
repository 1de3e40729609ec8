#pragma once
// A strategy's retry policy as a description: the plan's constants (BASE_DELAY_MS,
// MAX_RETRIES, MAX_DELAY_MS) and the choices a strategy claims. Each implementation's
// calculateBackoff/shouldRetry (plan/sync_retry.cpp, hardened/sync_retry.cpp) honours its
// claim, and the checker judges every run against the claim (backoff_range, is_transient).
#include <cstdint>

#include "types.hpp"

namespace syncsim::core {

enum class JitterKind : std::uint8_t {
  Plan,  // the plan's `delay * 0.25 * (Math.random() - 0.5)`: really +-12.5 %
  Full,  // U(0, h(n)) ("full jitter")
};

struct RetryConfig {
  bool enabled = true;          // false: the code before the plan - an item is retried on every alarm, forever
  Millis baseDelayMs = 1000;    // BASE_DELAY_MS
  int maxRetries = 5;           // MAX_RETRIES
  Millis maxDelayMs = 30000;    // MAX_DELAY_MS
  JitterKind jitter = JitterKind::Plan;
  bool honourRetryAfter = false;          // waits max(backoff, Retry-After)
  Millis maxRetryAfterMs = 0;             // a Retry-After honoured up to this (0: any)
  bool transientErrorsBurnBudget = true;  // network/5xx/429 count toward maxRetries
  bool retryAuthErrors = false;           // a 401 waits for a working token instead of dead-lettering
  bool conflictOnEndIsDone = false;       // a 409 on end means "already completed", not a failure
};

// The un-jittered envelope h(n) = min(maxDelay, base * 2^n); clamps huge n without overflow.
Millis backoff_envelope(const RetryConfig& c, int retryCount);

// The closed range a policy's backoff can take for retryCount.
struct BackoffRange {
  Millis lo;
  Millis hi;
};
BackoffRange backoff_range(const RetryConfig& c, int retryCount);

// Transient: worth retrying regardless of the count (network, timeout, 5xx, 429).
bool is_transient(const ApiError& error);

}  // namespace syncsim::core
