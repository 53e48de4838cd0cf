import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthResponseSchema, readyResponseSchema } from '@union/shared';
import type { DatabaseHandle } from '../../db/client';

export const healthRoutes: FastifyPluginAsyncZod<{ database: DatabaseHandle; isShuttingDown: () => boolean; stationsInMemory: () => boolean }> = async (
  app,
  { database, isShuttingDown, stationsInMemory },
) => {
  app.get('/health', { logLevel: 'warn', schema: { tags: ['health'], summary: '存活检查', response: { 200: healthResponseSchema } } }, async () => ({
    status: 'ok' as const,
    uptime: Math.round(process.uptime()),
  }));

  app.get(
    '/ready',
    {
      logLevel: 'warn',
      schema: { tags: ['health'], summary: '就绪检查（含数据库）', response: { 200: readyResponseSchema, 503: readyResponseSchema } },
    },
    async (_request, reply) => {
      const draining = isShuttingDown();
      const databaseUp = await database.ping();
      const listening = database.listening();
      const ready = !draining && databaseUp && listening;
      return reply.status(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not_ready',
        database: databaseUp ? 'up' : 'down',
        driver: database.driver,
        stations: stationsInMemory() ? 'memory' : 'database',
        listen: listening ? 'up' : 'down',
        ...(draining ? { draining: true } : {}),
      });
    },
  );
};
