// apiClient (core/api_client.cpp). The plan never shows it; its options are what hardened adds
// (src/hardened/api-client.ts), chosen per bundle in config.ts. One request is one fetch(); a
// 401 with refreshOn401 adds the refresh and one retry, in core/api_client.cpp's order.
import type { Activity, ApiClientOptions, AuthState, SessionData, StartSessionResponse } from '../types';
import { config } from './config';
import { aboutLocalId } from './sim-hooks';
import * as tokenManager from './token-manager';

// A non-2xx answer. A network failure is fetch's TypeError; a timeout is the AbortError.
export class WorkTimeAPIError extends Error {
  readonly statusCode: number;
  readonly retryAfterMs: number; // from Retry-After on 429/503, 0 when absent

  constructor(statusCode: number, retryAfterMs = 0) {
    super(`WorkTime API error ${statusCode}`);
    this.name = 'WorkTimeAPIError';
    this.statusCode = statusCode;
    this.retryAfterMs = retryAfterMs;
  }
}

// Retry-After is delay-seconds (possibly fractional from the simulator) or an HTTP date.
function retryAfterMsOf(response: Response): number {
  if (response.status !== 429 && response.status !== 503) return 0;
  const value = response.headers.get('Retry-After');
  if (value === null) return 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? 0 : Math.max(0, at - Date.now());
}

export function errorOf(response: Response): WorkTimeAPIError {
  return new WorkTimeAPIError(response.status, retryAfterMsOf(response));
}

export interface ApiClient {
  readonly options: ApiClientOptions;
  // localId is the session the request is about, as in core/api_client.hpp: the Idempotency-Key
  // header when the client sends one (A11; the plan's payload has none), and otherwise only
  // syncsim's oracle tag (sim-hooks.ts), never on the wire.
  startSession(data: SessionData, localId?: string): Promise<StartSessionResponse>;
  endSession(sessionId: string, durationSeconds: number, localId?: string): Promise<void>;
  sendActivities(activities: Activity[]): Promise<void>;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = config.apiBaseUrl;

  // One fetch, aborted after fetchTimeoutMs when that is set (hardened: 10 s, F9). The browser
  // times it (AbortSignal.timeout rejects with a TimeoutError), as core/ports.hpp's fetch timeout.
  function timedFetch(url: string, init: RequestInit): Promise<Response> {
    if (options.fetchTimeoutMs <= 0) return fetch(url, init);
    return fetch(url, { ...init, signal: AbortSignal.timeout(options.fetchTimeoutMs) });
  }

  function headersFor(auth: AuthState | undefined, localId: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (auth?.accessToken) headers['Authorization'] = 'Bearer ' + auth.accessToken;
    if (options.idempotencyKey && localId !== undefined) headers['Idempotency-Key'] = localId;
    return headers;
  }

  // ApiClient::send: the stored token, the request, and with refreshOn401 one refresh and retry.
  async function send(path: string, body: unknown, localId?: string): Promise<Response> {
    const url = baseUrl + path;
    const payload = JSON.stringify(body);
    const token = await tokenManager.getToken();
    const init = (auth: AuthState | undefined): RequestInit =>
      aboutLocalId({ method: 'POST', headers: headersFor(auth, localId), body: payload }, localId);
    let response = await timedFetch(url, init(token));
    if (response.status === 401 && options.refreshOn401) {
      // Unresolved question 2: refresh, then one more try with the new token (F3).
      if (await tokenManager.refresh(options.fetchTimeoutMs)) {
        const fresh = await tokenManager.getToken();
        response = await timedFetch(url, init(fresh));
      }
    }
    return response;
  }

  return {
    options,

    async startSession(data, localId) {
      const response = await send(
        '/api/sessions/start',
        { repo_owner: data.repo_owner, repo_name: data.repo_name, pr_number: data.pr_number },
        localId,
      );
      if (!response.ok) throw errorOf(response);
      return (await response.json()) as StartSessionResponse;
    },

    async endSession(sessionId, durationSeconds, localId) {
      const response = await send(
        `/api/sessions/${sessionId}/end`,
        { duration_seconds: durationSeconds },
        localId,
      );
      if (response.ok) return;
      if (options.conflictMeansDone && response.status === 409) return; // already completed
      throw errorOf(response);
    },

    async sendActivities(activities) {
      const response = await send('/api/activities', { activities });
      if (!response.ok) throw errorOf(response);
    },
  };
}

// The extension's one client; its options are the bundle's strategy's (config.ts).
export const apiClient: ApiClient = createApiClient(config.client);
