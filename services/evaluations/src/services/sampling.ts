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
  /** Respondents wanted per stratum (strata not listed are left out)… */
  perStratum?: Record<string, number>;
  /** …or a size for any stratum met in the stream. */
  sizeOf?: (stratum: string) => number;
  /** Extra candidates kept per stratum, in rank order, for documented replacements. */
  spare?: number;
  /** Residents surveyed in recent waves, excluded. */
  exclude?: Set<string>;
  /** Called every 1,000 candidates with the number seen. */
  onProgress?: (seen: number) => void | Promise<void>;
}

interface Ranked extends Candidate {
  rank: string;
}

/**
 * A bounded sorted list (ascending rank) of the `limit` lowest-ranked households: a household is
 * held by its best-ranked member only, so the buffer counts households, not people.
 */
class Lowest {
  readonly items: Ranked[] = [];
  private readonly byHousehold = new Map<string, Ranked>();
  constructor(private readonly limit: number) {}
  private indexOf(rank: string) {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.items[mid]!.rank < rank) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** False when a candidate of this rank could not enter the list (most of a large stratum). */
  accepts(rank: string): boolean {
    return this.limit > 0 && (this.items.length < this.limit || rank < this.items[this.items.length - 1]!.rank);
  }
  offer(c: Ranked) {
    if (!this.accepts(c.rank)) return;
    const held = this.byHousehold.get(c.householdId);
    // The same candidate met twice (same id, same rank), or a better-ranked housemate, is kept.
    if (held && held.rank <= c.rank) return;
    if (held) this.items.splice(this.indexOf(held.rank), 1);
    this.items.splice(this.indexOf(c.rank), 0, c);
    this.byHousehold.set(c.householdId, c);
    if (this.items.length > this.limit) this.byHousehold.delete(this.items.pop()!.householdId);
  }
}

/**
 * Draws from a streamed population: per stratum the lowest-ranked candidates, at most one per
 * household (the household's lowest-ranked member stands for it), excluding recent respondents.
 * Returns the sample and the ordered reserve of each stratum.
 */
export async function draw<C extends Candidate>(population: AsyncIterable<C> | Iterable<C>, plan: DrawPlan) {
  const spare = plan.spare ?? 5;
  const sizeOf = plan.sizeOf ?? ((stratum: string) => plan.perStratum?.[stratum] ?? -1);
  // Per stratum, households compete by their best member's rank: keep the lowest few times k
  // households (bounded memory: a few times k per stratum, whatever the population). The buffer
  // size is part of the algorithm: a verifier re-running it gets the same sample.
  const keep = new Map<string, Lowest>();
  const sizes = new Map<string, number>();
  const population_ = new Map<string, number>();
  let seen = 0;
  let excluded = 0;
  for await (const c of population as AsyncIterable<C>) {
    seen++;
    if (plan.onProgress && seen % 1_000 === 0) await plan.onProgress(seen);
    let list = keep.get(c.stratum);
    if (!list) {
      const k = sizeOf(c.stratum);
      if (k < 0) continue;
      sizes.set(c.stratum, k);
      keep.set(c.stratum, (list = new Lowest(k === 0 ? 0 : (k + spare) * 4)));
    }
    population_.set(c.stratum, (population_.get(c.stratum) ?? 0) + 1);
    if (plan.exclude?.has(c.id)) {
      excluded++;
      continue;
    }
    // Copy only a candidate that enters the list: most of a large stratum ranks too low.
    const r = rank(plan.seed, c.id);
    if (list.accepts(r)) list.offer({ ...c, rank: r });
  }
  // One respondent per household across the whole wave (a household may be in a grid's and a
  // worker's stratum): candidates are taken in global rank order.
  type R = C & { rank: string };
  const result: Record<string, { sample: R[]; reserve: R[]; population: number; planned: number }> = {};
  for (const stratum of keep.keys())
    result[stratum] = { sample: [], reserve: [], population: population_.get(stratum) ?? 0, planned: sizes.get(stratum)! };
  const households = new Set<string>();
  const all = ([...keep.values()].flatMap((l) => l.items) as R[]).sort((a, b) =>
    a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.stratum < b.stratum ? -1 : a.stratum > b.stratum ? 1 : 0,
  );
  for (const c of all) {
    if (households.has(c.householdId)) continue;
    const r = result[c.stratum]!;
    if (r.sample.length < r.planned) r.sample.push(c);
    else if (r.reserve.length < spare) r.reserve.push(c);
    else continue;
    households.add(c.householdId);
  }
  return { seen, excluded, strata: result };
}

/** Counts candidates per stratum (the first pass of a plan given as rates). */
export async function countStrata(
  population: AsyncIterable<Candidate> | Iterable<Candidate>,
  onProgress?: (seen: number) => void | Promise<void>,
) {
  const counts = new Map<string, number>();
  let seen = 0;
  for await (const c of population as AsyncIterable<Candidate>) {
    seen++;
    if (onProgress && seen % 1_000 === 0) await onProgress(seen);
    counts.set(c.stratum, (counts.get(c.stratum) ?? 0) + 1);
  }
  return { seen, counts };
}
