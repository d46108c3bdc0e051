import type { Viewer } from '@jwh/platform';

/** Who made a change, as a timeline step, a material's tick or a follow-up part keeps it. */
export interface Actor {
  /** The account (token subject). */
  by: string;
  /** The staff member, when the account is one: resolved to its name through people-grids. */
  byStaffId: string | null;
  byRole: string;
}

/** The viewer as the author of a change. */
export function actorOf(viewer: Viewer): Actor {
  return { by: viewer.sub, byStaffId: viewer.staffId ?? null, byRole: viewer.role };
}

/** Automatic steps, by the name they are recorded under. */
const SYSTEM_ACTORS: Record<string, string> = {
  'eligibility-check': '资格自动核验 (eligibility check)',
  demo: '演示数据 (demo data)',
};

/**
 * Who made a change, in words, when it was not a staff member (null for a staff member, whose name
 * people-grids gives, and for steps recorded before roles were kept).
 */
export function actorName(step: { by: string; byStaffId?: string | null; byRole?: string | null }): string | null {
  if (step.byStaffId) return null;
  if (SYSTEM_ACTORS[step.by]) return SYSTEM_ACTORS[step.by]!;
  if (step.by.startsWith('svc:')) return `系统 (${step.by.slice('svc:'.length)})`;
  if (step.byRole === 'RESIDENT') return '居民本人 (the resident)';
  if (step.byRole === 'PARTNER') return '合作单位 (partner unit)';
  return null;
}

/** A staff member as a federation reference (null when there is none). */
export const staffRef = (id: unknown) => (id ? { id: String(id) } : null);
