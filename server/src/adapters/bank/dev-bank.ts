import { createHash, randomBytes } from 'node:crypto';
import type { BankProvider, CardStatus } from './bank.adapter';
import { luhnCheckDigit } from './card-number';

export interface DevBankOptions {
  bankName: string;
  /** How long after the application "the bank" issues the card. */
  issueDelayMs: number;
  now?: () => number;
}

/** Test BIN range for development card numbers; not a real issuer's. */
export const DEV_CARD_BIN = '622999';

/** DEV + 12 hex digits of the application time in ms + 8 random hex digits. */
const DEV_REF = /^DEV([0-9a-f]{12})([0-9a-f]{8})$/;

/** A deterministic, Luhn-valid 19-digit card number in the test BIN range for a reference. */
export function devCardNumber(bankRef: string): string {
  const hash = createHash('sha256').update(bankRef).digest();
  // 12 digits from the hash: enough spread for a demo, stable across restarts.
  const middle = (hash.readBigUInt64BE(0) % 10n ** 12n).toString().padStart(12, '0');
  const payload = DEV_CARD_BIN + middle;
  return payload + luhnCheckDigit(payload);
}

/**
 * Offline stand-in for the partner bank. Idempotent per requestId while the process lives; the
 * reference carries the application time, so card status resolves without memory (after a restart):
 * 'processing' until issueDelayMs after the application, then 'issued'. A malformed reference fails.
 */
export function createDevBank(options: DevBankOptions): BankProvider {
  const now = options.now ?? Date.now;
  const byRequest = new Map<string, string>();
  return {
    name: 'dev',
    bankName: options.bankName,
    async applyCard(input) {
      let bankRef = byRequest.get(input.requestId);
      if (!bankRef) {
        bankRef = `DEV${Math.floor(now()).toString(16).padStart(12, '0')}${randomBytes(4).toString('hex')}`;
        byRequest.set(input.requestId, bankRef);
      }
      return { bankRef };
    },
    async cardStatus(bankRef): Promise<CardStatus> {
      const match = DEV_REF.exec(bankRef);
      if (!match) return { status: 'failed', reason: 'unknown application' };
      const appliedAt = parseInt(match[1]!, 16);
      if (now() - appliedAt < options.issueDelayMs) return { status: 'processing' };
      return { status: 'issued', cardNo: devCardNumber(bankRef) };
    },
  };
}
