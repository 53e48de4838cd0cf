import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { startPeriodic, type PeriodicJob } from '../lib/periodic';
import { bookingJobs } from '../modules/bookings';
import { figuresFoldJob } from '../modules/figures';
import { serviceCardSyncJob } from '../modules/members';
import { notificationDispatchJob } from '../modules/notifications';
import { shortCodesCleanupJob } from '../modules/shortcodes';
import type { Services } from './services';

/** Every periodic job of an instance; an interval of 0 turns a job off. A module's new job is one line here. */
export function periodicJobs(s: Services, config: Config): PeriodicJob[] {
  return [
    serviceCardSyncJob(s.members, config.serviceCardSyncMs),
    notificationDispatchJob(s.notifications, config.notify.dispatchMs),
    bookingJobs(s.bookings, config.bookings.jobsMs),
    figuresFoldJob(s.figures, s.stationSearches, config.figuresFoldMs),
    // Short codes live as long as their QR (a member code about a minute): expired rows go every 10 minutes.
    shortCodesCleanupJob(s.shortCodes, 600_000),
    invitationsCleanupJob([s.staff.cleanUpInvitations, s.merchants.cleanUpInvitations], 3_600_000),
    // A notification of an import lost while LISTEN reconnected, or a load an error cut short, is caught here.
    { name: 'stations check', intervalMs: config.stationsMemoryMb > 0 ? 60_000 : 0, pass: () => s.stationsMemory.check() },
  ].filter((job) => job.intervalMs > 0);
}

/** A lapsed invitation (staff or clerk) shows as 已过期 this long, for the admin to send it again; then it goes. */
export const LAPSED_INVITATIONS_KEPT_DAYS = 30;

/** Each module's clean-up of its invitations that lapsed before a time (staff roles, merchant clerks). */
export function invitationsCleanupJob(cleanUps: ((before: Date) => Promise<number>)[], intervalMs: number, now = () => new Date()): PeriodicJob {
  return {
    name: 'invitations clean-up',
    intervalMs,
    pass: async () => {
      const before = new Date(now().getTime() - LAPSED_INVITATIONS_KEPT_DAYS * 86_400_000);
      for (const cleanUp of cleanUps) await cleanUp(before);
    },
  };
}

/** Starts the jobs when the app is ready; stops them (each waits for its pass in progress) before it closes. */
export function runJobs(app: FastifyInstance, jobs: PeriodicJob[]): void {
  let stops: (() => Promise<void>)[] = [];
  app.addHook('onReady', async () => {
    stops = jobs.map((job) => startPeriodic(job, { log: app.log }));
  });
  app.addHook('preClose', async () => {
    await Promise.all(stops.map((stop) => stop()));
  });
}
