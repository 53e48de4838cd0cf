import { AppError } from '../../lib/errors';

export const accessErrors = {
  /** The account holds none of the roles the request needs (in any union, or over this one). */
  forbidden: () => new AppError('auth.forbidden'),
  /** No such grant or account in the caller's scope (another union's staff look the same as missing ones). */
  staffNotFound: () => new AppError('staff.not_found'),
  self: () => new AppError('staff.self'),
  roleTooHigh: () => new AppError('staff.role_too_high', { field: 'role' }),
  lastAdmin: () => new AppError('staff.last_admin'),
  alreadyGranted: () => new AppError('staff.already_granted', { field: 'role' }),
  invitationNotFound: () => new AppError('staff.invitation_not_found'),
  invitationExpired: () => new AppError('staff.invitation_expired'),
  invitationVoid: () => new AppError('staff.invitation_void'),
};
