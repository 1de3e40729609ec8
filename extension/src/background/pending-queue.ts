// The worker's module-level queues and their persistence (core/pending_queue.cpp,
// core/worker_state.hpp). The plan's `pendingSessions` is one global that session-handler.ts
// and sync-manager.ts both reassign (`pendingSessions = pendingSessions.filter(...)`); an ES
// module cannot reassign another module's binding, so it lives on this shared object and every
// reader takes `state.pendingSessions` afresh after each await.
import type { Activity, PendingSession } from '../types';
import { Log, simLog } from './sim-hooks';

export interface WorkerState {
  pendingSessions: PendingSession[];
  pendingActivities: Activity[];
  activeSessions: string[]; // hardened: sessions started and not yet ended
}

export const state: WorkerState = {
  pendingSessions: [],
  pendingActivities: [],
  activeSessions: [],
};

interface StoredQueues {
  pendingSessions?: PendingSession[];
  pendingActivities?: Activity[];
  activeSessions?: string[];
}

// savePendingSessions(), which the plan calls without showing.
export async function savePendingSessions(): Promise<void> {
  await chrome.storage.local.set({ pendingSessions: state.pendingSessions });
}

// The top level's load (core/README.md A1): ONE get of every queue, then the globals are
// assigned with no await in between. Two gets would let a listener sync (and save) an empty
// queue between them (docs/findings.md, "Found in the port").
export async function loadPendingSessions(): Promise<void> {
  const stored = (await chrome.storage.local.get([
    'pendingSessions',
    'pendingActivities',
    'activeSessions',
  ])) as StoredQueues;
  state.pendingSessions = stored.pendingSessions ?? [];
  state.pendingActivities = stored.pendingActivities ?? [];
  state.activeSessions = stored.activeSessions ?? [];
  simLog(Log.PendingLoaded, 0, state.pendingSessions.length);
}

export async function saveActivities(): Promise<void> {
  await chrome.storage.local.set({ pendingActivities: state.pendingActivities });
}

export async function saveActiveSessions(): Promise<void> {
  await chrome.storage.local.set({ activeSessions: state.activeSessions });
}
