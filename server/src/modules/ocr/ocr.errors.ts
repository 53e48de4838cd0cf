import { AppError } from '../../lib/errors';

export const ocrErrors = {
  failed: () => new AppError('ocr.failed'),
  unreadable: () => new AppError('ocr.unreadable'),
};
