import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPersonalReminder, reminderJobId, reminderJobSchema } from './reminders.js';

const job = {
  kind: 'REQUEST_DUE_SOON',
  entityId: 'req1',
  recipient: { type: 'STAFF', id: 'staff1' },
  dueAt: '2026-12-07T16:00:00.000Z',
  producer: 'service-matters',
  data: { dueDate: '2026-12-08' },
};

test('a reminder job is checked against its kind: unknown kinds, wrong data and unknown producers are refused', () => {
  assert.equal(reminderJobSchema.parse(job).kind, 'REQUEST_DUE_SOON');
  assert.equal(reminderJobSchema.safeParse({ ...job, kind: 'NOPE' }).success, false);
  assert.equal(reminderJobSchema.safeParse({ ...job, data: { dueDate: '8 December' } }).success, false);
  assert.equal(reminderJobSchema.safeParse({ ...job, data: { startsAt: job.dueAt } }).success, false);
  assert.equal(reminderJobSchema.safeParse({ ...job, producer: 'gateway' }).success, false);
  // A community's secretary is a recipient a producer outside people-grids can name.
  assert.equal(reminderJobSchema.safeParse({ ...job, recipient: { type: 'SECRETARY', id: 'community1' } }).success, true);
});

test('job ids are deterministic; birthdays and reminders to residents are personal', () => {
  const id = reminderJobId('REQUEST_DUE_SOON', 'req1', { type: 'STAFF', id: 'staff1' }, job.dueAt);
  assert.equal(id, reminderJobId('REQUEST_DUE_SOON', 'req1', { type: 'STAFF', id: 'staff1' }, job.dueAt));
  assert.match(id, /^r-[0-9a-f]{32}$/);
  assert.equal(isPersonalReminder({ kind: 'BIRTHDAY_CAKE', recipient: { type: 'STAFF' } }), true);
  assert.equal(isPersonalReminder({ kind: 'ACTIVITY', recipient: { type: 'RESIDENT' } }), true);
  assert.equal(isPersonalReminder(job), false);
});
