// storageManager: one chrome.storage.local key per session (core/storage_manager.hpp).
import type { Session } from '../types';

export const sessionKey = (localId: string): string => 'session:' + localId;

export async function getSession(localId: string): Promise<Session | undefined> {
  const key = sessionKey(localId);
  const result = await chrome.storage.local.get(key);
  return result[key] as Session | undefined;
}

export async function saveSession(session: Session): Promise<void> {
  await chrome.storage.local.set({ [sessionKey(session.localId)]: session });
}

export async function removeSession(localId: string): Promise<void> {
  await chrome.storage.local.remove(sessionKey(localId));
}
