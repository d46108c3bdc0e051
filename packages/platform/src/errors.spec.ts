import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphQLError } from 'graphql';
import { BadUserInputError, ConflictError, NotFoundError, maskError, maskGatewayError } from './errors.js';

const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['x'] });

test('a subgraph keeps the message of its own errors and hides everything else', () => {
  const bad = new BadUserInputError('input.phone', '格式不正确');
  assert.deepEqual(maskError({ message: bad.message, extensions: { code: 'BAD_USER_INPUT' } }, wrap(bad)).extensions, {
    code: 'BAD_USER_INPUT',
    field: 'input.phone',
  });
  const leak = new Error(
    'E11000 duplicate key error collection: people.residents index: nid dup key: { nid: "110105199001011234" } mongodb://db-host:27017',
  );
  const masked = maskError({ message: leak.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, wrap(leak));
  assert.equal(masked.extensions?.code, 'INTERNAL_SERVER_ERROR');
  assert.doesNotMatch(JSON.stringify(masked), /110105|mongodb|db-host|E11000/);
});

test('the gateway passes safe codes on and masks the rest', () => {
  assert.equal(
    maskGatewayError({ message: 'x', extensions: { code: 'FORBIDDEN', serviceName: 'volunteers', stacktrace: ['a'] } }).extensions
      ?.stacktrace,
    undefined,
  );
  const leaked = maskGatewayError({
    message: 'connect ECONNREFUSED 10.0.0.5:4003 for 13812345678',
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
  assert.doesNotMatch(JSON.stringify(leaked), /ECONNREFUSED|10\.0\.0\.5|13812345678/);
  assert.equal(
    maskGatewayError({ message: 'phone 13812345678 taken', extensions: { code: 'CONFLICT' } }).message,
    'phone [phone-redacted] taken',
  );
});

test('a database that timed out (retryable) or cannot be reached is SUBGRAPH_UNAVAILABLE, its own text never sent', () => {
  const timedOut = Object.assign(new Error('operation exceeded time limit on db-host:27017 for 13812345678'), {
    name: 'MongoServerError',
    code: 50,
  });
  const masked = maskError({ message: timedOut.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, wrap(timedOut));
  assert.deepEqual(masked.extensions, { code: 'SUBGRAPH_UNAVAILABLE', retryable: true });
  assert.match(masked.message, /超时/);
  assert.doesNotMatch(JSON.stringify(masked), /db-host|13812345678/);
  const down = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:27017'), { name: 'MongoNetworkError' });
  assert.deepEqual(
    maskError({ message: down.message }, wrap(down)).extensions,
    { code: 'SUBGRAPH_UNAVAILABLE' },
    'a lost connection may have lost a write: not marked retryable',
  );
  assert.deepEqual(maskGatewayError(masked).extensions, { code: 'SUBGRAPH_UNAVAILABLE', retryable: true });
  // An engine killed mid-write: a server shutting down, a write the driver labels retryable, a wrapped network error.
  const shutdown = Object.assign(new Error('interrupted at shutdown'), { name: 'MongoServerError', code: 11600 });
  const labelled = Object.assign(new Error('write failed'), { name: 'MongoWriteConcernError', errorLabels: ['RetryableWriteError'] });
  const wrapped = Object.assign(new Error('bulk write failed', { cause: down }), { name: 'MongoBulkWriteError' });
  const notConnected = Object.assign(new Error('client must be connected'), { name: 'MongoNotConnectedError' });
  // Seen in F5: the driver passed on the socket's own error when the engine died mid-write.
  const ended = Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' });
  for (const e of [shutdown, labelled, wrapped, notConnected, ended]) {
    assert.equal(maskError({ message: e.message }, wrap(e)).extensions?.code, 'SUBGRAPH_UNAVAILABLE', e.name);
  }
  const other = Object.assign(new Error('E11000 duplicate key'), { name: 'MongoServerError', code: 11000 });
  assert.equal(maskError({ message: other.message }, wrap(other)).extensions?.code, 'INTERNAL_SERVER_ERROR');
});

test('NOT_FOUND says what was not found in Chinese and English', () => {
  const e = new NotFoundError('agenda item', 'abc');
  assert.equal(e.message, '未找到议题 abc (agenda item abc not found)');
  assert.equal(e.extensions.code, 'NOT_FOUND');
  assert.match(new NotFoundError('something new', 'x').message, /^未找到记录 x \(something new x not found\)$/);
});

test('a message our code wrote in English only still reads Chinese first, the English kept', () => {
  assert.equal(
    new BadUserInputError('input.clientRequestId', '8–100 characters').message,
    'input.clientRequestId: 输入无效 (8–100 characters)',
  );
  assert.equal(new BadUserInputError('input.phone', '格式不正确').message, 'input.phone: 格式不正确', 'Chinese already: unchanged');
  assert.match(new ConflictError('already used').message, /^与现有记录冲突 \(already used\)$/u);
});
