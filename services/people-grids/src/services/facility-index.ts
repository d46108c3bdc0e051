import type { Models } from '../models/index.js';
import type { FacilityDoc } from '../models/facility.model.js';

/** How long the in-memory facility map may lag behind the database (ms). */
export const FACILITY_CACHE_MS = 30_000;

/**
 * The living map's facilities in service (retired ones left out), held in memory per type and
 * refreshed every 30 s (or at once after a write through this process: every facility write calls
 * {@link FacilityIndex.invalidate}). Distances are computed here: FerretDB has no geo operators, so
 * one pushed-down equality read of a type serves every nearest-facility question about it
 * (10,000 facilities take ~2 MB).
 */
export class FacilityIndex {
  private readonly types = new Map<string, { rows: FacilityDoc[]; loadedAt: number }>();
  private readonly loading = new Map<string, Promise<FacilityDoc[]>>();
  /** Bumped by every invalidation: a load begun before a write does not cache what it read. */
  private generation = 0;

  constructor(private readonly models: Models) {}

  /** Forgets the map: the next question reloads it (call after a write). */
  invalidate(): void {
    this.generation++;
    this.types.clear();
    this.loading.clear();
  }

  async ofType(type: string): Promise<FacilityDoc[]> {
    const cached = this.types.get(type);
    if (cached && Date.now() - cached.loadedAt <= FACILITY_CACHE_MS) return cached.rows;
    let load = this.loading.get(type);
    if (!load) {
      const generation = this.generation;
      load = this.models.Facility.find({ type })
        .lean<FacilityDoc[]>()
        .exec()
        .then((all) => {
          const rows = all.filter((f) => !f.retired);
          if (generation === this.generation) this.types.set(type, { rows, loadedAt: Date.now() });
          return rows;
        })
        .finally(() => {
          if (this.loading.get(type) === load) this.loading.delete(type);
        });
      this.loading.set(type, load);
    }
    return load;
  }
}
