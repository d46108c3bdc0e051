// The signed-in user: a token in this tab's session storage and the claims it carries (decoded for
// the menu only; the gateway verifies every request, and access stays in the graph).
export type Role = 'STREET_ADMIN' | 'COMMUNITY_STAFF' | 'GRID_WORKER' | 'PARTNER' | 'RESIDENT' | 'OPS';

export interface Claims {
  sub: string;
  role: Role;
  exp?: number;
  community_ids?: string[];
  grid_ids?: string[];
  staff_id?: string;
  org_id?: string;
  org_kind?: string;
  resident_id?: string;
  household_id?: string;
}

const KEY = 'jwh.token';

/** The claims of a JWT, or null when it is not one or has expired. */
export function claimsOf(token: string): Claims | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Claims;
    if (typeof claims.role !== 'string') return null;
    if (claims.exp && claims.exp * 1000 < Date.now()) return null;
    return claims;
  } catch {
    return null;
  }
}

export const storedToken = (): string | null => sessionStorage.getItem(KEY);
export const storeToken = (token: string | null) => (token ? sessionStorage.setItem(KEY, token) : sessionStorage.removeItem(KEY));

export const ROLE_NAMES: Record<Role, string> = {
  STREET_ADMIN: '街道管理员',
  COMMUNITY_STAFF: '社区工作人员',
  GRID_WORKER: '网格员',
  PARTNER: '合作机构',
  RESIDENT: '居民',
  OPS: '运维',
};

/** Where a role lands after signing in. */
export function homeOf(claims: Claims): string {
  switch (claims.role) {
    case 'STREET_ADMIN':
      return '/street';
    case 'COMMUNITY_STAFF':
      return `/community/${claims.community_ids?.[0] ?? ''}`;
    case 'GRID_WORKER':
      return '/worker';
    case 'PARTNER':
      return claims.org_kind === 'ELDER_CANTEEN' ? `/canteen/${claims.org_id ?? ''}` : '/';
    case 'OPS':
      return '/ops';
    case 'RESIDENT':
      return `/board/${claims.community_ids?.[0] ?? ''}`;
  }
}
