import { z } from 'zod';
import { phoneSchema } from './auth';
import { staffRoleSchema, type StaffRole } from './enums';
import { limitParam } from './paging';

/**
 * How far a role reaches: a staffer grants, changes or removes only roles no higher than their own over that
 * union. 核验员 scans codes, 审核员 reviews, 管理员 runs a union and its staff, 运营 runs the city.
 */
export const STAFF_ROLE_RANK: Record<StaffRole, number> = { scanner: 1, reviewer: 2, admin: 3, operator: 4 };

/** How long a staff invitation waits for the person to accept it on 我的 before it lapses. */
export const STAFF_INVITATION_DAYS = 7;

/** Roles that manage a union's staff and read its audit log. */
export const STAFF_ADMIN_ROLES: readonly StaffRole[] = ['admin', 'operator'];

/**
 * One role held by one person in one union (`active`), or offered to them and waiting for their answer (`invited`,
 * `expired` once it lapsed): `id` is then the invitation's, and `grantedAt`/`grantedBy` say when and by whom it was sent.
 */
export const staffGrantSchema = z.object({
  id: z.string(),
  status: z.enum(['active', 'invited', 'expired']),
  /** When an invitation lapses; null for a role held. */
  expiresAt: z.string().nullable(),
  accountId: z.string(),
  /** Masked, 138****5678; null for a WeChat-only account. */
  phone: z.string().nullable(),
  role: staffRoleSchema,
  orgId: z.string(),
  orgName: z.string(),
  grantedAt: z.string(),
  /** Masked phone of whoever granted it; null for a grant made by the seed or before this was recorded. */
  grantedBy: z.string().nullable(),
  /** The last sign-in or token refresh; null: never signed in. */
  lastActiveAt: z.string().nullable(),
  disabled: z.boolean(),
  /** The caller themself: the page offers no change of one's own role. */
  self: z.boolean(),
});
export type StaffGrant = z.infer<typeof staffGrantSchema>;

export const staffListQuerySchema = z.strictObject({
  orgId: z.uuid({ error: '工会编号格式不正确' }).optional(),
  limit: limitParam(500, 200),
});
export const staffListResponseSchema = z.object({ items: z.array(staffGrantSchema) });

export const staffInviteSchema = z.strictObject({
  phone: phoneSchema,
  orgId: z.uuid({ error: '请选择工会' }),
  role: staffRoleSchema,
});
export type StaffInvite = z.infer<typeof staffInviteSchema>;

export const staffRoleChangeSchema = z.strictObject({ role: staffRoleSchema });

export const staffAccountResponseSchema = z.object({ accountId: z.string(), disabled: z.boolean(), sessionsEnded: z.number().int() });

/** A role offered to the signed-in person, waiting for their answer on 我的. */
export const staffInvitationSchema = z.object({
  id: z.string(),
  role: staffRoleSchema,
  orgName: z.string(),
  /** Masked phone of the admin who sent it. */
  invitedBy: z.string().nullable(),
  invitedAt: z.string(),
  expiresAt: z.string(),
});
export type StaffInvitation = z.infer<typeof staffInvitationSchema>;
export const staffInvitationListSchema = z.object({ items: z.array(staffInvitationSchema) });
