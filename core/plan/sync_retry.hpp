#pragma once
// src/background/sync-retry.ts (Phase 2): calculateBackoff and shouldRetry, as written. The
// constants are the policy's (core/retry_policy.hpp), so baseline's "no policy" and the
// plan's values are one description.
#include "core/retry_policy.hpp"

namespace syncsim::core::plan {

// calculateBackoff(retryCount); `random01` is Math.random().
Millis calculateBackoff(const RetryConfig& c, int retryCount, double random01);

// shouldRetry(retryCount, error)
bool shouldRetry(const RetryConfig& c, int retryCount, const ApiError& error);

}  // namespace syncsim::core::plan
