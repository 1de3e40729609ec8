// The plan's unit checklist for sync-retry.ts: calculateBackoff and shouldRetry.
#include <catch2/catch.hpp>
#include <cmath>

#include "core/hardened/sync_retry.hpp"
#include "core/plan/sync_retry.hpp"
#include "core/strategy.hpp"
#include "sim/runtime/random.hpp"

using namespace syncsim::core;

TEST_CASE("calculateBackoff: envelope doubles from 1 s and holds at the 30 s cap", "[retry]") {
  const RetryConfig policy;  // BASE_DELAY_MS 1000, MAX_DELAY_MS 30000
  const Millis expected[] = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000, 30000};
  for (int n = 0; n <= 10; ++n) CHECK(backoff_envelope(policy, n) == expected[n]);
  CHECK(backoff_envelope(policy, 1000000) == 30000);  // huge counts clamp, no overflow
  CHECK(backoff_envelope(policy, -3) == 1000);
  // With Math.random() = 0.5 the jitter is zero: exactly the envelope.
  for (int n = 0; n <= 10; ++n) CHECK(plan::calculateBackoff(policy, n, 0.5) == expected[n]);
}

TEST_CASE("calculateBackoff: measured jitter range over many draws is +-12.5 %, not the +-25 % the plan's comment says",
          "[retry]") {
  const RetryConfig policy;
  syncsim::sim::Rng rng(2025);
  for (int n = 0; n <= 10; ++n) {
    const double h = static_cast<double>(backoff_envelope(policy, n));
    Millis lo = INT64_MAX, hi = INT64_MIN;
    double sum = 0;
    const int draws = 20000;
    for (int i = 0; i < draws; ++i) {
      const Millis d = plan::calculateBackoff(policy, n, rng.uniform01());
      lo = std::min(lo, d);
      hi = std::max(hi, d);
      sum += static_cast<double>(d);
    }
    const BackoffRange r = backoff_range(policy, n);
    CHECK(lo >= r.lo);
    CHECK(hi <= r.hi);
    CHECK(r.lo == static_cast<Millis>(std::floor(h * 0.875)));
    CHECK(r.hi == static_cast<Millis>(std::floor(h * 1.125)));
    // The draws fill the range: within 1 % of its ends.
    CHECK(static_cast<double>(lo) < h * 0.875 + h * 0.01);
    CHECK(static_cast<double>(hi) > h * 1.125 - h * 0.01);
    // The mean is the envelope (minus the floor's half millisecond).
    CHECK(std::abs(sum / draws - h) < h * 0.005 + 1);
    // Never the +-25 % the comment promises.
    CHECK(static_cast<double>(lo) > h * 0.80);
    CHECK(static_cast<double>(hi) < h * 1.20);
  }
}

TEST_CASE("full jitter (hardened) stays in [0, h]", "[retry]") {
  RetryConfig c;
  c.jitter = JitterKind::Full;
  syncsim::sim::Rng rng(1);
  for (int n = 0; n <= 10; ++n)
    for (int i = 0; i < 2000; ++i) {
      const Millis d = hardened::calculateBackoff(c, n, rng.uniform01());
      CHECK(d >= 0);
      CHECK(d <= backoff_envelope(c, n));
    }
}

TEST_CASE("shouldRetry classifies errors as the plan writes it", "[retry]") {
  const RetryConfig policy;
  const ApiError network{ErrorKind::Network, 0, 0};
  const ApiError timeout{ErrorKind::Timeout, 0, 0};
  auto http = [](int s) { return ApiError{ErrorKind::Http, s, 0}; };
  CHECK(plan::shouldRetry(policy, 1, network));
  CHECK(plan::shouldRetry(policy, 1, timeout));
  CHECK(plan::shouldRetry(policy, 1, http(500)));
  CHECK(plan::shouldRetry(policy, 1, http(503)));
  CHECK(plan::shouldRetry(policy, 1, http(429)));
  CHECK_FALSE(plan::shouldRetry(policy, 1, http(400)));
  CHECK_FALSE(plan::shouldRetry(policy, 1, http(401)));  // an expired token is dead-lettered at once
  CHECK_FALSE(plan::shouldRetry(policy, 1, http(404)));
  // The retry limit: MAX_RETRIES = 5.
  CHECK(plan::shouldRetry(policy, 4, http(500)));
  CHECK_FALSE(plan::shouldRetry(policy, 5, http(500)));
  CHECK_FALSE(plan::shouldRetry(policy, 5, network));
}

TEST_CASE("hardened: transient errors do not burn the retry budget, permanent ones still stop", "[retry]") {
  const RetryConfig c = strategy_by_name("hardened")->retry;
  CHECK(hardened::shouldRetry(c, 50, ApiError{ErrorKind::Network, 0, 0}));
  CHECK(hardened::shouldRetry(c, 50, ApiError{ErrorKind::Http, 503, 0}));
  CHECK_FALSE(hardened::shouldRetry(c, 1, ApiError{ErrorKind::Http, 400, 0}));
}
