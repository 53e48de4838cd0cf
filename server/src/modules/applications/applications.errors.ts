import { AppError } from '../../lib/errors';

export const applicationErrors = {
  notFound: () => new AppError('applications.not_found', 404),
  duplicate: () => new AppError('applications.duplicate', 409),
  alreadyDecided: (status: string) => new AppError('applications.already_decided', 409, { extra: { status } }),
  notEditable: () => new AppError('applications.not_editable', 409),
  noUnion: () => new AppError('applications.no_union', 400, { field: 'orgId' }),
  orgNotJoinable: () => new AppError('orgs.not_joinable', 400, { field: 'orgId' }),
  orgNotFound: () => new AppError('orgs.not_found', 400, { field: 'orgId' }),
  phoneRequired: () => new AppError('applications.phone_required', 400),
  realNameFailed: () => new AppError('applications.realname_failed', 400, { field: 'idNumber' }),
};
