import express, { type Express } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.js';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  [detail: string]: unknown;
}

/** An express app with `GET /health` (200 when ok, 503 otherwise) and `GET /metrics`. */
export function createHttpApp(opts: { metrics: Metrics; health: () => Promise<HealthReport> }): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    const report = await opts.health().catch((err: Error) => ({ status: 'down' as const, error: err.message }));
    res.status(report.status === 'down' ? 503 : 200).json(report);
  });
  app.get('/metrics', async (_req, res) => {
    res.type(opts.metrics.registry.contentType).send(await opts.metrics.registry.metrics());
  });
  return app;
}

/** Listens on 0.0.0.0:`port` (0 = any free port) and resolves with the server and its port. */
export function listen(app: Express, port: number, host = '0.0.0.0'): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => {
      if (err) return reject(err);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
    server.keepAliveTimeout = 65_000;
  });
}

/**
 * Stops accepting connections, lets in-flight requests finish and closes idle keep-alive
 * connections; after `graceMs` (default 10 s) the remaining connections are cut.
 */
export function closeServer(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
