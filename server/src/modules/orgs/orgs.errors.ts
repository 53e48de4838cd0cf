import { AppError } from '../../lib/errors';

export const orgErrors = {
  /** No such union (or not one the caller may use), at `field`; `message` names what was looked for. */
  notFound: (field: string | null = 'orgId', message?: string) =>
    new AppError('orgs.not_found', { ...(field ? { field } : {}), ...(message ? { message } : {}) }),
  notJoinable: () => new AppError('orgs.not_joinable', { field: 'orgId' }),
};
