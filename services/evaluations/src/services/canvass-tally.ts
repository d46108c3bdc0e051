import { isDuplicateKeyError, stableObjectId, withLock, type Redis } from '@jwh/platform';
import type { Types } from 'mongoose';
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
 * Runs `fn` alone for the canvass. FerretDB does not serialise concurrent updates of one document,
 * so everything that writes a canvass's answers or tallies (answers, the scope count, the close)
 * takes this lock: two workers at two doors of one grid never lose an increment, and no answer
 * slips in after the close.
 */
export function withCanvassLock<T>(deps: TallyDeps, canvassId: unknown, fn: () => Promise<T>): Promise<T> {
  return withLock(deps.redis, `${deps.queuePrefix}:lock:evaluations:canvass:${String(canvassId)}`, fn, { ttlMs: 30_000, waitMs: 30_000 });
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
 * Adds an answer to its grid's tally exactly once: the answer carries the canvass's sequence number
 * given under the lock, and the tally takes it only if it has not seen that number. Run under the
 * canvass's lock.
 */
async function applyAnswer(deps: TallyDeps, canvass: Pick<CanvassDoc, 'questions'>, a: StoredAnswer) {
  await deps.models.CanvassTally.updateOne(
    { _id: tallyId(a.canvassId, a.gridId), seq: { $lt: a.seq! } },
    {
      $inc: answerIncrements(canvass.questions, a.answers),
      $set: { seq: a.seq },
      $setOnInsert: { canvassId: a.canvassId, gridId: a.gridId, households: null },
    },
    { upsert: true },
  )
    .exec()
    .catch((err: unknown) => {
      // The tally exists with this number or a later one: already applied.
      if (!isDuplicateKeyError(err)) throw err;
    });
  await deps.models.CanvassAnswer.updateOne({ _id: a._id }, { $set: { applied: true } }).exec();
}

/** Under the lock: adds the answers a crash left out of the tallies, in their order (normally none). */
export async function finishUnapplied(deps: TallyDeps, canvass: Pick<CanvassDoc, '_id' | 'questions'>) {
  const left = await deps.models.CanvassAnswer.find({ canvassId: canvass._id, applied: false }).lean().exec();
  for (const a of left.filter((x) => x.seq !== null).sort((x, y) => x.seq! - y.seq!)) await applyAnswer(deps, canvass, a);
}

/**
 * Writes a household's answer and adds it to the tallies, under the canvass's lock: the caller's
 * `check` runs first with the canvass as it is now (closed? answered?), then the answer is numbered,
 * stored and counted.
 */
export async function recordAnswer(
  deps: TallyDeps,
  canvassId: Types.ObjectId,
  answer: NewAnswer,
  check: (canvass: CanvassDoc) => Promise<void>,
) {
  return withCanvassLock(deps, canvassId, async () => {
    const canvass = (await deps.models.Canvass.findById(canvassId).lean().exec())!;
    await check(canvass);
    await finishUnapplied(deps, canvass);
    const seq = canvass.answerSeq + 1;
    await deps.models.Canvass.updateOne({ _id: canvassId }, { $set: { answerSeq: seq } }).exec();
    await deps.models.CanvassAnswer.create({ ...answer, seq, applied: false });
    await applyAnswer(deps, canvass, { ...answer, seq });
    return (await deps.models.CanvassAnswer.findById(answer._id).lean().exec())!;
  });
}

/** Sets the households in scope of each grid (from grid counts, or the buildings job), under the canvass's lock. */
export async function setHouseholdsInScope(deps: TallyDeps, canvassId: Types.ObjectId, perGrid: Map<string | null, number>) {
  await withCanvassLock(deps, canvassId, async () => {
    await Promise.all(
      [...perGrid].map(([gridId, households]) =>
        deps.models.CanvassTally.updateOne(
          { _id: tallyId(canvassId, gridId) },
          { $set: { households }, $setOnInsert: { canvassId, gridId } },
          { upsert: true },
        ).exec(),
      ),
    );
    await deps.models.Canvass.updateOne({ _id: canvassId }, { $set: { scopeCounted: true } }).exec();
  });
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
function questionResults(questions: CanvassDoc['questions'], tallies: CanvassTallyRow[]) {
  const sum = (field: 'answered' | 'counts', key: string) => tallies.reduce((n, t) => n + (t[field]?.[key] ?? 0), 0);
  return questions.map((q) => ({
    key: q.key,
    answered: sum('answered', q.key),
    options: q.options.map((option, i) => ({ option, count: sum('counts', `${q.key}__${i}`) })),
  }));
}

/** Results of the given tallies: overall and per grid. */
export function resultsOf(questions: CanvassDoc['questions'], tallies: CanvassTallyRow[]) {
  return {
    reached: tallies.reduce((n, t) => n + t.reached, 0),
    questions: questionResults(questions, tallies),
    grids: tallies.map((t) => ({ gridId: t.gridId, reached: t.reached, questions: questionResults(questions, [t]) })),
  };
}
