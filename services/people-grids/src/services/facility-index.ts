import type { Models } from '../models/index.js';
import type { FacilityDoc } from '../models/facility.model.js';

/** How long the in-memory facility map may lag behind the database (ms). */
export const FACILITY_CACHE_MS = 30_000;

/**
 * The living map's facilities, held in memory by type and refreshed every 30 s (or at once after a
 * write through this process). Distances are computed here: FerretDB has no geo operators and
 * scans a collection for any range query, so one load serves every nearest-facility question
 * (10,000 facilities take ~2 MB).
 */
export class FacilityIndex {
  private byType = new Map<string, FacilityDoc[]>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(private readonly models: Models) {}

  /** Forgets the map: the next question reloads it (call after a write). */
  invalidate(): void {
    this.loadedAt = 0;
  }

  async ofType(type: string): Promise<FacilityDoc[]> {
    if (Date.now() - this.loadedAt > FACILITY_CACHE_MS) {
      this.loading ??= this.load().finally(() => (this.loading = null));
      await this.loading;
    }
    return this.byType.get(type) ?? [];
  }

  private async load(): Promise<void> {
    const all = await this.models.Facility.find().lean<FacilityDoc[]>().exec();
    const byType = new Map<string, FacilityDoc[]>();
    for (const f of all) byType.set(f.type, [...(byType.get(f.type) ?? []), f]);
    this.byType = byType;
    this.loadedAt = Date.now();
  }
}
