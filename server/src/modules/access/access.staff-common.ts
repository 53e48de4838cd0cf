import { STAFF_ADMIN_ROLES, STAFF_ROLE_RANK } from '@union/shared';
import type { Database } from '../../db/client';
import { isWithin } from '../../lib/scope';
import type { AuditPort } from '../audit';
import type { OrgLookup } from '../orgs';
import type * as repo from './access.repository';

/** What the staff service needs of the auth and live modules: ending sessions and announcing grant changes. */
export interface StaffSessionsPort {
  /** Inside the transaction: ends every session of the account (disables it too when asked); every instance hears it on commit. */
  endSessionsIn(tx: Database, accountId: string, reason: string, options?: { disable?: boolean }): Promise<string[]>;
  /** After the commit: this instance refuses those sessions at once. */
  sessionsEnded(ids: string[]): void;
  /** Inside the transaction: the account may sign in again. */
  enableIn(tx: Database, accountId: string): Promise<void>;
}

export interface StaffServiceDeps {
  db: Database;
  audit: AuditPort;
  findOrg: OrgLookup;
  sessions: StaffSessionsPort;
  /** The account of a phone, created if the person has never signed in (they see the role at their first login). */
  accountByPhone(tx: Database, phone: string): Promise<{ id: string }>;
  decryptPhone(phoneEnc: string): string;
  /** Inside the transaction: every instance forgets the account's cached grants and ends its live streams on commit. */
  notifyGrantsChanged(tx: Database, accountId: string): Promise<void>;
  /** This instance forgets at once (it also hears its own notification). */
  invalidateGrants(accountId: string): void;
  /** The union the person is a member of now, if any (members' `memberStanding`). */
  membershipOf(db: Database, accountId: string): Promise<{ orgPath: string } | undefined>;
  now?: () => Date;
}

export type Grants = Awaited<ReturnType<typeof repo.listGrants>>;

/** The highest role the caller manages staff with over the union at `path`: 0 when they do not manage it. */
export function rankOver(grants: Grants, path: string): number {
  return Math.max(0, ...grants.filter((g) => STAFF_ADMIN_ROLES.includes(g.role) && isWithin(path, g.orgPath)).map((g) => STAFF_ROLE_RANK[g.role]));
}
