import { z } from 'zod';
import {
  auditListResponseSchema,
  orgCloseResponseSchema,
  orgDetailListSchema,
  orgDetailSchema,
  orgImportReportSchema,
  type OrgImportReport,
  type OrgCreate,
  type OrgDetail,
  type OrgUpdate,
  staffAccountResponseSchema,
  staffGrantSchema,
  staffInvitationListSchema,
  type StaffInvitation,
  staffListResponseSchema,
  type AuditEntryView,
  type StaffGrant,
  type StaffInvite,
  type StaffRole,
} from '@union/shared';
import { API_BASE, request } from './http';

/** The staff of the unions this admin manages (and the unions below them). */
export async function fetchStaff(orgId?: string): Promise<StaffGrant[]> {
  return (await request({ path: '/admin/staff', query: { orgId }, schema: staffListResponseSchema })).items;
}

/**
 * Sends an invitation (the person holds the role once they accept it on 我的). 404 orgs.not_found outside the admin's
 * unions, 403 staff.role_too_high / staff.self, 409 staff.already_granted.
 */
export function inviteStaff(input: StaffInvite): Promise<StaffGrant> {
  return request({ method: 'POST', path: '/admin/staff', body: input, schema: staffGrantSchema });
}

export function changeStaffRole(grantId: string, role: StaffRole): Promise<StaffGrant> {
  return request({ method: 'PATCH', path: `/admin/staff/grants/${encodeURIComponent(grantId)}`, body: { role }, schema: staffGrantSchema });
}

/** 409 staff.last_admin when the caller is the union's only admin and removes themself. */
export async function removeStaffGrant(grantId: string): Promise<void> {
  await request({ method: 'DELETE', path: `/admin/staff/grants/${encodeURIComponent(grantId)}`, schema: z.undefined() });
}

export function setStaffAccountDisabled(accountId: string, disabled: boolean) {
  return request({
    method: 'POST',
    path: `/admin/staff/accounts/${encodeURIComponent(accountId)}/${disabled ? 'disable' : 'enable'}`,
    schema: staffAccountResponseSchema,
  });
}

export interface AuditFilter {
  actorPhone?: string;
  targetPhone?: string;
  action?: string;
  from?: string;
  to?: string;
}

export function searchAudit(filter: AuditFilter, before?: string): Promise<{ items: AuditEntryView[]; next: string | null }> {
  return request({ path: '/admin/audit', query: { ...filter, before, limit: 50 }, schema: auditListResponseSchema });
}

/** The export URL with the same filters (H5 downloads it with the access token; see audit page). */
export function auditExportUrl(filter: AuditFilter): string {
  const pairs = Object.entries(filter)
    .filter(([, v]) => v)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return `${API_BASE}/admin/audit/export${pairs.length ? `?${pairs.join('&')}` : ''}`;
}

/** The template to fill in for a tree import (.xlsx with a help sheet). */
export const ORG_IMPORT_TEMPLATE_URL = `${API_BASE}/admin/orgs/import/template`;

/**
 * A tree import: a dry run reports every bad row and writes nothing; without one, all rows or none. A city's file takes
 * a while (20,000 rows: tens of seconds), so the answer is waited for up to 3 minutes.
 */
export function importOrgTree(input: { file: string; fileName: string; dryRun: boolean }): Promise<OrgImportReport> {
  return request({ method: 'POST', path: '/admin/orgs/import', body: input, schema: orgImportReportSchema, timeoutMs: 180_000 });
}

/** The union tree the admin manages, closed unions included, in tree order. */
export async function fetchOrgTree(): Promise<OrgDetail[]> {
  return (await request({ path: '/admin/orgs', schema: orgDetailListSchema })).items;
}

export function createOrg(input: OrgCreate): Promise<OrgDetail> {
  return request({ method: 'POST', path: '/admin/orgs', body: input, schema: orgDetailSchema });
}

export function updateOrg(id: string, input: OrgUpdate): Promise<OrgDetail> {
  return request({ method: 'PATCH', path: `/admin/orgs/${encodeURIComponent(id)}`, body: input, schema: orgDetailSchema });
}

/** 400 orgs.cycle below itself, orgs.too_deep past the tree's 12 levels; 404 outside the admin's unions. */
export function moveOrg(id: string, parentId: string): Promise<OrgDetail> {
  return request({ method: 'POST', path: `/admin/orgs/${encodeURIComponent(id)}/move`, body: { parentId }, schema: orgDetailSchema });
}

/** 409 orgs.close_needs_target (with members and applications) when people must go somewhere first. */
export function closeOrg(id: string, moveTo?: string) {
  return request({ method: 'POST', path: `/admin/orgs/${encodeURIComponent(id)}/close`, body: moveTo ? { moveTo } : {}, schema: orgCloseResponseSchema });
}

/** Withdraws a staff invitation (waiting or lapsed). */
export async function withdrawStaffInvitation(id: string): Promise<void> {
  await request({ method: 'DELETE', path: `/admin/staff/invitations/${encodeURIComponent(id)}`, schema: z.undefined() });
}

/** Roles offered to the signed-in person, waiting for their answer. */
export async function fetchMyStaffInvitations(): Promise<StaffInvitation[]> {
  return (await request({ path: '/me/staff-invitations', schema: staffInvitationListSchema })).items;
}

/** 404 staff.invitation_not_found (withdrawn), 409 staff.invitation_expired or staff.invitation_void. */
export async function answerStaffInvitation(id: string, accept: boolean): Promise<void> {
  await request({ method: 'POST', path: `/me/staff-invitations/${encodeURIComponent(id)}/${accept ? 'accept' : 'decline'}`, schema: z.undefined() });
}
