import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containsPii, scrubPii } from './pii.js';

test('phone and ID numbers are found and scrubbed, other numbers are left alone', () => {
  assert.equal(scrubPii('call 13812345678 id 11010519900101123X ok'), 'call [phone-redacted] id [id-redacted] ok');
  assert.equal(containsPii('{"residentId":"65f0c0ffee00000000000001","n":12345}'), false);
  assert.equal(containsPii('{"phone":"13912345678"}'), true);
  assert.equal(containsPii('{"phone":"13912345678"}'), true, 'stateless across calls');
  assert.equal(containsPii('{"requestId":"5f0c9e2a-7d1b-4c3e-9a8b-a13812345678"}'), false, 'hex ids are not phones');
  assert.equal(containsPii('电话13812345678。'), true);
  assert.equal(scrubPii('at mongodb://app:hunter2@db:27017/x'), 'at mongodb://[credentials]@db:27017/x');
});
