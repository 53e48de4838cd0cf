import { AppError } from '../../lib/errors';

export const stationErrors = {
  notFound: () => new AppError('stations.not_found'),
  unknownOrgCode: (orgCode: string) => new AppError('orgs.not_found', { message: `未找到工会编码 ${orgCode}` }),
  orgNotFound: () => new AppError('orgs.not_found', { field: 'orgId' }),
  importUnreadable: () => new AppError('stations.import_unreadable'),
  importEmpty: () => new AppError('stations.import_empty'),
  importTooManyRows: () => new AppError('stations.import_too_many_rows'),
  importColumns: (missing: string[]) => new AppError('stations.import_columns', { message: `CSV 缺少必填的列：${missing.join('、')}` }),
};
