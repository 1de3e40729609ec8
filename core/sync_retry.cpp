#include "sync_retry.hpp"

#include <cmath>

namespace syncsim::core {

Millis backoff_envelope(const RetryConfig& c, int retryCount) {
  if (retryCount < 0) retryCount = 0;
  // base * 2^n reaches any sane cap long before n = 40; past that it is the cap.
  if (retryCount >= 40) return c.maxDelayMs;
  const double d = static_cast<double>(c.baseDelayMs) * std::ldexp(1.0, retryCount);
  return d >= static_cast<double>(c.maxDelayMs) ? c.maxDelayMs : static_cast<Millis>(d);
}

Millis calculate_backoff(const RetryConfig& c, int retryCount, double random01) {
  const double delay = static_cast<double>(backoff_envelope(c, retryCount));
  switch (c.jitter) {
    case JitterKind::Plan: {
      // const jitter = delay * 0.25 * (Math.random() - 0.5); return Math.floor(delay + jitter);
      const double jitter = delay * 0.25 * (random01 - 0.5);
      return static_cast<Millis>(std::floor(delay + jitter));
    }
    case JitterKind::Full:
      return static_cast<Millis>(std::floor(delay * random01));
  }
  return static_cast<Millis>(delay);
}

BackoffRange backoff_range(const RetryConfig& c, int retryCount) {
  const double delay = static_cast<double>(backoff_envelope(c, retryCount));
  switch (c.jitter) {
    case JitterKind::Plan:
      return {static_cast<Millis>(std::floor(delay * (1.0 - 0.125))),
              static_cast<Millis>(std::floor(delay * (1.0 + 0.125)))};
    case JitterKind::Full:
      return {0, static_cast<Millis>(delay)};
  }
  return {static_cast<Millis>(delay), static_cast<Millis>(delay)};
}

bool is_transient(const ApiError& e) {
  if (e.kind != ErrorKind::Http) return true;  // network error, timeout
  return e.status >= 500 || e.status == 429;
}

bool should_retry(const RetryConfig& c, int retryCount, const ApiError& error) {
  const bool transient = is_transient(error) || (c.retryAuthErrors && error.kind == ErrorKind::Http && error.status == 401);
  if (!c.transientErrorsBurnBudget && transient) return true;
  if (retryCount >= c.maxRetries) return false;
  // Don't retry client errors (except rate limits)
  if (error.kind == ErrorKind::Http && error.status >= 400 && error.status < 500 && error.status != 429)
    return false;
  return true;
}

}  // namespace syncsim::core
