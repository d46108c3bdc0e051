import { stableObjectId, withLock, type Redis } from '@jwh/platform';
import { Types } from 'mongoose';
import type { CanvassAnswerItem, CanvassDoc, CanvassTallyRow } from '../models/canvass.model.js';
import type { Models } from '../models/index.js';

/** What keeping the tallies needs (the subgraph's context and the worker both have it). */
export interface TallyDeps {
  models: Models;
  redis: Redis;
  queuePrefix: string;
}

/** The tally of a canvass in one small grid (`null`: households outside every grid). */
export const tallyId = (canvassId: unknown, gridId: unknown) =>
  stableObjectId(`canvass-tally:${String(canvassId)}:${String(gridId ?? 'none')}`);

/**
 * Runs `fn` alone for one grid of the canvass. FerretDB does not serialise concurrent updates of one
 * document, so everything that writes a grid's tally (its answers, its scope count, the close's
 * barrier) takes this lock: two workers at two doors of one grid never lose an increment. Grids do
 * not wait for each other, so a burst of answers from the whole community (the WeChat link) is
 * spread over its grids' locks.
 */
function withGridLock<T>(deps: TallyDeps, canvassId: unknown, gridId: unknown, fn: () => Promise<T>): Promise<T> {
  const key = `${deps.queuePrefix}:lock:evaluations:canvass:${String(canvassId)}:${String(gridId ?? 'none')}`;
  return withLock(deps.redis, key, fn, { ttlMs: 30_000, waitMs: 30_000 });
}

/** What one answer adds to its grid's tally: a household reached, each question answered, each option chosen. */
export function answerIncrements(
  questions: { key: string; options: string[] }[],
  answers: { key: string; choices: string[] }[],
): Record<string, number> {
  const inc: Record<string, number> = { reached: 1 };
  for (const a of answers) {
    const q = questions.find((x) => x.key === a.key);
    if (!q) continue;
    inc[`answered.${a.key}`] = 1;
    for (const c of a.choices) {
      const i = q.options.indexOf(c);
      if (i >= 0) inc[`counts.${a.key}__${i}`] = 1;
    }
  }
  return inc;
}

/** A household's answer as written. */
export interface NewAnswer {
  _id: Types.ObjectId;
  canvassId: Types.ObjectId;
  householdId: Types.ObjectId;
  communityId: Types.ObjectId;
  gridId: Types.ObjectId | null;
  answers: CanvassAnswerItem[];
  enteredBy: string;
  enteredAs: string;
}
type StoredAnswer = Pick<NewAnswer, '_id' | 'canvassId' | 'answers'> & { gridId?: Types.ObjectId | null; seq?: number | null };

/**
 * Adds an answer to its grid's tally exactly once: the answer carries the number its grid's tally
 * issued it under the lock, and the tally takes it only if it has not seen that number. Under the
 * grid's lock.
 */
async function applyAnswer(deps: TallyDeps, canvass: Pick<CanvassDoc, 'questions'>, a: StoredAnswer) {
  await deps.models.CanvassTally.updateOne(
    { _id: tallyId(a.canvassId, a.gridId), seq: { $lt: a.seq! } },
    { $inc: answerIncrements(canvass.questions, a.answers), $set: { seq: a.seq } },
  ).exec();
  await deps.models.CanvassAnswer.updateOne({ _id: a._id }, { $set: { applied: true } }).exec();
}

/** Under a grid's lock: adds that grid's answers a crash left out of its tally, in their order (normally none). */
async function finishUnapplied(deps: TallyDeps, canvass: Pick<CanvassDoc, '_id' | 'questions'>, gridId: unknown) {
  const left = await deps.models.CanvassAnswer.find({ canvassId: canvass._id, applied: false }).lean().exec();
  const mine = left.filter((x) => x.seq !== null && String(x.gridId ?? null) === String(gridId ?? null));
  for (const a of mine.sort((x, y) => x.seq! - y.seq!)) await applyAnswer(deps, canvass, a);
}

/**
 * Writes a household's answer and adds it to its grid's tally, under the grid's lock: the caller's
 * `check` runs first with the canvass as it is now (closed?), then the tally issues the answer's
 * number (created with the first answer of a grid not counted in advance), and the answer is stored
 * and counted. Six commands under the lock.
 */
export async function recordAnswer(deps: TallyDeps, answer: NewAnswer, check: (canvass: CanvassDoc) => void) {
  const { canvassId, gridId } = answer;
  return withGridLock(deps, canvassId, gridId, async () => {
    const canvass = (await deps.models.Canvass.findById(canvassId).lean().exec())!;
    check(canvass);
    await finishUnapplied(deps, canvass, gridId);
    const tally = await deps.models.CanvassTally.findOneAndUpdate(
      { _id: tallyId(canvassId, gridId) },
      { $inc: { issued: 1 }, $setOnInsert: { canvassId, gridId, households: null } },
      { upsert: true, new: true },
    )
      .lean()
      .exec();
    const seq = tally!.issued;
    const doc = (await deps.models.CanvassAnswer.create({ ...answer, seq, applied: false })).toObject();
    await applyAnswer(deps, canvass, doc);
    return { ...doc, applied: true };
  });
}

/**
 * Closes a canvass: marks it closed, then passes through each grid's lock, finishing what a crash
 * left out: once it returns, no answer is being written and every later one sees it closed.
 */
export async function closeAndSettle(deps: TallyDeps, canvass: Pick<CanvassDoc, '_id' | 'questions'>, by: string) {
  await deps.models.Canvass.updateOne({ _id: canvass._id, closedAt: null }, { $set: { closedAt: new Date(), closedBy: by } }).exec();
  const tallies = await deps.models.CanvassTally.find({ canvassId: canvass._id }, { gridId: 1 }).lean().exec();
  await Promise.all(tallies.map((t) => withGridLock(deps, canvass._id, t.gridId, () => finishUnapplied(deps, canvass, t.gridId))));
}

/** Sets the households in scope of each grid (from grid counts, or the buildings job), each under its grid's lock. */
export async function setHouseholdsInScope(deps: TallyDeps, canvassId: Types.ObjectId, perGrid: Map<string | null, number>) {
  await Promise.all(
    [...perGrid].map(([gridId, households]) =>
      withGridLock(deps, canvassId, gridId, () =>
        deps.models.CanvassTally.updateOne(
          { _id: tallyId(canvassId, gridId) },
          { $set: { households }, $setOnInsert: { canvassId, gridId: gridId ? new Types.ObjectId(gridId) : null } },
          { upsert: true },
        ).exec(),
      ),
    ),
  );
  await deps.models.Canvass.updateOne({ _id: canvassId }, { $set: { scopeCounted: true } }).exec();
}

const percent = (reached: number, households: number | null | undefined) =>
  households ? Math.round((reached / households) * 1000) / 10 : null;

/** Progress of the given tallies: per grid and the sum (the sum has totals only once every grid has). */
export function progressOf(tallies: CanvassTallyRow[]) {
  const grids = tallies.map((t) => ({
    gridId: t.gridId,
    households: t.households ?? null,
    reached: t.reached,
    percent: percent(t.reached, t.households),
  }));
  const reached = grids.reduce((n, g) => n + g.reached, 0);
  const counted = grids.every((g) => g.households !== null);
  const households = counted ? grids.reduce((n, g) => n + g.households!, 0) : null;
  return { households, reached, percent: percent(reached, households), grids };
}

/** Each question's answered count and option counts in one tally (or the sum of several). */
function questionResults(questions: { key: string; options: string[] }[], tallies: CanvassTallyRow[]) {
  const sum = (field: 'answered' | 'counts', key: string) => tallies.reduce((n, t) => n + (t[field]?.[key] ?? 0), 0);
  return questions.map((q) => ({
    key: q.key,
    answered: sum('answered', q.key),
    options: q.options.map((option, i) => ({ option, count: sum('counts', `${q.key}__${i}`) })),
  }));
}

/** Results of the given tallies: overall and per grid. */
export function resultsOf(questions: { key: string; options: string[] }[], tallies: CanvassTallyRow[]) {
  return {
    reached: tallies.reduce((n, t) => n + t.reached, 0),
    questions: questionResults(questions, tallies),
    grids: tallies.map((t) => ({ gridId: t.gridId, reached: t.reached, questions: questionResults(questions, [t]) })),
  };
}
