import { z } from 'zod';

export const name = 'import';

/** Payload: the import job to run (an id, never personal data). */
export const payloadSchema = z.object({ importJobId: z.string().regex(/^[0-9a-f]{24}$/) });
export type Payload = z.infer<typeof payloadSchema>;
