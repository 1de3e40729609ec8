#pragma once
// hardened's session-handler. What it changes in the plan's, each tied to a finding in
// docs/findings.md: every handler waits for the loaded queue (A1); an index of open sessions
// for the startup sweep (F8); endSession supersedes a queued start (F1), queues one end per
// session and writes the queue before the session record; the immediate sync is the shared
// single-flight loop (F5); the work time counts only what the pings show the page was running
// (F16). The beacon payload is the plan's.
#include "core/plan/session_handler.hpp"
#include "sync_manager.hpp"

namespace syncsim::core::hardened {

// The content script pings every 10 s (extension/src/content/visibility-tracker.ts). A gap of
// up to two pings (one lost on the way) is time the page ran; a longer one means the page did
// not run (the device slept), and counts as one ping: the page ran at most about that much on
// either side of the sleep (F16). A ping's own count says more: seq pings are at least seq
// intervals of work, however many pings a dying worker lost (F24).
inline constexpr Millis kActivityIntervalMs = 10'000;
inline constexpr Millis kRunningGapMs = 2 * kActivityIntervalMs;

// The activity queue keeps the newest pings only: offline for hours, one open tab queues 360 an
// hour, and an unbounded queue fills the storage quota until the writes that record reviews
// fail (F18). 1,000 pings are 40 KB.
inline constexpr std::size_t kMaxPendingActivities = 1000;

// The session's work time at `t` (a ping, or its end): its work up to the last ping plus the
// gap since, as the rule above counts it.
Millis workTimeAt(const Session& s, Millis t);

class SessionHandler {
 public:
  SessionHandler(WorkerPorts& ports, WorkerState& st, StorageManager& storageManager, SyncManager& syncManager,
                 plan::SessionHandler& planSessions)
      : ports_(ports), st_(st), storageManager_(storageManager), syncManager_(syncManager), plan_(planSessions) {}

  Task<void> startSession(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber);
  // An ACTIVITY ping: the work time so far; from a tab with no open session it starts one (its
  // START_SESSION was lost).
  // `seq`: the page's ping count (core/extension.hpp); 0 from a page that does not count.
  Task<void> recordActivity(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber, std::uint32_t seq = 0);
  // PAGE_HIDE: a review this worker never recorded (its START_SESSION fell on a dying worker and
  // the tab closed before a ping, F26) is recorded and ended now, from what the page says.
  Task<void> recordClosedReview(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber, std::uint32_t seq,
                                Millis openedAt);
  Task<void> endSession(LocalId localId) { return endSessionAt(localId, 0); }
  // endTime 0: now. The startup sweep ends a stale session at its last recorded activity.
  Task<void> endSessionAt(LocalId localId, Millis endTime);
  std::vector<PendingSession> getBeaconPayload() { return plan_.getBeaconPayload(); }

 private:
  // The queues are loaded; `activeMs`: work the page already did (a start from a ping or a
  // PAGE_HIDE); `startTime`, `lastUpdate`: when the page says (-1: now).
  Task<void> startLoaded(std::uint32_t tabId, std::uint32_t repo, std::int32_t prNumber, Millis activeMs = 0,
                         Millis startTime = -1, Millis lastUpdate = -1);

  WorkerPorts& ports_;
  WorkerState& st_;
  StorageManager& storageManager_;
  SyncManager& syncManager_;
  plan::SessionHandler& plan_;
};

}  // namespace syncsim::core::hardened
