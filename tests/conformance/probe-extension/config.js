// Placeholder: driver.mjs overwrites this file in its temporary copy of the extension
// with the backend's real address (its port is chosen at run time).
self.PROBE_CONFIG = { backend: 'http://127.0.0.1:0' };
