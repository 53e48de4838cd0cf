import { randomInt, randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { maskPhone, type LoginResponse, type MeResponse, type RoleGrant, type SmsResponse, type TokenPair } from '@union/shared';
import type { Config } from '../../config';
import type { Database } from '../../db/client';
import type { SmsProvider } from '../../adapters/sms/sms.adapter';
import type { WechatProvider } from '../../adapters/wechat/wechat.adapter';
import { randomToken, safeEqual, sha256, type FieldCrypto } from '../../lib/crypto';
import { authErrors } from './auth.errors';
import * as repo from './auth.repository';
import { notifySessionsRevoked, type SessionRevocations } from './auth.sessions';
import type { AccountRow } from './auth.table';

export interface AuthServiceDeps {
  db: Database;
  crypto: FieldCrypto;
  sms: SmsProvider;
  wechat: WechatProvider;
  config: Pick<Config, 'sms' | 'jwt'>;
  /** Signs an access token for the session, living `ttlSeconds`. */
  signAccessToken: (accountId: string, sessionId: string, ttlSeconds: number) => string;
  /** Whether the account holds any staff or operator grant: its logins get an absolute lifetime. */
  isStaff: (accountId: string) => Promise<boolean>;
  revocations: Pick<SessionRevocations, 'markRevoked'>;
  log: FastifyBaseLogger;
  now?: () => Date;
  /** The account's staff grants (access module). */
  grantsOf: (accountId: string) => Promise<RoleGrant[]>;
  /** The account's current membership, if any (members module). */
  membershipOf: (accountId: string) => Promise<MeResponse['membership']>;
  /** The merchants the account is a clerk of (merchants module); none when not wired. */
  merchantsOf?: (accountId: string) => Promise<MeResponse['merchants']>;
}

/** Advisory-lock key space of the per-IP SMS lock (phone locks use the one-key form: no collision possible). */
const SMS_IP_LOCK_SPACE = 7301;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

// eslint-disable-next-line max-lines-per-function -- a service factory: its methods share the module's deps, caches and writer in one closure, and each method is short
export function createAuthService(deps: AuthServiceDeps) {
  const { db, crypto, config } = deps;
  const now = deps.now ?? (() => new Date());
  const phoneHashOf = (phone: string) => crypto.blindIndex('phone', phone);
  const codeHashOf = (phoneHash: string, code: string) => crypto.blindIndex('sms-code', `${phoneHash}:${code}`);
  const beijingDay = (t: Date) => new Date(t.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
  let lastTicketSweep = 0;

  /** Access tokens never outlive an absolute session end. */
  function tokenPair(accountId: string, sessionId: string, sessionEnd: Date | null, refreshToken: string, t: Date): TokenPair {
    const left = sessionEnd ? Math.floor((sessionEnd.getTime() - t.getTime()) / 1000) : Infinity;
    const ttl = Math.max(1, Math.min(config.jwt.accessTtl, left));
    return { accessToken: deps.signAccessToken(accountId, sessionId, ttl), refreshToken, expiresIn: ttl };
  }

  function refreshExpiry(t: Date, sessionEnd: Date | null): Date {
    const byTtl = t.getTime() + config.jwt.refreshTtl * 1000;
    return new Date(sessionEnd ? Math.min(byTtl, sessionEnd.getTime()) : byTtl);
  }

  /** Staff and operators get an absolute end, decided by the grants held when the login starts. */
  async function sessionEndFor(accountId: string, t: Date): Promise<Date | null> {
    return (await deps.isStaff(accountId)) ? new Date(t.getTime() + config.jwt.staffSessionMaxAge * 1000) : null;
  }

  /** A new login: a session row whose id is also the refresh-token family and the tokens' `sid`. */
  async function startSession(account: AccountRow): Promise<TokenPair> {
    if (account.disabledAt) throw authErrors.accountDisabled();
    const t = now();
    const sessionId = randomUUID();
    const sessionEnd = await sessionEndFor(account.id, t);
    const refreshToken = randomToken();
    await db.transaction(async (tx) => {
      await repo.insertSession(tx, { id: sessionId, accountId: account.id, createdAt: t, expiresAt: sessionEnd });
      await repo.insertRefreshToken(tx, {
        accountId: account.id,
        familyId: sessionId,
        tokenHash: sha256(refreshToken),
        expiresAt: refreshExpiry(t, sessionEnd),
      });
    });
    return tokenPair(account.id, sessionId, sessionEnd, refreshToken, t);
  }

  /**
   * Revokes in one transaction that also notifies every instance on commit; this instance
   * refuses the sessions' access tokens at once, without waiting for its own notification.
   */
  async function revoke(run: (tx: Database) => Promise<string[]>): Promise<string[]> {
    const ids = await db.transaction(async (tx) => {
      const revoked = await run(tx);
      await notifySessionsRevoked(tx, revoked);
      return revoked;
    });
    deps.revocations.markRevoked(ids);
    return ids;
  }

  function accountDto(account: AccountRow): LoginResponse['account'] {
    return {
      id: account.id,
      phone: account.phoneEnc ? maskPhone(crypto.decrypt(account.phoneEnc)) : null,
      hasWechat: account.wechatOpenId !== null,
      createdAt: account.createdAt.toISOString(),
    };
  }

  /** Checks the code last sent to the phone and uses it up; the refusal to raise once the wrong try is committed. */
  async function takeCode(tx: Database, phone: string, code: string, t: Date) {
    const phoneHash = phoneHashOf(phone);
    await repo.lockKey(tx, `sms:${phoneHash}`);
    const latest = await repo.latestSmsCode(tx, phoneHash);
    if (!latest || latest.consumedAt || latest.expiresAt <= t) return authErrors.codeExpired();
    if (latest.attempts >= config.sms.maxAttempts) return authErrors.codeLocked();
    if (!safeEqual(latest.codeHash, codeHashOf(phoneHash, code))) {
      const attempts = (await repo.recordWrongAttempt(tx, latest.id)) ?? config.sms.maxAttempts;
      const left = config.sms.maxAttempts - attempts;
      return left > 0 ? authErrors.codeInvalid(left) : authErrors.codeLocked();
    }
    if (!(await repo.consumeSmsCode(tx, latest.id, t))) return authErrors.codeExpired();
    return undefined;
  }

  return {
    /**
     * Sends a 6-digit login code, throttled per phone (resend interval, daily cap), per IP (hourly cap)
     * and in total (daily cap). Locks: the phone, then the IP, then the day's counter row, always in
     * this order, so concurrent requests serialise on what they share and never deadlock.
     */
    async requestSmsCode(phone: string, ip: string): Promise<SmsResponse> {
      const phoneHash = phoneHashOf(phone);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const t = now();
      const day = beijingDay(t);
      const { id } = await db.transaction(async (tx) => {
        await repo.lockKey(tx, `sms:${phoneHash}`);
        await repo.lockKeyIn(tx, SMS_IP_LOCK_SPACE, ip);
        const last = await repo.latestSmsCode(tx, phoneHash);
        if (last) {
          const elapsed = (t.getTime() - last.createdAt.getTime()) / 1000;
          if (elapsed < config.sms.resendSeconds) throw authErrors.smsTooFrequent(Math.ceil(config.sms.resendSeconds - elapsed));
        }
        const today = await repo.countSmsForPhoneSince(tx, phoneHash, new Date(t.getTime() - 86_400_000));
        if (today >= config.sms.dailyLimitPerPhone) throw authErrors.smsDailyLimit();
        const fromIp = await repo.countSmsForIpSince(tx, ip, new Date(t.getTime() - 3_600_000));
        if (fromIp >= config.sms.hourlyLimitPerIp) throw authErrors.smsIpLimit();
        if (!(await repo.takeDailySms(tx, day, config.sms.dailyLimitTotal))) {
          deps.log.error({ day, limit: config.sms.dailyLimitTotal }, 'daily SMS cap reached: login codes refused until tomorrow');
          throw authErrors.smsGlobalLimit();
        }
        return repo.insertSmsCode(tx, {
          phoneHash,
          codeHash: codeHashOf(phoneHash, code),
          ip,
          createdAt: t,
          expiresAt: new Date(t.getTime() + config.sms.codeTtlSeconds * 1000),
        });
      });
      try {
        const sent = await deps.sms.sendLoginCode(phone, code, Math.round(config.sms.codeTtlSeconds / 60));
        return { resendAfter: config.sms.resendSeconds, expiresIn: config.sms.codeTtlSeconds, ...(sent.devCode ? { devCode: sent.devCode } : {}) };
      } catch (error) {
        deps.log.error({ err: error, provider: deps.sms.name }, 'SMS provider failed');
        // The code was never delivered: drop it so the resend interval does not punish the user.
        await db.transaction(async (tx) => {
          await repo.deleteSmsCode(tx, id);
          await repo.returnDailySms(tx, day);
        });
        throw authErrors.smsSendFailed();
      }
    },

    async loginWithSms(phone: string, code: string): Promise<LoginResponse> {
      const t = now();
      const outcome = await db.transaction(async (tx) => {
        const error = await takeCode(tx, phone, code, t);
        if (error) return { error };
        return { account: await repo.upsertAccountByPhone(tx, phoneHashOf(phone), crypto.encrypt(phone), t) };
      });
      // Wrong tries are committed before the error is raised, so they count.
      if ('error' in outcome) throw outcome.error;
      const tokens = await startSession(outcome.account);
      return { ...tokens, account: accountDto(outcome.account) };
    },

    /**
     * Checks and uses up the code last sent to `phone`, with the same tries and expiry as a login, without signing in:
     * a member proving a new phone number is theirs (members' phone change). Throws the login's errors.
     */
    async verifySmsCode(phone: string, code: string): Promise<void> {
      const error = await db.transaction((tx) => takeCode(tx, phone, code, now()));
      if (error) throw error;
    },

    /**
     * One-tap sign-in on weapp: WeChat vouches for the phone (getPhoneNumber), so it logs in to the
     * same account an SMS login with that phone would, through the same session path.
     */
    async loginWithWechatPhone(code: string): Promise<LoginResponse> {
      let phone: string;
      try {
        phone = await deps.wechat.phoneNumber(code);
      } catch (error) {
        deps.log.warn({ err: error, provider: deps.wechat.name }, 'WeChat getPhoneNumber failed');
        throw authErrors.wechatPhoneFailed();
      }
      if (!/^1[3-9]\d{9}$/.test(phone)) {
        deps.log.warn({ provider: deps.wechat.name }, 'WeChat getPhoneNumber returned a number that is not a mainland mobile');
        throw authErrors.wechatPhoneFailed();
      }
      const account = await repo.upsertAccountByPhone(db, phoneHashOf(phone), crypto.encrypt(phone), now());
      const tokens = await startSession(account);
      return { ...tokens, account: accountDto(account) };
    },

    async loginWithWechat(code: string): Promise<LoginResponse> {
      let session;
      try {
        session = await deps.wechat.code2Session(code);
      } catch (error) {
        deps.log.warn({ err: error, provider: deps.wechat.name }, 'WeChat code2Session failed');
        throw authErrors.wechatFailed();
      }
      const account = await repo.upsertAccountByOpenId(db, session.openId, session.unionId, now());
      const tokens = await startSession(account);
      return { ...tokens, account: accountDto(account) };
    },

    /**
     * Rotation: each refresh token works once; replaying a rotated one revokes the whole session,
     * access tokens included. A staff session cannot be refreshed past its absolute end.
     */
    async refresh(refreshToken: string): Promise<TokenPair> {
      const t = now();
      const stored = await repo.findRefreshToken(db, sha256(refreshToken));
      if (!stored) throw authErrors.refreshInvalid();
      const account = await repo.findAccount(db, stored.accountId);
      if (!account) throw authErrors.refreshInvalid();
      if (account.disabledAt) throw authErrors.accountDisabled();
      if (stored.revokedAt) {
        // Rotated before: someone kept a copy. (Revoked without a successor: logged out or revoked, nothing more to do.)
        if (stored.replacedById) {
          deps.log.warn({ accountId: stored.accountId, sessionId: stored.familyId }, 'refresh token reuse: revoking its session');
          await revoke((tx) => repo.revokeSession(tx, stored.familyId, t, 'refresh_reuse'));
        }
        throw authErrors.refreshInvalid();
      }
      let session = await repo.findSession(db, stored.familyId);
      if (!session) {
        // A login from before sessions existed: adopt its family as a session from now on.
        await repo.insertSession(db, { id: stored.familyId, accountId: stored.accountId, createdAt: t, expiresAt: await sessionEndFor(stored.accountId, t) });
        session = await repo.findSession(db, stored.familyId);
      }
      if (!session || session.revokedAt) throw authErrors.refreshInvalid();
      // Before the token's own expiry, which a staff session caps at its end: say why the login is over.
      if (session.expiresAt && session.expiresAt <= t) throw authErrors.sessionExpired();
      if (stored.expiresAt <= t) throw authErrors.refreshInvalid();
      const sessionEnd = session.expiresAt;
      const next = randomToken();
      const nextId = randomUUID();
      const rotated = await db.transaction(async (tx) => {
        // The conditional revoke is the arbiter: of simultaneous refreshes only one sees the row live.
        if (!(await repo.revokeRefreshToken(tx, stored.id, t, nextId))) return false;
        await repo.insertRefreshToken(tx, {
          id: nextId,
          accountId: stored.accountId,
          familyId: stored.familyId,
          tokenHash: sha256(next),
          expiresAt: refreshExpiry(t, sessionEnd),
        });
        return true;
      });
      if (!rotated) {
        await revoke((tx) => repo.revokeSession(tx, stored.familyId, t, 'refresh_reuse'));
        throw authErrors.refreshInvalid();
      }
      return tokenPair(stored.accountId, stored.familyId, sessionEnd, next, t);
    },

    /** Ends the session the access token belongs to (and the one of the refresh token sent, if another). */
    async logout(accountId: string, sessionId: string, refreshToken: string | undefined): Promise<void> {
      const t = now();
      const other = refreshToken ? await repo.findRefreshToken(db, sha256(refreshToken)) : undefined;
      await revoke(async (tx) => {
        const ids = await repo.revokeSession(tx, sessionId, t, 'logout');
        if (other && other.accountId === accountId && other.familyId !== sessionId) {
          ids.push(...(await repo.revokeSession(tx, other.familyId, t, 'logout')));
        }
        return ids;
      });
    },

    /**
     * Ends every session of the account at once, on every instance: its access tokens are refused
     * and its refresh tokens stop working. For a removed or disabled staff grant. Returns how many ended.
     */
    async revokeAllSessions(accountId: string, reason: string): Promise<number> {
      const ids = await revoke((tx) => repo.revokeAccountSessions(tx, accountId, now(), reason));
      deps.log.info({ accountId, reason, sessions: ids.length }, 'sessions revoked');
      return ids.length;
    },

    /**
     * Inside the caller's transaction (a removed grant with its audit row): ends every session of the account, and
     * disables it when asked; every instance hears it on commit. Pass the ids to `sessionsEnded` after the commit.
     */
    async endSessionsIn(tx: Database, accountId: string, reason: string, options: { disable?: boolean } = {}): Promise<string[]> {
      const t = now();
      if (options.disable) await repo.setAccountDisabled(tx, accountId, t);
      const ids = await repo.revokeAccountSessions(tx, accountId, t, reason);
      await notifySessionsRevoked(tx, ids);
      return ids;
    },

    /** This instance refuses the sessions at once, without waiting for its own notification. */
    sessionsEnded(ids: string[]): void {
      deps.revocations.markRevoked(ids);
    },

    /** Inside the caller's transaction: the account may sign in again. */
    async enableIn(tx: Database, accountId: string): Promise<void> {
      await repo.setAccountDisabled(tx, accountId, null);
    },

    /** A disabled account cannot log in or refresh, and its sessions end at once. False: no such account. */
    async disableAccount(accountId: string, reason: string): Promise<boolean> {
      const t = now();
      let found = false;
      await revoke(async (tx) => {
        found = await repo.setAccountDisabled(tx, accountId, t);
        return found ? repo.revokeAccountSessions(tx, accountId, t, reason) : [];
      });
      if (found) deps.log.info({ accountId, reason }, 'account disabled');
      return found;
    },

    /** False: no such account. */
    async enableAccount(accountId: string): Promise<boolean> {
      return repo.setAccountDisabled(db, accountId, null);
    },

    /** Records a live ticket as used; false when it was used before, on this or any instance. */
    async redeemLiveTicket(jti: string, accountId: string, expiresAt: Date): Promise<boolean> {
      // Ticket expiry is JWT time, which is the wall clock.
      const t = new Date();
      if (t.getTime() - lastTicketSweep > 600_000) {
        lastTicketSweep = t.getTime();
        await repo.deleteExpiredLiveTickets(db, new Date(t.getTime() - 60_000));
      }
      return repo.useLiveTicket(db, { jti, accountId, usedAt: t, expiresAt });
    },

    async me(accountId: string): Promise<MeResponse> {
      const account = await repo.findAccount(db, accountId);
      if (!account) throw authErrors.accountGone();
      const [grants, membership, merchants] = await Promise.all([
        deps.grantsOf(accountId),
        deps.membershipOf(accountId),
        deps.merchantsOf ? deps.merchantsOf(accountId) : Promise.resolve([]),
      ]);
      // membershipOf answers only a membership in good standing.
      const roles: MeResponse['roles'] = membership ? ['member'] : [];
      if (grants.some((g) => g.role !== 'operator')) roles.push('staff');
      if (grants.some((g) => g.role === 'operator')) roles.push('operator');
      if (merchants.length > 0) roles.push('merchant');
      // 申请人 is what an account with no other role is, not a tag for staff or a merchant's clerk.
      if (roles.length === 0) roles.push('applicant');
      return {
        account: accountDto(account),
        roles,
        grants,
        membership,
        merchants,
      };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
