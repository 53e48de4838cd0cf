// Every table, for drizzle's relational queries and for drizzle-kit. Tables live in their feature modules.
export * from '../modules/orgs/orgs.table';
export * from '../modules/auth/auth.table';
