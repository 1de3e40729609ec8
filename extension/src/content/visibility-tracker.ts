// content/visibility-tracker.ts: announces the review (START_SESSION, core/README.md A2), pings
// ACTIVITY every 10 s (A5), and, in approach1, the plan's pagehide beacon exactly as written
// (core/plan/visibility_tracker.cpp). Its relative URL resolves against the review site's
// origin, not the backend's (docs/findings.md F10).
import type { ExtensionMessage } from '../types';
import { config } from '../background/config';

const ACTIVITY_INTERVAL_MS = 10000;

function send(message: ExtensionMessage): void {
  // Rejects when the worker cannot be reached; a lost ping is not an error.
  chrome.runtime.sendMessage(message).catch(() => undefined);
}

// A review page: /<owner>/<repo>/pull/<number>
const match = /^\/([^/]+)\/([^/]+)\/pull\/(\d+)/.exec(location.pathname);
if (match) {
  const review = { repo_owner: match[1], repo_name: match[2], pr_number: parseInt(match[3], 10) };
  send({ type: 'START_SESSION', ...review });
  const openedAt = Date.now();
  let seq = 0;
  setInterval(() => send({ type: 'ACTIVITY', ...review, seq: ++seq }), ACTIVITY_INTERVAL_MS);
  if (config.pageHideMessage)
    window.addEventListener('pagehide', () => send({ type: 'PAGE_HIDE', ...review, seq, opened_at: openedAt }));
}

if (config.beaconOnPagehide) {
  window.addEventListener('pagehide', async () => {
    try {
      const response = (await chrome.runtime.sendMessage({ type: 'GET_BEACON_PAYLOAD' })) as
        | { payload?: string | null }
        | undefined;
      if (response?.payload) {
        navigator.sendBeacon('/api/sync/sessions', response.payload);
      }
    } catch { /* SW may be dead */ }
  });
}
