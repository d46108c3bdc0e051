import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { PiiCipher } from './pii-crypto.js';

const k = () => randomBytes(32).toString('base64');

test('national IDs round-trip, differ per encryption, and hash stably', () => {
  const c = new PiiCipher(k(), k());
  const id = '11010519900101123X';
  const a = c.encrypt(id);
  assert.notEqual(a, c.encrypt(id));
  assert.doesNotMatch(a, /1101051990/);
  assert.equal(c.decrypt(a), id);
  assert.equal(c.hash('11010519900101123x'), c.hash(id));
  assert.throws(() => c.decrypt(a.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'))));
  assert.throws(() => new PiiCipher('short', k()));
});
