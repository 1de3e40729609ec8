// sync-retry.ts (plan, Phase 2), as written; the constants are config.retry's (the plan's
// values in every strategy; core/retry_policy.hpp). Its defects are kept: the jitter spans
// ±12.5 % although the comment says ±25 % (docs/findings.md F6), and a 401 counts as a client
// error, so an expired token dead-letters at once (F3).
import { WorkTimeAPIError } from './api-client';
import { config } from './config';

const BASE_DELAY_MS = config.retry.baseDelayMs;
const MAX_RETRIES = config.retry.maxRetries;
const MAX_DELAY_MS = config.retry.maxDelayMs;

export function calculateBackoff(retryCount: number): number {
  const delay = Math.min(
    BASE_DELAY_MS * Math.pow(2, retryCount),
    MAX_DELAY_MS
  );
  // Add jitter (±25%)
  const jitter = delay * 0.25 * (Math.random() - 0.5);
  return Math.floor(delay + jitter);
}

export function shouldRetry(retryCount: number, error: Error): boolean {
  if (retryCount >= MAX_RETRIES) return false;

  // Don't retry client errors (except rate limits)
  if (error instanceof WorkTimeAPIError) {
    const status = error.statusCode;
    if (status && status >= 400 && status < 500 && status !== 429) {
      return false;
    }
  }
  return true;
}
