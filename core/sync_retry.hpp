#pragma once
// src/background/sync-retry.ts: calculateBackoff and shouldRetry, with the plan's constants
// as the defaults of RetryConfig.
#include "strategy.hpp"
#include "types.hpp"

namespace syncsim::core {

// The un-jittered envelope h(n) = min(maxDelay, base * 2^n); clamps huge n without overflow.
Millis backoff_envelope(const RetryConfig& c, int retryCount);

// calculateBackoff(retryCount): `random01` is Math.random() (a draw in [0, 1)).
Millis calculate_backoff(const RetryConfig& c, int retryCount, double random01);

// The closed range calculate_backoff can return for retryCount.
struct BackoffRange {
  Millis lo;
  Millis hi;
};
BackoffRange backoff_range(const RetryConfig& c, int retryCount);

// shouldRetry(retryCount, error)
bool should_retry(const RetryConfig& c, int retryCount, const ApiError& error);

// Transient: worth retrying regardless of the count (network, timeout, 5xx, 429).
bool is_transient(const ApiError& error);

}  // namespace syncsim::core
