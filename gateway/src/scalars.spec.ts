import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSchema, parse } from 'graphql';
import { refuseBadScalars } from './scalars.js';

const schema = buildSchema(`
  scalar LocalDate
  scalar DateTime
  input DayInput { date: LocalDate!, at: DateTime }
  type Query { day(date: LocalDate): Int, record(input: DayInput!): Int }
`);

const refusal = (query: string, variables: Record<string, unknown> = {}) => {
  try {
    refuseBadScalars(schema, parse(query), variables);
    return null;
  } catch (err) {
    return (err as { extensions?: Record<string, unknown> }).extensions ?? {};
  }
};

test('a DateTime or LocalDate that does not parse is refused as bad input, naming where it is', () => {
  assert.equal(refusal(`query ($i: DayInput!) { record(input: $i) }`, { i: { date: '2027-03-01', at: '2027-03-01T01:00:00.000Z' } }), null);
  assert.equal(refusal(`{ day(date: "2027-03-01") }`), null);
  assert.deepEqual(refusal(`query ($i: DayInput!) { record(input: $i) }`, { i: { date: '2027-02-30' } }), {
    code: 'BAD_USER_INPUT',
    field: 'i.date',
  });
  assert.deepEqual(refusal(`query ($i: DayInput!) { record(input: $i) }`, { i: { date: '2027-03-01', at: 'soon' } }), {
    code: 'BAD_USER_INPUT',
    field: 'i.at',
  });
  assert.deepEqual(refusal(`{ record(input: { date: "2027-13-01" }) }`), { code: 'BAD_USER_INPUT', field: 'input.date' });
  assert.deepEqual(refusal(`{ day(date: "x") }`), { code: 'BAD_USER_INPUT', field: 'date' });
});
