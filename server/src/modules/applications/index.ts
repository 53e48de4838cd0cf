export { applications, applicationStatus, applicationKind, gender, workerCategory, realNameOutcome, type ApplicationRow } from './applications.table';
export { createApplicationsService, type ApplicationsService, type ApplicationChange, type MembersPort } from './applications.service';
export { applicationsRoutes } from './applications.routes';
/** How many applications each stall event brought (the events module shows it beside each event). */
export { countByEvent as countApplicationsByEvent, movePendingApplications, countPendingApplications } from './applications.repository';
