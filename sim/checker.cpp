#include "checker.hpp"

#include <fmt/format.h>

#include <map>

#include "core/retry_policy.hpp"
#include "world.hpp"

namespace syncsim::sim {

std::string_view property_name(Property p) {
  switch (p) {
    case Property::NoStuckInProgress: return "no_stuck_in_progress";
    case Property::BackoffBounds: return "backoff_bounds";
    case Property::NothingLost: return "nothing_lost";
    case Property::NoDuplicates: return "no_duplicates";
    case Property::Deterministic: return "deterministic";
  }
  return "unknown";
}

namespace {

// Property 2, for strategies with a retry policy (baseline and approach1 claim none).
// Per pending item (localId, action), from the retry ledger:
//  a. a retry (an attempt after a failed one) starts no sooner than the policy's smallest
//     backoff for the item's retryCount after the previous attempt started;
//  b. where the strategy honours Retry-After, no sooner than the failure + Retry-After;
//  c. an item is dead-lettered for a transient error only after exactly maxRetries failed
//     attempts (never more, never fewer), and never if transient errors do not burn budget;
//  d. after the world heals, an item whose last attempt failed is tried again within
//     alarm period + largest backoff + alarm lateness + worker start + 60 s of slack.
void check_backoff(const World& w, std::vector<Violation>& out) {
  const core::RetryConfig& cfg = w.strategy.retry;
  if (!cfg.enabled) return;
  std::map<std::pair<core::LocalId, bool>, std::vector<const RetryEvent*>> items;
  for (const auto& e : w.metrics.retry_ledger()) items[{e.id, e.endAction}].push_back(&e);
  const Time heal = w.params.durationMs;
  const Time end = w.sched.now();
  const auto& b = w.params.browser;
  for (const auto& [key, events] : items) {
    const core::LocalId id = key.first;
    const char* what = key.second ? "end" : "start";
    Time prevAttempt = -1, failedAt = -1, retryAfter = 0, firstAttempt = -1;
    int failures = 0, lastStatus = 0;
    bool lastFailed = false, withdrawn = false;
    for (const RetryEvent* e : events) {
      switch (e->kind) {
        case RetryEvent::Attempt:
          if (lastFailed) {
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
          retryAfter = e->retryAfterMs;
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
                         b.workerStartMs + 60 * kSecond;
      if (end - from > bound)
        out.push_back({Property::BackoffBounds, id, from, failedAt, end,
                       fmt::format("{} failed at {} ms and was not tried again for {} ms after the world healed "
                                   "(bound {} ms)",
                                   what, failedAt, end - from, bound)});
    }
  }
}

}  // namespace

std::vector<Violation> check_properties(const World& w) {
  std::vector<Violation> out;
  check_backoff(w, out);
  const auto& truth = w.truth.sessions();
  const auto& rows = w.backend.sessions();
  const auto& storage = w.storage.state();

  // Server rows per local session.
  std::vector<std::uint32_t> rowsOf(truth.size(), 0);
  std::vector<std::uint8_t> completedOf(truth.size(), 0);
  for (const ServerSession& r : rows) {
    if (r.client != w.client) continue;  // another browser's row (fleet mode)
    const bool owned = r.owner < truth.size() && truth[r.owner].exists;
    if (!owned) {
      out.push_back({Property::NoStuckInProgress, r.owner, r.createdAt, r.createdAt, w.sched.now(),
                     fmt::format("server session #{} belongs to no local session", r.id)});
      continue;
    }
    ++rowsOf[r.owner];
    if (r.status == ServerStatus::Completed) completedOf[r.owner] = 1;
    // Property 1: a session that truly ended has no row left In Progress.
    if (r.status == ServerStatus::InProgress && truth[r.owner].closedAt >= 0) {
      out.push_back({Property::NoStuckInProgress, r.owner, truth[r.owner].closedAt,
                     std::min(r.createdAt, truth[r.owner].openedAt), w.sched.now(),
                     fmt::format("server session #{} (created at {} ms) is still in_progress; the session "
                                 "ended at {} ms",
                                 r.id, r.createdAt, truth[r.owner].closedAt)});
    }
  }

  // Property 4: at most one server row per local session.
  for (std::uint32_t id = 0; id < truth.size(); ++id) {
    if (rowsOf[id] > 1)
      out.push_back({Property::NoDuplicates, id, truth[id].openedAt, truth[id].openedAt, w.sched.now(),
                     fmt::format("{} server sessions for one local session", rowsOf[id])});
  }

  // Property 3: every ended session reached the server, or is visible in the dead-letter queue.
  std::vector<std::uint8_t> inDlq(truth.size(), 0);
  for (const auto& f : storage.failedSyncItems)
    if (f.item.localId < inDlq.size()) inDlq[f.item.localId] = 1;
  for (std::uint32_t id = 0; id < truth.size(); ++id) {
    const TrueSession& t = truth[id];
    if (!t.exists || t.closedAt < 0) continue;
    if (completedOf[id] || rowsOf[id] > 0) continue;  // reached the server (rows In Progress: property 1)
    // A review the extension never recorded (the tab closed, or the browser did, before its
    // START_SESSION was handled) cannot be synced by any strategy: not a loss of the extension.
    if (id >= storage.sessions.size() || !storage.sessions[id]) continue;
    if (inDlq[id]) continue;
    bool queued = false;
    for (const auto& p : storage.pendingSessions) queued = queued || p.localId == id;
    out.push_back({Property::NothingLost, id, t.closedAt, t.openedAt, w.sched.now(),
                   fmt::format("ended at {} ms, never reached the server, not in the dead-letter queue{}",
                               t.closedAt, queued ? " (still queued after the drain)" : "")});
  }
  const auto cap = static_cast<std::size_t>(w.strategy.deadLetterCapacity);
  if (storage.failedSyncItems.size() > cap)
    out.push_back({Property::NothingLost, 0, w.sched.now(), 0, w.sched.now(),
                   fmt::format("dead-letter queue holds {} items, bound {}", storage.failedSyncItems.size(), cap)});
  return out;
}

}  // namespace syncsim::sim

namespace syncsim::sim {

std::optional<Violation> check_deterministic(const WorldParams& params, const core::StrategyConfig& strategy) {
  const std::uint64_t a = run_world(params, strategy).traceHash;
  const std::uint64_t b = run_world(params, strategy).traceHash;
  if (a == b) return std::nullopt;
  return Violation{Property::Deterministic, 0, 0, 0, 0,
                   fmt::format("two runs of the same scenario, seed and binary gave trace hashes {:016x} and {:016x}", a, b)};
}

}  // namespace syncsim::sim
