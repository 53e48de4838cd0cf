export interface SmsSendResult {
  /** Only the development provider returns the code, so that demos and tests can log in. */
  devCode?: string;
}

export interface SmsProvider {
  readonly name: string;
  sendLoginCode(phone: string, code: string, ttlMinutes: number): Promise<SmsSendResult>;
}
