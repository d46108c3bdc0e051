import { addDays, atLocal, dateRange, isoWeekday, type LocalDate, type ReminderScheduler } from '@jwh/platform';
import type { Models } from '../models/index.js';
import { ACTIVE_RESIDENT } from '../models/resident.model.js';
import { birthdayWindow } from '../services/birthday.service.js';
import { refreshTurnedElder } from '../services/population.js';
import { birthdayReminders, calendarAhead, festivalReminder, festivalsAhead } from './kinds.js';

/** What people-grids' calendar runs need. */
export interface CalendarDeps {
  models: Models;
  scheduler: ReminderScheduler;
  /** Off-desk half-days a week below which a worker is reported. */
  offDeskTarget: number;
}

/** How far ahead the daily calendar run schedules (a missed day is caught up: ids are deterministic). */
export const LOOKAHEAD_DAYS = 3;

async function secretaryOf(m: Models, communityId: unknown): Promise<string | null> {
  const s = await m.StaffMember.findOne({ communityId, role: 'SECRETARY' }, { _id: 1 }).lean().exec();
  return s ? String(s._id) : null;
}

/**
 * People-grids' daily calendar run (06:00 Asia/Shanghai, and at start): for the next LOOKAHEAD_DAYS
 * days, elders' birthdays (to their grid workers), festival gift lists (to the secretary), tomorrow's
 * duty shifts and public posts (to the worker), liaison days (to every member of staff) and joint
 * meetings (to the secretary); the derived tags of households whose member turned 60. Deterministic ids: running it twice, or catching up a missed day,
 * schedules nothing twice.
 */
export async function runDaily(deps: CalendarDeps, today: LocalDate): Promise<number> {
  const { models, scheduler } = deps;
  let scheduled = 0;
  const until = addDays(today, LOOKAHEAD_DAYS);
  const communities = await models.Community.find({}, { _id: 1 }).lean().exec();
  const window = birthdayWindow(addDays(today, 1), LOOKAHEAD_DAYS + 2);
  for (const c of communities) {
    const staff = await models.StaffMember.find({ communityId: c._id }, { _id: 1, role: 1, gridIds: 1 }).lean().exec();
    const secretary = staff.find((s) => s.role === 'SECRETARY');
    // Birthdays two days ahead: residents of 60 and over with a birthday in the window.
    const residents = await models.Resident.find(
      { communityId: c._id, birthMonthDay: { $in: [...window.keys()] }, ...ACTIVE_RESIDENT },
      { _id: 1, birthDate: 1, birthMonthDay: 1, householdId: 1 },
    )
      .lean()
      .exec();
    const households = new Map(
      (
        await models.Household.find({ _id: { $in: [...new Set(residents.map((r) => String(r.householdId)))] } }, { gridId: 1 })
          .lean()
          .exec()
      ).map((h) => [String(h._id), h.gridId]),
    );
    for (const r of residents) {
      const birthday = window.get(r.birthMonthDay)!;
      const turning = Number(birthday.slice(0, 4)) - Number(r.birthDate.slice(0, 4));
      const gridId = households.get(String(r.householdId));
      const workers = staff
        .filter((s) => s.role === 'GRID_WORKER' && gridId && s.gridIds.some((g) => String(g) === String(gridId)))
        .map((s) => String(s._id));
      const specs = birthdayReminders(String(r._id), birthday, turning, workers).filter(
        (s) => s.fireAt.getTime() >= atLocal(today).getTime() && s.fireAt <= atLocal(until, '23:59'),
      );
      scheduled += await scheduler.scheduleFresh(specs);
    }
    if (secretary) {
      for (const f of festivalsAhead(today, until))
        scheduled += await scheduler.scheduleFresh([festivalReminder(String(c._id), f.festival, f.date, String(secretary._id))]);
    }
    // Tomorrow's reception shifts and public posts, the afternoon before.
    const tomorrow = addDays(today, 1);
    const shifts = await models.DutyShift.find({ communityId: c._id, date: tomorrow }).lean().exec();
    for (const s of shifts) {
      scheduled += await scheduler.scheduleFresh([
        {
          kind: 'DUTY_SHIFT',
          entityId: String(s._id),
          recipient: { type: 'STAFF', id: String(s.staffId) },
          dueAt: atLocal(s.date, s.part === 'AM' ? '08:30' : '13:30').toISOString(),
          fireAt: atLocal(today, '17:00'),
          data: { date: s.date, part: s.part, desk: s.desk },
        },
      ]);
    }
    const posts = await models.PublicPost.find({ communityId: c._id }).lean().exec();
    for (const p of posts.filter((x) => x.weekdays.includes(isoWeekday(tomorrow)))) {
      scheduled += await scheduler.scheduleFresh([
        {
          kind: 'PUBLIC_POST',
          entityId: `${String(p._id)}:${tomorrow}`,
          recipient: { type: 'STAFF', id: String(p.staffId) },
          dueAt: atLocal(tomorrow, p.start).toISOString(),
          fireAt: atLocal(today, '17:00'),
          data: { postId: String(p._id), date: tomorrow, start: p.start, end: p.end },
        },
      ]);
    }
    // Residents who turned 60 in the last days: their households' 空巢 / 独居 follow the age.
    await refreshTurnedElder(models, c._id, today, LOOKAHEAD_DAYS);
    for (const cal of calendarAhead(today, until)) {
      const recipients = cal.kind === 'LIAISON_DAY' ? staff : staff.filter((s) => s.role === 'SECRETARY');
      scheduled += await scheduler.scheduleFresh(
        recipients.map((s) => ({
          kind: cal.kind,
          entityId: `${String(c._id)}:${cal.date}`,
          recipient: { type: 'STAFF' as const, id: String(s._id) },
          dueAt: atLocal(cal.date).toISOString(),
          fireAt: cal.fireAt,
          data: { communityId: String(c._id), date: cal.date },
        })),
      );
    }
  }
  return scheduled;
}

/** The weekly off-desk check (Monday morning): each worker under target last week is reported to its secretary. */
export async function offDeskCheck(deps: CalendarDeps, weekStart: LocalDate): Promise<number> {
  const { models } = deps;
  const dates = dateRange(weekStart, 5);
  let reported = 0;
  for (const c of await models.Community.find({}, { _id: 1 }).lean().exec()) {
    const secretary = await secretaryOf(models, c._id);
    if (!secretary) continue;
    const workers = await models.StaffMember.find({ communityId: c._id, role: { $in: ['COMMITTEE_MEMBER', 'GRID_WORKER'] } }, { _id: 1 })
      .lean()
      .exec();
    const halfDays = await models.HalfDay.find({ communityId: c._id, date: { $in: dates }, mode: 'OFF_DESK' }, { staffId: 1 })
      .lean()
      .exec();
    for (const w of workers) {
      const off = halfDays.filter((h) => String(h.staffId) === String(w._id)).length;
      if (off >= deps.offDeskTarget) continue;
      await deps.scheduler.schedule({
        kind: 'OFF_DESK_BELOW_TARGET',
        entityId: `${String(w._id)}:${weekStart}`,
        recipient: { type: 'STAFF', id: secretary },
        dueAt: atLocal(weekStart).toISOString(),
        fireAt: new Date(),
        data: { staffId: String(w._id), weekStart, offDesk: off, target: deps.offDeskTarget },
      });
      reported++;
    }
  }
  return reported;
}
