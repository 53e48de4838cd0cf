import { z } from 'zod';

/**
 * Every closed set of values that crosses the wire or is stored, defined once. The server derives
 * its PostgreSQL enums from these arrays; schemas and labels derive from them too.
 */
export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export const APPLICATION_KINDS = ['join', 'transfer'] as const;
export const ORG_KINDS = ['federation', 'district', 'street', 'community', 'enterprise', 'industry'] as const;
export const STAFF_ROLES = ['reviewer', 'scanner', 'admin', 'operator'] as const;
export const MEMBERSHIP_STATUSES = ['active', 'retained', 'transferring', 'left'] as const;
export const MEMBERSHIP_EVENT_KINDS = ['join', 'transfer_in', 'transfer_out', 'retain', 'leave'] as const;
export const GENDERS = ['male', 'female'] as const;
export const WORKER_CATEGORY_CODES = ['courier', 'rider', 'ride_hailing', 'truck', 'domestic', 'security', 'other'] as const;
export const REAL_NAME_OUTCOMES = ['passed', 'failed', 'unavailable', 'skipped'] as const;
/** Stored states of the bank card; the API adds `none` for a member who has not applied. */
export const SERVICE_CARD_STATES = ['applying', 'issued', 'failed'] as const;
/** Where a member scans a code to claim a benefit: a rest station, a stall event or a merchant. */
export const PLACE_KINDS = ['station', 'event', 'merchant'] as const;
export const BENEFIT_KINDS = ['voucher', 'gift', 'discount'] as const;
/** How often one member may claim a campaign; days and weeks (from Monday) on the Beijing calendar. */
export const BENEFIT_PERIODS = ['once', 'daily', 'weekly'] as const;

export const applicationStatusSchema = z.enum(APPLICATION_STATUSES);
export type ApplicationStatus = z.infer<typeof applicationStatusSchema>;
export const applicationKindSchema = z.enum(APPLICATION_KINDS);
export type ApplicationKind = z.infer<typeof applicationKindSchema>;
export const orgKindSchema = z.enum(ORG_KINDS);
export type OrgKind = z.infer<typeof orgKindSchema>;
export const staffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof staffRoleSchema>;
export const membershipStatusSchema = z.enum(MEMBERSHIP_STATUSES);
export type MembershipStatus = z.infer<typeof membershipStatusSchema>;
export type MembershipEventKind = (typeof MEMBERSHIP_EVENT_KINDS)[number];
export const genderSchema = z.enum(GENDERS);
export type Gender = z.infer<typeof genderSchema>;
export type WorkerCategory = (typeof WORKER_CATEGORY_CODES)[number];
export const workerCategorySchema = z.enum(WORKER_CATEGORY_CODES, { error: '请选择职业类别' });
export const realNameOutcomeSchema = z.enum(REAL_NAME_OUTCOMES);
export type RealNameOutcome = z.infer<typeof realNameOutcomeSchema>;
export const serviceCardStatusSchema = z.enum(['none', ...SERVICE_CARD_STATES]);
export type ServiceCardStatus = z.infer<typeof serviceCardStatusSchema>;
export const placeKindSchema = z.enum(PLACE_KINDS);
export type PlaceKind = z.infer<typeof placeKindSchema>;
export const benefitKindSchema = z.enum(BENEFIT_KINDS);
export type BenefitKind = z.infer<typeof benefitKindSchema>;
export const benefitPeriodSchema = z.enum(BENEFIT_PERIODS);
export type BenefitPeriod = z.infer<typeof benefitPeriodSchema>;
