import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { DatabaseHandle } from '../db/client';
import { staffRoutes } from '../modules/access';
import { applicationsRoutes } from '../modules/applications';
import { auditRoutes } from '../modules/audit-search';
import { authRoutes } from '../modules/auth';
import { benefitsRoutes } from '../modules/benefits';
import { bookingsRoutes } from '../modules/bookings';
import { eventsRoutes } from '../modules/events';
import { figuresRoutes } from '../modules/figures';
import { healthRoutes } from '../modules/health';
import { certificatesRoutes, classesRoutes, contestRoutes, contestStaffRoutes, learningRoutes, learningStaffRoutes } from '../modules/learning';
import { liveRoutes } from '../modules/live';
import { membershipRoutes, membershipStaffRoutes, membersRoutes } from '../modules/members';
import { merchantsRoutes } from '../modules/merchants';
import { messagesRoutes } from '../modules/notifications';
import { ocrRoutes } from '../modules/ocr';
import { orgsAdminRoutes, orgsPublicRoutes, orgsStaffRoutes } from '../modules/orgs';
import { placesRoutes } from '../modules/places';
import { shortCodesRoutes } from '../modules/shortcodes';
import { servicesRoutes } from '../modules/services';
import { stationsRoutes } from '../modules/stations';
import type { Services } from './services';

/** Every route of the API, under /api/v1. A module's routes are one line here, given the services they call. */
export async function apiRoutes(api: FastifyInstance, s: Services, config: Config, database: DatabaseHandle, isShuttingDown: () => boolean) {
  await api.register(healthRoutes, { database, isShuttingDown, stationsInMemory: () => s.stationsMemory.ready });
  await api.register(authRoutes, { auth: s.auth });
  await api.register(orgsPublicRoutes, { db: database.db });
  await api.register(orgsStaffRoutes, { orgsService: s.orgs });
  await api.register(orgsAdminRoutes, { orgAdmin: s.orgAdmin });
  await api.register(staffRoutes, { staff: s.staff });
  await api.register(auditRoutes, { auditSearch: s.auditSearch });
  await api.register(figuresRoutes, { figures: s.figures });
  await api.register(eventsRoutes, { events: s.events });
  await api.register(applicationsRoutes, { applications: s.applications });
  await api.register(servicesRoutes, { services: s.services });
  await api.register(bookingsRoutes, { bookings: s.bookings });
  await api.register(membersRoutes, { members: s.members, codes: s.memberCodes, staffScan: s.staffScan });
  await api.register(membershipRoutes, { lifecycle: s.lifecycle });
  await api.register(membershipStaffRoutes, { lifecycle: s.lifecycle });
  await api.register(merchantsRoutes, { merchants: s.merchants });
  await api.register(stationsRoutes, { stations: s.stations, mapTiles: config.mapTiles });
  await api.register(placesRoutes, { places: s.places });
  await api.register(shortCodesRoutes, { shortCodes: s.shortCodes });
  await api.register(benefitsRoutes, { benefits: s.benefits });
  await api.register(messagesRoutes, { messages: s.messages });
  await api.register(learningRoutes, { learning: s.learning, points: s.points, courses: s.courses });
  await api.register(learningStaffRoutes, { learning: s.learning, courses: s.courses });
  await api.register(contestRoutes, { contests: s.contests });
  await api.register(contestStaffRoutes, { contests: s.contests });
  await api.register(classesRoutes, { classes: s.classes });
  await api.register(certificatesRoutes, { certificates: s.certificates });
  await api.register(ocrRoutes, { ocr: s.ocr });
  await api.register(liveRoutes, {
    hub: s.hub,
    liveScope: s.access.liveScope,
    sessions: s.sessions,
    grantsChanged: s.grantsChanged,
    redeemTicket: s.auth.redeemLiveTicket,
    maxStreamsPerAccount: config.live.maxStreamsPerAccount,
  });
}
