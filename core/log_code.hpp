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
  SyncAttempt,           // an attempt on the alarm path (b = retryCount)
  SyncOk,
  SyncFailed,            // b = status
  BackoffSkip,           // 'Skip, not time to retry yet'
  DeadLettered,          // '[SyncManager] Item moved to dead letter queue:'
  DeadLetterEvicted,     // the circular buffer dropped an older item
  TokenRefreshed,
  TokenRefreshFailed,
  StaleSessionEnded,     // hardened: ended on startup
  PendingLoaded,         // b = items loaded from storage
  ActivitiesSent,        // b = count
  BeaconPayload,         // b = items
  Count_
};

const char* log_code_name(LogCode c);

}  // namespace syncsim::core
