import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskName, maskNationalId, maskPhone } from './masking.js';

test('masks follow the formats residents know', () => {
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskNationalId('110105199001011234'), '110105********1234');
  assert.equal(maskName('王小芳'), '王*芳');
  assert.equal(maskName('王芳'), '王*');
  assert.equal(maskName('欧阳小芳'), '欧**芳');
});
