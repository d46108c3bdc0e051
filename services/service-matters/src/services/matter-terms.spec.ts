import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changedMatterTerms, differingTerms, newMatterTerms, termsOf } from './matter-terms.js';

const base = {
  code: 'SENIOR_CARD',
  name: ' 老年证办理 ',
  requiredMaterials: ['身份证 ', '一寸照片'],
  deadlineWorkingDays: 5,
  decidedBy: 'COMMUNITY' as const,
};

/** The field a call refuses, or null when it passes. */
function refused(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return (err as { extensions?: { field?: string } }).extensions?.field ?? 'not a field error';
  }
}

test('a new matter: trimmed, with defaults (anyone may apply, on the doorstep, nowhere to refer)', () => {
  assert.deepEqual(newMatterTerms(base), {
    code: 'SENIOR_CARD',
    name: '老年证办理',
    description: '',
    requiredMaterials: ['身份证', '一寸照片'],
    deadlineWorkingDays: 5,
    decidedBy: 'COMMUNITY',
    referTo: '',
    doorstep: true,
    eligibility: { minAge: null, localHukouRequired: false, requiredTag: null },
  });
});

test('each rule names its field', () => {
  const cases: [Record<string, unknown>, string | null][] = [
    [{}, null],
    [{ code: 'senior' }, 'input.code'],
    [{ code: 'X' }, 'input.code'],
    [{ code: `A${'B'.repeat(41)}` }, 'input.code'],
    [{ name: '老' }, 'input.name'],
    [{ description: 'x'.repeat(501) }, 'input.description'],
    [{ requiredMaterials: [] }, null],
    [{ requiredMaterials: ['身份证', ''] }, 'input.requiredMaterials[1]'],
    [{ requiredMaterials: ['身份证', ' 身份证'] }, 'input.requiredMaterials[1]'],
    [{ requiredMaterials: Array.from({ length: 21 }, (_, i) => `材料${i}`) }, 'input.requiredMaterials'],
    [{ deadlineWorkingDays: 1 }, null],
    [{ deadlineWorkingDays: 60 }, null],
    [{ deadlineWorkingDays: 0 }, 'input.deadlineWorkingDays'],
    [{ deadlineWorkingDays: 61 }, 'input.deadlineWorkingDays'],
    [{ deadlineWorkingDays: 2.5 }, 'input.deadlineWorkingDays'],
    [{ decidedBy: 'PROVINCE' }, 'input.decidedBy'],
    [{ decidedBy: 'STREET' }, 'input.referTo'],
    [{ decidedBy: 'STREET', referTo: '街道政务服务中心' }, null],
    [{ eligibility: { localHukouRequired: true } }, 'input.referTo'],
    [{ eligibility: { minAge: 60 }, referTo: '市老龄办窗口' }, null],
    [{ eligibility: { minAge: 0 }, referTo: '市老龄办窗口' }, 'input.eligibility.minAge'],
    [{ eligibility: { minAge: 121 }, referTo: '市老龄办窗口' }, 'input.eligibility.minAge'],
    [{ eligibility: { requiredTag: 'DISABLED' }, referTo: '区残联窗口' }, null],
    [{ eligibility: { requiredTag: '残疾' }, referTo: '区残联窗口' }, 'input.eligibility.requiredTag'],
  ];
  for (const [change, field] of cases)
    assert.equal(
      refused(() => newMatterTerms({ ...base, ...change })),
      field,
      JSON.stringify(change),
    );
});

test('a change replaces the fields given (eligibility as a whole) and is checked as a whole', () => {
  const current = newMatterTerms({ ...base, eligibility: { minAge: 60, localHukouRequired: true }, referTo: '市老龄办窗口' });
  const next = changedMatterTerms(current, { code: 'SENIOR_CARD', deadlineWorkingDays: 7, eligibility: { minAge: 65 }, reason: '新规' });
  assert.deepEqual(next, { ...current, deadlineWorkingDays: 7, eligibility: { minAge: 65, localHukouRequired: false, requiredTag: null } });
  assert.deepEqual(differingTerms(current, next), ['deadlineWorkingDays', 'eligibility']);
  assert.deepEqual(differingTerms(current, changedMatterTerms(current, { code: 'SENIOR_CARD', reason: '无' })), []);
  // A matter the street now decides needs somewhere to refer: the field named is the one missing.
  const plain = newMatterTerms(base);
  assert.equal(
    refused(() => changedMatterTerms(plain, { code: 'SENIOR_CARD', decidedBy: 'STREET', reason: '上收' })),
    'input.referTo',
  );
  assert.equal(
    refused(() => changedMatterTerms(plain, { code: 'SENIOR_CARD', name: '', reason: '改名' })),
    'input.name',
  );
});

test('stored terms read back as they were written (old documents without the newer fields too)', () => {
  const terms = newMatterTerms(base);
  assert.deepEqual(termsOf({ ...terms }), terms);
  const old = { code: 'X1', name: '旧事项', requiredMaterials: [], deadlineWorkingDays: 3, decidedBy: 'STREET' } as unknown as Parameters<
    typeof termsOf
  >[0];
  assert.deepEqual(termsOf(old), {
    code: 'X1',
    name: '旧事项',
    description: '',
    requiredMaterials: [],
    deadlineWorkingDays: 3,
    decidedBy: 'STREET',
    referTo: '',
    doorstep: true,
    eligibility: { minAge: null, localHukouRequired: false, requiredTag: null },
  });
});
