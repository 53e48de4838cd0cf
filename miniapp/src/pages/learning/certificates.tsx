import { View } from '@tarojs/components';
import { CERTIFICATE_SOURCE_LABELS } from '@union/shared';
import { myCertificates } from '../../api/learning';
import ActionButton from '../../components/ActionButton';
import { pageGate } from '../../components/PageGate';
import Screen from '../../components/Screen';
import { EmptyState, RequestStatus } from '../../components/StateView';
import { useAuthedRequest } from '../../hooks/use-authed-request';
import { formatDate } from '../../lib/dates';
import { CERTIFICATE_VERIFY_PAGE, LEARNING_CERTIFICATE_PAGE, LEARNING_CERTIFICATES_PAGE, LEARNING_PAGE, backTo, openPage } from '../../lib/navigation';
import { certificateKind } from './certificate-text';
import './certificates.scss';

/** 我的证书: one per course completed and test passed, newest first; each opens the certificate with its code. */
export default function CertificatesPage() {
  const list = useAuthedRequest(myCertificates, LEARNING_CERTIFICATES_PAGE);
  const gate = pageGate({
    signedIn: list.signedIn,
    signedOut: { title: '登录后查看证书', description: '通过测试或学完课程获得的证书在这里查看。', returnTo: LEARNING_CERTIFICATES_PAGE },
  });
  if (gate) return gate;
  const { state } = list;
  return (
    <Screen>
      <View className="section">
        <RequestStatus state={state} loadingText="正在加载证书…" errorTitle="证书加载失败" onRetry={() => void list.run()} />
        {state.status === 'success' && state.data.length === 0 ? (
          <EmptyState
            title="还没有证书"
            description="通过一项测试，或学完一门课程的全部课时，就会获得证书。"
            action={
              <ActionButton size="small" block={false} onClick={() => backTo(LEARNING_PAGE)}>
                去学习
              </ActionButton>
            }
          />
        ) : null}
        {state.status === 'success'
          ? state.data.map((c) => (
              <View
                key={c.id}
                className="card certificate-item"
                hoverClass="certificate-item--pressed"
                ariaRole="button"
                ariaLabel={`${certificateKind(c)} ${c.title}`}
                onClick={() => openPage(`${LEARNING_CERTIFICATE_PAGE}?id=${c.id}`)}
              >
                <View className="certificate-item__title">{c.title}</View>
                <View className="certificate-item__meta muted">
                  {certificateKind(c)} · {CERTIFICATE_SOURCE_LABELS[c.source]} · {formatDate(c.issuedAt)}
                </View>
                <View className="certificate-item__meta muted">
                  {c.orgName} · 验证码 {c.code}
                </View>
              </View>
            ))
          : null}
      </View>
      <View className="section">
        <ActionButton variant="text" onClick={() => openPage(CERTIFICATE_VERIFY_PAGE)}>
          查验他人的证书
        </ActionButton>
      </View>
    </Screen>
  );
}
