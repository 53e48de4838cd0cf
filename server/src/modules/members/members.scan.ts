import { maskMemberNo, maskName, type StaffRole, type StaffScanResult } from '@union/shared';
import { isAppError } from '../../lib/errors';
import { covers, type StaffScope } from '../../lib/scope';
import { isValidMembership, type MemberCodes } from './members.codes';

/** Every staff role may verify a member code; `scanner` exists for exactly this. */
export const SCAN_ROLES: readonly StaffRole[] = ['reviewer', 'scanner', 'admin', 'operator'];

export interface ScanAuditEntry {
  actorAccountId: string;
  action: string;
  targetType: string;
  targetId: string;
  orgId?: string | null;
  detail?: Record<string, unknown>;
}

export interface StaffScanDeps {
  codes: Pick<MemberCodes, 'verify'>;
  scopeOrNull: (accountId: string, roles: readonly StaffRole[]) => Promise<StaffScope | null>;
  /** Batched, fire-and-forget (audit module's batcher): a scan is a read and must stay cheap. */
  audit: { record(entry: ScanAuditEntry): void };
}

/**
 * Staff verify a member code. Staff of the member's union or a union above it see the membership status and
 * the masked member number. Staff of another union (a city-wide giveaway at a station run by another street
 * union) see only whether the member is valid, the masked name and the union, which the member's own card
 * shows them anyway: refusing them (404) would make cross-union events unworkable, and the member number and
 * status detail stay with the member's own union.
 */
export function createStaffScan(deps: StaffScanDeps) {
  return {
    async scan(accountId: string, token: string): Promise<StaffScanResult> {
      const scope = await deps.scopeOrNull(accountId, SCAN_ROLES);
      let member;
      try {
        member = await deps.codes.verify(token);
      } catch (error) {
        if (isAppError(error)) {
          deps.audit.record({
            actorAccountId: accountId,
            action: 'member_code.scan',
            targetType: 'membership',
            targetId: '-',
            detail: { outcome: error.code },
          });
        }
        throw error;
      }
      const inScope = scope ? covers(scope, member.orgPath) : false;
      const valid = isValidMembership(member.status);
      deps.audit.record({
        actorAccountId: accountId,
        action: 'member_code.scan',
        targetType: 'membership',
        targetId: member.membershipId,
        orgId: member.orgId,
        detail: { outcome: valid ? 'valid' : 'not_valid', inScope },
      });
      return {
        valid,
        inScope,
        maskedName: maskName(member.name),
        orgName: member.orgName,
        status: inScope ? member.status : null,
        memberNo: inScope ? maskMemberNo(member.memberNo) : null,
        codeExpiresAt: new Date(member.codeExpiresAt * 1000).toISOString(),
      };
    },
  };
}

export type StaffScan = ReturnType<typeof createStaffScan>;
