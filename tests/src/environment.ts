import { z } from 'zod';

/** The engines `npm test` provisioned (scripts/test.mjs sets these). The only reader of process.env here. */
export const env = z
  .object({
    MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//),
    REDIS_URL: z.string().regex(/^rediss?:\/\//),
  })
  .parse(process.env);
