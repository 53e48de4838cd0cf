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
import type { AccountRow } from './auth.table';

export interface AuthServiceDeps {
  db: Database;
  crypto: FieldCrypto;
  sms: SmsProvider;
  wechat: WechatProvider;
  config: Pick<Config, 'sms' | 'jwt'>;
  signAccessToken: (accountId: string) => string;
  log: FastifyBaseLogger;
  now?: () => Date;
  /** The account's staff grants (access module). */
  grantsOf: (accountId: string) => Promise<RoleGrant[]>;
  /** The account's current membership, if any (members module). */
  membershipOf: (accountId: string) => Promise<MeResponse['membership']>;
}

export function createAuthService(deps: AuthServiceDeps) {
  const { db, crypto, config } = deps;
  const now = deps.now ?? (() => new Date());
  const phoneHashOf = (phone: string) => crypto.blindIndex('phone', phone);
  const codeHashOf = (phoneHash: string, code: string) => crypto.blindIndex('sms-code', `${phoneHash}:${code}`);

  async function issueTokens(accountId: string, familyId: string = randomUUID()): Promise<TokenPair> {
    const refreshToken = randomToken();
    await repo.insertRefreshToken(db, {
      accountId,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(now().getTime() + config.jwt.refreshTtl * 1000),
    });
    return { accessToken: deps.signAccessToken(accountId), refreshToken, expiresIn: config.jwt.accessTtl };
  }

  function accountDto(account: AccountRow): LoginResponse['account'] {
    return {
      id: account.id,
      phone: account.phoneEnc ? maskPhone(crypto.decrypt(account.phoneEnc)) : null,
      hasWechat: account.wechatOpenId !== null,
      createdAt: account.createdAt.toISOString(),
    };
  }

  return {
    /** Sends a 6-digit login code, throttled per phone (resend interval, daily cap) and per IP (hourly cap). */
    async requestSmsCode(phone: string, ip: string): Promise<SmsResponse> {
      const phoneHash = phoneHashOf(phone);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const t = now();
      const { id } = await db.transaction(async (tx) => {
        await repo.lockKey(tx, `sms:${phoneHash}`);
        const last = await repo.latestSmsCode(tx, phoneHash);
        if (last) {
          const elapsed = (t.getTime() - last.createdAt.getTime()) / 1000;
          if (elapsed < config.sms.resendSeconds) throw authErrors.smsTooFrequent(Math.ceil(config.sms.resendSeconds - elapsed));
        }
        const today = await repo.countSmsForPhoneSince(tx, phoneHash, new Date(t.getTime() - 86_400_000));
        if (today >= config.sms.dailyLimitPerPhone) throw authErrors.smsDailyLimit();
        const fromIp = await repo.countSmsForIpSince(tx, ip, new Date(t.getTime() - 3_600_000));
        if (fromIp >= config.sms.hourlyLimitPerIp) throw authErrors.smsIpLimit();
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
        await repo.deleteSmsCode(db, id);
        throw authErrors.smsSendFailed();
      }
    },

    async loginWithSms(phone: string, code: string): Promise<LoginResponse> {
      const phoneHash = phoneHashOf(phone);
      const t = now();
      const outcome = await db.transaction(async (tx) => {
        await repo.lockKey(tx, `sms:${phoneHash}`);
        const latest = await repo.latestSmsCode(tx, phoneHash);
        if (!latest || latest.consumedAt || latest.expiresAt <= t) return { error: authErrors.codeExpired() };
        if (latest.attempts >= config.sms.maxAttempts) return { error: authErrors.codeLocked() };
        if (!safeEqual(latest.codeHash, codeHashOf(phoneHash, code))) {
          const attempts = (await repo.recordWrongAttempt(tx, latest.id)) ?? config.sms.maxAttempts;
          const left = config.sms.maxAttempts - attempts;
          return { error: left > 0 ? authErrors.codeInvalid(left) : authErrors.codeLocked() };
        }
        if (!(await repo.consumeSmsCode(tx, latest.id, t))) return { error: authErrors.codeExpired() };
        return { account: await repo.upsertAccountByPhone(tx, phoneHash, crypto.encrypt(phone), t) };
      });
      // Wrong tries are committed before the error is raised, so they count.
      if ('error' in outcome) throw outcome.error;
      const tokens = await issueTokens(outcome.account.id);
      return { ...tokens, account: accountDto(outcome.account) };
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
      const tokens = await issueTokens(account.id);
      return { ...tokens, account: accountDto(account) };
    },

    /** Rotation: each refresh token works once; replaying a rotated one revokes the whole login. */
    async refresh(refreshToken: string): Promise<TokenPair> {
      const t = now();
      const stored = await repo.findRefreshToken(db, sha256(refreshToken));
      if (!stored) throw authErrors.refreshInvalid();
      if (stored.revokedAt) {
        deps.log.warn({ accountId: stored.accountId, familyId: stored.familyId }, 'refresh token reuse: revoking its family');
        await repo.revokeRefreshFamily(db, stored.familyId, t);
        throw authErrors.refreshInvalid();
      }
      if (stored.expiresAt <= t) throw authErrors.refreshInvalid();
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
          expiresAt: new Date(t.getTime() + config.jwt.refreshTtl * 1000),
        });
        return true;
      });
      if (!rotated) {
        await repo.revokeRefreshFamily(db, stored.familyId, t);
        throw authErrors.refreshInvalid();
      }
      return { accessToken: deps.signAccessToken(stored.accountId), refreshToken: next, expiresIn: config.jwt.accessTtl };
    },

    async logout(accountId: string, refreshToken: string | undefined): Promise<void> {
      if (!refreshToken) return;
      const stored = await repo.findRefreshToken(db, sha256(refreshToken));
      if (stored && stored.accountId === accountId) await repo.revokeRefreshFamily(db, stored.familyId, now());
    },

    async me(accountId: string): Promise<MeResponse> {
      const account = await repo.findAccount(db, accountId);
      if (!account) throw authErrors.accountGone();
      const [grants, membership] = await Promise.all([deps.grantsOf(accountId), deps.membershipOf(accountId)]);
      const roles: MeResponse['roles'] = [membership && membership.status !== 'left' ? 'member' : 'applicant'];
      if (grants.some((g) => g.role !== 'operator')) roles.push('staff');
      if (grants.some((g) => g.role === 'operator')) roles.push('operator');
      return {
        account: accountDto(account),
        roles,
        grants,
        membership,
      };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
