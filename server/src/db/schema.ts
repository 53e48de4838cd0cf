// Every table, for drizzle's relational queries and for drizzle-kit. Tables live in their feature modules.
export * from '../modules/orgs/orgs.table';
export * from '../modules/auth/auth.table';
export * from '../modules/audit/audit.table';
export * from '../modules/events/events.table';
export * from '../modules/applications/applications.table';
export * from '../modules/members/members.table';
