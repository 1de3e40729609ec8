#include "retry_policy.hpp"

#include <cmath>

namespace syncsim::core {

Millis backoff_envelope(const RetryConfig& c, int retryCount) {
  if (retryCount < 0) retryCount = 0;
  // base * 2^n reaches any sane cap long before n = 40; past that it is the cap.
  if (retryCount >= 40) return c.maxDelayMs;
  const double d = static_cast<double>(c.baseDelayMs) * std::ldexp(1.0, retryCount);
  return d >= static_cast<double>(c.maxDelayMs) ? c.maxDelayMs : static_cast<Millis>(d);
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

}  // namespace syncsim::core
