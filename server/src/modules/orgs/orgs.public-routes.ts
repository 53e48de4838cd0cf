import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orgListQuerySchema, orgListResponseSchema, type Org } from '@union/shared';
import type { Database } from '../../db/client';
import { errorResponses } from '../../lib/responses';
import { listJoinableOrgs } from './orgs.repository';
import type { OrgRow } from './orgs.table';

export function orgDto(row: OrgRow): Org {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    parentId: row.parentId,
    regionCode: row.regionCode,
    acceptsUnaffiliated: row.acceptsUnaffiliated,
    address: row.address,
  };
}

export const orgsPublicRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/orgs',
    {
      schema: {
        tags: ['orgs'],
        summary: '可加入的工会组织',
        querystring: orgListQuerySchema,
        response: { 200: orgListResponseSchema, ...errorResponses(400, 429) },
      },
    },
    async (request) => {
      const { q, near, limit } = request.query;
      const [lat, lng] = near ? near.split(',').map(Number) : [];
      const rows = await listJoinableOrgs(db, {
        q: q || undefined,
        limit,
        near: lat !== undefined && lng !== undefined ? { lat, lng } : undefined,
      });
      return { items: rows.map(orgDto) };
    },
  );
};
