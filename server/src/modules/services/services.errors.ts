import { AppError } from '../../lib/errors';

export const serviceErrors = {
  notFound: () => new AppError('services.not_found'),
  notMember: () => new AppError('members.not_member'),
  /** The place names a rest station that does not exist. */
  stationNotFound: () => new AppError('stations.not_found', { field: 'place.stationId' }),
  orgNotFound: (field = 'orgId') => new AppError('orgs.not_found', { field }),
  endsBeforeStart: () => new AppError('services.slot_ends_before_start', { field: 'endsAt' }),
  zeroLength: () => new AppError('services.slot_zero_length', { field: 'endsAt' }),
  overlap: () => new AppError('services.slot_overlap', { field: 'startsAt' }),
  inPast: () => new AppError('services.slot_in_past', { field: 'startsAt' }),
  scheduleEmpty: () => new AppError('services.schedule_empty', { field: 'weekdays' }),
  scheduleTooLarge: () => new AppError('services.schedule_too_large', { field: 'to' }),
};
