import { z } from 'zod';

export const healthResponseSchema = z.object({ status: z.literal('ok'), uptime: z.number() });
export const readyResponseSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['up', 'down']),
  driver: z.enum(['pglite', 'pg']),
  /** Where nearest-first station search is answered from: the in-memory copy once loaded, else PostgreSQL. */
  stations: z.enum(['memory', 'database']),
  /**
   * The LISTEN connection that carries logouts, grant changes, the live queue and station reloads between
   * instances: `down` between a database outage and its reconnect, when this instance may miss a logout.
   */
  listen: z.enum(['up', 'down']),
  /** Set once the instance has been told to stop (SIGTERM): the load balancer should send nothing new. */
  draining: z.boolean().optional(),
});
export type ReadyResponse = z.infer<typeof readyResponseSchema>;
