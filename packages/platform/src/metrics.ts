import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one process (`GET /metrics`). */
export interface Metrics {
  registry: Registry;
  /** graphql_requests_total{operation, outcome}: outcome is `ok` or `error`. */
  requests: Counter<'operation' | 'outcome'>;
  /** graphql_request_duration_seconds{operation} */
  duration: Histogram<'operation'>;
  /** mongo_commands_total{db, command}: every command the driver sends (find, insert, …). */
  mongoCommands: Counter<'db' | 'command'>;
}

export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL operations handled, by operation name and outcome',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'GraphQL operation latency in seconds, by operation name',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    mongoCommands: new Counter({
      name: 'mongo_commands_total',
      help: 'MongoDB commands sent, by database and command name',
      labelNames: ['db', 'command'],
      registers: [registry],
    }),
  };
}
