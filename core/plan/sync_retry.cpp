#include "sync_retry.hpp"

#include <cmath>

namespace syncsim::core::plan {

Millis calculateBackoff(const RetryConfig& c, int retryCount, double random01) {
  const double delay = static_cast<double>(backoff_envelope(c, retryCount));
  // Add jitter (±25%)  -- the formula spans ±12.5 %
  const double jitter = delay * 0.25 * (random01 - 0.5);
  return static_cast<Millis>(std::floor(delay + jitter));
}

bool shouldRetry(const RetryConfig& c, int retryCount, const ApiError& error) {
  if (retryCount >= c.maxRetries) return false;
  // Don't retry client errors (except rate limits)
  if (error.kind == ErrorKind::Http && error.status >= 400 && error.status < 500 && error.status != 429) return false;
  return true;
}

}  // namespace syncsim::core::plan
