/**
 * A fresh idempotency key for one form: made when the form opens and sent with every retry of it,
 * so a retry after a lost answer writes nothing twice. getRandomValues, not randomUUID: an intranet
 * served over plain http is not a secure context.
 */
export function newKey(prefix = 'web'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
