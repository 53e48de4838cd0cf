import { AppError } from '../../lib/errors';

export const orgErrors = {
  notFound: () => new AppError('orgs.not_found', { field: 'orgId' }),
  notJoinable: () => new AppError('orgs.not_joinable', { field: 'orgId' }),
};
