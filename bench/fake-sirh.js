'use strict';
/**
 * A fake SIRH for the benchmark: bare node:http, answers every POST /employees with 201 and a fresh
 * id as soon as the body is read. No validation, no storage, so the SIRH is never the bottleneck.
 * Runs as its own process: `node bench/fake-sirh.js` prints `READY <port>`. Plain JS run by bare node (no
 * TypeScript hook), so the SIRH's own start-up and per-request cost stay those of a minimal server.
 *
 * Control endpoints for the bench (same port):
 *   GET  /__bench/stats          -> {"posts": n}
 *   POST /__bench/record?on=1|0  -> start (clearing) / stop recording when each externalId got its 201
 *   GET  /__bench/times          -> {"<externalId>": epochMs, ...} (wall clock, sub-ms precision)
 */
const http = require('node:http');
const { performance } = require('node:perf_hooks');

const nowMs = () => performance.timeOrigin + performance.now();
const EXTERNAL_ID = /"externalId"\s*:\s*"([^"]+)"/;

let posts = 0;
let seq = 0;
let recording = false;
let times = new Map();

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/employees') {
      const id = `emp_${++seq}`;
      const out = `{"id":"${id}"}`;
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
      posts++;
      if (recording) {
        const at = nowMs();
        const m = EXTERNAL_ID.exec(Buffer.concat(chunks).toString());
        if (m && !times.has(m[1])) times.set(m[1], at);
      }
      return;
    }
    const url = new URL(req.url, 'http://fake-sirh.invalid');
    const json = (status, body) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (url.pathname === '/__bench/stats') return json(200, { posts });
    if (url.pathname === '/__bench/record' && req.method === 'POST') {
      recording = url.searchParams.get('on') === '1';
      if (recording) times = new Map();
      return json(200, { recording });
    }
    if (url.pathname === '/__bench/times') return json(200, Object.fromEntries(times));
    if (url.pathname === '/health') return json(200, { status: 'ok' });
    json(404, { error: 'not found' });
  });
});
server.keepAliveTimeout = 30_000;

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`READY ${server.address().port}\n`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 1000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
