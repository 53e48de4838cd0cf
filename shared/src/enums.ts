import { z } from 'zod';

/**
 * Every closed set of values that crosses the wire or is stored, defined once. The server derives
 * its PostgreSQL enums from these arrays; schemas and labels derive from them too.
 */
export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export const APPLICATION_KINDS = ['join', 'transfer'] as const;
export const ORG_KINDS = ['federation', 'district', 'street', 'community', 'enterprise', 'industry', 'park'] as const;
export const STAFF_ROLES = ['reviewer', 'scanner', 'admin', 'operator'] as const;
export const MEMBERSHIP_STATUSES = ['active', 'retained', 'transferring', 'left'] as const;
/** A membership's history (membership_events, append-only): joined, moved, kept while out of work, back to normal, left, details changed. */
export const MEMBERSHIP_EVENT_KINDS = ['join', 'transfer_in', 'transfer_out', 'retain', 'leave', 'resume', 'profile'] as const;
/** A member's request to move to another union (转会): waiting, done, refused by the new union, objected to by the old one, withdrawn. */
export const TRANSFER_STATUSES = ['pending', 'approved', 'rejected', 'objected', 'cancelled'] as const;
export const GENDERS = ['male', 'female'] as const;
export const WORKER_CATEGORY_CODES = ['courier', 'rider', 'ride_hailing', 'truck', 'domestic', 'security', 'other'] as const;
export const REAL_NAME_OUTCOMES = ['passed', 'failed', 'unavailable', 'skipped'] as const;
/** Stored states of the bank card; the API adds `none` for a member who has not applied. */
export const SERVICE_CARD_STATES = ['applying', 'issued', 'failed'] as const;
/** What a 普惠商户 (member-discount merchant) does; drivers and riders look for these along their routes. */
export const MERCHANT_CATEGORIES = ['eatery', 'phone_repair', 'car_wash', 'vehicle_service', 'fuel', 'lodging', 'other'] as const;

/** What the union offers for booking (docs/capabilities/services-and-bookings.md). */
export const SERVICE_KINDS = ['legal_aid', 'counselling', 'course', 'event', 'childcare', 'sanatorium'] as const;
/** When a booked place frees up: the first on the waitlist gets it at once, or is offered it for a while. */
export const PROMOTION_MODES = ['direct', 'offer'] as const;
/** The calendar period (Beijing time) a per-member limit counts over. */
export const LIMIT_PERIODS = ['week', 'month', 'year', 'total'] as const;
/**
 * A booking's life: booked, or waitlisted then offered/booked; checked in at the door; cancelled by
 * the member; no_show when the slot ended without a check-in (never a cancellation); expired when an
 * offer or a waitlist place ran out unused.
 */
export const BOOKING_STATUSES = ['booked', 'waitlisted', 'offered', 'checked_in', 'cancelled', 'no_show', 'expired'] as const;
export const NOTIFICATION_KINDS = [
  'booking_confirmed',
  'booking_promoted',
  'booking_offered',
  'booking_reminder',
  'application_approved',
  'application_rejected',
  /** The union cancelled a slot: everyone booked or waiting on it is told, with the reason. */
  'booking_cancelled',
  /** To the old union's staff: one of their members asks to move elsewhere (they may object within the window). */
  'transfer_requested',
  /** To the member: the new union took them in; or it refused, or the old union objected (with the reason). */
  'transfer_approved',
  'transfer_declined',
  /** To the member: their membership ended (what they lost is in the note), or is kept while out of work. */
  'membership_left',
  'membership_retained',
  /** To the member: a clerk or staffer used their voucher (what to discount, uses left); or the union voided it. */
  'voucher_used',
  'voucher_voided',
] as const;
export const NOTIFICATION_STATES = ['pending', 'sent', 'failed'] as const;
/** Who hosts a rest station (暖心驿站): the premises lent to the union. */
export const STATION_HOST_KINDS = [
  'bank',
  'estate_agency',
  'petrol_station',
  'shop',
  'supermarket',
  'union_office',
  'community_centre',
  'courier_site',
  'other',
] as const;
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
export const membershipEventKindSchema = z.enum(MEMBERSHIP_EVENT_KINDS);
export const transferStatusSchema = z.enum(TRANSFER_STATUSES);
export type TransferStatus = z.infer<typeof transferStatusSchema>;
export const genderSchema = z.enum(GENDERS);
export type Gender = z.infer<typeof genderSchema>;
export type WorkerCategory = (typeof WORKER_CATEGORY_CODES)[number];
export const workerCategorySchema = z.enum(WORKER_CATEGORY_CODES, { error: '请选择职业类别' });
export const realNameOutcomeSchema = z.enum(REAL_NAME_OUTCOMES);
export type RealNameOutcome = z.infer<typeof realNameOutcomeSchema>;
export const serviceCardStatusSchema = z.enum(['none', ...SERVICE_CARD_STATES]);
export type ServiceCardStatus = z.infer<typeof serviceCardStatusSchema>;
export const serviceKindSchema = z.enum(SERVICE_KINDS);
export type ServiceKind = z.infer<typeof serviceKindSchema>;
export const promotionModeSchema = z.enum(PROMOTION_MODES);
export type PromotionMode = z.infer<typeof promotionModeSchema>;
export const limitPeriodSchema = z.enum(LIMIT_PERIODS);
export type LimitPeriod = z.infer<typeof limitPeriodSchema>;
export const bookingStatusSchema = z.enum(BOOKING_STATUSES);
export type BookingStatus = z.infer<typeof bookingStatusSchema>;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export const merchantCategorySchema = z.enum(MERCHANT_CATEGORIES, { error: '请选择商户类别' });
export type MerchantCategory = z.infer<typeof merchantCategorySchema>;
export const stationHostKindSchema = z.enum(STATION_HOST_KINDS);
export type StationHostKind = z.infer<typeof stationHostKindSchema>;
export const stationFacilitySchema = z.enum(STATION_FACILITIES);
export type StationFacility = z.infer<typeof stationFacilitySchema>;
export const placeKindSchema = z.enum(PLACE_KINDS);
export type PlaceKind = z.infer<typeof placeKindSchema>;
export const benefitKindSchema = z.enum(BENEFIT_KINDS);
export type BenefitKind = z.infer<typeof benefitKindSchema>;
export const benefitPeriodSchema = z.enum(BENEFIT_PERIODS);
export type BenefitPeriod = z.infer<typeof benefitPeriodSchema>;
