import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import { getOperationAST, parse } from 'graphql';
import type { Schema } from 'mongoose';
import { AppError, ErrorCode } from './errors.js';

/**
 * How long the caller will wait for this request, in milliseconds: the gateway sends its
 * per-subgraph timeout. A subgraph never spends longer than that on a request's database work.
 */
export const DEADLINE_HEADER = 'x-deadline-ms';

interface RequestBudget {
  /** Epoch ms after which nobody waits for the answer. */
  deadline: number;
  /** Aborted when the caller disconnects or the deadline passes. */
  signal: AbortSignal;
}

const budgets = new AsyncLocalStorage<RequestBudget>();

/** The current request's budget, if the code runs inside one (resolvers do; jobs do not). */
export const currentBudget = (): RequestBudget | undefined => budgets.getStore();

/** The request was given up (caller gone or deadline passed): no further database work is started. */
export class RequestAbandonedError extends AppError {
  constructor(reason: string) {
    super(`请求已超时或已取消 (request abandoned: ${reason})`, ErrorCode.SUBGRAPH_UNAVAILABLE);
  }
}

/** True when the request's GraphQL operation is a mutation (unparsable bodies are left to the server's errors). */
function isMutation(body: unknown): boolean {
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  try {
    return getOperationAST(parse(query), typeof operationName === 'string' ? operationName : undefined)?.operation === 'mutation';
  } catch {
    return false;
  }
}

/**
 * Runs the rest of the request inside a budget: the deadline from `x-deadline-ms` (at most 5
 * minutes; `maxMs` when the header is absent), aborted early when the client closes the
 * connection. Mount it last before the GraphQL handler (after body parsing), so the resolvers run
 * inside it. Mutations get no budget: a write the caller stopped waiting for is still finished
 * whole (its reads are part of the write), never cut between two of its steps.
 */
export function requestBudget(maxMs: number): RequestHandler {
  return (req, res, next) => {
    if (isMutation(req.body)) return next();
    const asked = Number(req.headers[DEADLINE_HEADER]);
    // The gateway (the only caller that can sign an identity) says how long it waits; without it, maxMs.
    const ms = Number.isFinite(asked) && asked > 0 ? Math.min(asked, 300_000) : maxMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new RequestAbandonedError('deadline passed')), ms);
    timer.unref();
    const settle = () => clearTimeout(timer);
    res.once('finish', settle);
    res.once('close', () => {
      settle();
      if (!res.writableFinished) controller.abort(new RequestAbandonedError('caller disconnected'));
    });
    budgets.run({ deadline: Date.now() + ms, signal: controller.signal }, next);
  };
}

const READS = ['find', 'findOne', 'countDocuments', 'estimatedDocumentCount', 'distinct'] as const;

/**
 * A mongoose plugin: every read issued inside a request budget carries `maxTimeMS` (the time
 * left), so the engine stops working when the caller has gone, and no read starts after the
 * request was abandoned. Writes are left alone: a write already begun is finished.
 */
export function deadlinePlugin(schema: Schema): void {
  const remaining = (): number | null => {
    const budget = budgets.getStore();
    if (!budget) return null;
    if (budget.signal.aborted) throw budget.signal.reason instanceof Error ? budget.signal.reason : new RequestAbandonedError('aborted');
    const left = budget.deadline - Date.now();
    if (left <= 0) throw new RequestAbandonedError('deadline passed');
    return left;
  };
  schema.pre([...READS], function () {
    const left = remaining();
    const set = this.getOptions().maxTimeMS;
    if (left !== null && !(set !== undefined && set <= left)) this.maxTimeMS(left);
  });
  schema.pre('aggregate', function () {
    const left = remaining();
    const set = this.options.maxTimeMS;
    if (left !== null && !(set !== undefined && set <= left)) this.options.maxTimeMS = left;
  });
}
