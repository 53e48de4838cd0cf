import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import ActionButton from '../ActionButton';
import { BANK_CONSENT_TEXT, SERVICE_CARD_STATUS_LABELS, type MemberCard } from '@union/shared';
import ConsentCheck from '../ConsentCheck';
import { formatDate } from '../../lib/dates';
import { groupDigits } from '../../lib/labels';
import './index.scss';

interface ServiceCardPanelProps {
  serviceCard: MemberCard['serviceCard'];
  consent: boolean;
  onConsent: (checked: boolean) => void;
  /** Why the last apply failed (a missing consent or the server's message). */
  error?: string;
}

const STATUS_TAG: Record<MemberCard['serviceCard']['status'], string> = {
  none: '',
  applying: 'tag--info',
  issued: 'tag--success',
  failed: 'tag--warn',
};

/**
 * 工会会员互助服务卡: the bank-issued card. Its action (申请 / 重新申请) belongs to the page's
 * footer; this shows the state, the separate bank consent, progress and the result.
 */
export default function ServiceCardPanel({ serviceCard, consent, onConsent, error }: ServiceCardPanelProps) {
  const { status } = serviceCard;
  return (
    <View className="card service-card" data-status={status}>
      <View className="service-card__head">
        <View className="service-card__title">互助服务卡</View>
        {status !== 'none' ? <View className={`tag ${STATUS_TAG[status]} service-card__status`}>{SERVICE_CARD_STATUS_LABELS[status]}</View> : null}
      </View>

      {status === 'none' ? (
        <>
          <View className="service-card__text muted">{serviceCard.bankName}联名借记卡，是领取互助保障金和会员福利的凭证，现场即可开卡。</View>
          <ConsentCheck checked={consent} onChange={onConsent} expanded text={BANK_CONSENT_TEXT} error={error}>
            同意向合作银行提供办卡信息
          </ConsentCheck>
        </>
      ) : null}

      {status === 'applying' ? (
        <View className="service-card__progress" ariaRole="status">
          <View className="service-card__bar">
            <View className="service-card__bar-fill" />
          </View>
          <View className="service-card__text">正在由{serviceCard.bankName}办理，通常几秒钟完成，请稍候…</View>
        </View>
      ) : null}

      {status === 'issued' ? (
        <View className="service-card__issued">
          <View className="service-card__bank">{serviceCard.bankName}</View>
          <View className="service-card__no">{serviceCard.cardNo ? groupDigits(serviceCard.cardNo.replace(/\s+/g, '')) : '卡号待银行通知'}</View>
          {serviceCard.issuedAt ? <View className="service-card__text muted">{formatDate(serviceCard.issuedAt)}开卡，实体卡请到银行网点或现场领取</View> : null}
        </View>
      ) : null}

      {status === 'failed' ? (
        <>
          <View className="service-card__failed" ariaRole="alert">
            {serviceCard.failureReason ?? '银行未能办理，请稍后重试或咨询现场工作人员'}
          </View>
          <ConsentCheck checked={consent} onChange={onConsent} expanded text={BANK_CONSENT_TEXT} error={error}>
            同意向合作银行提供办卡信息
          </ConsentCheck>
        </>
      ) : null}

      {error && status !== 'none' && status !== 'failed' ? (
        <View className="service-card__failed" ariaRole="alert">
          {error}
        </View>
      ) : null}
    </View>
  );
}

interface ServiceCardActionProps {
  status: MemberCard['serviceCard']['status'];
  applying: boolean;
  onApply: () => void;
  /** What to offer once the card is issued. */
  issuedAction?: ReactNode;
}

/** The footer button that goes with the panel. */
export function ServiceCardAction({ status, applying, onApply, issuedAction }: ServiceCardActionProps) {
  if (status === 'applying') {
    return (
      <ActionButton loading loadingText="银行办理中，请稍候…">
        申请互助服务卡
      </ActionButton>
    );
  }
  if (status === 'issued') return <>{issuedAction ?? null}</>;
  return (
    <ActionButton loading={applying} loadingText="正在提交…" onClick={onApply}>
      {status === 'failed' ? '重新申请互助服务卡' : '申请互助服务卡'}
    </ActionButton>
  );
}
