import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNationalId } from './national-id.js';
import { normaliseDate, parseRegisterRow } from './register-row.js';

const good = { address: '美湖社区1栋1单元101室', grid: '第1小网格', name: '王小芳', gender: '女', birthDate: '1956/3/8', nationalId: makeNationalId('420106', '1956-03-08', 12), phone: '13812345678', hukou: '本地', tags: '独居、低保' };

test('a good row is normalised', () => {
  const r = parseRegisterRow(good, '2026-11-21');
  assert.ok(r.ok);
  assert.deepEqual(r.value, { ...good, gender: 'FEMALE', birthDate: '1956-03-08', hukou: 'LOCAL', tags: ['LIVING_ALONE', 'LOW_INCOME'] });
});

test('bad rows name the field and the reason', () => {
  const cases: [Partial<typeof good>, string][] = [
    [{ name: '' }, 'name'],
    [{ gender: 'x' }, 'gender'],
    [{ birthDate: '1956-02-30' }, 'birthDate'],
    [{ nationalId: good.nationalId.slice(0, 17) + (good.nationalId[17] === '0' ? '1' : '0') }, 'nationalId'],
    [{ nationalId: makeNationalId('420106', '1957-03-08', 12) }, 'nationalId'],
    [{ phone: '12345' }, 'phone'],
    [{ hukou: '火星' }, 'hukou'],
    [{ tags: '富豪' }, 'tags'],
  ];
  for (const [patch, field] of cases) {
    const r = parseRegisterRow({ ...good, ...patch }, '2026-11-21');
    assert.equal(r.ok, false, JSON.stringify(patch));
    if (!r.ok) assert.equal(r.field, field);
  }
});

test('dates in the forms registers use', () => {
  assert.equal(normaliseDate('19560308'), '1956-03-08');
  assert.equal(normaliseDate('1956年3月8日'), '1956-03-08');
  assert.equal(normaliseDate('1956-13-01'), null);
});
