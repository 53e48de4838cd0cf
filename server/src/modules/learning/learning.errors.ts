import { AppError } from '../../lib/errors';
import { memberErrors } from '../members';
import { orgErrors } from '../orgs';

export const learningErrors = {
  bankNotFound: () => new AppError('learning.bank_not_found', { field: 'bankId' }),
  bankTooSmall: () => new AppError('learning.bank_too_small', { field: 'questionCount' }),
  testNotFound: () => new AppError('learning.test_not_found'),
  notOpen: () => new AppError('learning.not_open'),
  noAttemptsLeft: () => new AppError('learning.no_attempts_left'),
  attemptNotFound: () => new AppError('learning.attempt_not_found'),
  answersInvalid: () => new AppError('learning.answers_invalid', { field: 'answers' }),
  reviewNotOpen: () => new AppError('learning.review_not_open'),
  reviewAfterClose: () => new AppError('learning.review_after_close'),
  importEmpty: () => new AppError('learning.import_empty', { field: 'csv' }),
  courseNotFound: () => new AppError('learning.course_not_found'),
  lessonNotFound: () => new AppError('learning.lesson_not_found'),
  notVideo: () => new AppError('learning.not_video'),
  readTooShort: () => new AppError('learning.read_too_short'),
  insufficientPoints: (missing: number) => new AppError('learning.insufficient_points', { message: `积分不足，还差 ${missing} 积分`, extra: { missing } }),
  certificateNotFound: () => new AppError('certificates.not_found'),
  certificateTooManyTries: (retryAfter: number) => new AppError('certificates.too_many_tries', { extra: { retryAfter } }),
  notMember: memberErrors.notMember,
  orgNotFound: () => orgErrors.notFound('orgId'),
};
