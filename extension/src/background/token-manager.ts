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

// POST /api/auth/refresh and store the new token; false when the refresh failed. No timeout,
// whatever the client's options: core/token_manager.cpp fetches it with timeoutMs 0.
export async function refresh(): Promise<boolean> {
  const current = await readAuth();
  let response: Response;
  try {
    response = await fetch(config.apiBaseUrl + '/api/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: current?.refreshToken }),
    });
  } catch {
    simLog(Log.TokenRefreshFailed, 0, 0);
    return false; // network failure
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
