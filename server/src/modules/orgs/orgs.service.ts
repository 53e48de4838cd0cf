import type { OrgSettings } from '@union/shared';
import type { Database } from '../../db/client';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit/audit.repository';
import { findOrgById, listOrgsInScope, setAutoApprove } from './orgs.repository';
import { covers, loadScope, REVIEW_ROLES } from './orgs.scope';
import type { OrgRow } from './orgs.table';

const settingsDto = (o: OrgRow): OrgSettings => ({ id: o.id, name: o.name, kind: o.kind, autoApprove: o.autoApprove });

/** The unions a staffer covers, and the union admin's switch for automatic approval. */
export function createOrgsService(deps: { db: Database }) {
  const { db } = deps;
  return {
    async listForStaff(accountId: string): Promise<OrgSettings[]> {
      const scope = await loadScope(db, accountId, REVIEW_ROLES);
      return (await listOrgsInScope(db, scope)).map(settingsDto);
    },

    async setAutoApprove(accountId: string, orgId: string, autoApprove: boolean): Promise<OrgSettings> {
      const scope = await loadScope(db, accountId, ['admin', 'operator']);
      const org = await findOrgById(db, orgId);
      // Another union's settings look the same as a missing union.
      if (!org || !covers(scope, org.path)) throw new AppError('orgs.not_found', 404);
      const updated = await db.transaction(async (tx) => {
        const row = await setAutoApprove(tx, org.id, autoApprove);
        await recordAudit(tx, {
          actorAccountId: accountId,
          action: 'org.settings',
          targetType: 'org',
          targetId: org.id,
          orgId: org.id,
          detail: { autoApprove: { from: org.autoApprove, to: autoApprove } },
        });
        return row;
      });
      return settingsDto(updated);
    },
  };
}

export type OrgsService = ReturnType<typeof createOrgsService>;
