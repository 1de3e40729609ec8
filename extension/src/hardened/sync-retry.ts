// hardened's retry policy (core/hardened/sync_retry.cpp): full jitter, and transient errors and
// a 401 never exhaust the budget (docs/findings.md F3, F4). The constants are the plan's.
import { WorkTimeAPIError } from '../background/api-client';
import { config } from '../background/config';

const BASE_DELAY_MS = config.retry.baseDelayMs;
const MAX_RETRIES = config.retry.maxRetries;
const MAX_DELAY_MS = config.retry.maxDelayMs;

// The un-jittered envelope min(MAX_DELAY_MS, BASE_DELAY_MS * 2^n) (core/retry_policy.cpp).
function envelope(retryCount: number): number {
  return Math.min(BASE_DELAY_MS * Math.pow(2, Math.max(0, retryCount)), MAX_DELAY_MS);
}

// U(0, h(n)): spreads a fleet's retries after an outage instead of synchronising them.
export function calculateBackoff(retryCount: number): number {
  return Math.floor(envelope(retryCount) * Math.random());
}

// Network failure, timeout (AbortError), 5xx, 429: worth retrying regardless of the count.
export function isTransient(error: unknown): boolean {
  if (!(error instanceof WorkTimeAPIError)) return true;
  return error.statusCode >= 500 || error.statusCode === 429;
}

export function shouldRetry(retryCount: number, error: unknown): boolean {
  const authWait = error instanceof WorkTimeAPIError && error.statusCode === 401;
  if (isTransient(error) || authWait) return true;
  if (retryCount >= MAX_RETRIES) return false;
  if (error instanceof WorkTimeAPIError && error.statusCode >= 400 && error.statusCode < 500 && error.statusCode !== 429) {
    return false;
  }
  return true;
}

// What the error asks us to wait, at least (0 unless a 429/503 carried Retry-After).
export function retryAfterMsOf(error: unknown): number {
  return error instanceof WorkTimeAPIError ? error.retryAfterMs : 0;
}
