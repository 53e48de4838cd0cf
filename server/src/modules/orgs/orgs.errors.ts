import { AppError } from '../../lib/errors';

export const orgErrors = {
  /** No such union (or not one the caller may use), at `field`; `message` names what was looked for. */
  notFound: (field: string | null = 'orgId', message?: string) =>
    new AppError('orgs.not_found', { ...(field ? { field } : {}), ...(message ? { message } : {}) }),
  notJoinable: (field = 'orgId') => new AppError('orgs.not_joinable', { field }),
  codeTaken: () => new AppError('orgs.code_taken', { field: 'code' }),
  cycle: () => new AppError('orgs.cycle', { field: 'parentId' }),
  tooDeep: () => new AppError('orgs.too_deep', { field: 'parentId' }),
  closeNeedsTarget: (members: number, applications: number) => new AppError('orgs.close_needs_target', { field: 'moveTo', extra: { members, applications } }),
  hasChildren: () => new AppError('orgs.has_children'),
  closed: () => new AppError('orgs.closed'),
  importUnreadable: () => new AppError('orgs.import_unreadable', { field: 'csv' }),
};
