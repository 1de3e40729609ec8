// syncsim's instrumentation, the TypeScript side of the C++ port's `ports_.log(...)` lines and
// of HttpRequest::localId (core/log_code.hpp, core/http.hpp). Not the plan's code: both are
// no-ops in Chrome, where no `__syncsim` global exists. In syncsim (sim/js/shim.cpp) they feed the
// trace and the retry ledger the checker reads, exactly as the C++ port's log calls do, so the
// C++ and the TypeScript runs of a world can be compared record by record.

// core::LogCode, in its order.
export const Log = {
  SessionStarted: 0,
  SessionEnded: 1,
  EndNotQueued: 2,
  ImmediateSyncFailed: 3,
  ImmediateSyncOk: 4,
  SyncAttempt: 5,
  SyncOk: 6,
  SyncFailed: 7,
  BackoffSkip: 8,
  DeadLettered: 9,
  DeadLetterEvicted: 10,
  TokenRefreshed: 11,
  TokenRefreshFailed: 12,
  StaleSessionEnded: 13,
  PendingLoaded: 14,
  ActivitiesSent: 15,
  BeaconPayload: 16,
  StartMerged: 17,
  ClosedReviewRecorded: 18,
} as const;
export type LogCode = (typeof Log)[keyof typeof Log];

interface SyncsimHost {
  log(code: number, localId: string | number, value: number | string): void;
}

function host(): SyncsimHost | undefined {
  return (globalThis as { __syncsim?: SyncsimHost }).__syncsim;
}

// One log record. `value` is a number, except TokenRefreshed's (the new access token).
export function simLog(code: LogCode, localId: string | number = 0, value: number | string = 0): void {
  host()?.log(code, localId, value);
}

// core::attempt_value
export function attemptValue(endAction: boolean, retryCount: number): number {
  return retryCount * 2 + (endAction ? 1 : 0);
}

// The status and Retry-After of a thrown request error (core::ApiError; network failures and
// timeouts have status 0).
export function errorStatus(error: unknown): { status: number; retryAfterMs: number } {
  const e = error as { name?: string; statusCode?: number; retryAfterMs?: number };
  if (e && e.name === 'WorkTimeAPIError') return { status: e.statusCode ?? 0, retryAfterMs: e.retryAfterMs ?? 0 };
  return { status: 0, retryAfterMs: 0 };
}

// core::failure_value, without 32-bit bit operations (retryAfterMs << 17 overflows them).
export function failureValue(endAction: boolean, error: unknown): number {
  const { status, retryAfterMs } = errorStatus(error);
  return retryAfterMs * 131072 + (endAction ? 65536 : 0) + (status & 0xffff);
}

// Which local session a request is about: the simulator's oracle tag (HttpRequest::localId), never
// sent. Chrome ignores the unknown RequestInit member.
export function aboutLocalId(init: RequestInit, localId: string | undefined): RequestInit {
  return localId === undefined ? init : Object.assign(init, { syncsimLocalId: localId });
}
