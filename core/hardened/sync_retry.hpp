#pragma once
// hardened's retry policy: full jitter, transient errors never exhaust the budget, a 401
// waits for a working token (docs/findings.md F3, F4). Its claim is hardened's RetryConfig
// (core/strategy.cpp), which the checker holds it to.
#include "core/retry_policy.hpp"

namespace syncsim::core::hardened {

// U(0, h(n)): spreads a fleet's retries after an outage instead of synchronising them.
Millis calculateBackoff(const RetryConfig& c, int retryCount, double random01);

// Transient failures (and a 401, which a refresh will cure) are retried without limit; a
// permanent client error is not retried; otherwise the plan's count applies.
bool shouldRetry(const RetryConfig& c, int retryCount, const ApiError& error);

}  // namespace syncsim::core::hardened
