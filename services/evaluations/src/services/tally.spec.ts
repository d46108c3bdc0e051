import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ratesOf, responseIncrements } from './tally.js';

test('running totals of three responses give the rates a scan would', () => {
  const responses = [
    {
      sawMember: true,
      sawWhere: ['HOME', 'PUBLIC_SPACE'],
      talkedWithMember: true,
      talkedWhere: ['HOME'],
      membersKnown: 2,
      satisfaction: 'VERY_SATISFIED',
    },
    { sawMember: true, sawWhere: ['HOME'], talkedWithMember: false, talkedWhere: ['HOME'], membersKnown: 1, satisfaction: 'BASIC' },
    { sawMember: false, sawWhere: ['HOME'], talkedWithMember: false, membersKnown: 0, satisfaction: 'SATISFIED' },
  ];
  const total: Record<string, any> = { n: 0, saw: 0, talked: 0, known: 0, satisfaction: {}, sawAt: {}, talkedAt: {}, tallies: {} };
  for (const r of responses) {
    for (const [k, v] of Object.entries(responseIncrements(r))) {
      const [head, tail] = k.split('.');
      if (tail) total[head!][tail] = (total[head!][tail] ?? 0) + v;
      else total[head!] += v;
    }
  }
  const r = ratesOf(total as never);
  assert.equal(r.responses, 3);
  assert.equal(r.meetingRate.rate, 2 / 3);
  assert.equal(r.conversationRate.rate, 1 / 3);
  assert.equal(r.familiarityRate.rate, 3 / 6);
  assert.equal(r.satisfactionRate.rate, 2 / 3);
  // Places count only for those who said yes (the third said no, the second did not talk).
  assert.deepEqual(r.meetingPlaces, [
    { place: 'HOME', count: 2, share: 1 },
    { place: 'PUBLIC_SPACE', count: 1, share: 0.5 },
  ]);
  assert.deepEqual(r.conversationPlaces, [{ place: 'HOME', count: 1, share: 1 }]);
});

test('custom questions are tallied by option index and scales by their mean', () => {
  const questions = [
    { key: 'approve', type: 'SINGLE_CHOICE', options: ['同意', '不同意'] },
    { key: 'score', type: 'SCALE', options: [] },
    { key: 'why', type: 'TEXT', options: [] },
  ];
  const inc = responseIncrements(
    {
      answers: [
        { key: 'approve', choices: ['不同意'] },
        { key: 'score', value: 4 },
        { key: 'why', choices: [] },
      ],
    },
    questions,
  );
  assert.deepEqual(inc, {
    n: 1,
    'tallies.approve__answered': 1,
    'tallies.approve__1': 1,
    'tallies.score__answered': 1,
    'tallies.score__sum': 4,
  });
  const r = ratesOf(
    {
      n: 2,
      saw: 0,
      talked: 0,
      known: 0,
      tallies: { approve__answered: 2, approve__0: 1, approve__1: 1, score__answered: 2, score__sum: 7 },
    },
    questions,
  );
  assert.deepEqual(r.tallies[0], {
    key: 'approve',
    answered: 2,
    options: [
      { option: '同意', count: 1 },
      { option: '不同意', count: 1 },
    ],
    mean: null,
  });
  assert.equal(r.tallies[1]!.mean, 3.5);
  assert.equal(r.tallies.length, 2);
});
