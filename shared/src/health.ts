import { z } from 'zod';

export const healthResponseSchema = z.object({ status: z.literal('ok'), uptime: z.number() });
export const readyResponseSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['up', 'down']),
  driver: z.enum(['pglite', 'pg']),
  /** Where nearest-first station search is answered from: the in-memory copy once loaded, else PostgreSQL. */
  stations: z.enum(['memory', 'database']),
});
export type ReadyResponse = z.infer<typeof readyResponseSchema>;
