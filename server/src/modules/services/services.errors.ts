import { AppError } from '../../lib/errors';
import { memberErrors } from '../members';
import { orgErrors } from '../orgs';
import { stationErrors } from '../stations';

export const serviceErrors = {
  notFound: () => new AppError('services.not_found'),
  slotNotFound: (field?: string) => new AppError('services.slot_not_found', field ? { field } : {}),
  notMember: memberErrors.notMember,
  /** The place names a rest station that does not exist. */
  stationNotFound: () => stationErrors.notFound('place.stationId'),
  orgNotFound: (field = 'orgId') => orgErrors.notFound(field),
  endsBeforeStart: () => new AppError('services.slot_ends_before_start', { field: 'endsAt' }),
  zeroLength: () => new AppError('services.slot_zero_length', { field: 'endsAt' }),
  overlap: () => new AppError('services.slot_overlap', { field: 'startsAt' }),
  inPast: () => new AppError('services.slot_in_past', { field: 'startsAt' }),
  scheduleEmpty: () => new AppError('services.schedule_empty', { field: 'weekdays' }),
  scheduleTooLarge: () => new AppError('services.schedule_too_large', { field: 'to' }),
};
