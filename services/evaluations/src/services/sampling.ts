import { createHash } from 'node:crypto';

/**
 * A reproducible, verifiable draw (in the manner of RFC 3797): every candidate's rank is
 * SHA-256(seed ‖ id); the sample of a stratum is its k lowest ranks. Anyone with the published
 * seed and the population list can re-run it; the same seed and population always give the same
 * sample, and nobody can choose respondents. Streaming: each stratum keeps only its best k + spare
 * candidates, so a population of millions is never held in memory.
 */
export function rank(seed: string, id: string): string {
  return createHash('sha256').update(`${seed}\u0000${id}`).digest('hex');
}

export interface Candidate {
  id: string;
  householdId: string;
  stratum: string;
}

export interface DrawPlan {
  seed: string;
  /** Respondents wanted per stratum. */
  perStratum: Record<string, number>;
  /** Extra candidates kept per stratum, in rank order, for documented replacements. */
  spare?: number;
  /** Residents surveyed in recent waves, excluded. */
  exclude?: Set<string>;
}

interface Ranked extends Candidate {
  rank: string;
}

/** A bounded sorted list (ascending rank) keeping the `limit` lowest. */
class Lowest {
  readonly items: Ranked[] = [];
  constructor(private readonly limit: number) {}
  offer(c: Ranked) {
    if (this.items.length === this.limit && c.rank >= this.items[this.items.length - 1]!.rank) return;
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.items[mid]!.rank < c.rank) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, c);
    if (this.items.length > this.limit) this.items.pop();
  }
}

/**
 * Draws from a streamed population: per stratum the lowest-ranked candidates, at most one per
 * household (the household's lowest-ranked member stands for it), excluding recent respondents.
 * Returns the sample and the ordered reserve of each stratum.
 */
export async function draw(population: AsyncIterable<Candidate> | Iterable<Candidate>, plan: DrawPlan) {
  const spare = plan.spare ?? 5;
  // Per stratum, households compete by their best member's rank: keep the best member per household
  // among the kept candidates only (bounded memory: a few times k per stratum).
  const keep = new Map<string, Lowest>();
  for (const [stratum, k] of Object.entries(plan.perStratum)) keep.set(stratum, new Lowest((k + spare) * 4));
  let seen = 0;
  for await (const c of population as AsyncIterable<Candidate>) {
    seen++;
    const list = keep.get(c.stratum);
    if (!list || plan.exclude?.has(c.id)) continue;
    list.offer({ ...c, rank: rank(plan.seed, c.id) });
  }
  // One respondent per household across the whole wave (a household may be in two workers'
  // strata): candidates are taken in global rank order.
  const result: Record<string, { sample: Ranked[]; reserve: Ranked[] }> = {};
  for (const stratum of keep.keys()) result[stratum] = { sample: [], reserve: [] };
  const households = new Set<string>();
  const all = [...keep.values()].flatMap((l) => l.items).sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  for (const c of all) {
    if (households.has(c.householdId)) continue;
    const r = result[c.stratum]!;
    const k = plan.perStratum[c.stratum]!;
    if (r.sample.length < k) r.sample.push(c);
    else if (r.reserve.length < spare) r.reserve.push(c);
    else continue;
    households.add(c.householdId);
  }
  return { seen, strata: result };
}
