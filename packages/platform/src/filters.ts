import { BadUserInputError } from './errors.js';
import { isObjectId } from './ids.js';

type Filter = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && Object.getPrototypeOf(v) === Object.prototype;

const isScalar = (v: unknown) => !isPlainObject(v) && !Array.isArray(v);

/** `{ $in: [x] }` → `x`: an equality the engines push down and index better. */
function simplify(v: unknown): unknown {
  if (isPlainObject(v) && Object.keys(v).length === 1 && Array.isArray(v.$in) && v.$in.length === 1) return v.$in[0];
  return v;
}

/** The intersection of two conditions on one field when it is simple to state; undefined otherwise. */
function intersect(a: unknown, b: unknown): unknown {
  if (isScalar(a) && isScalar(b)) return String(a) === String(b) ? a : { $in: [] };
  const inList = (x: unknown) => (isPlainObject(x) && Object.keys(x).length === 1 && Array.isArray(x.$in) ? (x.$in as unknown[]) : null);
  const la = inList(a);
  const lb = inList(b);
  if (la && isScalar(b)) return la.some((x) => String(x) === String(b)) ? b : { $in: [] };
  if (lb && isScalar(a)) return lb.some((x) => String(x) === String(a)) ? a : { $in: [] };
  if (la && lb) return simplify({ $in: la.filter((x) => lb.some((y) => String(x) === String(y))) });
  return undefined;
}

/**
 * The conjunction of filters as one flat object where possible (`{ a: 1, b: 2 }` rather than
 * `{ $and: [{ a: 1 }, { b: 2 }] }`), narrowing `$in` lists against equalities on the same field.
 * FerretDB pushes only top-level equalities down to its backend, so row scoping written this way
 * keeps queries off full scans; on MongoDB it is the same query.
 */
export function allOf(...filters: Filter[]): Filter {
  const out: Filter = {};
  const rest: Filter[] = [];
  for (const filter of filters) {
    for (const [key, raw] of Object.entries(filter)) {
      if (key === '$and' && Array.isArray(raw)) {
        rest.push(...(raw as Filter[]));
        continue;
      }
      const value = simplify(raw);
      if (!(key in out)) {
        out[key] = value;
        continue;
      }
      const merged = intersect(out[key], value);
      if (merged === undefined) rest.push({ [key]: value });
      else out[key] = merged;
    }
  }
  return rest.length ? { ...out, $and: rest } : out;
}

/**
 * Equalities on the id fields `keys` of a list's `filter` argument, each checked to be an ObjectId
 * (BAD_USER_INPUT naming `filter.<key>` otherwise); a field left out or null is not filtered on.
 */
export function idEqualities<K extends string>(filter: Partial<Record<K, string | null>>, keys: readonly K[]): Filter {
  const q: Filter = {};
  for (const key of keys) {
    const v = filter[key];
    if (v == null) continue;
    if (!isObjectId(v)) throw new BadUserInputError(`filter.${key}`, '无效的编号 (invalid id)');
    q[key] = v;
  }
  return q;
}
