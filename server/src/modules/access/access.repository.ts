import { eq } from 'drizzle-orm';
import type { StaffRole } from '@union/shared';
import type { Database } from '../../db/client';
import { orgs } from '../orgs';
import { staffGrants } from './access.table';

export async function listGrants(db: Database, accountId: string) {
  return db
    .select({ role: staffGrants.role, orgId: orgs.id, orgName: orgs.name, orgCode: orgs.code, orgPath: orgs.path })
    .from(staffGrants)
    .innerJoin(orgs, eq(orgs.id, staffGrants.orgId))
    .where(eq(staffGrants.accountId, accountId))
    .orderBy(orgs.path, staffGrants.role);
}

export async function insertGrant(db: Database, values: { accountId: string; orgId: string; role: StaffRole }) {
  await db.insert(staffGrants).values(values).onConflictDoNothing();
}
