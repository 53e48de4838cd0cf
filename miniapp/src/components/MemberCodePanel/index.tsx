import { View } from '@tarojs/components';
import ActionButton from '../ActionButton';
import QrCode from '../QrCode';
import ShortCode from '../ShortCode';
import type { MemberCodeView } from '../../lib/member-code';
import './index.scss';

interface MemberCodePanelProps {
  view: MemberCodeView;
  onRetry: () => void;
}

/** 会员码: the QR while it is valid, with its countdown; never an expired code; a retry when the network lets us down. */
export default function MemberCodePanel({ view, onRetry }: MemberCodePanelProps) {
  return (
    <View className="member-code card">
      <View className="member-code__title">会员码</View>
      {view.phase === 'showing' ? (
        <>
          <View className="member-code__qr">
            <QrCode className="member-code__image" value={view.code} label="会员码，请出示给工作人员或商户扫描" />
          </View>
          <ShortCode code={view.shortCode} hint="扫不出时，请工作人员输入此码" />
          <View className={`member-code__status ${view.refreshing ? 'member-code__status--busy' : ''}`} ariaRole="timer">
            {view.refreshing ? '正在刷新…' : `${view.secondsLeft} 秒后自动刷新`}
          </View>
          <View className="member-code__hint muted">出示给工会工作人员或普惠商户扫码核验；截图约1分钟后失效。</View>
        </>
      ) : view.phase === 'loading' ? (
        <View className="member-code__placeholder" ariaRole="status">
          <View className="member-code__spinner" />
          <View className="muted">正在生成会员码…</View>
        </View>
      ) : (
        <View className="member-code__placeholder member-code__placeholder--error" ariaRole="alert">
          <View className="member-code__error">{view.message}</View>
          {view.retryable ? (
            <ActionButton variant="secondary" block={false} onClick={onRetry}>
              重新获取
            </ActionButton>
          ) : null}
        </View>
      )}
    </View>
  );
}
