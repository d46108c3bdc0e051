import { reminderJobId } from '@jwh/contracts';
import { windowsAhead } from '@jwh/evaluations/reminders';
import { birthdayKind, birthdayReminders, calendarAhead as communityCalendarAhead, festivalsAhead } from '@jwh/people-grids/reminder-kinds';
import { TIME_ZONE, festivalDate, localDate, secondSunday } from '@jwh/platform';
import { requestReminders } from '@jwh/service-matters/reminders';
import { activityReminder } from '@jwh/volunteers/reminders';
import assert from 'node:assert/strict';
import { test } from 'node:test';

// Each domain decides its own reminders' timing; the community calendar of a period is people-grids'
// days (liaison days, joint meetings) and evaluations' windows, in the order they fire.
const calendarAhead = (from: string, to: string) =>
  [...communityCalendarAhead(from, to), ...windowsAhead(from, to)].sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());

const local = (d: Date) => `${localDate(d)} ${d.toLocaleTimeString('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' })}`;

test('lunar festivals fall on the right solar dates in two different years, and gift lists go out a week before', () => {
  // Published dates: 端午 2026-06-19, 2027-06-09; 中秋 2026-09-25, 2027-09-15; 重阳 2026-10-18, 2027-10-08.
  assert.deepEqual(
    [2026, 2027].map((y) => [festivalDate('DRAGON_BOAT', y), festivalDate('MID_AUTUMN', y), festivalDate('DOUBLE_NINTH', y)]),
    [
      ['2026-06-19', '2026-09-25', '2026-10-18'],
      ['2027-06-09', '2027-09-15', '2027-10-08'],
    ],
  );
  assert.deepEqual(festivalsAhead('2026-09-15', '2026-09-20'), [{ festival: 'MID_AUTUMN', date: '2026-09-25', fireDate: '2026-09-18' }]);
  assert.deepEqual(festivalsAhead('2027-09-30', '2027-10-02'), [{ festival: 'DOUBLE_NINTH', date: '2027-10-08', fireDate: '2027-10-01' }]);
  assert.deepEqual(festivalsAhead('2026-12-20', '2027-01-10'), []);
});

test('a request is reminded the working day before it is due (holidays skipped) and the morning after', () => {
  // Due 2026-10-09 (Friday after National Day week): the working day before is 2026-10-08, not a holiday.
  const [soon, overdue] = requestReminders('req1', '2026-10-09', 'staff1');
  assert.equal(local(soon!.fireAt), '2026-10-08 09:00');
  assert.equal(local(overdue!.fireAt), '2026-10-10 09:00');
  // Due on 2026-10-08, the working day before is 2026-09-30 (1–7 October are holidays).
  assert.equal(local(requestReminders('req1', '2026-10-08', 'staff1')[0]!.fireAt), '2026-09-30 09:00');
  // A due date moved twice: three different job ids for the same request and worker.
  const ids = ['2026-10-09', '2026-10-13', '2026-10-15'].map((d) =>
    reminderJobId('REQUEST_DUE_SOON', 'req1', { type: 'STAFF', id: 'staff1' }, requestReminders('req1', d, 'staff1')[0]!.dueAt),
  );
  assert.equal(new Set(ids).size, 3);
  assert.equal(
    ids[0],
    reminderJobId('REQUEST_DUE_SOON', 'req1', { type: 'STAFF', id: 'staff1' }, requestReminders('req1', '2026-10-09', 'staff1')[0]!.dueAt),
    'the same inputs give the same id',
  );
});

test('elder birthdays: banquet at 90, cake at 70, noodles at 60, two days ahead to each grid worker', () => {
  assert.deepEqual(
    [birthdayKind(95), birthdayKind(90), birthdayKind(75), birthdayKind(60), birthdayKind(59)],
    ['BIRTHDAY_BANQUET', 'BIRTHDAY_BANQUET', 'BIRTHDAY_CAKE', 'LONGEVITY_NOODLES', null],
  );
  const specs = birthdayReminders('r1', '2026-11-25', 90, ['w1', 'w2']);
  assert.deepEqual(
    specs.map((s) => [s.kind, s.recipient.id, local(s.fireAt)]),
    [
      ['BIRTHDAY_BANQUET', 'w1', '2026-11-23 09:00'],
      ['BIRTHDAY_BANQUET', 'w2', '2026-11-23 09:00'],
    ],
  );
});

test('calendars: the liaison day (second Sunday), joint meetings every other month, quarterly survey and audit windows; activities 24 h ahead', () => {
  assert.deepEqual([secondSunday(2026, 11), secondSunday(2026, 3), secondSunday(2027, 8)], ['2026-11-08', '2026-03-08', '2027-08-08']);
  const nov = calendarAhead('2026-11-01', '2026-11-30').map((c) => [c.kind, c.date, local(c.fireAt)]);
  assert.deepEqual(nov, [
    ['JOINT_MEETING', '2026-11-01', '2026-11-01 09:00'],
    ['LIAISON_DAY', '2026-11-08', '2026-11-07 17:00'],
  ]);
  const dec = calendarAhead('2026-12-01', '2026-12-31').map((c) => c.kind);
  assert.deepEqual(dec, ['SURVEY_WINDOW', 'LIAISON_DAY', 'AUDIT_WINDOW']);
  assert.equal(local(activityReminder('a1', '2026-12-05T02:00:00.000Z', 'r1').fireAt), '2026-12-04 10:00');
});
