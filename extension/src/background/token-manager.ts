// tokenManager: the bearer token kept in chrome.storage.local under 'auth'
// (core/token_manager.cpp).
import type { AuthState, RefreshResponse } from '../types';
import { config } from './config';
import { Log, simLog } from './sim-hooks';

async function readAuth(): Promise<AuthState | undefined> {
  const { auth } = (await chrome.storage.local.get('auth')) as { auth?: AuthState };
  return auth;
}

// A token is stored; whether it is still valid only the server knows (core/README.md A6).
export async function isAuthenticated(): Promise<boolean> {
  const auth = await readAuth();
  return Boolean(auth?.accessToken);
}

export async function getToken(): Promise<AuthState | undefined> {
  return readAuth();
}

// POST /api/auth/refresh and store the new token; false when the refresh failed, or took
// longer than timeoutMs when that is set (the client's fetch timeout: a refresh sent into a
// captive portal must not hang the sync that asked for it, F35; core/token_manager.cpp).
export async function refresh(timeoutMs = 0): Promise<boolean> {
  const current = await readAuth();
  let response: Response;
  try {
    const init: RequestInit = {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: current?.refreshToken }),
    };
    if (timeoutMs > 0) init.signal = AbortSignal.timeout(timeoutMs);
    response = await fetch(config.apiBaseUrl + '/api/auth/refresh', init);
  } catch (e) {
    // The status core/token_manager.cpp logs: -1 for the client's timeout (core/http.hpp's
    // kClientTimeout), 0 for a network failure.
    const timedOut = e instanceof DOMException && e.name === 'TimeoutError';
    simLog(Log.TokenRefreshFailed, 0, timedOut ? -1 : 0);
    return false;
  }
  if (!response.ok) {
    simLog(Log.TokenRefreshFailed, 0, response.status);
    return false;
  }
  const body = (await response.json()) as RefreshResponse;
  const next: AuthState = {
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? current?.refreshToken ?? '',
    expiresAt: body.expires_at,
  };
  await chrome.storage.local.set({ auth: next });
  simLog(Log.TokenRefreshed, 0, next.accessToken);
  return true;
}
