#include "sync_retry.hpp"

#include <cmath>

namespace syncsim::core::hardened {

Millis calculateBackoff(const RetryConfig& c, int retryCount, double random01) {
  return static_cast<Millis>(std::floor(static_cast<double>(backoff_envelope(c, retryCount)) * random01));
}

bool shouldRetry(const RetryConfig& c, int retryCount, const ApiError& error) {
  const bool authWait = error.kind == ErrorKind::Http && error.status == 401;
  if (is_transient(error) || authWait) return true;
  if (retryCount >= c.maxRetries) return false;
  if (error.kind == ErrorKind::Http && error.status >= 400 && error.status < 500 && error.status != 429) return false;
  return true;
}

}  // namespace syncsim::core::hardened
