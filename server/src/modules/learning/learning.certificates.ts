import { randomInt } from 'node:crypto';
import {
  formatShortCode,
  maskName,
  normalizeShortCode,
  SHORT_CODE_ALPHABET,
  SHORT_CODE_LENGTH,
  type Certificate,
  type CertificateCheck,
  type CertificateSource,
} from '@union/shared';
import type { Database } from '../../db/client';
import type { MemberStanding } from '../members';
import type { OrgLookup } from '../orgs';
import type { GuessLimiter } from '../shortcodes';
import * as repo from './learning.certificates.repository';
import { findCourse } from './learning.courses.repository';
import { learningErrors } from './learning.errors';

/** What issuing a certificate needs from elsewhere: the holder's name (their membership) and the union's name. */
export interface CertificateDeps {
  memberStanding: MemberStanding;
  findOrg: OrgLookup;
}

/** Wrong codes one IP may try in the window before every check from it waits (generous: carriers share addresses). */
export const DEFAULT_CERTIFICATE_GUESSES = { ip: 30, windowSeconds: 15 * 60 };

/** Eight characters of the short-code alphabet, at random: 32^8, about 10^12 codes. */
export function newCertificateCode(): string {
  let code = '';
  for (let i = 0; i < SHORT_CODE_LENGTH; i++) code += SHORT_CODE_ALPHABET[randomInt(SHORT_CODE_ALPHABET.length)];
  return code;
}

/**
 * Issues the member's certificate for a course completed or a test passed, inside the caller's transaction (the one
 * that completed or graded it): once per member and course or test, whatever runs in parallel (the unique index), the
 * first one kept. The holder's name is the one on their membership; without a membership (a cadre who is not a
 * member) there is no name to put on it, and none is issued.
 */
export async function issueCertificate(
  tx: Database,
  deps: CertificateDeps,
  c: { accountId: string; source: CertificateSource; sourceId: string; title: string; orgId: string; score: number | null },
  at: Date,
): Promise<void> {
  const [holder, org] = await Promise.all([deps.memberStanding(tx, c.accountId), deps.findOrg(tx, c.orgId)]);
  if (!holder || !org) return;
  for (let tries = 0; tries < 5; tries++) {
    const inserted = await repo.insertCertificate(tx, { ...c, code: newCertificateCode(), holderName: holder.name, orgName: org.name, issuedAt: at });
    // Nothing inserted: either it exists already, or (about once in 10^12) the code was taken, and another is drawn.
    if (inserted || (await repo.hasCertificate(tx, c.accountId, c.source, c.sourceId))) return;
  }
  throw new Error('no free certificate code after 5 draws');
}

/**
 * After a lesson is completed (in its transaction): when no lesson of its course is left, the course's certificate.
 * Two lessons completed at once take turns on a per-member-and-course lock, so the second sees the first.
 */
export async function certifyCourseIfDone(tx: Database, deps: CertificateDeps, accountId: string, courseId: string, at: Date): Promise<void> {
  await repo.lockCourseCompletion(tx, accountId, courseId);
  if ((await repo.lessonsLeft(tx, accountId, courseId)) > 0) return;
  const found = await findCourse(tx, courseId);
  if (!found) return;
  await issueCertificate(tx, deps, { accountId, source: 'course', sourceId: courseId, title: found.course.title, orgId: found.course.orgId, score: null }, at);
}

function certificateDto(row: repo.CertificateRow): Certificate {
  return {
    id: row.id,
    code: formatShortCode(row.code),
    source: row.source,
    title: row.title,
    holderName: row.holderName,
    orgName: row.orgName,
    score: row.score,
    issuedAt: row.issuedAt.toISOString(),
  };
}

/** 我的证书 for members, and the public check of a code (rate-limited per IP on wrong codes). */
export function createCertificates(deps: { db: Database; guesses: GuessLimiter; limits?: typeof DEFAULT_CERTIFICATE_GUESSES }) {
  const { db, guesses } = deps;
  const limits = deps.limits ?? DEFAULT_CERTIFICATE_GUESSES;
  return {
    async mine(accountId: string): Promise<Certificate[]> {
      return (await repo.certificatesOf(db, accountId)).map(certificateDto);
    },

    /** The member's own certificate; anyone else's is not found, as if it did not exist. */
    async one(accountId: string, id: string): Promise<Certificate> {
      const row = await repo.findCertificate(db, id);
      if (!row || row.accountId !== accountId) throw learningErrors.certificateNotFound();
      return certificateDto(row);
    },

    /**
     * Anyone, signed in or not, checks a code: the holder's name masked (张*三), what it is for, when, which union.
     * Wrong codes count against the IP; past the allowance every check from it waits until the window closes.
     */
    async check(typed: string, ip: string): Promise<CertificateCheck> {
      const key = `certificate-ip:${ip}`;
      const code = normalizeShortCode(typed);
      const row = await guesses.guess(
        [{ key, max: limits.ip }],
        async () => (code ? repo.certificateByCode(db, code) : undefined),
        learningErrors.certificateTooManyTries,
      );
      if (!row) throw learningErrors.certificateNotFound();
      return {
        code: formatShortCode(row.code),
        source: row.source,
        title: row.title,
        holderName: maskName(row.holderName),
        orgName: row.orgName,
        issuedAt: row.issuedAt.toISOString(),
      };
    },
  };
}

export type CertificatesService = ReturnType<typeof createCertificates>;
