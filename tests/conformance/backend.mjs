// Local HTTP backend on 127.0.0.1 (ephemeral port) that the probe extension reports to.
// Records every report and request with a receive timestamp, serves the control and test
// pages, holds responses back on /delay, and can be switched "down" (every connection is
// closed at once) for the navigator.onLine question.
import http from 'node:http';
import { EventEmitter } from 'node:events';

const PAGE = (title) => `<!doctype html><meta charset="utf-8"><title>${title}</title><p>${title}</p>`;

export async function startBackend() {
  const events = new EventEmitter();
  const log = { reports: [], beacons: [], requests: [], delays: [] };
  const sockets = new Set();
  let down = false;

  const record = (kind, entry) => {
    log[kind].push(entry);
    events.emit('record', kind, entry);
  };

  const server = http.createServer((req, res) => route(req, res, record));
  server.on('connection', (socket) => {
    if (down) return socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    log,
    setDown(value) {
      down = value;
      if (down) for (const s of sockets) s.destroy();
    },
    // Resolves with the first entry of `kind` (already recorded or future) matching pred.
    waitFor(kind, pred, timeoutMs) {
      const found = log[kind].find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => {
        const onRecord = (k, entry) => {
          if (k !== kind || !pred(entry)) return;
          done(entry);
        };
        const timer = setTimeout(() => done(null), timeoutMs);
        const done = (entry) => {
          clearTimeout(timer);
          events.off('record', onRecord);
          resolve(entry);
        };
        events.on('record', onRecord);
      });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function route(req, res, record) {
  const recvAt = Date.now();
  const url = new URL(req.url, 'http://127.0.0.1');
  record('requests', { recvAt, method: req.method, path: url.pathname + url.search });
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('cache-control', 'no-store');
  const body = [];
  req.on('data', (c) => body.push(c));
  req.on('end', () => {
    const text = Buffer.concat(body).toString();
    const handler = ROUTES[`${req.method} ${url.pathname}`];
    if (!handler) return send(res, 404, 'text/plain', 'not found');
    handler({ req, res, url, text, recvAt, record });
  });
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

const ROUTES = {
  'GET /ping': ({ res }) => send(res, 200, 'text/plain', 'pong'),
  'GET /control.html': ({ res }) => send(res, 200, 'text/html', PAGE('control')),
  'GET /page.html': ({ res, url }) => send(res, 200, 'text/html', PAGE(url.searchParams.get('name') ?? 'page')),

  // The worker's reports: a JSON array of {type, startId, t, ...}.
  'POST /report': ({ res, text, recvAt, record }) => {
    for (const r of JSON.parse(text)) record('reports', { recvAt, ...r });
    res.writeHead(204).end();
  },

  // The content script's pagehide beacon (a relative URL on the page's origin).
  'POST /api/sync/sessions': ({ req, res, text, recvAt, record }) => {
    record('beacons', {
      recvAt,
      url: `http://${req.headers.host}${req.url}`,
      origin: req.headers.origin ?? null,
      referer: req.headers.referer ?? null,
      contentType: req.headers['content-type'] ?? null,
      secFetchSite: req.headers['sec-fetch-site'] ?? null,
      secFetchMode: req.headers['sec-fetch-mode'] ?? null,
      body: text,
    });
    res.writeHead(204).end();
  },

  // Answers after ?ms=N; records whether the client was still there to receive it.
  'GET /delay': ({ req, res, url, recvAt, record }) => {
    const ms = Number(url.searchParams.get('ms') ?? 0);
    const entry = { recvAt, ms, answeredAt: null, clientGoneAt: null };
    record('delays', entry);
    req.socket.on('close', () => {
      if (entry.answeredAt === null) entry.clientGoneAt = Date.now();
    });
    const timer = setTimeout(() => {
      if (entry.clientGoneAt !== null) return;
      entry.answeredAt = Date.now();
      send(res, 200, 'text/plain', 'late');
    }, ms);
    timer.unref();
  },
};
