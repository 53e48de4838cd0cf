import { JOIN_EVENT_PARAM, JOIN_SCENE_PARAM, applicantOrgIdSchema, eventCodeSchema } from '@union/shared';
import type { ApiErrorCode } from '../../api/errors';
import type { UnionChoice } from '../../lib/join-draft';
import { safeDecode } from '../../lib/navigation';

/**
 * What the join page reads from its link, and shows before anyone signs in: checked with the few field schemas it
 * needs (@union/shared's fields.ts), not the application contract, which the phone step does not build.
 */

/** The stall's code: `event` in the H5 link, `scene` when WeChat opens the page from a mini-program code. */
export function eventCodeFrom(params: Record<string, string | undefined>): string | undefined {
  const raw = safeDecode(params[JOIN_EVENT_PARAM]) ?? safeDecode(params[JOIN_SCENE_PARAM]);
  const code = raw?.replace(new RegExp(`^${JOIN_EVENT_PARAM}=`), '').trim();
  return code && eventCodeSchema.safeParse(code).success ? code : undefined;
}

/** A union picked on 首页 before opening the form. */
export function orgFrom(params: Record<string, string | undefined>): UnionChoice | undefined {
  const orgId = safeDecode(params.org);
  const orgName = safeDecode(params.orgName);
  return orgId && orgName && applicantOrgIdSchema.safeParse(orgId).success ? { kind: 'org', orgId, orgName } : undefined;
}

/** The stall's event is over or unknown: the worker picks a union instead. */
export const EVENT_GONE_CODES: readonly ApiErrorCode[] = ['events.not_found', 'events.ended'];
