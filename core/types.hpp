#pragma once
// The plan's data types (src/types/index.ts), as plain values. Strings the sync logic never
// inspects (repo owner/name) are interned to integers by the caller; ISO timestamps are
// Date.now() milliseconds. See core/README.md for each mapping.
#include <cstdint>
#include <optional>
#include <vector>

#include "activity_list.hpp"

namespace syncsim::core {

using Millis = std::int64_t;
using LocalId = std::uint32_t;     // the extension's localId (one per reviewed tab)
using BackendId = std::int64_t;    // server session_id; 0 means "undefined"

struct SessionData {
  std::uint32_t repo = 0;      // interned repo_owner/repo_name
  std::int32_t pr_number = 0;
  std::optional<std::int32_t> duration_seconds;
};

// storageManager's Session record.
struct Session {
  LocalId localId = 0;
  std::uint32_t tabId = 0;
  std::uint32_t repo = 0;
  std::int32_t prNumber = 0;
  Millis startTime = 0;
  std::optional<Millis> endTime;
  std::optional<std::int32_t> durationSeconds;
  Millis lastUpdate = 0;
  bool active = true;
  BackendId backendId = 0;
  bool synced = false;
  std::optional<Millis> activeMs;  // hardened: the work time up to lastUpdate (the plan has none)
};

enum class PendingAction : std::uint8_t { Start, End };

// What a failed request looked like, for lastError and the dead-letter queue.
enum class ErrorKind : std::uint8_t { None, Network, Timeout, Http };

struct ApiError {
  ErrorKind kind = ErrorKind::None;
  int status = 0;             // HTTP status when kind == Http
  Millis retryAfterMs = 0;    // from a Retry-After header, 0 when absent
};

// PendingSession (plan, Phase 4), including the NEW retry fields.
struct PendingSession {
  LocalId localId = 0;
  BackendId backendId = 0;
  PendingAction action = PendingAction::End;
  SessionData data;
  Millis created_at = 0;
  bool synced = false;
  std::int32_t retryCount = 0;
  std::optional<Millis> lastRetryTime;
  ApiError lastError;
  // hardened only: earliest time the next attempt may be made (Retry-After / backoff).
  Millis nextAttemptAt = 0;
};

// failedSyncItems entry: `{...item, failedAt}`.
struct FailedItem {
  PendingSession item;
  Millis failedAt = 0;
};

// One queued activity ping (trySyncActivities sends them in batches).
struct Activity {
  LocalId localId = 0;
  Millis at = 0;
};

// What tokenManager keeps in storage.
struct AuthState {
  bool present = false;
  std::uint32_t tokenGen = 0;  // which access token (the server revokes by generation)
  Millis expiresAt = 0;
};

// chrome.storage.local.get(['pendingSessions', 'pendingActivities']): one call, both queues.
struct PersistedQueues {
  std::vector<PendingSession> pendingSessions;
  ActivityList pendingActivities;
  std::vector<LocalId> activeSessions;  // hardened's index of sessions not yet ended
};

enum class StorageStatus : std::uint8_t { Ok, QuotaExceeded };

}  // namespace syncsim::core
