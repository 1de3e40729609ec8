// hardened's client options (core/hardened/background.hpp, kClient): config.ts hands them to
// the extension's one apiClient (src/background/api-client.ts) in the hardened bundle.
import type { ApiClientOptions } from '../types';

// fetchTimeoutMs: a request into a captive portal is aborted, not left to hang (F9);
// idempotencyKey: `Idempotency-Key: <localId>` on start and end (F2);
// refreshOn401: refresh the token and retry once (F3, unresolved question 2);
// conflictMeansDone: 409 on end means the session is already completed.
export const HARDENED_CLIENT_OPTIONS: ApiClientOptions = {
  fetchTimeoutMs: 10000,
  idempotencyKey: true,
  refreshOn401: true,
  conflictMeansDone: true,
};
