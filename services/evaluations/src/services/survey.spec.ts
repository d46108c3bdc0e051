import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scoreNamedMembers, validateAnswers, validateNewThreeRates, validateQuestions } from './survey.service.js';

const staff = [
  { id: 's1', name: '史书记', dutyPhone: '010-6000 0001' },
  { id: 's2', name: '王委员', dutyPhone: '01060000002' },
  { id: 's3', name: '李网格', dutyPhone: null },
];

test('named members are scored against the staff list: both, one or none right', () => {
  assert.equal(
    scoreNamedMembers(
      [
        { name: '史书记', phone: '01060000001' },
        { name: '王委员', phone: '010-60000002' },
      ],
      staff,
    ),
    2,
  );
  assert.equal(
    scoreNamedMembers(
      [
        { name: '史书记', phone: '01060000001' },
        { name: '王委员', phone: '123' },
      ],
      staff,
    ),
    1,
    'a wrong phone does not count',
  );
  assert.equal(
    scoreNamedMembers(
      [
        { name: '史书记', phone: '01060000001' },
        { name: '史书记', phone: '01060000001' },
      ],
      staff,
    ),
    1,
    'the same member twice counts once',
  );
  assert.equal(scoreNamedMembers([{ name: '李网格' }], staff), 1, 'a member without a public phone: the name suffices');
  assert.equal(scoreNamedMembers([{ name: '张三', phone: '01060000001' }], staff), 0);
});

test('a new-three-rates answer must be consistent, and each error names its field', () => {
  const ok = validateNewThreeRates({ sawMember: true, sawWhere: ['HOME'], talkedWithMember: false, satisfaction: 'SATISFIED' });
  assert.deepEqual(ok.fields.sawWhere, ['HOME']);
  const field = (input: Parameters<typeof validateNewThreeRates>[0]) => {
    try {
      validateNewThreeRates(input);
    } catch (err) {
      return (err as { extensions?: { field?: string } }).extensions?.field;
    }
    return null;
  };
  assert.equal(field({ sawMember: true, talkedWithMember: false, satisfaction: 'BASIC' }), 'input.newThreeRates.sawWhere');
  assert.equal(field({ sawMember: false, talkedWithMember: true, satisfaction: 'BASIC' }), 'input.newThreeRates.talkedWhere');
  assert.equal(
    field({
      sawMember: false,
      talkedWithMember: false,
      satisfaction: 'BASIC',
      namedMembers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
    }),
    'input.newThreeRates.namedMembers',
  );
});

test('custom answers follow the questions', () => {
  const questions = validateQuestions([
    { key: 'approve', text: '是否同意加装电梯', type: 'SINGLE_CHOICE', options: ['同意', '不同意'] },
    { key: 'floors', text: '您住几层', type: 'SCALE', min: 1, max: 30 },
    { key: 'remark', text: '其他意见', type: 'TEXT', required: false },
  ]);
  const survey = { questions } as never;
  assert.deepEqual(
    validateAnswers(survey, [
      { key: 'approve', choices: ['同意'] },
      { key: 'floors', value: 6 },
    ]),
    [
      { key: 'approve', choices: ['同意'], text: null, value: null },
      { key: 'floors', choices: [], text: null, value: 6 },
    ],
  );
  assert.throws(
    () =>
      validateAnswers(survey, [
        { key: 'approve', choices: ['也许'] },
        { key: 'floors', value: 6 },
      ]),
    /not an option/,
  );
  assert.throws(
    () =>
      validateAnswers(survey, [
        { key: 'approve', choices: ['同意'] },
        { key: 'floors', value: 31 },
      ]),
    /1–30/,
  );
  assert.throws(() => validateAnswers(survey, [{ key: 'floors', value: 3 }]), /required/);
  assert.throws(() => validateQuestions([{ key: 'a', text: '单选题', type: 'SINGLE_CHOICE', options: ['只有一个'] }]), /2–20/);
});
