import { AppError } from '../../lib/errors';
import { orgErrors } from '../orgs';

export const stationErrors = {
  notFound: (field?: string) => new AppError('stations.not_found', field ? { field } : {}),
  unknownOrgCode: (orgCode: string) => orgErrors.notFound(null, `未找到工会编码 ${orgCode}`),
  orgNotFound: () => orgErrors.notFound(),
  importUnreadable: () => new AppError('stations.import_unreadable'),
  importEmpty: () => new AppError('stations.import_empty'),
  importTooManyRows: () => new AppError('stations.import_too_many_rows'),
  importColumns: (missing: string[]) => new AppError('stations.import_columns', { message: `CSV 缺少必填的列：${missing.join('、')}` }),
};
