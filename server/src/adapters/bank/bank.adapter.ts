export interface CardApplicationInput {
  /** Our id for this request; the bank treats a repeated id as the same application (idempotency). */
  requestId: string;
  name: string;
  idNumber: string;
  phone: string;
  memberNo: string;
}

export type CardStatus = { status: 'processing' } | { status: 'issued'; cardNo: string } | { status: 'failed'; reason: string };

/** The partner bank that issues the co-branded member service card (工会会员互助服务卡). */
export interface BankProvider {
  readonly name: string;
  readonly bankName: string;
  applyCard(input: CardApplicationInput): Promise<{ bankRef: string }>;
  cardStatus(bankRef: string): Promise<CardStatus>;
}

/** How the bank is reached (BANK_* settings). */
export interface BankConfig {
  provider: 'dev' | 'http';
  bankName: string;
  apiBase: string;
  appId: string;
  appSecret: string;
  devIssueDelayMs: number;
}
