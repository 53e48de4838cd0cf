import { randomInt } from 'node:crypto';
import { joinLinks, type StaffRole, type StallEvent } from '@union/shared';
import type { Database } from '../../db/client';
import { isUniqueViolation } from '../../lib/errors';
import { covers, type ScopeFor, type StaffScope } from '../../lib/scope';
import { eventErrors } from './events.errors';
import * as repo from './events.repository';
import type { OrgLookup } from '../orgs';
import type { AuditPort } from '../audit';

// No 0/O, 1/I/L: staff may read a code aloud to a worker whose camera fails.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** How long after its end a stall's code still opens the form (late stragglers, slow phones). */
export const EVENT_GRACE_MS = 12 * 3_600_000;

export function newEventCode(length = 8): string {
  let code = '';
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

export function eventDto(e: repo.EventView): StallEvent {
  return {
    id: e.id,
    code: e.code,
    orgId: e.orgId,
    orgName: e.orgName,
    orgRegionCode: e.orgRegionCode,
    title: e.title,
    place: e.place,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    ...joinLinks(e.code),
    ...(e.applications !== undefined ? { applications: Number(e.applications) } : {}),
  };
}

export const EVENT_ROLES: readonly StaffRole[] = ['reviewer', 'admin', 'operator'];

export interface EventsServiceDeps {
  db: Database;
  now?: () => Date;
  scopeFor: ScopeFor;
  findOrg: OrgLookup;
  audit: AuditPort;
  /** How many applications came in through each event (applications module). */
  applicationCounts: (eventIds: string[]) => Promise<Map<string, number>>;
}

export function createEventsService(deps: EventsServiceDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async create(accountId: string, input: { orgId: string; title: string; place: string; startsAt: string; endsAt: string }) {
      const scope = await deps.scopeFor(accountId, EVENT_ROLES);
      const org = await deps.findOrg(db, input.orgId);
      // Out of scope looks the same as missing: staff learn nothing about other unions.
      if (!org || !covers(scope, org.path)) throw eventErrors.orgNotFound();
      for (let attempt = 0; ; attempt++) {
        try {
          const id = await db.transaction(async (tx) => {
            const row = await repo.insertEvent(tx, {
              code: newEventCode(),
              orgId: org.id,
              title: input.title,
              place: input.place,
              startsAt: new Date(input.startsAt),
              endsAt: new Date(input.endsAt),
              createdBy: accountId,
            });
            await deps.audit.record(tx, { actorAccountId: accountId, action: 'event.create', targetType: 'event', targetId: row.id, orgId: org.id });
            return row.id;
          });
          return eventDto({ ...(await repo.findEventById(db, id))!, applications: 0 });
        } catch (error) {
          if (isUniqueViolation(error) && attempt < 3) continue;
          throw error;
        }
      }
    },

    async list(accountId: string) {
      const scope = await deps.scopeFor(accountId, EVENT_ROLES);
      const rows = await repo.listEventsInScope(db, scope, new Date(now().getTime() - 86_400_000));
      const counts = await deps.applicationCounts(rows.map((r) => r.id));
      return rows.map((r) => eventDto({ ...r, applications: counts.get(r.id) ?? 0 }));
    },

    /** The event as a place where benefits are claimed (places module's directory); events carry no coordinates. */
    async asPlace(id: string) {
      const e = await repo.findEventById(db, id);
      return e ? { name: `${e.title}·${e.place}`, orgId: e.orgId, orgPath: e.orgPath, lat: null, lng: null } : undefined;
    },

    /** Events in the scope as places to pick for a campaign (the places module's directory). */
    async placesInScope(scope: StaffScope, q: { text?: string; limit: number; offset: number }) {
      const rows = await repo.eventPlacesInScope(db, scope, { ...q, endedAfter: now() });
      return rows.map((e) => ({ id: e.id, name: `${e.title}·${e.place}`, address: null, orgName: e.orgName }));
    },

    async byCode(code: string) {
      const event = await repo.findEventByCode(db, code.toUpperCase());
      if (!event) throw eventErrors.notFound();
      if (event.endsAt.getTime() + EVENT_GRACE_MS < now().getTime()) throw eventErrors.ended();
      return event;
    },
  };
}

export type EventsService = ReturnType<typeof createEventsService>;
