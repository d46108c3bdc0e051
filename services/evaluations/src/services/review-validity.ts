/**
 * A review counts only when it can be checked: EXCELLENT or POOR needs a reason (DOMAIN.md §8);
 * without one it is stored as invalid, kept for opinion research.
 */
export function isReviewValid(rating: string, reason: string | null | undefined): boolean {
  if (rating === 'EXCELLENT' || rating === 'POOR') return Boolean(reason && reason.trim().length >= 2);
  return true;
}
