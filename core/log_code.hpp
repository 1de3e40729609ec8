#pragma once
// console.* calls of the plan become coded log records (the simulator turns them into trace
// records), so logging stays off the allocation path.
#include <cstdint>

namespace syncsim::core {

enum class LogCode : std::uint16_t {
  SessionStarted,
  SessionEnded,
  EndNotQueued,          // baseline: endSession without backendId queues nothing
  ImmediateSyncFailed,   // '[SessionHandler] Immediate sync failed:'
  ImmediateSyncOk,
  SyncAttempt,           // a request sent for a pending item: value = attempt_value(...)
  SyncOk,
  SyncFailed,            // value = failure_value(...)
  BackoffSkip,           // 'Skip, not time to retry yet'
  DeadLettered,          // '[SyncManager] Item moved to dead letter queue:'
  DeadLetterEvicted,     // the circular buffer dropped an older item
  TokenRefreshed,
  TokenRefreshFailed,
  StaleSessionEnded,     // hardened: ended on startup
  PendingLoaded,         // b = items loaded from storage
  ActivitiesSent,        // b = count
  BeaconPayload,         // b = items
  StartMerged,           // hardened: a queued start was superseded by the session's end
  ClosedReviewRecorded,  // hardened: a review first heard of at its PAGE_HIDE (b = work its pings counted)
  Count_
};

const char* log_code_name(LogCode c);

// Packing of the value of SyncAttempt / SyncFailed / DeadLettered records, so the simulator
// can keep a retry ledger per pending item (localId, action) without strings.
constexpr std::int64_t attempt_value(bool endAction, int retryCount) {
  return static_cast<std::int64_t>(retryCount) * 2 + (endAction ? 1 : 0);
}
constexpr std::int64_t failure_value(bool endAction, int status, std::int64_t retryAfterMs) {
  return (retryAfterMs << 17) | (static_cast<std::int64_t>(endAction ? 1 : 0) << 16) | (status & 0xffff);
}
struct DecodedFailure {
  bool endAction;
  int status;
  std::int64_t retryAfterMs;
};
constexpr DecodedFailure decode_failure(std::int64_t v) {
  const int s = static_cast<int>(v & 0xffff);
  return {((v >> 16) & 1) != 0, s == 0xffff ? -1 : s, v >> 17};
}

}  // namespace syncsim::core
