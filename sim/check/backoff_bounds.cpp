#include "sim/check/backoff_bounds.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/retry_policy.hpp"
#include "sim/check/retry_items.hpp"
#include "sim/world/world.hpp"

namespace syncsim::sim {

// Property 2, for strategies with a retry policy (baseline and approach1 claim none).
// Per pending item (localId, action), from the retry ledger:
//  a. a retry (an attempt after a failed one) starts no sooner than the policy's smallest
//     backoff for the item's retryCount after the previous attempt started;
//  b. where the strategy honours Retry-After, no sooner than the failure + Retry-After;
//  c. an item is dead-lettered for a transient error only after exactly maxRetries failed
//     attempts (never more, never fewer), and never if transient errors do not burn budget;
//  d. after the world heals, an item whose last attempt failed is tried again within
//     alarm period + largest backoff + alarm lateness + worker start + 60 s of slack.
void check_backoff_bounds(const World& w, std::vector<Violation>& out) {
  const core::RetryConfig& cfg = w.strategy.retry;
  if (!cfg.enabled) return;
  const auto items = retry_items(w.metrics.retry_ledger());
  const Time heal = w.params.durationMs;
  const Time end = w.sched.now();
  const auto& b = w.params.browser;
  // A failure the extension could not remember: its worker stopped within one storage write's
  // latency of it, while an in-flight write is lost with its worker (the browser's setting, a
  // storage_set_loss fault, or a graceful quit). The deadline, even written at once, never landed; no strategy
  // can honour a wait it cannot know of, as property 3 excuses a review no worker lived to
  // write down.
  const auto& stops = w.metrics.worker_stop_times();
  const auto forgotten = [&](Time failed) {
    const auto it = std::lower_bound(stops.begin(), stops.end(), failed);
    if (it == stops.end() || *it > failed + b.storageLatencyMaxMs) return false;
    if (b.loseInflightSetOnKill) return true;
    for (const Fault& f : w.faults.faults()) {
      if (f.kind == FaultKind::StorageSetLoss && f.at <= *it && *it <= f.at + f.duration) return true;
      // A graceful quit loses what is written after it (measured, docs/conformance.md): the
      // world's loss window runs from the quit to the restart.
      if (f.kind == FaultKind::BrowserQuit && f.at <= *it && *it <= f.at + f.duration + b.quitGraceMs) return true;
    }
    return false;
  };
  for (const auto& [key, events] : items) {
    const core::LocalId id = key.first;
    const char* what = key.second ? "end" : "start";
    Time prevAttempt = -1, failedAt = -1, retryAfter = 0, firstAttempt = -1;
    int failures = 0, lastStatus = 0;
    bool lastFailed = false, withdrawn = false;
    for (const RetryEvent* e : events) {
      switch (e->kind) {
        case RetryEvent::Attempt:
          if (lastFailed && !forgotten(failedAt)) {
            const core::BackoffRange range = core::backoff_range(cfg, e->retryCount);
            const Time gap = e->at - prevAttempt;
            if (gap < range.lo)
              out.push_back({Property::BackoffBounds, id, e->at, prevAttempt, e->at,
                             fmt::format("{} retry with retryCount {} came {} ms after the previous attempt; the "
                                         "policy's smallest backoff is {} ms",
                                         what, e->retryCount, gap, range.lo)});
            if (cfg.honourRetryAfter && retryAfter > 0 && e->at < failedAt + retryAfter)
              out.push_back({Property::BackoffBounds, id, e->at, failedAt, e->at,
                             fmt::format("{} retried {} ms after a Retry-After of {} ms", what, e->at - failedAt, retryAfter)});
          }
          if (firstAttempt < 0) firstAttempt = e->at;
          prevAttempt = e->at;
          lastFailed = false;
          withdrawn = false;
          break;
        case RetryEvent::Failure:
          lastStatus = e->status;
          if (withdrawn) break;  // an attempt in flight when its item was superseded: no retry due
          ++failures;
          lastFailed = true;
          failedAt = e->at;
          retryAfter = cfg.maxRetryAfterMs > 0 ? std::min(e->retryAfterMs, cfg.maxRetryAfterMs) : e->retryAfterMs;
          break;
        case RetryEvent::Retracted:  // a 401 a token refresh answered (sim/world/attribution.cpp)
          break;
        case RetryEvent::Withdrawn:  // superseded (hardened merges a queued start into the end)
          lastFailed = false;
          withdrawn = true;
          break;
        case RetryEvent::DeadLetter: {
          const core::ApiError last{lastStatus > 0 ? core::ErrorKind::Http : core::ErrorKind::Network, lastStatus, 0};
          if (core::is_transient(last)) {
            if (!cfg.transientErrorsBurnBudget)
              out.push_back({Property::BackoffBounds, id, e->at, firstAttempt, e->at,
                             fmt::format("{} dead-lettered on a transient error (status {})", what, lastStatus)});
            else if (failures != cfg.maxRetries)
              out.push_back({Property::BackoffBounds, id, e->at, firstAttempt, e->at,
                             fmt::format("{} dead-lettered after {} failed attempts; the limit is {}", what, failures,
                                         cfg.maxRetries)});
          }
          lastFailed = false;
          break;
        }
      }
    }
    if (lastFailed) {
      const Time from = std::max(failedAt, heal);
      const Time bound = w.strategy.alarmPeriodMs + core::backoff_envelope(cfg, 1000) * 9 / 8 + b.alarmMaxLatenessMs +
                         b.workerStartMaxMs + 60 * kSecond;
      if (end - from > bound)
        out.push_back({Property::BackoffBounds, id, from, failedAt, end,
                       fmt::format("{} failed at {} ms and was not tried again for {} ms after the world healed "
                                   "(bound {} ms)",
                                   what, failedAt, end - from, bound)});
    }
  }
}

}  // namespace syncsim::sim
