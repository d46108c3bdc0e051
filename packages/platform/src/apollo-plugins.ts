import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { BaseContext } from './context.js';
import type { Metrics } from './metrics.js';
import { scrubPii } from './pii.js';

const OPERATION_LABEL = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Distinct operation names one process labels metrics with; later names share `other`. */
export const MAX_OPERATION_LABELS = 200;
const labelled = new Set<string>();

/**
 * Operation name as a metrics label. Names are chosen by clients, so a label is kept only for a
 * safe shape and for the first MAX_OPERATION_LABELS distinct names (a front end has a few dozen);
 * the rest collapse into `other` and the series stay bounded.
 */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (!OPERATION_LABEL.test(name)) return 'other';
  if (labelled.has(name)) return name;
  if (labelled.size >= MAX_OPERATION_LABELS) return 'other';
  labelled.add(name);
  return name;
}

/**
 * Counts and times every operation, logs one line per request with its request id, and logs each
 * error in full (stack included, phone and ID numbers scrubbed) before `maskError` hides it from
 * the client.
 */
export function observabilityPlugin<C extends BaseContext>(metrics: Metrics): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ request }) {
      const started = process.hrtime.bigint();
      let failed = false;
      return {
        async didEncounterErrors({ errors, contextValue }) {
          failed = true;
          for (const err of errors) {
            const original = unwrapResolverError(err) as Error;
            contextValue.logger.warn(
              {
                code: err.extensions?.code,
                path: err.path,
                error: scrubPii(`${original.name}: ${original.message}`),
                stack: original.stack ? scrubPii(original.stack) : undefined,
              },
              'graphql error',
            );
          }
        },
        async willSendResponse({ contextValue, operationName }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const operation = operationLabel(operationName ?? request.operationName);
          metrics.requests.inc({ operation, outcome: failed ? 'error' : 'ok' });
          metrics.duration.observe({ operation }, seconds);
          contextValue.logger.info({ operation, ms: Math.round(seconds * 1000), ok: !failed }, 'graphql request');
        },
      };
    },
  };
}
