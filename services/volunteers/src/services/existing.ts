import { NotFoundError } from '@jwh/platform';

/**
 * A row for a non-null field: the row read or written, or NOT_FOUND naming what is missing (it was
 * removed meanwhile), not a null where the schema promises a value.
 */
export function existing<T>(row: T | null | undefined, what: string, id: unknown): T {
  if (!row) throw new NotFoundError(what, String(id));
  return row;
}
