import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { scrubPii } from './pii.js';

/** The stable error codes clients branch on (`extensions.code`). */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  RATE_LIMITED: 'RATE_LIMITED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base of every error whose message is safe to show a client. */
export class AppError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

/** Bad input, naming the offending field (e.g. `input.phone`). Nothing is written. */
/** Chinese first: a message written in English only (a range such as `1–100`, `YYYY-MM-DD`) gets a Chinese head. */
const chineseFirst = (message: string, head: string) => (/[\u4e00-\u9fff]/u.test(message) ? message : `${head} (${message})`);

export class BadUserInputError extends AppError {
  constructor(field: string, message: string) {
    super(`${field}: ${chineseFirst(message, '输入无效')}`, ErrorCode.BAD_USER_INPUT, { field });
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = '未登录或令牌无效 (authentication required)') {
    super(message, ErrorCode.UNAUTHENTICATED);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = '无权访问 (forbidden)') {
    super(message, ErrorCode.FORBIDDEN);
  }
}
/** What a NOT_FOUND names, in Chinese (the English name is the key): every `what` a service passes. */
export const NOT_FOUND_NAMES: Readonly<Record<string, string>> = {
  activity: '活动',
  'agenda item': '议题',
  alliance: '联盟',
  appointment: '预约',
  'appointment slot': '预约时段',
  audit: '核查',
  'audit item': '核查项',
  booking: '场地预订',
  canteen: '爱心餐厅',
  canvass: '征询问卷',
  community: '社区',
  'draw item': '抽样样本',
  facility: '设施',
  grid: '网格',
  household: '住户',
  'import job': '导入任务',
  'joint meeting': '联席会议',
  matter: '事项',
  'matter version': '事项版本',
  'meal card': '爱心卡',
  meeting: '会议',
  organisation: '组织',
  organization: '组织',
  project: '项目',
  'points entry': '积分记录',
  'public post': '固定岗位',
  rates: '新三率',
  'representative meeting': '代表会议',
  resident: '居民',
  room: '活动室',
  'sample draw': '抽样',
  'self-assessment': '自评',
  'service request': '服务事项',
  'service type': '事项',
  'sign-up': '报名',
  'staff member': '工作人员',
  suggestion: '建议',
  survey: '调查',
  'survey response': '调查答卷',
  'survey wave': '调查轮次',
  team: '志愿服务队',
  visit: '走访记录',
  volunteer: '志愿者',
  'work item': '工单',
  'worker review': '网格员评议',
  'duty shift': '接待班次',
};

/** Not there, or not the viewer's to see (never told apart): `未找到居民 … (resident … not found)`. */
export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super(`未找到${NOT_FOUND_NAMES[what] ?? '记录'} ${id} (${what} ${id} not found)`, ErrorCode.NOT_FOUND, { id });
  }
}
export class ConflictError extends AppError {
  constructor(message: string) {
    super(chineseFirst(message, '与现有记录冲突'), ErrorCode.CONFLICT);
  }
}

/** Codes Apollo and graphql-js raise themselves whose messages describe the request, not our data. */
const PASS_THROUGH_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * Apollo `formatError`: an `AppError` keeps its message and code; a request error raised by
 * graphql-js keeps its message; anything else (a driver error that may quote a duplicate key,
 * a host name, a stack) becomes a generic INTERNAL_SERVER_ERROR. The full error is logged by the
 * observability plugin with the request id, never sent.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code;
  if (original instanceof AppError) {
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { ...original.extensions } };
  }
  if (typeof code === 'string' && PASS_THROUGH_CODES.has(code) && original instanceof GraphQLError) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  const database = databaseTrouble(original);
  if (database) {
    const extensions = { code: ErrorCode.SUBGRAPH_UNAVAILABLE, ...(database.retryable ? { retryable: true } : {}) };
    return { message: database.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  return {
    message: '内部错误 (internal error)',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/**
 * A driver error that says the database ran out of time or cannot be reached (a client may retry):
 * its safe message, or null for any other error. Its own text (hosts, values) is never sent.
 */
function databaseTrouble(error: unknown): { message: string; retryable: boolean } | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  // Only reads carry a time limit (mutations get no budget): a read that ran out of time can be retried.
  if (code === 50 || /MaxTimeMS|operation exceeded time limit/i.test(error.message)) {
    return { message: '数据库响应超时,请稍后重试 (the database timed out; try again)', retryable: true };
  }
  // A lost connection may or may not have lost a write: the client checks before it repeats one.
  if (unreachable(error)) return { message: '数据库暂不可用,请稍后再试 (the database is unavailable; try again later)', retryable: false };
  return null;
}

/** Node's codes of a connection the other side closed or refused. */
const SOCKET_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT']);

/** Server codes of a database going away or not yet there (shutdown, not primary, host and socket errors). */
const UNAVAILABLE_CODES = new Set([6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436]);

/**
 * A driver error of a database that cannot be reached, directly or as the cause of another: the
 * network and selection errors, a server shutting down, or an error the driver labels for a pool
 * reset or a retried write (an engine killed mid-write answers with any of these).
 */
function unreachable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  if (/^Mongo(Network|NetworkTimeout|ServerSelection|PoolCleared|TopologyClosed|NotConnected)Error$/.test(error.name)) return true;
  // The socket itself, when the engine dies mid-write ("This socket has been ended by the other party", EPIPE).
  if (SOCKET_CODES.has(String((error as { code?: unknown }).code)) || /socket has been ended by the other party/.test(error.message))
    return true;
  const labels = (error as { errorLabels?: unknown }).errorLabels;
  const labelled = (label: string) =>
    (error as { hasErrorLabel?: (l: string) => boolean }).hasErrorLabel?.(label) ??
    (labels instanceof Set ? labels.has(label) : Array.isArray(labels) && labels.includes(label));
  if (
    error.name.startsWith('Mongo') &&
    (UNAVAILABLE_CODES.has(Number((error as { code?: unknown }).code)) || labelled('ResetPool') || labelled('RetryableWriteError'))
  )
    return true;
  return unreachable((error as { cause?: unknown }).cause, depth + 1);
}

/** Codes whose messages the subgraphs already made safe; the gateway passes them on. */
const GATEWAY_SAFE_CODES = new Set<string>([
  ...PASS_THROUGH_CODES,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  ErrorCode.SUBGRAPH_UNAVAILABLE,
  ErrorCode.RATE_LIMITED,
]);

/**
 * The gateway's `formatError`, a second wall behind the subgraphs': errors with a safe code keep
 * their message (phone and ID numbers scrubbed) and the `field` and `serviceName` extensions;
 * everything else, including a subgraph's INTERNAL_SERVER_ERROR, becomes a generic message.
 */
export function maskGatewayError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const ext = formatted.extensions ?? {};
  const code = typeof ext.code === 'string' ? ext.code : ErrorCode.INTERNAL_SERVER_ERROR;
  if (!GATEWAY_SAFE_CODES.has(code)) {
    return { message: '内部错误 (internal error)', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  }
  const extensions: Record<string, unknown> = { code };
  if (typeof ext.field === 'string') extensions.field = ext.field;
  if (typeof ext.serviceName === 'string') extensions.serviceName = ext.serviceName;
  if (ext.retryable === true) extensions.retryable = true;
  // Which gateway limit refused the operation, and by how much.
  if (typeof ext.limit === 'string') extensions.limit = ext.limit;
  for (const k of ['cost', 'maxCost', 'retryAfterSeconds'] as const) if (typeof ext[k] === 'number') extensions[k] = ext[k];
  return { message: scrubPii(formatted.message), locations: formatted.locations, path: formatted.path, extensions };
}

/**
 * A retried creation found the record its idempotency key made. Only its creator gets it back:
 * keys can be guessed, so anyone else gets CONFLICT and nothing of the record.
 */
export function ownRetry<T extends { createdBy?: string | null }>(existing: T, sub: string, field: string): T;
export function ownRetry<T extends { createdBy?: string | null }>(existing: T | null, sub: string, field: string): T | null;
export function ownRetry<T extends { createdBy?: string | null }>(existing: T | null, sub: string, field: string): T | null {
  if (existing && existing.createdBy !== sub) throw new ConflictError(`${field}: 该请求编号已被使用 (already used)`);
  return existing;
}
