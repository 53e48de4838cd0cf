import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, idParamSchema, orgSettingsInputSchema, orgSettingsListSchema, orgSettingsSchema } from '@union/shared';
import type { Database } from '../../db/client';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit/audit.repository';
import { findOrgById } from './orgs.repository';
import { covers, inScope, loadScope, REVIEW_ROLES } from './orgs.scope';
import { orgs, type OrgRow } from './orgs.table';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const settingsDto = (o: OrgRow) => ({ id: o.id, name: o.name, kind: o.kind, autoApprove: o.autoApprove });

/** Unions a staffer covers, and the union admin's switch for automatic approval. */
export const orgsStaffRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/staff/orgs',
    { onRequest: app.authenticate, schema: { tags: ['staff'], summary: '我负责的工会（含下级）', response: { 200: orgSettingsListSchema, ...errors } } },
    async (request) => {
      const scope = await loadScope(db, request.accountId, REVIEW_ROLES);
      const rows = await db.select().from(orgs).where(inScope(scope)).orderBy(asc(orgs.path)).limit(500);
      return { items: rows.map(settingsDto) };
    },
  );

  app.patch(
    '/staff/orgs/:id',
    {
      onRequest: app.authenticate,
      schema: { tags: ['staff'], summary: '工会设置：自动审核（管理员）', params: idParamSchema, body: orgSettingsInputSchema, response: { 200: orgSettingsSchema, ...errors } },
    },
    async (request) => {
      const scope = await loadScope(db, request.accountId, ['admin', 'operator']).catch(() => {
        throw new AppError('staff.forbidden', 403);
      });
      const org = await findOrgById(db, request.params.id);
      if (!org || !covers(scope, org.path)) throw new AppError('orgs.not_found', 404);
      const updated = await db.transaction(async (tx) => {
        const [row] = await tx.update(orgs).set({ autoApprove: request.body.autoApprove }).where(and(eq(orgs.id, org.id))).returning();
        await recordAudit(tx, {
          actorAccountId: request.accountId,
          action: 'org.settings',
          targetType: 'org',
          targetId: org.id,
          orgId: org.id,
          detail: { autoApprove: { from: org.autoApprove, to: request.body.autoApprove } },
        });
        return row!;
      });
      return settingsDto(updated);
    },
  );
};
