import type { LocalDate } from '@jwh/platform';
import { DERIVED_TAGS, RESIDENT_TAGS } from '../models/resident.model.js';
import { ageOn } from './age.js';

/** The age from which a resident counts as an elder for 空巢 and 独居 (the 6789 tiers start there too). */
export const ELDER_AGE = 60;

const derived = new Set<string>(DERIVED_TAGS);

/** True for a tag derived from the household and ages (空巢, 独居), which no one sets by hand. */
export const isDerivedTag = (tag: string): boolean => derived.has(tag);

/**
 * The tags of each active member of one household, derived from who lives there and their ages on
 * `today`, kept beside the member's own (manual) tags, sorted:
 * - 独居 `LIVING_ALONE`: an elder (60+) who is the household's only member;
 * - 空巢 `EMPTY_NEST`: an elder in a household of at most two members, all elders (alone, or an
 *   elderly couple without their children).
 *
 * The one rule for every path that changes membership or age: the mutations, the register import,
 * the recount (which repairs), the daily run (members turning 60) and the demo generator.
 */
export function householdTags<M extends { birthDate: string; tags?: readonly string[] | null }>(
  members: readonly M[],
  today: LocalDate,
): string[][] {
  const elder = members.map((m) => ageOn(m.birthDate, today) >= ELDER_AGE);
  const emptyNest = members.length <= 2 && elder.every(Boolean);
  return members.map((m, i) => {
    const tags = (m.tags ?? []).filter((t) => !isDerivedTag(t));
    if (elder[i] && emptyNest) tags.push('EMPTY_NEST');
    if (elder[i] && members.length === 1) tags.push('LIVING_ALONE');
    return [...new Set(tags)].sort();
  });
}

/** True when two tag lists hold the same tags (in any order). */
export const sameTags = (a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean =>
  [...(a ?? [])].sort().join(',') === [...(b ?? [])].sort().join(',');

/**
 * A household's read model from its active members' tags (each member's list as stored): how many
 * members, and the union of their tags in RESIDENT_TAGS order (what `Household.tags` shows).
 */
export function householdSummary(memberTags: readonly (readonly string[] | null | undefined)[]): { memberCount: number; tags: string[] } {
  const union = new Set(memberTags.flatMap((t) => t ?? []));
  return { memberCount: memberTags.length, tags: RESIDENT_TAGS.filter((t) => union.has(t)) };
}

/** True when a household's stored read model is `want`. */
export const sameSummary = (
  h: { memberCount?: number | null; tags?: readonly string[] | null },
  want: { memberCount: number; tags: string[] },
) => h.memberCount === want.memberCount && (h.tags ?? []).join(',') === want.tags.join(',');
