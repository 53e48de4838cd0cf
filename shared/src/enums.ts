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
/** Who hosts a rest station (暖心驿站): the premises lent to the union. */
export const STATION_HOST_KINDS = ['bank', 'estate_agency', 'petrol_station', 'shop', 'supermarket', 'union_office', 'community_centre', 'courier_site', 'other'] as const;
/**
 * What a rest station offers. The position is the stored id (stations.facility_ids):
 * append new facilities at the end, never reorder or remove one.
 */
export const STATION_FACILITIES = [
  'water',
  'microwave',
  'phone_charging',
  'toilet',
  'ebike_charging',
  'first_aid',
  'wifi',
  'seats',
  'air_conditioning',
  'sewing_kit',
  'tyre_pump',
  'massage_chair',
  'car_charging',
  'fridge',
] as const;

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
export const stationHostKindSchema = z.enum(STATION_HOST_KINDS);
export type StationHostKind = z.infer<typeof stationHostKindSchema>;
export const stationFacilitySchema = z.enum(STATION_FACILITIES);
export type StationFacility = z.infer<typeof stationFacilitySchema>;
