import { signedCodeKind } from '@union/shared';
import { BENEFIT_CLAIM_PAGE } from './navigation';

/** What a member's 扫一扫 does with what it read. */
export type ScannedAction = { kind: 'open'; url: string } | { kind: 'message'; message: string };

export function actionForScanned(text: string): ScannedAction {
  const found = signedCodeKind(text);
  if (!found) return { kind: 'message', message: '无法识别这个二维码，请扫描暖心驿站、活动或普惠商户的二维码' };
  if (found.kind === 'place') return { kind: 'open', url: `${BENEFIT_CLAIM_PAGE}?code=${encodeURIComponent(found.code)}` };
  if (found.kind === 'member') return { kind: 'message', message: '这是会员码，请出示给工作人员或商户扫描；会员之间不能互扫' };
  return { kind: 'message', message: '这个二维码不能在这里使用，请扫描驿站、活动或商户的二维码' };
}
