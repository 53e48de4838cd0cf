import type { Certificate, CertificateCheck } from '@union/shared';
import { formatDate } from '../../lib/dates';

/** 合格证书 for a test passed, 结业证书 for a course completed. */
export const certificateKind = (c: Pick<Certificate, 'source'>) => (c.source === 'test' ? '合格证书' : '结业证书');

/** What the certificate says the holder did, in one sentence. */
export function certificateText(c: Pick<Certificate, 'source' | 'title' | 'issuedAt'> & { score?: number | null }): string {
  const day = formatDate(c.issuedAt);
  if (c.source === 'test') return `于 ${day} 通过「${c.title}」${typeof c.score === 'number' ? `，成绩 ${c.score} 分` : ''}。`;
  return `于 ${day} 学完「${c.title}」全部课时。`;
}

/** The check's answer, as read by whoever checks it: 李*试 于 … 通过「…」。 */
export const checkText = (c: CertificateCheck) => `${c.holderName} ${certificateText(c)}`;
