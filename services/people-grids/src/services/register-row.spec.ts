import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNationalId } from './national-id.js';
import { PiiCipher, stableObjectId } from '@jwh/platform';
import { randomBytes } from 'node:crypto';
import {
  addressKey,
  buildingOf,
  checkManualTags,
  checkNationalId,
  checkPhone,
  householdIdFor,
  normaliseDate,
  parseRegisterRow,
  residentIdFor,
} from './register-row.js';

const good = {
  address: '美湖社区1栋1单元101室',
  grid: '第1小网格',
  name: '王小芳',
  gender: '女',
  birthDate: '1956/3/8',
  nationalId: makeNationalId('420106', '1956-03-08', 12),
  phone: '13812345678',
  hukou: '本地',
  tags: '独居、低保',
};

test('a good row is normalised; 独居 and 空巢 are left to the derivation', () => {
  const r = parseRegisterRow(good, '2026-11-21');
  assert.ok(r.ok);
  assert.deepEqual(r.value, { ...good, gender: 'FEMALE', birthDate: '1956-03-08', hukou: 'LOCAL', tags: ['LOW_INCOME'] });
});

test('the national ID gives the birth date and the sex; mutations and the import check the same way', () => {
  assert.deepEqual(checkNationalId(makeNationalId('420106', '1956-03-08', 13).toLowerCase(), '2026-11-21'), {
    ok: true,
    value: { nationalId: makeNationalId('420106', '1956-03-08', 13), birthDate: '1956-03-08', gender: 'MALE' },
  });
  assert.equal(checkNationalId(makeNationalId('420106', '2030-01-01', 13), '2026-11-21').ok, false, 'born in the future');
  assert.equal(checkNationalId(makeNationalId('420106', '1956-02-30', 13), '2026-11-21').ok, false, 'no such day');
  assert.deepEqual(checkPhone(' 138-1234-5678 '), { ok: true, value: '13812345678' });
  assert.deepEqual(checkPhone(''), { ok: true, value: null });
  assert.equal(checkPhone('12812345678').ok, false);
  assert.deepEqual(checkManualTags(['LOW_INCOME', 'DISABLED', 'LOW_INCOME']), { ok: true, value: ['DISABLED', 'LOW_INCOME'] });
  assert.equal(checkManualTags(['LIVING_ALONE']).ok, false, 'derived, never by hand');
});

test('bad rows name the field and the reason', () => {
  const cases: [Partial<typeof good>, string][] = [
    [{ name: '' }, 'name'],
    [{ gender: 'x' }, 'gender'],
    [{ birthDate: '1956-02-30' }, 'birthDate'],
    [{ nationalId: good.nationalId.slice(0, 17) + (good.nationalId[17] === '0' ? '1' : '0') }, 'nationalId'],
    [{ nationalId: makeNationalId('420106', '1957-03-08', 12) }, 'nationalId'],
    [{ gender: '男' }, 'gender'],
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

test('an address key folds full-width forms, white space and letter case', () => {
  assert.equal(addressKey('美湖社区１２栋 ３单元 ｂ座101室'), '美湖社区12栋3单元B座101室');
  assert.equal(addressKey(' 美湖社区12栋3单元B座101室\t'), addressKey('美湖社区１２栋３单元ｂ座１０１室'));
  assert.notEqual(addressKey('美湖社区12栋3单元101室'), addressKey('美湖社区12栋3单元102室'));
});

test('household ids derive from the community and the address key; resident ids from the keyed hash only', () => {
  const c0 = stableObjectId('demo:community:0');
  const c1 = stableObjectId('demo:community:1');
  assert.equal(String(householdIdFor(c0, '美湖社区1栋101室')), String(householdIdFor(String(c0), '美湖社区１栋 101室')));
  assert.notEqual(String(householdIdFor(c0, '美湖社区1栋101室')), String(householdIdFor(c1, '美湖社区1栋101室')));
  const id = makeNationalId('420106', '1956-03-08', 12);
  const a = new PiiCipher(randomBytes(32).toString('base64'), randomBytes(32).toString('base64'));
  const b = new PiiCipher(randomBytes(32).toString('base64'), randomBytes(32).toString('base64'));
  assert.equal(String(residentIdFor(a.hash(id))), String(residentIdFor(a.hash(id.toLowerCase()))));
  // Another hash key, another id: the id cannot be computed from the ID number without the key.
  assert.notEqual(String(residentIdFor(a.hash(id))), String(residentIdFor(b.hash(id))));
  assert.match(String(residentIdFor(a.hash(id))), /^[0-9a-f]{24}$/);
});

test("an address names its building without the community in front; two compounds' 3栋 stay apart; none when it names none", () => {
  assert.equal(buildingOf('美湖社区3栋1单元101室', '美湖社区'), '3栋');
  assert.equal(buildingOf('美湖社区 １２幢 2单元', '美湖社区'), '12幢');
  assert.equal(buildingOf('翠苑小区3栋2单元201室', '美湖社区'), '翠苑小区3栋');
  assert.equal(buildingOf('美湖社区导入测试5号楼101室', '美湖社区'), '导入测试5号楼');
  assert.equal(buildingOf('美湖社区临时安置点1室', '美湖社区'), null);
});
