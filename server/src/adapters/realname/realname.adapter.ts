export interface RealNameInput {
  name: string;
  idNumber: string;
  phone: string;
}

export type RealNameResult =
  | { outcome: 'passed' }
  /** The identity does not match: the applicant must correct something. `reason` is for staff and logs. */
  | { outcome: 'failed'; reason: string }
  /** The check could not be done (provider down, quota); the application may go to manual review. */
  | { outcome: 'unavailable'; reason: string };

/** Name + ID + phone three-factor check with the mobile carrier, through a provider. */
export interface RealNameProvider {
  readonly name: string;
  verify(input: RealNameInput): Promise<RealNameResult>;
}

/** How the real-name check is reached (REALNAME_* settings). */
export interface RealNameConfig {
  provider: 'dev' | 'tencent';
  rejectIds: string[];
  tencent: { endpoint: string; secretId: string; secretKey: string; region: string };
}
