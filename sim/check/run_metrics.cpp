#include "sim/check/run_metrics.hpp"

#include "sim/check/retry_items.hpp"
#include "sim/world/world.hpp"

namespace syncsim::sim {

namespace {

// Gaps between consecutive attempts of one pending item, after a failure; and whether each
// gap is longer than the one before (the plan's "retries with increasing delays").
void retry_gaps(const World& w, RunMetrics& m) {
  for (const auto& [item, events] : retry_items(w.metrics.retry_ledger())) {
    Time prevAttempt = -1, prevGap = -1;
    bool failedSince = false;
    for (const RetryEvent* e : events) {
      if (e->kind == RetryEvent::Failure) failedSince = true;
      if (e->kind != RetryEvent::Attempt) continue;
      if (prevAttempt >= 0 && failedSince) {
        const Time gap = e->at - prevAttempt;
        m.retryGaps.push_back(gap);
        if (prevGap >= 0) {
          ++m.retryGapPairs;
          if (gap > prevGap) ++m.retryGapIncreases;
        }
        prevGap = gap;
      }
      prevAttempt = e->at;
      failedSince = false;
    }
  }
}

// Malformed sessions: the plan's "Backend error 400 -> no retry, logged to dead letter".
void malformed(const World& w, RunMetrics& m) {
  const auto& t = w.truth.sessions();
  std::vector<std::uint8_t> inDlq(t.size(), 0);
  for (const auto& f : w.storage.state().failedSyncItems)
    if (f.item.localId < inDlq.size()) inDlq[f.item.localId] = 1;
  for (std::size_t id = 0; id < t.size(); ++id)
    if (t[id].exists && t[id].malformed && t[id].closedAt >= 0) {
      ++m.malformedSessions;
      m.malformedInDeadLetter += inDlq[id] || w.metrics.evicted_from_dead_letter(static_cast<core::LocalId>(id));
    }
  for (const auto& e : w.metrics.retry_ledger())
    if (e.kind == RetryEvent::Attempt && e.id < t.size() && t[e.id].malformed) ++m.malformedAttempts;
}

// Storage at the end of the workload (the last sample before the heal) minus at its start.
void storage_growth(RunMetrics& m) {
  if (m.sampled) m.storageGrowthBytes = static_cast<double>(m.storageAtWorkloadEnd - m.storageAtStart);
}

// Latency and completion from the ground truth and the server's table.
void sessions(const World& w, RunMetrics& m) {
  const auto& truth = w.truth.sessions();
  std::vector<Time> firstCompleted(truth.size(), -1);
  std::vector<std::uint32_t> rows(truth.size(), 0);
  for (const auto& row : w.backend.sessions()) {
    if (row.client != w.client || row.owner >= truth.size()) continue;
    ++rows[row.owner];
    if (row.status == ServerStatus::Completed && (firstCompleted[row.owner] < 0 || row.completedAt < firstCompleted[row.owner]))
      firstCompleted[row.owner] = row.completedAt;
    if (row.status == ServerStatus::InProgress && truth[row.owner].closedAt >= 0) ++m.stuckAtEnd;
  }
  for (std::size_t id = 0; id < truth.size(); ++id) {
    const TrueSession& t = truth[id];
    if (rows[id] > 1) m.duplicates += rows[id] - 1;
    // Latency is over sessions the backend can accept: a malformed one is never completed.
    if (!t.exists || t.closedAt < 0 || t.malformed) continue;
    ++m.sessionsEnded;
    if (firstCompleted[id] >= 0) {
      ++m.sessionsCompleted;
      m.latencies.push_back(firstCompleted[id] - t.closedAt);
    }
  }
}

}  // namespace

RunMetrics run_metrics(const World& w) {
  RunMetrics m = w.metrics.data_at(w.sched.now());
  m.simulatedMs = w.sched.now();
  m.events = w.sched.events_run();
  m.workerWakeups = m.workerStarts;
  retry_gaps(w, m);
  malformed(w, m);
  storage_growth(m);
  sessions(w, m);
  return m;
}

}  // namespace syncsim::sim
