import { randomBytes } from 'node:crypto';
import type { Metrics } from './metrics.js';

/** Overrides for a subgraph started in process by a test: any port, own databases, demo data. */
export function testOverrides(extra: Record<string, string> = {}): Record<string, string> {
  return { PORT: '0', MONGO_DB_PREFIX: `t${randomBytes(4).toString('hex')}_`, SEED_DEMO: 'true', LOG_LEVEL: 'silent', NODE_ENV: 'test', ...extra };
}

/** POSTs a GraphQL operation over real HTTP and returns the parsed body. */
export async function postGraphQL<T = any>(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

/** How many `command` commands (e.g. `find`) this process has sent to MongoDB so far. */
export async function mongoCommandCount(metrics: Metrics, command: string): Promise<number> {
  const metric = await metrics.mongoCommands.get();
  return metric.values.filter((v) => v.labels.command === command).reduce((sum, v) => sum + v.value, 0);
}
