// The four strategies' settings, as core/strategy.cpp sets them. baseline, approach1 and
// approach2 run the same code (src/background/, src/content/) and differ only here; hardened
// runs its own code (src/hardened/) with its own client options. build.mjs picks one per
// bundle with `define: {__STRATEGY__: '"<name>"'}`.
import type { ApiClientOptions } from '../types';
import { HARDENED_CLIENT_OPTIONS } from '../hardened/api-client';

export type StrategyName = 'baseline' | 'approach1' | 'approach2' | 'hardened';

declare const __STRATEGY__: StrategyName;

// The plan's sync-retry.ts constants, and whether a retry policy runs at all.
export interface RetryConfig {
  enabled: boolean; // false: the code before the plan, a failed item is retried on every alarm
  baseDelayMs: number; // BASE_DELAY_MS
  maxRetries: number; // MAX_RETRIES
  maxDelayMs: number; // MAX_DELAY_MS
}

export interface StrategyConfig {
  name: StrategyName;
  apiBaseUrl: string;
  alarmPeriodMs: number; // SYNC_INTERVAL_MINUTES * 60000
  endQueuesWithoutBackendId: boolean; // false = baseline: endSession queues only with a backendId
  immediateSyncOnEnd: boolean; // endSession awaits trySyncSessionsImmediate
  beaconOnPagehide: boolean; // approach1's pagehide beacon (relative URL in every strategy)
  pageHideMessage: boolean; // hardened: PAGE_HIDE on pagehide, so an unrecorded review is recorded (F26)
  syncOnOnlineEvent: boolean; // "Online event triggers queued sync" (core/README.md A12)
  retry: RetryConfig;
  deadLetterCapacity: number; // MAX_FAILED_ITEMS
  client: ApiClientOptions; // what hardened adds to apiClient (the plan never shows it)
}

const API_BASE_URL = 'https://api.worktime.example';

// The plan's client: no timeout (core/README.md A8), no key, no refresh.
const PLAN_CLIENT: ApiClientOptions = {
  fetchTimeoutMs: 0,
  idempotencyKey: false,
  refreshOn401: false,
  conflictMeansDone: false,
};

const PLAN_RETRY: RetryConfig = { enabled: true, baseDelayMs: 1000, maxRetries: 5, maxDelayMs: 30000 };

const defaults: StrategyConfig = {
  name: 'approach2',
  apiBaseUrl: API_BASE_URL,
  alarmPeriodMs: 60000,
  endQueuesWithoutBackendId: true,
  immediateSyncOnEnd: false,
  beaconOnPagehide: false,
  pageHideMessage: false,
  syncOnOnlineEvent: false,
  retry: PLAN_RETRY,
  deadLetterCapacity: 50,
  client: PLAN_CLIENT,
};

export const STRATEGIES: { readonly [K in StrategyName]: StrategyConfig } = {
  // A9: 5-minute alarm, end queued only with a backendId, no retry policy, no dead letters.
  baseline: {
    ...defaults,
    name: 'baseline',
    alarmPeriodMs: 5 * 60000,
    endQueuesWithoutBackendId: false,
    retry: { ...PLAN_RETRY, enabled: false },
    deadLetterCapacity: 0,
  },
  // A10: 30 s alarm, the pagehide beacon as written, "keep existing queue architecture".
  approach1: {
    ...defaults,
    name: 'approach1',
    alarmPeriodMs: 30000,
    beaconOnPagehide: true,
    retry: { ...PLAN_RETRY, enabled: false },
    deadLetterCapacity: 0,
  },
  // The plan's recommendation exactly as written.
  approach2: {
    ...defaults,
    name: 'approach2',
    alarmPeriodMs: 60000,
    immediateSyncOnEnd: true,
    syncOnOnlineEvent: true,
  },
  // Its retry policy is code (src/hardened/sync-retry.ts); the constants are the plan's.
  hardened: {
    ...defaults,
    name: 'hardened',
    alarmPeriodMs: 60000,
    immediateSyncOnEnd: true,
    syncOnOnlineEvent: true,
    pageHideMessage: true,
    client: HARDENED_CLIENT_OPTIONS,
  },
};

export const config: StrategyConfig = STRATEGIES[__STRATEGY__];
