export * from './errors';
export * from './auth';
export * from './health';
export * from './orgs';
export * from './validators/phone';
