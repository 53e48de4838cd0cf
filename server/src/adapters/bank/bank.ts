import type { BankConfig, BankProvider } from './bank.adapter';
import { createDevBank } from './dev-bank';
import { createHttpBank } from './http-bank';

export { luhnValid, maskCardNo } from './card-number';

/** The provider chosen by BANK_PROVIDER: the offline development bank, or the partner bank over HTTP. */
export function createBankProvider(config: BankConfig): BankProvider {
  return config.provider === 'http' ? createHttpBank(config) : createDevBank({ bankName: config.bankName, issueDelayMs: config.devIssueDelayMs });
}
