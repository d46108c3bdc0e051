import { BadUserInputError, type Viewer } from '@jwh/platform';

export { requireId } from '@jwh/platform';

/** Street admins and community staff act within their communities (a worker within its own). */
export function inViewerCommunities(viewer: Viewer, communityId: unknown): boolean {
  return viewer.communityIds.includes(String(communityId));
}

export function requireCommunity(viewer: Viewer, communityId: unknown, field = 'communityId'): void {
  if (!inViewerCommunities(viewer, communityId)) throw new BadUserInputError(field, '不在您的管辖范围 (not one of your communities)');
}

/** A grid worker sees only itself; community staff and street admins their communities' workers. */
export function canSeeWorker(viewer: Viewer, staffId: unknown, communityId: unknown): boolean {
  if (viewer.role === 'GRID_WORKER') return viewer.staffId === String(staffId);
  if (viewer.role === 'STREET_ADMIN' || viewer.role === 'COMMUNITY_STAFF') return inViewerCommunities(viewer, communityId);
  return false;
}
