/**
 * The HTTP face of `contractlens serve`: GET /metrics (Prometheus text format), /healthz and /api/results (the
 * latest run of each contract as JSON, without sample rows). Loopback by default; nothing but GET/HEAD is served.
 */
import type { Server } from 'node:http';
import type { Monitor } from '../engine/serve/monitor.js';

export function parseListen(text: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text.trim());
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port > 65535) return undefined;
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

export function startHttp(monitor: Monitor, listen: { host: string; port: number }, started: Date): Promise<Server> {
  // Loaded here, not at import: node:http is ~10 modules that every other command and the language server's start
  // would load for nothing (docs/ARCHITECTURE.md, "Start").
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createServer } = require('node:http') as typeof import('node:http');
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const json = (body: unknown) => send(200, 'application/json; charset=utf-8', JSON.stringify(body, null, 2) + '\n');
    if (path === '/metrics') {
      monitor.metrics.exposition().then(
        (text) => send(200, monitor.metrics.families.registry.contentType, text),
        (e: Error) => send(500, 'text/plain; charset=utf-8', `metrics failed: ${e.message}\n`),
      );
    } else if (path === '/healthz') {
      json({ status: 'ok', since: started.toISOString(), runs: monitor.runCounts(), running: monitor.running() });
    } else if (path === '/api/results') {
      // Sample rows hold data values; the API gives counts and statuses, as the metrics do.
      json({ contracts: monitor.latest().map((r) => ({ ...r, results: r.results.map(({ samples: _s, contractUri: _u, range: _r, ...rest }) => rest) })) });
    } else {
      send(404, 'text/plain; charset=utf-8', 'not found: try /metrics, /healthz or /api/results\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
