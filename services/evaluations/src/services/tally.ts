import { PLACES, type SATISFACTION } from '../models/response.model.js';
import { wilson } from './wilson.js';

/** What a response adds to the running totals (pure; see aggregates.ts for how it is applied once). */
export interface ResponseFacts {
  sawMember?: boolean | null;
  sawWhere?: readonly string[];
  talkedWithMember?: boolean | null;
  talkedWhere?: readonly string[];
  membersKnown?: number | null;
  satisfaction?: string | null;
  answers?: readonly { key: string; choices?: readonly string[]; value?: number | null }[];
}

export interface QuestionShape {
  key: string;
  type: string;
  options: readonly string[];
}

/** The `$inc` of a response on a rate aggregate. Option counters use the option's index (safe field names). */
export function responseIncrements(r: ResponseFacts, questions: readonly QuestionShape[] = []): Record<string, number> {
  const inc: Record<string, number> = { n: 1 };
  if (r.sawMember) inc.saw = 1;
  if (r.talkedWithMember) inc.talked = 1;
  if (r.membersKnown) inc.known = r.membersKnown;
  if (r.satisfaction) inc[`satisfaction.${r.satisfaction}`] = 1;
  for (const p of new Set(r.sawMember ? (r.sawWhere ?? []) : [])) inc[`sawAt.${p}`] = 1;
  for (const p of new Set(r.talkedWithMember ? (r.talkedWhere ?? []) : [])) inc[`talkedAt.${p}`] = 1;
  for (const a of r.answers ?? []) {
    const q = questions.find((x) => x.key === a.key);
    if (!q || q.type === 'TEXT') continue;
    inc[`tallies.${q.key}__answered`] = 1;
    if (q.type === 'SCALE' && typeof a.value === 'number') inc[`tallies.${q.key}__sum`] = a.value;
    for (const c of new Set(a.choices ?? [])) {
      const i = q.options.indexOf(c);
      if (i >= 0) inc[`tallies.${q.key}__${i}`] = 1;
    }
  }
  return inc;
}

type Counters = Record<string, number | undefined>;
export interface AggregateFigures {
  n: number;
  saw: number;
  talked: number;
  known: number;
  satisfaction?: Counters | null;
  sawAt?: Counters | null;
  talkedAt?: Counters | null;
  tallies?: Counters | null;
}

const places = (counts: Counters | null | undefined, of: number) =>
  PLACES.map((place) => ({ place, count: counts?.[place] ?? 0, share: of ? (counts?.[place] ?? 0) / of : null })).filter(
    (p) => p.count > 0,
  );

/** The rates, intervals and distributions of a running total. */
export function ratesOf(a: AggregateFigures, questions: readonly QuestionShape[] = []) {
  const sat = (k: (typeof SATISFACTION)[number]) => a.satisfaction?.[k] ?? 0;
  const satisfied = sat('SATISFIED') + sat('VERY_SATISFIED');
  const rated = sat('BASIC') + satisfied;
  const rate = (successes: number, n: number) => ({ ...wilson(successes, n), successes });
  return {
    responses: a.n,
    meetingRate: rate(a.saw, a.n),
    conversationRate: rate(a.talked, a.n),
    // Two members per respondent: partly known counts partly.
    familiarityRate: rate(a.known, 2 * a.n),
    satisfactionRate: rate(satisfied, rated),
    satisfaction: { basic: sat('BASIC'), satisfied: sat('SATISFIED'), verySatisfied: sat('VERY_SATISFIED') },
    meetingPlaces: places(a.sawAt, a.saw),
    conversationPlaces: places(a.talkedAt, a.talked),
    tallies: questions
      .filter((q) => q.type !== 'TEXT')
      .map((q) => {
        const answered = a.tallies?.[`${q.key}__answered`] ?? 0;
        const sum = a.tallies?.[`${q.key}__sum`] ?? 0;
        return {
          key: q.key,
          answered,
          options: q.options.map((option, i) => ({ option, count: a.tallies?.[`${q.key}__${i}`] ?? 0 })),
          mean: q.type === 'SCALE' && answered ? sum / answered : null,
        };
      }),
  };
}
