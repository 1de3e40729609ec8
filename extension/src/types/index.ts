// The extension's data types (plan: src/types/index.ts). The C++ port's are core/types.hpp;
// there the repo is an interned integer and timestamps are milliseconds.

// The wire payload of a session, as the plan's PendingSession.data.
export interface SessionData {
  repo_owner: string;
  repo_name: string;
  pr_number: number;
  duration_seconds?: number;
}

// storageManager's record, stored under 'session:' + localId.
export interface Session {
  localId: string; // String(tabId): one session per tab (core/README.md A3)
  tabId: number;
  repoOwner: string;
  repoName: string;
  prNumber: number;
  startTime: number;
  endTime?: number;
  durationSeconds?: number;
  lastUpdate: number;
  active: boolean;
  backendId?: string; // the plan writes String(session_id) here and parseInt()s it back
  synced: boolean;
  activeMs?: number; // hardened: the work time up to lastUpdate (the plan has none)
}

// The plan's Phase 4 type, as written, plus hardened's deadline.
export interface PendingSession {
  localId: string;
  backendId?: number;
  action: 'start' | 'end';
  data: SessionData;
  created_at: string;
  synced: boolean;
  // NEW fields for retry logic
  retryCount?: number;
  lastRetryTime?: number;
  lastError?: string;
  // hardened only: earliest Date.now() of the next attempt (backoff or Retry-After).
  nextAttemptAt?: number;
}

// A failedSyncItems entry: `{...item, failedAt}` (plan, Phase 5).
export interface FailedItem extends PendingSession {
  failedAt: string;
}

// One queued ACTIVITY ping (core/README.md A5).
export interface Activity {
  localId: string;
  at: number;
}

// tokenManager's stored token, key 'auth'. isAuthenticated() = an accessToken is stored (A6).
export interface AuthState {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

// POST /api/sessions/start answers {session_id}.
export interface StartSessionResponse {
  session_id: number;
}

// POST /api/auth/refresh answers {access_token, expires_at}.
export interface RefreshResponse {
  access_token: string;
  expires_at: number;
  refresh_token?: string;
}

// Content script -> worker messages (chrome.runtime.sendMessage).
export type ExtensionMessage =
  | { type: 'START_SESSION'; repo_owner: string; repo_name: string; pr_number: number }
  // An ACTIVITY ping names its review too: hardened starts the review from it when the
  // START_SESSION was lost; the plan's handlers read only the sender's tab.
  // seq: the page's pings for its review so far, from 1; its timer does not tick while the device
  // sleeps, so seq pings are seq intervals of work, however many a dying worker lost (F24).
  | { type: 'ACTIVITY'; repo_owner: string; repo_name: string; pr_number: number; seq?: number }
  // hardened's pagehide (config.pageHideMessage): the review is over; opened_at is when the page
  // loaded (Date.now()), seq its pings. A review the worker never recorded is recorded from it (F26).
  | { type: 'PAGE_HIDE'; repo_owner: string; repo_name: string; pr_number: number; seq: number; opened_at: number }
  | { type: 'GET_BEACON_PAYLOAD' };

// The worker's answer to GET_BEACON_PAYLOAD.
export interface BeaconPayloadResponse {
  payload: string | null;
}

// apiClient's options (core/api_client.hpp ApiClientOptions): what hardened adds to the client.
export interface ApiClientOptions {
  fetchTimeoutMs: number; // 0: none (browsers have no default fetch timeout, core/README.md A8)
  idempotencyKey: boolean; // start/end carry `Idempotency-Key: <localId>`
  refreshOn401: boolean; // refresh the token and try once more
  conflictMeansDone: boolean; // 409 on end = already completed
}
