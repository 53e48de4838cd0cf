import type { Service, ServiceInput, ServicePatch, Slot, SlotInput, SlotSchedule, StaffRole } from '@union/shared';
import type { Database } from '../../db/client';
import { dayjs, SERVICE_TZ } from '../../lib/dates';
import { pgConstraint, pgErrorCode } from '../../lib/errors';
import { covers, type ScopeFor, type StaffScope } from '../../lib/scope';
import type { AuditPort } from '../audit';
import type { MemberStanding } from '../members';
import type { OrgLookup } from '../orgs';
import { serviceErrors } from './services.errors';
import * as repo from './services.repository';
import type { SlotRow } from './services.table';

/** Operators and the owning union's admins set services up. */
export const SERVICE_ADMIN_ROLES: readonly StaffRole[] = ['admin', 'operator'];
/** At most this many slots from one weekly schedule. */
export const MAX_GENERATED_SLOTS = 500;

type View = NonNullable<Awaited<ReturnType<typeof repo.findServiceView>>>;

export function serviceDto(v: View): Service {
  const s = v.service;
  return {
    id: s.id,
    kind: s.kind,
    orgId: s.orgId,
    orgName: v.orgName,
    title: s.title,
    description: s.description,
    place: { stationId: s.stationId, address: s.address },
    eligibleOrgId: s.eligibleOrgId,
    eligibleOrgName: v.eligibleOrgName,
    perMemberLimit: s.limitCount && s.limitPeriod ? { count: s.limitCount, period: s.limitPeriod } : null,
    allowOverlap: s.allowOverlap,
    cancelCutoffMinutes: s.cancelCutoffMinutes,
    promotion: s.promotion,
    offerHoldMinutes: s.offerHoldMinutes,
    noShowLimit: s.noShowLimit,
    active: s.active,
    nextSlotAt: v.nextSlotAt ? v.nextSlotAt.toISOString() : null,
  };
}

export function slotDto(s: SlotRow): Slot {
  return {
    id: s.id,
    serviceId: s.serviceId,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    capacity: s.capacity,
    taken: s.taken,
    remaining: Math.max(0, s.capacity - s.taken),
    waitlisted: s.waitlisted,
    cancelledAt: s.cancelledAt?.toISOString() ?? null,
    cancelReason: s.cancelReason,
  };
}

/** The foreign key decides whether a station exists, so one removed meanwhile is caught as well. */
function unknownStation(error: unknown): never {
  if (pgErrorCode(error) === '23503' && pgConstraint(error) === 'services_station_id_stations_id_fk') throw serviceErrors.stationNotFound();
  throw error;
}

export interface ServicesServiceDeps {
  db: Database;
  now?: () => Date;
  scopeFor: ScopeFor;
  findOrg: OrgLookup;
  /** The account's membership in good standing (members module); undefined for a non-member. */
  memberStanding: MemberStanding;
  audit: AuditPort;
  /** The union path of a station's owner; undefined for no such station. */
  stationOwnerPath: (id: string) => Promise<string | undefined>;
}

export function createServicesService(deps: ServicesServiceDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  async function orgInScope(scope: StaffScope, id: string, field: string) {
    const org = await deps.findOrg(db, id);
    if (!org || !covers(scope, org.path)) throw serviceErrors.orgNotFound(field);
    return org;
  }

  /** The service, if the staffer's scope covers its owner; otherwise not found, as if it did not exist. */
  async function managed(accountId: string, id: string) {
    const scope = await deps.scopeFor(accountId, SERVICE_ADMIN_ROLES);
    const view = await repo.findServiceView(db, id);
    if (!view || !covers(scope, view.orgPath)) throw serviceErrors.notFound();
    return { scope, view };
  }

  function checkRange(startsAt: Date, endsAt: Date, at: Date) {
    if (endsAt.getTime() < startsAt.getTime()) throw serviceErrors.endsBeforeStart();
    if (endsAt.getTime() === startsAt.getTime()) throw serviceErrors.zeroLength();
    if (startsAt.getTime() <= at.getTime()) throw serviceErrors.inPast();
  }

  /** Adds slots in one transaction, the service row locked so that overlap checks cannot race. */
  async function addSlots(accountId: string, view: View, ranges: { startsAt: Date; endsAt: Date; capacity: number }[]) {
    const sorted = [...ranges].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    const rows = await db.transaction(async (tx) => {
      const service = await repo.lockService(tx, view.service.id);
      if (!service) throw serviceErrors.notFound();
      if (!service.allowOverlap) {
        for (let i = 1; i < sorted.length; i++) if (sorted[i]!.startsAt < sorted[i - 1]!.endsAt) throw serviceErrors.overlap();
        for (const r of sorted) if (await repo.overlappingSlot(tx, service.id, r.startsAt, r.endsAt)) throw serviceErrors.overlap();
      }
      const inserted = await repo.insertSlots(
        tx,
        sorted.map((r) => ({ serviceId: service.id, ...r })),
      );
      await deps.audit.record(tx, {
        actorAccountId: accountId,
        action: 'service.slots_add',
        targetType: 'service',
        targetId: service.id,
        orgId: view.service.orgId,
        detail: { count: inserted.length },
      });
      return inserted;
    });
    return { items: rows.map(slotDto), created: rows.length };
  }

  /** A service is held at a station of a union the staffer covers; another union's station looks like none. */
  async function stationInScope(scope: StaffScope, stationId: string) {
    const path = await deps.stationOwnerPath(stationId);
    if (!path || !covers(scope, path)) throw serviceErrors.stationNotFound();
  }

  async function memberPathOrThrow(accountId: string) {
    const path = (await deps.memberStanding(deps.db, accountId))?.orgPath;
    if (!path) throw serviceErrors.notMember();
    return path;
  }

  return {
    async create(accountId: string, input: ServiceInput): Promise<Service> {
      const scope = await deps.scopeFor(accountId, SERVICE_ADMIN_ROLES);
      const org = await orgInScope(scope, input.orgId, 'orgId');
      const eligibleOrg = input.eligibleOrgId ? await orgInScope(scope, input.eligibleOrgId, 'eligibleOrgId') : org;
      if (input.place.stationId) await stationInScope(scope, input.place.stationId);
      const id = await db
        .transaction(async (tx) => {
          const row = await repo.insertService(tx, {
            kind: input.kind,
            orgId: org.id,
            title: input.title,
            description: input.description,
            stationId: input.place.stationId ?? null,
            address: input.place.address,
            eligibleOrgId: eligibleOrg.id,
            limitCount: input.perMemberLimit?.count ?? null,
            limitPeriod: input.perMemberLimit?.period ?? null,
            allowOverlap: input.allowOverlap ?? false,
            cancelCutoffMinutes: input.cancelCutoffMinutes ?? 120,
            promotion: input.promotion ?? 'direct',
            offerHoldMinutes: input.offerHoldMinutes ?? 30,
            noShowLimit: input.noShowLimit === undefined ? 3 : input.noShowLimit,
            createdBy: accountId,
          });
          await deps.audit.record(tx, { actorAccountId: accountId, action: 'service.create', targetType: 'service', targetId: row.id, orgId: org.id });
          return row.id;
        })
        .catch(unknownStation);
      return serviceDto((await repo.findServiceView(db, id))!);
    },

    async update(accountId: string, id: string, patch: ServicePatch): Promise<Service> {
      const { scope, view } = await managed(accountId, id);
      const eligibleOrgId = patch.eligibleOrgId ? (await orgInScope(scope, patch.eligibleOrgId, 'eligibleOrgId')).id : undefined;
      if (patch.place?.stationId) await stationInScope(scope, patch.place.stationId);
      const values: Parameters<typeof repo.updateService>[2] = {
        title: patch.title,
        description: patch.description,
        stationId: patch.place ? (patch.place.stationId ?? null) : undefined,
        address: patch.place?.address,
        eligibleOrgId,
        allowOverlap: patch.allowOverlap,
        cancelCutoffMinutes: patch.cancelCutoffMinutes,
        promotion: patch.promotion,
        offerHoldMinutes: patch.offerHoldMinutes,
        noShowLimit: patch.noShowLimit,
        active: patch.active,
      };
      if (patch.perMemberLimit !== undefined) {
        values.limitCount = patch.perMemberLimit?.count ?? null;
        values.limitPeriod = patch.perMemberLimit?.period ?? null;
      }
      await db
        .transaction(async (tx) => {
          await repo.updateService(tx, id, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)));
          await deps.audit.record(tx, {
            actorAccountId: accountId,
            action: 'service.update',
            targetType: 'service',
            targetId: id,
            orgId: view.service.orgId,
            detail: { fields: Object.keys(patch) },
          });
        })
        .catch(unknownStation);
      return serviceDto((await repo.findServiceView(db, id))!);
    },

    /** One service as its managers see it (withdrawn ones too). */
    async getManaged(accountId: string, id: string): Promise<Service> {
      return serviceDto((await managed(accountId, id)).view);
    },

    /** Slots that have not ended, for the staff page: the same figures members see, and the slots cancelled. */
    async slotsManaged(accountId: string, id: string, q: { limit: number; offset: number }) {
      await managed(accountId, id);
      return (await repo.listOpenSlots(db, id, now(), q, true)).map(slotDto);
    },

    async listManaged(accountId: string, q: { limit: number; offset: number }) {
      const scope = await deps.scopeFor(accountId, SERVICE_ADMIN_ROLES);
      return (await repo.listServicesInScope(db, scope, q)).map(serviceDto);
    },

    async addSlot(accountId: string, id: string, input: SlotInput) {
      const { view } = await managed(accountId, id);
      const startsAt = new Date(input.startsAt);
      const endsAt = new Date(input.endsAt);
      checkRange(startsAt, endsAt, now());
      return addSlots(accountId, view, [{ startsAt, endsAt, capacity: input.capacity }]);
    },

    /** Every chosen weekday between from and to (Beijing dates), at each of the times. */
    async generateSlots(accountId: string, id: string, schedule: SlotSchedule) {
      const { view } = await managed(accountId, id);
      const from = dayjs.tz(schedule.from, SERVICE_TZ);
      const to = dayjs.tz(schedule.to, SERVICE_TZ);
      if (to.isBefore(from)) throw serviceErrors.endsBeforeStart();
      if (to.diff(from, 'day') > 366) throw serviceErrors.scheduleTooLarge();
      const at = now();
      const ranges: { startsAt: Date; endsAt: Date; capacity: number }[] = [];
      const weekdays = new Set(schedule.weekdays);
      for (let day = from; !day.isAfter(to); day = day.add(1, 'day')) {
        const iso = day.day() === 0 ? 7 : day.day();
        if (!weekdays.has(iso)) continue;
        const date = day.format('YYYY-MM-DD');
        for (const time of schedule.times) {
          const startsAt = dayjs.tz(`${date} ${time.start}`, SERVICE_TZ).toDate();
          const endsAt = dayjs.tz(`${date} ${time.end}`, SERVICE_TZ).toDate();
          checkRange(startsAt, endsAt, at);
          ranges.push({ startsAt, endsAt, capacity: schedule.capacity });
          if (ranges.length > MAX_GENERATED_SLOTS) throw serviceErrors.scheduleTooLarge();
        }
      }
      if (ranges.length === 0) throw serviceErrors.scheduleEmpty();
      return addSlots(accountId, view, ranges);
    },

    /** Services the member's union may use (its eligible subtree holds the member's union). */
    async listForMember(accountId: string, q: { kind?: string; limit: number; offset: number }) {
      const path = await memberPathOrThrow(accountId);
      return (await repo.listServicesForMember(db, path, q)).map(serviceDto);
    },

    /** Open slots of a service the member may use; another union's service is not found. */
    async slotsForMember(accountId: string, id: string, q: { limit: number; offset: number }) {
      const path = await memberPathOrThrow(accountId);
      const view = await repo.findServiceForMember(db, id, path);
      if (!view) throw serviceErrors.notFound();
      return (await repo.listOpenSlots(db, id, now(), q)).map(slotDto);
    },

    async serviceForMember(accountId: string, id: string) {
      const path = await memberPathOrThrow(accountId);
      const view = await repo.findServiceForMember(db, id, path);
      if (!view) throw serviceErrors.notFound();
      return serviceDto(view);
    },
  };
}

export type ServicesService = ReturnType<typeof createServicesService>;
