import { BadUserInputError, requireText } from '@jwh/platform';
import type { AddMatterInput, EligibilityInput, UpdateMatterInput } from '../__generated__/resolvers-types.js';
import { DECISION_LEVELS, MATTER_CODE, type DecisionLevel, type ServiceTypeDoc } from '../models/service-type.model.js';

/** The terms a version of a matter fixes (what a request created under it follows). */
export interface MatterTerms {
  code: string;
  name: string;
  description: string;
  requiredMaterials: string[];
  deadlineWorkingDays: number;
  decidedBy: DecisionLevel;
  referTo: string;
  doorstep: boolean;
  eligibility: { minAge: number | null; localHukouRequired: boolean; requiredTag: string | null };
}

/** The terms a change may replace (the code is the matter's for good). */
export const CHANGEABLE_TERMS = [
  'name',
  'description',
  'requiredMaterials',
  'deadlineWorkingDays',
  'decidedBy',
  'referTo',
  'doorstep',
  'eligibility',
] as const satisfies readonly (keyof MatterTerms)[];

const MAX_MATERIALS = 20;
/** People-grids' resident tags are capitals and underscores (ResidentTag, e.g. DISABLED, LOW_INCOME). */
const TAG = /^[A-Z][A-Z_]{1,39}$/;

/** A matter's code, or BAD_USER_INPUT naming `field`. */
export function requireCode(value: string | null | undefined, field: string): string {
  const code = (value ?? '').trim();
  if (!MATTER_CODE.test(code))
    throw new BadUserInputError(
      field,
      '须为大写字母开头的 2–41 位大写字母、数字或下划线 (2–41 capital letters, digits or underscores, starting with a letter)',
    );
  return code;
}

function eligibilityOf(input: EligibilityInput | null | undefined): MatterTerms['eligibility'] {
  const minAge = input?.minAge ?? null;
  if (minAge !== null && (!Number.isInteger(minAge) || minAge < 1 || minAge > 120))
    throw new BadUserInputError('input.eligibility.minAge', '须为 1–120 周岁 (1 to 120 years)');
  const tag = input?.requiredTag?.trim() || null;
  if (tag !== null && !TAG.test(tag))
    throw new BadUserInputError('input.eligibility.requiredTag', '须为居民标签,如 DISABLED (a resident tag, e.g. DISABLED)');
  return { minAge, localHukouRequired: input?.localHukouRequired ?? false, requiredTag: tag };
}

function materialsOf(list: readonly string[]): string[] {
  if (list.length > MAX_MATERIALS)
    throw new BadUserInputError('input.requiredMaterials', `最多 ${MAX_MATERIALS} 项 (at most ${MAX_MATERIALS} items)`);
  const out: string[] = [];
  list.forEach((m, i) => {
    const name = requireText(m, `input.requiredMaterials[${i}]`, 1, 40);
    if (out.includes(name)) throw new BadUserInputError(`input.requiredMaterials[${i}]`, `重复的材料: ${name} (listed twice)`);
    out.push(name);
  });
  return out;
}

/**
 * Checks terms as a whole and returns them normalised (trimmed), or throws BAD_USER_INPUT naming
 * the first field at fault (`input.deadlineWorkingDays`, `input.requiredMaterials[2]` …). Nothing
 * is written before this has passed.
 */
function checked(raw: {
  code: string;
  name?: string | null;
  description?: string | null;
  requiredMaterials: readonly string[];
  deadlineWorkingDays: number;
  decidedBy: string;
  referTo?: string | null;
  doorstep: boolean;
  eligibility: MatterTerms['eligibility'];
}): MatterTerms {
  const code = requireCode(raw.code, 'input.code');
  const name = requireText(raw.name, 'input.name', 2, 40);
  const description = requireText(raw.description, 'input.description', 0, 500);
  const requiredMaterials = materialsOf(raw.requiredMaterials);
  const days = raw.deadlineWorkingDays;
  if (!Number.isInteger(days) || days < 1 || days > 60)
    throw new BadUserInputError('input.deadlineWorkingDays', '须为 1–60 个工作日 (1 to 60 working days)');
  if (!(DECISION_LEVELS as readonly string[]).includes(raw.decidedBy))
    throw new BadUserInputError('input.decidedBy', '须为 COMMUNITY、STREET 或 CITY (COMMUNITY, STREET or CITY)');
  const decidedBy = raw.decidedBy as DecisionLevel;
  const referTo = requireText(raw.referTo, 'input.referTo', 0, 100);
  const { eligibility } = raw;
  const hasRules = eligibility.minAge !== null || eligibility.localHukouRequired || eligibility.requiredTag !== null;
  if ((decidedBy !== 'COMMUNITY' || hasRules) && referTo.length < 2)
    throw new BadUserInputError(
      'input.referTo',
      '须说明去处:非社区决定或设有资格条件的事项 (where to refer: required when the community does not decide it or eligibility rules apply)',
    );
  return { code, name, description, requiredMaterials, deadlineWorkingDays: days, decidedBy, referTo, doorstep: raw.doorstep, eligibility };
}

/** The terms of a new matter (version 1), checked; the seed's catalogue goes through here too. */
export function newMatterTerms(input: AddMatterInput): MatterTerms {
  const code = requireCode(input.code, 'input.code');
  return checked({
    ...input,
    code,
    eligibility: eligibilityOf(input.eligibility),
    doorstep: input.doorstep ?? true,
  });
}

/** `current` with the fields `input` gives replaced (eligibility as a whole), checked as a whole. */
export function changedMatterTerms(current: MatterTerms, input: UpdateMatterInput): MatterTerms {
  return checked({
    code: current.code,
    name: input.name ?? current.name,
    description: input.description ?? current.description,
    requiredMaterials: input.requiredMaterials ?? current.requiredMaterials,
    deadlineWorkingDays: input.deadlineWorkingDays ?? current.deadlineWorkingDays,
    decidedBy: input.decidedBy ?? current.decidedBy,
    referTo: input.referTo ?? current.referTo,
    doorstep: input.doorstep ?? current.doorstep,
    eligibility: input.eligibility ? eligibilityOf(input.eligibility) : current.eligibility,
  });
}

/** The terms of a stored matter or version (documents carry more: ids, version, street). */
export function termsOf(doc: Pick<ServiceTypeDoc, keyof MatterTerms>): MatterTerms {
  const e = doc.eligibility;
  return {
    code: doc.code,
    name: doc.name,
    description: doc.description ?? '',
    requiredMaterials: [...doc.requiredMaterials],
    deadlineWorkingDays: doc.deadlineWorkingDays,
    decidedBy: doc.decidedBy as DecisionLevel,
    referTo: doc.referTo ?? '',
    doorstep: doc.doorstep ?? true,
    eligibility: { minAge: e?.minAge ?? null, localHukouRequired: Boolean(e?.localHukouRequired), requiredTag: e?.requiredTag ?? null },
  };
}

/** The changeable terms that differ between `before` and `after`. */
export function differingTerms(before: MatterTerms, after: MatterTerms): (typeof CHANGEABLE_TERMS)[number][] {
  return CHANGEABLE_TERMS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
