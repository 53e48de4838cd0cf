import type { FastifyBaseLogger } from 'fastify';
import { normalizeIdNumber, normalizeName, type IdCardOcrResponse } from '@union/shared';
import { imageFingerprint, type OcrProvider } from '../../adapters/ocr/ocr.adapter';
import { ocrErrors } from './ocr.errors';

export interface OcrServiceDeps {
  ocr: OcrProvider;
  log: FastifyBaseLogger;
}

/**
 * Reads an applicant's ID card from a photo. The photo lives in memory for this call only: it is
 * never written to the database, a file or a log (log lines carry a short fingerprint at most).
 */
export function createOcrService(deps: OcrServiceDeps) {
  return {
    async readIdCard(accountId: string, image: Buffer): Promise<IdCardOcrResponse> {
      let reading;
      try {
        reading = await deps.ocr.readIdCardFront(image);
      } catch (error) {
        deps.log.warn({ err: error, provider: deps.ocr.name, accountId, image: imageFingerprint(image), bytes: image.length }, 'ID card OCR failed');
        throw ocrErrors.failed();
      }
      if (!reading) throw ocrErrors.unreadable();
      return { name: normalizeName(reading.name), idNumber: normalizeIdNumber(reading.idNumber) };
    },
  };
}

export type OcrService = ReturnType<typeof createOcrService>;
