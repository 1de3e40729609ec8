// Content script of the conformance probe, on every http://127.0.0.1 page. On pagehide it
// sends a beacon to a relative URL; the backend (../backend.mjs) records where it arrived
// and with which Origin, which answers `pagehide_beacon_origin`.
addEventListener('pagehide', (event) => {
  const body = JSON.stringify({ page: location.href, persisted: event.persisted, at: Date.now() });
  navigator.sendBeacon('/api/sync/sessions', body);
});
