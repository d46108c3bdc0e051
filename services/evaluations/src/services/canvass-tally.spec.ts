import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerIncrements, progressOf, resultsOf } from './canvass-tally.js';

const questions = [
  { key: 'lift', text: '加装电梯?', type: 'SINGLE_CHOICE', options: ['同意', '不同意'], required: true },
  { key: 'note', text: '意见', type: 'TEXT', options: [], required: false },
];

test('an answer adds a household, its answered questions and each chosen option, by option index', () => {
  assert.deepEqual(
    answerIncrements(questions, [
      { key: 'lift', choices: ['不同意'] },
      { key: 'note', choices: [] },
    ]),
    { reached: 1, 'answered.lift': 1, 'counts.lift__1': 1, 'answered.note': 1 },
  );
});

test('progress sums the grids, with totals only once every grid is counted; results count per grid and overall', () => {
  const a = { gridId: null, households: 10, reached: 4, answered: { lift: 4 }, counts: { lift__0: 3, lift__1: 1 } };
  const b = { gridId: null, households: null, reached: 1, answered: { lift: 1 }, counts: { lift__0: 1 } };
  assert.deepEqual(progressOf([a]), {
    households: 10,
    reached: 4,
    percent: 40,
    grids: [{ gridId: null, households: 10, reached: 4, percent: 40 }],
  });
  assert.equal(progressOf([a, b]).households, null);
  const r = resultsOf(questions, [a, b]);
  assert.equal(r.reached, 5);
  assert.deepEqual(r.questions[0], {
    key: 'lift',
    answered: 5,
    options: [
      { option: '同意', count: 4 },
      { option: '不同意', count: 1 },
    ],
  });
  assert.deepEqual(r.questions[1], { key: 'note', answered: 0, options: [] });
  assert.equal(r.grids[1]!.questions[0]!.options[1]!.count, 0);
});
