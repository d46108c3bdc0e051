import express, { type ErrorRequestHandler, type Express, type Request } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { REQUEST_ID_HEADER, requestIdFrom } from './context.js';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  [detail: string]: unknown;
}

/** How long /health waits for its checks before it says `down`. */
const HEALTH_TIMEOUT_MS = 1_500;

/** A request from this machine, not relayed by a proxy on it. */
const isLocal = (req: Request) => {
  const peer = req.socket.remoteAddress ?? '';
  return (peer === '127.0.0.1' || peer === '::1' || peer === '::ffff:127.0.0.1') && req.headers['x-forwarded-for'] === undefined;
};
const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * An express app with `GET /health` and `GET /metrics`. Anyone may ask /health for the status
 * (200 when ok, 503 when down); its details and /metrics answer only this machine or a bearer of
 * `metricsToken` (a Prometheus elsewhere), since both describe the inside of the system.
 */
export function createHttpApp(opts: {
  metrics: Metrics;
  health: () => Promise<HealthReport>;
  logger?: Logger;
  metricsToken?: string;
}): Express {
  const app = express();
  app.disable('x-powered-by');
  if (opts.logger) app.locals.logger = opts.logger;
  const insider = (req: Request) =>
    isLocal(req) ||
    (!!opts.metricsToken && !!req.headers.authorization && sameSecret(req.headers.authorization, `Bearer ${opts.metricsToken}`));
  app.get('/health', async (req, res) => {
    // A database that does not answer makes the driver wait for its server selection (10 s): a
    // readiness probe is told `down` well before its own timeout instead.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<HealthReport>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'down', error: `no answer within ${HEALTH_TIMEOUT_MS} ms` }), HEALTH_TIMEOUT_MS);
    });
    const report = await Promise.race([opts.health().catch((err: Error): HealthReport => ({ status: 'down', error: err.name })), late]);
    clearTimeout(timer);
    res.status(report.status === 'down' ? 503 : 200).json(insider(req) ? report : { status: report.status });
  });
  app.get('/metrics', async (req, res) => {
    if (!insider(req))
      return void res
        .status(403)
        .json({ errors: [{ message: '无权访问 (metrics: loopback or METRICS_TOKEN only)', extensions: { code: 'FORBIDDEN' } }] });
    res.type(opts.metrics.registry.contentType).send(await opts.metrics.registry.metrics());
  });
  return app;
}

/** What a failure of body parsing (express.json and friends) tells the client, by its `type`. */
const BODY_ERRORS: Record<string, { status: number; message: string }> = {
  'entity.parse.failed': { status: 400, message: '请求体不是有效的 JSON (malformed JSON body)' },
  'entity.too.large': { status: 413, message: '请求体过大 (request body too large)' },
  'charset.unsupported': { status: 415, message: '不支持的字符集,请用 UTF-8 (unsupported charset: use UTF-8)' },
  'encoding.unsupported': { status: 415, message: '不支持的内容编码 (unsupported content encoding)' },
  'request.aborted': { status: 400, message: '请求被中断 (request aborted)' },
  'request.size.invalid': { status: 400, message: '请求体长度不符 (request size did not match content length)' },
  'stream.encoding.set': { status: 500, message: '内部错误 (internal error)' },
};

/**
 * The last handlers of every app: an unknown route is a JSON 404, and an error is a JSON answer
 * with a code and no stack, path or body. The log gets the error's kind only: a body that failed
 * to parse is the client's text (a phone, an ID number), and Express's default handler printed it.
 */
function finishApp(app: Express): void {
  app.use((_req, res) => {
    res.status(404).json({ errors: [{ message: '没有这个地址 (no such route)', extensions: { code: 'NOT_FOUND' } }] });
  });
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const known = BODY_ERRORS[String((err as { type?: unknown }).type)];
    const status = known?.status ?? 500;
    const logger = app.locals.logger as Logger | undefined;
    logger?.[status >= 500 ? 'error' : 'warn'](
      {
        requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]),
        path: req.path.slice(0, 100),
        status,
        kind: (err as { type?: string }).type ?? (err as Error).name,
      },
      'http request failed',
    );
    if (res.headersSent) return void res.destroy();
    const code = status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
    res.status(status).json({ errors: [{ message: known?.message ?? '内部错误 (internal error)', extensions: { code } }] });
  };
  app.use(onError);
}

/**
 * Adds the last handlers (404, errors), then listens on `host`:`port` (0 = any free port) and
 * resolves with the server and its port. Default host 127.0.0.1: only the gateway faces clients.
 */
export function listen(app: Express, port: number, host = '127.0.0.1'): Promise<{ server: Server; port: number }> {
  finishApp(app);
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
